package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated, Unchanged int
}

// ImportStaff saves validated staff rows in one transaction: a row matches
// an existing staff member by national ID when it has one, else by unit,
// name (case and spacing aside) and birth year; a match is updated, never
// duplicated, and keeps its national ID when the row has none. Every
// created or changed record and the import itself are audited. Any error
// rolls everything back.
func (db *DB) ImportStaff(ctx context.Context, rows []Staff, actorID int64, actor, source string) (ImportResult, error) {
	var res ImportResult
	now := db.stamp()
	err := db.tx(ctx, func(tx *sql.Tx) error {
		byID, byKey, err := importLoadStaff(ctx, tx)
		if err != nil {
			return err
		}
		for i, s := range rows {
			cur, found := Staff{}, false
			if s.NationalID != "" {
				cur, found = byID[s.NationalID]
			}
			if !found {
				cur, found = byKey[importMatchKey(s.UnitID, s.FullName, s.BirthYear)]
			}
			if !found {
				id, err := importInsertStaff(ctx, tx, now, s, actorID)
				if err != nil {
					return fmt.Errorf("import row %d: %w", i+1, err)
				}
				s.ID = id
				res.Created++
				if err := audit(ctx, tx, now, actorID, actor, "staff.import.create", "staff", strconv.FormatInt(id, 10), ""); err != nil {
					return err
				}
			} else {
				s.ID = cur.ID
				if s.NationalID == "" {
					s.NationalID = cur.NationalID
				}
				if importSameStaff(cur, s) {
					res.Unchanged++
					continue
				}
				if err := importUpdateStaff(ctx, tx, now, s); err != nil {
					return fmt.Errorf("import row %d: %w", i+1, err)
				}
				res.Updated++
				if err := audit(ctx, tx, now, actorID, actor, "staff.import.update", "staff", strconv.FormatInt(s.ID, 10), ""); err != nil {
					return err
				}
			}
			if s.NationalID != "" {
				byID[s.NationalID] = s
			}
			byKey[importMatchKey(s.UnitID, s.FullName, s.BirthYear)] = s
		}
		detail := fmt.Sprintf("source=%s created=%d updated=%d unchanged=%d", source, res.Created, res.Updated, res.Unchanged)
		return audit(ctx, tx, now, actorID, actor, "staff.import", "staff", "", detail)
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// importMatchKey identifies a staff member without a national ID.
func importMatchKey(unitID int64, name string, birthYear int) string {
	return strconv.FormatInt(unitID, 10) + "\x00" + strings.ToLower(strings.Join(strings.Fields(name), " ")) + "\x00" + strconv.Itoa(birthYear)
}

func importLoadStaff(ctx context.Context, tx *sql.Tx) (map[string]Staff, map[string]Staff, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+staffCols+` FROM staff`)
	if err != nil {
		return nil, nil, fmt.Errorf("import: load staff: %w", err)
	}
	defer rows.Close()
	byID, byKey := map[string]Staff{}, map[string]Staff{}
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, nil, err
		}
		if s.NationalID != "" {
			byID[s.NationalID] = s
		}
		byKey[importMatchKey(s.UnitID, s.FullName, s.BirthYear)] = s
	}
	return byID, byKey, rows.Err()
}

// importSameStaff compares the fields an import sets.
func importSameStaff(a, b Staff) bool {
	return a.UnitID == b.UnitID && a.FullName == b.FullName && a.BirthYear == b.BirthYear && a.Sex == b.Sex &&
		a.EthnicCode == b.EthnicCode && a.NationalID == b.NationalID && a.Category == b.Category && a.Position == b.Position &&
		a.LevelProfessional == b.LevelProfessional && a.LevelPolitical == b.LevelPolitical && a.LevelStateMgmt == b.LevelStateMgmt &&
		a.LevelDigital == b.LevelDigital && a.InPlanning == b.InPlanning && a.JoinedOn.Equal(b.JoinedOn) && a.LeftOn.Equal(b.LeftOn)
}

func importInsertStaff(ctx context.Context, tx *sql.Tx, now string, s Staff, actorID int64) (int64, error) {
	var by any
	if actorID != 0 {
		by = actorID
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO staff(unit_id, full_name, birth_year, sex, ethnic_code, national_id, category, position,
			level_professional, level_political, level_state_mgmt, level_digital, in_planning, joined_on, left_on,
			created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.UnitID, s.FullName, s.BirthYear, s.Sex, s.EthnicCode, s.NationalID, s.Category, s.Position,
		s.LevelProfessional, s.LevelPolitical, s.LevelStateMgmt, s.LevelDigital, s.InPlanning, fmtDate(s.JoinedOn), fmtDate(s.LeftOn),
		by, now, now)
	if err != nil {
		return 0, translate(err)
	}
	return r.LastInsertId()
}

func importUpdateStaff(ctx context.Context, tx *sql.Tx, now string, s Staff) error {
	_, err := tx.ExecContext(ctx, `UPDATE staff SET unit_id = ?, full_name = ?, birth_year = ?, sex = ?, ethnic_code = ?,
			national_id = ?, category = ?, position = ?, level_professional = ?, level_political = ?, level_state_mgmt = ?,
			level_digital = ?, in_planning = ?, joined_on = ?, left_on = ?, updated_at = ?
		WHERE id = ?`,
		s.UnitID, s.FullName, s.BirthYear, s.Sex, s.EthnicCode, s.NationalID, s.Category, s.Position,
		s.LevelProfessional, s.LevelPolitical, s.LevelStateMgmt, s.LevelDigital, s.InPlanning, fmtDate(s.JoinedOn), fmtDate(s.LeftOn),
		now, s.ID)
	return translate(err)
}
