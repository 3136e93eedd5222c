package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Training statuses (SPEC §5).
const (
	TrainRegistered = "registered"
	TrainAttending  = "attending"
	TrainCompleted  = "completed"
)

// Training is one person's participation in a course. Area is a training
// area code of the plan; From and To are calendar dates; Certificate is the
// platform's file id (or URL) of a photo of the certificate.
type Training struct {
	ID          int64
	StaffID     int64
	UnitID      int64
	StaffName   string // filled by the queries that list trainings
	Area        string
	Course      string
	Organiser   string
	From, To    time.Time
	Status      string
	Certificate string
	CreatedBy   int64
	CreatedAt   time.Time
}

const trainingCols = `t.id, t.staff_id, t.unit_id, s.full_name, t.area, t.course, t.organiser, t.from_on, t.to_on, t.status,
	t.certificate, COALESCE(t.created_by, 0), t.created_at`

func scanTraining(sc interface{ Scan(...any) error }) (Training, error) {
	var t Training
	var from, to, created sql.NullString
	err := sc.Scan(&t.ID, &t.StaffID, &t.UnitID, &t.StaffName, &t.Area, &t.Course, &t.Organiser, &from, &to, &t.Status,
		&t.Certificate, &t.CreatedBy, &created)
	t.From, t.To, t.CreatedAt = parseDate(from), parseDate(to), parseTime(created)
	return t, translate(err)
}

// AddTrainings records course t for each of staffIDs, one row per person,
// in one transaction. Every person must be an active member of unitID;
// otherwise nothing is written and the error is ErrNotFound.
func (db *DB) AddTrainings(ctx context.Context, by, unitID int64, staffIDs []int64, t Training) ([]int64, error) {
	if len(staffIDs) == 0 {
		return nil, fmt.Errorf("add trainings: nobody chosen")
	}
	now := db.stamp()
	var ids []int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, sid := range staffIDs {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE id = ? AND unit_id = ? AND left_on IS NULL`, sid, unitID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("add training for staff %d: %w", sid, ErrNotFound)
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO training(staff_id, unit_id, area, course, organiser, from_on, to_on, status, certificate,
				created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				sid, unitID, t.Area, t.Course, t.Organiser, fmtDate(t.From), fmtDate(t.To), t.Status, t.Certificate, nullID(by), now, now)
			if err != nil {
				return fmt.Errorf("add training for staff %d: %w", sid, translate(err))
			}
			id, _ := res.LastInsertId()
			ids = append(ids, id)
		}
		return audit(ctx, tx, now, by, "", "training.add", "unit", fmt.Sprint(unitID), fmt.Sprintf("rows=%d area=%s", len(ids), t.Area))
	})
	return ids, err
}

// RecentTrainings lists the latest trainings of unitID that person by
// entered, newest first.
func (db *DB) RecentTrainings(ctx context.Context, unitID, by int64, limit int) ([]Training, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+trainingCols+` FROM training t JOIN staff s ON s.id = t.staff_id
		WHERE t.unit_id = ? AND t.created_by = ? ORDER BY t.id DESC LIMIT ?`, unitID, by, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Training
	for rows.Next() {
		t, err := scanTraining(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TrainingsOfUnit lists every training of a unit (0 for all), newest first.
func (db *DB) TrainingsOfUnit(ctx context.Context, unitID int64) ([]Training, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+trainingCols+` FROM training t JOIN staff s ON s.id = t.staff_id
		WHERE (? = 0 OR t.unit_id = ?) ORDER BY t.id DESC`, unitID, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Training
	for rows.Next() {
		t, err := scanTraining(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// OwnTraining loads training id only if it belongs to unitID and person by
// entered it; otherwise ErrNotFound.
func (db *DB) OwnTraining(ctx context.Context, unitID, by, id int64) (Training, error) {
	return scanTraining(db.sql.QueryRowContext(ctx, `SELECT `+trainingCols+` FROM training t JOIN staff s ON s.id = t.staff_id
		WHERE t.id = ? AND t.unit_id = ? AND t.created_by = ?`, id, unitID, by))
}

// SaveTraining writes the editable fields of t (area, course, organiser,
// dates, status, certificate) to the row t.ID of unitID entered by person
// by, auditing which field changed. ErrNotFound otherwise.
func (db *DB) SaveTraining(ctx context.Context, by, unitID int64, t Training, field string) error {
	now := db.stamp()
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE training SET area = ?, course = ?, organiser = ?, from_on = ?, to_on = ?, status = ?,
			certificate = ?, updated_at = ? WHERE id = ? AND unit_id = ? AND created_by = ?`,
			t.Area, t.Course, t.Organiser, fmtDate(t.From), fmtDate(t.To), t.Status, t.Certificate, now, t.ID, unitID, by)
		if err := affected(res, err); err != nil {
			return fmt.Errorf("save training %d: %w", t.ID, err)
		}
		return audit(ctx, tx, now, by, "", "training.edit", "training", fmt.Sprint(t.ID), "field="+field)
	})
}

// DeleteTraining removes training id of unitID entered by person by.
func (db *DB) DeleteTraining(ctx context.Context, by, unitID, id int64) error {
	now := db.stamp()
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM training WHERE id = ? AND unit_id = ? AND created_by = ?`, id, unitID, by)
		if err := affected(res, err); err != nil {
			return fmt.Errorf("delete training %d: %w", id, err)
		}
		return audit(ctx, tx, now, by, "", "training.delete", "training", fmt.Sprint(id), "")
	})
}

// TrainingStatuses lists the statuses in their natural order.
var TrainingStatuses = []string{TrainRegistered, TrainAttending, TrainCompleted}

// ValidTrainingStatus reports whether s is a known status.
func ValidTrainingStatus(s string) bool {
	switch s {
	case TrainRegistered, TrainAttending, TrainCompleted:
		return true
	}
	return false
}
