package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"time"
)

// Invite is a single-use code that binds its redeemer to a unit as officer.
type Invite struct {
	Code      string
	UnitID    int64
	ExpiresAt time.Time
}

// NewCode returns a random URL-safe code of n random bytes (n*8 bits).
func NewCode(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// CreateInvite creates an invite for a unit, valid for ttl. The code carries
// 96 random bits in 16 characters of A-Za-z0-9_- (fits a deep link).
func (db *DB) CreateInvite(ctx context.Context, unitID, byPerson int64, ttl time.Duration) (Invite, error) {
	inv := Invite{Code: NewCode(12), UnitID: unitID, ExpiresAt: db.now().Add(ttl)}
	var by any
	if byPerson != 0 {
		by = byPerson
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO invite(code, unit_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			inv.Code, unitID, by, db.stamp(), fmtTime(inv.ExpiresAt)); err != nil {
			return fmt.Errorf("create invite: %w", translate(err))
		}
		return audit(ctx, tx, db.stamp(), byPerson, "", "invite.create", "unit", fmt.Sprint(unitID), "")
	})
	return inv, err
}

// RedeemInvite binds a person to the invite's unit as officer, in one
// transaction. It returns ErrNotFound for an unknown code, ErrUsed when the
// code was used and ErrExpired when it expired; then nothing changes.
func (db *DB) RedeemInvite(ctx context.Context, code string, personID int64) (Unit, error) {
	var u Unit
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var unitID int64
		var expires string
		var used sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT unit_id, expires_at, used_at FROM invite WHERE code = ?`, code).Scan(&unitID, &expires, &used)
		if err != nil {
			return translate(err)
		}
		if used.Valid {
			return ErrUsed
		}
		exp, _ := time.Parse(time.RFC3339Nano, expires)
		if !db.now().Before(exp) {
			return ErrExpired
		}
		now := db.stamp()
		if _, err := tx.ExecContext(ctx, `UPDATE invite SET used_at = ?, used_by = ? WHERE code = ?`, now, personID, code); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE person SET role = 'officer', unit_id = ?, updated_at = ? WHERE id = ?`, unitID, now, personID); err != nil {
			return err
		}
		if err := audit(ctx, tx, now, personID, "", "invite.join", "unit", fmt.Sprint(unitID), ""); err != nil {
			return err
		}
		u, err = scanUnit(tx.QueryRowContext(ctx, `SELECT `+unitCols+` FROM unit WHERE id = ?`, unitID))
		return err
	})
	return u, err
}
