package telegram

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dttsbot/dttsbot/bot"
)

// Telegram's limits, counted in UTF-16 code units after entity parsing.
const (
	maxText         = 4096
	maxCaption      = 1024
	maxCallbackData = 64
)

// Send delivers one reply to a chat: text in HTML parse mode with every
// character escaped, split on line boundaries past 4096 characters (the
// keyboard goes with the last piece); Choices as an inline keyboard whose
// buttons carry bot.CallbackData(token, id); Document by sendDocument,
// Photo by sendPhoto (Text as caption when it fits); Edit by
// editMessageText. Errors are *bot.SendError (see Classify).
func (a *Adapter) Send(ctx context.Context, chatID string, r bot.Reply) error {
	chat, err := strconv.ParseInt(chatID, 10, 64)
	if err != nil {
		return &bot.SendError{Kind: bot.Permanent, Err: fmt.Errorf("telegram: bad chat id %q", chatID)}
	}
	var kb *tgbotapi.InlineKeyboardMarkup
	if len(r.Choices) > 0 {
		k, err := Keyboard(r)
		if err != nil {
			return &bot.SendError{Kind: bot.Permanent, Err: err}
		}
		kb = &k
	}
	text := r.Text
	if len(r.Choices) > 0 && r.Multi && a.opt.MultiHint != "" {
		text = strings.TrimRight(text, "\n") + "\n" + a.opt.MultiHint
	}
	switch {
	case r.Edit != "":
		return a.sendEdit(ctx, chat, r.Edit, text, kb)
	case r.Document != nil || r.Photo != nil:
		return a.sendFile(ctx, chat, r, text, kb)
	}
	return a.sendText(ctx, chat, text, kb)
}

// sendText sends text in pieces; a retry after a failure in the middle
// starts from the first piece that did not go out.
func (a *Adapter) sendText(ctx context.Context, chat int64, text string, kb *tgbotapi.InlineKeyboardMarkup) error {
	if strings.TrimSpace(text) == "" {
		if kb == nil {
			return nil
		}
		text = "…"
	}
	pieces := SplitText(text)
	key := progressKey(chat, text)
	for i := a.partial.get(key); i < len(pieces); i++ {
		m := tgbotapi.NewMessage(chat, html.EscapeString(pieces[i]))
		m.ParseMode = tgbotapi.ModeHTML
		m.DisableWebPagePreview = true
		if i == len(pieces)-1 && kb != nil {
			m.ReplyMarkup = *kb
		}
		if _, err := a.send(ctx, chat, m, "sendMessage"); err != nil {
			a.partial.set(key, i)
			return Classify(err, 0)
		}
	}
	a.partial.set(key, 0)
	return nil
}

func progressKey(chat int64, text string) string {
	h := sha256.Sum256([]byte(text))
	return strconv.FormatInt(chat, 10) + ":" + hex.EncodeToString(h[:8])
}

func (a *Adapter) sendEdit(ctx context.Context, chat int64, msg, text string, kb *tgbotapi.InlineKeyboardMarkup) error {
	id, err := strconv.Atoi(msg)
	if err != nil {
		return &bot.SendError{Kind: bot.Permanent, Err: fmt.Errorf("telegram: bad message id %q", msg)}
	}
	text = truncateUTF16(text, maxText)
	if strings.TrimSpace(text) == "" {
		text = "…"
	}
	e := tgbotapi.NewEditMessageText(chat, id, html.EscapeString(text))
	e.ParseMode = tgbotapi.ModeHTML
	e.ReplyMarkup = kb
	if _, err := a.send(ctx, chat, e, "editMessageText"); err != nil && !notModified(err) {
		return Classify(err, 0)
	}
	return nil
}

// sendFile sends a document or a photo. A text too long for a caption goes
// first as its own message(s).
func (a *Adapter) sendFile(ctx context.Context, chat int64, r bot.Reply, text string, kb *tgbotapi.InlineKeyboardMarkup) error {
	att, method := r.Document, "sendDocument"
	if att == nil {
		att, method = r.Photo, "sendPhoto"
	}
	var data tgbotapi.RequestFileData
	switch {
	case len(att.Data) > 0:
		name := att.Name
		if name == "" {
			name = "file"
		}
		data = tgbotapi.FileBytes{Name: name, Bytes: att.Data}
	case att.URL != "":
		data = tgbotapi.FileURL(att.URL)
	default:
		return &bot.SendError{Kind: bot.Permanent, Err: fmt.Errorf("telegram: attachment %q has neither data nor URL", att.Name)}
	}
	caption := text
	key := progressKey(chat, "file\x00"+att.Name+"\x00"+text)
	if utf16Len(text) > maxCaption {
		caption = ""
		if a.partial.get(key) == 0 {
			if err := a.sendText(ctx, chat, text, nil); err != nil {
				return err
			}
			a.partial.set(key, 1)
		}
	}
	var c tgbotapi.Chattable
	if method == "sendDocument" {
		d := tgbotapi.NewDocument(chat, data)
		d.Caption, d.ParseMode = html.EscapeString(caption), tgbotapi.ModeHTML
		if kb != nil {
			d.ReplyMarkup = *kb
		}
		c = d
	} else {
		p := tgbotapi.NewPhoto(chat, data)
		p.Caption, p.ParseMode = html.EscapeString(caption), tgbotapi.ModeHTML
		if kb != nil {
			p.ReplyMarkup = *kb
		}
		c = p
	}
	if _, err := a.send(ctx, chat, c, method); err != nil {
		return Classify(err, 0)
	}
	a.partial.set(key, 0)
	return nil
}

// Keyboard renders choices as an inline keyboard: short labels share rows,
// long ones get a row each. Each button carries bot.CallbackData(r.Token,
// id), which must fit Telegram's 64 bytes; a longer one is an error (ids are
// meant to be short ASCII). Labels of a multiple choice are numbered, so
// the user can also type "1, 3".
func Keyboard(r bot.Reply) (tgbotapi.InlineKeyboardMarkup, error) {
	longest := 0
	for _, c := range r.Choices {
		longest = max(longest, bot.Runes(c.Label))
	}
	perRow := 1
	switch {
	case longest <= 12:
		perRow = 3
	case longest <= 22:
		perRow = 2
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	for i, c := range r.Choices {
		data := bot.CallbackData(r.Token, c.ID)
		if len(data) > maxCallbackData || data == "" {
			return tgbotapi.InlineKeyboardMarkup{}, fmt.Errorf("telegram: callback data %q is %d bytes, limit %d", data, len(data), maxCallbackData)
		}
		label := bot.Truncate(c.Label, 100)
		if r.Multi {
			label = strconv.Itoa(i+1) + ". " + label
		}
		if strings.TrimSpace(label) == "" {
			label = c.ID
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(label, data))
		if len(row) == perRow {
			rows = append(rows, row)
			row = nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return tgbotapi.NewInlineKeyboardMarkup(rows...), nil
}

// SplitText cuts text into pieces Telegram accepts (4096 UTF-16 code units
// each), on line boundaries where it can (bot.Split).
func SplitText(text string) []string {
	for limit := maxText; limit > 64; limit -= limit / 8 {
		pieces := bot.Split(text, limit)
		ok := true
		for _, p := range pieces {
			if utf16Len(p) > maxText {
				ok = false
				break
			}
		}
		if ok {
			return pieces
		}
	}
	return bot.Split(text, 64)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func truncateUTF16(s string, n int) string {
	used := 0
	for i, r := range s {
		used += utf16.RuneLen(r)
		if used > n {
			return s[:i]
		}
	}
	return s
}
