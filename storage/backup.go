package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// Backup writes an online copy of the database to path with VACUUM INTO
// (readers and writers carry on meanwhile), verifies it with an integrity
// check and only then gives it its name, so a file at path is always a
// good backup. The file is created 0600; path must not exist yet
// (ErrConflict otherwise).
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup %s: %w: file exists", path, ErrConflict)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("backup folder: %w", err)
	}
	tmp := path + ".tmp"
	os.Remove(tmp) // left by a run that stopped half-way
	// VACUUM INTO accepts an existing empty file: creating it first gives
	// it 0600 whatever the umask.
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup %s: %w", path, err)
	}
	f.Close()
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := VerifyBackup(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup %s: %w", path, err)
	}
	return nil
}

// VerifyBackup opens a database file read-only and runs PRAGMA
// integrity_check and a read of the migrations table; it returns an error
// unless both pass.
func VerifyBackup(ctx context.Context, path string) error {
	// immutable: nobody writes the copy, so SQLite needs no lock or -shm
	// file next to it.
	sdb, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("verify backup: %w", err)
	}
	defer sdb.Close()
	rows, err := sdb.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("verify backup: %w", err)
	}
	var problems []error
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return fmt.Errorf("verify backup: %w", err)
		}
		if s != "ok" {
			problems = append(problems, errors.New(s))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("verify backup: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("verify backup: integrity check failed: %w", errors.Join(problems...))
	}
	var v sql.NullInt64
	if err := sdb.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || !v.Valid {
		return fmt.Errorf("verify backup: no schema version: %v", err)
	}
	return nil
}
