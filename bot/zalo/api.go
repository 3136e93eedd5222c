package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
)

// APIError is a call the platform refused: a non-2xx status or an ok:false
// answer. Description is scrubbed of the token.
type APIError struct {
	Method      string
	HTTPStatus  int
	Code        int // error_code (0 when the answer had none)
	Description string
	RetryAfter  time.Duration // from Retry-After or parameters.retry_after
}

func (e *APIError) Error() string {
	return fmt.Sprintf("zalo %s: http %d, error_code %d: %s", e.Method, e.HTTPStatus, e.Code, e.Description)
}

// idle reports an answer that means "no update arrived during the long
// poll" (ok:false 408 / "timeout"), which is not a failure.
func (e *APIError) idle() bool {
	if e.Code == 408 || e.HTTPStatus == http.StatusRequestTimeout {
		return true
	}
	d := strings.ToLower(e.Description)
	return e.HTTPStatus < 500 && e.Code < 500 && (strings.Contains(d, "timeout") || strings.Contains(d, "timed out"))
}

// scrubbed is a transport error whose text no longer holds the token. It
// unwraps to the cause (without the URL), so timeouts stay recognisable.
type scrubbed struct {
	msg   string
	cause error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.cause }

// client speaks the Bot API: POST {base}/bot<token>/<method>, JSON in and out.
type client struct {
	base    string
	token   string
	secrets []string // strings never to be shown: token and its escaped forms
	http    *http.Client
	timeout time.Duration // per call, except long polls
}

func newClient(base, token string, hc *http.Client, timeout time.Duration, extra ...string) *client {
	c := &client{base: strings.TrimRight(base, "/"), token: token, http: hc, timeout: timeout}
	for _, s := range append([]string{token, url.PathEscape(token), url.QueryEscape(token),
		(&url.URL{Path: "/bot" + token}).EscapedPath()[4:]}, extra...) {
		if s != "" {
			c.secrets = append(c.secrets, s)
		}
	}
	if _, secret, ok := strings.Cut(token, ":"); ok && len(secret) >= 8 {
		c.secrets = append(c.secrets, secret)
	}
	return c
}

// redact removes the token (and other secrets) from s.
func (c *client) redact(s string) string {
	for _, sec := range c.secrets {
		s = strings.ReplaceAll(s, sec, "<redacted>")
	}
	return s
}

// scrub turns a transport error into one that does not carry the URL: a
// *url.Error holds the whole URL, token included.
func (c *client) scrub(method string, err error) error {
	if err == nil {
		return nil
	}
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	return &scrubbed{msg: fmt.Sprintf("zalo %s: %s", method, c.redact(cause.Error())), cause: cause}
}

// envelope is every answer of the API.
type envelope struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// call runs one method with a JSON body and decodes result into out (when
// out is not nil). The call ends after timeout (0: the client's timeout).
func (c *client) call(ctx context.Context, method string, body any, out any, timeout time.Duration) error {
	if body == nil {
		body = struct{}{}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("zalo %s: encode body: %w", method, err)
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+c.token+"/"+method, bytes.NewReader(b))
	if err != nil {
		return c.scrub(method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return c.scrub(method, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return c.scrub(method, err)
	}
	var env envelope
	jerr := json.Unmarshal(data, &env)
	if jerr != nil || resp.StatusCode/100 != 2 || !env.OK {
		e := &APIError{Method: method, HTTPStatus: resp.StatusCode, Code: env.ErrorCode,
			Description: c.redact(bot.Truncate(strings.ToValidUTF8(env.Description, "?"), 200))}
		if jerr != nil && e.Description == "" {
			e.Description = "answer is not JSON"
		}
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			e.RetryAfter = time.Duration(s) * time.Second
		} else if env.Parameters.RetryAfter > 0 {
			e.RetryAfter = time.Duration(env.Parameters.RetryAfter) * time.Second
		}
		return e
	}
	if out != nil && len(env.Result) > 0 {
		if err := json.Unmarshal(env.Result, out); err != nil {
			return fmt.Errorf("zalo %s: decode result: %w", method, err)
		}
	}
	return nil
}

// classify maps a failed send to what the outbox does next: 429 waits,
// 5xx, 408, 401 and transport errors retry with backoff, other 4xx give up.
// The facts sheet names no "user blocked the bot" error, so none is mapped
// to Blocked.
func classify(err error) *bot.SendError {
	if err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) {
		switch {
		case ae.HTTPStatus == http.StatusTooManyRequests || ae.Code == 429:
			wait := ae.RetryAfter
			if wait <= 0 {
				wait = 2 * time.Second
			}
			return &bot.SendError{Kind: bot.RateLimited, RetryAfter: wait, Err: err}
		case ae.HTTPStatus >= 500 || ae.Code >= 500 || ae.idle():
			return &bot.SendError{Kind: bot.Temporary, Err: err}
		case ae.HTTPStatus == http.StatusUnauthorized || ae.Code == 401:
			// A revoked token: keep the messages while the operator fixes it.
			return &bot.SendError{Kind: bot.Temporary, Err: err}
		default:
			return &bot.SendError{Kind: bot.Permanent, Err: err}
		}
	}
	// Timeouts, refused or dropped connections: try again later.
	return &bot.SendError{Kind: bot.Temporary, Err: err}
}
