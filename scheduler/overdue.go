package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// Overdue escalates late reports. The day after the deadline every office
// admin gets a digest of the units without a submitted report (units with
// no officer marked). From that day on, every OverdueEveryDays days (day 1,
// 1+k, 1+2k … after the deadline, weekends included: the unit is already
// late), the officers of each late unit are reminded, until the unit
// submits or the period ends with the year.
//
// Dedup keys: overdue-digest:<period>:<channel>:<chat> and
// overdue:<unit code>:<period>:<yyyy-mm-dd>:<channel>:<chat>.
func (d *Deps) Overdue(spec string) Job {
	return Job{Name: JobOverdue, Spec: spec, Run: d.overdue}
}

func (d *Deps) overdue(ctx context.Context, at time.Time) error {
	today := d.Calendar.Day(at)
	period := d.period(today)
	deadline := d.deadlineDay(period)
	late := DaysBetween(deadline, today)
	every := max(d.OverdueEveryDays, 1)
	if late < 1 {
		return nil
	}
	units, err := d.lateUnits(ctx, period)
	if err != nil {
		return fmt.Errorf("overdue: %w", err)
	}
	officers := map[int64][]storage.Identity{}
	for _, u := range units {
		if officers[u.ID], err = d.DB.UnitOfficers(ctx, u.ID); err != nil {
			return fmt.Errorf("overdue: officers of %s: %w", u.Code, err)
		}
	}
	var msgs []storage.OutMsg
	if late == 1 {
		admins, err := d.DB.AdminIdentities(ctx)
		if err != nil {
			return fmt.Errorf("overdue: admins: %w", err)
		}
		all, err := d.reportingUnits(ctx)
		if err != nil {
			return fmt.Errorf("overdue: %w", err)
		}
		text := fmt.Sprintf(msgDigestAllIn, period, dmy(deadline), len(all))
		if len(units) > 0 {
			var lines []string
			for _, u := range units {
				line := "- " + u.Name
				if len(officers[u.ID]) == 0 {
					line += msgNoOfficer
				}
				lines = append(lines, line)
			}
			text = fmt.Sprintf(msgDigestLate, period, dmy(deadline), len(units), len(all), strings.Join(lines, "\n"), every)
		}
		msgs = append(msgs, toEach(admins, fmt.Sprintf("overdue-digest:%d:", period), text)...)
	}
	if (late-1)%every == 0 {
		left := DaysBetween(d.Calendar.Day(d.now()), deadline)
		for _, u := range units {
			text := fmt.Sprintf(msgOverdue, u.Name, period, dmy(deadline), daysLeft(left))
			key := fmt.Sprintf("overdue:%s:%d:%s:", u.Code, period, today.Format("2006-01-02"))
			msgs = append(msgs, toEach(officers[u.ID], key, text)...)
		}
	}
	return d.enqueue(ctx, JobOverdue, msgs)
}
