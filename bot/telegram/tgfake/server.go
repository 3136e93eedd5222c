// Package tgfake is a fake Telegram Bot API server on httptest for tests,
// fault injection and benchmarks. It speaks the real wire format: POSTs to
// /bot<token>/<method> with form-encoded, multipart or JSON bodies, answers
// {"ok":true,"result":…} or {"ok":false,"error_code":…,"description":…,
// "parameters":{"retry_after":…,"migrate_to_chat_id":…}}, serves files under
// /file/bot<token>/<path>, and implements getUpdates with Telegram's offset
// and long-poll semantics as well as webhook delivery with secret_token.
//
// Tests feed updates (SendText, Press, SendPhoto, SendDocument, AddUpdate),
// read what the bot did (Messages, Requests, Commands, Answered) and inject
// failures (Inject: 429 with retry_after, 5xx, 403, 400 with
// migrate_to_chat_id, delays that make clients time out, dropped
// connections; per method, per chat, a number of times or a fraction of
// requests). SetLimits turns on Telegram-like flood control. StrictChats,
// AddChat and Block say which chats exist and which users blocked the bot;
// EarlyRequests lists the requests that came before a 429's retry_after had
// passed (per chat).
//
// A Server is safe for concurrent use.
package tgfake

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one recorded API call.
type Request struct {
	Method string
	Params map[string]string // form fields (JSON values of objects as JSON text)
	Files  map[string]Upload // multipart file parts by field name
	ChatID int64             // the chat_id parameter, 0 when absent or not numeric
	Status int               // HTTP status answered (0 for a dropped connection)
	At     time.Time

	holdKey string // what a 429's retry_after holds (see EarlyRequests)
	// MessageID is the id of the message a successful send or edit
	// returned (0 for other calls), so a load generator can press its
	// buttons.
	MessageID int
}

// Upload is a file part of a multipart request.
type Upload struct {
	Name string
	Data []byte
}

// Server is a fake Bot API. Create it with New; Close it when done.
type Server struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:41234.
	URL string
	// Token is the bot token the server accepts.
	Token string
	// WebhookRetry is the pause before a failed webhook delivery is tried
	// again (default 50 ms).
	WebhookRetry time.Duration
	// KeepRequests, when false, records only counts (long benchmarks).
	KeepRequests bool
	// Observe, when set, is called with every answered request, outside
	// the server's lock and in the request's goroutine (load generators
	// time replies with it). Set it before the server is used.
	Observe func(Request)

	srv *httptest.Server
	bot User

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every change
	nextUpdate int
	queue      []Update // updates not yet confirmed, in id order
	pollGen    int
	hook       hookState
	chats      map[int64]*chatState
	requests   []Request
	counts     map[string]int
	faults     []*Fault
	commands   map[string][]BotCommand
	callbacks  map[string]*callbackState
	files      map[string]storedFile
	nextFile   int
	limits     Limits
	window     flood
	over       int
	closed     bool
	strict     bool           // unknown chats do not exist (StrictChats)
	blocked    map[int64]bool // chats whose user blocked the bot
	holds      map[string]holdState
	early      []EarlyRequest
	limited    int
	lost       int
}

type chatState struct {
	chat     Chat
	nextID   int
	messages []*Message // every message of the chat, the users' and the bot's
}

type callbackState struct {
	chatID   int64
	answered bool
	text     string
}

type storedFile struct {
	file File
	data []byte
}

type hookState struct {
	url, secret string
	allowed     []string
	running     bool
	lastErr     string
	gen         int
}

// New starts a fake Bot API for token with a bot named "dttsbot_test_bot".
func New(token string) *Server {
	s := &Server{Token: token, WebhookRetry: 50 * time.Millisecond, KeepRequests: true,
		bot:     User{ID: 7000000001, IsBot: true, FirstName: "DTTS Bot", Username: "dttsbot_test_bot"},
		changed: make(chan struct{}), nextUpdate: 100000, chats: map[int64]*chatState{}, counts: map[string]int{},
		commands: map[string][]BotCommand{}, callbacks: map[string]*callbackState{}, files: map[string]storedFile{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.srv.URL
	return s
}

// Close stops the server and its webhook deliveries.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.hook.gen++
	s.notifyLocked()
	s.mu.Unlock()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// APIEndpoint is the endpoint in the client library's format
// ("…/bot%s/%s"), for telegram.api_endpoint.
func (s *Server) APIEndpoint() string { return s.URL + "/bot%s/%s" }

// FileEndpoint is the file download endpoint ("…/file/bot%s/%s"), for
// telegram.file_endpoint.
func (s *Server) FileEndpoint() string { return s.URL + "/file/bot%s/%s" }

// Bot is the bot's own user (what getMe returns).
func (s *Server) Bot() User { return s.bot }

// SetBot changes the bot's user.
func (s *Server) SetBot(u User) {
	s.mu.Lock()
	u.IsBot = true
	s.bot = u
	s.mu.Unlock()
}

func (s *Server) now() time.Time { return time.Now() }

// notifyLocked wakes long polls and waiters; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// WaitUntil re-checks cond after every change of the server (a request
// answered, an update queued) until it holds or timeout passes; it reports
// whether cond held. cond runs without the server's lock, so it may call
// the server's methods.
func (s *Server) WaitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		t := time.NewTimer(50 * time.Millisecond)
		select {
		case <-ch:
		case <-t.C:
		case <-deadline.C:
			t.Stop()
			return cond()
		}
		t.Stop()
	}
}

// Requests returns the recorded calls of method ("" for all), oldest first.
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

// Count is how many calls of method ("" for all) were answered with status
// (0 for any status, including dropped connections).
func (s *Server) Count(method string, status int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[method+"\x00"+strconv.Itoa(status)]
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	for _, m := range []string{r.Method, ""} {
		if r.Status != 0 { // 0 is the key of all calls: count a dropped one once
			s.counts[m+"\x00"+strconv.Itoa(r.Status)]++
		}
		s.counts[m+"\x000"]++
	}
	if s.KeepRequests {
		s.requests = append(s.requests, r)
	}
	s.notifyLocked()
	s.mu.Unlock()
	if s.Observe != nil {
		s.Observe(r)
	}
}

// apiError is an error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.code, e.desc) }

func badRequest(format string, a ...any) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + fmt.Sprintf(format, a...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/file/bot"); ok {
		s.serveFile(w, r, rest)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		writeJSON(w, 404, apiResponse{ErrorCode: 404, Description: "Not Found"})
		return
	}
	if token != s.Token {
		writeJSON(w, 401, apiResponse{ErrorCode: 401, Description: "Unauthorized"})
		return
	}
	req := Request{Method: method, At: s.now(), Files: map[string]Upload{}}
	params, err := readParams(r, req.Files)
	if err != nil {
		s.answer(w, &req, nil, badRequest("%v", err))
		return
	}
	req.Params = params
	req.ChatID, _ = strconv.ParseInt(params["chat_id"], 10, 64)
	s.arrived(&req)
	if f := s.matchFault(method, req.ChatID); f != nil {
		if f.Delay > 0 {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
			}
			t.Stop()
			if r.Context().Err() != nil {
				// The client gave up: the request has no effect.
				s.record(req)
				return
			}
		}
		if f.Drop {
			s.record(req)
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		}
		if f.Code != 0 {
			desc := f.Description
			if desc == "" {
				desc = defaultDescription(f.Code)
			}
			s.answer(w, &req, nil, &apiError{code: f.Code, desc: desc, retryAfter: f.RetryAfter, migrateTo: f.MigrateTo})
			return
		}
	}
	if e := s.checkFlood(method, req.ChatID); e != nil {
		s.answer(w, &req, nil, e)
		return
	}
	if e := s.checkChat(method, req.ChatID); e != nil {
		s.answer(w, &req, nil, e)
		return
	}
	res, aerr := s.call(r, method, params, req.Files)
	if r.Context().Err() != nil && aerr == nil && method != "getUpdates" {
		// Done, but the client has gone (it timed out): it will not learn
		// that the call took effect, and may make it again.
		s.mu.Lock()
		s.lost++
		s.mu.Unlock()
	}
	s.answer(w, &req, res, aerr)
}

func (s *Server) answer(w http.ResponseWriter, req *Request, res any, e *apiError) {
	if e != nil {
		resp := apiResponse{ErrorCode: e.code, Description: e.desc}
		if e.retryAfter != 0 || e.migrateTo != 0 {
			resp.Parameters = &responseParameters{RetryAfter: e.retryAfter, MigrateToChatID: e.migrateTo}
		}
		req.Status = e.code
		if e.retryAfter > 0 {
			s.mu.Lock()
			s.limitedLocked(req, e.retryAfter)
			s.mu.Unlock()
		}
		s.record(*req)
		writeJSON(w, e.code, resp)
		return
	}
	req.Status = 200
	if m, ok := res.(Message); ok {
		req.MessageID = m.MessageID
	}
	s.record(*req)
	writeJSON(w, 200, apiResponse{OK: true, Result: res})
}

func defaultDescription(code int) string {
	switch code {
	case 429:
		return "Too Many Requests: retry after 1"
	case 403:
		return "Forbidden: bot was blocked by the user"
	case 400:
		return "Bad Request: group chat was upgraded to a supergroup chat"
	case 401:
		return "Unauthorized"
	case 409:
		return "Conflict: terminated by other getUpdates request"
	case 502:
		return "Bad Gateway"
	}
	if code >= 500 {
		return "Internal Server Error"
	}
	return http.StatusText(code)
}

// readParams reads a request's parameters from its query string and its
// form-encoded, multipart or JSON body.
func readParams(r *http.Request, files map[string]Upload) (map[string]string, error) {
	out := map[string]string{}
	for k, v := range r.URL.Query() {
		out[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		b, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
		if err != nil {
			return nil, err
		}
		v, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, fmt.Errorf("can't parse form: %v", err)
		}
		for k, vs := range v {
			out[k] = vs[0]
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(50 << 20); err != nil {
			return nil, fmt.Errorf("can't parse multipart: %v", err)
		}
		for k, vs := range r.MultipartForm.Value {
			out[k] = vs[0]
		}
		for k, fhs := range r.MultipartForm.File {
			f, err := fhs[0].Open()
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, err
			}
			files[k] = Upload{Name: fhs[0].Filename, Data: b}
		}
	case "application/json":
		var m map[string]any
		dec := json.NewDecoder(io.LimitReader(r.Body, 10<<20))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil && err != io.EOF {
			return nil, fmt.Errorf("can't parse JSON: %v", err)
		}
		for k, v := range m {
			switch x := v.(type) {
			case string:
				out[k] = x
			case json.Number:
				out[k] = x.String()
			case bool:
				out[k] = strconv.FormatBool(x)
			case nil:
			default:
				b, _ := json.Marshal(x)
				out[k] = string(b)
			}
		}
	}
	return out, nil
}
