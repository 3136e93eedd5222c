package storage

import (
	"context"
	"fmt"
	"time"
)

// Figures are what the bot knows for a unit's annual report (SPEC §5).
// Counts has one entry per figure key of the default plan's questions:
// staff_total (active CBCCVC), staff_<category>, staff_new, staff_left,
// trained_<area> for each area asked, in_planning, feedback_raised,
// vacancies_announced, outreach_sent, nominations. Coverage is the unit's.
type Figures struct {
	Counts   map[string]int
	Coverage Coverage
}

// FigureSpec says what to compute: the unit, whether it is the office (the
// office counts commune-wide vacancies and outreach), the year in the
// commune's time zone, the coverage rules and the training areas.
type FigureSpec struct {
	UnitID int64
	Lead   bool
	Year   int
	Loc    *time.Location
	Rules  []AreaRule
	Areas  []string
}

// ReportFigures computes the pre-filled figures of a unit's report.
// Calendar dates (joined, left, training end) count in the year they name;
// timestamps count in the year of the commune's time zone.
func (db *DB) ReportFigures(ctx context.Context, f FigureSpec) (Figures, error) {
	loc := f.Loc
	if loc == nil {
		loc = time.UTC
	}
	// Timestamps are RFC 3339 UTC text; bounds without zone or fraction
	// compare correctly as text with every stored stamp.
	const bound = "2006-01-02T15:04:05"
	from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, loc).UTC().Format(bound)
	to := time.Date(f.Year+1, 1, 1, 0, 0, 0, 0, loc).UTC().Format(bound)
	dFrom, dTo := fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1)

	out := Figures{Counts: map[string]int{}}
	count := func(key, q string, args ...any) error {
		var n int
		if err := db.sql.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			return fmt.Errorf("report figure %s: %w", key, err)
		}
		out.Counts[key] = n
		return nil
	}
	cats := []string{CatCanBo, CatCongChuc, CatVienChuc, CatNguoiLaoDong}
	total := 0
	for _, c := range cats {
		if err := count("staff_"+c, `SELECT COUNT(*) FROM staff WHERE unit_id = ? AND left_on IS NULL AND category = ?`, f.UnitID, c); err != nil {
			return out, err
		}
		if c != CatNguoiLaoDong {
			total += out.Counts["staff_"+c]
		}
	}
	out.Counts["staff_total"] = total
	steps := []struct {
		key, q string
		args   []any
	}{
		{"staff_new", `SELECT COUNT(*) FROM staff WHERE unit_id = ? AND joined_on >= ? AND joined_on < ?`, []any{f.UnitID, dFrom, dTo}},
		{"staff_left", `SELECT COUNT(*) FROM staff WHERE unit_id = ? AND left_on >= ? AND left_on < ?`, []any{f.UnitID, dFrom, dTo}},
		{"in_planning", `SELECT COUNT(*) FROM staff WHERE unit_id = ? AND left_on IS NULL AND in_planning = 1`, []any{f.UnitID}},
		{"feedback_raised", `SELECT COUNT(*) FROM feedback WHERE unit_id = ? AND created_at >= ? AND created_at < ?`, []any{f.UnitID, from, to}},
		{"vacancies_announced", `SELECT COUNT(*) FROM vacancy WHERE (? OR unit_id = ?) AND created_at >= ? AND created_at < ?`,
			[]any{f.Lead, f.UnitID, from, to}},
		{"outreach_sent", `SELECT COUNT(*) FROM outbox o JOIN announcement a ON a.id = o.announcement_id
			WHERE o.state = 'sent' AND o.sent_at >= ? AND o.sent_at < ?
			AND (? OR a.created_by IN (SELECT id FROM person WHERE unit_id = ?))`, []any{from, to, f.Lead, f.UnitID}},
		{"nominations", `SELECT COUNT(*) FROM candidate WHERE nominated_by <> 'self' AND created_at >= ? AND created_at < ?
			AND nominator_id IN (SELECT id FROM person WHERE unit_id = ?)`, []any{from, to, f.UnitID}},
	}
	for _, s := range steps {
		if err := count(s.key, s.q, s.args...); err != nil {
			return out, err
		}
	}
	for _, a := range f.Areas {
		if err := count("trained_"+a, `SELECT COUNT(*) FROM training WHERE unit_id = ? AND area = ? AND status = 'completed'
			AND to_on >= ? AND to_on < ?`, f.UnitID, a, dFrom, dTo); err != nil {
			return out, err
		}
	}
	c, err := db.CoverageOfUnit(ctx, f.UnitID, f.Rules)
	if err != nil {
		return out, err
	}
	out.Coverage = c
	return out, nil
}
