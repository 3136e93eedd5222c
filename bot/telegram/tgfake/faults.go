package tgfake

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Fault makes matching requests fail. Zero fields match anything.
type Fault struct {
	Method string // e.g. "sendMessage"; "" for any method
	ChatID int64  // the request's chat_id; 0 for any chat
	// Code is the HTTP status and error_code answered (429, 403, 500 …);
	// 0 answers normally after Delay.
	Code        int
	Description string // default: Telegram's usual text for Code
	RetryAfter  int    // parameters.retry_after (429)
	MigrateTo   int64  // parameters.migrate_to_chat_id (400)
	// Delay waits before answering. A client that gives up first (a
	// timeout) gets nothing and the request has no effect.
	Delay time.Duration
	// Drop closes the connection without an answer.
	Drop bool
	// Times is how many requests the fault hits; 0 for no limit.
	Times int
	// Rate, between 0 and 1, hits only that fraction of matching requests
	// (at random); 0 hits all.
	Rate float64

	hits int
}

// Inject adds a fault; the first matching fault that fires wins. It returns
// the fault, whose Hits tell how often it fired.
func (s *Server) Inject(f Fault) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &f
	s.faults = append(s.faults, p)
	return p
}

// Hits is how many requests the fault hit so far.
func (f *Fault) Hits(s *Server) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return f.hits
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

func (s *Server) matchFault(method string, chat int64) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if (f.Method != "" && f.Method != method) || (f.ChatID != 0 && f.ChatID != chat) {
			continue
		}
		if f.Times > 0 && f.hits >= f.Times {
			continue
		}
		if f.Rate > 0 && rand.Float64() >= f.Rate {
			continue
		}
		f.hits++
		c := *f
		return &c
	}
	return nil
}

// Limits is Telegram-like flood control for the sending methods
// (sendMessage, sendDocument, sendPhoto, editMessageText). Zero fields are
// unlimited. A request over a limit gets 429 with RetryAfter.
type Limits struct {
	PerSecond        int // all chats together, per 1-second window
	PerChatPerSecond int // one private chat, per 1-second window
	GroupPerMinute   int // one group chat (negative id), per 60-second window
	RetryAfter       int // seconds (default 1)
}

type flood struct {
	global []time.Time
	chats  map[int64][]time.Time
}

// SetLimits turns flood control on (or off with a zero Limits) and resets
// the count of requests over the limits.
func (s *Server) SetLimits(l Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits = l
	s.window = flood{chats: map[int64][]time.Time{}}
	s.over = 0
}

// Over is how many requests were refused by flood control.
func (s *Server) Over() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.over
}

func prune(ts []time.Time, since time.Time) []time.Time {
	i := 0
	for i < len(ts) && ts[i].Before(since) {
		i++
	}
	return ts[i:]
}

func (s *Server) checkFlood(method string, chat int64) *apiError {
	switch method {
	case "sendMessage", "sendDocument", "sendPhoto", "editMessageText":
	default:
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.limits
	if l == (Limits{}) {
		return nil
	}
	now := s.now()
	ra := l.RetryAfter
	if ra <= 0 {
		ra = 1
	}
	refuse := func() *apiError {
		s.over++
		return &apiError{code: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", ra), retryAfter: ra}
	}
	s.window.global = prune(s.window.global, now.Add(-time.Second))
	if l.PerSecond > 0 && len(s.window.global) >= l.PerSecond {
		return refuse()
	}
	win, limit := time.Second, l.PerChatPerSecond
	if chat < 0 {
		win, limit = time.Minute, l.GroupPerMinute
	}
	ts := prune(s.window.chats[chat], now.Add(-win))
	if limit > 0 && len(ts) >= limit {
		s.window.chats[chat] = ts
		return refuse()
	}
	s.window.chats[chat] = append(ts, now)
	s.window.global = append(s.window.global, now)
	return nil
}
