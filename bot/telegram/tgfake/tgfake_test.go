package tgfake_test

import (
	"bytes"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

const token = "42:fake"

type answer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter      int   `json:"retry_after"`
		MigrateToChatID int64 `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

func post(t *testing.T, s *tgfake.Server, method string, form url.Values) (int, answer) {
	t.Helper()
	resp, err := http.PostForm(s.URL+"/bot"+token+"/"+method, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatalf("%s: answer is not JSON: %v", method, err)
	}
	return resp.StatusCode, a
}

func updateIDs(t *testing.T, a answer) []int {
	var ups []tgfake.Update
	if err := json.Unmarshal(a.Result, &ups); err != nil {
		t.Fatal(err)
	}
	var ids []int
	for _, u := range ups {
		ids = append(ids, u.UpdateID)
	}
	return ids
}

func TestGetUpdatesOffsetAndLongPoll(t *testing.T) {
	s := tgfake.New(token)
	defer s.Close()
	u := tgfake.User{ID: 5, FirstName: "A"}
	a := s.SendText(tgfake.PrivateChat(u), u, "/help")
	b := s.SendText(tgfake.PrivateChat(u), u, "hi")
	_, got := post(t, s, "getUpdates", url.Values{})
	if ids := updateIDs(t, got); len(ids) != 2 || ids[0] != a.UpdateID || ids[1] != b.UpdateID {
		t.Fatalf("getUpdates = %v, want [%d %d]", ids, a.UpdateID, b.UpdateID)
	}
	// Without a higher offset nothing is confirmed: the same updates again.
	_, got = post(t, s, "getUpdates", url.Values{"limit": {"1"}})
	if ids := updateIDs(t, got); len(ids) != 1 || ids[0] != a.UpdateID {
		t.Errorf("limit 1 = %v", ids)
	}
	// offset = last+1 confirms both; a long poll then waits and returns
	// early when an update arrives.
	go func() {
		time.Sleep(100 * time.Millisecond)
		s.SendText(tgfake.PrivateChat(u), u, "late")
	}()
	start := time.Now()
	_, got = post(t, s, "getUpdates", url.Values{"offset": {itoa(b.UpdateID + 1)}, "timeout": {"20"}})
	if ids := updateIDs(t, got); len(ids) != 1 || time.Since(start) > 10*time.Second {
		t.Errorf("long poll = %v after %v", ids, time.Since(start))
	}
	if s.Pending() != 1 {
		t.Errorf("pending = %d, want 1 (the late one)", s.Pending())
	}
	// A negative offset keeps only the last updates.
	_, got = post(t, s, "getUpdates", url.Values{"offset": {"-1"}})
	if ids := updateIDs(t, got); len(ids) != 1 {
		t.Errorf("offset -1 = %v, want the last update", ids)
	}
}

func TestErrorsAndFaults(t *testing.T) {
	s := tgfake.New(token)
	defer s.Close()
	resp, _ := http.Get(s.URL + "/botWRONG/getMe")
	if resp.StatusCode != 401 {
		t.Errorf("wrong token: %d, want 401", resp.StatusCode)
	}
	s.Inject(tgfake.Fault{Method: "sendMessage", ChatID: 7, Code: 429, RetryAfter: 9, Times: 1})
	s.Inject(tgfake.Fault{Method: "sendMessage", ChatID: 8, Code: 400, MigrateTo: -100888})
	code, a := post(t, s, "sendMessage", url.Values{"chat_id": {"7"}, "text": {"x"}})
	if code != 429 || a.OK || a.ErrorCode != 429 || a.Parameters.RetryAfter != 9 {
		t.Errorf("429 fault: %d %+v", code, a)
	}
	if code, _ = post(t, s, "sendMessage", url.Values{"chat_id": {"7"}, "text": {"x"}}); code != 200 {
		t.Errorf("after Times: %d, want 200", code)
	}
	if _, a = post(t, s, "sendMessage", url.Values{"chat_id": {"8"}, "text": {"x"}}); a.Parameters.MigrateToChatID != -100888 {
		t.Errorf("migrate fault: %+v", a)
	}
	for _, tc := range []struct {
		form url.Values
		desc string
	}{
		{url.Values{"chat_id": {"9"}, "text": {"a < b"}, "parse_mode": {"HTML"}}, "can't parse entities"},
		{url.Values{"chat_id": {"9"}, "text": {strings.Repeat("é", 4097)}}, "message is too long"},
		{url.Values{"chat_id": {"9"}, "text": {"x"}, "reply_markup": {`{"inline_keyboard":[[{"text":"a","callback_data":"` + strings.Repeat("x", 65) + `"}]]}`}}, "BUTTON_DATA_INVALID"},
		{url.Values{"chat_id": {"9"}}, "message text is empty"},
	} {
		code, a := post(t, s, "sendMessage", tc.form)
		if code != 400 || !strings.Contains(a.Description, tc.desc) {
			t.Errorf("sendMessage %v = %d %q, want 400 %q", tc.form, code, a.Description, tc.desc)
		}
	}
	if s.Count("sendMessage", 400) != 5 || s.Count("sendMessage", 0) != 7 {
		t.Errorf("counts: %d × 400, %d in all", s.Count("sendMessage", 400), s.Count("sendMessage", 0))
	}
}

func TestJSONAndMultipartBodies(t *testing.T) {
	s := tgfake.New(token)
	defer s.Close()
	body := `{"chat_id": 11, "text": "xin <b>chào</b>", "parse_mode": "HTML", "reply_markup": {"inline_keyboard": [[{"text": "Có", "callback_data": "1:y"}]]}}`
	resp, err := http.Post(s.URL+"/bot"+token+"/sendMessage", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("JSON sendMessage: %v %v", resp.Status, err)
	}
	m := s.BotMessages(11)[0]
	if m.Text != "xin chào" || m.Buttons()[0].CallbackData != "1:y" {
		t.Errorf("message = %+v", m)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("chat_id", "11")
	fw, _ := w.CreateFormFile("document", "a.xlsx")
	fw.Write([]byte("sheet"))
	w.Close()
	resp, err = http.Post(s.URL+"/bot"+token+"/sendDocument", w.FormDataContentType(), &buf)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("multipart sendDocument: %v %v", resp.Status, err)
	}
	d := s.BotMessages(11)[1].Document
	if data, _ := s.FileData(d.FileID); d.FileName != "a.xlsx" || string(data) != "sheet" {
		t.Errorf("document = %+v %q", d, data)
	}
	// The file can be fetched as the Bot API serves files.
	_, a := post(t, s, "getFile", url.Values{"file_id": {d.FileID}})
	var f tgfake.File
	json.Unmarshal(a.Result, &f)
	r, err := http.Get(s.URL + "/file/bot" + token + "/" + f.FilePath)
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("file download: %v", err)
	}
}

func TestFloodLimits(t *testing.T) {
	s := tgfake.New(token)
	defer s.Close()
	s.SetLimits(tgfake.Limits{PerChatPerSecond: 2, RetryAfter: 3})
	codes := []int{}
	for i := 0; i < 3; i++ {
		c, _ := post(t, s, "sendMessage", url.Values{"chat_id": {"1"}, "text": {"x"}})
		codes = append(codes, c)
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != 429 || s.Over() != 1 {
		t.Errorf("codes %v, over %d; want 200 200 429, 1", codes, s.Over())
	}
	if c, _ := post(t, s, "sendMessage", url.Values{"chat_id": {"2"}, "text": {"x"}}); c != 200 {
		t.Errorf("another chat: %d", c)
	}
}

func TestCommandsAndWebhookConflict(t *testing.T) {
	s := tgfake.New(token)
	defer s.Close()
	_, a := post(t, s, "setMyCommands", url.Values{"commands": {`[{"command":"help","description":"trợ giúp"}]`},
		"scope": {`{"type":"chat","chat_id":5}`}, "language_code": {"vi"}})
	if !a.OK {
		t.Fatalf("setMyCommands: %+v", a)
	}
	if c, ok := s.Commands(tgfake.ChatScope(5), "vi"); !ok || c[0].Command != "help" {
		t.Errorf("commands = %v", c)
	}
	if _, ok := s.Commands(tgfake.DefaultScope, ""); ok {
		t.Error("default scope set too")
	}
	if code, a := post(t, s, "setMyCommands", url.Values{"commands": {`[{"command":"Help","description":"x"}]`}}); code != 400 {
		t.Errorf("upper-case command accepted: %+v", a)
	}
	post(t, s, "setWebhook", url.Values{"url": {"http://127.0.0.1:1/hook"}, "secret_token": {"abc"}})
	if code, _ := post(t, s, "getUpdates", url.Values{}); code != 409 {
		t.Errorf("getUpdates with a webhook: %d, want 409", code)
	}
	post(t, s, "deleteWebhook", url.Values{})
	if code, _ := post(t, s, "getUpdates", url.Values{}); code != 200 {
		t.Errorf("getUpdates after deleteWebhook: %d", code)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// FuzzParseHTML: escaped text always parses back to itself, and no input
// makes the parser panic.
func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{"", "a < b & c > d", "<b>x</b>", "&#39;&quot;", "<a href=\"x\">y</a>", "&", "<", "<b><i></b></i>", "&#x1F600;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tgfake.ParseHTML(s)
		if !utf8.ValidString(s) {
			return
		}
		got, err := tgfake.ParseHTML(html.EscapeString(s))
		if err != nil || got != s {
			t.Errorf("ParseHTML(EscapeString(%q)) = %q, %v", s, got, err)
		}
	})
}
