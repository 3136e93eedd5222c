package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"
)

// Outbox states.
const (
	OutPending = "pending"
	OutSent    = "sent"
	OutFailed  = "failed"
	OutBlocked = "blocked"
)

// OutMsg is one message waiting in (or sent from) the outbox. Payload is the
// channel-neutral reply, encoded by the bot package.
type OutMsg struct {
	ID             int64
	Channel        string
	ChatID         string
	Payload        []byte
	Priority       int // 0 interactive replies, 1 bulk
	DedupKey       string
	AnnouncementID int64
	Attempts       int
	NotBefore      time.Time
}

// insertOutSQL queues one message. A message for a chat that blocked the bot
// is given up at once (state blocked), so nothing more is sent there until
// the user writes again.
const insertOutSQL = `INSERT INTO outbox(channel, chat_id, payload, priority, next_try_at, announcement_id, dedup_key, created_at, state)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM identity WHERE channel = ? AND chat_id = ? AND blocked_at IS NOT NULL)
	THEN 'blocked' ELSE 'pending' END) ON CONFLICT(dedup_key) DO NOTHING`

func insertOutArgs(now time.Time, m OutMsg) []any {
	next := m.NotBefore
	if next.IsZero() {
		next = now
	}
	var dedup, ann any
	if m.DedupKey != "" {
		dedup = m.DedupKey
	}
	if m.AnnouncementID != 0 {
		ann = m.AnnouncementID
	}
	return []any{m.Channel, m.ChatID, string(m.Payload), m.Priority, fmtTime(next), ann, dedup, fmtTime(now), m.Channel, m.ChatID}
}

func insertOut(ctx context.Context, tx *sql.Tx, now time.Time, m OutMsg) (bool, error) {
	res, err := tx.ExecContext(ctx, insertOutSQL, insertOutArgs(now, m)...)
	return insertedOut(m, res, err)
}

// insertOut is insertOut with the statement prepared once (the commit of
// each handled update queues its replies with it).
func (db *DB) insertOut(ctx context.Context, tx *sql.Tx, now time.Time, m OutMsg) (bool, error) {
	res, err := db.txExec(ctx, tx, insertOutSQL, insertOutArgs(now, m)...)
	return insertedOut(m, res, err)
}

func insertedOut(m OutMsg, res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("queue message to %s/%s: %w", m.Channel, m.ChatID, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Enqueue adds messages to the outbox in one transaction. A message whose
// DedupKey is already present is skipped; Enqueue returns how many were added.
func (db *DB) Enqueue(ctx context.Context, msgs []OutMsg) (int, error) {
	added := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		added = 0
		now := db.now()
		for _, m := range msgs {
			ok, err := db.insertOut(ctx, tx, now, m)
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		return nil
	})
	return added, err
}

// DueOutbox lists pending messages of a channel whose time has come,
// interactive before bulk, then in the order they became due (the order of
// next_try_at, then of id: messages are queued due now, so a chat's fresh
// messages keep their queueing order), skipping the ids in exclude. That is
// the order of the index outbox_due, so a page costs the same whether ten
// or a hundred thousand messages wait (sorting them by id alone took 20 ms
// per page of a 20,000-recipient broadcast).
func (db *DB) DueOutbox(ctx context.Context, channel string, limit int, exclude []int64) ([]OutMsg, error) {
	// The ids to skip travel as one JSON array, so the statement is the
	// same whatever their number and is prepared once.
	skip := make([]byte, 0, 2+len(exclude)*8)
	skip = append(skip, '[')
	for i, id := range exclude {
		if i > 0 {
			skip = append(skip, ',')
		}
		skip = strconv.AppendInt(skip, id, 10)
	}
	skip = append(skip, ']')
	st, err := db.prepared(ctx, `SELECT id, channel, chat_id, payload, priority, COALESCE(dedup_key, ''), COALESCE(announcement_id, 0), attempts
		FROM outbox WHERE state = 'pending' AND channel = ? AND next_try_at <= ?
		AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY priority, next_try_at, id LIMIT ?`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, channel, fmtTime(db.now()), string(skip), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutMsg
	for rows.Next() {
		var m OutMsg
		var p string
		if err := rows.Scan(&m.ID, &m.Channel, &m.ChatID, &p, &m.Priority, &m.DedupKey, &m.AnnouncementID, &m.Attempts); err != nil {
			return nil, err
		}
		m.Payload = []byte(p)
		out = append(out, m)
	}
	return out, rows.Err()
}

// NextOutboxTime is when the earliest pending message of a channel is due
// (zero when none is pending).
func (db *DB) NextOutboxTime(ctx context.Context, channel string) (time.Time, error) {
	var s sql.NullString
	err := db.queryRow(ctx, `SELECT MIN(next_try_at) FROM outbox WHERE state = 'pending' AND channel = ?`, channel).Scan(&s)
	return parseTime(s), err
}

const markSentSQL = `UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?`

// MarkSent records a delivered message; it returns once that is committed,
// possibly together with other writes (group commit).
func (db *DB) MarkSent(ctx context.Context, id int64) error {
	return db.grouped(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := db.txExec(ctx, tx, markSentSQL, db.stamp(), id)
		return err
	})
}

// MarkRetry records a failed attempt and when to try again.
func (db *DB) MarkRetry(ctx context.Context, id int64, next time.Time, cause string) error {
	_, err := db.w.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_try_at = ?, last_error = ? WHERE id = ?`,
		fmtTime(next), cause, id)
	return err
}

// HoldOutboxChat pushes the pending messages of a chat to no earlier than
// until (the platform asked to wait), without counting an attempt.
func (db *DB) HoldOutboxChat(ctx context.Context, channel, chatID string, until time.Time) error {
	t := fmtTime(until)
	_, err := db.w.ExecContext(ctx, `UPDATE outbox SET next_try_at = ? WHERE state = 'pending' AND channel = ? AND chat_id = ?
		AND next_try_at < ?`, t, channel, chatID, t)
	return err
}

// MarkFinal records a message that will not be delivered: state is
// OutFailed or OutBlocked.
func (db *DB) MarkFinal(ctx context.Context, id int64, state, cause string) error {
	_, err := db.w.ExecContext(ctx, `UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ? WHERE id = ?`, state, cause, id)
	return err
}

// OutboxDepth counts pending messages.
func (db *DB) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE state = 'pending'`).Scan(&n)
	return n, err
}

// OutboxCounts counts the messages of an announcement by state.
func (db *DB) OutboxCounts(ctx context.Context, announcementID int64) (map[string]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT state, COUNT(*) FROM outbox WHERE announcement_id = ? GROUP BY state`, announcementID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}
