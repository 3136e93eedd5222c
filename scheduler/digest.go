package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// WeeklyDigest sends every office admin a short summary for the current
// period: units that have submitted and those missing, days to the
// deadline, unanswered feedback and the commune-wide training coverage
// against the target of the year. (The office's /trangthai gives detail.)
//
// Dedup key: weekly:<yyyy-mm-dd>:<channel>:<chat>.
func (d *Deps) WeeklyDigest(spec string) Job {
	return Job{Name: JobWeeklyDigest, Spec: spec, Run: d.weeklyDigest}
}

func (d *Deps) weeklyDigest(ctx context.Context, at time.Time) error {
	admins, err := d.DB.AdminIdentities(ctx)
	if err != nil {
		return fmt.Errorf("weekly digest: admins: %w", err)
	}
	if len(admins) == 0 {
		return nil
	}
	text, err := d.digestText(ctx, d.Calendar.Day(at))
	if err != nil {
		return fmt.Errorf("weekly digest: %w", err)
	}
	key := fmt.Sprintf("weekly:%s:", d.Calendar.Day(at).Format("2006-01-02"))
	return d.enqueue(ctx, JobWeeklyDigest, toEach(admins, key, text))
}

func (d *Deps) digestText(ctx context.Context, today time.Time) (string, error) {
	period := d.period(today)
	units, err := d.reportingUnits(ctx)
	if err != nil {
		return "", err
	}
	missing, err := d.lateUnits(ctx, period)
	if err != nil {
		return "", err
	}
	feedback, err := d.DB.OpenFeedbackCount(ctx)
	if err != nil {
		return "", err
	}
	var rules []storage.AreaRule
	for _, r := range d.Plan.CoverageRules() {
		rules = append(rules, storage.AreaRule{Area: r.Area, LevelField: r.LevelField, Sufficient: r.Sufficient})
	}
	_, total, err := d.DB.CoverageByUnit(ctx, rules)
	if err != nil {
		return "", err
	}
	deadline := d.deadlineDay(period)
	lines := []string{
		fmt.Sprintf(msgWeeklyHead, dmy(today)),
		fmt.Sprintf(msgWeeklyReports, period, len(units)-len(missing), len(units)),
	}
	if len(missing) == 0 {
		lines = append(lines, msgWeeklyNone)
	} else {
		var names []string
		for _, u := range missing {
			names = append(names, u.Name)
		}
		lines = append(lines, fmt.Sprintf(msgWeeklyMissing, strings.Join(names, ", ")))
	}
	lines = append(lines, fmt.Sprintf(msgWeeklyDue, dmy(deadline), daysLeft(DaysBetween(today, deadline))),
		fmt.Sprintf(msgWeeklyFeed, feedback))
	if p, ok := total.Percent(); ok {
		lines = append(lines, fmt.Sprintf(msgWeeklyCov, total.FullyTrained, total.Active, percent(p), percent(d.Plan.TargetFor(period))))
	} else {
		lines = append(lines, msgWeeklyNoCov)
	}
	lines = append(lines, msgWeeklyTail)
	return strings.Join(lines, "\n"), nil
}
