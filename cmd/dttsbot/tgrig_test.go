package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// tgRig runs the program's channels in this process (openApp and
// runChannels, as run does) against a fake Bot API, with a clock the test
// moves: the database's, which the handlers, the outbox and quiet hours
// read.
type tgRig struct {
	t      *testing.T
	f      *tgfake.Server
	a      *app
	logs   *syncBuffer
	dbPath string
	shift  atomic.Int64 // added to the wall clock, in nanoseconds
	done   chan error
	stop   context.CancelFunc
}

// newTgRig writes the config (yml, without database:, which the rig adds),
// opens the app on dir/bot.db and starts its channels; it returns once the
// bot polls.
func newTgRig(t *testing.T, f *tgfake.Server, dir, yml string) *tgRig {
	t.Helper()
	r := &tgRig{t: t, f: f, logs: &syncBuffer{}, dbPath: filepath.Join(dir, "bot.db")}
	path := writeConfigIn(t, dir, "database: "+r.dbPath+"\n"+yml)
	cfg, err := loadConfig(path, func(k string) string {
		if k == "DTTSBOT_TELEGRAM_TOKEN" {
			return e2eToken
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(context.Background(), cfg, newLogger(r.logs, cfg.LogLevel))
	if err != nil {
		t.Fatal(err)
	}
	r.a = a
	a.db.Now = func() time.Time { return time.Now().Add(time.Duration(r.shift.Load())) }
	ctx, cancel := context.WithCancel(context.Background())
	r.stop, r.done = cancel, make(chan error, 1)
	polls := f.Count("getUpdates", 0)
	go func() { r.done <- a.runChannels(ctx) }()
	t.Cleanup(func() {
		r.close()
		if t.Failed() {
			logs := r.logs.String()
			t.Logf("the bot's log (end):\n%s", logs[max(0, len(logs)-6000):])
		}
		if strings.Contains(r.logs.String(), e2eToken) || strings.Contains(r.logs.String(), "E2E-secret") {
			t.Error("the log contains the token")
		}
	})
	if !f.WaitUntil(30*time.Second, func() bool { return f.Count("getUpdates", 0) > polls }) {
		t.Fatalf("the bot does not poll; log:\n%s", r.logs.String())
	}
	return r
}

// setClock moves the bot's clock to the wall-clock time of at's day and
// hour in the commune's zone: the clock then runs on from there.
func (r *tgRig) setClock(at time.Time) {
	r.shift.Store(int64(time.Until(at)))
}

// running reports whether runChannels is still running (it must never
// return on a platform error).
func (r *tgRig) running() bool {
	select {
	case err := <-r.done:
		r.done <- err
		return false
	default:
		return true
	}
}

// close stops the channels and closes the database, once.
func (r *tgRig) close() {
	if r.a == nil {
		return
	}
	r.stop()
	select {
	case err := <-r.done:
		if err != nil && !errors.Is(err, context.Canceled) {
			r.t.Errorf("runChannels: %v", err)
		}
	case <-time.After(15 * time.Second):
		r.t.Error("runChannels did not stop")
	}
	r.a.close()
	r.a = nil
}
