package storage

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Errors of RedeemLinkCode; each is also an ErrConflict.
var (
	ErrLinkSelf   = fmt.Errorf("%w: the identity already belongs to that person", ErrConflict)
	ErrLinkTaken  = fmt.Errorf("%w: the person already has an identity on this channel", ErrConflict)
	ErrLinkLinked = fmt.Errorf("%w: the identity's person has other identities", ErrConflict)
	ErrLinkUnits  = fmt.Errorf("%w: both are officers of different units", ErrConflict)
)

// linkAlphabet is Crockford's base32: no I, L, O or U, so a code read
// aloud or typed on a phone is not mistaken.
const linkAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// LinkCode is a one-time code that links another identity to a person.
// Code is shown as four groups of four characters (80 random bits); only
// its hash is stored.
type LinkCode struct {
	Code      string
	PersonID  int64
	ExpiresAt time.Time
}

// LinkResult is what RedeemLinkCode did.
type LinkResult struct {
	Person       Person // the person the identity now belongs to, after the merge
	MergedPerson int64  // the redeemer's former person, now removed (0: none)
	FormerRole   string // the redeemer's role before the link
}

// NormalizeLinkCode reads a code as typed: case, spaces and dashes do not
// matter, O reads as 0 and I or L as 1. It reports whether s is a
// well-formed code.
func NormalizeLinkCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '\t':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(linkAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != 16 {
		return "", false
	}
	return b.String(), true
}

func hashLinkCode(normalized string) string {
	h := sha256.Sum256([]byte(normalized))
	return hex.EncodeToString(h[:])
}

func newLinkCode() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	out := make([]byte, 0, 19)
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, linkAlphabet[x&31]) // 5 bits of each byte: 80 bits
	}
	return string(out)
}

// CreateLinkCode makes a one-time code for a person, valid for ttl. Codes
// the person made earlier and did not use stop working.
func (db *DB) CreateLinkCode(ctx context.Context, personID int64, ttl time.Duration) (LinkCode, error) {
	lc := LinkCode{Code: newLinkCode(), PersonID: personID, ExpiresAt: db.now().Add(ttl)}
	norm, _ := NormalizeLinkCode(lc.Code)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		if _, err := tx.ExecContext(ctx, `DELETE FROM link_code WHERE person_id = ? AND used_at IS NULL`, personID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO link_code(code, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashLinkCode(norm), personID, now, fmtTime(lc.ExpiresAt)); err != nil {
			return fmt.Errorf("create link code: %w", translate(err))
		}
		return audit(ctx, tx, now, personID, "", "link.code", "person", fmt.Sprint(personID), "")
	})
	return lc, err
}

var roleRank = map[string]int{RoleStranger: 0, RoleResident: 1, RoleOfficer: 2, RoleAdmin: 3}

// RedeemLinkCode links the identity (channel, externalID) to the person who
// made the code, in one transaction, and removes the identity's former
// person, whose records (subscription, nominations, authored rows …) move
// to the code's person.
//
// The linked person keeps the higher of the two roles, with that role's
// unit; on equal roles the code maker's role and unit stay. Linking never
// demotes anyone. Two officers of different units are not merged
// (ErrLinkUnits): the office decides.
//
// Errors: ErrNotFound (unknown code or identity), ErrUsed, ErrExpired,
// ErrLinkSelf (already the same person), ErrLinkTaken (the code maker has an
// identity on that channel already), ErrLinkLinked (the identity's person
// has other identities). On error nothing changes.
func (db *DB) RedeemLinkCode(ctx context.Context, code, channel, externalID string) (LinkResult, error) {
	var res LinkResult
	norm, ok := NormalizeLinkCode(code)
	if !ok {
		return res, ErrNotFound
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		var p1 int64
		var expires string
		var used sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT person_id, expires_at, used_at FROM link_code WHERE code = ?`, hashLinkCode(norm)).
			Scan(&p1, &expires, &used)
		if err != nil {
			return translate(err)
		}
		if used.Valid {
			return ErrUsed
		}
		if exp, _ := time.Parse(time.RFC3339Nano, expires); !db.now().Before(exp) {
			return ErrExpired
		}
		var p2 int64
		if err := tx.QueryRowContext(ctx, `SELECT person_id FROM identity WHERE channel = ? AND external_id = ?`, channel, externalID).
			Scan(&p2); err != nil {
			return translate(err)
		}
		if p2 == p1 {
			return ErrLinkSelf
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identity WHERE person_id = ? AND channel = ?`, p1, channel).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrLinkTaken
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identity WHERE person_id = ? AND NOT (channel = ? AND external_id = ?)`,
			p2, channel, externalID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrLinkLinked
		}
		maker, err := personByID(ctx, tx, p1)
		if err != nil {
			return err
		}
		other, err := personByID(ctx, tx, p2)
		if err != nil {
			return err
		}
		merged := maker
		if maker.Role == RoleOfficer && other.Role == RoleOfficer && maker.UnitID != other.UnitID {
			return ErrLinkUnits
		}
		if roleRank[other.Role] > roleRank[maker.Role] {
			merged.Role, merged.UnitID = other.Role, other.UnitID
		}
		if merged.Name == "" {
			merged.Name = other.Name
		}
		if _, err := tx.ExecContext(ctx, `UPDATE link_code SET used_at = ? WHERE code = ?`, now, hashLinkCode(norm)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM link_code WHERE person_id = ?`, p2); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE identity SET person_id = ? WHERE channel = ? AND external_id = ?`, p1, channel, externalID); err != nil {
			return err
		}
		if err := movePersonRefs(ctx, tx, p2, p1); err != nil {
			return err
		}
		var unit any
		if merged.UnitID != 0 {
			unit = merged.UnitID
		}
		if _, err := tx.ExecContext(ctx, `UPDATE person SET name = ?, role = ?, unit_id = ?, updated_at = ? WHERE id = ?`,
			merged.Name, merged.Role, unit, now, p1); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person WHERE id = ?`, p2); err != nil {
			return fmt.Errorf("remove merged person %d: %w", p2, err)
		}
		detail := fmt.Sprintf("channel=%s merged_person=%d former_role=%s role=%s", channel, p2, other.Role, merged.Role)
		if err := audit(ctx, tx, now, p1, "", "identity.link", "person", fmt.Sprint(p1), detail); err != nil {
			return err
		}
		res = LinkResult{Person: merged, MergedPerson: p2, FormerRole: other.Role}
		return nil
	})
	return res, err
}

// movePersonRefs points every column that references person(id) from one
// person to another. It reads the references from the schema, so tables
// added by later migrations are covered too. A row that would collide with
// a unique key of the target (say, both people subscribed) is dropped: the
// target's row wins.
func movePersonRefs(ctx context.Context, tx *sql.Tx, from, to int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND f."table" = 'person' AND m.name <> 'identity'`)
	if err != nil {
		return fmt.Errorf("list references to person: %w", err)
	}
	type ref struct{ table, col string }
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.table, &r.col); err != nil {
			rows.Close()
			return err
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range refs {
		t, c := quoteIdent(r.table), quoteIdent(r.col)
		if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE `+t+` SET `+c+` = ? WHERE `+c+` = ?`, to, from); err != nil {
			return fmt.Errorf("move %s.%s: %w", r.table, r.col, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE `+c+` = ?`, from); err != nil {
			return fmt.Errorf("drop duplicate %s.%s: %w", r.table, r.col, err)
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
