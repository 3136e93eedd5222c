package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"
)

// prioOutbox is a memOutbox whose Due keeps the SQLite store's order
// (interactive before bulk, then oldest first) and limit.
type prioOutbox struct{ memOutbox }

func (m *prioOutbox) Due(ctx context.Context, ch string, limit int, exclude []int64) ([]Queued, error) {
	out, _ := m.memOutbox.Due(ctx, ch, 1<<30, exclude)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Priority < out[j].Priority })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *prioOutbox) addPrio(chat, text string, prio int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := int64(len(m.msgs) + 1)
	m.msgs[id] = &memMsg{q: Queued{ID: id, Channel: "t", ChatID: chat, Reply: Reply{Text: text}, Priority: prio}, state: "pending"}
}

// recorder records the order of sends and tells when one arrives.
type recorder struct {
	mu   sync.Mutex
	got  []string
	sent chan struct{}
}

func (r *recorder) Name() string                            { return "t" }
func (r *recorder) Run(ctx context.Context, in Inbox) error { return nil }
func (r *recorder) Send(ctx context.Context, chat string, rep Reply) error {
	r.mu.Lock()
	r.got = append(r.got, rep.Text)
	r.mu.Unlock()
	select {
	case r.sent <- struct{}{}:
	default:
	}
	return nil
}

func (r *recorder) sends() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

// TestReplyOvertakesBroadcast: a reply queued while a broadcast runs goes
// out after at most the bulk messages already under way (one per send in
// flight, plus the one that had passed the check), not after the rest of
// the page the sender was working through.
func TestReplyOvertakesBroadcast(t *testing.T) {
	for _, conc := range []int{1, 4} {
		t.Run("concurrency "+strconv.Itoa(conc), func(t *testing.T) {
			store := &prioOutbox{memOutbox{msgs: map[int64]*memMsg{}}}
			for i := 0; i < 600; i++ {
				store.addPrio("c"+strconv.Itoa(i), "bulk", 1)
			}
			ch := &recorder{sent: make(chan struct{}, 1)}
			s := NewSender(ch, store, Limits{PerSecond: 200, Concurrency: conc}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { s.Run(ctx); close(done) }()
			defer func() { cancel(); <-done }()
			for len(ch.sends()) < 20 {
				<-ch.sent
			}
			store.addPrio("admin", "reply", 0)
			s.Notify()
			before := len(ch.sends())
			deadline := time.After(20 * time.Second)
			for {
				got := ch.sends()
				at := -1
				for i, x := range got {
					if x == "reply" {
						at = i
					}
				}
				if at >= 0 {
					if ahead := at - before; ahead > conc+1 {
						t.Errorf("the reply went out after %d more bulk messages, want at most %d", ahead, conc+1)
					}
					return
				}
				select {
				case <-ch.sent:
				case <-deadline:
					t.Fatalf("the reply was not sent; %d bulk messages were", len(got))
				}
			}
		})
	}
}

// HoldChat makes prioOutbox a ChatHolder, as the SQLite store is.
func (m *prioOutbox) HoldChat(ctx context.Context, ch, chat string, until time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, v := range m.msgs {
		if v.state == "pending" && v.q.ChatID == chat && v.next.Before(until) {
			v.next = until
		}
	}
	return nil
}

// runUntil runs the sender until cond holds (or 10 s pass).
func runUntil(t *testing.T, s *Sender, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A message that must be tried again keeps its place: the chat's next
// message waits for it (it used to overtake it: the preview of an
// announcement came after the question about it).
func TestRetryKeepsChatOrder(t *testing.T) {
	store := &prioOutbox{memOutbox{msgs: map[int64]*memMsg{}}}
	store.addPrio("a", "1", 0)
	store.addPrio("a", "2", 0)
	store.addPrio("b", "3", 0)
	ch := &scripted{fail: map[string][]error{"a": {&SendError{Kind: Temporary, Err: errors.New("502")}}}}
	s := NewSender(ch, store, Limits{Concurrency: 4}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	runUntil(t, s, func() bool {
		ch.mu.Lock()
		defer ch.mu.Unlock()
		return len(ch.got) == 3
	})
	var order []string
	for _, g := range ch.got {
		if g[0] == 'a' {
			order = append(order, g)
		}
	}
	if len(order) != 2 || order[0] != "a:1" || order[1] != "a:2" {
		t.Errorf("chat a got %v, want [a:1 a:2]", order)
	}
}

// A 429 is not a failed attempt: after several, the next real failure
// backs off from the start, and the message is not given up early.
func TestRateLimitIsNotAnAttempt(t *testing.T) {
	store := &prioOutbox{memOutbox{msgs: map[int64]*memMsg{}}}
	store.addPrio("a", "1", 0)
	var errs []error
	for i := 0; i < 12; i++ {
		errs = append(errs, &SendError{Kind: RateLimited, RetryAfter: time.Millisecond, Err: errors.New("429")})
	}
	ch := &scripted{fail: map[string][]error{"a": errs}}
	s := NewSender(ch, store, Limits{MaxAttempts: 3}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	runUntil(t, s, func() bool {
		ch.mu.Lock()
		defer ch.mu.Unlock()
		return len(ch.got) == 1
	})
	if m := store.msgs[1]; m.state != "sent" || m.q.Attempts != 0 {
		t.Errorf("after 12 × 429 then success: state %s, attempts %d; want sent, 0", m.state, m.q.Attempts)
	}
}

// NextDue is when the earliest pending message is due, as the SQLite
// store answers.
func (m *prioOutbox) NextDue(ctx context.Context, ch string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var next time.Time
	for _, v := range m.msgs {
		if v.state == "pending" && (next.IsZero() || v.next.Before(next)) {
			next = v.next
		}
	}
	return next, nil
}

// botWide refuses every send for a while after its first one, with a 429
// that holds all chats (as the Zalo adapter does); it counts the calls.
type botWide struct {
	mu    sync.Mutex
	calls int
	until time.Time
	got   []string
}

func (b *botWide) Name() string                            { return "t" }
func (b *botWide) Run(ctx context.Context, in Inbox) error { return nil }
func (b *botWide) Send(ctx context.Context, chat string, r Reply) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls++
	if b.calls == 1 {
		b.until = time.Now().Add(300 * time.Millisecond)
	}
	if d := time.Until(b.until); d > 0 {
		return &SendError{Kind: RateLimited, RetryAfter: d, AllChats: true, Err: errors.New("429")}
	}
	b.got = append(b.got, chat)
	return nil
}

// A 429 for the whole bot pauses the sender: it does not try the other
// chats one by one meanwhile (each try a refused call and a database write).
func TestBotWideRateLimitPausesSender(t *testing.T) {
	store := &prioOutbox{memOutbox{msgs: map[int64]*memMsg{}}}
	for _, c := range []string{"a", "b", "c", "d"} {
		store.addPrio(c, "x", 1)
	}
	ch := &botWide{}
	s := NewSender(ch, store, Limits{Concurrency: 1}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	runUntil(t, s, func() bool {
		ch.mu.Lock()
		defer ch.mu.Unlock()
		return len(ch.got) == 4
	})
	if ch.calls != 5 {
		t.Errorf("%d sends for 4 messages and one 429, want 5", ch.calls)
	}
}

// slowFirst is a recorder whose first send to chat "admin" takes a while.
type slowFirst struct {
	recorder
	once sync.Once
}

func (s *slowFirst) Send(ctx context.Context, chat string, rep Reply) error {
	if chat == "admin" {
		s.once.Do(func() { time.Sleep(30 * time.Millisecond) })
	}
	return s.recorder.Send(ctx, chat, rep)
}

// A reply passed over because its chat's previous message was still in
// flight goes as soon as that one is done, not after the rest of the
// broadcast page (the admin's "queued" confirmation used to come after
// ~500 messages of the announcement it confirms).
func TestReplyBehindBusyChatOvertakesBroadcast(t *testing.T) {
	store := &prioOutbox{memOutbox{msgs: map[int64]*memMsg{}}}
	store.addPrio("admin", "preview", 0)
	store.addPrio("admin", "queued", 0)
	for i := 0; i < 600; i++ {
		store.addPrio("c"+strconv.Itoa(i), "bulk", 1)
	}
	const conc = 2
	ch := &slowFirst{recorder: recorder{sent: make(chan struct{}, 1)}}
	s := NewSender(ch, store, Limits{PerSecond: 200, Concurrency: conc}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	runUntil(t, s, func() bool {
		for _, x := range ch.sends() {
			if x == "queued" {
				return true
			}
		}
		return false
	})
	got := ch.sends()
	preview, queued := -1, -1
	for i, x := range got {
		switch x {
		case "preview":
			preview = i
		case "queued":
			queued = i
		}
	}
	if preview < 0 || queued < preview {
		t.Fatalf("order %v: want preview then queued", got[:min(len(got), 10)])
	}
	if between := queued - preview - 1; between > conc+1 {
		t.Errorf("%d bulk messages went between the admin's two replies, want at most %d", between, conc+1)
	}
}
