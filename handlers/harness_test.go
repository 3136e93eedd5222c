package handlers

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// harness drives the real router and a real SQLite file: send text as a
// user, get the replies that the outbox delivered to that user's chat.
type harness struct {
	t       testing.TB
	path    string
	db      *storage.DB
	deps    *Deps
	router  *bot.Router
	senders []*bot.Sender
	rec     *recorder
	now     time.Time
	// logw receives the log of the router, the handlers and the senders
	// (text, Debug and up); io.Discard unless newLoggedHarness set it.
	logw io.Writer
}

// recorder is a fake channel that records every delivered reply.
type recorder struct {
	mu   sync.Mutex
	name string
	got  map[string][]bot.Reply // "channel:chat" -> replies
	all  *map[string][]bot.Reply
}

func (r *recorder) Name() string                                { return r.name }
func (r *recorder) Run(ctx context.Context, in bot.Inbox) error { return nil }
func (r *recorder) Send(ctx context.Context, chat string, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.name + ":" + chat
	(*r.all)[k] = append((*r.all)[k], rep)
	return nil
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	return newLoggedHarness(t, io.Discard)
}

// newLoggedHarness is newHarness with the log written to w.
func newLoggedHarness(t testing.TB, w io.Writer) *harness {
	t.Helper()
	h := &harness{t: t, path: filepath.Join(t.TempDir(), "bot.db"), now: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC), logw: w}
	h.open()
	return h
}

// open (re)opens the database and rebuilds the router, as a restart does.
func (h *harness) open() {
	t := h.t
	ctx := context.Background()
	db, err := storage.Open(ctx, h.path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	db.Now = func() time.Time { return h.now }
	p := plan.Default()
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead, Duties: u.Duties})
	}
	if err := db.SavePlan(ctx, p.Commune, "built-in", plan.DefaultYAML(), units); err != nil {
		t.Fatalf("save plan: %v", err)
	}
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	log := logger(h.logw)
	h.db = db
	h.deps = &Deps{DB: db, Plan: p, Log: log, Loc: loc, InviteTTL: 7 * 24 * time.Hour, BotUsername: "test_bot"}
	g := Glue{DB: db}
	h.router = bot.NewRouter(g, g, RouterMessages(), log)
	h.router.SetClock(func() time.Time { return h.now })
	Register(h.router, h.deps)
	all := map[string][]bot.Reply{}
	if h.rec != nil {
		all = *h.rec.all
	}
	h.rec = &recorder{all: &all}
	h.senders = nil
	for _, n := range []string{"telegram", "zalo", "console"} {
		r := &recorder{name: n, all: &all}
		h.senders = append(h.senders, bot.NewSender(r, g, bot.Limits{}, log))
	}
	t.Cleanup(func() { db.Close() })
}

// logger writes text logs, Debug and up, to w.
func logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// restart closes and reopens the database and router.
func (h *harness) restart() {
	h.db.Close()
	h.open()
}

// admin makes user ("telegram:1") an office admin.
func (h *harness) admin(user string) {
	ch, id, _ := strings.Cut(user, ":")
	if _, err := h.db.MakeAdmin(context.Background(), ch, id); err != nil {
		h.t.Fatal(err)
	}
}

// officer makes user an officer of the unit with the given code.
func (h *harness) officer(user, unitCode string) {
	ctx := context.Background()
	ch, id, _ := strings.Cut(user, ":")
	p, err := h.db.EnsurePerson(ctx, ch, id, user, id)
	if err != nil {
		h.t.Fatal(err)
	}
	u, err := h.db.UnitByCode(ctx, unitCode)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.db.SetRole(ctx, p.ID, storage.RoleOfficer, u.ID); err != nil {
		h.t.Fatal(err)
	}
}

// send handles text from user and returns the replies delivered to that
// user's chat by this update.
func (h *harness) send(user, text string) []bot.Reply {
	return h.update(user, bot.Update{Text: text})
}

// press presses a button (data as a Telegram button carries it).
func (h *harness) press(user, data string) []bot.Reply {
	return h.update(user, bot.Update{Choice: data})
}

func (h *harness) update(user string, u bot.Update) []bot.Reply {
	h.t.Helper()
	ch, id, _ := strings.Cut(user, ":")
	u.Channel, u.ChatID, u.UserID, u.UserName, u.Time = ch, id, id, user, h.now
	before := len((*h.rec.all)[user])
	if err := h.router.HandleUpdate(context.Background(), u); err != nil {
		h.t.Fatalf("handle %q from %s: %v", u.Text, user, err)
	}
	h.drain()
	return (*h.rec.all)[user][before:]
}

func (h *harness) drain() {
	for _, s := range h.senders {
		if err := s.Drain(context.Background()); err != nil {
			h.t.Fatal(err)
		}
	}
}

// inbox returns every reply delivered so far to user.
func (h *harness) inbox(user string) []bot.Reply { return (*h.rec.all)[user] }

// text joins the texts of replies.
func text(rs []bot.Reply) string {
	var parts []string
	for _, r := range rs {
		s := r.Text
		for i, c := range r.Choices {
			s += "\n" + itoa(i+1) + ". " + c.Label
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n---\n")
}

func itoa(i int) string { return fmtInt(i) }

func fmtInt(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return fmtInt(i/10) + string(rune('0'+i%10))
}

// lastChoices is the choices of the last reply that had some.
func lastChoices(rs []bot.Reply) (bot.Reply, bool) {
	for i := len(rs) - 1; i >= 0; i-- {
		if len(rs[i].Choices) > 0 {
			return rs[i], true
		}
	}
	return bot.Reply{}, false
}

func mustContain(t testing.TB, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply does not contain %q:\n%s", w, got)
		}
	}
}

func mustNotContain(t testing.TB, got string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(got, w) {
			t.Errorf("reply contains %q but must not:\n%s", w, got)
		}
	}
}
