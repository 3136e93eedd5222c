package handlers

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// A plan may leave out its villages (the commune has not listed them yet):
// nominating a candidate then takes a typed village, and a bad answer is
// explained, rather than the router recovering from a panic.
func TestPoolVillageTypedWithoutPlanVillages(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	p := *h.deps.Plan
	p.Villages = nil
	h.deps.Plan = &p
	h.send("telegram:1", "/nguon them")
	h.send("telegram:1", "Hà Thị Nguồn")
	got := text(h.send("telegram:1", ""))
	mustNotContain(t, got, routerMessages.Internal)
	mustContain(t, got, "ví dụ: Phạm Kha")
	got = text(h.send("telegram:1", "Thôn Mới"))
	mustNotContain(t, got, routerMessages.Internal)
	mustContain(t, got, msgPoolAskEthnic)
}

// Spoken commands with Vietnamese arguments (Zalo has no menu): the words
// after the phrase reach the handler whole, whatever their diacritics, and
// letters whose lower case is longer in bytes do not crash the router.
func TestSpokenCommandArguments(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	id, _, err := h.db.CreateAnnouncement(context.Background(), storage.Announcement{Body: "Thông báo thử",
		Audience: storage.Audience{Kind: storage.AudienceAll}, SendAt: h.now.Add(time.Hour), CreatedBy: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := text(h.send("telegram:1", fmt.Sprintf("thông báo tiến độ %d", id)))
	mustContain(t, got, fmt.Sprintf("Thông báo số %d", id), "Đã gửi")
	got = text(h.send("telegram:1", "Thông Báo  TIẾN ĐỘ"))
	mustNotContain(t, got, msgAnnUsage)
	got = text(h.send("telegram:1", "báo cáo ȺȺȺȺȺȺȺȺȺȺȺȺȺȺȺȺȺȺȺȺ"))
	mustNotContain(t, got, routerMessages.Internal)
}

// In a group chat every member reads the bot's replies: only the commands
// allowed there run (/start, /help, /huy, /tuyendung, /lienket, which
// refuses itself); the rest, buttons included, ask the user to write
// privately, and a private conversation is never continued into the group.
func TestGroupChatsAnswerOnlyPublicCommands(t *testing.T) {
	h := newHarness(t)
	officer := "telegram:2"
	h.officer(officer, "kinhte")
	h.addStaff(officer, "Nông Thị Riêng", "1988", "Công chức", lblSkip, lblSkip, lblSkip, lblSkip)
	h.send(officer, "/canbo") // a private conversation in progress
	group := func(u bot.Update) []bot.Reply {
		t.Helper()
		u.Channel, u.ChatID, u.UserID, u.UserName, u.Time, u.Group = "telegram", "-100500", "2", officer, h.now, true
		before := len(h.inbox("telegram:-100500"))
		if err := h.router.HandleUpdate(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		h.drain()
		return h.inbox("telegram:-100500")[before:]
	}
	for _, cmd := range []string{"/canbo@test_bot", "/quaylai", "/baocao", "/dulieu", "/phananh khó khăn", "/dangky"} {
		got := group(bot.Update{Text: cmd, Addressed: true})
		if len(got) != 1 || got[0].Text != routerMessages.GroupPrivate {
			t.Errorf("%s in a group: %q, want the request to write privately", cmd, text(got))
		}
	}
	rep, _ := lastChoices(h.inbox(officer))
	got := group(bot.Update{Choice: bot.CallbackData(rep.Token, "edit")})
	if len(got) != 1 || got[0].Text != routerMessages.GroupPrivate {
		t.Errorf("a button in a group: %q, want the request to write privately", text(got))
	}
	mustContain(t, text(group(bot.Update{Text: "/help", Addressed: true})), "/canbo")
	mustContain(t, text(group(bot.Update{Text: "/tuyendung", Addressed: true})), "tuyển")
	if got := group(bot.Update{Text: "Nông Thị Riêng"}); len(got) != 0 {
		t.Errorf("plain text in a group was answered: %q", text(got))
	}
	mustNotContain(t, text(h.inbox("telegram:-100500")), "Nông Thị Riêng")
	// the private conversation goes on where it was
	mustContain(t, text(h.pressLabel(officer, lblStaffEdit)), "Nông Thị Riêng")
}
