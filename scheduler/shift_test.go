package scheduler_test

import (
	"strings"
	"testing"
	"time"
)

// reminderWalk walks day by day from 1 September to 12 October with one
// officer of Phòng Kinh tế and returns the days and steps of its reminders.
func reminderWalk(t *testing.T, deadline string, holidays []string) (days, steps []string) {
	f := newFixture(t, day(2026, 9, 1, 0))
	f.deadline, f.holidays = deadline, holidays
	f.open()
	defer f.close()
	f.officer("telegram", "101", "kinhte")
	f.walk(day(2026, 10, 12, 0), 24*time.Hour)
	for _, m := range f.find("telegram:101", "remind:") {
		days = append(days, m.day)
		steps = append(steps, strings.Split(m.key, ":")[3])
	}
	return days, steps
}

func TestReminderShifts(t *testing.T) {
	for _, tc := range []struct {
		name, deadline string
		holidays       []string
		days, steps    []string
	}{
		// 10/10/2026 is a Saturday: 14 (Sat 26/9) and 7 (Sat 3/10) days
		// before move to Friday; 1 and 0 both fall on Friday 9/10 and make
		// one message.
		{"Saturday deadline", "10-10", nil,
			[]string{"2026-09-25", "2026-10-02", "2026-10-07", "2026-10-09"}, []string{"14", "7", "3", "0"}},
		// 11/10/2026 is a Sunday: the 0-days reminder and the 7-days one
		// (Sun 4/10) and 14-days one (Sun 27/9) are sent on Friday.
		{"Sunday reminders go out on Friday", "11-10", nil,
			[]string{"2026-09-25", "2026-10-02", "2026-10-08", "2026-10-09"}, []string{"14", "7", "3", "0"}},
		// Holidays on Wed 7/10 and Fri 2/10: the 3-days reminder moves to
		// Tuesday 6/10, the 7-days one (Sat 3/10 → Fri 2/10) to Thursday 1/10.
		{"configured holidays", "10-10", []string{"2026-10-07", "2026-10-02"},
			[]string{"2026-09-25", "2026-10-01", "2026-10-06", "2026-10-09"}, []string{"14", "7", "3", "0"}},
		// A working-day deadline: every step on its own day.
		{"Thursday deadline", "08-10", nil,
			[]string{"2026-09-24", "2026-10-01", "2026-10-05", "2026-10-07", "2026-10-08"}, []string{"14", "7", "3", "1", "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			days, steps := reminderWalk(t, tc.deadline, tc.holidays)
			if !equal(days, tc.days) || !equal(steps, tc.steps) {
				t.Errorf("deadline %s, holidays %v: reminders on %v steps %v, want %v steps %v",
					tc.deadline, tc.holidays, days, steps, tc.days, tc.steps)
			}
		})
	}
}

// TestCatchUpMissedRun stops the bot from 3 October 09:00 to 7 October
// 10:00: at start only the latest missed run of each job is made (7
// October 08:00 for the reminders, which is the 3-days reminder), once.
func TestCatchUpMissedRun(t *testing.T) {
	f := newFixture(t, day(2026, 9, 20, 0))
	f.open()
	f.officer("telegram", "101", "kinhte")
	f.walk(day(2026, 10, 3, 9), time.Hour)
	f.close()

	f.now = day(2026, 10, 7, 10)
	f.open()
	defer f.close()
	n, err := f.sched.CatchUp(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// report_reminders (7/10 08:00), overdue (7/10 08:05),
	// training_reminders (6/10 16:00), weekly_digest (Mon 5/10 07:30);
	// data_review's 1/10 run was made before the stop.
	if n != 4 {
		t.Errorf("catch-up made %d runs, want 4", n)
	}
	f.deliver()
	if got := f.days("telegram:101", "remind:"); !equal(got, []string{"2026-09-25", "2026-10-02", "2026-10-07"}) {
		t.Errorf("reminders on %v, want 25/9, 2/10 and the caught-up 7/10", got)
	}
	runs, err := f.db.JobRuns(f.ctx, "report_reminders")
	if err != nil {
		t.Fatal(err)
	}
	var after []string
	for _, r := range runs {
		if r.ScheduledFor.After(day(2026, 10, 3, 9)) {
			after = append(after, r.ScheduledFor.In(hcm).Format("2006-01-02 15:04")+" "+r.Result)
		}
	}
	if !equal(after, []string{"2026-10-07 08:00 ok"}) {
		t.Errorf("runs after the stop %v, want only the latest missed one", after)
	}
	// A second start the same day catches up nothing.
	if n, err := f.sched.CatchUp(f.ctx); err != nil || n != 0 {
		t.Errorf("second catch-up made %d runs (err %v), want 0", n, err)
	}
	f.walk(day(2026, 10, 10, 0), time.Hour)
	if got := f.days("telegram:101", "remind:"); !equal(got, []string{"2026-09-25", "2026-10-02", "2026-10-07", "2026-10-09"}) {
		t.Errorf("reminders on %v after walking on", got)
	}
}
