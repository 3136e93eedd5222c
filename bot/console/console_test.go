package console

import (
	"bufio"
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
)

var userRe = regexp.MustCompile(`^(telegram|zalo|console):[A-Za-z0-9_-]{1,64}$`)

// FuzzParseUser: /as accepts exactly the identities the config's admins
// accept (a Telegram id being a number).
func FuzzParseUser(f *testing.F) {
	for _, s := range []string{"telegram:42", "telegram:-100123", "zalo:2b1f_x-9", "console:1", "telegram:abc", "zalo:", "zalo:a b",
		"zalo:a:b", "whatsapp:1", "telegram:" + strings.Repeat("9", 65), "zalo:\x1b[2J", ":", "", "telegram:99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, id, ok := parseUser(s)
		if !ok {
			if c != "" || id != "" {
				t.Fatalf("parseUser(%q) refused but returned %q, %q", s, c, id)
			}
			return
		}
		if !userRe.MatchString(c + ":" + id) {
			t.Fatalf("parseUser(%q) = %q, %q", s, c, id)
		}
		if c == "telegram" {
			if _, err := strconv.ParseInt(id, 10, 64); err != nil {
				t.Fatalf("parseUser(%q): telegram id %q is not a number", s, id)
			}
		}
	})
}

// FuzzLoop: every line but a "/as" line reaches the router once, as the
// user chosen by the latest valid "/as"; a bad "/as" is answered with the
// syntax and changes nobody.
func FuzzLoop(f *testing.F) {
	for _, s := range []string{"/start\n/as zalo:7\n/help", "/as telegram:x\nxin chào", "/as\n/as \n/as  zalo:1 \n1", "\r\n\n", "/as zalo:a b\nhi"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		var got []bot.Update
		handle := func(ctx context.Context, u bot.Update) error { got = append(got, u); return nil }
		flush := func(ctx context.Context) error { return nil }
		var out bytes.Buffer
		if err := Loop(context.Background(), strings.NewReader(input), &out, "console:1", handle, flush); err != nil {
			return // a line over the scanner's limit
		}
		user := "console:1"
		n := 0
		var lines []string // the lines as the terminal gives them
		sc := bufio.NewScanner(strings.NewReader(input))
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		for _, line := range lines {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "/as "); ok {
				if c, id, ok := parseUser(strings.TrimSpace(rest)); ok {
					user = c + ":" + id
				}
				continue
			}
			if n >= len(got) {
				t.Fatalf("line %q did not reach the router", line)
			}
			u := got[n]
			if u.Text != line || u.Channel+":"+u.UserID != user || u.ChatID != u.UserID {
				t.Fatalf("line %q reached the router as %+v, want from %s", line, u, user)
			}
			n++
		}
		if n != len(got) {
			t.Fatalf("%d updates for %d lines", len(got), n)
		}
	})
}
