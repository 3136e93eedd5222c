package telegram

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dttsbot/dttsbot/bot"
)

// press is a callback query to acknowledge once its update is stored: the
// query is answered and the pressed keyboard replaced by the chosen label.
type press struct {
	id     string
	chatID int64
	msg    *tgbotapi.Message
	data   string
}

// convert turns Telegram updates into bot updates. Updates the bot does not
// handle (service messages, edits, group chatter not addressed to it) give
// none; they are acknowledged all the same.
func (a *Adapter) convert(ups []tgbotapi.Update) ([]bot.Update, []press) {
	out := make([]bot.Update, 0, len(ups))
	var presses []press
	for _, u := range ups {
		key := strconv.Itoa(u.UpdateID)
		switch {
		case u.Message != nil:
			if bu, ok := a.fromMessage(u.Message); ok {
				bu.Key = key
				out = append(out, bu)
			}
		case u.CallbackQuery != nil:
			if bu, p, ok := a.fromCallback(u.CallbackQuery); ok {
				bu.Key = key
				out = append(out, bu)
				presses = append(presses, p)
			}
		}
	}
	return out, presses
}

func displayName(u *tgbotapi.User) string {
	if u == nil {
		return ""
	}
	n := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if n == "" {
		n = u.UserName
	}
	return n
}

func isGroup(c *tgbotapi.Chat) bool {
	return c != nil && (c.Type == "group" || c.Type == "supergroup" || c.Type == "channel")
}

func (a *Adapter) fromMessage(m *tgbotapi.Message) (bot.Update, bool) {
	if m.From == nil || m.From.IsBot || m.Chat == nil {
		return bot.Update{}, false
	}
	u := bot.Update{Channel: Name, ChatID: strconv.FormatInt(m.Chat.ID, 10), UserID: strconv.FormatInt(m.From.ID, 10),
		UserName: displayName(m.From), Group: isGroup(m.Chat), Text: m.Text, Time: time.Unix(int64(m.Date), 0).UTC()}
	if u.Text == "" {
		u.Text = m.Caption
	}
	if n := len(m.Photo); n > 0 {
		p := m.Photo[n-1] // the largest size comes last
		u.Photo = &bot.FileRef{ID: p.FileID, Size: int64(p.FileSize), MIME: "image/jpeg"}
	}
	if d := m.Document; d != nil {
		u.Document = &bot.FileRef{ID: d.FileID, Name: d.FileName, MIME: d.MimeType, Size: int64(d.FileSize)}
	}
	if u.Text == "" && u.Photo == nil && u.Document == nil {
		return bot.Update{}, false
	}
	u.Addressed = a.addressed(u.Text, u.Group)
	if u.Group && !u.Addressed {
		// Group chatter is not for the bot: nothing is stored about the
		// people who wrote it.
		return bot.Update{}, false
	}
	return u, true
}

// addressed tells whether text is for this bot: anything in a private chat;
// in a group, a /command that names this bot or no bot at all.
func (a *Adapter) addressed(text string, group bool) bool {
	if !group {
		return true
	}
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return false
	}
	word, _, _ := strings.Cut(text, " ")
	word, _, _ = strings.Cut(word, "\n")
	_, at, named := strings.Cut(word, "@")
	return !named || strings.EqualFold(at, a.Username())
}

func (a *Adapter) fromCallback(q *tgbotapi.CallbackQuery) (bot.Update, press, bool) {
	if q.From == nil || q.Data == "" {
		return bot.Update{}, press{}, false
	}
	chat := q.From.ID
	group := false
	msgID := ""
	if q.Message != nil && q.Message.Chat != nil {
		chat = q.Message.Chat.ID
		group = isGroup(q.Message.Chat)
		msgID = strconv.Itoa(q.Message.MessageID)
	}
	u := bot.Update{Channel: Name, ChatID: strconv.FormatInt(chat, 10), UserID: strconv.FormatInt(q.From.ID, 10),
		UserName: displayName(q.From), Group: group, Addressed: true, Choice: q.Data, MessageID: msgID,
		CallbackID: q.ID, Time: time.Now().UTC()}
	return u, press{id: q.ID, chatID: chat, msg: q.Message, data: q.Data}, true
}

// acknowledge queues stored button presses to be answered in the
// background (Telegram shows a spinner until then) by ackWorkers workers,
// which also edit each pressed keyboard to show the chosen label, so the
// same keyboard cannot be pressed twice. A press on a stale keyboard is
// also answered; the router then says that the step has passed.
// acknowledge never blocks: the intake of updates must not wait for
// answers that Telegram is slow to take (with 8 answers at a time and
// 20 % of calls failing, polling fell to ~25 presses a second). When the
// queue is full, the press stays unanswered (the client's spinner stops by
// itself).
func (a *Adapter) acknowledge(presses []press) {
	for _, p := range presses {
		select {
		case a.acks <- p:
		default:
			a.log.Warn("telegram callback not answered: too many waiting", "channel", Name, "chat_id", p.chatID)
		}
	}
}

// Acknowledgement workers and queue.
const ackWorkers, ackQueue = 16, 4096

// runAcks starts the acknowledgement workers, until ctx ends.
func (a *Adapter) runAcks(ctx context.Context) {
	for i := 0; i < ackWorkers; i++ {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case p := <-a.acks:
					a.ackPress(ctx, p)
				}
			}
		}()
	}
}

func (a *Adapter) ackPress(ctx context.Context, p press) {
	// The gate of the chat: Telegram's wait after a 429 covers the chat,
	// whichever method got it.
	key := chatKey(p.chatID)
	if _, err := a.call(ctx, key, tgbotapi.NewCallback(p.id, ""), "answerCallbackQuery"); err != nil {
		a.log.Warn("telegram callback not answered", "channel", Name, "chat_id", p.chatID, "err", err)
	}
	if p.msg == nil || p.msg.ReplyMarkup == nil {
		return
	}
	label := ""
	for _, row := range p.msg.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil && *b.CallbackData == p.data {
				label = b.Text
			}
		}
	}
	if pace := a.pace.Load(); pace != nil {
		// The edit is a message for Telegram's flood control: it waits its
		// turn under the same ceiling as the outbox's sends.
		if err := (*pace)(ctx); err != nil {
			return
		}
	}
	var err error
	text := p.msg.Text
	if text != "" && label != "" && bot.Runes(text)+bot.Runes(label)+4 <= maxText {
		edit := tgbotapi.NewEditMessageText(p.chatID, p.msg.MessageID, html.EscapeString(text)+"\n\n✅ "+html.EscapeString(label))
		edit.ParseMode = tgbotapi.ModeHTML
		_, err = a.call(ctx, key, edit, "editMessageText")
	} else {
		edit := tgbotapi.NewEditMessageReplyMarkup(p.chatID, p.msg.MessageID, tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}})
		_, err = a.call(ctx, key, edit, "editMessageReplyMarkup")
	}
	if err != nil && !notModified(err) {
		a.log.Warn("telegram keyboard not cleared", "channel", Name, "chat_id", p.chatID, "err", err)
	}
}

func notModified(err error) bool {
	return err != nil && strings.Contains(err.Error(), "message is not modified")
}

// WebhookHandler receives updates in webhook mode. It refuses (403) a
// request whose X-Telegram-Bot-Api-Secret-Token is not the configured secret
// (compared in constant time), answers 503 until Run has started, stores the
// update through the inbox and answers 200 only then, so Telegram delivers
// again whatever was not stored.
func (a *Adapter) WebhookHandler() http.Handler {
	want := sha256.Sum256([]byte(a.opt.WebhookSecret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := sha256.Sum256([]byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token")))
		if a.opt.WebhookSecret == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			a.log.Warn("telegram webhook refused: wrong secret", "channel", Name, "remote", r.RemoteAddr)
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		ref := a.inbox.Load()
		if ref == nil {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		var u tgbotapi.Update
		if err := json.NewDecoder(io.LimitReader(r.Body, 4<<20)).Decode(&u); err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		batch, presses := a.convert([]tgbotapi.Update{u})
		if err := ref.in.Accept(r.Context(), batch); err != nil {
			a.log.Error("storing telegram update failed", "channel", Name, "err", err)
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
		a.acknowledge(presses)
	})
}
