package telegram

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// gate keeps Telegram's flood waits. Every call goes through the gate of
// its key — the chat it concerns ("chat <id>"), or its method for calls
// without a chat ("method getUpdates") — and:
//   - calls of one key go one at a time, so none can leave while another
//     of the same key is getting a 429 (the outbox already sends one
//     message per chat at a time; button acknowledgements and menus for the
//     same chat run beside it);
//   - after a 429 with retry_after, no call of that key leaves before the
//     wait is over, whoever makes it: the sender's message, the
//     acknowledgement of a button press, a menu update, the next poll.
//
// The zero value is ready to use; it is safe for concurrent use.
type gate struct {
	mu   sync.Mutex
	keys map[string]*gateKey
}

type gateKey struct {
	turn  chan struct{} // holds one token while a call of the key runs
	until time.Time     // no call before (retry_after)
	users int           // callers holding or waiting for the turn
}

func chatKey(chat int64) string { return "chat " + strconv.FormatInt(chat, 10) }

func methodKey(method string) string { return "method " + method }

// enter takes the turn of key. When a retry_after of the key is still
// running, enter waits it out if it ends within maxWait; otherwise it
// returns at once without the turn, with the time left. On success it
// returns leave, which ends the turn and, given a 429's retry_after, holds
// the key that long from now. It fails only when ctx ends.
func (g *gate) enter(ctx context.Context, key string, maxWait time.Duration) (leave func(retryAfter time.Duration), left time.Duration, err error) {
	g.mu.Lock()
	if g.keys == nil {
		g.keys = map[string]*gateKey{}
	}
	k := g.keys[key]
	if k == nil {
		k = &gateKey{turn: make(chan struct{}, 1)}
		g.keys[key] = k
	}
	k.users++
	g.mu.Unlock()
	for {
		select {
		case k.turn <- struct{}{}:
		case <-ctx.Done():
			g.done(key, k, false)
			return nil, 0, ctx.Err()
		}
		g.mu.Lock()
		left = time.Until(k.until)
		g.mu.Unlock()
		if left <= 0 {
			break
		}
		// Wait without the turn, so a caller that does not wait learns
		// of the retry_after at once.
		<-k.turn
		if left > maxWait {
			g.done(key, k, false)
			return nil, left, nil
		}
		t := time.NewTimer(left)
		select {
		case <-ctx.Done():
			t.Stop()
			g.done(key, k, false)
			return nil, 0, ctx.Err()
		case <-t.C:
		}
	}
	return func(retryAfter time.Duration) {
		if retryAfter > 0 {
			g.mu.Lock()
			if until := time.Now().Add(retryAfter); until.After(k.until) {
				k.until = until
			}
			g.mu.Unlock()
		}
		g.done(key, k, true)
	}, 0, nil
}

// done gives the turn back (when held) and forgets a key nobody uses and
// no wait holds.
func (g *gate) done(key string, k *gateKey, held bool) {
	if held {
		<-k.turn
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	k.users--
	if k.users == 0 && !time.Now().Before(k.until) {
		delete(g.keys, key)
	}
	if len(g.keys) > 4096 {
		now := time.Now()
		for name, x := range g.keys {
			if x.users == 0 && !now.Before(x.until) {
				delete(g.keys, name)
			}
		}
	}
}
