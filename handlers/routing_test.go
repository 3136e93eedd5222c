package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
)

// specCommands is SPEC §4: primary name and English alias.
var specCommands = [][2]string{
	{"/start", ""}, {"/help", "/trogiup"}, {"/huy", "/cancel"}, {"/quaylai", "/back"}, {"/lienket", "/link"},
	{"/canbo", "/staff"}, {"/daotao", "/training"}, {"/baocao", "/report"}, {"/phananh", "/feedback"},
	{"/trangthai", "/status"}, {"/xuat", "/export"}, {"/moi", "/invite"}, {"/donvi", "/units"},
	{"/thongbao", "/announce"}, {"/tuyendung", "/jobs"}, {"/nguon", "/pool"}, {"/dangky", "/subscribe"},
	{"/ngung", "/unsubscribe"}, {"/dulieu", "/mydata"}, {"/xoadulieu", "/forgetme"}, {"/nhatky", "/audit"},
}

// Every alias and spoken phrase of a registered command reaches the same
// command as its primary name (commands of later features join as they land).
func TestAliasesReachTheirCommand(t *testing.T) {
	h := newHarness(t)
	registered := 0
	for _, sc := range specCommands {
		c, _ := h.router.Lookup(sc[0])
		if c == nil {
			continue
		}
		registered++
		if sc[1] != "" {
			if a, _ := h.router.Lookup(sc[1]); a != c {
				t.Errorf("alias %s does not reach %s", sc[1], sc[0])
			}
			if a, _ := h.router.Lookup(strings.ToUpper(sc[1]) + "@test_bot"); a != c {
				t.Errorf("alias %s@bot does not reach %s", sc[1], sc[0])
			}
		}
		for _, p := range c.Phrases {
			for _, form := range []string{p, bot.Fold(p), strings.ToUpper(p)} {
				if got, _ := h.router.Lookup(form); got != c {
					t.Errorf("phrase %q does not reach %s", form, sc[0])
				}
			}
		}
	}
	if registered < 7 {
		t.Errorf("only %d SPEC commands registered", registered)
	}
	// The phrase of /moi with and without diacritics reaches the invite flow.
	h.admin("telegram:1")
	for _, phrase := range []string{"mời", "moi", "Mời"} {
		if got := text(h.send("telegram:1", phrase)); !strings.Contains(got, "Chọn đơn vị") {
			t.Errorf("phrase %q: %q", phrase, got)
		}
		h.send("telegram:1", "/huy")
	}
}

// Every admin-only command is refused for an officer, a resident and a
// stranger, and changes nothing.
func TestAdminCommandsRefused(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:10", "kinhte")
	ctx := context.Background()
	p, _ := h.db.EnsurePerson(ctx, "telegram", "20", "", "")
	h.db.SetRole(ctx, p.ID, "resident", 0)
	admin := bot.Principal{Role: bot.Admin}
	var adminOnlyCmds []*bot.Command
	for _, c := range h.router.Commands() {
		if c.Allowed(admin) && !c.Allowed(bot.Principal{Role: bot.Officer}) && !c.Allowed(bot.Principal{Role: bot.Resident}) {
			adminOnlyCmds = append(adminOnlyCmds, c)
		}
	}
	if len(adminOnlyCmds) < 2 {
		t.Fatalf("found %d admin-only commands", len(adminOnlyCmds))
	}
	for _, c := range adminOnlyCmds {
		for _, user := range []string{"telegram:10", "telegram:20", "telegram:30"} {
			got := text(h.send(user, c.Name))
			if !strings.Contains(got, "không có quyền") {
				t.Errorf("%s as %s: %q, want a refusal", c.Name, user, got)
			}
			if _, err := h.db.Conversation(ctx, "telegram", strings.TrimPrefix(user, "telegram:")); err == nil {
				t.Errorf("%s as %s started a conversation", c.Name, user)
			}
		}
	}
	entries, _ := h.db.AuditPage(ctx, 0, 1000)
	if len(entries) != 0 {
		t.Errorf("refused commands wrote %d audit entries (changed data)", len(entries))
	}
}

func TestBadInputAnsweredWithoutCrash(t *testing.T) {
	h := newHarness(t)
	cases := map[string]string{
		"unknown command": "/khongco",
		"empty":           "",
		"spaces":          "   ",
		"long":            strings.Repeat("ạ", 10000),
		"invalid utf-8":   "\xff\xfe\xfd",
		"nul":             "\x00/start",
	}
	for name, in := range cases {
		got := h.send("telegram:5", in)
		if len(got) != 1 {
			t.Errorf("%s: %d replies, want exactly 1", name, len(got))
			continue
		}
		if name == "unknown command" || name == "long" || name == "empty" {
			mustContain(t, got[0].Text, "/help")
		}
	}
}

// A conversation survives closing and reopening the database.
func TestConversationSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.send("telegram:1", "/moi")
	h.restart()
	got := text(h.send("telegram:1", "phong kinh te"))
	mustContain(t, got, "Mã mời cho Phòng Kinh tế")
	// The conversation ended: a number now is not understood.
	mustContain(t, text(h.send("telegram:1", "2")), "/help")
}

func TestCancelAndBackInConversation(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	mustContain(t, text(h.send("telegram:1", "/huy")), "không có thao tác")
	h.send("telegram:1", "/moi")
	mustContain(t, text(h.send("telegram:1", "99")), "Vui lòng chọn") // re-asks
	mustContain(t, text(h.send("telegram:1", "/quaylai")), "Không có bước trước")
	mustContain(t, text(h.send("telegram:1", "/cancel")), "Đã hủy")
	var n int
	invs, _ := h.db.AuditPage(context.Background(), 0, 100)
	for _, e := range invs {
		if e.Action == "invite.create" {
			n++
		}
	}
	if n != 0 {
		t.Errorf("cancelled /moi created %d invites", n)
	}
}

// An idle conversation is offered again after a day, not silently eaten.
func TestIdleConversationResumeOffered(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.send("telegram:1", "/moi")
	h.now = h.now.Add(25 * time.Hour)
	got := text(h.send("telegram:1", "2"))
	mustContain(t, got, "Bạn đang làm dở", "Chọn đơn vị")
	mustContain(t, text(h.send("telegram:1", "2")), "Mã mời cho Phòng Kinh tế")
}

func TestStaleButtonAnswered(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	first, _ := lastChoices(h.send("telegram:1", "/moi"))
	h.send("telegram:1", "/huy")
	got := text(h.press("telegram:1", bot.CallbackData(first.Token, first.Choices[0].ID)))
	mustContain(t, got, "Bước này đã qua")
	second, _ := lastChoices(h.send("telegram:1", "/moi"))
	got = text(h.press("telegram:1", bot.CallbackData(second.Token, second.Choices[1].ID)))
	mustContain(t, got, "Mã mời cho Phòng Kinh tế")
}

func TestHelpByRole(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.officer("telegram:2", "kinhte")
	admin := text(h.send("telegram:1", "/help"))
	mustContain(t, admin, "/moi — ", "/donvi — ")
	officer := text(h.send("telegram:2", "/trogiup"))
	mustNotContain(t, officer, "/moi", "/donvi")
	stranger := text(h.send("telegram:3", "trợ giúp"))
	mustNotContain(t, stranger, "/moi", "/donvi")
	mustContain(t, stranger, "/start — ", "/dulieu — ")
}

func TestUnitsListsOfficers(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.officer("telegram:2", "kinhte")
	got := text(h.send("telegram:1", "/donvi"))
	mustContain(t, got, "Phòng Kinh tế — telegram:2", "Trạm Y tế — chưa có cán bộ đầu mối")
}
