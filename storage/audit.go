package storage

import (
	"context"
	"database/sql"
	"time"
)

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    int64
	Actor      string
	Action     string
	ObjectType string
	ObjectID   string
	Detail     string
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func audit(ctx context.Context, ex execer, now string, actorID int64, actor, action, objType, objID, detail string) error {
	var a any
	if actorID != 0 {
		a = actorID
	}
	_, err := ex.ExecContext(ctx, `INSERT INTO audit(at, actor_id, actor, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		now, a, actor, action, objType, objID, detail)
	return err
}

// Audit appends an entry to the audit log.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	return audit(ctx, db.w, db.stamp(), e.ActorID, e.Actor, e.Action, e.ObjectType, e.ObjectID, e.Detail)
}

// AuditPage lists entries newest first; before is an id to page from (0 for
// the newest).
func (db *DB) AuditPage(ctx context.Context, before int64, limit int) ([]AuditEntry, error) {
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor, action, object_type, object_id, detail
		FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at sql.NullString
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
