package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/zalo/zalofake"
)

const zaloToken = "7712093350418826:ZkQ9wX3vB7nM2pL5tR8yH4cJ6dF1gA0sE9uI"

// syncBuffer is a log sink shared by goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// tgRecorder stands in for the Telegram channel: it records what the
// outbox delivers to Telegram chats.
type tgRecorder struct {
	mu  sync.Mutex
	got map[string][]string
}

func (r *tgRecorder) Name() string                                { return "telegram" }
func (r *tgRecorder) Run(ctx context.Context, in bot.Inbox) error { return nil }
func (r *tgRecorder) Send(ctx context.Context, chat string, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got[chat] = append(r.got[chat], rep.Text)
	return nil
}

func (r *tgRecorder) text(chat string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.got[chat], "\n---\n")
}

// zaloRig runs the whole program's channels against a fake Zalo server.
type zaloRig struct {
	t    *testing.T
	fake *zalofake.Server
	a    *app
	logs *syncBuffer
	web  *httptest.Server // serves the app's mux (webhook, download links)
	tg   *tgRecorder
	tgS  *bot.Sender
	done chan error
	stop context.CancelFunc
}

// newZaloRig starts the program; setup, when given, prepares the fake
// platform (faults) before the first call.
func newZaloRig(t *testing.T, extraYAML string, setup ...func(*zalofake.Server)) *zaloRig {
	t.Helper()
	r := &zaloRig{t: t, fake: zalofake.New(zaloToken), logs: &syncBuffer{}, tg: &tgRecorder{got: map[string][]string{}}}
	t.Cleanup(r.fake.Close)
	for _, f := range setup {
		f(r.fake)
	}
	var mux http.Handler = http.NotFoundHandler()
	var muxMu sync.Mutex
	r.web = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		muxMu.Lock()
		h := mux
		muxMu.Unlock()
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(r.web.Close)
	dir := t.TempDir()
	yml := fmt.Sprintf("database: %s\nadmins: [\"zalo:adm1\"]\nlog_level: debug\nzalo:\n  api_base: %s\n  poll_timeout: 5\n%s\nhttp:\n  public_url: %s\n  listen: \"127.0.0.1:0\"\n",
		filepath.Join(dir, "bot.db"), r.fake.APIBase(), extraYAML, r.web.URL)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path, func(k string) string {
		if k == "DTTSBOT_ZALO_TOKEN" {
			return zaloToken
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(context.Background(), cfg, newLogger(r.logs, cfg.LogLevel))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	r.a = a
	muxMu.Lock()
	mux = a.httpMux()
	muxMu.Unlock()
	r.tgS = a.addSender(r.tg, bot.Limits{})
	if _, err := a.fileHost(context.Background()); err != nil { // before the goroutines: no race on deps
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = cancel
	r.done = make(chan error, 1)
	go func() { r.done <- a.runChannels(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-r.done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("runChannels: %v", err)
		}
	})
	// Ready once the channel polls (or has set its webhook).
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if strings.Contains(extraYAML, "webhook") {
		r.fake.WaitWebhook(wctx)
	} else {
		r.fake.WaitRequests(wctx, "getUpdates", 1)
	}
	if wctx.Err() != nil {
		t.Fatalf("the Zalo channel did not start; log:\n%s", r.logs.String())
	}
	return r
}

// say has a Zalo user write text and waits for want new messages to them.
func (r *zaloRig) say(user, text string, want int) string {
	r.t.Helper()
	before := len(r.fake.Sent(user))
	r.fake.PushText(user, "Người dùng "+user, text)
	return r.waitNew(user, before, want)
}

func (r *zaloRig) waitNew(user string, before, want int) string {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := r.fake.WaitSent(ctx, user, before+want)
	if len(got) < before+want {
		r.t.Fatalf("%s got %d new messages, want %d; log:\n%s", user, len(got)-before, want, r.logs.String())
	}
	var texts []string
	for _, m := range got[before:] {
		texts = append(texts, m.Text+m.Caption)
	}
	return strings.Join(texts, "\n---\n")
}

// telegram handles a Telegram update through the router directly and
// returns what was delivered to that chat by it.
func (r *zaloRig) telegram(user, text string) string {
	r.t.Helper()
	before := r.tg.text(user)
	u := bot.Update{Channel: "telegram", ChatID: user, UserID: user, UserName: "Telegram " + user, Text: text, Time: time.Now()}
	if err := r.a.router.HandleUpdate(context.Background(), u); err != nil {
		r.t.Fatal(err)
	}
	if err := r.tgS.Drain(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	return strings.TrimPrefix(r.tg.text(user), before)
}

func contains(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply does not contain %q:\n%s", w, got)
		}
	}
}

func notContains(t *testing.T, got string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(got, w) {
			t.Errorf("reply contains %q but must not:\n%s", w, got)
		}
	}
}

var zaloInviteRe = regexp.MustCompile(`nhắn cho bot dòng: /start ([A-Za-z0-9_-]+)`)

func TestZaloOnboarding(t *testing.T) {
	r := newZaloRig(t, "")
	got := r.say("adm1", "/moi", 1)
	contains(t, got, "Chọn đơn vị", "\n1. Phòng Văn hóa - Xã hội\n2. Phòng Kinh tế\n", "Trả lời bằng số thứ tự hoặc tên mục, ví dụ: 1")
	got = r.say("adm1", "2", 1)
	contains(t, got, "Mã mời cho Phòng Kinh tế")
	m := zaloInviteRe.FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("no Zalo invite line in %q", got)
	}
	got = r.say("off1", "/start "+m[1], 1)
	contains(t, got, "Bạn đã trở thành cán bộ đầu mối của Phòng Kinh tế")
	help := r.say("off1", "/help", 1)
	contains(t, help, "/help — ", "/lienket — ", "/dulieu — ")
	notContains(t, help, "/moi", "/donvi")

	// A choice answered by its label, typed without diacritics.
	r.say("adm1", "/moi", 1)
	got = r.say("adm1", "phong kinh te", 1)
	contains(t, got, "Mã mời cho Phòng Kinh tế")
	r.say("adm1", "/moi", 1)
	got = r.say("adm1", "TRAM Y TE", 1)
	contains(t, got, "Mã mời cho Trạm Y tế")
}

func TestZaloDuplicateMessageHandledOnce(t *testing.T) {
	r := newZaloRig(t, "")
	dup := zalofake.Text("u5", "Năm", "/dulieu")
	r.fake.Push(dup)
	r.fake.Push(dup)
	r.fake.Push(dup)
	// Updates of one chat are handled in order: once the reply to the
	// marker is out, any reply to the duplicates would be out too.
	got := r.say("u5", "/help", 2)
	if n := strings.Count(got, "Dữ liệu hệ thống đang lưu về bạn"); n != 1 {
		t.Errorf("a message delivered three times was answered %d times, want once:\n%s", n, got)
	}
	if ok, err := r.a.db.InboundHandled(context.Background(), "zalo", dup.Message.MessageID); !ok || err != nil {
		t.Errorf("InboundHandled(%s) = %v, %v; want true", dup.Message.MessageID, ok, err)
	}
}

func TestZaloLinkFromTelegram(t *testing.T) {
	r := newZaloRig(t, "")
	ctx := context.Background()
	p, err := r.a.db.EnsurePerson(ctx, "telegram", "4242", "Cán bộ Y tế", "4242")
	if err != nil {
		t.Fatal(err)
	}
	unit, err := r.a.db.UnitByCode(ctx, "tramyte")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.a.db.SetRole(ctx, p.ID, "officer", unit.ID); err != nil {
		t.Fatal(err)
	}
	got := r.telegram("4242", "/lienket")
	m := regexp.MustCompile(`/lienket (\S+)`).FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("no link code in %q", got)
	}
	contains(t, got, "Mở Zalo")
	// A Zalo user, a stranger until now, types the code.
	contains(t, r.say("zl9", "/start", 1), "/dangky")
	got = r.say("zl9", "lien ket "+m[1], 1)
	contains(t, got, "Đã liên kết tài khoản Zalo", "cán bộ đầu mối của Trạm Y tế")
	zp, err := r.a.db.PersonByIdentity(ctx, "zalo", "zl9")
	if err != nil || zp.ID != p.ID || zp.Role != "officer" || zp.UnitID != unit.ID {
		t.Errorf("zalo:zl9 is %+v (%v), want officer %d of unit %d", zp, err, p.ID, unit.ID)
	}
	help := r.say("zl9", "/help", 1)
	notContains(t, help, "/moi", "/donvi")
	contains(t, r.say("zl9", "/start", 1), "cán bộ đầu mối của Trạm Y tế")
	if err := r.tgS.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	contains(t, r.tg.text("4242"), "Tài khoản Zalo vừa được liên kết")
}

func TestZaloWebhook(t *testing.T) {
	const secret = "webhook-secret-0123456789"
	r := newZaloRig(t, "  mode: webhook\n  webhook_url: https://bot.example.vn/zalo/webhook\n  webhook_secret: "+secret+"\n")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if url, sec := r.fake.WaitWebhook(ctx); url != "https://bot.example.vn/zalo/webhook" || sec != secret {
		t.Fatalf("setWebhook: url %q, secret given: %v", url, sec == secret)
	}
	hook := r.web.URL + "/zalo/webhook"
	forged := zalofake.Text("w1", "Giả", "/start")
	if code, err := zalofake.Post(ctx, hook, "wrong-secret-0123456789", forged); err != nil || code != http.StatusForbidden {
		t.Fatalf("wrong secret: %d (%v), want 403", code, err)
	}
	if code, _ := zalofake.Post(ctx, hook, "", forged); code != http.StatusForbidden {
		t.Fatalf("no secret: %d, want 403", code)
	}
	genuine := zalofake.Text("w1", "Thật", "/help")
	for i := 0; i < 2; i++ { // the platform may deliver twice
		if code, err := zalofake.Post(ctx, hook, secret, map[string]any{"ok": true, "result": genuine}); err != nil || code != 200 {
			t.Fatalf("genuine delivery: %d (%v), want 200", code, err)
		}
	}
	got := r.waitNew("w1", 0, 1)
	contains(t, got, "Các lệnh bạn có thể dùng")
	bare := zalofake.Text("w1", "Thật", "/dulieu")
	if code, _ := zalofake.Post(ctx, hook, secret, bare); code != 200 {
		t.Fatalf("bare delivery: %d, want 200", code)
	}
	got = r.waitNew("w1", 1, 1)
	contains(t, got, "Dữ liệu hệ thống")
	if sent := r.fake.Sent("w1"); len(sent) != 2 {
		t.Errorf("%d replies, want 2: the forged update ignored, the repeated one answered once", len(sent))
	}
	if len(r.fake.Requests("getUpdates")) != 0 {
		t.Error("webhook mode polled getUpdates")
	}
}

func TestZaloDownloadLinksOnTheMux(t *testing.T) {
	r := newZaloRig(t, "")
	if r.a.deps.Files == nil {
		t.Fatal("http.public_url is set but handlers have no FileHost")
	}
	link, err := r.a.deps.Files.Publish("bao-cao.xlsx", []byte("xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, r.web.URL+"/files/") {
		t.Fatalf("link %q is not on http.public_url", link)
	}
	for _, tc := range []struct {
		link string
		want int
	}{{link, 200}, {strings.Replace(link, "sig=", "sig=A", 1), 403}, {strings.Replace(link, "bao-cao", "bao-cao-2", 1), 403}} {
		resp, err := http.Get(tc.link)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s = %d, want %d", tc.link, resp.StatusCode, tc.want)
		}
	}
}

func TestZaloLogsNeverShowToken(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out backoffs and a 429; bot/zalo's TestLogsAndErrorsNeverShowToken covers -short")
	}
	fake := zalofake.New(zaloToken)
	fake.Close() // nothing listens: every call fails with a *url.Error
	r := newZaloRig(t, "", func(f *zalofake.Server) {
		f.Fail("getMe", zalofake.Fault{Status: 500})
		f.Fail("deleteWebhook", zalofake.Fault{Drop: true})
		f.Fail("getUpdates", zalofake.Fault{Status: 502, Description: "upstream error at /bot" + zaloToken + "/getUpdates"})
		f.Fail("sendMessage", zalofake.Fault{Drop: true}, zalofake.Fault{Status: 429, RetryAfter: 1}, zalofake.Fault{Pass: true},
			zalofake.Fault{Status: 400, Description: "Bad Request: token " + zaloToken})
	})
	contains(t, r.say("u1", "/start", 1), "Xin chào")
	before := len(r.fake.Requests("sendMessage"))
	r.fake.PushText("u1", "A", "/help")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r.fake.WaitRequests(ctx, "sendMessage", before+1)
	for !strings.Contains(r.logs.String(), "message dropped") && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}

	// A second program whose platform cannot be reached at all, and one
	// whose token the platform rejects.
	var errs []string
	for _, base := range []string{fake.URL, r.fake.URL} {
		cfg := *r.a.cfg
		cfg.Zalo.APIBase = base
		if base == r.fake.URL {
			cfg.Zalo.Token = "1:" + strings.Repeat("x", 30) // rejected: 401
		}
		a2 := &app{cfg: &cfg, log: newLogger(r.logs, "debug"), db: r.a.db, deps: r.a.deps, senders: map[string]*bot.Sender{}}
		cctx, ccancel := context.WithTimeout(context.Background(), 5*time.Second)
		if _, err := a2.zaloChannel(cctx); err != nil {
			errs = append(errs, err.Error())
		}
		ccancel()
	}
	r.stop()
	<-r.done
	r.done <- nil
	out := r.logs.String() + strings.Join(errs, "\n")
	t.Logf("captured:\n%s", out)
	for _, want := range []string{"getUpdates failed", "rate limited", "message dropped", "zalo getMe failed", "zalo.token"} {
		if !strings.Contains(out, want) {
			t.Errorf("the run did not exercise %q; log:\n%s", want, out)
		}
	}
	_, secret, _ := strings.Cut(zaloToken, ":")
	if strings.Contains(out, zaloToken) || strings.Contains(out, secret) {
		t.Errorf("the token appears in the log:\n%s", out)
	}
}
