package handlers

import (
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
)

// pressLabel presses the button whose label contains label in the latest
// reply (of this user) that has buttons, as a Telegram client would.
func (h *harness) pressLabel(user, label string) []bot.Reply {
	h.t.Helper()
	rep, ok := lastChoices(h.inbox(user))
	if !ok {
		h.t.Fatalf("%s: no buttons to press %q", user, label)
	}
	for _, c := range rep.Choices {
		if strings.Contains(c.Label, label) {
			return h.press(user, bot.CallbackData(rep.Token, c.ID))
		}
	}
	h.t.Fatalf("%s: no button %q in %q", user, label, text([]bot.Reply{rep}))
	return nil
}

// choiceID is the id of the button labelled label in the latest keyboard.
func (h *harness) choiceID(user, label string) (token, id string) {
	h.t.Helper()
	rep, ok := lastChoices(h.inbox(user))
	if !ok {
		h.t.Fatalf("%s: no buttons", user)
	}
	for _, c := range rep.Choices {
		if strings.Contains(c.Label, label) {
			return rep.Token, c.ID
		}
	}
	h.t.Fatalf("%s: no button %q", user, label)
	return "", ""
}

// steps sends each text in turn and returns the replies to the last one.
func (h *harness) steps(user string, texts ...string) []bot.Reply {
	h.t.Helper()
	var got []bot.Reply
	for _, s := range texts {
		got = h.send(user, s)
	}
	return got
}

// addStaff adds a person through /canbo by typing every answer.
func (h *harness) addStaff(user, name, year, category, prof, pol, mgmt, digital string) string {
	h.t.Helper()
	h.send(user, "/canbo")
	got := h.steps(user, lblStaffAdd, name, year, "Nữ", "Tày", lblSkip, category, lblSkip, prof, pol, mgmt, digital, "Không", "01/08/2020")
	mustContain(h.t, text(got), msgStaffSummary, name)
	got = h.send(user, lblSave)
	mustContain(h.t, text(got), "Đã lưu "+name)
	return text(got)
}

func lastText(rs []bot.Reply) string {
	if len(rs) == 0 {
		return ""
	}
	return rs[len(rs)-1].Text
}

func mustOneLine(t *testing.T, rs []bot.Reply, want string) {
	t.Helper()
	if len(rs) != 1 || strings.Contains(rs[0].Text, "\n") || !strings.Contains(rs[0].Text, want) {
		t.Errorf("want one line containing %q, got %q", want, text(rs))
	}
}
