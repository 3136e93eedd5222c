package telegram_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/telegram"
	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// inbox records accepted updates; it fails the first failN calls.
type inbox struct {
	mu    sync.Mutex
	ups   []bot.Update
	calls int
	failN int
	first time.Time // when the first batch was stored
}

func (in *inbox) Accept(ctx context.Context, ups []bot.Update) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.calls++
	if in.calls <= in.failN {
		return errors.New("disk full")
	}
	if in.first.IsZero() {
		in.first = time.Now()
	}
	in.ups = append(in.ups, ups...)
	return nil
}

func (in *inbox) got() []bot.Update {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]bot.Update(nil), in.ups...)
}

func newAdapter(t *testing.T, f *tgfake.Server, opt telegram.Options) *telegram.Adapter {
	t.Helper()
	opt.Token, opt.APIEndpoint, opt.FileEndpoint = testToken, f.APIEndpoint(), f.FileEndpoint()
	opt.PollTimeout, opt.CallTimeout = time.Second, 2*time.Second
	ad, err := telegram.New(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	return ad
}

func runAdapter(t *testing.T, ad *telegram.Adapter, in bot.Inbox) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); ad.Run(ctx, in) }()
	t.Cleanup(func() { cancel(); <-done })
}

func TestPollingConvertsUpdates(t *testing.T) {
	f := tgfake.New(testToken)
	defer f.Close()
	ad := newAdapter(t, f, telegram.Options{})
	in := &inbox{}
	runAdapter(t, ad, in)
	an := tgfake.User{ID: 11, FirstName: "Nguyễn", LastName: "An", Username: "an"}
	group := tgfake.GroupChat(-77, "Cán bộ xã")
	f.SendText(tgfake.PrivateChat(an), an, "/start ABC")
	f.SendText(group, an, "chào cả nhà")            // chatter: not for the bot
	f.SendText(group, an, "/help@someotherbot")     // another bot's command
	f.SendText(group, an, "/help@dttsbot_test_bot") // ours, named
	f.SendText(group, an, "/trangthai")             // a bare command
	f.SendPhoto(tgfake.PrivateChat(an), an, []byte("jpeg bytes"), "giấy chứng nhận")
	f.SendDocument(tgfake.PrivateChat(an), an, "ds.xlsx", []byte("xlsx"), "")
	if !f.WaitUntil(5*time.Second, func() bool { return len(in.got()) == 5 }) {
		t.Fatalf("got %d updates: %+v", len(in.got()), in.got())
	}
	ups := in.got()
	if u := ups[0]; u.Channel != "telegram" || u.ChatID != "11" || u.UserID != "11" || u.UserName != "Nguyễn An" ||
		u.Text != "/start ABC" || u.Group || !u.Addressed || u.Key == "" {
		t.Errorf("private text = %+v", u)
	}
	if u := ups[1]; u.Text != "/help@dttsbot_test_bot" || !u.Group || !u.Addressed || u.ChatID != "-77" {
		t.Errorf("named group command = %+v", u)
	}
	if u := ups[2]; u.Text != "/trangthai" || !u.Group || !u.Addressed {
		t.Errorf("bare group command = %+v", u)
	}
	if u := ups[3]; u.Photo == nil || u.Text != "giấy chứng nhận" {
		t.Errorf("photo = %+v", u)
	} else if b, err := ad.Download(context.Background(), u.Photo.ID, 1<<20); err != nil || string(b) != "jpeg bytes" {
		t.Errorf("Download(photo) = %q, %v", b, err)
	}
	if u := ups[4]; u.Document == nil || u.Document.Name != "ds.xlsx" {
		t.Errorf("document = %+v", u)
	}
	// The offset moves with the next getUpdates, which may still be on
	// its way.
	if !f.WaitUntil(5*time.Second, func() bool { return f.Pending() == 0 }) {
		t.Errorf("%d updates not acknowledged", f.Pending())
	}
}

// An update is acknowledged (the offset moves past it) only after the inbox
// stored it: while storing fails, no getUpdates confirms it.
func TestOffsetMovesOnlyAfterStore(t *testing.T) {
	f := tgfake.New(testToken)
	defer f.Close()
	ad := newAdapter(t, f, telegram.Options{})
	in := &inbox{failN: 2}
	u := user(21, "Bình")
	first := f.SendText(tgfake.PrivateChat(u), u, "/help")
	runAdapter(t, ad, in)
	if !f.WaitUntil(10*time.Second, func() bool { return len(in.got()) == 1 }) {
		t.Fatal("update never stored")
	}
	if !f.WaitUntil(5*time.Second, func() bool { return f.Pending() == 0 }) {
		t.Fatal("update never acknowledged")
	}
	in.mu.Lock()
	calls, stored := in.calls, in.first
	in.mu.Unlock()
	if calls != 3 {
		t.Errorf("Accept called %d times, want 3 (two failures, then success)", calls)
	}
	next := itoa(first.UpdateID + 1)
	for _, r := range f.Requests("getUpdates") {
		if r.Params["offset"] == next && r.At.Before(stored) {
			t.Errorf("offset %s sent at %v, before the update was stored at %v", next, r.At, stored)
		}
	}
	if got := in.got()[0].Key; got != itoa(first.UpdateID) {
		t.Errorf("key = %q, want the update_id %d", got, first.UpdateID)
	}
}

func TestButtonPressIsAnsweredAndKeyboardCleared(t *testing.T) {
	f := tgfake.New(testToken)
	defer f.Close()
	ad := newAdapter(t, f, telegram.Options{})
	in := &inbox{}
	runAdapter(t, ad, in)
	u := user(31, "Cường")
	r := bot.Reply{Text: "Chọn <đơn vị>:", Token: "4", Choices: []bot.Choice{{ID: "7", Label: "Trạm Y tế xã"}, {ID: "8", Label: "Phòng Kinh tế"}}}
	if err := ad.Send(context.Background(), "31", r); err != nil {
		t.Fatal(err)
	}
	msg := f.BotMessages(31)[0]
	up, err := f.Press(31, u, msg.MessageID, "4:8")
	if err != nil {
		t.Fatal(err)
	}
	if !f.WaitUntil(5*time.Second, func() bool { ok, _ := f.Answered(up.CallbackQuery.ID); return ok }) {
		t.Fatal("callback query not answered")
	}
	if !f.WaitUntil(5*time.Second, func() bool { return f.BotMessages(31)[0].ReplyMarkup == nil }) {
		t.Fatal("keyboard still there after the press")
	}
	if got := f.BotMessages(31)[0].Text; got != "Chọn <đơn vị>:\n\n✅ Phòng Kinh tế" {
		t.Errorf("pressed message shows %q", got)
	}
	if _, err := f.Press(31, u, msg.MessageID, "4:7"); err == nil {
		t.Error("the old keyboard could be pressed again")
	}
	got := in.got()
	if len(got) != 1 || got[0].Choice != "4:8" || got[0].CallbackID != up.CallbackQuery.ID || got[0].MessageID != itoa(msg.MessageID) {
		t.Errorf("press = %+v", got)
	}
}

func TestWebhook(t *testing.T) {
	f := tgfake.New(testToken)
	defer f.Close()
	var handler http.Handler
	mux := http.NewServeMux()
	mux.HandleFunc("POST /telegram/webhook", func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) })
	hs := httptest.NewServer(mux)
	defer hs.Close()
	const secret = "Webhook-secret_42"
	ad := newAdapter(t, f, telegram.Options{Webhook: true, WebhookURL: hs.URL + "/telegram/webhook", WebhookSecret: secret})
	handler = ad.WebhookHandler()
	post := func(secret string) int {
		body := `{"update_id":5,"message":{"message_id":1,"date":1,"chat":{"id":41,"type":"private"},"from":{"id":41,"is_bot":false,"first_name":"D"},"text":"/help"}}`
		req, _ := http.NewRequest("POST", hs.URL+"/telegram/webhook", strings.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(secret); got != http.StatusServiceUnavailable {
		t.Errorf("before Run: status %d, want 503", got)
	}
	in := &inbox{}
	runAdapter(t, ad, in)
	if !f.WaitUntil(5*time.Second, func() bool { url, _ := f.Webhook(); return url != "" }) {
		t.Fatal("setWebhook not called")
	}
	if url, sec := f.Webhook(); url != hs.URL+"/telegram/webhook" || sec != secret {
		t.Errorf("webhook set to %q with secret %q", url, sec)
	}
	for _, bad := range []string{"", "wrong", secret + "x", strings.ToUpper(secret)} {
		if got := post(bad); got != http.StatusForbidden {
			t.Errorf("secret %q: status %d, want 403", bad, got)
		}
	}
	if len(in.got()) != 0 {
		t.Fatalf("a refused request reached the inbox: %+v", in.got())
	}
	if got := post(secret); got != http.StatusOK {
		t.Errorf("right secret: status %d, want 200", got)
	}
	// The fake delivers through the webhook as Telegram does.
	u := user(42, "Hà")
	f.SendText(tgfake.PrivateChat(u), u, "/start")
	if !f.WaitUntil(5*time.Second, func() bool { return len(in.got()) == 2 }) {
		t.Fatalf("inbox has %d updates, want 2", len(in.got()))
	}
	if got := in.got(); got[0].Text != "/help" || got[1].Text != "/start" || got[1].UserID != "42" {
		t.Errorf("updates = %+v", got)
	}
}

// A token the Bot API refuses stops the start with an error that does not
// show the token.
func TestRefusedToken(t *testing.T) {
	f := tgfake.New("1:other")
	defer f.Close()
	_, err := telegram.New(context.Background(), telegram.Options{Token: testToken, APIEndpoint: f.APIEndpoint()})
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("New with a refused token = %v, want a 401 error", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error shows the token: %v", err)
	}
	// An unreachable API is retried until the context ends; its transport
	// errors do not show the token either.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err = telegram.New(ctx, telegram.Options{Token: testToken, APIEndpoint: "http://127.0.0.1:1/bot%s/%s"})
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("New against a closed port = %v", err)
	}
}
