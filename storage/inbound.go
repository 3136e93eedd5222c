package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// Inbound is a platform update as received, stored before it is acknowledged.
type Inbound struct {
	Channel string
	Key     string
	Payload []byte
}

const storeInboundSQL = `INSERT INTO inbound(channel, update_key, payload, received_at) VALUES (?, ?, ?, ?)
	ON CONFLICT DO NOTHING`

// StoreInbound stores updates, ignoring those already stored (same channel
// and key), all or nothing, in a transaction it may share with other writes
// (group commit). It returns the ones that were new, once they are committed.
func (db *DB) StoreInbound(ctx context.Context, ups []Inbound) ([]Inbound, error) {
	var fresh []Inbound
	err := db.grouped(ctx, func(ctx context.Context, tx *sql.Tx) error {
		fresh = fresh[:0]
		now := db.stamp()
		for _, u := range ups {
			res, err := db.txExec(ctx, tx, storeInboundSQL, u.Channel, u.Key, string(u.Payload), now)
			if err != nil {
				return fmt.Errorf("store update %s/%s: %w", u.Channel, u.Key, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				fresh = append(fresh, u)
			}
		}
		return nil
	})
	return fresh, err
}

// PendingInbound lists stored updates of a channel not yet handled, oldest
// first (used at start to resume after a crash).
func (db *DB) PendingInbound(ctx context.Context, channel string) ([]Inbound, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT channel, update_key, payload FROM inbound
		WHERE channel = ? AND handled_at IS NULL ORDER BY rowid`, channel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Inbound
	for rows.Next() {
		var u Inbound
		var p string
		if err := rows.Scan(&u.Channel, &u.Key, &p); err != nil {
			return nil, err
		}
		u.Payload = []byte(p)
		out = append(out, u)
	}
	return out, rows.Err()
}

// InboundHandled reports whether a stored update was handled.
func (db *DB) InboundHandled(ctx context.Context, channel, key string) (bool, error) {
	var h sql.NullString
	err := db.sql.QueryRowContext(ctx, `SELECT handled_at FROM inbound WHERE channel = ? AND update_key = ?`, channel, key).Scan(&h)
	if err != nil {
		return false, translate(err)
	}
	return h.Valid, nil
}
