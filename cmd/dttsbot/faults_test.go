package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
	"github.com/dttsbot/dttsbot/storage"
)

// faultMix injects faults into rate of all requests to the fake (every
// method, getUpdates included), in equal shares: 429 with retry_after 1 s,
// 429 with retry_after 2 s, 500, 502, an answer delayed past the client's
// timeout (the request then has no effect), a dropped connection. Faults
// are tried in order, so each one's own rate is raised to give it its
// share of all requests.
func faultMix(f *tgfake.Server, rate float64) []*tgfake.Fault {
	kinds := []tgfake.Fault{
		{Code: 429, RetryAfter: 1, Description: "Too Many Requests: retry after 1"},
		{Code: 429, RetryAfter: 2, Description: "Too Many Requests: retry after 2"},
		{Code: 500},
		{Code: 502},
		{Delay: 5 * time.Second},
		{Drop: true},
	}
	share := rate / float64(len(kinds))
	var out []*tgfake.Fault
	for i, k := range kinds {
		k.Rate = share / (1 - float64(i)*share)
		out = append(out, f.Inject(k))
	}
	return out
}

// waitReply polls until a bot message after the first skip of the chat
// starts with prefix (hundreds of waiting users polling every 25 ms cost
// less than each re-checking at every request of the bot); it returns the
// chat's bot messages, or nil after timeout.
func waitReply(f *tgfake.Server, chat int64, skip int, prefix string, timeout time.Duration) []tgfake.Message {
	deadline := time.Now().Add(timeout)
	for {
		msgs := f.BotMessages(chat)
		for _, m := range msgs[min(skip, len(msgs)):] {
			if strings.HasPrefix(m.Text, prefix) {
				return msgs
			}
		}
		if time.Now().After(deadline) {
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// buttonData is the callback data of choice id on the latest bot message
// of msgs that offers it, with that message's id.
func buttonData(msgs []tgfake.Message, id string) (int, string, bool) {
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, b := range msgs[i].Buttons() {
			if strings.HasSuffix(b.CallbackData, ":"+id) {
				return msgs[i].MessageID, b.CallbackData, true
			}
		}
	}
	return 0, "", false
}

// step is one update of a scripted user and the start of its reply.
type step struct {
	text, press, reply string
}

// residentScript is what each user does: 5 updates (2 commands, 3 button
// presses of /dangky), each answered by one message.
var residentScript = []step{
	{text: "/help", reply: "Các lệnh bạn có thể dùng:"},
	{text: "/dangky", reply: "ĐĂNG KÝ NHẬN THÔNG TIN"},
	{press: "yes", reply: "Bạn ở thôn"},
	{press: "v0", reply: "Bạn quan tâm"},
	{press: "skip", reply: "Cảm ơn bạn đã đăng ký"},
}

// playUser runs the script for u, each step once its reply came; it
// returns a description of what went wrong, or "".
func playUser(f *tgfake.Server, u tgfake.User) string {
	for i, st := range residentScript {
		msgs := f.BotMessages(u.ID)
		if st.press != "" {
			mid, data, ok := buttonData(msgs, st.press)
			if !ok {
				return fmt.Sprintf("step %d: no button %q", i+1, st.press)
			}
			if _, err := f.Press(u.ID, u, mid, data); err != nil {
				return fmt.Sprintf("step %d: %v", i+1, err)
			}
		} else {
			f.SendText(tgfake.PrivateChat(u), u, st.text)
		}
		if waitReply(f, u.ID, len(msgs), st.reply, 60*time.Second) == nil {
			var got []string
			for _, m := range f.BotMessages(u.ID)[len(msgs):] {
				got = append(got, m.Text)
			}
			return fmt.Sprintf("step %d (%s%s): no reply %q, got %q", i+1, st.text, st.press, st.reply, got)
		}
	}
	return ""
}

// TestTelegramFaults (issue 8): the fake Bot API fails 20 % of all
// requests — 429 with retry_after 1–2 s, 500, 502, timeouts, dropped
// connections; getUpdates, button answers and menus included — while (b)
// the admin's announcement goes to 2,000 subscribers and, meanwhile, (a)
// 400 users send 2,000 updates (commands and the button presses of
// /dangky, each answered). The program keeps running, every update is
// handled once and gets its reply, every recipient gets the announcement,
// nothing is repeated except where the fake carried out a call whose
// client had already timed out, and no request for a chat (or, without a
// chat, of a method) came before the retry_after of a 429 had passed.
func TestTelegramFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("fault injection over 2,000 updates and a 2,000-recipient announcement; skipped with -short")
	}
	dir := t.TempDir()
	f := tgfake.New(e2eToken)
	defer f.Close()
	f.KeepRequests = false
	faults := faultMix(f, 0.20)
	r := newTgRig(t, f, dir, `admins: ["telegram:100"]
log_level: warn
telegram:
  api_endpoint: "`+f.APIEndpoint()+`"
  file_endpoint: "`+f.FileEndpoint()+`"
  poll_timeout: 1
  call_timeout: 1s
outreach:
  quiet_hours: ""
backup:
  dir: `+dir+`/backups
limits:
  telegram_per_second: 0
  telegram_per_chat_per_second: 0
  send_concurrency: 16
`)
	ctx := context.Background()

	// The audience of (b): 2,000 subscribers.
	const subs = 2000
	var recipients []tgfake.User
	for i := 0; i < subs; i++ {
		u := tgfake.User{ID: int64(800001 + i), FirstName: "Cư dân", LastName: strconv.Itoa(i)}
		recipients = append(recipients, u)
		f.AddChat(tgfake.PrivateChat(u))
		chat := strconv.FormatInt(u.ID, 10)
		p, err := r.a.db.EnsurePerson(ctx, "telegram", chat, u.FirstName+" "+u.LastName, chat)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.a.db.GiveConsent(ctx, p.ID, "2026-07-v1"); err != nil {
			t.Fatal(err)
		}
	}
	// (b) the admin sends the announcement; (a) 400 users × 5 updates run
	// while it is delivered.
	start := time.Now()
	admin := tgfake.User{ID: 100, FirstName: "Trưởng phòng"}
	const body = "Thông báo tuyển dụng viên chức trường THCS: ưu tiên người dân tộc thiểu số. Hạn nộp hồ sơ 15/10/2026."
	annID, queued, _ := announceNow(t, f, admin, body)
	if queued != subs {
		t.Errorf("queued %d messages, want %d", queued, subs)
	}
	const users = 400
	var wg sync.WaitGroup
	problems := make(chan string, users)
	for i := 0; i < users; i++ {
		wg.Add(1)
		go func(u tgfake.User) {
			defer wg.Done()
			if p := playUser(f, u); p != "" {
				problems <- fmt.Sprintf("user %d: %s", u.ID, p)
			}
		}(tgfake.User{ID: int64(700001 + i), FirstName: "Người dùng", LastName: strconv.Itoa(i)})
		if i%25 == 24 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	wg.Wait()
	close(problems)
	for p := range problems {
		t.Error(p)
	}
	t.Logf("(a) %d updates answered in %v", users*len(residentScript), time.Since(start).Round(time.Millisecond))
	if !f.WaitUntil(90*time.Second, func() bool {
		c, _ := r.a.db.OutboxCounts(ctx, annID)
		return c[storage.OutPending] == 0
	}) {
		t.Errorf("the announcement is still being sent after 90 s")
	}
	got := received(f, recipients, body)
	missing, repeated := 0, 0
	for _, u := range recipients {
		missing += max(0, 1-got[u.ID])
		repeated += max(0, got[u.ID]-1)
	}
	counts, _ := r.a.db.OutboxCounts(ctx, annID)
	t.Logf("(b) %d recipients in %v: counts %v, missing %d, repeated %d", subs, time.Since(start).Round(time.Millisecond), counts, missing, repeated)
	if missing != 0 || counts[storage.OutSent] != subs {
		t.Errorf("announcement: %d recipients missing, counts %v; want all %d sent", missing, counts, subs)
	}
	dups := 0
	for i := 0; i < users; i++ {
		dups += max(0, len(f.BotMessages(int64(700001+i)))-len(residentScript))
	}
	// A failed call has no effect at the fake, so a message can only
	// arrive twice when the fake carried out a call whose client had timed
	// out meanwhile (as Telegram may): at most one repeat per such call.
	if lost := f.AnswersLost(); repeated+dups > lost {
		t.Errorf("%d announcements and %d replies repeated; only %d calls took effect unseen", repeated, dups, lost)
	}
	stored, handled, err := r.a.db.InboundCounts(ctx, "telegram")
	if err != nil {
		t.Fatal(err)
	}
	// The admin's /thongbao took 6 updates.
	if want := users*len(residentScript) + 6; stored != want || handled != want {
		t.Errorf("inbound: %d stored, %d handled; want %d of each", stored, handled, want)
	}

	hits := 0
	for _, x := range faults {
		hits += x.Hits(f)
	}
	total := f.Count("", 0)
	t.Logf("requests %d, faults injected %d (%.1f %%), 429s with retry_after %d, calls done unseen %d, replies repeated %d",
		total, hits, 100*float64(hits)/float64(total), f.RateLimited(), f.AnswersLost(), dups)
	if early := f.EarlyRequests(); len(early) > 0 {
		for i, e := range early {
			if i == 10 {
				break
			}
			t.Logf("early: %s %s %v after a 429 with retry_after %d s", e.Key, e.Method, e.At.Sub(e.Answered).Round(time.Millisecond), e.RetryAfter)
		}
		t.Errorf("%d requests did not wait out retry_after", len(early))
	}
	if !r.running() {
		t.Error("the bot stopped on platform errors")
	}
}
