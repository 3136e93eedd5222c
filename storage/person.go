package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// Roles a person can hold (SPEC §2).
const (
	RoleStranger = "stranger"
	RoleResident = "resident"
	RoleOfficer  = "officer"
	RoleAdmin    = "admin"
)

// Person is one human, reachable through one or more identities.
type Person struct {
	ID     int64
	Name   string
	Role   string
	UnitID int64
}

// Identity is a (channel, user id) pair bound to a person.
type Identity struct {
	Channel     string
	ExternalID  string
	PersonID    int64
	DisplayName string
	ChatID      string
	Blocked     bool
}

// EnsurePerson returns the person behind an identity, creating a stranger
// when the identity is new. The display name and chat id are refreshed.
func (db *DB) EnsurePerson(ctx context.Context, channel, externalID, displayName, chatID string) (Person, error) {
	// Fast path without a write transaction, in one read: the identity
	// exists, unchanged.
	var p Person
	var oldName, oldChat string
	var blocked bool
	err := db.queryRow(ctx, `SELECT p.id, p.name, p.role, COALESCE(p.unit_id, 0), i.display_name, i.chat_id, i.blocked_at IS NOT NULL
		FROM identity i JOIN person p ON p.id = i.person_id WHERE i.channel = ? AND i.external_id = ?`, channel, externalID).
		Scan(&p.ID, &p.Name, &p.Role, &p.UnitID, &oldName, &oldChat, &blocked)
	if err == nil && (displayName == "" || displayName == oldName) && (chatID == "" || chatID == oldChat) && (!blocked || chatID == "") {
		return p, nil
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = ensurePerson(ctx, tx, db.stamp(), channel, externalID, displayName, chatID)
		return err
	})
	return p, err
}

func ensurePerson(ctx context.Context, tx *sql.Tx, now, channel, externalID, displayName, chatID string) (Person, error) {
	var pid int64
	var oldName, oldChat string
	var blocked bool
	err := tx.QueryRowContext(ctx, `SELECT person_id, display_name, chat_id, blocked_at IS NOT NULL FROM identity
		WHERE channel = ? AND external_id = ?`, channel, externalID).Scan(&pid, &oldName, &oldChat, &blocked)
	switch {
	case err == sql.ErrNoRows:
		res, err := tx.ExecContext(ctx, `INSERT INTO person(name, role, created_at, updated_at) VALUES (?, 'stranger', ?, ?)`,
			displayName, now, now)
		if err != nil {
			return Person{}, fmt.Errorf("create person: %w", err)
		}
		pid, _ = res.LastInsertId()
		if chatID == "" {
			chatID = externalID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity(channel, external_id, person_id, display_name, chat_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, channel, externalID, pid, displayName, chatID, now); err != nil {
			return Person{}, fmt.Errorf("create identity: %w", translate(err))
		}
	case err != nil:
		return Person{}, err
	default:
		// A user who writes has not blocked the bot (any more).
		if blocked && chatID != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE identity SET blocked_at = NULL WHERE channel = ? AND external_id = ?`,
				channel, externalID); err != nil {
				return Person{}, err
			}
		}
		if (displayName != "" && displayName != oldName) || (chatID != "" && chatID != oldChat) {
			if displayName == "" {
				displayName = oldName
			}
			if chatID == "" {
				chatID = oldChat
			}
			if _, err := tx.ExecContext(ctx, `UPDATE identity SET display_name = ?, chat_id = ? WHERE channel = ? AND external_id = ?`,
				displayName, chatID, channel, externalID); err != nil {
				return Person{}, err
			}
		}
	}
	return personByID(ctx, tx, pid)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func personByID(ctx context.Context, q queryer, id int64) (Person, error) {
	var p Person
	err := q.QueryRowContext(ctx, `SELECT id, name, role, COALESCE(unit_id, 0) FROM person WHERE id = ?`, id).
		Scan(&p.ID, &p.Name, &p.Role, &p.UnitID)
	return p, translate(err)
}

// Person loads a person by id.
func (db *DB) Person(ctx context.Context, id int64) (Person, error) {
	return personByID(ctx, db.sql, id)
}

// PersonByIdentity finds the person behind an identity; ErrNotFound if none.
func (db *DB) PersonByIdentity(ctx context.Context, channel, externalID string) (Person, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, `SELECT person_id FROM identity WHERE channel = ? AND external_id = ?`, channel, externalID).Scan(&id)
	if err != nil {
		return Person{}, translate(err)
	}
	return db.Person(ctx, id)
}

// SetRole sets a person's role and unit (unit 0 for none).
func (db *DB) SetRole(ctx context.Context, personID int64, role string, unitID int64) error {
	var unit any
	if unitID != 0 {
		unit = unitID
	}
	res, err := db.w.ExecContext(ctx, `UPDATE person SET role = ?, unit_id = ?, updated_at = ? WHERE id = ?`, role, unit, db.stamp(), personID)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// MakeAdmin binds an identity (created if new) to the office as an admin.
func (db *DB) MakeAdmin(ctx context.Context, channel, externalID string) (Person, error) {
	var p Person
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = ensurePerson(ctx, tx, db.stamp(), channel, externalID, "", "")
		if err != nil {
			return err
		}
		if p.Role == RoleAdmin {
			return nil
		}
		var lead sql.NullInt64
		tx.QueryRowContext(ctx, `SELECT id FROM unit WHERE is_lead = 1 ORDER BY id LIMIT 1`).Scan(&lead)
		if _, err := tx.ExecContext(ctx, `UPDATE person SET role = 'admin', unit_id = ?, updated_at = ? WHERE id = ?`,
			lead, db.stamp(), p.ID); err != nil {
			return err
		}
		p.Role = RoleAdmin
		p.UnitID = lead.Int64
		return nil
	})
	return p, err
}

// CountAdmins counts office admins.
func (db *DB) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM person WHERE role = 'admin'`).Scan(&n)
	return n, err
}

// Identities lists the identities of a person.
func (db *DB) Identities(ctx context.Context, personID int64) ([]Identity, error) {
	return db.identities(ctx, `WHERE person_id = ?`, personID)
}

// UnitOfficers lists the identities of a unit's officers.
func (db *DB) UnitOfficers(ctx context.Context, unitID int64) ([]Identity, error) {
	return db.identities(ctx, `WHERE person_id IN (SELECT id FROM person WHERE role = 'officer' AND unit_id = ?)`, unitID)
}

// AdminIdentities lists the identities of every office admin.
func (db *DB) AdminIdentities(ctx context.Context) ([]Identity, error) {
	return db.identities(ctx, `WHERE person_id IN (SELECT id FROM person WHERE role = 'admin')`)
}

func (db *DB) identities(ctx context.Context, where string, args ...any) ([]Identity, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT channel, external_id, person_id, display_name, chat_id, blocked_at IS NOT NULL
		FROM identity `+where+` ORDER BY person_id, channel, external_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Identity
	for rows.Next() {
		var i Identity
		if err := rows.Scan(&i.Channel, &i.ExternalID, &i.PersonID, &i.DisplayName, &i.ChatID, &i.Blocked); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// MarkBlocked records that a chat blocked the bot (or was deactivated) and
// gives up the messages still waiting for it (state blocked), in one
// transaction.
func (db *DB) MarkBlocked(ctx context.Context, channel, chatID string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE identity SET blocked_at = ? WHERE channel = ? AND chat_id = ? AND blocked_at IS NULL`,
			db.stamp(), channel, chatID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET state = 'blocked', last_error = 'recipient blocked the bot'
			WHERE channel = ? AND chat_id = ? AND state = 'pending'`, channel, chatID)
		return err
	})
}

// Unblock clears the blocked mark when the user writes again.
func (db *DB) Unblock(ctx context.Context, channel, externalID string) error {
	_, err := db.w.ExecContext(ctx, `UPDATE identity SET blocked_at = NULL WHERE channel = ? AND external_id = ? AND blocked_at IS NOT NULL`,
		channel, externalID)
	return err
}

// MoveChat changes a chat id (Telegram group migrated to a supergroup).
func (db *DB) MoveChat(ctx context.Context, channel, from, to string) error {
	_, err := db.w.ExecContext(ctx, `UPDATE identity SET chat_id = ? WHERE channel = ? AND chat_id = ?`, to, channel, from)
	if err != nil {
		return err
	}
	_, err = db.w.ExecContext(ctx, `UPDATE outbox SET chat_id = ? WHERE channel = ? AND chat_id = ? AND state = 'pending'`, to, channel, from)
	return err
}
