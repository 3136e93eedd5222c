package bot

import (
	"context"
	"sync"
	"time"
)

// bucket is a token bucket, optionally with a window that bounds the
// sends of any sliding second.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
	window *window
}

func newBucket(rate, burst float64) *bucket { return &bucket{rate: rate, burst: burst, tokens: burst} }

func (b *bucket) refill(now time.Time) {
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
}

func (b *bucket) take(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}

// nextToken is when the bucket will hold a whole token.
func (b *bucket) nextToken(now time.Time) time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	if b.tokens >= 1 {
		return now
	}
	return now.Add(time.Duration((1 - b.tokens) / b.rate * float64(time.Second)))
}

// full reports whether the bucket is back to its burst.
func (b *bucket) full(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	return b.tokens >= b.burst
}

func (b *bucket) wait(ctx context.Context, now func() time.Time) error {
	for {
		b.mu.Lock()
		t := now()
		b.refill(t)
		var d time.Duration
		if b.tokens < 1 {
			d = time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
		} else if b.window != nil {
			d = b.window.wait(t)
		}
		if d <= 0 {
			b.tokens--
			if b.window != nil {
				b.window.add(t)
			}
			b.mu.Unlock()
			return nil
		}
		b.mu.Unlock()
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// windowMargin is added to the second of the sliding window: a send
// reaches the platform a little after it starts, by an amount that varies
// (scheduling, the network), and the platform counts arrivals. With it,
// n sends at a ceiling of n per second take at least 1.02 s, so the
// platform sees no more than n in any second (98 % of the ceiling).
const windowMargin = 20 * time.Millisecond

// window remembers the start of the last n sends (n the per-second
// ceiling, rounded down) and holds a send until the oldest of them is more
// than a second (and the margin) old.
type window struct {
	starts []time.Time // ring of the last n starts
	next   int
}

func newWindow(perSecond float64) *window {
	return &window{starts: make([]time.Time, max(1, int(perSecond)))}
}

// wait is how long a send starting at now must wait.
func (w *window) wait(now time.Time) time.Duration {
	oldest := w.starts[w.next]
	if oldest.IsZero() {
		return 0
	}
	return oldest.Add(time.Second + windowMargin).Sub(now)
}

func (w *window) add(t time.Time) {
	w.starts[w.next] = t
	w.next = (w.next + 1) % len(w.starts)
}
