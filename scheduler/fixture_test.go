package scheduler_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/scheduler"
	"github.com/dttsbot/dttsbot/storage"
)

// realSpecs are the default specs of cmd/dttsbot/config.go (schedules.*)
// for the jobs of this package.
var realSpecs = map[string]string{
	"report_reminders":   "0 8 * * *",
	"overdue":            "5 8 * * *",
	"data_review":        "0 8 1 1,4,7,10 *",
	"training_reminders": "0 16 * * *",
	"backup":             "30 2 * * *",
	"weekly_digest":      "30 7 * * 1",
}

var hcm = mustLoc("Asia/Ho_Chi_Minh")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// day is a local calendar day at a given hour.
func day(y int, m time.Month, d, hour int) time.Time { return time.Date(y, m, d, hour, 0, 0, 0, hcm) }

// sent is one message the fake senders delivered.
type sent struct {
	day     string // yyyy-mm-dd (local) of the step that queued it
	channel string
	chat    string
	key     string
	text    string
}

// fixture is a bot database on a real SQLite file, a scheduler over it
// with the real specs, and a clock the test walks.
type fixture struct {
	t        *testing.T
	ctx      context.Context
	path     string
	now      time.Time
	deadline string
	holidays []string
	specs    map[string]string
	extra    []scheduler.Job
	backups  string
	keep     int

	db    *storage.DB
	deps  *scheduler.Deps
	sched *scheduler.Scheduler
	sent  []sent
}

func newFixture(t *testing.T, start time.Time) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{t: t, ctx: context.Background(), path: filepath.Join(dir, "bot.db"), now: start, deadline: "10-10",
		specs: map[string]string{}, backups: filepath.Join(dir, "backups"), keep: 3}
	for k, v := range realSpecs {
		f.specs[k] = v
	}
	f.specs["backup"] = "off" // the backup test turns it on
	return f
}

// open opens the database and builds a new scheduler, as a start does.
func (f *fixture) open() {
	t := f.t
	db, err := storage.Open(f.ctx, f.path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	db.Now = func() time.Time { return f.now }
	p := plan.Default()
	p.Deadline = f.deadline // as loadPlan applies reporting.deadline
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead, Duties: u.Duties})
	}
	if err := db.SavePlan(f.ctx, p.Commune, "built-in", plan.DefaultYAML(), units); err != nil {
		t.Fatalf("save plan: %v", err)
	}
	cal, err := scheduler.NewCalendar(hcm, f.holidays)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.db = db
	f.deps = &scheduler.Deps{DB: db, Plan: p, Calendar: cal, Log: log, Now: func() time.Time { return f.now },
		RemindDaysBefore: []int{14, 7, 3, 1, 0}, OverdueEveryDays: 2, BackupDir: f.backups, BackupKeep: f.keep}
	jobs := append(scheduler.Builtin(f.deps, f.specs), f.extra...)
	f.sched, err = scheduler.New(db, hcm, log, jobs)
	if err != nil {
		t.Fatalf("scheduler: %v", err)
	}
	f.sched.Now = func() time.Time { return f.now }
	// As Start does: the first start on a database is remembered.
	if _, err := db.SchedulerSince(f.ctx); err != nil {
		t.Fatal(err)
	}
}

// close stops the "bot": the database is closed, the scheduler dropped.
func (f *fixture) close() {
	if f.db != nil {
		f.db.Close()
		f.db, f.sched = nil, nil
	}
}

// walk moves the clock from the current time to end in steps, running the
// jobs due in each step and delivering what they queued.
func (f *fixture) walk(end time.Time, step time.Duration) {
	f.t.Helper()
	for f.now.Before(end) {
		from := f.now
		f.now = from.Add(step)
		if err := f.sched.RunDue(f.ctx, from, f.now); err != nil {
			f.t.Fatalf("run due (%s, %s]: %v", from, f.now, err)
		}
		f.deliver()
	}
}

// deliver plays the senders: every pending message is recorded and marked
// sent.
func (f *fixture) deliver() {
	f.t.Helper()
	for _, ch := range []string{"telegram", "zalo"} {
		msgs, err := f.db.DueOutbox(f.ctx, ch, 10000, nil)
		if err != nil {
			f.t.Fatal(err)
		}
		for _, m := range msgs {
			r, err := bot.DecodeReply(m.Payload)
			if err != nil {
				f.t.Fatalf("payload of %d: %v", m.ID, err)
			}
			f.sent = append(f.sent, sent{day: f.now.Add(-time.Nanosecond).In(hcm).Format("2006-01-02"), channel: m.Channel, chat: m.ChatID, key: m.DedupKey, text: r.Text})
			if err := f.db.MarkSent(f.ctx, m.ID); err != nil {
				f.t.Fatal(err)
			}
		}
	}
}

// days lists the days on which chat got messages whose key starts with prefix.
func (f *fixture) days(chat, prefix string) []string {
	var out []string
	for _, s := range f.sent {
		if s.channel+":"+s.chat == chat && strings.HasPrefix(s.key, prefix) {
			out = append(out, s.day)
		}
	}
	return out
}

// find lists the messages to chat whose key starts with prefix.
func (f *fixture) find(chat, prefix string) []sent {
	var out []sent
	for _, s := range f.sent {
		if s.channel+":"+s.chat == chat && strings.HasPrefix(s.key, prefix) {
			out = append(out, s)
		}
	}
	return out
}

func (f *fixture) unit(code string) storage.Unit {
	u, err := f.db.UnitByCode(f.ctx, code)
	if err != nil {
		f.t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

// officer makes channel:id an officer of a unit.
func (f *fixture) officer(channel, id, unitCode string) {
	f.t.Helper()
	p, err := f.db.EnsurePerson(f.ctx, channel, id, "Cán bộ "+id, id)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.db.SetRole(f.ctx, p.ID, storage.RoleOfficer, f.unit(unitCode).ID); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) admin(channel, id string) {
	if _, err := f.db.MakeAdmin(f.ctx, channel, id); err != nil {
		f.t.Fatal(err)
	}
}

// exec runs SQL on the file directly: the fixtures of other features'
// tables (reports, staff, trainings) whose storage code lives elsewhere.
func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	sdb, err := sql.Open("sqlite", "file:"+f.path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		f.t.Fatal(err)
	}
	defer sdb.Close()
	if _, err := sdb.ExecContext(f.ctx, q, args...); err != nil {
		f.t.Fatalf("exec %s: %v", q, err)
	}
}

// report sets a unit's report status for a period.
func (f *fixture) report(unitCode string, period int, status string) {
	stamp := f.now.UTC().Format(time.RFC3339)
	f.exec(`INSERT INTO report(unit_id, period, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(unit_id, period) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
		f.unit(unitCode).ID, period, status, stamp, stamp)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}
