package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Conversation is the saved state of a user's ongoing dialogue.
type Conversation struct {
	Flow      string
	State     []byte
	UpdatedAt time.Time
}

// Conversation loads the conversation of an identity; ErrNotFound if none.
func (db *DB) Conversation(ctx context.Context, channel, userID string) (Conversation, error) {
	var c Conversation
	var st string
	var at sql.NullString
	err := db.queryRow(ctx, `SELECT flow, state, updated_at FROM conversation WHERE channel = ? AND user_id = ?`,
		channel, userID).Scan(&c.Flow, &st, &at)
	if err != nil {
		return c, translate(err)
	}
	c.State = []byte(st)
	c.UpdatedAt = parseTime(at)
	return c, nil
}

// Finish is everything that handling one update writes, committed at once:
// the conversation change, the outgoing messages and the "handled" mark of
// the inbound update. A crash before the commit leaves the update unhandled,
// so it is handled again at start, and no reply of it was queued.
type Finish struct {
	Channel  string // identity whose conversation changes
	UserID   string
	ConvSet  *Conversation // new state, or nil
	ConvDrop bool          // delete the conversation
	Out      []OutMsg
	// InboundKey, when set, marks (Channel, InboundKey) handled.
	InboundChannel string
	InboundKey     string
}

const (
	saveConvSQL = `INSERT INTO conversation(channel, user_id, flow, state, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(channel, user_id) DO UPDATE SET flow = excluded.flow, state = excluded.state, updated_at = excluded.updated_at`
	dropConvSQL = `DELETE FROM conversation WHERE channel = ? AND user_id = ?`
	handledSQL  = `UPDATE inbound SET handled_at = ? WHERE channel = ? AND update_key = ?`
)

// Finish commits f in one transaction, which it may share with other
// updates' commits (group commit): f is written all or nothing, and Finish
// returns once it is committed.
func (db *DB) Finish(ctx context.Context, f Finish) error {
	return db.grouped(ctx, func(ctx context.Context, tx *sql.Tx) error {
		now := db.now()
		switch {
		case f.ConvSet != nil:
			if _, err := db.txExec(ctx, tx, saveConvSQL, f.Channel, f.UserID, f.ConvSet.Flow, string(f.ConvSet.State), fmtTime(now)); err != nil {
				return fmt.Errorf("save conversation: %w", err)
			}
		case f.ConvDrop:
			if _, err := db.txExec(ctx, tx, dropConvSQL, f.Channel, f.UserID); err != nil {
				return fmt.Errorf("drop conversation: %w", err)
			}
		}
		for _, m := range f.Out {
			if _, err := db.insertOut(ctx, tx, now, m); err != nil {
				return err
			}
		}
		if f.InboundKey != "" {
			if _, err := db.txExec(ctx, tx, handledSQL, fmtTime(now), f.InboundChannel, f.InboundKey); err != nil {
				return fmt.Errorf("mark update handled: %w", err)
			}
		}
		return nil
	})
}
