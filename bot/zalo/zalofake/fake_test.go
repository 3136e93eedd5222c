package zalofake

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

type result struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

func call(t *testing.T, s *Server, token, method, body string) (int, result) {
	t.Helper()
	resp, err := http.Post(s.URL+"/bot"+token+"/"+method, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r result
	json.NewDecoder(resp.Body).Decode(&r)
	return resp.StatusCode, r
}

func TestFakeSpeaksTheWireFormat(t *testing.T) {
	s := New("1:tok")
	defer s.Close()
	if code, r := call(t, s, "1:other", "getMe", `{}`); code != 401 || r.OK {
		t.Errorf("wrong token: %d %+v, want 401 ok:false", code, r)
	}
	if _, r := call(t, s, "1:tok", "getMe", `{}`); !r.OK || !strings.Contains(string(r.Result), "account_name") {
		t.Errorf("getMe = %+v", r)
	}
	if code, _ := call(t, s, "1:tok", "getUpdates", `{"timeout": 0}`); code != 400 {
		t.Errorf("getUpdates with a numeric timeout = %d, want 400 (the platform takes a string)", code)
	}
	if _, r := call(t, s, "1:tok", "getUpdates", `{"timeout": "0"}`); r.OK || r.ErrorCode != 408 {
		t.Errorf("idle getUpdates = %+v, want ok:false 408", r)
	}
	id := s.PushText("u1", "A", "xin chào")
	_, r := call(t, s, "1:tok", "getUpdates", `{"timeout": "30"}`)
	var u Update
	if !r.OK || json.Unmarshal(r.Result, &u) != nil || u.Message.MessageID != id || u.Message.Text != "xin chào" {
		t.Errorf("getUpdates = %+v, want the pushed update as one object", r)
	}
	for _, tc := range []struct {
		text string
		want int
	}{{"", 400}, {strings.Repeat("ả", 2000), 200}, {strings.Repeat("a", 2001), 400}} {
		body, _ := json.Marshal(map[string]string{"chat_id": "u1", "text": tc.text})
		if code, _ := call(t, s, "1:tok", "sendMessage", string(body)); code != tc.want {
			t.Errorf("sendMessage of %d characters = %d, want %d", len([]rune(tc.text)), code, tc.want)
		}
	}
	if got := s.Sent("u1"); len(got) != 1 {
		t.Errorf("recorded %d messages, want 1", len(got))
	}
	if code, _ := call(t, s, "1:tok", "setWebhook", `{"url": "https://x.vn/h", "secret_token": "short"}`); code != 400 {
		t.Errorf("setWebhook with a 5-character secret = %d, want 400", code)
	}
	call(t, s, "1:tok", "setWebhook", `{"url": "https://x.vn/h", "secret_token": "long-enough"}`)
	if code, _ := call(t, s, "1:tok", "getUpdates", `{}`); code != 409 {
		t.Errorf("getUpdates while a webhook is set = %d, want 409", code)
	}
	if _, r := call(t, s, "1:tok", "getWebhookInfo", `{}`); !strings.Contains(string(r.Result), "https://x.vn/h") {
		t.Errorf("getWebhookInfo = %s", r.Result)
	}
	call(t, s, "1:tok", "deleteWebhook", `{}`)
	if url, _ := s.Webhook(); url != "" {
		t.Errorf("webhook %q after deleteWebhook", url)
	}
}

func TestFakeFaults(t *testing.T) {
	s := New("1:tok")
	defer s.Close()
	s.Fail("sendMessage", Fault{Status: 429, RetryAfter: 3}, Fault{Pass: true}, Fault{Status: 503})
	body := `{"chat_id": "u1", "text": "x"}`
	resp, _ := http.Post(s.URL+"/bot1:tok/sendMessage", "application/json", strings.NewReader(body))
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("first call = %d Retry-After %q, want 429 and 3", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp.Body.Close()
	if code, _ := call(t, s, "1:tok", "sendMessage", body); code != 200 {
		t.Errorf("second call = %d, want 200 (Pass)", code)
	}
	if code, _ := call(t, s, "1:tok", "sendMessage", body); code != 503 {
		t.Errorf("third call = %d, want 503", code)
	}
	s.Fail("getMe", Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/bot1:tok/getMe", strings.NewReader("{}"))
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Error("a hung call answered")
	}
	if n := len(s.Requests("sendMessage")); n != 3 {
		t.Errorf("recorded %d sendMessage calls, want 3", n)
	}
}
