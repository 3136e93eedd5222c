package storage

import (
	"context"
	"fmt"
	"strings"
)

// AuditActors names the people behind audit entries: the person's name,
// else a display name of one of their identities, else "channel:id".
// Unknown ids are left out of the map.
func (db *DB) AuditActors(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT p.id, COALESCE(NULLIF(p.name, ''),
			(SELECT NULLIF(i.display_name, '') FROM identity i WHERE i.person_id = p.id ORDER BY i.created_at LIMIT 1),
			(SELECT i.channel || ':' || i.external_id FROM identity i WHERE i.person_id = p.id ORDER BY i.created_at LIMIT 1),
			'#' || p.id)
		FROM person p WHERE p.id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("audit actors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
