// Package bot is the channel-agnostic messaging core: the normalised Update
// and Reply, the Channel interface, the Router, the conversation engine, the
// per-chat dispatcher and the outbox sender. Adapters live in subpackages;
// platform types never leave them.
package bot

import (
	"encoding/json"
	"time"
)

// Update is one inbound event, normalised by an adapter.
type Update struct {
	Channel   string    `json:"channel"`              // "telegram", "zalo", "console"
	Key       string    `json:"key,omitempty"`        // platform id used to de-duplicate
	ChatID    string    `json:"chat_id"`              // where replies go
	UserID    string    `json:"user_id"`              // who wrote
	UserName  string    `json:"user_name,omitempty"`  // display name
	Group     bool      `json:"group,omitempty"`      // sent in a group chat
	Addressed bool      `json:"addressed,omitempty"`  // group: the command names this bot
	Text      string    `json:"text,omitempty"`       // message text
	Choice    string    `json:"choice,omitempty"`     // pressed button's data
	MessageID string    `json:"message_id,omitempty"` // the message that carried the button
	Photo     *FileRef  `json:"photo,omitempty"`
	Document  *FileRef  `json:"document,omitempty"`
	Time      time.Time `json:"time"`
	// Ack, when set by an adapter, acknowledges a button press with a short
	// notice (Telegram answerCallbackQuery). Not persisted.
	CallbackID string `json:"callback_id,omitempty"`
}

// FileRef points at a file held by the platform.
type FileRef struct {
	ID   string `json:"id,omitempty"`
	URL  string `json:"url,omitempty"`
	Name string `json:"name,omitempty"`
	MIME string `json:"mime,omitempty"`
	Size int64  `json:"size,omitempty"`
}

// Choice is a button (Telegram) or a numbered option (text channels). ID is
// short and ASCII: it travels in Telegram's 64-byte callback_data.
type Choice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Attachment is a file sent by the bot.
type Attachment struct {
	Name string `json:"name"`
	MIME string `json:"mime,omitempty"`
	Data []byte `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// Reply is one outgoing message.
type Reply struct {
	Text     string      `json:"text,omitempty"`
	Choices  []Choice    `json:"choices,omitempty"`
	Multi    bool        `json:"multi,omitempty"` // several choices may be picked
	Token    string      `json:"token,omitempty"` // conversation prompt the choices belong to
	Document *Attachment `json:"document,omitempty"`
	Photo    *Attachment `json:"photo,omitempty"`
	// Edit, when set, asks the adapter to edit that message (a pressed
	// keyboard) to show Text instead of sending a new one.
	Edit string `json:"edit,omitempty"`
}

// CallbackData is what a button carries: the prompt token and the choice id.
func CallbackData(token, id string) string {
	if token == "" {
		return id
	}
	return token + ":" + id
}

// Out is a reply addressed to a chat.
type Out struct {
	Channel  string
	ChatID   string
	Reply    Reply
	Priority int    // 0 interactive, 1 bulk
	DedupKey string // non-empty: queued at most once
}

// EncodeReply serialises a reply for the outbox.
func EncodeReply(r Reply) []byte {
	b, _ := json.Marshal(r)
	return b
}

// DecodeReply reads a reply from the outbox.
func DecodeReply(b []byte) (Reply, error) {
	var r Reply
	err := json.Unmarshal(b, &r)
	return r, err
}
