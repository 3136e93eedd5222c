package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/dttsbot/dttsbot/bot"
)

// MenuCommand is one entry of a command menu: the command with or without
// its slash, and its description.
type MenuCommand struct {
	Name        string
	Description string
}

// MenuOf makes a menu from the router's commands, in their order.
func MenuOf(cmds []*bot.Command) []MenuCommand {
	out := make([]MenuCommand, 0, len(cmds))
	for _, c := range cmds {
		out = append(out, MenuCommand{Name: c.Name, Description: c.Help})
	}
	return out
}

var menuNameRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// menu fits commands to Telegram's rules: names of 1–32 of a-z0-9_,
// descriptions of 1–256 characters, at most 100 entries. Others are left out.
func menu(cmds []MenuCommand) []tgbotapi.BotCommand {
	out := make([]tgbotapi.BotCommand, 0, len(cmds))
	seen := map[string]bool{}
	for _, c := range cmds {
		name := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(c.Name), "/"))
		if !menuNameRe.MatchString(name) || seen[name] || len(out) == 100 {
			continue
		}
		seen[name] = true
		desc := bot.Truncate(bot.Clean(strings.ReplaceAll(c.Description, "\n", " ")), 256)
		if desc == "" {
			desc = name
		}
		out = append(out, tgbotapi.BotCommand{Command: name, Description: desc})
	}
	return out
}

// SetCommands sets the command menu of one chat (chatID 0: the default
// scope, what every chat without its own menu shows), for Vietnamese
// clients ("vi") and for every other language alike.
func (a *Adapter) SetCommands(ctx context.Context, chatID int64, cmds []MenuCommand) error {
	scope, key := tgbotapi.NewBotCommandScopeDefault(), methodKey("setMyCommands")
	if chatID != 0 {
		scope, key = tgbotapi.NewBotCommandScopeChat(chatID), chatKey(chatID)
	}
	list := menu(cmds)
	for _, lang := range []string{"", "vi"} {
		c := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, lang, list...)
		if _, err := a.call(ctx, key, c, "setMyCommands"); err != nil {
			return err
		}
	}
	return nil
}

// Download fetches a file a user sent (bot.FileRef.ID): getFile gives its
// path, which is fetched from the file endpoint. Files over limit bytes are
// refused. Errors never contain the token.
func (a *Adapter) Download(ctx context.Context, fileID string, limit int64) ([]byte, error) {
	resp, err := a.call(ctx, methodKey("getFile"), tgbotapi.FileConfig{FileID: fileID}, "getFile")
	if err != nil {
		return nil, err
	}
	var f tgbotapi.File
	if err := json.Unmarshal(resp.Result, &f); err != nil || f.FilePath == "" {
		return nil, fmt.Errorf("telegram getFile: no file path for %s", fileID)
	}
	if limit > 0 && int64(f.FileSize) > limit {
		return nil, fmt.Errorf("telegram: file of %d bytes is over the limit of %d", f.FileSize, limit)
	}
	ctx, cancel := context.WithTimeout(ctx, a.opt.CallTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf(a.opt.FileEndpoint, a.opt.Token, f.FilePath), nil)
	if err != nil {
		return nil, a.wrap("file", err, 0)
	}
	cl := &ctxClient{ctx: ctx, c: a.client, token: a.opt.Token}
	r, err := cl.Do(req)
	if err != nil {
		return nil, a.wrap("file", err, 0)
	}
	defer r.Body.Close()
	if r.StatusCode != http.StatusOK {
		return nil, a.wrap("file", fmt.Errorf("status %s", r.Status), r.StatusCode)
	}
	if limit <= 0 {
		limit = 20 << 20
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, a.wrap("file", err, 0)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("telegram: file is over the limit of %d bytes", limit)
	}
	return b, nil
}
