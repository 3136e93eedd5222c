package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Subscriber is a person who consented to receive outreach (SPEC §5,
// Personal data). Interests are short codes; OptedOutAt is zero while
// subscribed.
type Subscriber struct {
	PersonID       int64
	ConsentVersion string
	ConsentAt      time.Time
	Village        string
	Interests      []string
	OptedOutAt     time.Time
}

// Active reports whether the person still wants outreach.
func (s Subscriber) Active() bool { return s.OptedOutAt.IsZero() }

// GiveConsent records a person's consent (its version and time) and starts
// or resumes their subscription, all or nothing (group commit). A stranger
// becomes a resident. The village and interests already stored are kept.
func (db *DB) GiveConsent(ctx context.Context, personID int64, version string) error {
	return db.grouped(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := db.stamp()
		if _, err := tx.ExecContext(ctx, `INSERT INTO subscriber(person_id, consent_version, consent_at) VALUES (?, ?, ?)
			ON CONFLICT(person_id) DO UPDATE SET consent_version = excluded.consent_version,
			consent_at = excluded.consent_at, opted_out_at = NULL`, personID, version, now); err != nil {
			return fmt.Errorf("save consent of person %d: %w", personID, translate(err))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE person SET role = 'resident', updated_at = ? WHERE id = ? AND role = 'stranger'`,
			now, personID); err != nil {
			return err
		}
		return audit(ctx, tx, now, personID, "", "subscriber.consent", "subscriber", "", version)
	})
}

// SetVillage stores the subscriber's village; ErrNotFound without consent.
func (db *DB) SetVillage(ctx context.Context, personID int64, village string) error {
	return db.updateSubscriber(ctx, `village = ?`, village, personID)
}

// SetInterests stores the subscriber's interests; ErrNotFound without consent.
func (db *DB) SetInterests(ctx context.Context, personID int64, interests []string) error {
	return db.updateSubscriber(ctx, `interests = ?`, strings.Join(interests, ","), personID)
}

func (db *DB) updateSubscriber(ctx context.Context, set string, v any, personID int64) error {
	return db.grouped(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE subscriber SET `+set+` WHERE person_id = ?`, v, personID)
		if err != nil {
			return translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Subscriber loads a person's subscription; ErrNotFound when there is none.
func (db *DB) Subscriber(ctx context.Context, personID int64) (Subscriber, error) {
	var s Subscriber
	var at, out sql.NullString
	var interests string
	err := db.sql.QueryRowContext(ctx, `SELECT person_id, consent_version, consent_at, village, interests, opted_out_at
		FROM subscriber WHERE person_id = ?`, personID).Scan(&s.PersonID, &s.ConsentVersion, &at, &s.Village, &interests, &out)
	if err != nil {
		return s, translate(err)
	}
	s.ConsentAt, s.OptedOutAt = parseTime(at), parseTime(out)
	if interests != "" {
		s.Interests = strings.Split(interests, ",")
	}
	return s, nil
}

// OptOut ends a subscription at once: no further outreach, and the bulk
// messages still waiting for the person are dropped. It reports false when
// the person was not subscribed.
func (db *DB) OptOut(ctx context.Context, personID int64) (bool, error) {
	done := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		res, err := tx.ExecContext(ctx, `UPDATE subscriber SET opted_out_at = ? WHERE person_id = ? AND opted_out_at IS NULL`, now, personID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		done = true
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE state = 'pending'
			AND (announcement_id IS NOT NULL OR dedup_key LIKE 'vac:%')
			AND EXISTS (SELECT 1 FROM identity i WHERE i.person_id = ? AND i.channel = outbox.channel AND i.chat_id = outbox.chat_id)`,
			personID); err != nil {
			return fmt.Errorf("drop pending outreach: %w", err)
		}
		return audit(ctx, tx, now, personID, "", "subscriber.opt_out", "subscriber", "", "")
	})
	return done, err
}

// Forget erases a person's data (SPEC §5, Personal data) in one
// transaction: subscription, their own talent-pool rows, conversations,
// stored updates, every outbox row to their chats (pending ones dropped,
// finished ones stripped of chat id and content so announcement counts stay
// right), identities and the person. Audit entries keep no link to them; one
// anonymous entry records that an erasure happened.
func (db *DB) Forget(ctx context.Context, personID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		ids, err := forgetIdentities(ctx, tx, personID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			steps := []struct {
				what string
				q    string
				args []any
			}{
				{"pending messages", `DELETE FROM outbox WHERE channel = ? AND chat_id = ? AND state = 'pending'`, []any{id.Channel, id.ChatID}},
				{"sent messages", `UPDATE outbox SET chat_id = '', payload = '{}', dedup_key = NULL, last_error = ''
					WHERE channel = ? AND chat_id = ?`, []any{id.Channel, id.ChatID}},
				{"conversation", `DELETE FROM conversation WHERE channel = ? AND user_id = ?`, []any{id.Channel, id.ExternalID}},
				{"stored updates", `DELETE FROM inbound WHERE channel = ? AND CASE WHEN json_valid(payload)
					THEN json_extract(payload, '$.user_id') = ? OR json_extract(payload, '$.chat_id') = ? ELSE 0 END`, []any{id.Channel, id.ExternalID, id.ChatID}},
			}
			for _, s := range steps {
				if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
					return fmt.Errorf("erase %s: %w", s.what, err)
				}
			}
		}
		for _, q := range []string{
			`DELETE FROM candidate WHERE person_id = ?`,
			`DELETE FROM subscriber WHERE person_id = ?`,
			`DELETE FROM link_code WHERE person_id = ?`,
			`DELETE FROM identity WHERE person_id = ?`,
			`UPDATE audit SET actor_id = NULL, actor = '' WHERE actor_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, personID); err != nil {
				return fmt.Errorf("erase person %d: %w", personID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM person WHERE id = ?`, personID); err != nil {
			// Still referenced (e.g. as the author of a staff record): keep
			// an empty shell without name, role or unit.
			if _, err := tx.ExecContext(ctx, `UPDATE person SET name = '', role = 'stranger', unit_id = NULL, updated_at = ? WHERE id = ?`,
				db.stamp(), personID); err != nil {
				return fmt.Errorf("erase person %d: %w", personID, err)
			}
		}
		return audit(ctx, tx, db.stamp(), 0, "", "person.erase", "", "", "")
	})
}

func forgetIdentities(ctx context.Context, tx *sql.Tx, personID int64) ([]Identity, error) {
	rows, err := tx.QueryContext(ctx, `SELECT channel, external_id, chat_id FROM identity WHERE person_id = ?`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Identity
	for rows.Next() {
		i := Identity{PersonID: personID}
		if err := rows.Scan(&i.Channel, &i.ExternalID, &i.ChatID); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// TextColumns lists every text column of every table (tests that check an
// erasure scan them all).
func (db *DB) TextColumns(ctx context.Context) (map[string][]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND (p.type = 'TEXT' OR p.type = '')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		out[t] = append(out[t], c)
	}
	return out, rows.Err()
}

// CountContaining counts the rows of table whose column contains s (tests).
// table and column must come from TextColumns.
func (db *DB) CountContaining(ctx context.Context, table, column, s string) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE instr(CAST(%q AS TEXT), ?) > 0`, table, column), s).Scan(&n)
	return n, err
}
