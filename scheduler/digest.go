package scheduler

import (
	"context"
	"fmt"
	"time"
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
	text, err := d.digestText(ctx, at)
	if err != nil {
		return fmt.Errorf("weekly digest: %w", err)
	}
	key := fmt.Sprintf("weekly:%s:", d.Calendar.Day(at).Format("2006-01-02"))
	return d.enqueue(ctx, JobWeeklyDigest, toEach(admins, key, text))
}

// digestText is the office's weekly digest (digest_text.go) at the run's
// scheduled time, so a caught-up run says what the missed one would have.
func (d *Deps) digestText(ctx context.Context, at time.Time) (string, error) {
	return WeeklyDigest(ctx, d.DB, d.Plan, d.Calendar.Loc, at)
}
