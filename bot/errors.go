package bot

import (
	"errors"
	"fmt"
)

// Kind classifies a user-facing error.
type Kind int

// Kinds of user errors.
const (
	Invalid Kind = iota + 1
	NotFound
	Forbidden
	Conflict
	Expired
)

// UserError is an error whose Message is shown to the user as is (Vietnamese,
// one line). The router alone turns errors into replies.
type UserError struct {
	Kind    Kind
	Message string
	Err     error
}

func (e *UserError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("user error %d: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("user error %d: %s", e.Kind, e.Message)
}

func (e *UserError) Unwrap() error { return e.Err }

// Errorf makes a user error of kind k with a message.
func Errorf(k Kind, format string, a ...any) error {
	return &UserError{Kind: k, Message: fmt.Sprintf(format, a...)}
}

// Wrap makes a user error of kind k with a message and a cause for the log.
func Wrap(k Kind, msg string, err error) error {
	return &UserError{Kind: k, Message: msg, Err: err}
}

// AsUserError finds a user error in err's chain.
func AsUserError(err error) (*UserError, bool) {
	var ue *UserError
	ok := errors.As(err, &ue)
	return ue, ok
}
