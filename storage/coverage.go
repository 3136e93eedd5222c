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
	Active       int   // active ethnic-minority CBCCVC (not left, not workers)
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

var levelFields = map[string]func(s *Staff) string{
	"professional": func(s *Staff) string { return s.LevelProfessional },
	"political":    func(s *Staff) string { return s.LevelPolitical },
	"state_mgmt":   func(s *Staff) string { return s.LevelStateMgmt },
	"digital":      func(s *Staff) string { return s.LevelDigital },
}

// levelKey compares recorded levels without case or extra spaces. It runs
// in Go because SQLite's lower() folds ASCII only ("Đại học" ≠ "đại học").
func levelKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// covered tells, for each active CBCCVC of a unit (0: every unit), whether
// every rule holds: a completed training in the area or a sufficient level.
// Workers (người lao động) are not CBCCVC and are left out (SPEC §5).
func (db *DB) covered(ctx context.Context, unitID int64, rules []AreaRule) ([]Staff, map[int64]bool, error) {
	type rule struct {
		area  string
		level func(*Staff) string
		ok    map[string]bool
	}
	var rs []rule
	for _, r := range rules {
		x := rule{area: r.Area, ok: map[string]bool{}}
		if r.LevelField != "" && len(r.Sufficient) > 0 {
			f, found := levelFields[r.LevelField]
			if !found {
				return nil, nil, fmt.Errorf("coverage: unknown level field %q", r.LevelField)
			}
			x.level = f
			for _, lv := range r.Sufficient {
				x.ok[levelKey(lv)] = true
			}
		}
		rs = append(rs, x)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+staffCols+` FROM staff WHERE left_on IS NULL AND category <> ? AND (? = 0 OR unit_id = ?)
		ORDER BY id`, CatNguoiLaoDong, unitID, unitID)
	if err != nil {
		return nil, nil, fmt.Errorf("coverage: %w", err)
	}
	var staff []Staff
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		staff = append(staff, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	done := map[int64]map[string]bool{}
	trows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT t.staff_id, t.area FROM training t JOIN staff s ON s.id = t.staff_id
		WHERE t.status = 'completed' AND s.left_on IS NULL AND (? = 0 OR s.unit_id = ?)`, unitID, unitID)
	if err != nil {
		return nil, nil, fmt.Errorf("coverage: %w", err)
	}
	defer trows.Close()
	for trows.Next() {
		var id int64
		var area string
		if err := trows.Scan(&id, &area); err != nil {
			return nil, nil, err
		}
		if done[id] == nil {
			done[id] = map[string]bool{}
		}
		done[id][area] = true
	}
	if err := trows.Err(); err != nil {
		return nil, nil, err
	}
	full := make(map[int64]bool, len(staff))
	for i := range staff {
		s := &staff[i]
		ok := true
		for _, r := range rs {
			if done[s.ID][r.area] || (r.level != nil && r.ok[levelKey(r.level(s))]) {
				continue
			}
			ok = false
			break
		}
		full[s.ID] = ok
	}
	return staff, full, nil
}

// CoverageByUnit computes coverage for every unit that has active CBCCVC,
// and the commune-wide total (UnitID 0, always present). Staff who left and
// workers (người lao động) are excluded.
func (db *DB) CoverageByUnit(ctx context.Context, rules []AreaRule) (map[int64]Coverage, Coverage, error) {
	staff, full, err := db.covered(ctx, 0, rules)
	if err != nil {
		return nil, Coverage{}, err
	}
	out := map[int64]Coverage{}
	var total Coverage
	for _, s := range staff {
		c := out[s.UnitID]
		c.UnitID = s.UnitID
		c.Active++
		total.Active++
		if full[s.ID] {
			c.FullyTrained++
			total.FullyTrained++
		}
		out[s.UnitID] = c
	}
	return out, total, nil
}

// CoverageOfUnit is the coverage of one unit (zero Active when it has none).
func (db *DB) CoverageOfUnit(ctx context.Context, unitID int64, rules []AreaRule) (Coverage, error) {
	staff, full, err := db.covered(ctx, unitID, rules)
	c := Coverage{UnitID: unitID, Active: len(staff)}
	for _, ok := range full {
		if ok {
			c.FullyTrained++
		}
	}
	return c, err
}

// StaffFullyTrained reports, for each active CBCCVC of a unit (0 for all
// units), whether they are fully trained. Workers are not in the map.
func (db *DB) StaffFullyTrained(ctx context.Context, unitID int64, rules []AreaRule) (map[int64]bool, error) {
	_, full, err := db.covered(ctx, unitID, rules)
	return full, err
}
