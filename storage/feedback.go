package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Feedback is a difficulty a unit raised with the office, open until an
// office admin answers it.
type Feedback struct {
	ID         int64
	UnitID     int64
	UnitName   string
	PersonID   int64 // who raised it
	Body       string
	CreatedAt  time.Time
	Answer     string
	AnsweredBy int64
	AnsweredAt time.Time
}

// Open reports whether the feedback still waits for an answer.
func (f Feedback) Open() bool { return f.AnsweredAt.IsZero() }

const feedbackCols = `f.id, f.unit_id, u.name, COALESCE(f.person_id, 0), f.body, f.created_at, COALESCE(f.answer, ''),
	COALESCE(f.answered_by, 0), f.answered_at`

func scanFeedback(sc interface{ Scan(...any) error }) (Feedback, error) {
	var f Feedback
	var created, answered sql.NullString
	err := sc.Scan(&f.ID, &f.UnitID, &f.UnitName, &f.PersonID, &f.Body, &created, &f.Answer, &f.AnsweredBy, &answered)
	f.CreatedAt, f.AnsweredAt = parseTime(created), parseTime(answered)
	return f, translate(err)
}

// AddFeedback records a difficulty raised by person of unit.
func (db *DB) AddFeedback(ctx context.Context, unitID, personID int64, body string) (Feedback, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		res, err := tx.ExecContext(ctx, `INSERT INTO feedback(unit_id, person_id, body, created_at) VALUES (?, ?, ?, ?)`,
			unitID, nullID(personID), body, now)
		if err != nil {
			return fmt.Errorf("add feedback: %w", translate(err))
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, now, personID, "", "feedback.raise", "feedback", fmt.Sprint(id), fmt.Sprintf("unit=%d", unitID))
	})
	if err != nil {
		return Feedback{}, err
	}
	return db.FeedbackByID(ctx, id)
}

// FeedbackByID loads one feedback item.
func (db *DB) FeedbackByID(ctx context.Context, id int64) (Feedback, error) {
	return scanFeedback(db.sql.QueryRowContext(ctx, `SELECT `+feedbackCols+` FROM feedback f JOIN unit u ON u.id = f.unit_id
		WHERE f.id = ?`, id))
}

// OpenFeedback lists unanswered feedback, oldest first.
func (db *DB) OpenFeedback(ctx context.Context, limit int) ([]Feedback, error) {
	return db.feedbacks(ctx, `WHERE f.answered_at IS NULL ORDER BY f.id LIMIT ?`, limit)
}

// FeedbackOfUnit lists a unit's feedback, newest first.
func (db *DB) FeedbackOfUnit(ctx context.Context, unitID int64, limit int) ([]Feedback, error) {
	return db.feedbacks(ctx, `WHERE f.unit_id = ? ORDER BY f.id DESC LIMIT ?`, unitID, limit)
}

func (db *DB) feedbacks(ctx context.Context, where string, args ...any) ([]Feedback, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+feedbackCols+` FROM feedback f JOIN unit u ON u.id = f.unit_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Feedback
	for rows.Next() {
		f, err := scanFeedback(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// AnswerFeedback records an admin's answer. ErrConflict when another admin
// answered first; ErrNotFound for an unknown id.
func (db *DB) AnswerFeedback(ctx context.Context, id, by int64, answer string) (Feedback, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		res, err := tx.ExecContext(ctx, `UPDATE feedback SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL`,
			answer, nullID(by), now, id)
		if err := affected(res, err); err != nil {
			var n int
			tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE id = ?`, id).Scan(&n)
			if n > 0 {
				return ErrConflict
			}
			return err
		}
		return audit(ctx, tx, now, by, "", "feedback.answer", "feedback", fmt.Sprint(id), "")
	})
	if err != nil {
		return Feedback{}, err
	}
	return db.FeedbackByID(ctx, id)
}
