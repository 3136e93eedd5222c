package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Activity counts what happened between two instants (the weekly digest).
type Activity struct {
	StaffAdded         int // roster entries created
	TrainingsLogged    int // training entries created
	TrainingsCompleted int // completed trainings ending in the span
	ReportsSubmitted   int // reports (re)submitted
	FeedbackRaised     int
	FeedbackAnswered   int
	OldestOpenFeedback time.Time // zero when none is open
}

// ActivityBetween counts the roster, training, report and feedback events
// in [from, to).
func (db *DB) ActivityBetween(ctx context.Context, from, to time.Time) (Activity, error) {
	var a Activity
	t0, t1 := from.UTC().Format(time.RFC3339Nano), to.UTC().Format(time.RFC3339Nano)
	d0, d1 := from.Format("2006-01-02"), to.Format("2006-01-02")
	var oldest sql.NullString
	err := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM staff WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM training WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM training WHERE status = 'completed' AND to_on >= ? AND to_on < ?),
		(SELECT COUNT(*) FROM report WHERE submitted_at >= ? AND submitted_at < ?),
		(SELECT COUNT(*) FROM feedback WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM feedback WHERE answered_at >= ? AND answered_at < ?),
		(SELECT MIN(created_at) FROM feedback WHERE answered_at IS NULL)`,
		t0, t1, t0, t1, d0, d1, t0, t1, t0, t1, t0, t1).Scan(&a.StaffAdded, &a.TrainingsLogged, &a.TrainingsCompleted,
		&a.ReportsSubmitted, &a.FeedbackRaised, &a.FeedbackAnswered, &oldest)
	if err != nil {
		return a, fmt.Errorf("activity: %w", err)
	}
	a.OldestOpenFeedback = parseTime(oldest)
	return a, nil
}
