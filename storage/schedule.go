package storage

import (
	"context"
	"fmt"
	"time"
)

// Read queries of the scheduler's jobs (SPEC §6). They read only the
// columns of migration 0001, so the features that write those tables may
// grow them freely.

// SubmittedUnits is the set of units whose report for period is in: status
// submitted or accepted. A draft, a returned report or none at all is not.
func (db *DB) SubmittedUnits(ctx context.Context, period int) (map[int64]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT unit_id FROM report WHERE period = ? AND status IN ('submitted', 'accepted')`, period)
	if err != nil {
		return nil, fmt.Errorf("submitted units %d: %w", period, err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// TrainingStart is a registered training as its reminder shows it.
type TrainingStart struct {
	ID        int64
	UnitID    int64
	StaffName string
	Course    string
	Organiser string
	FromOn    time.Time // calendar date, 00:00 UTC
}

// TrainingsStarting lists the trainings still in status registered whose
// first day is day (a calendar date), by unit, course and name.
func (db *DB) TrainingsStarting(ctx context.Context, day time.Time) ([]TrainingStart, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT t.id, t.unit_id, s.full_name, t.course, t.organiser, t.from_on
		FROM training t JOIN staff s ON s.id = t.staff_id
		WHERE t.status = 'registered' AND t.from_on = ?
		ORDER BY t.unit_id, t.course, s.full_name, t.id`, day.Format("2006-01-02"))
	if err != nil {
		return nil, fmt.Errorf("trainings starting %s: %w", day.Format("2006-01-02"), err)
	}
	defer rows.Close()
	var out []TrainingStart
	for rows.Next() {
		var t TrainingStart
		var from string
		if err := rows.Scan(&t.ID, &t.UnitID, &t.StaffName, &t.Course, &t.Organiser, &from); err != nil {
			return nil, err
		}
		t.FromOn, _ = time.Parse("2006-01-02", from)
		out = append(out, t)
	}
	return out, rows.Err()
}

// OpenFeedbackCount counts the feedback not answered yet.
func (db *DB) OpenFeedbackCount(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE answered_at IS NULL`).Scan(&n)
	return n, err
}

// ActiveStaffCount counts a unit's staff who have not left.
func (db *DB) ActiveStaffCount(ctx context.Context, unitID int64) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE unit_id = ? AND left_on IS NULL`, unitID).Scan(&n)
	return n, err
}
