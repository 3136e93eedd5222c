// Package zalo is the Zalo channel: an adapter over the Zalo Bot Platform
// HTTP API (no SDK exists; it speaks the JSON API described in
// shared/docs/zalo-bot-api.md). It receives updates by long polling or by
// webhook, and sends text only: choices become a numbered list, long texts
// are split at 2,000 characters, photos go by URL and documents as download
// links published by a FileHost.
package zalo

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dttsbot/dttsbot/bot"
)

// Name is the channel name of Zalo updates and identities.
const Name = "zalo"

// DefaultAPIBase is the platform's endpoint.
const DefaultAPIBase = "https://bot-api.zaloplatforms.com"

// FileHost publishes a file under a signed, expiring URL (see bot/filelink).
type FileHost interface {
	Publish(name string, data []byte) (url string, err error)
}

// Texts are the adapter's own words, supplied from the handlers' catalogue.
// An empty hint adds no line.
type Texts struct {
	ChoiceHint string // under a numbered list, e.g. "Trả lời bằng số thứ tự, ví dụ: 1"
	MultiHint  string // under a list where several may be picked
	Download   string // a download link line: %s = file name, %s = URL
	NoFile     string // a file that cannot be offered: %s = file name
}

// Config configures an Adapter.
type Config struct {
	Token         string
	APIBase       string        // default DefaultAPIBase
	Mode          string        // "polling" (default) or "webhook"
	PollTimeout   time.Duration // long-poll timeout (default 30s)
	WebhookURL    string        // webhook mode: the public URL given to setWebhook
	WebhookSecret string        // webhook mode: 8–256 characters
	Client        *http.Client  // default: NewHTTPClient(PollTimeout)
	CallTimeout   time.Duration // per call other than getUpdates (default 20s)
	Files         FileHost      // nil: documents and in-memory photos cannot be offered
	Texts         Texts
	Log           *slog.Logger
	// MaxBackoff caps the wait between failed polls (default 60s).
	MaxBackoff time.Duration
}

// Me is the getMe answer.
type Me struct {
	ID            string `json:"id"`
	AccountName   string `json:"account_name"`
	AccountType   string `json:"account_type"`
	CanJoinGroups bool   `json:"can_join_groups"`
}

// Adapter is the Zalo bot.Channel. It is safe for concurrent use.
type Adapter struct {
	health bot.PollHealth
	cfg    Config
	api    *client
	log    *slog.Logger
	inbox  atomic.Pointer[inboxRef]
	hold   atomic.Int64 // unix nanos: no send before (a 429 holds every chat)

	mu       sync.Mutex
	progress map[string]int // partly sent replies: calls already done
}

type inboxRef struct{ bot.Inbox }

// NewHTTPClient returns a client with dial, TLS and overall timeouts that
// leave room for a long poll of pollTimeout.
func NewHTTPClient(pollTimeout time.Duration) *http.Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		MaxIdleConnsPerHost:   16,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: tr, Timeout: pollTimeout + 30*time.Second}
}

// New makes an adapter. It fails on a missing or malformed token (without
// showing it) and on webhook mode without URL or secret.
func New(cfg Config) (*Adapter, error) {
	if cfg.Token == "" || strings.ContainsAny(cfg.Token, "/?# \t\r\n") {
		return nil, errors.New("zalo: the token is empty or malformed")
	}
	if cfg.APIBase == "" {
		cfg.APIBase = DefaultAPIBase
	}
	if cfg.Mode == "" {
		cfg.Mode = "polling"
	}
	if cfg.Mode != "polling" && cfg.Mode != "webhook" {
		return nil, fmt.Errorf("zalo: mode %q: want polling or webhook", cfg.Mode)
	}
	if cfg.Mode == "webhook" && (cfg.WebhookURL == "" || len(cfg.WebhookSecret) < 8 || len(cfg.WebhookSecret) > 256) {
		return nil, errors.New("zalo: webhook mode needs a webhook URL and a secret of 8–256 characters")
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 20 * time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 60 * time.Second
	}
	if cfg.Client == nil {
		cfg.Client = NewHTTPClient(cfg.PollTimeout)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a := &Adapter{cfg: cfg, log: cfg.Log.With("channel", Name), progress: map[string]int{}}
	a.api = newClient(cfg.APIBase, cfg.Token, cfg.Client, cfg.CallTimeout, cfg.WebhookSecret)
	return a, nil
}

// Name is "zalo".
func (a *Adapter) Name() string { return Name }

// GetMe asks who the bot is; it checks the token.
func (a *Adapter) GetMe(ctx context.Context) (Me, error) {
	var me Me
	err := a.api.call(ctx, "getMe", nil, &me, a.cfg.CallTimeout)
	return me, err
}

// Run receives updates until ctx ends and hands them to in. In polling mode
// it deletes any webhook and long-polls getUpdates; in webhook mode it sets
// the webhook and lets WebhookHandler take the deliveries. Platform errors
// are logged and retried with backoff; Run returns nil when ctx ends.
func (a *Adapter) Run(ctx context.Context, in bot.Inbox) error {
	a.inbox.Store(&inboxRef{in})
	defer a.inbox.Store(nil)
	if a.cfg.Mode == "webhook" {
		a.retry(ctx, "setWebhook", func() error {
			return a.api.call(ctx, "setWebhook", map[string]string{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret}, nil, a.cfg.CallTimeout)
		})
		if ctx.Err() == nil {
			a.log.Info("zalo webhook set")
			a.health.Webhook()
		}
		<-ctx.Done()
		return nil
	}
	a.retry(ctx, "deleteWebhook", func() error {
		return a.api.call(ctx, "deleteWebhook", nil, nil, a.cfg.CallTimeout)
	})
	a.poll(ctx, in)
	return nil
}

// retry runs fn until it succeeds or ctx ends, backing off between failures.
func (a *Adapter) retry(ctx context.Context, what string, fn func() error) {
	for attempt := 0; ctx.Err() == nil; attempt++ {
		err := fn()
		if err == nil || ctx.Err() != nil {
			return
		}
		wait := a.afterFailure(err, attempt)
		a.log.Warn("zalo call failed", "method", what, "err", err, "retry_in", wait.String())
		sleep(ctx, wait)
	}
}

func (a *Adapter) backoff(attempt int) time.Duration {
	d := time.Second << min(attempt, 8)
	if d > a.cfg.MaxBackoff {
		d = a.cfg.MaxBackoff
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// afterFailure is the pause before calling again after a failure: the
// backoff, and at least the Retry-After of a 429 (the platform counts a
// call that comes earlier against the bot).
func (a *Adapter) afterFailure(err error, attempt int) time.Duration {
	wait := a.backoff(attempt)
	var ae *APIError
	if errors.As(err, &ae) && ae.RetryAfter > wait {
		wait = ae.RetryAfter
	}
	return wait
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// poll long-polls getUpdates. An idle answer (408) polls again at once,
// unless it came back early: then the wait before the next call grows, so
// a platform that answers idle polls instantly is not hammered.
func (a *Adapter) poll(ctx context.Context, in bot.Inbox) {
	timeout := a.cfg.PollTimeout
	body := map[string]string{"timeout": fmt.Sprint(int(timeout / time.Second))}
	failures := 0
	var idleWait time.Duration
	for ctx.Err() == nil {
		start := time.Now()
		raw, err := a.getUpdates(ctx, body, timeout+a.cfg.CallTimeout)
		if ctx.Err() != nil {
			return
		}
		var ae *APIError
		if err == nil || (errors.As(err, &ae) && ae.idle()) {
			a.health.Polled(time.Now())
		}
		if errors.As(err, &ae) && ae.idle() {
			failures = 0
			idleWait = idleDelay(idleWait, time.Since(start), timeout)
			sleep(ctx, idleWait)
			continue
		}
		var ups []bot.Update
		if err == nil {
			ups, err = ParseUpdates(raw)
		}
		if err != nil {
			wait := a.afterFailure(err, failures)
			failures++
			a.log.Warn("zalo getUpdates failed", "err", err, "retry_in", wait.String())
			sleep(ctx, wait)
			continue
		}
		failures = 0
		if len(ups) == 0 { // an empty or ignored answer: idle, never spin
			idleWait = idleDelay(idleWait, time.Since(start), timeout)
			sleep(ctx, idleWait)
			continue
		}
		idleWait = 0
		// The platform has no offset: what it handed out is gone, so keep
		// trying to store it until it is stored or the bot stops; a stop
		// does not cut short the store already under way.
		for attempt := 0; ; attempt++ {
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			err := in.Accept(actx, ups)
			cancel()
			if err == nil || ctx.Err() != nil {
				break
			}
			wait := a.backoff(attempt)
			a.log.Error("zalo update not stored", "err", err, "retry_in", wait.String())
			sleep(ctx, wait)
		}
	}
}

// idleDelay is the wait after an idle answer that took elapsed, given the
// previous wait: none after a real long poll; after one that came back
// early, a wait that doubles from 250 ms up to a quarter of the timeout.
func idleDelay(prev, elapsed, timeout time.Duration) time.Duration {
	if elapsed >= timeout/2 {
		return 0
	}
	return min(max(2*prev, 250*time.Millisecond), max(timeout/4, 250*time.Millisecond))
}

// getUpdates returns the raw answer body of one long poll (ok:true only).
func (a *Adapter) getUpdates(ctx context.Context, body any, timeout time.Duration) ([]byte, error) {
	var raw rawResult
	if err := a.api.call(ctx, "getUpdates", body, &raw, timeout); err != nil {
		return nil, err
	}
	return raw, nil
}

// rawResult keeps the result as it came.
type rawResult []byte

func (r *rawResult) UnmarshalJSON(b []byte) error {
	*r = append((*r)[:0], b...)
	return nil
}

// WebhookHandler returns the handler of webhook deliveries: it checks the
// X-Bot-Api-Secret-Token header in constant time (403 otherwise), stores
// the updates through the inbox given to Run (503 before Run), and answers
// 200. Handling happens afterwards, on the dispatcher's lanes.
func (a *Adapter) WebhookHandler() http.Handler {
	want := sha256.Sum256([]byte(a.cfg.WebhookSecret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.Header.Get("X-Bot-Api-Secret-Token")))
		if a.cfg.WebhookSecret == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ref := a.inbox.Load()
		if ref == nil {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		ups, err := ParseUpdates(body)
		if err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if len(ups) > 0 {
			ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
			defer cancel()
			if err := ref.Accept(ctx, ups); err != nil {
				a.log.Error("zalo webhook update not stored", "err", err)
				http.Error(w, "try again", http.StatusServiceUnavailable)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true}`)
	})
}

// Healthy reports whether getUpdates answered recently (always in webhook
// mode once set).
func (a *Adapter) Healthy(now time.Time) error {
	return a.health.Check(now, a.cfg.PollTimeout+a.cfg.CallTimeout+60*time.Second)
}
