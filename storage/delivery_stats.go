package storage

import "context"

// OutboxPerChat counts the outbox messages of a channel per chat, whatever
// their state (tests and diagnostics: each handled update queues its
// replies exactly once).
func (db *DB) OutboxPerChat(ctx context.Context, channel string) (map[string]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT chat_id, COUNT(*) FROM outbox WHERE channel = ? GROUP BY chat_id`, channel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var chat string
		var n int
		if err := rows.Scan(&chat, &n); err != nil {
			return nil, err
		}
		out[chat] = n
	}
	return out, rows.Err()
}

// InboundCounts counts the stored updates of a channel and those handled.
func (db *DB) InboundCounts(ctx context.Context, channel string) (stored, handled int, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(handled_at) FROM inbound WHERE channel = ?`, channel).Scan(&stored, &handled)
	return stored, handled, err
}
