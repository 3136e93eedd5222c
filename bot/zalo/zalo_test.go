package zalo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/filelink"
	"github.com/dttsbot/dttsbot/bot/zalo"
	"github.com/dttsbot/dttsbot/bot/zalo/zalofake"
)

const token = "3512849807223491:qWeRtYuIoPaSdFgHjKlZxCvBnM1234567890abcd"

var texts = zalo.Texts{
	ChoiceHint: "Trả lời bằng số thứ tự, ví dụ: 1",
	MultiHint:  "Trả lời bằng các số thứ tự, ví dụ: 1, 3",
	Download:   "Tải tệp %s: %s",
	NoFile:     "Tệp %s chưa gửi được qua Zalo.",
}

// inbox records accepted updates.
type inbox struct {
	mu    sync.Mutex
	ups   []bot.Update
	fail  error
	calls int
	got   chan struct{}
}

func newInbox() *inbox { return &inbox{got: make(chan struct{}, 100)} }

func (i *inbox) Accept(ctx context.Context, ups []bot.Update) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.calls++
	defer func() {
		select {
		case i.got <- struct{}{}:
		default:
		}
	}()
	if i.fail != nil {
		return i.fail
	}
	i.ups = append(i.ups, ups...)
	return nil
}

func (i *inbox) wait(t *testing.T, n int) []bot.Update {
	t.Helper()
	return i.waitFor(t, func() bool { return len(i.ups) >= n })
}

// waitFor waits until cond (called under the lock) holds.
func (i *inbox) waitFor(t *testing.T, cond func() bool) []bot.Update {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		i.mu.Lock()
		if cond() {
			out := append([]bot.Update(nil), i.ups...)
			i.mu.Unlock()
			return out
		}
		i.mu.Unlock()
		select {
		case <-i.got:
		case <-deadline:
			t.Fatalf("inbox: condition not met; got %d updates in %d calls", len(i.ups), i.calls)
		}
	}
}

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

func newAdapter(t *testing.T, fake *zalofake.Server, mutate func(*zalo.Config)) (*zalo.Adapter, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg := zalo.Config{Token: token, APIBase: fake.APIBase(), PollTimeout: 2 * time.Second, CallTimeout: 2 * time.Second,
		MaxBackoff: 20 * time.Millisecond, Texts: texts, Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if mutate != nil {
		mutate(&cfg)
	}
	a, err := zalo.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a, logs
}

func run(t *testing.T, a *zalo.Adapter, in bot.Inbox) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, in) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run returned %v after cancel, want nil", err)
		}
	})
}

func newFake(t *testing.T) *zalofake.Server {
	f := zalofake.New(token)
	t.Cleanup(f.Close)
	return f
}

func TestGetMe(t *testing.T) {
	fake := newFake(t)
	a, _ := newAdapter(t, fake, nil)
	me, err := a.GetMe(t.Context())
	if err != nil || me.AccountName != "bot.dtts.test" {
		t.Fatalf("GetMe = %+v, %v", me, err)
	}
	bad, _ := newAdapter(t, fake, func(c *zalo.Config) { c.Token = "1:wrong-token-value" })
	_, err = bad.GetMe(t.Context())
	var ae *zalo.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 401 {
		t.Errorf("GetMe with a wrong token = %v, want an APIError 401", err)
	}
}

func TestPollingDeletesWebhookAndReceives(t *testing.T) {
	fake := newFake(t)
	fake.Fail("getUpdates", zalofake.Fault{Status: 502}, zalofake.Fault{ErrorCode: 408, Description: "Request timeout"})
	a, _ := newAdapter(t, fake, nil)
	in := newInbox()
	run(t, a, in)
	id := fake.PushText("u1", "Nguyễn Văn A", "/start")
	ups := in.wait(t, 1)
	if ups[0].Key != id || ups[0].Text != "/start" || ups[0].UserID != "u1" || ups[0].Channel != "zalo" {
		t.Errorf("update = %+v, want /start from u1 keyed %s", ups[0], id)
	}
	reqs := fake.Requests("")
	if len(reqs) == 0 || reqs[0].Method != "deleteWebhook" {
		t.Errorf("first call = %v, want deleteWebhook before polling", reqs)
	}
	for _, r := range fake.Requests("getUpdates") {
		var body map[string]any
		json.Unmarshal(r.Body, &body)
		if s, ok := body["timeout"].(string); !ok || s != "2" {
			t.Errorf("getUpdates body = %s, want the timeout as a string \"2\"", r.Body)
		}
	}
}

func TestPollingKeepsUpdateWhenStoreFails(t *testing.T) {
	fake := newFake(t)
	a, _ := newAdapter(t, fake, nil)
	in := newInbox()
	in.fail = errors.New("disk full")
	run(t, a, in)
	fake.PushText("u1", "A", "xin chào")
	// The platform has no offset: the adapter retries the same update.
	in.waitFor(t, func() bool {
		if in.calls >= 3 {
			in.fail = nil
			return true
		}
		return false
	})
	ups := in.wait(t, 1)
	if ups[0].Text != "xin chào" {
		t.Errorf("stored %q, want the update that failed to store first", ups[0].Text)
	}
}

func TestWebhook(t *testing.T) {
	fake := newFake(t)
	const secret = "s3cret-webhook-value"
	a, _ := newAdapter(t, fake, func(c *zalo.Config) {
		c.Mode, c.WebhookURL, c.WebhookSecret = "webhook", "https://bot.example.vn/zalo/webhook", secret
	})
	srv := httptest.NewServer(a.WebhookHandler())
	t.Cleanup(srv.Close)
	in := newInbox()
	ctx := t.Context()

	if code, _ := zalofake.Post(ctx, srv.URL, secret, zalofake.Text("u1", "A", "sớm")); code != http.StatusServiceUnavailable {
		t.Errorf("delivery before Run = %d, want 503", code)
	}
	run(t, a, in)
	if url, sec := fake.WaitWebhook(ctx); url != "https://bot.example.vn/zalo/webhook" || sec != secret {
		t.Errorf("setWebhook got url=%q secret ok=%v", url, sec == secret)
	}
	for _, tc := range []struct {
		name, secret string
		want         int
	}{{"wrong secret", "s3cret-webhook-valuX", 403}, {"no secret", "", 403}, {"prefix of the secret", "s3cret", 403}} {
		code, err := zalofake.Post(ctx, srv.URL, tc.secret, zalofake.Text("u1", "A", "giả mạo"))
		if err != nil || code != tc.want {
			t.Errorf("%s: status %d (%v), want %d", tc.name, code, err, tc.want)
		}
	}
	bare := zalofake.Text("u1", "A", "bare")
	wrapped := map[string]any{"ok": true, "result": zalofake.Text("u2", "B", "wrapped")}
	for _, u := range []any{bare, wrapped} {
		if code, err := zalofake.Post(ctx, srv.URL, secret, u); err != nil || code != 200 {
			t.Fatalf("delivery with the right secret = %d, %v; want 200", code, err)
		}
	}
	ups := in.wait(t, 2)
	if len(ups) != 2 || ups[0].Text != "bare" || ups[1].Text != "wrapped" {
		t.Errorf("accepted %+v, want only the two genuine deliveries", ups)
	}
	unknown := map[string]any{"event_name": "follow", "message": map[string]any{"message_id": "x"}}
	if code, _ := zalofake.Post(ctx, srv.URL, secret, unknown); code != 200 {
		t.Errorf("unknown event answered %d, want 200 (ignored)", code)
	}
}

// lines builds a text of n characters made of 99-character lines.
func lines(n int) string {
	var b strings.Builder
	for b.Len() < n {
		line := strings.Repeat("x", 98)
		if rest := n - b.Len(); rest < 99 {
			line = strings.Repeat("y", rest)
			b.WriteString(line)
			break
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

func TestSendSplitsLongText(t *testing.T) {
	fake := newFake(t)
	a, _ := newAdapter(t, fake, nil)
	text := lines(4500)
	if err := a.Send(t.Context(), "c1", bot.Reply{Text: text}); err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent("c1")
	if len(sent) != 3 {
		t.Fatalf("a 4,500-character reply went out as %d messages, want 3", len(sent))
	}
	var joined []string
	for i, m := range sent {
		if n := len([]rune(m.Text)); n > 2000 || n == 0 {
			t.Errorf("piece %d has %d characters, want 1..2000", i, n)
		}
		if strings.HasPrefix(m.Text, "\n") || strings.Contains(m.Text, "xy") {
			t.Errorf("piece %d is not cut on a line boundary", i)
		}
		joined = append(joined, m.Text)
	}
	if strings.Join(joined, "\n") != text {
		t.Errorf("the pieces do not add up to the text")
	}
}

func TestSendChoicesAsNumberedList(t *testing.T) {
	fake := newFake(t)
	a, _ := newAdapter(t, fake, nil)
	r := bot.Reply{Text: "Chọn đơn vị:", Token: "3", Choices: []bot.Choice{{ID: "1", Label: "Phòng Văn hóa - Xã hội"}, {ID: "2", Label: "Phòng Kinh tế"}}}
	if err := a.Send(t.Context(), "c1", r); err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent("c1")
	want := "Chọn đơn vị:\n\n1. Phòng Văn hóa - Xã hội\n2. Phòng Kinh tế\n\nTrả lời bằng số thứ tự, ví dụ: 1"
	if len(sent) != 1 || sent[0].Text != want {
		t.Errorf("sent %+v, want one message:\n%s", sent, want)
	}
}

func TestSendPhotoAndDocument(t *testing.T) {
	fake := newFake(t)
	mux := http.NewServeMux()
	files := httptest.NewServer(mux)
	t.Cleanup(files.Close)
	host, err := filelink.New(filepath.Join(t.TempDir(), "files"), []byte("0123456789abcdef0123456789abcdef"), files.URL, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle(filelink.Pattern, host)
	a, _ := newAdapter(t, fake, func(c *zalo.Config) { c.Files = host })
	ctx := t.Context()
	if err := a.Send(ctx, "c1", bot.Reply{Text: "Biểu đồ tiến độ", Photo: &bot.Attachment{Name: "chart.png", Data: []byte("PNG")}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Send(ctx, "c1", bot.Reply{Text: "Báo cáo tổng hợp", Document: &bot.Attachment{Name: "bao-cao.xlsx", Data: []byte("XLSX")}}); err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent("c1")
	if len(sent) != 2 || sent[0].Method != "sendPhoto" || sent[0].Caption != "Biểu đồ tiến độ" || sent[1].Method != "sendMessage" {
		t.Fatalf("sent %+v, want sendPhoto with caption then sendMessage", sent)
	}
	for _, tc := range []struct{ link, want string }{{sent[0].Photo, "PNG"}, {regexp.MustCompile(`https?://\S+`).FindString(sent[1].Text), "XLSX"}} {
		resp, err := http.Get(tc.link)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != tc.want {
			t.Errorf("GET %s = %d %q, want 200 %q", tc.link, resp.StatusCode, b, tc.want)
		}
	}
	if !strings.HasPrefix(sent[1].Text, "Báo cáo tổng hợp\n\nTải tệp bao-cao.xlsx: http") {
		t.Errorf("document text = %q", sent[1].Text)
	}
}

func TestSendErrorKinds(t *testing.T) {
	cases := []struct {
		name  string
		fault zalofake.Fault
		kind  bot.SendErrorKind
	}{
		{"http 429", zalofake.Fault{Status: 429, RetryAfter: 7}, bot.RateLimited},
		{"error_code 429 in a 200 answer", zalofake.Fault{ErrorCode: 429, Description: "Too many requests"}, bot.RateLimited},
		{"http 500", zalofake.Fault{Status: 500}, bot.Temporary},
		{"http 503", zalofake.Fault{Status: 503}, bot.Temporary},
		{"hung call", zalofake.Fault{Hang: true}, bot.Temporary},
		{"dropped connection", zalofake.Fault{Drop: true}, bot.Temporary},
		{"bad request", zalofake.Fault{Status: 400, Description: "Bad Request: chat not found"}, bot.Permanent},
		{"forbidden", zalofake.Fault{Status: 403}, bot.Permanent},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFake(t)
			a, _ := newAdapter(t, fake, func(c *zalo.Config) { c.CallTimeout = 200 * time.Millisecond })
			fake.Fail("sendMessage", tc.fault)
			err := a.Send(t.Context(), "c1", bot.Reply{Text: "xin chào"})
			var se *bot.SendError
			if !errors.As(err, &se) || se.Kind != tc.kind {
				t.Fatalf("Send = %v, want a SendError of kind %d", err, tc.kind)
			}
			if tc.fault.RetryAfter > 0 && se.RetryAfter != 7*time.Second {
				t.Errorf("RetryAfter = %v, want 7s from the Retry-After header", se.RetryAfter)
			}
			if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "qWeRtYuIoP") {
				t.Errorf("the error shows the token: %v", err)
			}
			if tc.kind == bot.RateLimited {
				// A 429 holds every send for a while, without calling the platform.
				before := len(fake.Requests("sendMessage"))
				err := a.Send(t.Context(), "c2", bot.Reply{Text: "khác"})
				if !errors.As(err, &se) || se.Kind != bot.RateLimited || len(fake.Requests("sendMessage")) != before {
					t.Errorf("send during the hold = %v, want RateLimited without a call", err)
				}
			}
		})
	}
}

func TestSendResumesAfterPartialFailure(t *testing.T) {
	fake := newFake(t)
	a, _ := newAdapter(t, fake, nil)
	text := lines(4500)
	// The first piece goes, the second fails: the retry sends 2 and 3 only.
	fake.Fail("sendMessage", zalofake.Fault{Pass: true}, zalofake.Fault{Status: 502})
	if err := a.Send(t.Context(), "c1", bot.Reply{Text: text}); err == nil {
		t.Fatal("Send succeeded despite the injected 502")
	}
	if err := a.Send(t.Context(), "c1", bot.Reply{Text: text}); err != nil {
		t.Fatal(err)
	}
	sent := fake.Sent("c1")
	if len(sent) != 3 {
		t.Errorf("%d pieces delivered after a retry, want 3 (none twice)", len(sent))
	}
}

func TestLogsAndErrorsNeverShowToken(t *testing.T) {
	fake := newFake(t)
	fake.Fail("deleteWebhook", zalofake.Fault{Drop: true}, zalofake.Fault{Status: 500, Description: "boom at /bot" + token + "/deleteWebhook"})
	fake.Fail("getUpdates", zalofake.Fault{Drop: true}, zalofake.Fault{Status: 502}, zalofake.Fault{Status: 401})
	a, logs := newAdapter(t, fake, func(c *zalo.Config) { c.PollTimeout = time.Second })
	in := newInbox()
	run(t, a, in)
	fake.PushText("u1", "A", "xin chào")
	in.wait(t, 1)
	var errs []string
	for _, f := range []zalofake.Fault{{Drop: true}, {Status: 500, Description: "token " + token}, {Status: 400}} {
		fake.Fail("sendMessage", f)
		if err := a.Send(t.Context(), "c1", bot.Reply{Text: "x"}); err != nil {
			errs = append(errs, err.Error())
		}
	}
	out := logs.String() + strings.Join(errs, "\n")
	if !strings.Contains(logs.String(), "getUpdates failed") || len(errs) != 3 {
		t.Fatalf("the faults were not exercised; log:\n%s\nerrors: %v", logs.String(), errs)
	}
	for _, secret := range []string{token, "qWeRtYuIoPaSdFgHjKlZxCvBnM1234567890abcd"} {
		if strings.Contains(out, secret) {
			t.Errorf("the token appears in the logs or errors:\n%s", out)
		}
	}
}
