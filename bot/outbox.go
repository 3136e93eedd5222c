package bot

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// Queued is one message of the outbox as the sender sees it.
type Queued struct {
	ID       int64
	Channel  string
	ChatID   string
	Reply    Reply
	Priority int
	Attempts int
}

// OutboxStore is the durable outbox.
type OutboxStore interface {
	Due(ctx context.Context, channel string, limit int, exclude []int64) ([]Queued, error)
	NextDue(ctx context.Context, channel string) (time.Time, error)
	Sent(ctx context.Context, id int64) error
	Retry(ctx context.Context, id int64, next time.Time, cause string) error
	Final(ctx context.Context, id int64, state, cause string) error
	Blocked(ctx context.Context, channel, chatID string) error
	MoveChat(ctx context.Context, channel, from, to string) error
}

// ChatHolder is an optional method of an OutboxStore: it pushes every
// pending message of a chat to no earlier than until (a 429's retry_after),
// without counting an attempt. The sender calls it on RateLimited so a held
// chat's backlog neither fills the due list ahead of other chats nor keeps
// the sender polling, and the wait survives a restart.
type ChatHolder interface {
	HoldChat(ctx context.Context, channel, chatID string, until time.Time) error
}

// Limits are a channel's sending limits; zero means unlimited.
type Limits struct {
	PerSecond      float64 // all chats together
	PerChat        float64 // messages per second to one chat (burst 3)
	GroupPerMinute float64 // messages per minute to one group chat
	Concurrency    int     // sends in flight at once
	MaxAttempts    int     // temporary failures before giving up
}

// Sender delivers the outbox of one channel: it keeps the limits, retries
// temporary failures with backoff, waits out 429s for the chat concerned
// only (for every chat when the error says AllChats; a 429 does not count
// as an attempt), and stops sending to users who blocked the bot. A chat
// gets its messages in order, also when one must be tried again.
// Interactive replies go before bulk messages, also those queued while a
// broadcast runs. A message is marked sent after the platform accepted it,
// so after a crash at most the messages in flight (Limits.Concurrency) are
// sent again.
type Sender struct {
	ch       Channel
	store    OutboxStore
	lim      Limits
	log      *slog.Logger
	now      func() time.Time
	wake     chan struct{}
	fresh    atomic.Bool // Notify came: messages were queued since the last read
	global   *bucket
	mu       sync.Mutex
	busy     map[string]bool
	held     map[string]time.Time // chat -> not before (429)
	pause    time.Time            // no send before (a 429 for all chats)
	await    map[string]bool      // chats whose reply a round passed over while they were busy
	chats    map[string]*bucket
	inflight map[int64]bool
	released map[string]bool // chats whose send ended during this round
	// Observe, when set, is told each send's result ("sent", "retry",
	// "failed", "blocked").
	Observe func(channel, result string)
	// IsGroup tells whether a chat id is a group (Telegram: negative ids).
	IsGroup func(chatID string) bool
}

// NewSender makes the sender of a channel.
func NewSender(ch Channel, store OutboxStore, lim Limits, log *slog.Logger) *Sender {
	if lim.Concurrency <= 0 {
		lim.Concurrency = 8
	}
	if lim.MaxAttempts <= 0 {
		lim.MaxAttempts = 10
	}
	s := &Sender{ch: ch, store: store, lim: lim, log: log, now: time.Now, wake: make(chan struct{}, 1),
		busy: map[string]bool{}, held: map[string]time.Time{}, await: map[string]bool{}, chats: map[string]*bucket{},
		inflight: map[int64]bool{}, released: map[string]bool{}}
	if lim.PerSecond > 0 {
		s.global = newBucket(lim.PerSecond, 1)
		s.global.window = newWindow(lim.PerSecond)
	}
	return s
}

// Notify wakes the sender: new messages were queued. A round busy with
// bulk messages stops at the next one, so new interactive replies are not
// kept waiting behind a page of a broadcast.
func (s *Sender) Notify() {
	s.fresh.Store(true)
	s.poke()
}

// poke wakes the Run loop (a send ended, or Notify).
func (s *Sender) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, then waits for the sends in flight.
func (s *Sender) Run(ctx context.Context) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, s.lim.Concurrency)
	defer wg.Wait()
	for ctx.Err() == nil {
		n, retryAt, err := s.round(ctx, sem, &wg)
		if err != nil && ctx.Err() == nil {
			s.log.Error("outbox read failed", "channel", s.ch.Name(), "err", err)
		}
		if n > 0 {
			continue
		}
		// Nothing could start: sleep until the next message is due, a
		// skipped chat may send again, or a send ends (Notify).
		wait := time.Second
		now := s.now()
		if next, err := s.store.NextDue(ctx, s.ch.Name()); err == nil && next.After(now) {
			wait = min(wait, next.Sub(now))
		}
		if !retryAt.IsZero() {
			wait = min(wait, max(retryAt.Sub(now), 5*time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Pace waits for a turn under the channel's overall rate (none: at once)
// for a message the adapter sends outside the outbox, such as the edit of a
// pressed keyboard, so the platform sees no more than the ceiling in all.
func (s *Sender) Pace(ctx context.Context) error {
	if s.global == nil {
		return nil
	}
	return s.global.wait(ctx, s.now)
}

// Drain delivers every message that is due now and returns when none is
// left (console and tests).
func (s *Sender) Drain(ctx context.Context) error {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 1)
	for {
		n, _, err := s.round(ctx, sem, &wg)
		wg.Wait()
		if err != nil || n == 0 {
			return err
		}
	}
}

// round starts sends for the due messages it may send now; it returns how
// many it started and, when it skipped messages of chats that must wait (rate
// or 429), the earliest time one of them may go. Messages of waiting chats
// are passed over page by page, so a long backlog of one chat does not
// starve the others. Once it has started a bulk message, a round ends
// before the next bulk one if Notify came meanwhile, or a reply it passed
// over because its chat was busy may go now: the next round reads the
// outbox again, interactive replies first. (A page of 256 bulk
// messages lasts 8.5 s at 30 msg/s; a reply queued meanwhile used to wait
// for the whole page.) At least one bulk message goes per round, so a
// steady stream of replies cannot starve a broadcast.
func (s *Sender) round(ctx context.Context, sem chan struct{}, wg *sync.WaitGroup) (int, time.Time, error) {
	const pages = 4
	page := 256
	if s.global != nil {
		// Under a global rate a round plans about a quarter of a second of
		// sends, so a reply queued meanwhile waits for the next round, not
		// for a whole page of a broadcast (256 messages are 8 s at 30/s).
		page = min(page, max(4, int(s.lim.PerSecond/4)+1))
	}
	s.fresh.Store(false)
	bulk := 0
	s.mu.Lock()
	if pause := s.pause; s.now().Before(pause) {
		s.mu.Unlock()
		return 0, pause, nil
	}
	clear(s.await)
	exclude := make([]int64, 0, len(s.inflight))
	for id := range s.inflight {
		exclude = append(exclude, id)
	}
	clear(s.released)
	s.mu.Unlock()
	started := 0
	var retryAt time.Time
	waiting := map[string]bool{} // chats skipped this round: keep their order
	for p := 0; p < pages; p++ {
		due, err := s.store.Due(ctx, s.ch.Name(), page, exclude)
		if err != nil {
			return started, retryAt, err
		}
		skipped := 0
		for _, m := range due {
			exclude = append(exclude, m.ID)
			now := s.now()
			s.mu.Lock()
			ready := now
			var expired time.Time
			if until, held := s.held[m.ChatID]; held {
				if now.Before(until) {
					ready = until
				} else {
					delete(s.held, m.ChatID)
					expired = until
				}
			}
			// A chat whose send ended since the round began may have been
			// blocked or held meanwhile: what was read of it is stale.
			skip := waiting[m.ChatID] || s.busy[m.ChatID] || s.released[m.ChatID] || ready.After(now) || !expired.IsZero()
			if m.Priority == 0 && s.busy[m.ChatID] && !ready.After(now) {
				// A reply behind one still in flight: when that ends, the
				// round must not go on with a broadcast page first.
				s.await[m.ChatID] = true
			}
			if !skip {
				if at, ok := s.chatAllows(m.ChatID, now); !ok {
					skip, ready = true, at
				}
			}
			if !skip {
				s.busy[m.ChatID] = true
				s.inflight[m.ID] = true
			}
			s.mu.Unlock()
			if !expired.IsZero() {
				// The hold moved the chat's messages to its end, not those
				// queued during it, which the due order now puts first: give
				// them the same time, so the next round takes the chat's
				// messages in their order again.
				s.realign(ctx, m.ChatID, expired)
				if retryAt.IsZero() || now.Before(retryAt) {
					retryAt = now // read the chat again at once
				}
			}
			if skip {
				waiting[m.ChatID] = true
				skipped++
				if ready.After(now) && (retryAt.IsZero() || ready.Before(retryAt)) {
					retryAt = ready
				}
				continue
			}
			if m.Priority > 0 {
				if bulk > 0 && s.fresh.Load() {
					s.release(m)
					return started, retryAt, nil
				}
				bulk++
			}
			// The slot first, then the token: the send starts right after
			// its token, so sends reach the platform as evenly spaced as
			// they were allowed.
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				s.release(m)
				return started, retryAt, nil
			}
			// A send that ended meanwhile may have paused every chat.
			s.mu.Lock()
			pause := s.pause
			s.mu.Unlock()
			if s.now().Before(pause) {
				<-sem
				s.release(m)
				return started, pause, nil
			}
			if s.global != nil {
				if err := s.global.wait(ctx, s.now); err != nil {
					<-sem
					s.release(m)
					return started, retryAt, nil
				}
			}
			started++
			wg.Add(1)
			go func(m Queued) {
				defer wg.Done()
				defer func() { <-sem }()
				s.deliver(ctx, m)
				s.release(m)
			}(m)
		}
		if len(due) < page || skipped == 0 {
			break
		}
	}
	s.pruneChats()
	return started, retryAt, nil
}

// realign moves a chat's pending messages to no earlier than t (the end of
// its hold), so they are due in queueing order.
func (s *Sender) realign(ctx context.Context, chat string, t time.Time) {
	if h, ok := s.store.(ChatHolder); ok {
		if err := h.HoldChat(ctx, s.ch.Name(), chat, t); err != nil {
			s.log.Error("realign held chat failed", "channel", s.ch.Name(), "chat_id", chat, "err", err)
		}
	}
}

// pruneChats forgets the rate buckets of chats that are full again, so a
// broadcast to many chats does not keep a bucket per recipient.
func (s *Sender) pruneChats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.chats) < 4096 {
		return
	}
	now := s.now()
	for chat, b := range s.chats {
		if b.full(now) && !s.busy[chat] {
			delete(s.chats, chat)
		}
	}
}

// chatAllows takes a token of the chat's bucket; when there is none it
// returns false and the time the next one comes. s.mu must be held.
func (s *Sender) chatAllows(chat string, now time.Time) (time.Time, bool) {
	rate, burst := s.lim.PerChat, 3.0
	if s.IsGroup != nil && s.IsGroup(chat) && s.lim.GroupPerMinute > 0 {
		rate, burst = s.lim.GroupPerMinute/60, 1
	}
	if rate <= 0 {
		return now, true
	}
	b := s.chats[chat]
	if b == nil {
		b = newBucket(rate, burst)
		s.chats[chat] = b
	}
	if b.take(now) {
		return now, true
	}
	return b.nextToken(now), false
}

func (s *Sender) release(m Queued) {
	s.mu.Lock()
	delete(s.busy, m.ChatID)
	delete(s.inflight, m.ID)
	if s.await[m.ChatID] {
		delete(s.await, m.ChatID)
		s.fresh.Store(true) // a passed-over reply may go now
	}
	s.released[m.ChatID] = true
	s.mu.Unlock()
	s.poke()
}

func (s *Sender) deliver(ctx context.Context, m Queued) {
	name := s.ch.Name()
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	err := s.ch.Send(sctx, m.ChatID, m.Reply)
	cancel()
	// The outcome is recorded even when ctx ends, so a shutdown does not
	// resend what the platform already has.
	bg := context.WithoutCancel(ctx)
	result := "sent"
	defer func() {
		if s.Observe != nil {
			s.Observe(name, result)
		}
	}()
	if err == nil {
		if err := s.store.Sent(bg, m.ID); err != nil {
			s.log.Error("mark sent failed", "channel", name, "err", err)
		}
		return
	}
	se := AsSendError(err)
	switch se.Kind {
	case RateLimited:
		result = "retry"
		until := s.now().Add(se.RetryAfter)
		s.log.Warn("rate limited", "channel", name, "chat_id", m.ChatID, "retry_after", se.RetryAfter.String(), "all_chats", se.AllChats)
		if se.AllChats {
			s.mu.Lock()
			if until.After(s.pause) {
				s.pause = until
			}
			s.mu.Unlock()
		}
		// A 429 is not a failed attempt: counted as one, it made the
		// backoff of the next real failure grow (to minutes) and could
		// give up a message after a few 429s and one 5xx.
		if !s.holdChat(bg, m.ChatID, until) {
			s.store.Retry(bg, m.ID, until, se.Error())
		}
	case Blocked:
		result = "blocked"
		s.store.Final(bg, m.ID, "blocked", se.Error())
		s.store.Blocked(bg, name, m.ChatID)
	case Migrated:
		result = "retry"
		s.store.MoveChat(bg, name, m.ChatID, se.MigrateTo)
		s.store.Retry(bg, m.ID, s.now(), se.Error())
	case Permanent:
		result = "failed"
		s.log.Error("message dropped", "channel", name, "chat_id", m.ChatID, "err", se.Error())
		s.store.Final(bg, m.ID, "failed", se.Error())
	default:
		if m.Attempts+1 >= s.lim.MaxAttempts {
			result = "failed"
			s.store.Final(bg, m.ID, "failed", se.Error())
			return
		}
		result = "retry"
		// The chat's later messages wait for this one, so a chat gets its
		// messages in order (a preview before its question) even when one
		// of them must be tried again.
		next := s.now().Add(Backoff(m.Attempts))
		s.store.Retry(bg, m.ID, next, se.Error())
		s.holdChat(bg, m.ChatID, next)
	}
}

// holdChat keeps every message of a chat until until: those queued now
// (the store's ChatHolder, which survives a restart) and those queued
// later (in memory). It reports whether the store held them.
func (s *Sender) holdChat(ctx context.Context, chat string, until time.Time) bool {
	s.mu.Lock()
	if until.After(s.held[chat]) {
		s.held[chat] = until
	}
	s.mu.Unlock()
	h, ok := s.store.(ChatHolder)
	if !ok {
		return false
	}
	if err := h.HoldChat(ctx, s.ch.Name(), chat, until); err != nil {
		s.log.Error("hold chat failed", "channel", s.ch.Name(), "chat_id", chat, "err", err)
		return false
	}
	return true
}

// Backoff is the wait before attempt n+1: exponential from 500 ms, capped
// at 5 minutes, with jitter.
func Backoff(attempt int) time.Duration {
	d := 500 * time.Millisecond << min(attempt, 10)
	if d > 5*time.Minute {
		d = 5 * time.Minute
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
