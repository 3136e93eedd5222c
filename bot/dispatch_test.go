package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"
)

type nopDir struct{}

func (nopDir) Resolve(ctx context.Context, u Update) (Principal, error) { return Principal{}, nil }

type nopStore struct{}

func (nopStore) LoadConv(ctx context.Context, ch, u string) (*Conv, error) { return nil, nil }
func (nopStore) Commit(ctx context.Context, o Outcome) error               { return nil }

type memInbound struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (m *memInbound) StoreUpdates(ctx context.Context, ups []Update) ([]Update, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var fresh []Update
	for _, u := range ups {
		if !m.seen[u.Key] {
			m.seen[u.Key] = true
			fresh = append(fresh, u)
		}
	}
	return fresh, nil
}
func (m *memInbound) PendingUpdates(ctx context.Context, ch string) ([]Update, error) {
	return nil, nil
}

// Updates of one chat are handled in arrival order, chats in parallel, and
// a duplicated key is handled once.
func TestDispatcherOrderPerChat(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]int{}
	var wg sync.WaitGroup
	r := NewRouter(nopDir{}, nopStore{}, Messages{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r.Handle(Command{Name: "/n", Handle: func(ctx context.Context, q *Request) error {
		n, _ := strconv.Atoi(q.Args)
		if n%7 == 0 {
			time.Sleep(time.Millisecond) // perturb scheduling
		}
		mu.Lock()
		got[q.Update.ChatID] = append(got[q.Update.ChatID], n)
		mu.Unlock()
		wg.Done()
		return nil
	}})
	d := NewDispatcher(r, &memInbound{seen: map[string]bool{}}, 4, 8, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	d.Start(ctx)
	const chats, per = 10, 50
	wg.Add(chats * per)
	for i := 0; i < per; i++ {
		var batch []Update
		for c := 0; c < chats; c++ {
			key := fmt.Sprintf("%d-%d", c, i)
			batch = append(batch, Update{Channel: "t", Key: key, ChatID: strconv.Itoa(c), Text: "/n " + strconv.Itoa(i)})
		}
		if err := d.Accept(ctx, append(batch, batch[0])); err != nil { // batch[0] duplicated
			t.Fatal(err)
		}
	}
	wg.Wait()
	cancel()
	d.Wait()
	for c := 0; c < chats; c++ {
		seq := got[strconv.Itoa(c)]
		if len(seq) != per {
			t.Errorf("chat %d handled %d updates, want %d", c, len(seq), per)
		}
		for i, n := range seq {
			if n != i {
				t.Errorf("chat %d: position %d holds update %d (out of order)", c, i, n)
				break
			}
		}
	}
}

// A panicking handler is recovered and the user gets the apology.
func TestRouterRecoversPanic(t *testing.T) {
	var committed Outcome
	st := &captureStore{out: &committed}
	r := NewRouter(nopDir{}, st, Messages{Internal: "xin lỗi"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r.Handle(Command{Name: "/boom", Handle: func(ctx context.Context, q *Request) error { panic("boom") }})
	if err := r.HandleUpdate(context.Background(), Update{Channel: "t", ChatID: "1", Text: "/boom"}); err != nil {
		t.Fatal(err)
	}
	if len(committed.Out) != 1 || committed.Out[0].Reply.Text != "xin lỗi" {
		t.Errorf("after panic replies = %+v, want the apology", committed.Out)
	}
}

type captureStore struct{ out *Outcome }

func (c *captureStore) LoadConv(ctx context.Context, ch, u string) (*Conv, error) { return nil, nil }
func (c *captureStore) Commit(ctx context.Context, o Outcome) error               { *c.out = o; return nil }
