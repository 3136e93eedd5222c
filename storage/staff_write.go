package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// AddStaff saves a new staff member of s.UnitID, recorded as created by
// person by, and writes the audit entry in the same transaction.
func (db *DB) AddStaff(ctx context.Context, by int64, s Staff) (Staff, error) {
	now := db.stamp()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO staff(unit_id, full_name, birth_year, sex, ethnic_code, national_id, category, position,
			level_professional, level_political, level_state_mgmt, level_digital, in_planning, joined_on, left_on, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.UnitID, s.FullName, s.BirthYear, s.Sex, s.EthnicCode, s.NationalID, s.Category, s.Position,
			s.LevelProfessional, s.LevelPolitical, s.LevelStateMgmt, s.LevelDigital, s.InPlanning, fmtDate(s.JoinedOn), fmtDate(s.LeftOn),
			nullID(by), now, now)
		if err != nil {
			return fmt.Errorf("add staff: %w", translate(err))
		}
		s.ID, _ = res.LastInsertId()
		return audit(ctx, tx, now, by, "", "staff.add", "staff", fmt.Sprint(s.ID), fmt.Sprintf("unit=%d", s.UnitID))
	})
	if err != nil {
		return Staff{}, err
	}
	return db.StaffByID(ctx, s.ID)
}

// UnitStaff loads staff member id only if they belong to unitID; a member
// of another unit is ErrNotFound, so a caller never learns they exist.
func (db *DB) UnitStaff(ctx context.Context, unitID, id int64) (Staff, error) {
	return scanStaff(db.sql.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff WHERE id = ? AND unit_id = ?`, id, unitID))
}

// SaveStaff writes the editable fields of s (everything but the unit, the
// left date and the creation stamps) to the member of unitID with s.ID,
// auditing which field changed. ErrNotFound when s is not in that unit.
func (db *DB) SaveStaff(ctx context.Context, by, unitID int64, s Staff, field string) error {
	now := db.stamp()
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE staff SET full_name = ?, birth_year = ?, sex = ?, ethnic_code = ?, national_id = ?,
			category = ?, position = ?, level_professional = ?, level_political = ?, level_state_mgmt = ?, level_digital = ?,
			in_planning = ?, joined_on = ?, updated_at = ? WHERE id = ? AND unit_id = ?`,
			s.FullName, s.BirthYear, s.Sex, s.EthnicCode, s.NationalID, s.Category, s.Position, s.LevelProfessional,
			s.LevelPolitical, s.LevelStateMgmt, s.LevelDigital, s.InPlanning, fmtDate(s.JoinedOn), now, s.ID, unitID)
		if err := affected(res, err); err != nil {
			return fmt.Errorf("save staff %d: %w", s.ID, err)
		}
		return audit(ctx, tx, now, by, "", "staff.edit", "staff", fmt.Sprint(s.ID), "field="+field)
	})
}

// MarkStaffLeft records that staff member id of unitID left on the given
// date; the record is kept for history. ErrNotFound when not in that unit,
// ErrConflict when already marked.
func (db *DB) MarkStaffLeft(ctx context.Context, by, unitID, id int64, on time.Time) error {
	now := db.stamp()
	return db.tx(ctx, func(tx *sql.Tx) error {
		var left sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT left_on FROM staff WHERE id = ? AND unit_id = ?`, id, unitID).Scan(&left); err != nil {
			return translate(err)
		}
		if left.Valid {
			return ErrConflict
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET left_on = ?, updated_at = ? WHERE id = ?`, fmtDate(on), now, id); err != nil {
			return err
		}
		return audit(ctx, tx, now, by, "", "staff.left", "staff", fmt.Sprint(id), "")
	})
}

// StaffDuplicates finds likely duplicates of a new record in every unit:
// the same national ID, or the same name (case and spacing ignored) and
// birth year.
func (db *DB) StaffDuplicates(ctx context.Context, nationalID, fullName string, birthYear int) ([]Staff, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+staffCols+` FROM staff WHERE (national_id <> '' AND national_id = ?) OR birth_year = ?
		ORDER BY id`, nationalID, birthYear)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	want := nameKey(fullName)
	var out []Staff
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		if (nationalID != "" && s.NationalID == nationalID) || (s.BirthYear == birthYear && nameKey(s.FullName) == want) {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

func nameKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// nullID stores 0 as NULL in a reference column.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// affected turns "no row changed" into ErrNotFound.
func affected(res sql.Result, err error) error {
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
