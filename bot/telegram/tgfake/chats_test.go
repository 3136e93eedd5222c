package tgfake_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

func TestStrictChatsAndBlock(t *testing.T) {
	s := tgfake.New(token)
	defer s.Close()
	s.StrictChats(true)
	s.AddChat(tgfake.PrivateChat(tgfake.User{ID: 1, FirstName: "A"}))
	s.AddChat(tgfake.PrivateChat(tgfake.User{ID: 2, FirstName: "B"}))
	s.Block(2)
	for _, tc := range []struct {
		chat string
		code int
		desc string
	}{
		{"1", 200, ""},
		{"2", 403, "Forbidden: bot was blocked by the user"},
		{"3", 400, "Bad Request: chat not found"},
	} {
		code, a := post(t, s, "sendMessage", url.Values{"chat_id": {tc.chat}, "text": {"x"}})
		if code != tc.code || a.Description != tc.desc {
			t.Errorf("sendMessage to %s = %d %q, want %d %q", tc.chat, code, a.Description, tc.code, tc.desc)
		}
	}
	s.Unblock(2)
	if code, _ := post(t, s, "sendMessage", url.Values{"chat_id": {"2"}, "text": {"x"}}); code != 200 {
		t.Errorf("after Unblock: %d", code)
	}
	s.StrictChats(false)
	if code, _ := post(t, s, "sendMessage", url.Values{"chat_id": {"3"}, "text": {"x"}}); code != 200 {
		t.Errorf("not strict: unknown chat answered %d", code)
	}
}

func TestEarlyRequestsAreRecorded(t *testing.T) {
	s := tgfake.New(token)
	defer s.Close()
	s.Inject(tgfake.Fault{Method: "sendMessage", ChatID: 5, Code: 429, RetryAfter: 1, Times: 1})
	s.Inject(tgfake.Fault{Method: "getUpdates", Code: 429, RetryAfter: 1, Times: 1})
	post(t, s, "sendMessage", url.Values{"chat_id": {"5"}, "text": {"x"}})
	post(t, s, "getUpdates", url.Values{})
	post(t, s, "sendMessage", url.Values{"chat_id": {"6"}, "text": {"other chat"}}) // not held
	post(t, s, "editMessageText", url.Values{"chat_id": {"5"}, "message_id": {"1"}, "text": {"y"}})
	post(t, s, "getUpdates", url.Values{})
	early := s.EarlyRequests()
	if len(early) != 2 || early[0].Key != "chat 5" || early[0].Method != "editMessageText" || early[1].Key != "method getUpdates" {
		t.Fatalf("early requests = %+v, want the edit of chat 5 and the second getUpdates", early)
	}
	if s.RateLimited() != 2 {
		t.Errorf("RateLimited = %d, want 2", s.RateLimited())
	}
	time.Sleep(1100 * time.Millisecond)
	post(t, s, "sendMessage", url.Values{"chat_id": {"5"}, "text": {"x"}})
	if n := len(s.EarlyRequests()); n != 2 {
		t.Errorf("a request after retry_after was recorded as early (%d)", n)
	}
}
