package bot

import (
	"context"
	"io"
	"log/slog"
	"testing"
)

type memDir struct{}

func (memDir) Resolve(ctx context.Context, u Update) (Principal, error) {
	return Principal{PersonID: 1}, nil
}

type memStore struct{ conv *Conv }

func (m *memStore) LoadConv(ctx context.Context, channel, userID string) (*Conv, error) {
	return m.conv, nil
}
func (m *memStore) Commit(ctx context.Context, o Outcome) error {
	if o.Conv != nil {
		m.conv = o.Conv
	}
	if o.DropConv {
		m.conv = nil
	}
	return nil
}

// TestPhraseWithWordsIsAnAnswerInConversation: inside a conversation, text
// that starts with a command's spoken phrase ("mời" in "mỗi thứ hai") is the
// answer to the step; on its own, or outside a conversation, the phrase
// still runs the command.
func TestPhraseWithWordsIsAnAnswerInConversation(t *testing.T) {
	st := &memStore{}
	r := NewRouter(memDir{}, st, Messages{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var ran, answered []string
	r.Handle(Command{Name: "/moi", Phrases: []string{"mời"}, Handle: func(ctx context.Context, q *Request) error {
		ran = append(ran, q.Args)
		return nil
	}})
	r.Handle(Command{Name: "/ask", Handle: func(ctx context.Context, q *Request) error { return q.Start(ctx, "ask", nil) }})
	r.Flow(&Flow{Name: "ask", Steps: []Step{{Key: "a",
		Prompt: func(context.Context, *Request, *Conv) (Reply, error) { return Reply{Text: "?"}, nil },
		Handle: func(ctx context.Context, q *Request, c *Conv, in Input) (string, error) {
			answered = append(answered, in.Text)
			return Stay, nil
		}}}})
	send := func(text string) {
		if err := r.HandleUpdate(context.Background(), Update{Channel: "c", ChatID: "1", UserID: "1", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	send("mời abc") // outside a conversation: the command with arguments
	send("/ask")
	send("mỗi thứ hai")
	send("mời")
	if len(ran) != 2 || ran[0] != "abc" || ran[1] != "" {
		t.Errorf("command ran with %q, want [abc, \"\"]", ran)
	}
	if len(answered) != 1 || answered[0] != "mỗi thứ hai" {
		t.Errorf("conversation got %q, want [mỗi thứ hai]", answered)
	}
}
