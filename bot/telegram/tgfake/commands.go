package tgfake

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var commandRe = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func scopeKey(p map[string]string) (string, *apiError) {
	sc := DefaultScope
	if v := p["scope"]; v != "" {
		if err := json.Unmarshal([]byte(v), &sc); err != nil {
			return "", badRequest("can't parse BotCommandScope JSON object")
		}
	}
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		sc.ChatID, sc.UserID = 0, 0
	case "chat", "chat_administrators":
		if sc.ChatID == 0 {
			return "", badRequest("chat not found")
		}
		sc.UserID = 0
	case "chat_member":
		if sc.ChatID == 0 || sc.UserID == 0 {
			return "", badRequest("chat not found")
		}
	default:
		return "", badRequest("wrong BotCommandScope type specified")
	}
	lang := p["language_code"]
	if lang != "" && !regexp.MustCompile(`^[a-z]{2}$`).MatchString(lang) {
		return "", badRequest("invalid language code specified")
	}
	return commandsKey(sc, lang), nil
}

func commandsKey(sc Scope, lang string) string {
	return fmt.Sprintf("%s/%d/%d/%s", sc.Type, sc.ChatID, sc.UserID, lang)
}

func (s *Server) setMyCommands(p map[string]string) (any, *apiError) {
	key, e := scopeKey(p)
	if e != nil {
		return nil, e
	}
	var cmds []BotCommand
	if err := json.Unmarshal([]byte(p["commands"]), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !commandRe.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(c.Description)); n < 1 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	return true, nil
}

// Commands returns the command menu set for a scope and language code ("" for
// all languages), and whether one is set.
func (s *Server) Commands(sc Scope, lang string) ([]BotCommand, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.commands[commandsKey(sc, lang)]
	return c, ok
}
