package tgfake

// The wire types of the Bot API, as much of them as the fake speaks. They
// are the fake's own (not the client library's), so a test through the fake
// checks the library and the adapter against the documented JSON.

// User is a Telegram user or bot.
type User struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name,omitempty"`
	Username  string `json:"username,omitempty"`
}

// Chat is a private chat, a group, a supergroup or a channel.
type Chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"` // "private", "group", "supergroup", "channel"
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

// PrivateChat is the private chat with u (its id is the user's id).
func PrivateChat(u User) Chat {
	return Chat{ID: u.ID, Type: "private", FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
}

// GroupChat is a group chat; Telegram group ids are negative.
func GroupChat(id int64, title string) Chat {
	if id > 0 {
		id = -id
	}
	return Chat{ID: id, Type: "group", Title: title}
}

// Entity is a MessageEntity (only bot_command is produced by the fake).
type Entity struct {
	Type   string `json:"type"`
	Offset int    `json:"offset"` // UTF-16 code units
	Length int    `json:"length"` // UTF-16 code units
}

// PhotoSize is one size of a photo.
type PhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

// Document is a general file.
type Document struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

// Button is an InlineKeyboardButton.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

// Keyboard is an InlineKeyboardMarkup.
type Keyboard struct {
	InlineKeyboard [][]Button `json:"inline_keyboard"`
}

// Message is a message in a chat. Text and Caption hold the plain text after
// the parse mode was applied, as Telegram returns them.
type Message struct {
	MessageID       int         `json:"message_id"`
	From            *User       `json:"from,omitempty"`
	Date            int64       `json:"date"`
	EditDate        int64       `json:"edit_date,omitempty"`
	Chat            Chat        `json:"chat"`
	Text            string      `json:"text,omitempty"`
	Entities        []Entity    `json:"entities,omitempty"`
	Caption         string      `json:"caption,omitempty"`
	Photo           []PhotoSize `json:"photo,omitempty"`
	Document        *Document   `json:"document,omitempty"`
	ReplyMarkup     *Keyboard   `json:"reply_markup,omitempty"`
	MigrateToChatID int64       `json:"migrate_to_chat_id,omitempty"`
}

// Buttons lists the message's inline buttons, row by row.
func (m Message) Buttons() []Button {
	if m.ReplyMarkup == nil {
		return nil
	}
	var out []Button
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		out = append(out, row...)
	}
	return out
}

// CallbackQuery is a press on an inline button.
type CallbackQuery struct {
	ID           string   `json:"id"`
	From         User     `json:"from"`
	Message      *Message `json:"message,omitempty"`
	ChatInstance string   `json:"chat_instance"`
	Data         string   `json:"data,omitempty"`
}

// Update is one incoming update.
type Update struct {
	UpdateID      int            `json:"update_id"`
	Message       *Message       `json:"message,omitempty"`
	EditedMessage *Message       `json:"edited_message,omitempty"`
	CallbackQuery *CallbackQuery `json:"callback_query,omitempty"`
}

func (u Update) kind() string {
	switch {
	case u.Message != nil:
		return "message"
	case u.EditedMessage != nil:
		return "edited_message"
	case u.CallbackQuery != nil:
		return "callback_query"
	}
	return "other"
}

// BotCommand is one entry of a command menu.
type BotCommand struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// Scope is a BotCommandScope.
type Scope struct {
	Type   string `json:"type"`
	ChatID int64  `json:"chat_id,omitempty"`
	UserID int64  `json:"user_id,omitempty"`
}

// DefaultScope is the scope used when setMyCommands gets none.
var DefaultScope = Scope{Type: "default"}

// ChatScope is the scope of one chat.
func ChatScope(chatID int64) Scope { return Scope{Type: "chat", ChatID: chatID} }

// File is what getFile returns.
type File struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileSize     int    `json:"file_size,omitempty"`
	FilePath     string `json:"file_path,omitempty"`
}

// WebhookInfo is what getWebhookInfo returns.
type WebhookInfo struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

// responseParameters are the "parameters" of an error answer.
type responseParameters struct {
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	RetryAfter      int   `json:"retry_after,omitempty"`
}

type apiResponse struct {
	OK          bool                `json:"ok"`
	Result      any                 `json:"result,omitempty"`
	ErrorCode   int                 `json:"error_code,omitempty"`
	Description string              `json:"description,omitempty"`
	Parameters  *responseParameters `json:"parameters,omitempty"`
}
