package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Group commit. The writes of the hot path — the commit of each handled
// update (Finish), each batch of received updates (StoreInbound) and the
// mark of each delivered message (MarkSent) — are small, and most of their
// cost is the commit itself (WAL frames written, locks taken). Callers that
// arrive while a commit is in progress are therefore committed together in
// the next transaction: each caller still returns only after its own writes
// are committed, and each caller's writes stay all or nothing (a failing
// member makes the group roll back and every member run again alone), so
// grouping changes neither durability nor atomicity, only how many commits
// carry them. Under no load a group has one member and adds no wait.

// maxGroup bounds the members of one transaction, so one commit stays short.
const maxGroup = 128

// groupLinger is how long the writer waits for more members when it is busy.
const groupLinger = 300 * time.Microsecond

// groupReq is one caller's writes waiting for the next group.
type groupReq struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *sql.Tx) error
	done chan error
}

var errClosed = errors.New("database closed")

// writer runs the group commits on the one writer connection.
type writer struct {
	reqs    chan *groupReq
	closing chan struct{}
	stopped chan struct{}
	ckpt    chan struct{} // closed when the checkpointer stopped

	// Busy time in the current measuring period and the load of the last.
	since time.Time
	busy  time.Duration
	load  float64
}

// loadPeriod is how often the writer's load is measured; busyLoad is the
// share of busy time above which it lingers for fuller groups.
const (
	loadPeriod = 100 * time.Millisecond
	busyLoad   = 0.5
)

// account adds a group that started at t0 to the writer's busy time.
func (w *writer) account(t0 time.Time) {
	now := time.Now()
	w.busy += now.Sub(t0)
	if w.since.IsZero() {
		w.since = t0
	}
	if d := now.Sub(w.since); d >= loadPeriod {
		w.load = w.busy.Seconds() / d.Seconds()
		w.since, w.busy = now, 0
	}
}

// loaded reports whether the writer was busy most of the last period.
func (w *writer) loaded() bool {
	if !w.since.IsZero() && time.Since(w.since) > 2*loadPeriod {
		return false // idle since
	}
	return w.load >= busyLoad
}

func (db *DB) startWriter() {
	db.wr = &writer{reqs: make(chan *groupReq), closing: make(chan struct{}), stopped: make(chan struct{}),
		ckpt: make(chan struct{})}
	go db.writeLoop()
	go db.checkpointLoop()
}

func (db *DB) stopWriter() {
	close(db.wr.closing)
	<-db.wr.stopped
	<-db.wr.ckpt
}

// checkpointEvery is how often the WAL is copied back into the database
// file. The writer's own automatic checkpoint (every 1,000 pages) would do
// it inside a commit, fsync included, holding up every writer; here it runs
// beside them on a reader connection (PASSIVE: it never waits for, nor
// blocks, a reader or the writer). The writer's automatic checkpoint stays
// as a backstop at a larger size (walBackstop pages) in case this one falls
// behind.
const checkpointEvery = 500 * time.Millisecond

func (db *DB) checkpointLoop() {
	defer close(db.wr.ckpt)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.wr.closing:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			db.sql.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`) // best effort; the backstop remains
			cancel()
		}
	}
}

// grouped commits fn's writes, possibly together with other callers'. fn
// runs with a context that is not cancelled (a cancelled statement would
// roll back the whole group's transaction) and must be safe to run again
// after a rollback: it only issues statements on tx and resets what it
// collects. The caller's ctx bounds the wait for a place in a group; once
// its writes have started, grouped waits for their commit.
func (db *DB) grouped(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	r := &groupReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case db.wr.reqs <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.wr.closing:
		return errClosed
	}
	return <-r.done
}

func (db *DB) writeLoop() {
	defer close(db.wr.stopped)
	for {
		var first *groupReq
		select {
		case first = <-db.wr.reqs:
		case <-db.wr.closing:
			return
		}
		group := []*groupReq{first}
		// When the writer is the bottleneck (busy most of the time) wait a
		// moment for more members: a commit's cost is mostly per
		// transaction, so the writer goes further with fewer, larger
		// groups. Otherwise waiting would only add to every writer's wait.
		var linger <-chan time.Time
		if db.wr.loaded() {
			linger = time.After(groupLinger)
		}
	more:
		for len(group) < maxGroup {
			select {
			case r := <-db.wr.reqs:
				group = append(group, r)
				continue
			default:
			}
			if linger == nil {
				break
			}
			select {
			case r := <-db.wr.reqs:
				group = append(group, r)
			case <-linger:
				break more
			}
		}
		t0 := time.Now()
		db.commitGroup(group)
		db.wr.account(t0)
	}
}

// commitGroup commits the members' writes in one transaction; when that
// fails, each member runs alone so a bad member fails by itself.
func (db *DB) commitGroup(group []*groupReq) {
	live := group[:0]
	for _, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.done <- err // the caller gave up before anything was written
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	if len(live) > 1 {
		err := db.tx(context.Background(), func(tx *sql.Tx) error {
			for _, r := range live {
				if err := runMember(r, tx); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			for _, r := range live {
				r.done <- nil
			}
			return
		}
	}
	for _, r := range live {
		r.done <- db.tx(context.Background(), func(tx *sql.Tx) error { return runMember(r, tx) })
	}
}

// runMember runs one member's writes, turning a panic into its error.
func runMember(r *groupReq, tx *sql.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in a grouped write: %v", p)
		}
	}()
	return r.fn(context.WithoutCancel(r.ctx), tx)
}

// stmts caches prepared statements: the hot queries are parsed once per
// connection instead of once per call (parsing was a fifth of the CPU time
// of a handled update).
type stmts struct {
	mu sync.Mutex
	r  map[string]*sql.Stmt // on the readers, prepared on first use
	w  map[string]*sql.Stmt // on the writer, prepared at Open
}

// writerSQL are the statements of the hot writes. They are prepared on the
// writer when the database opens: later the writer's one connection may be
// held by the very transaction that needs them.
var writerSQL = []string{insertOutSQL, saveConvSQL, dropConvSQL, handledSQL, storeInboundSQL, markSentSQL}

func (db *DB) prepareWriter(ctx context.Context) error {
	db.st.w = map[string]*sql.Stmt{}
	for _, q := range writerSQL {
		s, err := db.w.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %.40q: %w", q, err)
		}
		db.st.w[q] = s
	}
	return nil
}

// txExec runs one of writerSQL in tx (on the writer's connection, where it
// is prepared); any other query is parsed as usual.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if s := db.st.w[query]; s != nil {
		return tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// prepared returns query prepared on the readers, preparing it the first
// time (without holding the lock, which would wait for a reader while
// holding up every other caller).
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	db.st.mu.Lock()
	s, ok := db.st.r[query]
	db.st.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := db.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	db.st.mu.Lock()
	defer db.st.mu.Unlock()
	if old, ok := db.st.r[query]; ok {
		s.Close()
		return old, nil
	}
	if db.st.r == nil {
		db.st.r = map[string]*sql.Stmt{}
	}
	db.st.r[query] = s
	return s, nil
}

// queryRow runs a cached read statement on the readers.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := db.prepared(ctx, query)
	if err != nil {
		// A row that reports the error on Scan, as QueryRowContext would.
		return db.sql.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (db *DB) closeStmts() {
	db.st.mu.Lock()
	defer db.st.mu.Unlock()
	for _, m := range []map[string]*sql.Stmt{db.st.r, db.st.w} {
		for _, s := range m {
			s.Close()
		}
	}
	db.st.r, db.st.w = nil, nil
}
