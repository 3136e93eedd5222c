package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestGroupedWritesAreEachAllOrNothing queues writes while the writer is
// busy, so they are committed as a group: the good ones are all committed,
// the failing one leaves nothing behind (not even its first statement), and
// each caller gets its own outcome.
func TestGroupedWritesAreEachAllOrNothing(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Hold the writer so the writes below queue up behind it.
	hold, release := make(chan struct{}), make(chan struct{})
	go db.tx(ctx, func(tx *sql.Tx) error {
		close(hold)
		<-release
		return nil
	})
	<-hold
	boom := errors.New("boom")
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = db.grouped(ctx, func(ctx context.Context, tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO setting(key, value) VALUES (?, 'x')`, fmt.Sprint("k", i)); err != nil {
					return err
				}
				if i == 3 {
					return boom
				}
				return nil
			})
		}(i)
	}
	// Give the writes time to queue (only how they are grouped depends on
	// it, not what the test checks).
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	for i, err := range errs {
		var n int
		if e := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM setting WHERE key = ?`, fmt.Sprint("k", i)).Scan(&n); e != nil {
			t.Fatal(e)
		}
		switch {
		case i == 3 && (!errors.Is(err, boom) || n != 0):
			t.Errorf("failing write: err %v, %d rows left; want boom and none", err, n)
		case i != 3 && (err != nil || n != 1):
			t.Errorf("write %d: err %v, %d rows; want committed", i, err, n)
		}
	}
}

// TestGroupedWriteAfterClose fails cleanly instead of hanging.
func TestGroupedWriteAfterClose(t *testing.T) {
	db := openTest(t)
	db.Close()
	err := db.grouped(context.Background(), func(ctx context.Context, tx *sql.Tx) error { return nil })
	if !errors.Is(err, errClosed) {
		t.Errorf("grouped after Close = %v, want errClosed", err)
	}
}

// TestDueOrder: interactive before bulk; within a priority, the order the
// messages became due, then queueing order.
func TestDueOrder(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	msgs := []OutMsg{
		{Channel: "telegram", ChatID: "1", Payload: []byte(`{}`), Priority: 1},
		{Channel: "telegram", ChatID: "2", Payload: []byte(`{}`), Priority: 1},
		{Channel: "telegram", ChatID: "3", Payload: []byte(`{}`), Priority: 0},
		{Channel: "telegram", ChatID: "1", Payload: []byte(`{}`), Priority: 1},
	}
	if _, err := db.Enqueue(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueOutbox(ctx, "telegram", 10, []int64{2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range due {
		got = append(got, fmt.Sprint(m.ID, "/", m.ChatID))
	}
	if want := "[3/3 1/1 4/1]"; fmt.Sprint(got) != want {
		t.Errorf("due = %v, want %s (interactive first, id 2 excluded)", got, want)
	}
}
