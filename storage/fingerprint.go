package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Fingerprint digests every table except those named in skip: its row
// count, its largest rowid and a hash of all its rows (in any order). Two
// equal fingerprints mean nothing was inserted, updated or deleted in
// between. Tests use it to prove that a refused command changed nothing.
func (db *DB) Fingerprint(ctx context.Context, skip ...string) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	type table struct{ name, sql string }
	var tables []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.name, &t.sql); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, t := range tables {
		if slices.Contains(skip, t.name) {
			continue
		}
		maxID := "-"
		if !strings.Contains(strings.ToUpper(t.sql), "WITHOUT ROWID") {
			var m int64
			if err := db.sql.QueryRowContext(ctx, fmt.Sprintf(`SELECT COALESCE(MAX(rowid), 0) FROM %q`, t.name)).Scan(&m); err != nil {
				return nil, fmt.Errorf("fingerprint %s: %w", t.name, err)
			}
			maxID = fmt.Sprint(m)
		}
		n, sum, err := db.digest(ctx, t.name)
		if err != nil {
			return nil, fmt.Errorf("fingerprint %s: %w", t.name, err)
		}
		out[t.name] = fmt.Sprintf("rows=%d max_id=%s sum=%s", n, maxID, sum)
	}
	return out, nil
}

// digest counts the rows of a table and hashes them, order-independent.
func (db *DB) digest(ctx context.Context, table string) (int, string, error) {
	rows, err := db.sql.QueryContext(ctx, fmt.Sprintf(`SELECT * FROM %q`, table))
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, "", err
	}
	var lines []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, "", err
		}
		lines = append(lines, fmt.Sprintf("%q", vals))
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	sort.Strings(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{0})
	}
	return len(lines), hex.EncodeToString(h.Sum(nil)[:8]), nil
}
