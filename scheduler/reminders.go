package scheduler

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// ReportReminders reminds the units that have not submitted their report
// for the period, N days before the deadline for each N of
// RemindDaysBefore, to every officer of the unit. A reminder due on a
// weekend or holiday goes out on the working day before; when several fall
// on the same day (a Saturday deadline: 1 and 0 days before both go out on
// Friday) the unit gets one message, keyed by the smallest N. The lead unit
// (the office) is not reminded; a unit with no officer gets nothing here
// and shows in the overdue digest.
//
// Dedup key: remind:<unit code>:<period>:<N>:<channel>:<chat>.
func (d *Deps) ReportReminders(spec string) Job {
	return Job{Name: JobReportReminders, Spec: spec, Run: d.reportReminders}
}

func (d *Deps) reportReminders(ctx context.Context, at time.Time) error {
	today := d.Calendar.Day(at)
	period := d.period(today)
	n, ok := d.reminderStep(today, period)
	if !ok {
		return nil
	}
	deadline := d.deadlineDay(period)
	left := DaysBetween(d.Calendar.Day(d.now()), deadline)
	units, err := d.lateUnits(ctx, period)
	if err != nil {
		return fmt.Errorf("report reminders: %w", err)
	}
	var msgs []storage.OutMsg
	for _, u := range units {
		ids, err := d.DB.UnitOfficers(ctx, u.ID)
		if err != nil {
			return fmt.Errorf("report reminders: officers of %s: %w", u.Code, err)
		}
		text := fmt.Sprintf(msgRemind, u.Name, period, dmy(deadline), daysLeft(left))
		msgs = append(msgs, toEach(ids, fmt.Sprintf("remind:%s:%d:%d:", u.Code, period, n), text)...)
	}
	return d.enqueue(ctx, JobReportReminders, msgs)
}

// reminderStep is the step (days before the deadline) whose reminder goes
// out on today: the smallest N whose send day, the working day on or
// before deadline-N, is today.
func (d *Deps) reminderStep(today time.Time, period int) (int, bool) {
	deadline := d.deadlineDay(period)
	steps := slices.Clone(d.RemindDaysBefore)
	slices.Sort(steps)
	for _, n := range steps {
		if d.Calendar.OnOrBefore(AddDays(deadline, -n)).Equal(today) {
			return n, true
		}
	}
	return 0, false
}
