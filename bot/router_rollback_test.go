package bot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
)

// jsonStore keeps the conversation as bytes, as storage does, so the router
// cannot change what is stored except by committing.
type jsonStore struct{ conv []byte }

func (s *jsonStore) LoadConv(ctx context.Context, channel, userID string) (*Conv, error) {
	if s.conv == nil {
		return nil, nil
	}
	var c Conv
	err := json.Unmarshal(s.conv, &c)
	return &c, err
}

func (s *jsonStore) Commit(ctx context.Context, o Outcome) error {
	switch {
	case o.Conv != nil:
		s.conv, _ = json.Marshal(o.Conv)
	case o.DropConv:
		s.conv = nil
	}
	return nil
}

func (s *jsonStore) stored(t *testing.T) *Conv {
	t.Helper()
	c, err := s.LoadConv(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestFailedPromptKeepsTheConversation: when the next question cannot be
// asked (an internal error, or a user error such as a refusal), the
// conversation stays on the question the user last saw, with its token and
// buttons; a flow whose first question fails is not started and does not
// replace the conversation in progress; an internal error in a step keeps
// what was stored (SPEC §9: a handler error rolls back).
func TestFailedPromptKeepsTheConversation(t *testing.T) {
	st := &jsonStore{}
	r := NewRouter(memDir{}, st, Messages{Internal: "internal", Forbidden: "forbidden"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	failB := errors.New("database is locked")
	var bErr error = failB
	answers := 0
	r.Handle(Command{Name: "/go", Handle: func(ctx context.Context, q *Request) error { return q.Start(ctx, "f", nil) }})
	r.Handle(Command{Name: "/deny", Handle: func(ctx context.Context, q *Request) error { return q.Start(ctx, "denied", nil) }})
	r.Flow(&Flow{Name: "f", Steps: []Step{
		{Key: "a",
			Prompt: func(context.Context, *Request, *Conv) (Reply, error) {
				return Reply{Text: "a?", Choices: []Choice{{ID: "x", Label: "X"}}}, nil
			},
			Handle: func(ctx context.Context, q *Request, c *Conv, in Input) (string, error) {
				answers++
				if in.Text == "boom" {
					c.Set("half", "written")
					return "", errors.New("save failed")
				}
				return "b", nil
			}},
		{Key: "b",
			Prompt: func(context.Context, *Request, *Conv) (Reply, error) { return Reply{Text: "b?"}, bErr },
			Handle: func(ctx context.Context, q *Request, c *Conv, in Input) (string, error) { return End, nil }},
	}})
	r.Flow(&Flow{Name: "denied", Steps: []Step{{Key: "z",
		Prompt: func(context.Context, *Request, *Conv) (Reply, error) { return Reply{}, Errorf(Forbidden, "forbidden") },
		Handle: func(ctx context.Context, q *Request, c *Conv, in Input) (string, error) { return End, nil }}}})
	send := func(u Update) {
		t.Helper()
		u.Channel, u.ChatID, u.UserID = "c", "1", "1"
		if err := r.HandleUpdate(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	send(Update{Text: "/go"})
	c := st.stored(t)
	if c == nil || c.Step != "a" || c.Token != "1" {
		t.Fatalf("after /go: %+v, want step a, token 1", c)
	}

	for _, e := range []error{failB, Errorf(Forbidden, "forbidden")} {
		bErr = e
		send(Update{Choice: "1:x"}) // a → b, whose question fails
		c = st.stored(t)
		if c == nil || c.Step != "a" || c.Token != "1" || len(c.Offered) != 1 || len(c.Path) != 0 {
			t.Fatalf("after a failed question (%v): %+v, want still at a with token 1", e, c)
		}
	}

	send(Update{Text: "boom"}) // an internal error inside the step
	if c = st.stored(t); c == nil || c.Step != "a" || c.Get("half") != "" {
		t.Fatalf("after an internal error: %+v, want the stored conversation untouched", c)
	}

	send(Update{Text: "/deny"}) // a flow whose first question is refused
	if c = st.stored(t); c == nil || c.Flow != "f" || c.Step != "a" {
		t.Fatalf("after a refused start: %+v, want the conversation in progress kept", c)
	}

	bErr = nil
	send(Update{Choice: "1:x"})
	if c = st.stored(t); c == nil || c.Step != "b" || strings.Join(c.Path, ",") != "a" {
		t.Fatalf("after a good answer: %+v, want step b", c)
	}
	if answers != 4 {
		t.Errorf("step a handled %d answers, want 4", answers)
	}
}

type roleDir struct{ role *Role }

func (d roleDir) Resolve(ctx context.Context, u Update) (Principal, error) {
	return Principal{PersonID: 1, Role: *d.role}, nil
}

// TestConversationChecksRoleAtEveryStep: the command (or button) that
// started a conversation, and the flow's own roles, are checked again at
// every answer and at /quaylai; losing the role ends the conversation.
func TestConversationChecksRoleAtEveryStep(t *testing.T) {
	role := Admin
	st := &jsonStore{}
	r := NewRouter(roleDir{&role}, st, Messages{Forbidden: "forbidden"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	saved := 0
	steps := []Step{
		{Key: "a", Prompt: func(context.Context, *Request, *Conv) (Reply, error) { return Reply{Text: "a?"}, nil },
			Handle: func(ctx context.Context, q *Request, c *Conv, in Input) (string, error) { return NextStep, nil }},
		{Key: "b", Prompt: func(context.Context, *Request, *Conv) (Reply, error) { return Reply{Text: "b?"}, nil },
			Handle: func(ctx context.Context, q *Request, c *Conv, in Input) (string, error) { saved++; return End, nil }},
	}
	r.Flow(&Flow{Name: "adm", Steps: steps})
	r.Flow(&Flow{Name: "pub", Steps: steps, Roles: []Role{Admin}})
	r.Handle(Command{Name: "/adm", Roles: []Role{Admin}, Handle: func(ctx context.Context, q *Request) error { return q.Start(ctx, "adm", nil) }})
	r.Handle(Command{Name: "/pub", Handle: func(ctx context.Context, q *Request) error { return q.Start(ctx, "pub", nil) }})
	r.Handle(Command{Name: "/back", Handle: func(ctx context.Context, q *Request) error { _, err := q.Back(ctx); return err }})
	send := func(text string) {
		t.Helper()
		if err := r.HandleUpdate(context.Background(), Update{Channel: "c", ChatID: "1", UserID: "1", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range []string{"/adm", "/pub"} {
		for _, then := range []string{"answer", "/back"} {
			role = Admin
			send(cmd)
			send("x") // at b
			role = Officer
			send(map[string]string{"answer": "y", "/back": "/back"}[then])
			if c := st.stored(t); c != nil {
				t.Errorf("%s then %s after losing the role: conversation %+v kept", cmd, then, c)
			}
		}
	}
	if saved != 0 {
		t.Errorf("%d answers saved after the role was lost", saved)
	}
	role = Officer
	send("/pub") // the flow's roles are checked at the start too
	if c := st.stored(t); c != nil {
		t.Errorf("an officer started an admins' flow: %+v", c)
	}
}
