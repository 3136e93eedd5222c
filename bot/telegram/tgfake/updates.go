package tgfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AddUpdate queues an update as Telegram would: it gets the next update_id
// (returned in the copy) and waits until getUpdates confirms it or the
// webhook accepts it.
func (s *Server) AddUpdate(u Update) Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addUpdateLocked(u)
}

func (s *Server) addUpdateLocked(u Update) Update {
	s.nextUpdate++
	u.UpdateID = s.nextUpdate
	s.queue = append(s.queue, u)
	s.notifyLocked()
	s.startHookLocked()
	return u
}

var commandPrefix = regexp.MustCompile(`^/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{1,64})?`)

// SendText queues a text message from a user in a chat (as a user typing it)
// and returns its update. A leading /command gets a bot_command entity.
func (s *Server) SendText(chat Chat, from User, text string) Update {
	m := Message{From: &from, Text: text}
	if loc := commandPrefix.FindStringIndex(text); loc != nil {
		m.Entities = []Entity{{Type: "bot_command", Offset: 0, Length: UTF16Len(text[:loc[1]])}}
	}
	return s.userMessage(chat, m)
}

// SendPhoto queues a photo (with an optional caption) from a user.
func (s *Server) SendPhoto(chat Chat, from User, data []byte, caption string) Update {
	f := s.AddFile("photo.jpg", data)
	m := Message{From: &from, Caption: caption, Photo: []PhotoSize{
		{FileID: f.FileID + "_s", FileUniqueID: f.FileUniqueID + "_s", Width: 90, Height: 67, FileSize: len(data) / 10},
		{FileID: f.FileID, FileUniqueID: f.FileUniqueID, Width: 1280, Height: 960, FileSize: len(data)}}}
	return s.userMessage(chat, m)
}

// SendDocument queues a document from a user.
func (s *Server) SendDocument(chat Chat, from User, name string, data []byte, caption string) Update {
	f := s.AddFile(name, data)
	m := Message{From: &from, Caption: caption, Document: &Document{FileID: f.FileID, FileUniqueID: f.FileUniqueID,
		FileName: name, MimeType: mimeOf(name), FileSize: len(data)}}
	return s.userMessage(chat, m)
}

func (s *Server) userMessage(chat Chat, m Message) Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chat.ID]
	if c == nil {
		c = &chatState{chat: chat}
		s.chats[chat.ID] = c
	} else {
		c.chat = chat
	}
	msg := s.addMessageLocked(chat.ID, m)
	return s.addUpdateLocked(Update{Message: &msg})
}

// Press queues a callback query: user from pressed the button carrying data
// on the bot's message msgID in chat. It fails, as a Telegram client cannot
// do it, when that message has no such button (any more).
func (s *Server) Press(chat int64, from User, msgID int, data string) (Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chat]
	if c == nil {
		return Update{}, fmt.Errorf("no chat %d", chat)
	}
	var m *Message
	for _, x := range c.messages {
		if x.MessageID == msgID {
			m = x
		}
	}
	if m == nil {
		return Update{}, fmt.Errorf("no message %d in chat %d", msgID, chat)
	}
	if !slices.ContainsFunc(m.Buttons(), func(b Button) bool { return b.CallbackData == data }) {
		return Update{}, fmt.Errorf("message %d in chat %d has no button %q", msgID, chat, data)
	}
	id := strconv.Itoa(len(s.callbacks)+1) + "00" + strconv.FormatInt(from.ID, 10)
	s.callbacks[id] = &callbackState{chatID: chat}
	cp := *m
	return s.addUpdateLocked(Update{CallbackQuery: &CallbackQuery{ID: id, From: from, Message: &cp,
		ChatInstance: strconv.FormatInt(chat, 10), Data: data}}), nil
}

// PressLabel presses the button labelled label on the latest bot message of
// the chat that has one.
func (s *Server) PressLabel(chat int64, from User, label string) (Update, error) {
	msgs := s.BotMessages(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, b := range msgs[i].Buttons() {
			if b.Text == label {
				return s.Press(chat, from, msgs[i].MessageID, b.CallbackData)
			}
		}
	}
	return Update{}, fmt.Errorf("no button %q in chat %d", label, chat)
}

// Pending is how many updates are queued and not yet confirmed.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// confirmLocked forgets the updates below offset.
func (s *Server) confirmLocked(offset int) {
	i := 0
	for i < len(s.queue) && s.queue[i].UpdateID < offset {
		i++
	}
	if i > 0 {
		s.queue = append(s.queue[:0:0], s.queue[i:]...)
	}
}

// getUpdates: updates with update_id < offset are confirmed and forgotten;
// a negative offset keeps only the last -offset updates; up to limit
// (1–100, default 100) updates are returned; with none pending, the call
// waits up to timeout seconds for one. A newer getUpdates ends an older
// waiting one with 409, and a set webhook makes it fail with 409.
func (s *Server) getUpdates(r *http.Request, p map[string]string) (any, *apiError) {
	offset, _ := strconv.Atoi(p["offset"])
	limit, _ := strconv.Atoi(p["limit"])
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p["timeout"])
	var allowed []string
	if v := p["allowed_updates"]; v != "" {
		json.Unmarshal([]byte(v), &allowed)
	}
	s.mu.Lock()
	if s.hook.url != "" {
		s.mu.Unlock()
		return nil, &apiError{code: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	s.pollGen++
	gen := s.pollGen
	s.notifyLocked() // ends an older waiting poll
	var deadline <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(time.Duration(timeout) * time.Second)
		defer t.Stop()
		deadline = t.C
	}
	for {
		if offset < 0 {
			if n := len(s.queue); -offset < n {
				s.queue = append(s.queue[:0:0], s.queue[n+offset:]...)
			}
		} else if offset > 0 {
			s.confirmLocked(offset)
		}
		out := make([]Update, 0)
		for _, u := range s.queue {
			if len(out) == limit {
				break
			}
			if len(allowed) == 0 || slices.Contains(allowed, u.kind()) {
				out = append(out, u)
			}
		}
		if len(out) > 0 || deadline == nil {
			s.mu.Unlock()
			return out, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			return []Update{}, nil
		case <-r.Context().Done():
			return []Update{}, nil
		}
		s.mu.Lock()
		if s.pollGen != gen {
			s.mu.Unlock()
			return nil, &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		}
		if s.closed || s.hook.url != "" {
			s.mu.Unlock()
			return []Update{}, nil
		}
	}
}

var secretRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// setWebhook accepts http URLs too (tests run on httptest), where Telegram
// insists on https.
func (s *Server) setWebhook(p map[string]string) (any, *apiError) {
	u := p["url"]
	if u == "" {
		return s.deleteWebhook(p)
	}
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if sec := p["secret_token"]; sec != "" && !secretRe.MatchString(sec) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	var allowed []string
	if v := p["allowed_updates"]; v != "" {
		json.Unmarshal([]byte(v), &allowed)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p["drop_pending_updates"] == "true" {
		s.queue = nil
	}
	s.hook.url, s.hook.secret, s.hook.allowed = u, p["secret_token"], allowed
	s.hook.gen++
	s.hook.running = false
	s.notifyLocked()
	s.startHookLocked()
	return true, nil
}

func (s *Server) deleteWebhook(p map[string]string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p["drop_pending_updates"] == "true" {
		s.queue = nil
	}
	s.hook = hookState{gen: s.hook.gen + 1}
	s.notifyLocked()
	return true, nil
}

func (s *Server) webhookInfo() WebhookInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return WebhookInfo{URL: s.hook.url, PendingUpdateCount: len(s.queue), LastErrorMessage: s.hook.lastErr,
		AllowedUpdates: s.hook.allowed}
}

// Webhook returns the webhook as set: its URL ("" when none) and secret.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook.url, s.hook.secret
}

// startHookLocked starts the delivery loop when a webhook is set and the
// loop is not running.
func (s *Server) startHookLocked() {
	if s.hook.url == "" || s.hook.running || s.closed {
		return
	}
	s.hook.running = true
	go s.deliver(s.hook.gen)
}

// deliver posts queued updates to the webhook one at a time, in order, with
// the secret in X-Telegram-Bot-Api-Secret-Token; an update is confirmed by
// a 2xx answer and retried after WebhookRetry otherwise.
func (s *Server) deliver(gen int) {
	client := &http.Client{Timeout: 10 * time.Second}
	for {
		s.mu.Lock()
		if s.hook.gen != gen || s.closed {
			s.mu.Unlock()
			return
		}
		if len(s.queue) == 0 {
			s.hook.running = false
			s.mu.Unlock()
			return
		}
		u := s.queue[0]
		url, secret, allowed, retry := s.hook.url, s.hook.secret, s.hook.allowed, s.WebhookRetry
		s.mu.Unlock()
		if len(allowed) > 0 && !slices.Contains(allowed, u.kind()) {
			s.dropFirst(gen, u.UpdateID)
			continue
		}
		body, _ := json.Marshal(u)
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := client.Do(req)
		ok := err == nil && resp.StatusCode/100 == 2
		if resp != nil {
			resp.Body.Close()
		}
		if ok {
			s.dropFirst(gen, u.UpdateID)
			continue
		}
		s.mu.Lock()
		if err != nil {
			s.hook.lastErr = err.Error()
		} else {
			s.hook.lastErr = "Wrong response from the webhook: " + resp.Status
		}
		s.mu.Unlock()
		time.Sleep(retry)
	}
}

func (s *Server) dropFirst(gen, id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook.gen == gen && len(s.queue) > 0 && s.queue[0].UpdateID == id {
		s.queue = s.queue[1:]
		s.notifyLocked()
	}
}
