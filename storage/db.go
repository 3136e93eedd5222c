// Package storage is the only package that speaks SQL. It keeps the bot's data
// in one SQLite file through modernc.org/sqlite (pure Go, no cgo).
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors returned by storage methods; callers compare with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrExpired  = errors.New("expired")
	ErrUsed     = errors.New("already used")
)

// DB is the bot's database. It is safe for concurrent use. SQLite allows one
// writer at a time: every write goes through w, a pool of one connection, so
// writers queue in Go (without polling) instead of sleeping in SQLite's busy
// handler, while reads run on sql beside the writer (WAL). The hot writes
// are group-committed (writer.go). A write inside a transaction must use
// that transaction: w has no second connection to give.
type DB struct {
	sql   *sql.DB // readers
	w     *sql.DB // the one writer
	wr    *writer
	st    stmts
	path  string
	close sync.Once
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. The pragmas live in the DSN so every pooled connection gets them.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		f.Close()
	}
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", walBackstop))
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	sdb.SetMaxOpenConns(4)
	sdb.SetMaxIdleConns(4)
	sdb.SetConnMaxIdleTime(0)
	wdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxIdleTime(0)
	db := &DB{sql: sdb, w: wdb, path: path, Now: time.Now}
	db.startWriter()
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.prepareWriter(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// walBackstop is the WAL size, in pages, at which a commit checkpoints by
// itself; normally the checkpointer (writer.go) has done it long before.
const walBackstop = 10000

// Close closes the database; writes still waiting for a group fail.
func (db *DB) Close() error {
	var err error
	db.close.Do(func() {
		db.stopWriter()
		db.closeStmts()
		err = errors.Join(db.w.Close(), db.sql.Close())
	})
	return err
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.sql.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

func (db *DB) now() time.Time { return db.Now().UTC() }

// timeFormat is RFC 3339 with a fixed nine-digit fraction, so stored times
// compare correctly as strings in SQL (RFC3339Nano drops trailing zeros:
// "…:05.1Z" sorts after "…:05.15Z"). time.RFC3339Nano parses it.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func (db *DB) stamp() string { return db.now().Format(timeFormat) }

// tx runs fn in one transaction, committing when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return translate(tx.Commit())
}

// translate maps driver errors to the package's errors.
func translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", ErrConflict, err)
		}
	}
	return err
}

func parseTime(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s.String)
	return t
}

func fmtTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeFormat)
}
