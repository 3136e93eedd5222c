package scheduler_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/scheduler"
	"github.com/dttsbot/dttsbot/storage"
)

func TestPrev(t *testing.T) {
	for _, tc := range []struct {
		spec string
		now  time.Time
		want time.Time
	}{
		{"0 8 * * *", day(2026, 10, 7, 10), day(2026, 10, 7, 8)},
		{"0 8 * * *", day(2026, 10, 7, 8), day(2026, 10, 7, 8)},
		{"0 8 * * *", day(2026, 10, 7, 7), day(2026, 10, 6, 8)},
		{"30 7 * * 1", day(2026, 10, 7, 10), time.Date(2026, 10, 5, 7, 30, 0, 0, hcm)},
		{"0 8 1 1,4,7,10 *", day(2026, 9, 30, 10), day(2026, 7, 1, 8)},
		{"0 0 29 2 *", day(2026, 10, 7, 10), day(2024, 2, 29, 0)},
		{"* * * * *", time.Date(2026, 10, 7, 10, 3, 30, 0, hcm), time.Date(2026, 10, 7, 10, 3, 0, 0, hcm)},
	} {
		s, err := scheduler.Parser.Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := scheduler.Prev(s, tc.now); !got.Equal(tc.want) {
			t.Errorf("Prev(%q, %s) = %s, want %s", tc.spec, tc.now, got, tc.want)
		}
	}
}

// counter is a job that counts its runs and can fail or panic.
type counter struct {
	mu   sync.Mutex
	runs []time.Time
	fail error
	boom bool
}

func (c *counter) job(name, spec string) scheduler.Job {
	return scheduler.Job{Name: name, Spec: spec, Run: func(ctx context.Context, at time.Time) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.runs = append(c.runs, at)
		if c.boom {
			panic("boom")
		}
		return c.fail
	}}
}

func TestRunDueOrderAndRecord(t *testing.T) {
	f := newFixture(t, day(2026, 10, 5, 0))
	f.specs = map[string]string{}
	var order []string
	mk := func(name, spec string) scheduler.Job {
		return scheduler.Job{Name: name, Spec: spec, Run: func(ctx context.Context, at time.Time) error {
			order = append(order, at.In(hcm).Format("15:04")+" "+name)
			return nil
		}}
	}
	f.extra = []scheduler.Job{mk("b", "0 9 * * *"), mk("a", "30 8,10 * * *"), mk("off", "off"), mk("empty", "")}
	f.open()
	defer f.close()
	if got := f.sched.Jobs(); !equal(got, []string{"b", "a"}) {
		t.Errorf("enabled jobs %v, want [b a]", got)
	}
	if err := f.sched.RunDue(f.ctx, day(2026, 10, 5, 8), day(2026, 10, 5, 10)); err != nil {
		t.Fatal(err)
	}
	// (from, to]: 10:30 is out, 08:00 would be out too.
	want := []string{"08:30 a", "09:00 b"}
	if !equal(order, want) {
		t.Errorf("ran %v, want %v", order, want)
	}
	// The same window again runs nothing: both runs are recorded ok.
	order = nil
	if err := f.sched.RunDue(f.ctx, day(2026, 10, 5, 8), day(2026, 10, 5, 10)); err != nil || len(order) != 0 {
		t.Errorf("second pass ran %v (err %v), want nothing", order, err)
	}
	runs, err := f.db.JobRuns(f.ctx, "a")
	if err != nil || len(runs) != 1 || runs[0].Result != storage.RunOK || runs[0].FinishedAt.IsZero() ||
		!runs[0].ScheduledFor.Equal(time.Date(2026, 10, 5, 8, 30, 0, 0, hcm)) {
		t.Errorf("runs of a = %+v (err %v), want one ok at 08:30", runs, err)
	}
}

func TestFailedAndPanickingRunsAreRecordedAndRetried(t *testing.T) {
	f := newFixture(t, day(2026, 10, 5, 7))
	f.specs = map[string]string{}
	failing, panicking := &counter{fail: errors.New("disk full")}, &counter{boom: true}
	f.extra = []scheduler.Job{failing.job("failing", "0 8 * * *"), panicking.job("panicking", "0 9 * * *")}
	f.open()
	defer f.close()
	f.now = day(2026, 10, 5, 12) // down over 08:00 and 09:00
	n, err := f.sched.CatchUp(f.ctx)
	if n != 2 || err != nil {
		t.Fatalf("catch-up = %d, %v; want 2 runs (their errors are logged and recorded)", n, err)
	}
	for name, want := range map[string]string{"failing": "disk full", "panicking": "panic: boom"} {
		runs, _ := f.db.JobRuns(f.ctx, name)
		if len(runs) != 1 || runs[0].Result != storage.RunError || !strings.Contains(runs[0].Error, want) {
			t.Errorf("runs of %s = %+v, want one error %q", name, runs, want)
		}
	}
	// A failed run is made again at the next start; once ok, never again.
	failing.fail, panicking.boom = nil, false
	f.close()
	f.open()
	if n, err := f.sched.CatchUp(f.ctx); n != 2 || err != nil {
		t.Fatalf("catch-up after failures = %d, %v; want 2", n, err)
	}
	if n, _ := f.sched.CatchUp(f.ctx); n != 0 {
		t.Errorf("catch-up after success made %d runs, want 0", n)
	}
	if len(failing.runs) != 2 || !failing.runs[0].Equal(day(2026, 10, 5, 8)) || !failing.runs[1].Equal(day(2026, 10, 5, 8)) {
		t.Errorf("failing ran at %v, want twice for 08:00", failing.runs)
	}
	if ran, err := f.sched.RunJob(f.ctx, "failing", day(2026, 10, 5, 8)); ran || err != nil {
		t.Errorf("RunJob of a recorded run = %v, %v; want not run", ran, err)
	}
}

// TestCrashAfterQueueingSendsNothingTwice: the reminder job queues its
// messages and the bot dies before the run is recorded ok. The run is
// made again at start; the dedup keys keep every reminder single.
func TestCrashAfterQueueingSendsNothingTwice(t *testing.T) {
	f := newFixture(t, day(2026, 10, 7, 7))
	f.specs = map[string]string{}
	crash := true
	// The reminder job of the current instance, killed after it queued.
	f.extra = []scheduler.Job{{Name: "report_reminders", Spec: "0 8 * * *", Run: func(ctx context.Context, at time.Time) error {
		if err := f.deps.ReportReminders("").Run(ctx, at); err != nil {
			return err
		}
		if crash {
			panic("killed after queueing")
		}
		return nil
	}}}
	f.open()
	defer f.close()
	f.officer("telegram", "101", "kinhte")
	f.officer("zalo", "102", "kinhte")
	f.now = day(2026, 10, 7, 9)
	if err := f.sched.RunDue(f.ctx, day(2026, 10, 7, 7), f.now); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("RunDue = %v, want the crash", err)
	}
	runs, _ := f.db.JobRuns(f.ctx, "report_reminders")
	if len(runs) != 1 || runs[0].Result != storage.RunError {
		t.Fatalf("runs %+v, want one failed run", runs)
	}
	crash = false
	f.close()
	f.open()
	if n, err := f.sched.CatchUp(f.ctx); n != 1 || err != nil {
		t.Fatalf("catch-up = %d, %v; want the failed run made again", n, err)
	}
	f.deliver()
	for _, chat := range []string{"telegram:101", "zalo:102"} {
		if got := f.days(chat, "remind:"); !equal(got, []string{"2026-10-07"}) {
			t.Errorf("reminders to %s on %v, want exactly one on 2026-10-07", chat, got)
		}
	}
	depth, _ := f.db.OutboxDepth(f.ctx)
	if depth != 0 {
		t.Errorf("%d messages still pending", depth)
	}
}

// TestStartCatchesUpAndStops runs the cron path: Start catches up in the
// background and Stop waits for it. No wall clock is awaited.
func TestStartCatchesUpAndStops(t *testing.T) {
	f := newFixture(t, time.Now().Add(-2*time.Hour))
	f.specs = map[string]string{}
	c := &counter{}
	f.extra = []scheduler.Job{c.job("hourly", "0 * * * *")}
	f.open() // first start two hours ago
	defer f.close()
	f.now = time.Now()
	woke := 0
	f.sched.AfterRun = func(string) { woke++ }
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	f.sched.Start(ctx)
	f.sched.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.runs) < 1 || woke < 1 {
		t.Errorf("after Start/Stop: %d runs, %d wake-ups; want the caught-up run and a wake-up", len(c.runs), woke)
	}
}

func TestNewRejects(t *testing.T) {
	j := scheduler.Job{Name: "x", Spec: "0 8 * * *", Run: func(context.Context, time.Time) error { return nil }}
	bad := j
	bad.Spec = "every day"
	for _, jobs := range [][]scheduler.Job{{bad}, {j, j}} {
		if _, err := scheduler.New(nil, hcm, nil, jobs); err == nil {
			t.Errorf("New(%v) accepted", jobs)
		}
	}
}

// TestFirstStartCatchesUpNothing: on a new database nothing was missed, so
// the first start sends no old review, digest or reminder.
func TestFirstStartCatchesUpNothing(t *testing.T) {
	f := newFixture(t, day(2026, 10, 7, 10))
	f.specs = realSpecs
	f.open()
	defer f.close()
	f.officer("telegram", "101", "kinhte")
	f.admin("telegram", "1")
	if n, err := f.sched.CatchUp(f.ctx); n != 0 || err != nil {
		t.Errorf("first catch-up made %d runs (err %v), want 0", n, err)
	}
	f.deliver()
	if len(f.sent) != 0 {
		t.Errorf("first start sent %+v", f.sent)
	}
}
