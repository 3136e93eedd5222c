package handlers

import (
	"testing"
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
