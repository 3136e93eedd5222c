// Package zalofake is a fake Zalo Bot Platform server on httptest, written
// from the facts sheet (shared/docs/zalo-bot-api.md): POST
// /bot<TOKEN>/<method> with JSON bodies, answers {ok, result, error_code,
// description}; getUpdates hands out one update per call and, while idle,
// holds the request up to its timeout then answers ok:false 408 "Request
// timeout"; sendMessage enforces 1–2000 characters. It records every request
// and can inject faults (429, 5xx, hung or dropped connections) so adapter
// tests and end-to-end tests of other packages can reuse it.
package zalofake

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Update is one inbound event as the platform sends it.
type Update struct {
	EventName string  `json:"event_name"`
	Message   Message `json:"message"`
}

// Message is the message of an update. Date is in milliseconds.
type Message struct {
	MessageID string `json:"message_id"`
	Date      int64  `json:"date"`
	Text      string `json:"text,omitempty"`
	PhotoURL  string `json:"photo_url,omitempty"`
	Caption   string `json:"caption,omitempty"`
	Chat      Chat   `json:"chat"`
	From      User   `json:"from"`
}

// Chat is where a message was written; ChatType is PRIVATE or GROUP.
type Chat struct {
	ID       string `json:"id"`
	ChatType string `json:"chat_type"`
}

// User is the sender of a message.
type User struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name,omitempty"`
	IsBot       bool   `json:"is_bot"`
}

// Sent is a message the bot sent (sendMessage or sendPhoto).
type Sent struct {
	Method  string
	ChatID  string
	Text    string
	Photo   string
	Caption string
}

// Request is one recorded call.
type Request struct {
	Method string
	Body   json.RawMessage
	Token  string // the token in the path
}

// Fault is an injected failure for the next call of a method.
type Fault struct {
	Status      int    // HTTP status; 0 means 200
	ErrorCode   int    // error_code of the ok:false answer (default: Status)
	Description string // default: the status text
	RetryAfter  int    // seconds, sent as the Retry-After header when > 0
	Hang        bool   // hold the request until the client gives up
	Drop        bool   // close the connection without an answer
	Pass        bool   // no fault: the call goes through (to fail a later one)
}

// Server is the fake platform. The zero value is not usable; call New.
type Server struct {
	*httptest.Server
	// Token is the bot token the server accepts.
	Token string
	// Me is the getMe answer.
	Me map[string]any
	// IdleWait, when > 0, caps how long an idle getUpdates is held
	// (default: the timeout the client asked for).
	IdleWait time.Duration

	mu       sync.Mutex
	queue    []json.RawMessage
	requests []Request
	sent     []Sent
	faults   map[string][]Fault
	webhook  string
	secret   string
	hookAt   int64
	changed  chan struct{}
	closing  chan struct{}
	seq      int

	randRate   float64 // Random
	randFaults []Fault
	randHits   int
	lost       int             // sends carried out after their client had gone
	holds      map[string]hold // Retry-After per chat or method
	early      []EarlyRequest
}

// New starts a fake server that accepts token.
func New(token string) *Server {
	s := &Server{Token: token, faults: map[string][]Fault{}, changed: make(chan struct{}), closing: make(chan struct{}),
		Me: map[string]any{"id": "1234567890", "account_name": "bot.dtts.test", "account_type": "BASIC", "can_join_groups": true}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Close ends held long polls and hung calls, then shuts the server down.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.closing:
	default:
		close(s.closing)
	}
	s.mu.Unlock()
	s.Server.Close()
}

// APIBase is the base URL to configure as zalo.api_base.
func (s *Server) APIBase() string { return s.URL }

// NewID returns a message id shaped like the platform's (20 hex digits).
func NewID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Text builds a text update from a user in a private chat (chat id = user id).
func Text(userID, name, text string) Update {
	return Update{EventName: "message.text.received", Message: Message{MessageID: NewID(), Date: time.Now().UnixMilli(),
		Text: text, Chat: Chat{ID: userID, ChatType: "PRIVATE"}, From: User{ID: userID, DisplayName: name}}}
}

// Push queues an update (any JSON-encodable value, usually an Update) for
// getUpdates and wakes a waiting long poll.
func (s *Server) Push(u any) {
	b, err := json.Marshal(u)
	if err != nil {
		panic(err)
	}
	s.mu.Lock()
	s.queue = append(s.queue, b)
	s.notifyLocked()
	s.mu.Unlock()
}

// PushText queues a text update and returns its message id.
func (s *Server) PushText(userID, name, text string) string {
	u := Text(userID, name, text)
	s.Push(u)
	return u.Message.MessageID
}

// Pending counts queued updates not yet fetched.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// Fail makes the next calls of method fail, one fault per call, in order.
func (s *Server) Fail(method string, faults ...Fault) {
	s.mu.Lock()
	s.faults[method] = append(s.faults[method], faults...)
	s.mu.Unlock()
}

// Requests returns the calls recorded so far, optionally of one method.
func (s *Server) Requests(method string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if method == "" || r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

// Sent returns the messages sent to a chat ("" for all chats).
func (s *Server) Sent(chatID string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sent
	for _, m := range s.sent {
		if chatID == "" || m.ChatID == chatID {
			out = append(out, m)
		}
	}
	return out
}

// WaitSent waits until at least n messages were sent to chatID and returns
// them; it returns what it has when ctx ends.
func (s *Server) WaitSent(ctx context.Context, chatID string, n int) []Sent {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if got := s.Sent(chatID); len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return s.Sent(chatID)
		}
	}
}

// WaitRequests waits until at least n calls of method were made.
func (s *Server) WaitRequests(ctx context.Context, method string, n int) []Request {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if got := s.Requests(method); len(got) >= n {
			return got
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return s.Requests(method)
		}
	}
}

// Webhook returns the webhook URL and secret set by setWebhook ("" if none).
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook, s.secret
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

type answer struct {
	OK          bool   `json:"ok"`
	Result      any    `json:"result,omitempty"`
	ErrorCode   int    `json:"error_code,omitempty"`
	Description string `json:"description,omitempty"`
}

func reply(w http.ResponseWriter, status int, a answer) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(a)
}

func fail(w http.ResponseWriter, status int, desc string) {
	reply(w, status, answer{ErrorCode: status, Description: desc})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	tokenPart, method, ok := strings.Cut(path, "/")
	if !ok || !strings.HasPrefix(tokenPart, "bot") || method == "" || strings.Contains(method, "/") {
		fail(w, http.StatusNotFound, "Not Found")
		return
	}
	token := strings.TrimPrefix(tokenPart, "bot")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: method, Body: append(json.RawMessage(nil), body...), Token: token})
	key := holdKey(method, body)
	f := s.arrivedLocked(method, key)
	if q := s.faults[method]; len(q) > 0 {
		f = &q[0]
		s.faults[method] = q[1:]
	}
	s.notifyLocked()
	s.mu.Unlock()
	if token != s.Token {
		fail(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	if r.Method != http.MethodPost {
		fail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		return
	}
	if f != nil && !f.Pass {
		if f.RetryAfter > 0 && (f.Status == http.StatusTooManyRequests || f.ErrorCode == 429) {
			s.limited(key, f.RetryAfter)
		}
		s.fault(w, r, *f)
		return
	}
	var req map[string]json.RawMessage
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			fail(w, http.StatusBadRequest, "Bad Request: body must be a JSON object")
			return
		}
	}
	switch method {
	case "getMe":
		reply(w, 200, answer{OK: true, Result: s.Me})
	case "getUpdates":
		s.getUpdates(w, r, req)
	case "setWebhook":
		s.setWebhook(w, req)
	case "deleteWebhook":
		s.mu.Lock()
		s.webhook, s.secret, s.hookAt = "", "", time.Now().UnixMilli()
		at := s.hookAt
		s.mu.Unlock()
		reply(w, 200, answer{OK: true, Result: map[string]any{"url": "", "updated_at": at}})
	case "getWebhookInfo":
		s.mu.Lock()
		res := map[string]any{"url": s.webhook, "updated_at": s.hookAt}
		s.mu.Unlock()
		reply(w, 200, answer{OK: true, Result: res})
	case "sendMessage":
		chat, text := str(req["chat_id"]), str(req["text"])
		if chat == "" {
			fail(w, 400, "Bad Request: chat_id is required")
			return
		}
		if n := utf8.RuneCountInString(text); n < 1 || n > 2000 {
			fail(w, 400, fmt.Sprintf("Bad Request: text must be 1-2000 characters, got %d", n))
			return
		}
		s.record(w, r, Sent{Method: method, ChatID: chat, Text: text})
	case "sendPhoto":
		chat, photo := str(req["chat_id"]), str(req["photo"])
		if chat == "" || !(strings.HasPrefix(photo, "http://") || strings.HasPrefix(photo, "https://")) {
			fail(w, 400, "Bad Request: chat_id and photo URL are required")
			return
		}
		s.record(w, r, Sent{Method: method, ChatID: chat, Photo: photo, Caption: str(req["caption"])})
	case "sendSticker":
		s.record(w, r, Sent{Method: method, ChatID: str(req["chat_id"]), Text: str(req["sticker"])})
	case "sendChatAction":
		reply(w, 200, answer{OK: true, Result: true})
	default:
		fail(w, http.StatusNotFound, "Not Found: unknown method")
	}
}

// str reads a JSON string value ("" when absent or not a string).
func str(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

func (s *Server) record(w http.ResponseWriter, r *http.Request, m Sent) {
	s.mu.Lock()
	if r.Context().Err() != nil {
		// Done, but the client has gone (it timed out): it may send again.
		s.lost++
	}
	s.seq++
	id := fmt.Sprintf("%020x", s.seq)
	s.sent = append(s.sent, m)
	s.notifyLocked()
	s.mu.Unlock()
	reply(w, 200, answer{OK: true, Result: map[string]any{"message_id": id, "date": time.Now().UnixMilli()}})
}

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, req map[string]json.RawMessage) {
	wait := 0 * time.Second
	if raw, ok := req["timeout"]; ok {
		var t string
		if json.Unmarshal(raw, &t) != nil {
			fail(w, 400, "Bad Request: timeout must be a string of seconds")
			return
		}
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 {
			fail(w, 400, "Bad Request: timeout must be a string of seconds")
			return
		}
		wait = time.Duration(n) * time.Second
	}
	if s.IdleWait > 0 && wait > s.IdleWait {
		wait = s.IdleWait
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if s.webhook != "" {
			s.mu.Unlock()
			fail(w, http.StatusConflict, "Conflict: a webhook is set, call deleteWebhook first")
			return
		}
		if len(s.queue) > 0 {
			u := s.queue[0]
			s.queue = s.queue[1:]
			s.notifyLocked()
			s.mu.Unlock()
			reply(w, 200, answer{OK: true, Result: u})
			return
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			// The platform ends an idle long poll with ok:false 408.
			reply(w, 200, answer{ErrorCode: 408, Description: "Request timeout"})
			return
		case <-r.Context().Done():
			return
		case <-s.closing:
			fail(w, http.StatusServiceUnavailable, "Service Unavailable")
			return
		}
	}
}

func (s *Server) fault(w http.ResponseWriter, r *http.Request, f Fault) {
	switch {
	case f.Drop:
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	case f.Hang:
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		return
	}
	status := f.Status
	if status == 0 {
		status = 200
	}
	code := f.ErrorCode
	if code == 0 {
		code = status
	}
	desc := f.Description
	if desc == "" {
		desc = http.StatusText(status)
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	reply(w, status, answer{ErrorCode: code, Description: desc})
}
