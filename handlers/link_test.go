package handlers

import (
	"regexp"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
)

var linkCodeRe = regexp.MustCompile(`/lienket ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})`)

func linkCode(t *testing.T, rs []bot.Reply) string {
	t.Helper()
	m := linkCodeRe.FindStringSubmatch(text(rs))
	if m == nil {
		t.Fatalf("no link code in %q", text(rs))
	}
	return m[1]
}

func TestLinkTelegramOfficerToZalo(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:42", "kinhte")
	got := h.send("telegram:42", "/lienket")
	mustContain(t, text(got), "Mở Zalo", "10 phút")
	code := linkCode(t, got)

	// A stranger on Zalo first, then the code: the same person, an officer.
	mustContain(t, text(h.send("zalo:z77", "/start")), "/dangky")
	got = h.send("zalo:z77", "/lienket "+code)
	mustContain(t, text(got), "Đã liên kết tài khoản Zalo", "cán bộ đầu mối của Phòng Kinh tế")
	mustContain(t, text(h.send("zalo:z77", "/start")), "cán bộ đầu mối của Phòng Kinh tế")
	tg, _ := h.db.PersonByIdentity(t.Context(), "telegram", "42")
	zl, _ := h.db.PersonByIdentity(t.Context(), "zalo", "z77")
	if tg.ID != zl.ID || zl.Role != "officer" || zl.UnitID != tg.UnitID {
		t.Errorf("telegram person %+v, zalo person %+v: want one officer", tg, zl)
	}
	// The Telegram side is told.
	mustContain(t, text(h.inbox("telegram:42")), "Tài khoản Zalo vừa được liên kết")
	// /dulieu lists both accounts.
	mustContain(t, text(h.send("zalo:z77", "/dulieu")), "telegram:42", "zalo:z77")
	entries, _ := h.db.AuditPage(t.Context(), 0, 5)
	if len(entries) == 0 || entries[0].Action != "identity.link" {
		t.Errorf("last audit entry %+v, want identity.link", entries)
	}
	// Single use.
	mustContain(t, text(h.send("zalo:z78", "/lienket "+code)), "đã được sử dụng")
}

func TestLinkSpokenAndEnglishForms(t *testing.T) {
	h := newHarness(t)
	h.admin("zalo:a1")
	code := linkCode(t, h.send("zalo:a1", "lien ket"))
	got := h.send("telegram:5", "/link "+code)
	mustContain(t, text(got), "Đã liên kết tài khoản Telegram", "quản trị viên")
	if p, _ := h.db.PersonByIdentity(t.Context(), "telegram", "5"); p.Role != "admin" {
		t.Errorf("telegram:5 role = %q, want admin", p.Role)
	}
}

func TestLinkRefusals(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:1", "kinhte")
	h.officer("zalo:2", "tramyte")
	code := linkCode(t, h.send("telegram:1", "/lienket"))
	for _, tc := range []struct {
		user, text, want string
	}{
		{"zalo:3", "/lienket abc", "gồm 16 ký tự"},
		{"zalo:3", "/lienket 0000-0000-0000-0000", "Mã liên kết không đúng"},
		{"telegram:1", "/lienket " + code, "đã được liên kết rồi"},
		{"zalo:2", "/lienket " + code, "hai đơn vị khác nhau"},
	} {
		mustContain(t, text(h.send(tc.user, tc.text)), tc.want)
	}
	h.now = h.now.Add(linkTTL)
	mustContain(t, text(h.send("zalo:3", "/lienket "+code)), "hết hạn")
	if p, _ := h.db.PersonByIdentity(t.Context(), "zalo", "3"); p.Role != "stranger" {
		t.Errorf("a refused link made zalo:3 %q", p.Role)
	}
	// Never in a group: the code would be seen by everyone.
	got := h.update("zalo:4", bot.Update{Text: "/lienket", Group: true, Addressed: true})
	mustContain(t, text(got), "cuộc trò chuyện riêng")
}
