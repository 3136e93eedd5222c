package telegram_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/telegram"
	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
	"github.com/dttsbot/dttsbot/handlers"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

const testToken = "123456:TEST-token_secret-value"

// logBuffer collects log output safely from many goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// env is the bot wired as cmd/dttsbot wires it, on a real SQLite file,
// talking to a fake Bot API.
type env struct {
	t      *testing.T
	ctx    context.Context
	fake   *tgfake.Server
	db     *storage.DB
	ad     *telegram.Adapter
	router *bot.Router
	disp   *bot.Dispatcher
	sender *bot.Sender
	logs   *logBuffer
	done   sync.WaitGroup
}

type envOptions struct {
	limits  bot.Limits
	webhook bool
	noRun   bool // do not start Run (tests that drive the adapter by hand)
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e := &env{t: t, ctx: ctx, fake: tgfake.New(testToken), logs: &logBuffer{}}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	e.db = db
	p := plan.Default()
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead, Duties: u.Duties})
	}
	if err := db.SavePlan(ctx, p.Commune, "built-in", plan.DefaultYAML(), units); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	opt := telegram.Options{Token: testToken, APIEndpoint: e.fake.APIEndpoint(), FileEndpoint: e.fake.FileEndpoint(),
		PollTimeout: 2 * time.Second, CallTimeout: 2 * time.Second, Log: log}
	if o.webhook {
		opt.Webhook, opt.WebhookURL, opt.WebhookSecret = true, "http://unused.invalid/hook", "s3cret-Webhook_1"
	}
	e.ad, err = telegram.New(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	deps := &handlers.Deps{DB: db, Plan: p, Log: log, Loc: loc, InviteTTL: 7 * 24 * time.Hour, BotUsername: e.ad.Username()}
	g := handlers.Glue{DB: db}
	e.router = bot.NewRouter(g, g, handlers.RouterMessages(), log)
	handlers.Register(e.router, deps)
	e.disp = bot.NewDispatcher(e.router, g, 4, 64, log)
	if o.limits.Concurrency == 0 {
		o.limits.Concurrency = 4
	}
	e.sender = bot.NewSender(e.ad, g, o.limits, log)
	e.sender.IsGroup = func(id string) bool { return len(id) > 0 && id[0] == '-' }
	e.router.Queued = func(string) { e.sender.Notify() }
	e.disp.Start(ctx)
	e.done.Add(1)
	go func() { defer e.done.Done(); e.sender.Run(ctx) }()
	if !o.noRun {
		e.done.Add(1)
		go func() { defer e.done.Done(); e.ad.Run(ctx, e.disp) }()
	}
	t.Cleanup(func() {
		cancel()
		e.done.Wait()
		e.disp.Wait()
		e.fake.Close()
		db.Close()
		if bytes.Contains([]byte(e.logs.String()), []byte(testToken)) {
			t.Errorf("the log contains the bot token:\n%s", e.logs.String())
		}
	})
	return e
}

// user is a Telegram user with a private chat.
func user(id int64, name string) tgfake.User { return tgfake.User{ID: id, FirstName: name} }

// say sends text from u in its private chat and waits for n more bot
// messages there; it returns them.
func (e *env) say(u tgfake.User, text string, n int) []tgfake.Message {
	e.t.Helper()
	before := len(e.fake.BotMessages(u.ID))
	e.fake.SendText(tgfake.PrivateChat(u), u, text)
	return e.waitMessages(u.ID, before+n)[before:]
}

// waitMessages waits until chat holds at least n bot messages.
func (e *env) waitMessages(chat int64, n int) []tgfake.Message {
	e.t.Helper()
	if !e.fake.WaitUntil(10*time.Second, func() bool { return len(e.fake.BotMessages(chat)) >= n }) {
		e.t.Fatalf("chat %d: want %d bot messages, have %d: %+v", chat, n, len(e.fake.BotMessages(chat)), e.fake.BotMessages(chat))
	}
	return e.fake.BotMessages(chat)
}

// queue puts a reply in the outbox for chat, as a handler's commit does.
func (e *env) queue(chat int64, r bot.Reply) {
	e.t.Helper()
	if _, err := e.db.Enqueue(e.ctx, []storage.OutMsg{{Channel: telegram.Name, ChatID: strconv.FormatInt(chat, 10),
		Payload: bot.EncodeReply(r)}}); err != nil {
		e.t.Fatal(err)
	}
	e.sender.Notify()
}
