package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// Deps is what the built-in jobs need.
type Deps struct {
	DB       *storage.DB
	Plan     *plan.Plan // its Deadline already holds config reporting.deadline
	Calendar Calendar   // time zone and holidays
	Log      *slog.Logger
	// Now is the clock messages are written with ("còn 3 ngày"); a job's
	// own day is the time it was scheduled for.
	Now func() time.Time

	RemindDaysBefore []int // reporting.remind_days_before
	OverdueEveryDays int   // reporting.overdue_every_days
	BackupDir        string
	BackupKeep       int
}

// Job names, as in config schedules.*.
const (
	JobReportReminders   = "report_reminders"
	JobOverdue           = "overdue"
	JobDataReview        = "data_review"
	JobTrainingReminders = "training_reminders"
	JobBackup            = "backup"
	JobWeeklyDigest      = "weekly_digest"
)

// Builtin builds the jobs of SPEC §6 that this package owns, with their
// specs from specs (config schedules.*; a job with "" or "off" is left
// out). Outreach jobs are built elsewhere and appended by the program.
func Builtin(d *Deps, specs map[string]string) []Job {
	all := []Job{
		d.ReportReminders(specs[JobReportReminders]),
		d.Overdue(specs[JobOverdue]),
		d.DataReview(specs[JobDataReview]),
		d.TrainingReminders(specs[JobTrainingReminders]),
		d.Backup(specs[JobBackup]),
		d.WeeklyDigest(specs[JobWeeklyDigest]),
	}
	var out []Job
	for _, j := range all {
		if !Disabled(j.Spec) {
			out = append(out, j)
		}
	}
	return out
}

func (d *Deps) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// period is the reporting year a day belongs to: the calendar year, whose
// deadline is DeadlineIn(year). Overdue reminders for a year therefore stop
// when the next year's period begins.
func (d *Deps) period(day time.Time) int { return day.Year() }

// deadlineDay is the deadline of a period as a calendar day.
func (d *Deps) deadlineDay(period int) time.Time {
	return d.Calendar.Day(d.Plan.DeadlineIn(period, d.Calendar.Loc))
}

// message is a text for one identity, with its dedup key. keyPrefix ends
// with ":" and gets "<channel>:<chat>" appended, so each recipient's copy
// is queued at most once.
func message(id storage.Identity, keyPrefix, text string) storage.OutMsg {
	chat := id.ChatID
	if chat == "" {
		chat = id.ExternalID
	}
	return storage.OutMsg{
		Channel:  id.Channel,
		ChatID:   chat,
		Payload:  bot.EncodeReply(bot.Reply{Text: text}),
		Priority: 1,
		DedupKey: keyPrefix + id.Channel + ":" + chat,
	}
}

// toEach addresses text to every identity that has not blocked the bot.
func toEach(ids []storage.Identity, keyPrefix, text string) []storage.OutMsg {
	var out []storage.OutMsg
	for _, id := range ids {
		if !id.Blocked {
			out = append(out, message(id, keyPrefix, text))
		}
	}
	return out
}

// enqueue queues msgs in one transaction and logs how many were new.
func (d *Deps) enqueue(ctx context.Context, job string, msgs []storage.OutMsg) error {
	if len(msgs) == 0 {
		return nil
	}
	n, err := d.DB.Enqueue(ctx, msgs)
	if err != nil {
		return fmt.Errorf("%s: queue %d messages: %w", job, len(msgs), err)
	}
	d.Log.Info("job queued messages", "job", job, "queued", n, "already_queued", len(msgs)-n)
	return nil
}

// reportingUnits are the units that report to the office: every active
// unit except the lead unit, which is the office itself (it receives and
// consolidates the reports rather than reporting to itself).
func (d *Deps) reportingUnits(ctx context.Context) ([]storage.Unit, error) {
	units, err := d.DB.Units(ctx)
	if err != nil {
		return nil, err
	}
	var out []storage.Unit
	for _, u := range units {
		if !u.Lead {
			out = append(out, u)
		}
	}
	return out, nil
}

// lateUnits are the reporting units without a submitted report for period.
func (d *Deps) lateUnits(ctx context.Context, period int) ([]storage.Unit, error) {
	units, err := d.reportingUnits(ctx)
	if err != nil {
		return nil, err
	}
	done, err := d.DB.SubmittedUnits(ctx, period)
	if err != nil {
		return nil, err
	}
	var out []storage.Unit
	for _, u := range units {
		if !done[u.ID] {
			out = append(out, u)
		}
	}
	return out, nil
}
