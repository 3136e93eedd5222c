package handlers

import (
	"context"
	"fmt"
	"testing"
	"time"

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
