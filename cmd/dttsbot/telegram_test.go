package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

const e2eToken = "987654:E2E-secret_token-XYZ"

// botConfig writes a config for a bot talking to the fake and returns its path.
// tgExtra goes under telegram:, extra at the top level.
func botConfig(t *testing.T, dir string, f *tgfake.Server, tgExtra, extra string) string {
	t.Helper()
	cfg := fmt.Sprintf(`database: %s
admins: ["telegram:100"]
log_level: debug
telegram:
  api_endpoint: "%s"
  file_endpoint: "%s"
  poll_timeout: 1
%slimits:
  telegram_per_second: 0
  telegram_per_chat_per_second: 0
  telegram_group_per_minute: 600
  send_concurrency: 8
%s`, filepath.Join(dir, "bot.db"), f.APIEndpoint(), f.FileEndpoint(), tgExtra, extra)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startRun runs the whole program (run) against the fake until the test ends;
// the token comes from the environment. It returns the log.
func startRun(t *testing.T, f *tgfake.Server, tgExtra, extra string) *syncBuffer {
	t.Helper()
	cfg := botConfig(t, t.TempDir(), f, tgExtra, extra)
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	getenv := func(k string) string {
		if k == "DTTSBOT_TELEGRAM_TOKEN" {
			return e2eToken
		}
		return ""
	}
	go func() {
		done <- run(ctx, []string{"-config", cfg, "run"}, strings.NewReader(""), io.Discard, logs, getenv)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("run did not stop")
		}
		if strings.Contains(logs.String(), e2eToken) || strings.Contains(logs.String(), "E2E-secret") {
			t.Errorf("the log contains the token:\n%s", logs.String())
		}
	})
	return logs
}

func waitBot(t *testing.T, f *tgfake.Server, chat int64, n int) []tgfake.Message {
	t.Helper()
	if !f.WaitUntil(15*time.Second, func() bool { return len(f.BotMessages(chat)) >= n }) {
		t.Fatalf("chat %d: want %d bot messages, have %+v", chat, n, f.BotMessages(chat))
	}
	return f.BotMessages(chat)
}

// say sends text and returns the next bot message in the chat.
func say(t *testing.T, f *tgfake.Server, u tgfake.User, text string) tgfake.Message {
	t.Helper()
	n := len(f.BotMessages(u.ID))
	f.SendText(tgfake.PrivateChat(u), u, text)
	return waitBot(t, f, u.ID, n+1)[n]
}

func menuNames(cmds []tgfake.BotCommand) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Command)
	}
	return out
}

func waitMenu(t *testing.T, f *tgfake.Server, sc tgfake.Scope, cond func([]string) bool) []string {
	t.Helper()
	var names []string
	ok := f.WaitUntil(10*time.Second, func() bool {
		for _, lang := range []string{"", "vi"} {
			c, set := f.Commands(sc, lang)
			if !set || !cond(menuNames(c)) {
				return false
			}
			names = menuNames(c)
		}
		return true
	})
	if !ok {
		c, _ := f.Commands(sc, "vi")
		t.Fatalf("menu of %+v is %v", sc, menuNames(c))
	}
	return names
}

var codeRe = regexp.MustCompile(`https://t\.me/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]+)`)

// TestTelegramOnboarding runs the whole program against the fake Bot API:
// an admin invites through an inline keyboard, an officer joins with the
// code, each gets the menu and help of their role.
func TestTelegramOnboarding(t *testing.T) {
	f := tgfake.New(e2eToken)
	defer f.Close()
	logs := startRun(t, f, "", "")
	admin := tgfake.User{ID: 100, FirstName: "Trưởng phòng", LastName: "VHXH"}
	officer := tgfake.User{ID: 200, FirstName: "Lê", LastName: "Kinh Tế"}

	public := waitMenu(t, f, tgfake.DefaultScope, func(n []string) bool { return len(n) > 0 })
	if slices.Contains(public, "moi") || !slices.Contains(public, "help") || !slices.Contains(public, "start") {
		t.Errorf("default menu = %v, want the public commands only", public)
	}
	adminMenu := waitMenu(t, f, tgfake.ChatScope(100), func(n []string) bool { return len(n) > 0 })
	if !slices.Contains(adminMenu, "moi") || !slices.Contains(adminMenu, "donvi") {
		t.Errorf("admin menu = %v, want /moi and /donvi", adminMenu)
	}

	// /moi: the unit is picked on an inline keyboard.
	ask := say(t, f, admin, "/moi")
	if len(ask.Buttons()) < 10 {
		t.Fatalf("/moi answered %q with %d buttons", ask.Text, len(ask.Buttons()))
	}
	press, err := f.PressLabel(100, admin, "Phòng Kinh tế")
	if err != nil {
		t.Fatal(err)
	}
	msgs := waitBot(t, f, 100, 2)
	m := codeRe.FindStringSubmatch(msgs[1].Text)
	if m == nil || !strings.Contains(msgs[1].Text, "Phòng Kinh tế") {
		t.Fatalf("invite reply = %q", msgs[1].Text)
	}
	if m[1] != "dttsbot_test_bot" {
		t.Errorf("deep link names bot %q, want the bot's username", m[1])
	}
	if !f.WaitUntil(5*time.Second, func() bool { ok, _ := f.Answered(press.CallbackQuery.ID); return ok }) {
		t.Error("the button press was not answered")
	}
	if !f.WaitUntil(5*time.Second, func() bool { return f.BotMessages(100)[0].ReplyMarkup == nil }) {
		t.Error("the pressed keyboard is still there")
	}
	if got := f.BotMessages(100)[0].Text; !strings.HasSuffix(got, "✅ Phòng Kinh tế") {
		t.Errorf("the pressed keyboard shows %q, want the chosen unit", got)
	}

	// The officer joins with the code.
	joined := say(t, f, officer, "/start "+m[2])
	if !strings.Contains(joined.Text, "cán bộ đầu mối của Phòng Kinh tế") {
		t.Fatalf("/start CODE answered %q", joined.Text)
	}
	officerMenu := waitMenu(t, f, tgfake.ChatScope(200), func(n []string) bool { return len(n) > 0 })
	if slices.Contains(officerMenu, "moi") || slices.Contains(officerMenu, "donvi") || !slices.Contains(officerMenu, "help") {
		t.Errorf("officer menu = %v, want the officer's commands only", officerMenu)
	}
	help := say(t, f, officer, "/help")
	for _, name := range officerMenu {
		if !strings.Contains(help.Text, "/"+name+" — ") {
			t.Errorf("/help does not list /%s:\n%s", name, help.Text)
		}
	}
	if strings.Contains(help.Text, "/moi") || strings.Contains(help.Text, "/donvi") {
		t.Errorf("/help of an officer lists admin commands:\n%s", help.Text)
	}

	// In a group the bot answers commands addressed to it and nothing else.
	group := tgfake.GroupChat(-500, "Cán bộ đầu mối")
	f.SendText(group, officer, "/help@dttsbot_test_bot")
	f.SendText(group, officer, "chào mọi người")
	f.SendText(group, officer, "/help@another_bot")
	f.SendText(group, officer, "/start")
	inGroup := waitBot(t, f, -500, 2)
	time.Sleep(100 * time.Millisecond)
	if inGroup = f.BotMessages(-500); len(inGroup) != 2 || !strings.HasPrefix(inGroup[0].Text, "Các lệnh") {
		t.Errorf("group got %d bot messages, want the 2 answers to the commands: %+v", len(inGroup), inGroup)
	}

	// A press on a keyboard whose step has passed is answered politely.
	n := len(f.BotMessages(100))
	old := say(t, f, admin, "/moi")
	say(t, f, admin, "/huy")
	stale, err := f.Press(100, admin, old.MessageID, old.Buttons()[0].CallbackData)
	if err != nil {
		t.Fatal(err)
	}
	got := waitBot(t, f, 100, n+3)[n+2]
	if !strings.HasPrefix(got.Text, "Bước này đã qua") {
		t.Errorf("stale press answered %q", got.Text)
	}
	if !f.WaitUntil(5*time.Second, func() bool { ok, _ := f.Answered(stale.CallbackQuery.ID); return ok }) {
		t.Error("the stale press was not answered")
	}
	if !strings.Contains(logs.String(), "bot=dttsbot_test_bot") {
		t.Errorf("the log does not name the bot:\n%s", logs.String())
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestTelegramWebhookMode runs the program in webhook mode: it registers
// the webhook with its secret, refuses requests without it and handles the
// updates Telegram delivers.
func TestTelegramWebhookMode(t *testing.T) {
	f := tgfake.New(e2eToken)
	defer f.Close()
	addr := freePort(t)
	const secret = "hook-Secret_123"
	hook := "http://" + addr + "/telegram/webhook"
	startRun(t, f, fmt.Sprintf("  mode: webhook\n  webhook:\n    url: %q\n    secret: %q\n", hook, secret),
		fmt.Sprintf("http:\n  listen: %q\n", addr))
	if !f.WaitUntil(10*time.Second, func() bool { u, _ := f.Webhook(); return u != "" }) {
		t.Fatal("setWebhook not called")
	}
	if u, sec := f.Webhook(); u != hook || sec != secret {
		t.Errorf("webhook = %q with secret %q", u, sec)
	}
	update := `{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":300,"type":"private"},"from":{"id":300,"is_bot":false,"first_name":"X"},"text":"/help"}}`
	for _, bad := range []string{"", "hook-Secret_124"} {
		req, _ := http.NewRequest("POST", hook, strings.NewReader(update))
		if bad != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", bad)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("secret %q: status %d, want 403", bad, resp.StatusCode)
		}
	}
	// Telegram (the fake) delivers with the right secret.
	u := tgfake.User{ID: 301, FirstName: "Y"}
	if got := say(t, f, u, "/help"); !strings.Contains(got.Text, "/start — ") {
		t.Errorf("/help by webhook answered %q", got.Text)
	}
	if len(f.BotMessages(300)) != 0 {
		t.Error("the refused update was handled")
	}
	if n := f.Count("getUpdates", 0); n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}
}
