package zalo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
)

// MaxText is the platform's limit of a sendMessage text, in characters.
const MaxText = 2000

// apiCall is one platform call of a rendered reply.
type apiCall struct {
	method string
	body   map[string]string
}

// Send delivers a reply as one or more calls: the text with its choices as a
// numbered list (split at MaxText on line boundaries), a photo by URL, a
// document as a download link. Errors are *bot.SendError. A reply that
// failed part way resumes after the calls already made, so a retry does not
// repeat the pieces the user has.
func (a *Adapter) Send(ctx context.Context, chatID string, r bot.Reply) error {
	if until := a.hold.Load(); until > 0 {
		if d := time.Until(time.Unix(0, until)); d > 0 {
			return &bot.SendError{Kind: bot.RateLimited, RetryAfter: d, AllChats: true, Err: fmt.Errorf("zalo: rate limited, holding sends")}
		}
	}
	calls, err := a.render(chatID, r)
	if err != nil {
		return &bot.SendError{Kind: bot.Temporary, Err: err}
	}
	key := progressKey(chatID, r)
	a.mu.Lock()
	done := a.progress[key]
	a.mu.Unlock()
	for i := done; i < len(calls); i++ {
		if err := a.api.call(ctx, calls[i].method, calls[i].body, nil, a.cfg.CallTimeout); err != nil {
			se := classify(err)
			if se.Kind == bot.RateLimited {
				a.hold.Store(time.Now().Add(se.RetryAfter).UnixNano())
				se.AllChats = true // the platform's limit is the bot's, not a chat's
			}
			if i > 0 && se.Kind != bot.Permanent {
				a.mu.Lock()
				if len(a.progress) > 10000 {
					clear(a.progress)
				}
				a.progress[key] = i
				a.mu.Unlock()
			}
			return se
		}
	}
	if done > 0 || len(calls) > 1 {
		a.mu.Lock()
		delete(a.progress, key)
		a.mu.Unlock()
	}
	return nil
}

func progressKey(chatID string, r bot.Reply) string {
	h := sha256.Sum256(bot.EncodeReply(r))
	return chatID + "\x00" + hex.EncodeToString(h[:12])
}

// render turns a reply into platform calls. Files held in memory are
// published through the FileHost first.
func (a *Adapter) render(chatID string, r bot.Reply) ([]apiCall, error) {
	text := strings.TrimSpace(r.Text)
	if len(r.Choices) > 0 {
		var b strings.Builder
		b.WriteString(text)
		if text != "" {
			b.WriteString("\n")
		}
		for i, c := range r.Choices {
			fmt.Fprintf(&b, "\n%d. %s", i+1, c.Label)
		}
		hint := a.cfg.Texts.ChoiceHint
		if r.Multi {
			hint = a.cfg.Texts.MultiHint
		}
		if hint != "" {
			b.WriteString("\n\n" + hint)
		}
		text = strings.TrimSpace(b.String())
	}
	if r.Document != nil {
		line, err := a.fileLine(r.Document)
		if err != nil {
			return nil, err
		}
		if text != "" {
			text += "\n\n"
		}
		text += line
	}
	var calls []apiCall
	if r.Photo != nil {
		url := r.Photo.URL
		if url == "" && len(r.Photo.Data) > 0 && a.cfg.Files != nil {
			u, err := a.cfg.Files.Publish(photoName(r.Photo), r.Photo.Data)
			if err != nil {
				return nil, fmt.Errorf("publish photo: %w", err)
			}
			url = u
		}
		switch {
		case url == "":
			if a.cfg.Texts.NoFile != "" {
				text = joinLines(text, fmt.Sprintf(a.cfg.Texts.NoFile, photoName(r.Photo)))
			}
		case text != "" && len(r.Choices) == 0 && bot.Runes(text) <= MaxText:
			// A short text travels as the caption, like on Telegram.
			return []apiCall{{method: "sendPhoto", body: map[string]string{"chat_id": chatID, "photo": url, "caption": text}}}, nil
		default:
			calls = append(calls, apiCall{method: "sendPhoto", body: map[string]string{"chat_id": chatID, "photo": url}})
		}
	}
	if text != "" {
		for _, piece := range bot.Split(text, MaxText) {
			if strings.TrimSpace(piece) == "" {
				continue
			}
			calls = append(calls, apiCall{method: "sendMessage", body: map[string]string{"chat_id": chatID, "text": piece}})
		}
	}
	return calls, nil
}

// fileLine is the text that offers a document: a download link when a
// FileHost is set, else a note that the file cannot be sent here.
func (a *Adapter) fileLine(d *bot.Attachment) (string, error) {
	url := d.URL
	if url == "" && len(d.Data) > 0 && a.cfg.Files != nil {
		u, err := a.cfg.Files.Publish(d.Name, d.Data)
		if err != nil {
			return "", fmt.Errorf("publish document: %w", err)
		}
		url = u
	}
	if url == "" {
		if a.cfg.Texts.NoFile == "" {
			return d.Name, nil
		}
		return fmt.Sprintf(a.cfg.Texts.NoFile, d.Name), nil
	}
	if a.cfg.Texts.Download == "" {
		return d.Name + ": " + url, nil
	}
	return fmt.Sprintf(a.cfg.Texts.Download, d.Name, url), nil
}

func photoName(p *bot.Attachment) string {
	if p.Name != "" {
		return p.Name
	}
	return "anh.png"
}

func joinLines(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n\n" + b
}
