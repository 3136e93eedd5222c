package handlers

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

var codeRe = regexp.MustCompile(`start=([A-Za-z0-9_-]+)`)

func TestOnboardingInviteJoinHelp(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	got := h.send("telegram:1", "/moi")
	rep, ok := lastChoices(got)
	if !ok || len(rep.Choices) != 14 {
		t.Fatalf("/moi offered %d units, want 14:\n%s", len(rep.Choices), text(got))
	}
	got = h.send("telegram:1", "2") // Phòng Kinh tế
	m := codeRe.FindStringSubmatch(text(got))
	if m == nil {
		t.Fatalf("no invite link in %q", text(got))
	}
	mustContain(t, text(got), "Phòng Kinh tế", "https://t.me/test_bot?start=")
	code := m[1]
	if len(code) < 11 || len(code) > 64 {
		t.Errorf("code %q: length %d, want 11..64", code, len(code))
	}
	got = h.send("telegram:42", "/start "+code)
	mustContain(t, text(got), "cán bộ đầu mối của Phòng Kinh tế")
	help := text(h.send("telegram:42", "/help"))
	mustNotContain(t, help, "/moi", "/donvi")
	mustContain(t, help, "/help — ")
	// the code is single-use
	got = h.send("telegram:43", "/start "+code)
	mustContain(t, text(got), "đã được sử dụng")
	if p, _ := h.db.PersonByIdentity(t.Context(), "telegram", "43"); p.Role != "stranger" {
		t.Errorf("a used code changed the role of 43 to %q", p.Role)
	}
}

func TestInviteExpires(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.send("telegram:1", "/moi")
	code := codeRe.FindStringSubmatch(text(h.send("telegram:1", "1")))[1]
	h.now = h.now.Add(7*24*time.Hour + time.Second)
	got := h.send("telegram:42", "/start "+code)
	mustContain(t, text(got), "hết hạn")
	if p, _ := h.db.PersonByIdentity(t.Context(), "telegram", "42"); p.Role != "stranger" {
		t.Errorf("expired code made 42 %q", p.Role)
	}
}

func TestWrongInviteCodeChangesNothing(t *testing.T) {
	h := newHarness(t)
	for _, code := range []string{"nope", "ÁÁÁ", "a b", strings.Repeat("a", 70)} {
		got := text(h.send("telegram:42", "/start "+code))
		mustContain(t, got, "Mã mời không đúng")
	}
	if p, _ := h.db.PersonByIdentity(t.Context(), "telegram", "42"); p.Role != "stranger" {
		t.Errorf("role = %q, want stranger", p.Role)
	}
}
