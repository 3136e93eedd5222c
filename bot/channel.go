package bot

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// Channel is a messaging platform adapter.
//
// Run receives updates until ctx ends and hands each to in, which stores it
// before Run acknowledges it to the platform. Send delivers one reply to a
// chat; it returns a *SendError to tell the outbox how to go on.
type Channel interface {
	Name() string
	Run(ctx context.Context, in Inbox) error
	Send(ctx context.Context, chatID string, r Reply) error
}

// Inbox takes updates from a channel. Accept stores them (de-duplicated)
// and queues them for handling; when it returns nil the adapter may
// acknowledge them to the platform.
type Inbox interface {
	Accept(ctx context.Context, ups []Update) error
}

// SendError classifies a failed send.
type SendError struct {
	Kind       SendErrorKind
	RetryAfter time.Duration // for RateLimited
	// AllChats, for RateLimited, says the wait holds every chat of the
	// channel (a limit on the whole bot), not only this one: the sender
	// pauses instead of trying each chat in turn.
	AllChats  bool
	MigrateTo string // for Migrated
	Err       error
}

// SendErrorKind says what the outbox does after a failed send.
type SendErrorKind int

const (
	// Temporary: retry with backoff (5xx, timeouts, dropped connections).
	Temporary SendErrorKind = iota
	// RateLimited: wait RetryAfter for this chat, then retry.
	RateLimited
	// Blocked: the user blocked the bot or is gone; stop sending to them.
	Blocked
	// Migrated: the chat moved to MigrateTo; resend there.
	Migrated
	// Permanent: the message cannot be sent (bad request); give up.
	Permanent
)

func (e *SendError) Error() string {
	names := map[SendErrorKind]string{Temporary: "temporary", RateLimited: "rate limited", Blocked: "blocked",
		Migrated: "migrated", Permanent: "permanent"}
	if e.Kind == RateLimited {
		return fmt.Sprintf("send: %s for %s: %v", names[e.Kind], e.RetryAfter, e.Err)
	}
	return fmt.Sprintf("send: %s: %v", names[e.Kind], e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// AsSendError returns err as a *SendError; unknown errors are Temporary.
func AsSendError(err error) *SendError {
	var se *SendError
	if errors.As(err, &se) {
		return se
	}
	return &SendError{Kind: Temporary, Err: err}
}

// Health is a channel's own view of whether it is receiving: polling
// channels report their last successful poll. /healthz reads it.
type Health interface {
	Healthy(now time.Time) error
}

// PollHealth records a polling loop's successes; the zero value is "not
// polled yet". It is safe for concurrent use.
type PollHealth struct {
	last atomic.Int64 // unix nanos of the last successful poll
	hook atomic.Bool  // webhook mode: the platform pushes, nothing to poll
}

// Polled records a successful poll (an answer, with or without updates).
func (h *PollHealth) Polled(t time.Time) { h.last.Store(t.UnixNano()) }

// Webhook marks a channel that receives by webhook.
func (h *PollHealth) Webhook() { h.hook.Store(true) }

// Check reports an error when no poll succeeded within max.
func (h *PollHealth) Check(now time.Time, max time.Duration) error {
	if h.hook.Load() {
		return nil
	}
	last := h.last.Load()
	if last == 0 {
		return fmt.Errorf("not polled yet")
	}
	if d := now.Sub(time.Unix(0, last)); d > max {
		return fmt.Errorf("no successful poll for %s", d.Round(time.Second))
	}
	return nil
}
