package telegram_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// sendTimes lists the times of the successful sendMessage calls to chat.
func sendTimes(f *tgfake.Server, chat int64, status int) []time.Time {
	var out []time.Time
	for _, r := range f.Requests("sendMessage") {
		if r.ChatID == chat && r.Status == status {
			out = append(out, r.At)
		}
	}
	return out
}

func TestRateLimitHoldsOnlyThatChat(t *testing.T) {
	e := newEnv(t, envOptions{})
	const held, other = 1101, 1102
	f := e.fake.Inject(tgfake.Fault{Method: "sendMessage", ChatID: held, Code: 429, RetryAfter: 2, Times: 1})
	e.queue(held, bot.Reply{Text: "một"})
	if !e.fake.WaitUntil(10*time.Second, func() bool { return f.Hits(e.fake) == 1 }) {
		t.Fatal("the 429 never happened")
	}
	// A backlog for the held chat: it must not keep the other chat waiting.
	for i := 0; i < 299; i++ {
		e.queue(held, bot.Reply{Text: fmt.Sprintf("tin %d", i)})
	}
	for i := 0; i < 3; i++ {
		e.queue(other, bot.Reply{Text: fmt.Sprintf("tin %d", i)})
	}
	e.waitMessages(other, 3)
	if n := len(e.fake.BotMessages(held)); n != 0 {
		t.Errorf("the held chat got %d messages while the other chat was served, want 0", n)
	}
	e.waitMessages(held, 300)
	limited := sendTimes(e.fake, held, 429)[0]
	okHeld := sendTimes(e.fake, held, 200)
	okOther := sendTimes(e.fake, other, 200)
	if wait := okHeld[0].Sub(limited); wait < 2*time.Second {
		t.Errorf("the held chat was sent to again %v after the 429, want at least retry_after = 2s", wait)
	}
	for _, at := range okOther {
		if !at.Before(okHeld[0]) {
			t.Errorf("the other chat was served at %v, after the held chat resumed at %v", at, okHeld[0])
		}
	}
	if got := e.fake.BotMessages(held); got[0].Text != "một" || got[1].Text != "tin 0" || got[299].Text != "tin 298" {
		t.Errorf("held chat order: %q, %q", got[0].Text, got[1].Text)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	e := newEnv(t, envOptions{})
	const chat = 1201
	e.fake.Inject(tgfake.Fault{Method: "sendMessage", ChatID: chat, Code: 502, Times: 1})
	e.fake.Inject(tgfake.Fault{Method: "sendMessage", ChatID: chat, Code: 500, Times: 1})
	e.queue(chat, bot.Reply{Text: "xin chào"})
	msgs := e.waitMessages(chat, 1)
	if msgs[0].Text != "xin chào" {
		t.Errorf("got %q", msgs[0].Text)
	}
	if a, b := len(sendTimes(e.fake, chat, 502)), len(sendTimes(e.fake, chat, 500)); a != 1 || b != 1 {
		t.Errorf("502s %d, 500s %d; want one each before the success", a, b)
	}
	if !e.fake.WaitUntil(5*time.Second, func() bool { n, _ := e.db.OutboxDepth(e.ctx); return n == 0 }) {
		t.Error("the message is still pending after it was delivered")
	}
}

func TestBlockedUserIsMarkedAndSkipped(t *testing.T) {
	e := newEnv(t, envOptions{})
	const chat = 1301
	p, err := e.db.EnsurePerson(e.ctx, "telegram", "1301", "Chị Lan", "1301")
	if err != nil {
		t.Fatal(err)
	}
	e.fake.Inject(tgfake.Fault{ChatID: chat, Code: 403, Description: "Forbidden: bot was blocked by the user"})
	for i := 0; i < 3; i++ {
		e.queue(chat, bot.Reply{Text: fmt.Sprintf("thông báo %d", i)})
	}
	if !e.fake.WaitUntil(10*time.Second, func() bool { n, _ := e.db.OutboxDepth(e.ctx); return n == 0 }) {
		t.Fatal("messages to a blocked user stay pending")
	}
	if n := len(sendTimes(e.fake, chat, 403)); n != 1 {
		t.Errorf("%d sends to the blocked chat, want 1 (then stop)", n)
	}
	blocked := func() bool {
		ids, err := e.db.Identities(e.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ids[0].Blocked
	}
	if !blocked() {
		t.Error("identity.blocked_at not set")
	}
	// The user unblocks the bot and writes: the mark goes, replies flow.
	e.fake.ClearFaults()
	u := user(chat, "Lan")
	e.say(u, "/start", 1)
	if blocked() {
		t.Error("identity still blocked after the user wrote again")
	}
}

func TestMigratedGroupFollowsTheChat(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Inject(tgfake.Fault{ChatID: -1401, Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat",
		MigrateTo: -1001401, Times: 1})
	e.queue(-1401, bot.Reply{Text: "họp lúc 8 giờ"})
	msgs := e.waitMessages(-1001401, 1)
	if msgs[0].Text != "họp lúc 8 giờ" {
		t.Errorf("got %q", msgs[0].Text)
	}
}

// Run must survive a platform that fails: getUpdates errors are retried.
func TestPollingSurvivesErrors(t *testing.T) {
	e := newEnv(t, envOptions{noRun: true})
	e.fake.Inject(tgfake.Fault{Method: "getUpdates", Code: 502, Times: 2})
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	e.done.Add(1)
	go func() { defer e.done.Done(); e.ad.Run(ctx, e.disp) }()
	msgs := e.say(user(1501, "Ba"), "/help", 1)
	if msgs[0].Text == "" {
		t.Error("no reply")
	}
}

// A long backlog of one chat (paced at 1 message/s) must not hold up the
// other chats' replies.
func TestBacklogOfOneChatDoesNotStarveOthers(t *testing.T) {
	e := newEnv(t, envOptions{limits: bot.Limits{PerChat: 1}})
	const busy, other = 1601, 1602
	for i := 0; i < 300; i++ {
		e.queue(busy, bot.Reply{Text: fmt.Sprintf("tin %d", i)})
	}
	e.queue(other, bot.Reply{Text: "trả lời"})
	e.waitMessages(other, 1)
	if n := len(e.fake.BotMessages(busy)); n > 20 {
		t.Errorf("the other chat waited for %d messages of the busy chat", n)
	}
}
