package storage

import (
	"context"
	"database/sql"
	"time"
)

// Staff categories (SPEC §5).
const (
	CatCanBo        = "can_bo"
	CatCongChuc     = "cong_chuc"
	CatVienChuc     = "vien_chuc"
	CatNguoiLaoDong = "nguoi_lao_dong"
)

// Staff is an ethnic-minority cadre, civil servant, public employee or
// worker of a unit. EthnicCode is the 2008 code of dan-toc.csv. Dates are
// calendar dates (time at 00:00 UTC); zero means unknown or not left.
type Staff struct {
	ID                int64
	UnitID            int64
	FullName          string
	BirthYear         int
	Sex               string // "nam", "nu"
	EthnicCode        string
	NationalID        string
	Category          string
	Position          string
	LevelProfessional string
	LevelPolitical    string
	LevelStateMgmt    string
	LevelDigital      string
	InPlanning        bool
	JoinedOn          time.Time
	LeftOn            time.Time
	CreatedBy         int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Active reports whether the person still works in the unit.
func (s Staff) Active() bool { return s.LeftOn.IsZero() }

const staffCols = `id, unit_id, full_name, birth_year, sex, ethnic_code, national_id, category, position,
	level_professional, level_political, level_state_mgmt, level_digital, in_planning, joined_on, left_on,
	COALESCE(created_by, 0), created_at, updated_at`

func scanStaff(sc interface{ Scan(...any) error }) (Staff, error) {
	var s Staff
	var joined, left, created, updated sql.NullString
	err := sc.Scan(&s.ID, &s.UnitID, &s.FullName, &s.BirthYear, &s.Sex, &s.EthnicCode, &s.NationalID, &s.Category, &s.Position,
		&s.LevelProfessional, &s.LevelPolitical, &s.LevelStateMgmt, &s.LevelDigital, &s.InPlanning, &joined, &left,
		&s.CreatedBy, &created, &updated)
	s.JoinedOn, s.LeftOn = parseDate(joined), parseDate(left)
	s.CreatedAt, s.UpdatedAt = parseTime(created), parseTime(updated)
	return s, translate(err)
}

func parseDate(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, _ := time.Parse("2006-01-02", s.String)
	return t
}

func fmtDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

// StaffOfUnit lists a unit's staff (0 for every unit), active first, by name.
func (db *DB) StaffOfUnit(ctx context.Context, unitID int64, includeLeft bool) ([]Staff, error) {
	q := `SELECT ` + staffCols + ` FROM staff WHERE (? = 0 OR unit_id = ?)`
	if !includeLeft {
		q += ` AND left_on IS NULL`
	}
	q += ` ORDER BY left_on IS NOT NULL, full_name, id`
	rows, err := db.sql.QueryContext(ctx, q, unitID, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Staff
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// StaffByID loads one staff member.
func (db *DB) StaffByID(ctx context.Context, id int64) (Staff, error) {
	return scanStaff(db.sql.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff WHERE id = ?`, id))
}
