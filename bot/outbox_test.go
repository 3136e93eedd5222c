package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

// memOutbox is an in-memory OutboxStore for the sender's own tests (the
// SQLite one is exercised through handlers and the channel tests).
type memOutbox struct {
	mu      sync.Mutex
	msgs    map[int64]*memMsg
	blocked []string
}

type memMsg struct {
	q     Queued
	state string
	next  time.Time
}

func (m *memOutbox) add(chat, text string) { m.addPriority(chat, text, 0) }

func (m *memOutbox) addPriority(chat, text string, priority int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := int64(len(m.msgs) + 1)
	m.msgs[id] = &memMsg{q: Queued{ID: id, Channel: "t", ChatID: chat, Reply: Reply{Text: text}, Priority: priority}, state: "pending"}
}

func (m *memOutbox) Due(ctx context.Context, ch string, limit int, exclude []int64) ([]Queued, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ex := map[int64]bool{}
	for _, id := range exclude {
		ex[id] = true
	}
	var out []Queued
	for _, v := range m.msgs {
		if v.state == "pending" && !v.next.After(time.Now()) && !ex[v.q.ID] {
			out = append(out, v.q)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority < out[j].Priority
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
func (m *memOutbox) NextDue(ctx context.Context, ch string) (time.Time, error) {
	return time.Time{}, nil
}
func (m *memOutbox) Sent(ctx context.Context, id int64) error { return m.set(id, "sent", time.Time{}) }
func (m *memOutbox) Retry(ctx context.Context, id int64, next time.Time, c string) error {
	m.mu.Lock()
	m.msgs[id].q.Attempts++
	m.mu.Unlock()
	return m.set(id, "pending", next)
}
func (m *memOutbox) Final(ctx context.Context, id int64, st, c string) error {
	return m.set(id, st, time.Time{})
}
func (m *memOutbox) Blocked(ctx context.Context, ch, chat string) error {
	m.mu.Lock()
	m.blocked = append(m.blocked, chat)
	m.mu.Unlock()
	return nil
}
func (m *memOutbox) MoveChat(ctx context.Context, ch, from, to string) error { return nil }
func (m *memOutbox) set(id int64, st string, next time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs[id].state, m.msgs[id].next = st, next
	return nil
}

// scripted fails sends to some chats in a given way.
type scripted struct {
	mu   sync.Mutex
	fail map[string][]error // per chat, errors to return in order
	got  []string
}

func (s *scripted) Name() string                            { return "t" }
func (s *scripted) Run(ctx context.Context, in Inbox) error { return nil }
func (s *scripted) Send(ctx context.Context, chat string, r Reply) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if errs := s.fail[chat]; len(errs) > 0 {
		s.fail[chat] = errs[1:]
		return errs[0]
	}
	s.got = append(s.got, chat+":"+r.Text)
	return nil
}

func TestSenderOutcomes(t *testing.T) {
	store := &memOutbox{msgs: map[int64]*memMsg{}}
	store.add("a", "1")
	store.add("b", "2")
	store.add("c", "3")
	store.add("d", "4")
	ch := &scripted{fail: map[string][]error{
		"b": {&SendError{Kind: Temporary, Err: errors.New("502")}},
		"c": {&SendError{Kind: Blocked, Err: errors.New("403")}},
		"d": {&SendError{Kind: Permanent, Err: errors.New("400")}},
	}}
	s := NewSender(ch, store, Limits{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := s.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{1: "sent", 2: "pending", 3: "blocked", 4: "failed"}
	for id, st := range want {
		if store.msgs[id].state != st {
			t.Errorf("message %d state = %s, want %s", id, store.msgs[id].state, st)
		}
	}
	if store.msgs[2].next.IsZero() || store.msgs[2].q.Attempts != 1 {
		t.Errorf("temporary failure not scheduled for retry: %+v", store.msgs[2])
	}
	if len(store.blocked) != 1 || store.blocked[0] != "c" {
		t.Errorf("blocked = %v, want [c]", store.blocked)
	}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	if d := Backoff(0); d < 250*time.Millisecond || d > 500*time.Millisecond {
		t.Errorf("Backoff(0) = %v", d)
	}
	if d := Backoff(30); d > 5*time.Minute || d < 150*time.Second {
		t.Errorf("Backoff(30) = %v, want within (2.5m, 5m]", d)
	}
}

// TestInteractiveOvertakesBroadcast: under a global rate, a reply queued
// during a broadcast goes out within about one round of sends, not after
// the page of the broadcast the sender was working through.
func TestInteractiveOvertakesBroadcast(t *testing.T) {
	store := &memOutbox{msgs: map[int64]*memMsg{}}
	for i := 0; i < 400; i++ {
		store.addPriority(fmt.Sprintf("r%d", i), "tin", 1)
	}
	ch := &scripted{fail: map[string][]error{}}
	const rate = 200
	s := NewSender(ch, store, Limits{PerSecond: rate}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	sent := func() []string {
		ch.mu.Lock()
		defer ch.mu.Unlock()
		return append([]string(nil), ch.got...)
	}
	waitFor := func(cond func([]string) bool) []string {
		for i := 0; i < 1000; i++ {
			if got := sent(); cond(got) {
				return got
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("gave up waiting; sent %d", len(sent()))
		return nil
	}
	before := len(waitFor(func(got []string) bool { return len(got) >= 10 }))
	store.add("user", "trả lời")
	s.Notify()
	got := waitFor(func(got []string) bool { return slices.Contains(got, "user:trả lời") })
	at := slices.Index(got, "user:trả lời")
	round := rate/4 + 1
	if at > before+2*round {
		t.Errorf("the reply went out after %d broadcast messages sent since it was queued; want at most %d (two rounds)", at-before, 2*round)
	}
}

// TestWindowKeepsTheCeiling: n sends per second at most in any sliding
// second, with the margin for the way to the platform.
func TestWindowKeepsTheCeiling(t *testing.T) {
	w := newWindow(30)
	t0 := time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 30; i++ {
		at := t0.Add(time.Duration(i) * time.Second / 30)
		if d := w.wait(at); d > 0 {
			t.Fatalf("send %d held %v; the first 30 of a second may go", i, d)
		}
		w.add(at)
	}
	next := t0.Add(time.Second)
	if d := w.wait(next); d != windowMargin {
		t.Errorf("the 31st send at +1 s is held %v, want the margin %v", d, windowMargin)
	}
	w.add(next.Add(windowMargin))
	if d := w.wait(next.Add(windowMargin)); d <= 0 {
		t.Errorf("the 32nd send right after the 31st is not held (%v)", d)
	}
}

// TestPaceSharesTheCeiling: a message the adapter sends itself (Pace)
// takes its turn from the same bucket and window as the outbox's sends.
func TestPaceSharesTheCeiling(t *testing.T) {
	store := &memOutbox{msgs: map[int64]*memMsg{}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := NewSender(&scripted{}, store, Limits{}, log).Pace(context.Background()); err != nil {
		t.Fatalf("Pace without a rate = %v", err)
	}
	s := NewSender(&scripted{}, store, Limits{PerSecond: 10}, log)
	if err := s.Pace(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s.global.tokens >= 1 || s.global.window.starts[0].IsZero() {
		t.Errorf("Pace left the bucket at %.2f tokens and the window %v; want its token taken and its start counted",
			s.global.tokens, s.global.window.starts)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Pace(ctx); err == nil {
		t.Error("a second Pace at once did not wait for the next token")
	}
}
