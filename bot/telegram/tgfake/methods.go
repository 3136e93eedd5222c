package tgfake

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxText is Telegram's limit on a message's text after entity parsing, in
// UTF-16 code units; MaxCaption the limit on a caption.
const (
	MaxText    = 4096
	MaxCaption = 1024
)

func (s *Server) call(r *http.Request, method string, p map[string]string, files map[string]Upload) (any, *apiError) {
	switch method {
	case "getMe":
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.bot, nil
	case "getUpdates":
		return s.getUpdates(r, p)
	case "setWebhook":
		return s.setWebhook(p)
	case "deleteWebhook":
		return s.deleteWebhook(p)
	case "getWebhookInfo":
		return s.webhookInfo(), nil
	case "sendMessage":
		return s.sendMessage(p)
	case "editMessageText":
		return s.editMessageText(p)
	case "editMessageReplyMarkup":
		return s.editMarkup(p)
	case "sendDocument", "sendPhoto":
		return s.sendFile(method, p, files)
	case "answerCallbackQuery":
		return s.answerCallback(p)
	case "sendChatAction":
		if _, e := chatID(p); e != nil {
			return nil, e
		}
		switch p["action"] {
		case "typing", "upload_photo", "upload_document", "record_video", "upload_video", "record_voice",
			"upload_voice", "choose_sticker", "find_location", "record_video_note", "upload_video_note":
			return true, nil
		}
		return nil, badRequest("wrong parameter action in request")
	case "setMyCommands":
		return s.setMyCommands(p)
	case "deleteMyCommands":
		key, e := scopeKey(p)
		if e != nil {
			return nil, e
		}
		s.mu.Lock()
		delete(s.commands, key)
		s.mu.Unlock()
		return true, nil
	case "getMyCommands":
		key, e := scopeKey(p)
		if e != nil {
			return nil, e
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		cmds := s.commands[key]
		if cmds == nil {
			cmds = []BotCommand{}
		}
		return cmds, nil
	case "getFile":
		s.mu.Lock()
		defer s.mu.Unlock()
		f, ok := s.files[p["file_id"]]
		if !ok {
			return nil, badRequest("invalid file_id")
		}
		return f.file, nil
	}
	return nil, &apiError{code: 404, desc: "Not Found: method not found"}
}

func chatID(p map[string]string) (int64, *apiError) {
	v := p["chat_id"]
	if v == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

// chatLocked returns the state of a chat, creating a private chat (positive
// id) or a group (negative id) the first time; s.mu must be held.
func (s *Server) chatLocked(id int64) *chatState {
	c := s.chats[id]
	if c == nil {
		ch := Chat{ID: id, Type: "private", FirstName: "User " + strconv.FormatInt(id, 10)}
		if id < 0 {
			ch = Chat{ID: id, Type: "group", Title: "Group " + strconv.FormatInt(-id, 10)}
		}
		c = &chatState{chat: ch}
		s.chats[id] = c
	}
	return c
}

// text applies parse_mode and checks the length limit.
func parseText(text, mode string, limit int, what string) (string, *apiError) {
	plain := text
	if strings.EqualFold(mode, "HTML") {
		var err error
		if plain, err = ParseHTML(text); err != nil {
			return "", badRequest("can't parse entities: %v", err)
		}
	} else if mode != "" && !strings.EqualFold(mode, "MarkdownV2") && !strings.EqualFold(mode, "Markdown") {
		return "", badRequest("unsupported parse_mode")
	}
	if n := UTF16Len(plain); n > limit {
		return "", badRequest("%s is too long", what)
	}
	return plain, nil
}

// UTF16Len is the length Telegram counts: UTF-16 code units.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func parseKeyboard(v string) (*Keyboard, *apiError) {
	if v == "" {
		return nil, nil
	}
	var kb Keyboard
	if err := json.Unmarshal([]byte(v), &kb); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	if len(kb.InlineKeyboard) == 0 {
		// A reply keyboard, a removal or an empty keyboard: none.
		return nil, nil
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.Text == "" {
				return nil, badRequest("text buttons are unallowed in the inline keyboard")
			}
			if b.URL == "" && (len(b.CallbackData) < 1 || len(b.CallbackData) > 64) {
				return nil, badRequest("BUTTON_DATA_INVALID")
			}
		}
	}
	return &kb, nil
}

func (s *Server) sendMessage(p map[string]string) (any, *apiError) {
	id, e := chatID(p)
	if e != nil {
		return nil, e
	}
	if p["text"] == "" {
		return nil, badRequest("message text is empty")
	}
	plain, e := parseText(p["text"], p["parse_mode"], MaxText, "message")
	if e != nil {
		return nil, e
	}
	if strings.TrimSpace(plain) == "" {
		return nil, badRequest("message text is empty")
	}
	kb, e := parseKeyboard(p["reply_markup"])
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	bot := s.bot
	m := s.addMessageLocked(id, Message{From: &bot, Text: plain, ReplyMarkup: kb})
	return m, nil
}

func (s *Server) addMessageLocked(chat int64, m Message) Message {
	c := s.chatLocked(chat)
	c.nextID++
	m.MessageID = c.nextID
	m.Chat = c.chat
	m.Date = s.now().Unix()
	c.messages = append(c.messages, &m)
	return m
}

func (s *Server) editMessageText(p map[string]string) (any, *apiError) {
	if p["text"] == "" {
		return nil, badRequest("message text is empty")
	}
	plain, e := parseText(p["text"], p["parse_mode"], MaxText, "message")
	if e != nil {
		return nil, e
	}
	kb, e := parseKeyboard(p["reply_markup"])
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.findBotMessageLocked(p)
	if e != nil {
		return nil, e
	}
	if m.Text == "" {
		return nil, badRequest("there is no text in the message to edit")
	}
	if m.Text == plain && sameKeyboard(m.ReplyMarkup, kb) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m.Text = plain
	m.ReplyMarkup = kb
	m.EditDate = s.now().Unix()
	return *m, nil
}

// findBotMessageLocked finds a message of the bot for an edit; s.mu must
// be held.
func (s *Server) findBotMessageLocked(p map[string]string) (*Message, *apiError) {
	if p["inline_message_id"] != "" {
		return nil, badRequest("inline messages are not supported by the fake")
	}
	id, e := chatID(p)
	if e != nil {
		return nil, e
	}
	mid, err := strconv.Atoi(p["message_id"])
	if err != nil {
		return nil, badRequest("message identifier is not specified")
	}
	if c := s.chats[id]; c != nil {
		for _, m := range c.messages {
			if m.MessageID == mid {
				if m.From == nil || m.From.ID != s.bot.ID {
					return nil, badRequest("message can't be edited")
				}
				return m, nil
			}
		}
	}
	return nil, badRequest("message to edit not found")
}

func (s *Server) editMarkup(p map[string]string) (any, *apiError) {
	kb, e := parseKeyboard(p["reply_markup"])
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.findBotMessageLocked(p)
	if e != nil {
		return nil, e
	}
	if sameKeyboard(m.ReplyMarkup, kb) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m.ReplyMarkup = kb
	m.EditDate = s.now().Unix()
	return *m, nil
}

func sameKeyboard(a, b *Keyboard) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func (s *Server) sendFile(method string, p map[string]string, files map[string]Upload) (any, *apiError) {
	id, e := chatID(p)
	if e != nil {
		return nil, e
	}
	field := "document"
	if method == "sendPhoto" {
		field = "photo"
	}
	caption, e := parseText(p["caption"], p["parse_mode"], MaxCaption, "message caption")
	if e != nil {
		return nil, e
	}
	kb, e := parseKeyboard(p["reply_markup"])
	if e != nil {
		return nil, e
	}
	up, uploaded := files[field]
	s.mu.Lock()
	defer s.mu.Unlock()
	var f File
	var name string
	switch {
	case uploaded:
		if len(up.Data) == 0 {
			return nil, badRequest("file must be non-empty")
		}
		f = s.storeFileLocked(field+"s", up.Name, up.Data)
		name = up.Name
	case p[field] != "":
		old, ok := s.files[p[field]]
		if !ok {
			if strings.HasPrefix(p[field], "http://") || strings.HasPrefix(p[field], "https://") {
				f = s.storeFileLocked(field+"s", "", []byte(p[field]))
			} else {
				return nil, badRequest("wrong file identifier/HTTP URL specified")
			}
		} else {
			f = old.file
		}
	default:
		return nil, badRequest("there is no %s in the request", field)
	}
	bot := s.bot
	m := Message{From: &bot, Caption: caption, ReplyMarkup: kb}
	if field == "photo" {
		m.Photo = []PhotoSize{{FileID: f.FileID, FileUniqueID: f.FileUniqueID, Width: 800, Height: 600, FileSize: f.FileSize}}
	} else {
		m.Document = &Document{FileID: f.FileID, FileUniqueID: f.FileUniqueID, FileName: name, FileSize: f.FileSize,
			MimeType: mimeOf(name)}
	}
	return s.addMessageLocked(id, m), nil
}

func mimeOf(name string) string {
	switch {
	case strings.HasSuffix(name, ".xlsx"):
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case strings.HasSuffix(name, ".docx"):
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case strings.HasSuffix(name, ".pdf"):
		return "application/pdf"
	case strings.HasSuffix(name, ".png"):
		return "image/png"
	case strings.HasSuffix(name, ".jpg"), strings.HasSuffix(name, ".jpeg"):
		return "image/jpeg"
	}
	return "application/octet-stream"
}

func (s *Server) answerCallback(p map[string]string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[p["callback_query_id"]]
	if cb == nil || cb.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if utf8.RuneCountInString(p["text"]) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	cb.answered = true
	cb.text = p["text"]
	return true, nil
}

// Answered reports whether a callback query was answered, and with what text.
func (s *Server) Answered(callbackID string) (bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[callbackID]
	if cb == nil {
		return false, ""
	}
	return cb.answered, cb.text
}

// Messages returns the messages of a chat in their current state (edits
// applied), the users' and the bot's, oldest first.
func (s *Server) Messages(chat int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chat]
	if c == nil {
		return nil
	}
	out := make([]Message, 0, len(c.messages))
	for _, m := range c.messages {
		out = append(out, *m)
	}
	return out
}

// BotMessages returns the messages the bot sent to a chat, oldest first.
func (s *Server) BotMessages(chat int64) []Message {
	var out []Message
	for _, m := range s.Messages(chat) {
		if m.From != nil && m.From.IsBot {
			out = append(out, m)
		}
	}
	return out
}

// Chats lists the ids of every chat the fake knows.
func (s *Server) Chats() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]int64, 0, len(s.chats))
	for id := range s.chats {
		out = append(out, id)
	}
	return out
}
