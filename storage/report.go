package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Report statuses (SPEC §5).
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportReturned  = "returned"
	ReportAccepted  = "accepted"
)

// Answer is a unit's answer to one report question. For a figure the bot
// pre-fills, Prefilled keeps what the bot computed and Value what the unit
// reports; Corrected says they differ (both are kept). Returned marks an
// answer the office asked to change; answering again clears it.
type Answer struct {
	Value     string    `json:"value"`
	Prefilled string    `json:"prefilled,omitempty"`
	Corrected bool      `json:"corrected,omitempty"`
	Returned  bool      `json:"returned,omitempty"`
	At        time.Time `json:"at"`
}

// Review is the office's latest decision: per-question comments when the
// report was returned.
type Review struct {
	Decision string            `json:"decision,omitempty"` // accepted or returned
	Comments map[string]string `json:"comments,omitempty"` // question key → comment
}

// Report is a unit's annual report for a period (the reporting year).
type Report struct {
	ID          int64
	UnitID      int64
	Period      int
	Status      string
	Answers     map[string]Answer
	Version     int // submissions so far
	Late        bool
	SubmittedAt time.Time
	SubmittedBy int64
	Review      Review
	ReviewedAt  time.Time
	ReviewedBy  int64
	UpdatedAt   time.Time
}

// Open reports whether the unit may still change its answers.
func (r Report) Open() bool { return r.Status == ReportDraft || r.Status == ReportReturned }

// ReportVersion is one submitted version, kept for history.
type ReportVersion struct {
	ReportID    int64
	Version     int
	Answers     map[string]Answer
	SubmittedAt time.Time
	SubmittedBy int64
}

// ReportReview is one decision of the office on a version.
type ReportReview struct {
	ReportID   int64
	Version    int
	Decision   string
	Comments   map[string]string
	ReviewedAt time.Time
	ReviewedBy int64
}

const reportCols = `id, unit_id, period, status, answers, version, late, submitted_at, COALESCE(submitted_by, 0), review,
	reviewed_at, COALESCE(reviewed_by, 0), updated_at`

func scanReport(sc interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var answers, review string
	var sub, rev, upd sql.NullString
	err := sc.Scan(&r.ID, &r.UnitID, &r.Period, &r.Status, &answers, &r.Version, &r.Late, &sub, &r.SubmittedBy, &review,
		&rev, &r.ReviewedBy, &upd)
	if err != nil {
		return r, translate(err)
	}
	r.SubmittedAt, r.ReviewedAt, r.UpdatedAt = parseTime(sub), parseTime(rev), parseTime(upd)
	if err := json.Unmarshal([]byte(answers), &r.Answers); err != nil {
		return r, fmt.Errorf("report %d answers: %w", r.ID, err)
	}
	if r.Answers == nil {
		r.Answers = map[string]Answer{}
	}
	if err := json.Unmarshal([]byte(review), &r.Review); err != nil {
		return r, fmt.Errorf("report %d review: %w", r.ID, err)
	}
	return r, nil
}

// OpenReport returns the report of unitID for period, creating an empty
// draft when there is none.
func (db *DB) OpenReport(ctx context.Context, unitID int64, period int) (Report, error) {
	now := db.stamp()
	if _, err := db.w.ExecContext(ctx, `INSERT INTO report(unit_id, period, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(unit_id, period) DO NOTHING`, unitID, period, now, now); err != nil {
		return Report{}, fmt.Errorf("open report: %w", translate(err))
	}
	return db.ReportOf(ctx, unitID, period)
}

// ReportOf loads the report of unitID for period; ErrNotFound if none.
func (db *DB) ReportOf(ctx context.Context, unitID int64, period int) (Report, error) {
	return scanReport(db.sql.QueryRowContext(ctx, `SELECT `+reportCols+` FROM report WHERE unit_id = ? AND period = ?`, unitID, period))
}

// ReportByID loads a report.
func (db *DB) ReportByID(ctx context.Context, id int64) (Report, error) {
	return scanReport(db.sql.QueryRowContext(ctx, `SELECT `+reportCols+` FROM report WHERE id = ?`, id))
}

// ReportsOfPeriod lists every report of a period, by unit order.
func (db *DB) ReportsOfPeriod(ctx context.Context, period int) ([]Report, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+reportCols+` FROM report WHERE period = ?
		ORDER BY (SELECT sort FROM unit WHERE unit.id = report.unit_id), unit_id`, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// loadReport reads a report inside a transaction, checking its unit when
// unitID is not 0.
func loadReport(ctx context.Context, tx *sql.Tx, id, unitID int64) (Report, error) {
	return scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+` FROM report WHERE id = ? AND (? = 0 OR unit_id = ?)`, id, unitID, unitID))
}

func encode(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// SaveAnswer stores the answer to question key of report id of unitID and
// clears its Returned mark. ErrConflict once the report is submitted or
// accepted; ErrNotFound for a report of another unit.
func (db *DB) SaveAnswer(ctx context.Context, id, unitID int64, key string, a Answer) (Report, error) {
	var r Report
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = loadReport(ctx, tx, id, unitID); err != nil {
			return err
		}
		if !r.Open() {
			return ErrConflict
		}
		a.Returned = false
		a.At = db.now()
		r.Answers[key] = a
		_, err = tx.ExecContext(ctx, `UPDATE report SET answers = ?, updated_at = ? WHERE id = ?`, encode(r.Answers), db.stamp(), id)
		return err
	})
	return r, err
}

// SubmitReport submits report id of unitID: version+1, a report_version row,
// submitted at/by, and late when the first submission comes after deadline
// (a report returned and resubmitted keeps its first verdict). ErrConflict
// unless the report is a draft or returned.
func (db *DB) SubmitReport(ctx context.Context, id, unitID, by int64, deadline time.Time) (Report, error) {
	var r Report
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = loadReport(ctx, tx, id, unitID); err != nil {
			return err
		}
		if !r.Open() {
			return ErrConflict
		}
		now := db.now()
		if r.Version == 0 {
			r.Late = now.After(deadline)
		}
		r.Version++
		r.Status, r.SubmittedAt, r.SubmittedBy = ReportSubmitted, now, by
		stamp := db.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE report SET status = ?, version = ?, late = ?, submitted_at = ?, submitted_by = ?, updated_at = ?
			WHERE id = ?`, r.Status, r.Version, r.Late, stamp, nullID(by), stamp, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_version(report_id, version, answers, submitted_at, submitted_by) VALUES (?, ?, ?, ?, ?)`,
			id, r.Version, encode(r.Answers), stamp, nullID(by)); err != nil {
			return fmt.Errorf("save report version: %w", translate(err))
		}
		return audit(ctx, tx, stamp, by, "", "report.submit", "report", fmt.Sprint(id), fmt.Sprintf("version=%d late=%v", r.Version, r.Late))
	})
	return r, err
}

// ReturnReport sends a submitted report back with comments on the named
// questions: those answers are marked Returned, the others kept.
// ErrConflict unless the report is submitted.
func (db *DB) ReturnReport(ctx context.Context, id, by int64, comments map[string]string) (Report, error) {
	if len(comments) == 0 {
		return Report{}, fmt.Errorf("return report %d: no question named", id)
	}
	return db.review(ctx, id, by, ReportReturned, comments)
}

// AcceptReport accepts a submitted report. ErrConflict unless submitted.
func (db *DB) AcceptReport(ctx context.Context, id, by int64) (Report, error) {
	return db.review(ctx, id, by, ReportAccepted, nil)
}

func (db *DB) review(ctx context.Context, id, by int64, decision string, comments map[string]string) (Report, error) {
	var r Report
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = loadReport(ctx, tx, id, 0); err != nil {
			return err
		}
		if r.Status != ReportSubmitted {
			return ErrConflict
		}
		keys := make([]string, 0, len(comments))
		for k := range comments {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			a := r.Answers[k]
			a.Returned = true
			r.Answers[k] = a
		}
		r.Status, r.Review = decision, Review{Decision: decision, Comments: comments}
		r.ReviewedAt, r.ReviewedBy = db.now(), by
		stamp := db.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE report SET status = ?, answers = ?, review = ?, reviewed_at = ?, reviewed_by = ?, updated_at = ?
			WHERE id = ?`, r.Status, encode(r.Answers), encode(r.Review), stamp, nullID(by), stamp, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_review(report_id, version, decision, comments, reviewed_at, reviewed_by)
			VALUES (?, ?, ?, ?, ?, ?)`, id, r.Version, decision, encode(comments), stamp, nullID(by)); err != nil {
			return err
		}
		return audit(ctx, tx, stamp, by, "", "report."+map[string]string{ReportAccepted: "accept", ReportReturned: "return"}[decision],
			"report", fmt.Sprint(id), fmt.Sprintf("version=%d questions=%d", r.Version, len(keys)))
	})
	return r, err
}

// ReportVersions lists the submitted versions of a report, oldest first.
func (db *DB) ReportVersions(ctx context.Context, id int64) ([]ReportVersion, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT report_id, version, answers, submitted_at, COALESCE(submitted_by, 0)
		FROM report_version WHERE report_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportVersion
	for rows.Next() {
		var v ReportVersion
		var answers string
		var at sql.NullString
		if err := rows.Scan(&v.ReportID, &v.Version, &answers, &at, &v.SubmittedBy); err != nil {
			return nil, err
		}
		v.SubmittedAt = parseTime(at)
		if err := json.Unmarshal([]byte(answers), &v.Answers); err != nil {
			return nil, fmt.Errorf("report %d version %d: %w", id, v.Version, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ReportReviews lists the office's decisions on a report, oldest first.
func (db *DB) ReportReviews(ctx context.Context, id int64) ([]ReportReview, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT report_id, version, decision, comments, reviewed_at, COALESCE(reviewed_by, 0)
		FROM report_review WHERE report_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportReview
	for rows.Next() {
		var v ReportReview
		var comments string
		var at sql.NullString
		if err := rows.Scan(&v.ReportID, &v.Version, &v.Decision, &comments, &at, &v.ReviewedBy); err != nil {
			return nil, err
		}
		v.ReviewedAt = parseTime(at)
		if err := json.Unmarshal([]byte(comments), &v.Comments); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
