package zalo

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
)

// wireUpdate is an update as the platform sends it.
type wireUpdate struct {
	EventName string       `json:"event_name"`
	Message   *wireMessage `json:"message"`
}

type wireMessage struct {
	MessageID flexString `json:"message_id"`
	Date      flexInt    `json:"date"` // milliseconds
	Text      string     `json:"text"`
	PhotoURL  string     `json:"photo_url"`
	Caption   string     `json:"caption"`
	Chat      struct {
		ID       flexString `json:"id"`
		ChatType string     `json:"chat_type"`
	} `json:"chat"`
	From struct {
		ID          flexString `json:"id"`
		DisplayName string     `json:"display_name"`
		FirstName   string     `json:"first_name"`
		IsBot       bool       `json:"is_bot"`
	} `json:"from"`
}

// flexString reads an id sent as a string (documented) or a number.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if json.Unmarshal(b, &n) == nil {
		*f = flexString(n.String())
	}
	return nil // anything else is treated as absent
}

// flexInt reads a number sent as a number or a numeric string.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = flexInt(n)
	} else if x, err := strconv.ParseFloat(s, 64); err == nil && x > 0 && x < 1e17 {
		*f = flexInt(x)
	}
	return nil
}

// Events the adapter understands. Others are ignored.
const (
	evText        = "message.text.received"
	evImage       = "message.image.received"
	evSticker     = "message.sticker.received"
	evUnsupported = "message.unsupported.received"
	evVoice       = "message.voice.received"
	evDocument    = "message.document.received"
)

// ParseUpdates reads the updates in a getUpdates answer or a webhook body:
// an envelope {"ok": true, "result": …} or a bare update, where result (or
// the body) is one update or an array of them. Unknown events, messages
// from bots and updates without a message id or sender are left out. It
// never panics; a body that is not JSON is an error.
func ParseUpdates(body []byte) ([]bot.Update, error) {
	body = bytes.TrimSpace(body)
	var raws []json.RawMessage
	if err := collect(body, &raws, 0); err != nil {
		return nil, err
	}
	var out []bot.Update
	for _, raw := range raws {
		var w wireUpdate
		if json.Unmarshal(raw, &w) != nil {
			continue
		}
		if u, ok := convert(w); ok {
			out = append(out, u)
		}
	}
	return out, nil
}

// collect gathers update objects from an envelope, an array or an update.
func collect(b []byte, out *[]json.RawMessage, depth int) error {
	if len(b) == 0 || depth > 3 {
		return nil
	}
	switch b[0] {
	case '[':
		var arr []json.RawMessage
		if err := json.Unmarshal(b, &arr); err != nil {
			return err
		}
		for _, el := range arr {
			if err := collect(bytes.TrimSpace(el), out, depth+1); err != nil {
				return err
			}
		}
		return nil
	case '{':
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(b, &probe); err != nil {
			return err
		}
		if res, ok := probe["result"]; ok {
			if _, isUpdate := probe["event_name"]; !isUpdate {
				return collect(bytes.TrimSpace(res), out, depth+1)
			}
		}
		if _, ok := probe["message"]; ok {
			*out = append(*out, b)
		}
		return nil
	default:
		// null, true, numbers, strings: no update.
		var v any
		return json.Unmarshal(b, &v)
	}
}

func convert(w wireUpdate) (bot.Update, bool) {
	m := w.Message
	if m == nil || m.MessageID == "" || m.From.ID == "" || m.From.IsBot {
		return bot.Update{}, false
	}
	u := bot.Update{Channel: Name, Key: string(m.MessageID), UserID: string(m.From.ID), ChatID: string(m.Chat.ID)}
	if u.ChatID == "" {
		u.ChatID = u.UserID
	}
	u.UserName = m.From.DisplayName
	if u.UserName == "" {
		u.UserName = m.From.FirstName
	}
	switch w.EventName {
	case evText:
		u.Text = m.Text
	case evImage:
		u.Text = m.Caption
		if m.PhotoURL != "" {
			u.Photo = &bot.FileRef{URL: m.PhotoURL}
		}
	case evSticker, evUnsupported, evVoice, evDocument:
		// Known but not understood: an update without text, so the user is
		// told once what the bot can read (in a group it is ignored).
	default:
		return bot.Update{}, false
	}
	if strings.EqualFold(m.Chat.ChatType, "GROUP") {
		u.Group = true
		u.Addressed = bot.IsCommand(u.Text)
	}
	u.Time = msTime(int64(m.Date))
	return u, true
}

// msTime reads the platform's millisecond timestamps; a value too small to
// be milliseconds is taken as seconds, and none as now.
func msTime(v int64) time.Time {
	switch {
	case v <= 0:
		return time.Now().UTC()
	case v < 100_000_000_000:
		return time.Unix(v, 0).UTC()
	}
	return time.UnixMilli(v).UTC()
}
