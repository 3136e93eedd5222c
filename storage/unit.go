package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Unit is a responsible unit of the plan.
type Unit struct {
	ID       int64
	Code     string
	Name     string
	Kind     string
	ParentID int64
	Lead     bool
	Duties   []string
}

// UnitSpec is a unit as the plan file describes it.
type UnitSpec struct {
	Code, Name, Kind, Parent string
	Lead                     bool
	Duties                   []string
}

// SavePlan records the plan text and upserts its units by code, in one
// transaction. Units missing from the plan are kept (never deleted).
func (db *DB) SavePlan(ctx context.Context, name, source string, body []byte, units []UnitSpec) error {
	now := db.stamp()
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO plan(id, name, source, body, loaded_at) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source, body = excluded.body, loaded_at = excluded.loaded_at`,
			name, source, string(body), now); err != nil {
			return fmt.Errorf("save plan: %w", err)
		}
		for i, u := range units {
			if _, err := tx.ExecContext(ctx, `INSERT INTO unit(code, name, kind, is_lead, duties, sort, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, is_lead = excluded.is_lead,
				duties = excluded.duties, sort = excluded.sort, active = 1, updated_at = excluded.updated_at`,
				u.Code, u.Name, u.Kind, u.Lead, strings.Join(u.Duties, "\n"), i, now, now); err != nil {
				return fmt.Errorf("save unit %s: %w", u.Code, err)
			}
		}
		for _, u := range units {
			var parent any
			if u.Parent != "" {
				parent = u.Parent
			}
			if _, err := tx.ExecContext(ctx, `UPDATE unit SET parent_id = (SELECT id FROM unit WHERE code = ?) WHERE code = ?`, parent, u.Code); err != nil {
				return fmt.Errorf("save unit parent %s: %w", u.Code, err)
			}
		}
		return nil
	})
}

const unitCols = `id, code, name, kind, COALESCE(parent_id, 0), is_lead, duties`

func scanUnit(sc interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	var duties string
	err := sc.Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &u.ParentID, &u.Lead, &duties)
	if duties != "" {
		u.Duties = strings.Split(duties, "\n")
	}
	return u, translate(err)
}

// Units lists the active units in plan order.
func (db *DB) Units(ctx context.Context) ([]Unit, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+unitCols+` FROM unit WHERE active = 1 ORDER BY sort, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Unit loads one unit by id.
func (db *DB) Unit(ctx context.Context, id int64) (Unit, error) {
	return scanUnit(db.sql.QueryRowContext(ctx, `SELECT `+unitCols+` FROM unit WHERE id = ?`, id))
}

// UnitByCode loads one unit by its plan code.
func (db *DB) UnitByCode(ctx context.Context, code string) (Unit, error) {
	return scanUnit(db.sql.QueryRowContext(ctx, `SELECT `+unitCols+` FROM unit WHERE code = ?`, code))
}

// LeadUnit is the office (the unit with lead: true).
func (db *DB) LeadUnit(ctx context.Context) (Unit, error) {
	return scanUnit(db.sql.QueryRowContext(ctx, `SELECT `+unitCols+` FROM unit WHERE is_lead = 1 AND active = 1 ORDER BY id LIMIT 1`))
}
