package tgfake

import (
	"encoding/json"
	"strconv"
	"time"
)

// Which chats exist, which users blocked the bot, and whether the bot keeps
// the retry_after of 429 answers.

// AddChat makes a chat known, as if its user had once written to the bot.
func (s *Server) AddChat(c Chat) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chats[c.ID] == nil {
		s.chats[c.ID] = &chatState{chat: c}
	}
}

// StrictChats, when on, makes sending to a chat the fake does not know (no
// AddChat, no update from it) fail as Telegram does for a deleted account
// or a chat id that never was: 400 "Bad Request: chat not found". Off (the
// default), the first message to an unknown chat creates it.
func (s *Server) StrictChats(on bool) {
	s.mu.Lock()
	s.strict = on
	s.mu.Unlock()
}

// Block makes the user of a private chat block the bot: every sending
// method to the chat answers 403 "Forbidden: bot was blocked by the user"
// until Unblock.
func (s *Server) Block(chat int64) {
	s.mu.Lock()
	if s.blocked == nil {
		s.blocked = map[int64]bool{}
	}
	s.blocked[chat] = true
	s.mu.Unlock()
}

// Unblock undoes Block.
func (s *Server) Unblock(chat int64) {
	s.mu.Lock()
	delete(s.blocked, chat)
	s.mu.Unlock()
}

// sendsToChat are the methods that post into a chat.
var sendsToChat = map[string]bool{"sendMessage": true, "sendPhoto": true, "sendDocument": true, "sendChatAction": true,
	"editMessageText": true, "editMessageReplyMarkup": true}

// checkChat refuses a sending method for a blocked or (strict) unknown chat.
func (s *Server) checkChat(method string, chat int64) *apiError {
	if !sendsToChat[method] || chat == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blocked[chat] {
		return &apiError{code: 403, desc: "Forbidden: bot was blocked by the user"}
	}
	if s.strict && s.chats[chat] == nil {
		return badRequest("chat not found")
	}
	return nil
}

// EarlyRequest is a request that came before the retry_after of a 429
// answered for the same chat (or, for calls without a chat, the same
// method) had passed.
type EarlyRequest struct {
	Key        string // "chat <id>" or "method <name>"
	Method     string // the early request's method
	RetryAfter int    // seconds, as answered
	Answered   time.Time
	At         time.Time // when the early request arrived
}

// EarlyRequests lists the requests that did not wait out a 429's
// retry_after. The wait is kept per chat: the chat_id of the request, the
// chat of a callback query for answerCallbackQuery, the scope's chat for
// the command-menu methods; calls without a chat (getUpdates, getMe, the
// default menu) are kept per method. A request that arrives once the 429
// answer has been written and before answer time + retry_after is early.
func (s *Server) EarlyRequests() []EarlyRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]EarlyRequest(nil), s.early...)
}

// RateLimited is how many 429 answers carried a retry_after.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

type holdState struct {
	until      time.Time
	answered   time.Time
	retryAfter int
}

// holdKeyLocked is the key a request's retry_after is kept under; s.mu
// must be held.
func (s *Server) holdKeyLocked(method string, p map[string]string, chat int64) string {
	if chat == 0 {
		switch method {
		case "answerCallbackQuery":
			if cb := s.callbacks[p["callback_query_id"]]; cb != nil {
				chat = cb.chatID
			}
		case "setMyCommands", "deleteMyCommands", "getMyCommands":
			var sc Scope
			if json.Unmarshal([]byte(p["scope"]), &sc) == nil {
				chat = sc.ChatID
			}
		}
	}
	if chat != 0 {
		return "chat " + strconv.FormatInt(chat, 10)
	}
	return "method " + method
}

// arrived notes a request's arrival and records it when it is early.
func (s *Server) arrived(req *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req.holdKey = s.holdKeyLocked(req.Method, req.Params, req.ChatID)
	h, ok := s.holds[req.holdKey]
	if !ok {
		return
	}
	if !req.At.Before(h.until) {
		delete(s.holds, req.holdKey)
		return
	}
	s.early = append(s.early, EarlyRequest{Key: req.holdKey, Method: req.Method, RetryAfter: h.retryAfter,
		Answered: h.answered, At: req.At})
}

// limitedLocked starts the wait of a 429 with retry_after; s.mu must be held.
func (s *Server) limitedLocked(req *Request, retryAfter int) {
	if retryAfter <= 0 || req.holdKey == "" {
		return
	}
	if s.holds == nil {
		s.holds = map[string]holdState{}
	}
	now := s.now()
	s.limited++
	until := now.Add(time.Duration(retryAfter) * time.Second)
	if h, ok := s.holds[req.holdKey]; ok && h.until.After(until) {
		return
	}
	s.holds[req.holdKey] = holdState{until: until, answered: now, retryAfter: retryAfter}
}

// AnswersLost is how many calls took effect after their client had gone
// (a timeout while the fake was busy): the client saw a failure and may
// make the call again, so a message may then arrive twice — as with
// Telegram.
func (s *Server) AnswersLost() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost
}
