// Package telegram is the Telegram channel: it turns Bot API updates into
// bot.Update, stores them through the inbox before acknowledging them (long
// polling or webhook), and renders bot.Reply as HTML messages with inline
// keyboards, documents and photos. It uses
// github.com/go-telegram-bot-api/telegram-bot-api/v5 against a configurable
// endpoint; the package tgfake is a fake Bot API for its tests.
package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dttsbot/dttsbot/bot"
)

// Name is the channel's name in updates, identities and the outbox.
const Name = "telegram"

// Options configure an Adapter. Token and APIEndpoint are required.
type Options struct {
	Token string
	// APIEndpoint is in the client library's format, with two %s for the
	// token and the method: "https://api.telegram.org/bot%s/%s".
	APIEndpoint string
	// FileEndpoint is the download URL with two %s for the token and the
	// file path: "https://api.telegram.org/file/bot%s/%s".
	FileEndpoint string
	// Webhook selects webhook mode (Run calls setWebhook and waits; updates
	// come through WebhookHandler). Otherwise Run long-polls.
	Webhook       bool
	WebhookURL    string
	WebhookSecret string
	// PollTimeout is the long-poll wait of getUpdates (default 30 s; a
	// negative value means short polling).
	PollTimeout time.Duration
	// CallTimeout bounds every other API call (default 30 s).
	CallTimeout time.Duration
	// Client, when nil, is a client with dial, TLS, header and overall
	// timeouts suited to PollTimeout.
	Client *http.Client
	Log    *slog.Logger
	// MultiHint is appended under a multiple-choice keyboard (default:
	// Vietnamese "tap one, or type the numbers").
	MultiHint string
}

// DefaultMultiHint tells the user how to pick several choices.
const DefaultMultiHint = "(bấm một lựa chọn, hoặc gõ các số cách nhau bởi dấu phẩy, ví dụ: 1, 3)"

// Adapter is the Telegram bot.Channel. It is safe for concurrent use.
type Adapter struct {
	health  bot.PollHealth
	api     *tgbotapi.BotAPI
	opt     Options
	client  *http.Client
	log     *slog.Logger
	inbox   atomic.Pointer[inboxRef]
	partial partialSends
	acks    chan press // button presses to answer (runAcks)
	gate    gate       // retry_after per chat; one call per chat at a time
	pace    atomic.Pointer[func(context.Context) error]
}

// SetPace makes the adapter's own messages (the keyboard edit after a
// press) wait for pace, which the channel's outbox sender provides
// (bot.Sender.Pace), so they count under the same ceiling as the outbox.
func (a *Adapter) SetPace(pace func(context.Context) error) { a.pace.Store(&pace) }

type inboxRef struct{ in bot.Inbox }

var _ bot.Channel = (*Adapter)(nil)

// New checks the token with getMe and returns the adapter. Temporary
// failures (network, 5xx, 429) are retried with backoff until ctx ends; a
// token the API rejects (401, 404) fails at once. Errors never contain the
// token.
func New(ctx context.Context, opt Options) (*Adapter, error) {
	if opt.Token == "" {
		return nil, errors.New("telegram: no token")
	}
	if strings.Count(opt.APIEndpoint, "%s") != 2 {
		return nil, fmt.Errorf("telegram: api endpoint %q needs two %%s", opt.APIEndpoint)
	}
	if opt.FileEndpoint == "" {
		opt.FileEndpoint = "https://api.telegram.org/file/bot%s/%s"
	}
	if opt.PollTimeout == 0 {
		opt.PollTimeout = 30 * time.Second
	}
	if opt.CallTimeout <= 0 {
		opt.CallTimeout = 30 * time.Second
	}
	if opt.MultiHint == "" {
		opt.MultiHint = DefaultMultiHint
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	a := &Adapter{opt: opt, log: opt.Log, client: opt.Client, acks: make(chan press, ackQueue)}
	if a.client == nil {
		a.client = newClient(max(opt.PollTimeout, 0))
	}
	for attempt := 0; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, opt.CallTimeout)
		cl := &ctxClient{ctx: cctx, c: a.client, token: opt.Token}
		api, err := tgbotapi.NewBotAPIWithClient(opt.Token, opt.APIEndpoint, cl)
		cancel()
		if err == nil {
			api.Client = a.client
			a.api = api
			return a, nil
		}
		err = a.wrap("getMe", err, cl.status)
		se := Classify(err, cl.status)
		if se.Kind == bot.Permanent || cl.status == 401 || cl.status == 404 {
			return nil, fmt.Errorf("telegram: the Bot API refused the token: %w", err)
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("telegram: getMe: %w", err)
		}
		a.log.Warn("telegram not reachable, retrying", "channel", Name, "attempt", attempt+1, "err", err)
		if !sleep(ctx, afterFailure(se, attempt)) {
			return nil, fmt.Errorf("telegram: getMe: %w", err)
		}
	}
}

// newClient is an HTTP client with timeouts on every phase; the overall
// timeout leaves room for a long poll.
func newClient(poll time.Duration) *http.Client {
	return &http.Client{
		Timeout: poll + 30*time.Second,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: poll + 15*time.Second,
			ExpectContinueTimeout: time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   64,
			ForceAttemptHTTP2:     true,
		},
	}
}

// Name is "telegram".
func (a *Adapter) Name() string { return Name }

// Username is the bot's username (without @), for deep links.
func (a *Adapter) Username() string { return a.api.Self.UserName }

// ctxClient runs the library's requests under a context, remembers the HTTP
// status of the answer (the library drops it for uploads) and takes the
// token out of transport errors, whose text would otherwise carry the URL.
type ctxClient struct {
	ctx    context.Context
	c      *http.Client
	token  string
	status int
}

func (c *ctxClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.c.Do(req.WithContext(c.ctx))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return nil, &url.Error{Op: ue.Op, URL: redact(ue.URL, c.token), Err: ue.Err}
		}
		return nil, errors.New(redact(err.Error(), c.token))
	}
	c.status = resp.StatusCode
	return resp, nil
}

func redact(s, token string) string {
	if token == "" {
		return s
	}
	s = strings.ReplaceAll(s, token, "<token>")
	return strings.ReplaceAll(s, url.PathEscape(token), "<token>")
}

// apiError is a failed call: the method, the HTTP status and the cause,
// with the token taken out of its text.
type apiError struct {
	method string
	status int
	err    error
	text   string
}

func (e *apiError) Error() string { return e.text }
func (e *apiError) Unwrap() error { return e.err }

func (a *Adapter) wrap(method string, err error, status int) error {
	if err == nil {
		return nil
	}
	text := fmt.Sprintf("telegram %s: %v", method, err)
	if status != 0 && status != 200 {
		text = fmt.Sprintf("telegram %s: http %d: %v", method, status, err)
	}
	return &apiError{method: method, status: status, err: err, text: redact(text, a.opt.Token)}
}

// call sends one request of key (chatKey or methodKey), waiting out a
// retry_after of the key if it ends within CallTimeout (else it fails with
// RateLimited); the request itself is bounded by CallTimeout.
func (a *Adapter) call(ctx context.Context, key string, c tgbotapi.Chattable, method string) (*tgbotapi.APIResponse, error) {
	return a.through(ctx, key, a.opt.CallTimeout, a.opt.CallTimeout, method, func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return api.Request(c)
	})
}

// send is call for the outbox's messages to a chat: while a retry_after
// of the chat runs it does not wait but fails at once with RateLimited and
// the time left, so the sender holds the chat and serves others.
func (a *Adapter) send(ctx context.Context, chat int64, c tgbotapi.Chattable, method string) (*tgbotapi.APIResponse, error) {
	return a.through(ctx, chatKey(chat), 0, a.opt.CallTimeout, method, func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return api.Request(c)
	})
}

// raw calls a method with explicit parameters (those the library's configs
// lack, such as setWebhook's secret_token).
func (a *Adapter) raw(ctx context.Context, method string, p tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	return a.through(ctx, methodKey(method), a.opt.CallTimeout, a.opt.CallTimeout, method, func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) {
		return api.MakeRequest(method, p)
	})
}

// through runs one API call in the gate of key (see gate): it waits for
// the key's turn and for a running retry_after of up to maxWait (a longer
// one fails the call with RateLimited and the time left); a 429 answer
// holds the key for its retry_after. Only then does timeout start to run
// for the request, so waiting in the gate cannot leave a request too
// little time: a request cut short after Telegram took it would be sent
// again.
func (a *Adapter) through(ctx context.Context, key string, maxWait, timeout time.Duration, method string,
	do func(*tgbotapi.BotAPI) (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	leave, left, err := a.gate.enter(ctx, key, maxWait)
	if err != nil {
		return nil, a.wrap(method, err, 0)
	}
	if leave == nil {
		return nil, &bot.SendError{Kind: bot.RateLimited, RetryAfter: left,
			Err: fmt.Errorf("telegram %s: waiting out a retry_after of the chat", method)}
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cl := &ctxClient{ctx: rctx, c: a.client, token: a.opt.Token}
	api := *a.api
	api.Client = cl
	resp, err := do(&api)
	var hold time.Duration
	if err != nil {
		err = a.wrap(method, err, cl.status)
		if se := Classify(err, 0); se.Kind == bot.RateLimited {
			hold = se.RetryAfter
		}
	}
	leave(hold)
	return resp, err
}

// Classify maps a failed Bot API call to the outbox's error kinds: 429 →
// RateLimited (retry_after), 400 with migrate_to_chat_id → Migrated, 403 →
// Blocked, other 4xx → Permanent, 5xx, 401, 404, timeouts, dropped
// connections and unreadable answers → Temporary. status is the HTTP status
// when known (0 otherwise).
func Classify(err error, status int) *bot.SendError {
	var se *bot.SendError
	if errors.As(err, &se) {
		return se
	}
	var ae *apiError
	if errors.As(err, &ae) && status == 0 {
		status = ae.status
	}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		code := te.Code
		if code == 0 {
			code = status
		}
		switch {
		case code == 429 || te.RetryAfter > 0:
			return &bot.SendError{Kind: bot.RateLimited, RetryAfter: time.Duration(max(te.RetryAfter, 1)) * time.Second, Err: err}
		case te.MigrateToChatID != 0:
			return &bot.SendError{Kind: bot.Migrated, MigrateTo: fmt.Sprint(te.MigrateToChatID), Err: err}
		case code == 403:
			return &bot.SendError{Kind: bot.Blocked, Err: err}
		case code >= 500 || code == 401 || code == 404 || code == 0:
			return &bot.SendError{Kind: bot.Temporary, Err: err}
		}
		return &bot.SendError{Kind: bot.Permanent, Err: err}
	}
	if status == 429 {
		return &bot.SendError{Kind: bot.RateLimited, RetryAfter: 5 * time.Second, Err: err}
	}
	return &bot.SendError{Kind: bot.Temporary, Err: err}
}

func (a *Adapter) setInbox(in bot.Inbox) { a.inbox.Store(&inboxRef{in: in}) }

// Run receives updates until ctx ends: in webhook mode it registers the
// webhook (retrying until it succeeds) and waits, the updates arriving
// through WebhookHandler; otherwise it removes any webhook and long-polls.
// It returns nil when ctx ends; platform errors are logged and retried.
func (a *Adapter) Run(ctx context.Context, in bot.Inbox) error {
	a.setInbox(in)
	a.runAcks(ctx)
	if a.opt.Webhook {
		a.retry(ctx, "setWebhook", func() error { return a.setWebhook(ctx) })
		a.health.Webhook()
		<-ctx.Done()
		return nil
	}
	a.retry(ctx, "deleteWebhook", func() error {
		_, err := a.call(ctx, methodKey("deleteWebhook"), tgbotapi.DeleteWebhookConfig{}, "deleteWebhook")
		return err
	})
	return a.poll(ctx, in)
}

// allowedUpdates are the update types the bot handles.
var allowedUpdates = []string{"message", "callback_query"}

func (a *Adapter) setWebhook(ctx context.Context) error {
	p := tgbotapi.Params{"url": a.opt.WebhookURL, "secret_token": a.opt.WebhookSecret}
	if err := p.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return err
	}
	_, err := a.raw(ctx, "setWebhook", p)
	if err == nil {
		a.log.Info("telegram webhook set", "channel", Name)
	}
	return err
}

// retry runs fn until it succeeds or ctx ends, logging failures.
func (a *Adapter) retry(ctx context.Context, what string, fn func() error) {
	for attempt := 0; ctx.Err() == nil; attempt++ {
		err := fn()
		if err == nil || ctx.Err() != nil {
			return
		}
		a.log.Warn("telegram call failed, retrying", "channel", Name, "method", what, "attempt", attempt+1, "err", err)
		sleep(ctx, afterFailure(Classify(err, 0), attempt))
	}
}

// poll long-polls getUpdates. Each batch is handed to the inbox, which
// stores it durably, before the offset moves past it: the offset is what
// acknowledges updates to Telegram, so a crash at any point loses nothing
// (the unacknowledged batch comes again and the inbox drops the copies).
func (a *Adapter) poll(ctx context.Context, in bot.Inbox) error {
	offset, failures := 0, 0
	wait := int(a.opt.PollTimeout / time.Second)
	for ctx.Err() == nil {
		cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: max(wait, 0), AllowedUpdates: allowedUpdates}
		resp, err := a.through(ctx, methodKey("getUpdates"), a.opt.CallTimeout, time.Duration(max(wait, 0))*time.Second+a.opt.CallTimeout,
			"getUpdates", func(api *tgbotapi.BotAPI) (*tgbotapi.APIResponse, error) { return api.Request(cfg) })
		var ups []tgbotapi.Update
		if err == nil {
			if err = json.Unmarshal(resp.Result, &ups); err != nil {
				err = a.wrap("getUpdates", err, 200)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			failures++
			a.log.Warn("telegram getUpdates failed", "channel", Name, "attempt", failures, "err", err)
			se := Classify(err, 0)
			if se.Kind == bot.Permanent && strings.Contains(err.Error(), "webhook") {
				a.call(ctx, methodKey("deleteWebhook"), tgbotapi.DeleteWebhookConfig{}, "deleteWebhook")
			}
			sleep(ctx, afterFailure(se, failures-1))
			continue
		}
		failures = 0
		a.health.Polled(time.Now())
		if len(ups) == 0 {
			if wait <= 0 {
				sleep(ctx, time.Second)
			}
			continue
		}
		batch, presses := a.convert(ups)
		for attempt := 0; ; attempt++ {
			err := in.Accept(ctx, batch)
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				return nil
			}
			a.log.Error("storing telegram updates failed", "channel", Name, "count", len(batch), "attempt", attempt+1, "err", err)
			if !sleep(ctx, retryDelay(attempt)) {
				return nil
			}
		}
		offset = ups[len(ups)-1].UpdateID + 1
		a.acknowledge(presses)
	}
	return nil
}

// retryDelay is the pause after the n-th consecutive failure: 500 ms
// doubling up to 30 s, with jitter.
func retryDelay(n int) time.Duration {
	d := 500 * time.Millisecond << min(n, 6)
	d = min(d, 30*time.Second)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// afterFailure is the pause before trying a failed call again: the n-th
// retryDelay, and at least the retry_after of a 429.
func afterFailure(se *bot.SendError, n int) time.Duration {
	d := retryDelay(n)
	if se.Kind == bot.RateLimited {
		d = max(d, se.RetryAfter)
	}
	return d
}

// sleep waits d or until ctx ends; it reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// partialSends remembers how many pieces of a split message went out, so a
// retry after a failure in the middle does not repeat the first pieces.
type partialSends struct {
	mu   sync.Mutex
	done map[string]int
}

func (p *partialSends) get(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done[key]
}

func (p *partialSends) set(key string, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done == nil || len(p.done) > 1024 {
		p.done = map[string]int{}
	}
	if n == 0 {
		delete(p.done, key)
		return
	}
	p.done[key] = n
}

// Healthy reports whether getUpdates answered recently (always in webhook
// mode once set).
func (a *Adapter) Healthy(now time.Time) error {
	return a.health.Check(now, a.opt.PollTimeout+a.opt.CallTimeout+30*time.Second)
}
