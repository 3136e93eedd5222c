// Package console is the terminal channel: each line typed (or piped) is a
// message from the simulated user; replies are printed. Choices appear as a
// numbered list and a number answers them. "/as telegram:42" switches user.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dttsbot/dttsbot/bot"
)

// Printer is the console's Channel for one channel name: in console mode the
// replies meant for telegram or zalo users are printed too, tagged.
type Printer struct {
	name string
	out  io.Writer
	mu   *sync.Mutex
}

// Printers makes a Printer for each channel name, sharing out.
func Printers(out io.Writer, names ...string) []*Printer {
	mu := &sync.Mutex{}
	var ps []*Printer
	for _, n := range names {
		ps = append(ps, &Printer{name: n, out: out, mu: mu})
	}
	return ps
}

// Name is the channel name this printer stands for.
func (p *Printer) Name() string { return p.name }

// Run does nothing: the console reads input in Loop.
func (p *Printer) Run(ctx context.Context, in bot.Inbox) error { <-ctx.Done(); return nil }

// Send prints a reply.
func (p *Printer) Send(ctx context.Context, chatID string, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "[%s:%s] ", p.name, chatID)
	if r.Text != "" {
		b.WriteString(r.Text)
	}
	for i, c := range r.Choices {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, c.Label)
	}
	if r.Multi {
		b.WriteString("\n  (gõ các số, cách nhau bởi dấu phẩy, ví dụ: 1, 3)")
	} else if len(r.Choices) > 0 {
		b.WriteString("\n  (gõ số thứ tự để chọn)")
	}
	if r.Document != nil {
		fmt.Fprintf(&b, "\n  [tệp: %s, %d byte]", r.Document.Name, len(r.Document.Data))
	}
	if r.Photo != nil {
		fmt.Fprintf(&b, "\n  [ảnh: %s, %d byte]", r.Photo.Name, len(r.Photo.Data))
	}
	b.WriteString("\n")
	_, err := io.WriteString(p.out, b.String())
	return err
}

// Loop reads lines from in until EOF or ctx ends. Each line is handled by
// handle as a message of the current user, then flush prints what was
// queued, so piped input is answered in order.
func Loop(ctx context.Context, in io.Reader, out io.Writer, user string, handle func(context.Context, bot.Update) error, flush func(context.Context) error) error {
	channel, id := splitUser(user)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	seq := 0
	for sc.Scan() {
		if ctx.Err() != nil {
			return nil
		}
		line := sc.Text()
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "/as "); ok {
			c, i, ok := parseUser(strings.TrimSpace(rest))
			if !ok {
				fmt.Fprintln(out, "[console] Cú pháp: /as telegram:ID hoặc /as zalo:ID (ví dụ: /as telegram:42)")
				continue
			}
			channel, id = c, i
			fmt.Fprintf(out, "[console] Đang dùng tài khoản %s:%s\n", channel, id)
			continue
		}
		seq++
		u := bot.Update{Channel: channel, ChatID: id, UserID: id, UserName: channel + ":" + id,
			Text: line, Time: time.Now(), Key: ""}
		if err := handle(ctx, u); err != nil {
			fmt.Fprintf(out, "[console] Lỗi: %v\n", err)
		}
		if err := flush(ctx); err != nil {
			fmt.Fprintf(out, "[console] Lỗi gửi: %v\n", err)
		}
	}
	return sc.Err()
}

func splitUser(s string) (string, string) {
	c, i, ok := parseUser(s)
	if !ok {
		return "console", "1"
	}
	return c, i
}

// parseUser reads "channel:id" as the config's admins are written: a
// known channel and 1–64 of A-Za-z0-9_- (a Telegram id is a number).
func parseUser(s string) (string, string, bool) {
	c, i, ok := strings.Cut(s, ":")
	if !ok || i == "" || len(i) > 64 || strings.IndexFunc(i, notIDRune) >= 0 {
		return "", "", false
	}
	switch c {
	case "telegram", "zalo", "console":
	default:
		return "", "", false
	}
	if c == "telegram" {
		if _, err := strconv.ParseInt(i, 10, 64); err != nil {
			return "", "", false
		}
	}
	return c, i, true
}

func notIDRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
}
