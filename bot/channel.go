package bot

import (
	"context"
	"errors"
	"fmt"
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
