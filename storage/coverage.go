package storage

import (
	"context"
	"fmt"
	"strings"
)

// AreaRule says how a required training area is covered: by a completed
// training in Area, or by a recorded staff level (LevelField is one of
// professional, political, state_mgmt, digital) among Sufficient.
type AreaRule struct {
	Area       string
	LevelField string
	Sufficient []string
}

// Coverage is the share of fully trained staff among active staff.
type Coverage struct {
	UnitID       int64 // 0 for commune-wide
	Active       int   // active ethnic-minority staff (not left)
	FullyTrained int
}

// Percent is the coverage in percent; ok is false when there is no staff
// (shown as "chưa có", never NaN or 0 %).
func (c Coverage) Percent() (float64, bool) {
	if c.Active == 0 {
		return 0, false
	}
	return 100 * float64(c.FullyTrained) / float64(c.Active), true
}

var levelColumns = map[string]string{
	"professional": "level_professional",
	"political":    "level_political",
	"state_mgmt":   "level_state_mgmt",
	"digital":      "level_digital",
}

// coveredExpr is an SQL condition, on staff s, true when every rule holds.
func coveredExpr(rules []AreaRule) (string, []any, error) {
	if len(rules) == 0 {
		return "1", nil, nil
	}
	var parts []string
	var args []any
	for _, r := range rules {
		cond := `EXISTS (SELECT 1 FROM training t WHERE t.staff_id = s.id AND t.status = 'completed' AND t.area = ?)`
		args = append(args, r.Area)
		if r.LevelField != "" && len(r.Sufficient) > 0 {
			col, ok := levelColumns[r.LevelField]
			if !ok {
				return "", nil, fmt.Errorf("coverage: unknown level field %q", r.LevelField)
			}
			cond = "(" + cond + ` OR lower(s.` + col + `) IN (` + strings.TrimSuffix(strings.Repeat("?,", len(r.Sufficient)), ",") + `))`
			for _, lv := range r.Sufficient {
				args = append(args, asciiLower(lv))
			}
		}
		parts = append(parts, cond)
	}
	return strings.Join(parts, " AND "), args, nil
}

// CoverageByUnit computes coverage for every unit that has staff, and the
// commune-wide total (UnitID 0, always present). Staff who left are excluded.
func (db *DB) CoverageByUnit(ctx context.Context, rules []AreaRule) (map[int64]Coverage, Coverage, error) {
	cond, args, err := coveredExpr(rules)
	if err != nil {
		return nil, Coverage{}, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT s.unit_id, COUNT(*), COALESCE(SUM(CASE WHEN `+cond+` THEN 1 ELSE 0 END), 0)
		FROM staff s WHERE s.left_on IS NULL GROUP BY s.unit_id`, args...)
	if err != nil {
		return nil, Coverage{}, fmt.Errorf("coverage: %w", err)
	}
	defer rows.Close()
	out := map[int64]Coverage{}
	var total Coverage
	for rows.Next() {
		var c Coverage
		if err := rows.Scan(&c.UnitID, &c.Active, &c.FullyTrained); err != nil {
			return nil, Coverage{}, err
		}
		out[c.UnitID] = c
		total.Active += c.Active
		total.FullyTrained += c.FullyTrained
	}
	return out, total, rows.Err()
}

// StaffFullyTrained reports, for each active staff member of a unit (0 for
// all units), whether they are fully trained.
func (db *DB) StaffFullyTrained(ctx context.Context, unitID int64, rules []AreaRule) (map[int64]bool, error) {
	cond, args, err := coveredExpr(rules)
	if err != nil {
		return nil, err
	}
	q := `SELECT s.id, CASE WHEN ` + cond + ` THEN 1 ELSE 0 END FROM staff s WHERE s.left_on IS NULL`
	if unitID != 0 {
		q += ` AND s.unit_id = ?`
		args = append(args, unitID)
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		var ok bool
		if err := rows.Scan(&id, &ok); err != nil {
			return nil, err
		}
		out[id] = ok
	}
	return out, rows.Err()
}

// asciiLower lowercases ASCII letters only, as SQLite's lower() does, so
// "Đại học" compares equal on both sides (strings.ToLower would give
// "đại học", which lower() never produces).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
