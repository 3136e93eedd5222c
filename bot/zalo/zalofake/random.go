package zalofake

import (
	"encoding/json"
	"math/rand/v2"
	"time"
)

// Random makes a fraction rate (0–1) of all calls, of every method, fail
// with one of faults picked at random (a call that Fail gave a fault takes
// that one instead). Random(0) turns it off.
func (s *Server) Random(rate float64, faults ...Fault) {
	s.mu.Lock()
	s.randRate, s.randFaults = rate, append([]Fault(nil), faults...)
	s.mu.Unlock()
}

// EarlyRequest is a call that came before the Retry-After of a 429
// answered for the same chat (or, for calls without a chat_id, the same
// method) had passed.
type EarlyRequest struct {
	Key        string // "chat <id>" or "method <name>"
	Method     string
	RetryAfter int // seconds, as answered
	Answered   time.Time
	At         time.Time
}

// EarlyRequests lists the calls that did not wait out a 429's Retry-After.
func (s *Server) EarlyRequests() []EarlyRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]EarlyRequest(nil), s.early...)
}

// RandomHits is how many calls Random made fail.
func (s *Server) RandomHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.randHits
}

type hold struct {
	until, answered time.Time
	retryAfter      int
}

// holdKey is the key a call's Retry-After is kept under.
func holdKey(method string, body []byte) string {
	var p struct {
		ChatID string `json:"chat_id"`
	}
	if json.Unmarshal(body, &p) == nil && p.ChatID != "" {
		return "chat " + p.ChatID
	}
	return "method " + method
}

// arrivedLocked records a call that came too early and picks a random
// fault for it (nil for none); s.mu must be held.
func (s *Server) arrivedLocked(method, key string) *Fault {
	now := time.Now()
	if h, ok := s.holds[key]; ok {
		if now.Before(h.until) {
			s.early = append(s.early, EarlyRequest{Key: key, Method: method, RetryAfter: h.retryAfter, Answered: h.answered, At: now})
		} else {
			delete(s.holds, key)
		}
	}
	if s.randRate <= 0 || len(s.randFaults) == 0 || rand.Float64() >= s.randRate {
		return nil
	}
	s.randHits++
	f := s.randFaults[rand.IntN(len(s.randFaults))]
	return &f
}

// limited starts the wait of a 429 with Retry-After for key.
func (s *Server) limited(key string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.holds == nil {
		s.holds = map[string]hold{}
	}
	now := time.Now()
	until := now.Add(time.Duration(retryAfter) * time.Second)
	if h, ok := s.holds[key]; ok && h.until.After(until) {
		return
	}
	s.holds[key] = hold{until: until, answered: now, retryAfter: retryAfter}
}

// AnswersLost is how many sends were carried out after their client had
// gone (timed out): the client saw a failure and may send again, so a
// message may then arrive twice.
func (s *Server) AnswersLost() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost
}
