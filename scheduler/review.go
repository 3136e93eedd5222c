package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// DataReview asks every unit's officers, once a quarter, to review their
// roster, telling them how many active staff it holds. Units without an
// officer are skipped (the office sees them in /donvi).
//
// Dedup key: review:<unit code>:<yyyy>Q<q>:<channel>:<chat>.
func (d *Deps) DataReview(spec string) Job {
	return Job{Name: JobDataReview, Spec: spec, Run: d.dataReview}
}

func (d *Deps) dataReview(ctx context.Context, at time.Time) error {
	today := d.Calendar.Day(at)
	q := (int(today.Month())-1)/3 + 1
	units, err := d.DB.Units(ctx)
	if err != nil {
		return fmt.Errorf("data review: %w", err)
	}
	var msgs []storage.OutMsg
	for _, u := range units {
		ids, err := d.DB.UnitOfficers(ctx, u.ID)
		if err != nil {
			return fmt.Errorf("data review: officers of %s: %w", u.Code, err)
		}
		if len(ids) == 0 {
			continue
		}
		n, err := d.DB.ActiveStaffCount(ctx, u.ID)
		if err != nil {
			return fmt.Errorf("data review: staff of %s: %w", u.Code, err)
		}
		text := fmt.Sprintf(msgReview, quarter(today.Month()), today.Year(), u.Name, n)
		msgs = append(msgs, toEach(ids, fmt.Sprintf("review:%s:%dQ%d:", u.Code, today.Year(), q), text)...)
	}
	return d.enqueue(ctx, JobDataReview, msgs)
}
