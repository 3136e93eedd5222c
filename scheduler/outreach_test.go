package scheduler

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

var hanoi = func() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return l
}()

type env struct {
	t   *testing.T
	db  *storage.DB
	now time.Time
	d   OutreachDeps
}

func newEnv(t *testing.T, now time.Time) *env {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, db: db, now: now}
	db.Now = func() time.Time { return e.now }
	e.d = OutreachDeps{DB: db, Loc: hanoi, QuietFrom: 21 * 60, QuietTo: 7 * 60,
		VacancyReminder: "Nhắc: %s, hạn %s, liên hệ %s, số %d"}
	return e
}

// subscribers makes n subscribed residents (telegram chats 1..n) and
// returns their person ids.
func (e *env) subscribers(n int) []int64 {
	var ids []int64
	for i := 1; i <= n; i++ {
		p, err := e.db.EnsurePerson(context.Background(), "telegram", strconv.Itoa(i), "", "")
		if err != nil {
			e.t.Fatal(err)
		}
		if err := e.db.GiveConsent(context.Background(), p.ID, "v1"); err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	return ids
}

// run runs a job for local time "2006-01-02 15:04" with the clock there.
func (e *env) run(j Job, local string) {
	e.t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", local, hanoi)
	if err != nil {
		e.t.Fatal(err)
	}
	e.now = at
	if err := j.Run(context.Background(), at); err != nil {
		e.t.Fatalf("%s at %s: %v", j.Name, local, err)
	}
}

// pending counts the pending messages and those due now.
func (e *env) pending() (all, due int) {
	all, _ = e.db.OutboxDepth(context.Background())
	ms, _ := e.db.DueOutbox(context.Background(), "telegram", 100000, nil)
	return all, len(ms)
}

func TestOutreachJobOneOff(t *testing.T) {
	e := newEnv(t, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	e.subscribers(3)
	at := time.Date(2026, 10, 15, 8, 0, 0, 0, hanoi)
	id, _, err := e.db.CreateAnnouncement(context.Background(), storage.Announcement{Body: "Họp dân",
		Audience: storage.Audience{Kind: storage.AudienceAll}, SendAt: at}, nil)
	if err != nil {
		t.Fatal(err)
	}
	j := OutreachJob(e.d)
	e.run(j, "2026-10-15 07:59")
	if n, _ := e.pending(); n != 0 {
		t.Fatalf("queued %d before send_at", n)
	}
	e.run(j, "2026-10-15 08:00")
	e.run(j, "2026-10-15 08:00") // a re-run never doubles
	e.run(j, "2026-10-15 08:01")
	if all, due := e.pending(); all != 3 || due != 3 {
		t.Errorf("pending %d (due %d), want 3 (3)", all, due)
	}
	a, _ := e.db.Announcement(context.Background(), id)
	if a.Status != storage.AnnQueued {
		t.Errorf("status = %q, want queued", a.Status)
	}
	ms, _ := e.db.DueOutbox(context.Background(), "telegram", 10, nil)
	r, _ := bot.DecodeReply(ms[0].Payload)
	if r.Text != "Họp dân" || ms[0].Priority != 1 || ms[0].AnnouncementID != id ||
		!strings.HasPrefix(ms[0].DedupKey, "ann:"+strconv.FormatInt(id, 10)+":telegram:") {
		t.Errorf("message = %+v (%q)", ms[0], r.Text)
	}
}

func TestOutreachJobCronOccurrencesAndCatchUp(t *testing.T) {
	e := newEnv(t, time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC)) // Monday 07:00 in Hà Nội
	e.subscribers(2)
	if _, _, err := e.db.CreateAnnouncement(context.Background(), storage.Announcement{Body: "Tin tuần",
		Audience: storage.Audience{Kind: storage.AudienceAll}, Schedule: "0 8 * * 1"}, nil); err != nil {
		t.Fatal(err)
	}
	j := OutreachJob(e.d)
	for _, tc := range []struct {
		at   string
		want int // messages in the outbox so far
	}{
		{"2026-09-07 07:59", 0},
		{"2026-09-07 08:00", 2},
		{"2026-09-07 08:00", 2}, // re-run
		{"2026-09-07 08:01", 2},
		{"2026-09-10 08:00", 2}, // Thursday
		{"2026-09-14 08:00", 4}, // next Monday
		{"2026-09-14 08:00", 4},
		// down for three weeks: the missed Mondays are sent once, not thrice
		{"2026-10-05 08:30", 6},
		{"2026-10-05 09:00", 6},
	} {
		e.run(j, tc.at)
		if n, _ := e.db.OutboxCounts(context.Background(), 1); n[storage.OutPending] != tc.want {
			t.Errorf("after the run at %s: %d messages, want %d", tc.at, n[storage.OutPending], tc.want)
		}
	}
}

func TestOutreachJobQuietHours(t *testing.T) {
	e := newEnv(t, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
	ids := e.subscribers(3)
	if err := e.db.SetRole(context.Background(), ids[0], storage.RoleOfficer, 0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.db.CreateAnnouncement(context.Background(), storage.Announcement{Body: "Tối",
		Audience: storage.Audience{Kind: storage.AudienceAll}, SendAt: time.Date(2026, 9, 1, 22, 0, 0, 0, hanoi)}, nil); err != nil {
		t.Fatal(err)
	}
	e.run(OutreachJob(e.d), "2026-09-01 22:00")
	if all, due := e.pending(); all != 3 || due != 1 {
		t.Errorf("at 22:00: pending %d, due %d; want 3 and only the officer due", all, due)
	}
	e.now = time.Date(2026, 9, 2, 6, 59, 0, 0, hanoi)
	if _, due := e.pending(); due != 1 {
		t.Errorf("at 06:59: %d due, want 1", due)
	}
	e.now = time.Date(2026, 9, 2, 7, 0, 0, 0, hanoi)
	if _, due := e.pending(); due != 3 {
		t.Errorf("at 07:00: %d due, want 3", due)
	}
}

func TestVacancyReminders(t *testing.T) {
	e := newEnv(t, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	ctx := context.Background()
	ids := e.subscribers(3)
	vid, _ := e.db.CreateVacancy(ctx, storage.Vacancy{Position: "Công chức", Quota: 1, Contact: "UBND xã",
		Deadline: time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)})
	late, _ := e.db.CreateVacancy(ctx, storage.Vacancy{Position: "Viên chức", Quota: 1,
		Deadline: time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)})
	closed, _ := e.db.CreateVacancy(ctx, storage.Vacancy{Position: "Đã đóng", Quota: 1,
		Deadline: time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)})
	for _, pid := range ids {
		for _, v := range []int64{vid, closed} {
			if _, err := e.db.AddLead(ctx, v, pid, "", ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.db.CloseVacancy(ctx, closed, 0)
	e.db.OptOut(ctx, ids[2]) // opted out: no reminder
	j := VacancyReminderJob(e.d)
	e.run(j, "2026-10-06 08:00")
	if all, _ := e.pending(); all != 0 {
		t.Fatalf("4 days before: %d reminders, want 0", all)
	}
	e.run(j, "2026-10-07 08:00")
	e.run(j, "2026-10-07 08:00")
	e.run(j, "2026-10-08 08:00")
	all, _ := e.pending()
	if all != 2 {
		t.Fatalf("reminders = %d, want 2 (once per interested, subscribed resident)", all)
	}
	ms, _ := e.db.DueOutbox(ctx, "telegram", 10, nil)
	r, _ := bot.DecodeReply(ms[0].Payload)
	if r.Text != "Nhắc: Công chức, hạn 10/10/2026, liên hệ UBND xã, số "+strconv.FormatInt(vid, 10) ||
		ms[0].DedupKey != "vac:"+strconv.FormatInt(vid, 10)+":"+strconv.FormatInt(ids[0], 10) {
		t.Errorf("reminder = %q, key %q", r.Text, ms[0].DedupKey)
	}
	// A lead who came after the third day before is still reminded once.
	if _, err := e.db.AddLead(ctx, late, ids[0], "", ""); err != nil {
		t.Fatal(err)
	}
	e.run(j, "2026-10-08 08:00")
	e.run(j, "2026-10-09 08:00")
	if all, _ := e.pending(); all != 3 {
		t.Errorf("reminders = %d, want 3", all)
	}
}

func TestOutreachJobsList(t *testing.T) {
	js := OutreachJobs(OutreachDeps{}, map[string]string{})
	if len(js) != 2 || js[0].Name != JobOutreach || js[1].Name != JobVacancyReminders || js[0].Spec != "* * * * *" || js[1].Spec != "0 8 * * *" {
		t.Errorf("OutreachJobs with defaults = %+v", js)
	}
	js = OutreachJobs(OutreachDeps{}, map[string]string{JobOutreach: "*/5 * * * *", JobVacancyReminders: "off"})
	if len(js) != 1 || js[0].Spec != "*/5 * * * *" {
		t.Errorf("OutreachJobs with config = %+v", js)
	}
}
