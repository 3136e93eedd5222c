//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

const (
	token   = "123456:bench-token"
	adminID = 1 // telegram:1 is the configured office admin
	// firstRecipient is the first seeded subscriber's user and chat id.
	firstRecipient = 5_000_000
)

// harness is one run: a fake Bot API, a folder with the config and the
// database, the bot as a child process and the users the load generator
// plays.
type harness struct {
	o     *options
	name  string
	dir   string
	fake  *tgfake.Server
	lim   limits
	bot   *botProc
	chats map[int64]*chat // fixed before the bot starts

	polled    chan struct{}
	firstPoll atomic.Pointer[time.Time]

	mu    sync.Mutex
	sends []send // every accepted message (floodCounted), in arrival order
}

type send struct {
	at     time.Time
	chat   int64
	method string
}

// floodCounted are the methods Telegram's flood control (and the fake's)
// counts as messages: the ceiling is for all of them together.
var floodCounted = map[string]bool{"sendMessage": true, "sendDocument": true, "sendPhoto": true, "editMessageText": true}

func newHarness(o *options, name string, l limits) (*harness, error) {
	dir, err := os.MkdirTemp(o.tmp, "dttsbot-bench-"+name+"-")
	if err != nil {
		return nil, err
	}
	h := &harness{o: o, name: name, dir: dir, lim: l, chats: map[int64]*chat{}, polled: make(chan struct{})}
	h.fake = tgfake.New(token)
	h.fake.KeepRequests = false
	h.fake.Observe = h.observe
	h.addUsers(adminID, 1)
	return h, nil
}

// observe sees every answered request of the fake.
func (h *harness) observe(r tgfake.Request) {
	switch {
	case r.Method == "getUpdates":
		at := r.At
		if h.firstPoll.CompareAndSwap(nil, &at) {
			close(h.polled)
		}
	case r.Status == 200 && floodCounted[r.Method]:
		h.mu.Lock()
		h.sends = append(h.sends, send{at: r.At, chat: r.ChatID, method: r.Method})
		h.mu.Unlock()
		if c := h.chats[r.ChatID]; c != nil && r.Method == "sendMessage" {
			c.answered(r)
		}
	}
}

// addUsers adds n users with ids first, first+1, … (private chats).
func (h *harness) addUsers(first int64, n int) []*chat {
	out := make([]*chat, 0, n)
	for i := 0; i < n; i++ {
		id := first + int64(i)
		u := tgfake.User{ID: id, FirstName: "Người dùng", LastName: fmt.Sprint(id)}
		c := &chat{h: h, user: u, replies: make(chan reply, 64)}
		h.chats[id] = c
		out = append(out, c)
	}
	return out
}

// seed creates the database as the bot would (migrations, the built-in
// plan's units) and adds subscribers and staff directly through storage.
func (h *harness) seed(ctx context.Context, subscribers, staff int) error {
	db, err := storage.Open(ctx, filepath.Join(h.dir, "bot.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	p, body, err := plan.Load("")
	if err != nil {
		return err
	}
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead, Duties: u.Duties})
	}
	if err := db.SavePlan(ctx, p.Commune, "built-in", body, units); err != nil {
		return err
	}
	if subscribers > 0 {
		if err := db.SeedSubscribers(ctx, "telegram", firstRecipient, subscribers, p.Villages[0], "bench"); err != nil {
			return err
		}
	}
	if staff > 0 {
		us, err := db.Units(ctx)
		if err != nil {
			return err
		}
		var ids []int64
		for _, u := range us {
			ids = append(ids, u.ID)
		}
		if err := db.SeedStaff(ctx, ids, staff, "02"); err != nil {
			return err
		}
	}
	return nil
}

// start writes the config and starts the bot; it returns the time from
// exec to the first getUpdates at the fake. One update (the admin's
// /start) is queued first so that getUpdates answers at once and its
// arrival is seen.
func (h *harness) start() (time.Duration, error) {
	cfg, err := writeConfig(h.dir, h.fake.URL, token, h.lim)
	if err != nil {
		return 0, err
	}
	h.firstPoll.Store(nil)
	h.polled = make(chan struct{})
	h.chats[adminID].send("/start")
	p, err := startBot(h.o.bin, cfg, filepath.Join(h.dir, "bot.log"), h.o.env)
	if err != nil {
		return 0, err
	}
	h.bot = p
	select {
	case <-h.polled:
	case err := <-p.done:
		p.done <- err
		return 0, fmt.Errorf("the bot exited at start (%v); log: %s", err, h.tail())
	case <-time.After(60 * time.Second):
		return 0, fmt.Errorf("no getUpdates within 60 s; log: %s", h.tail())
	}
	d := h.firstPoll.Load().Sub(p.started)
	if _, err := h.chats[adminID].wait(10*time.Second, ""); err != nil {
		return d, fmt.Errorf("first reply: %w; log: %s", err, h.tail())
	}
	return d, nil
}

// restart stops the bot and starts it again on the same database.
func (h *harness) restart() (time.Duration, error) {
	if err := h.bot.stop(); err != nil {
		return 0, err
	}
	return h.start()
}

// close stops the bot and the fake; the folder is removed unless -keep.
func (h *harness) close() {
	if h.bot != nil {
		if err := h.bot.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", h.name, err)
		}
	}
	h.fake.Close()
	if h.o.keep {
		fmt.Fprintf(os.Stderr, "%s: kept %s\n", h.name, h.dir)
		return
	}
	os.RemoveAll(h.dir)
}

// tail is the end of the bot's log, for errors.
func (h *harness) tail() string {
	b, _ := os.ReadFile(filepath.Join(h.dir, "bot.log"))
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// sendsSince copies the accepted sends from index i on.
func (h *harness) sendsSince(i int) []send {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.sends[min(i, len(h.sends)):])
}

func (h *harness) sendCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.sends)
}

// chat is a simulated user in their private chat with the bot. Updates it
// injects are timed; each reply (sendMessage) is matched to the oldest
// unanswered one, which is exact for flows that answer each update with
// one message.
type chat struct {
	h       *harness
	user    tgfake.User
	mu      sync.Mutex
	sent    []time.Time
	replies chan reply
	lat     *latencies // where reply latencies go (nil: nowhere)
}

// reply is one message of the bot to the chat.
type reply struct {
	at      time.Time
	latency time.Duration // since the oldest unanswered update (-1: none)
	msgID   int
	markup  string
	text    string
}

// send types text in the chat; it returns when the update was queued.
func (c *chat) send(text string) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	c.sent = append(c.sent, now)
	c.h.fake.SendText(tgfake.PrivateChat(c.user), c.user, text)
	return now
}

func (c *chat) press(msgID int, data string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, time.Now())
	if _, err := c.h.fake.Press(c.user.ID, c.user, msgID, data); err != nil {
		c.sent = c.sent[:len(c.sent)-1]
		return err
	}
	return nil
}

func (c *chat) answered(r tgfake.Request) {
	rp := reply{at: r.At, latency: -1, msgID: r.MessageID, markup: r.Params["reply_markup"], text: r.Params["text"]}
	c.mu.Lock()
	var sentAt time.Time
	if len(c.sent) > 0 {
		sentAt = c.sent[0]
		rp.latency = r.At.Sub(sentAt)
		c.sent = c.sent[1:]
	}
	lat := c.lat
	c.mu.Unlock()
	if lat != nil && rp.latency >= 0 {
		lat.add(sentAt, rp.latency)
	}
	select {
	case c.replies <- rp:
	default: // nobody reads this chat's replies (open loop)
	}
}

// wait waits for the next reply; with button set, for the next reply that
// has a button whose callback data ends with ":"+button (or equals it).
func (c *chat) wait(timeout time.Duration, button string) (reply, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case r := <-c.replies:
			if button == "" {
				return r, nil
			}
			if data, ok := buttonData(r.markup, button); ok {
				r.markup = data // the data to press
				return r, nil
			}
		case <-t.C:
			return reply{}, fmt.Errorf("user %d: no reply within %s", c.user.ID, timeout)
		}
	}
}

// buttonData finds the callback data of a button in a reply_markup.
func buttonData(markup, id string) (string, bool) {
	var kb tgfake.Keyboard
	if json.Unmarshal([]byte(markup), &kb) != nil {
		return "", false
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == id || strings.HasSuffix(b.CallbackData, ":"+id) {
				return b.CallbackData, true
			}
		}
	}
	return "", false
}

// drain forgets unread replies.
func (c *chat) drain() {
	for {
		select {
		case <-c.replies:
		default:
			return
		}
	}
}
