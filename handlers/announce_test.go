package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/scheduler"
	"github.com/dttsbot/dttsbot/storage"
)

// flaky is a fake channel: chats in blocked answer "blocked the bot", chats
// in broken fail for good; the others receive.
type flaky struct {
	name    string
	mu      sync.Mutex
	blocked map[string]bool
	broken  map[string]bool
	got     map[string]int
}

func (f *flaky) Name() string                                { return f.name }
func (f *flaky) Run(ctx context.Context, in bot.Inbox) error { return nil }
func (f *flaky) Send(ctx context.Context, chat string, r bot.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.blocked[chat]:
		return &bot.SendError{Kind: bot.Blocked, Err: errors.New("403 blocked")}
	case f.broken[chat]:
		return &bot.SendError{Kind: bot.Permanent, Err: errors.New("400 bad request")}
	}
	f.got[chat]++
	return nil
}

// TestAnnouncementToThousandSubscribers: 1,000 subscribers, of whom some
// opted out, were erased or blocked the bot before; the admin's /thongbao
// reaches exactly the others, residents are held by quiet hours until 07:00
// (officers are not), and the counts are right once the outbox is drained.
func TestAnnouncementToThousandSubscribers(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.deps.QuietFrom, h.deps.QuietTo = 21*60, 7*60
	h.now = time.Date(2026, 9, 1, 15, 30, 0, 0, time.UTC) // 22:30 in Hà Nội: quiet
	h.admin("telegram:1")
	const total = 1000
	var optedOut, erased, blockedBefore, officers, blockNow, broken []string
	for i := 0; i < total; i++ {
		chat := strconv.Itoa(100000 + i)
		p, err := h.db.EnsurePerson(ctx, "telegram", chat, "Người "+chat, chat)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.db.GiveConsent(ctx, p.ID, consentVersion); err != nil {
			t.Fatal(err)
		}
		switch {
		case i < 50:
			optedOut = append(optedOut, chat)
			h.db.OptOut(ctx, p.ID)
		case i < 80:
			erased = append(erased, chat)
			if err := h.db.Forget(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
		case i < 100:
			blockedBefore = append(blockedBefore, chat)
			h.db.MarkBlocked(ctx, "telegram", chat)
		case i < 102:
			officers = append(officers, chat)
			h.db.SetRole(ctx, p.ID, storage.RoleOfficer, 0)
		case i < 112:
			blockNow = append(blockNow, chat)
		case i < 115:
			broken = append(broken, chat)
		}
	}
	want := total - len(optedOut) - len(erased) - len(blockedBefore)

	h.send("telegram:1", "/thongbao")
	h.send("telegram:1", "Thông báo tuyển dụng viên chức năm 2026.")
	h.send("telegram:1", "Bỏ qua")
	h.send("telegram:1", "1") // all subscribers
	got := text(h.send("telegram:1", "1"))
	mustContain(t, got, "Thông báo tuyển dụng viên chức năm 2026.", fmt.Sprintf("Số người nhận hiện nay: %d", want),
		fmt.Sprintf("Trong đó %d người dân đang trong giờ yên tĩnh, sẽ nhận lúc 07:00", want-len(officers)))
	got = text(h.send("telegram:1", "Gửi ngay"))
	mustContain(t, got, fmt.Sprintf("Đã xếp hàng thông báo số 1: %d tin nhắn", want))

	fake := &flaky{name: "telegram", blocked: map[string]bool{}, broken: map[string]bool{}, got: map[string]int{}}
	for _, c := range blockNow {
		fake.blocked[c] = true
	}
	for _, c := range broken {
		fake.broken[c] = true
	}
	sender := bot.NewSender(fake, Glue{DB: h.db}, bot.Limits{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := sender.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	// Officers are not held: the harness's sender delivered theirs at once.
	for _, c := range officers {
		mustContain(t, text(h.inbox("telegram:"+c)), "Thông báo tuyển dụng viên chức năm 2026.")
	}
	if len(fake.got) != 0 {
		t.Errorf("during quiet hours %d residents received the announcement, want 0", len(fake.got))
	}
	counts, _ := h.db.OutboxCounts(ctx, 1)
	if counts[storage.OutPending] != want-len(officers) {
		t.Errorf("pending during quiet hours = %d, want %d", counts[storage.OutPending], want-len(officers))
	}

	h.now = time.Date(2026, 9, 2, 0, 0, 0, 0, time.UTC) // 07:00 in Hà Nội
	if err := sender.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	counts, _ = h.db.OutboxCounts(ctx, 1)
	delivered := want - len(blockNow) - len(broken)
	if counts[storage.OutSent] != delivered || counts[storage.OutBlocked] != len(blockNow) ||
		counts[storage.OutFailed] != len(broken) || counts[storage.OutPending] != 0 {
		t.Errorf("counts = %v, want sent %d, blocked %d, failed %d, pending 0", counts, delivered, len(blockNow), len(broken))
	}
	if len(fake.got) != delivered-len(officers) {
		t.Errorf("%d residents received, want %d", len(fake.got), delivered-len(officers))
	}
	for _, group := range [][]string{optedOut, erased, blockedBefore} {
		for _, c := range group {
			if fake.got[c] > 0 {
				t.Fatalf("chat %s received the announcement but had opted out, was erased or blocked", c)
			}
		}
	}
	for c, n := range fake.got {
		if n != 1 {
			t.Errorf("chat %s received %d copies", c, n)
		}
	}
	got = text(h.send("telegram:1", "/thongbao tiendo 1"))
	mustContain(t, got, fmt.Sprintf("Đã gửi: %d", delivered), "Đang chờ: 0", fmt.Sprintf("Lỗi: %d", len(broken)),
		fmt.Sprintf("Đã chặn bot: %d", len(blockNow)), fmt.Sprintf("Tổng: %d", want))
	// The button edits the pressed message in place.
	rs := h.update("telegram:1", bot.Update{Choice: "ann.p1", MessageID: "555"})
	if len(rs) != 1 || rs[0].Edit != "555" || !strings.Contains(rs[0].Text, "Đã gửi:") {
		t.Errorf("progress button replied %+v, want an edit of message 555", rs)
	}
	// A re-queue of the same announcement never doubles a message.
	if n, err := h.db.QueueAnnouncement(ctx, 1, storage.Queue{Payload: []byte(`{"text":"x"}`)}); err != nil || n != 0 {
		t.Errorf("re-queue added %d messages (err %v), want 0", n, err)
	}
}

func TestAnnouncementToVillagesAndOfficers(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	subscribeUser(t, h, "telegram:11", "A", "Phạm Kha", "Bỏ qua")
	subscribeUser(t, h, "telegram:12", "B", "Thanh Tùng", "Bỏ qua")
	h.officer("telegram:13", "kinhte")
	for _, tc := range []struct {
		audience, villages string
		gets, not          []string
	}{
		{"2", "1", []string{"telegram:11"}, []string{"telegram:12", "telegram:13"}},
		{"3", "", []string{"telegram:13"}, []string{"telegram:11", "telegram:12"}},
	} {
		body := "Tin số " + tc.audience
		h.send("telegram:1", "/thongbao")
		h.send("telegram:1", body)
		h.send("telegram:1", "Bỏ qua")
		h.send("telegram:1", tc.audience)
		if tc.villages != "" {
			h.send("telegram:1", tc.villages)
		}
		h.send("telegram:1", "Gửi ngay")
		mustContain(t, text(h.send("telegram:1", "1")), "Đã xếp hàng")
		for _, u := range tc.gets {
			mustContain(t, text(h.inbox(u)), body)
		}
		for _, u := range tc.not {
			mustNotContain(t, text(h.inbox(u)), body)
		}
	}
}

func TestAnnouncementScheduledAndCancelled(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.admin("telegram:1")
	subscribeUser(t, h, "telegram:11", "A", "1", "Bỏ qua")
	h.send("telegram:1", "/thongbao")
	h.send("telegram:1", "Họp dân")
	h.send("telegram:1", "Bỏ qua")
	h.send("telegram:1", "1")
	h.send("telegram:1", "Vào một thời điểm")
	mustContain(t, text(h.send("telegram:1", "31/02/2026 08:00")), "Chưa đọc được thời điểm")
	mustContain(t, text(h.send("telegram:1", "01/01/2020 08:00")), "phải sau lúc này")
	mustContain(t, text(h.send("telegram:1", "15/10/2026 08:00")), "lúc 08:00 15/10/2026", "Số người nhận hiện nay: 1")
	mustContain(t, text(h.send("telegram:1", "Lên lịch")), "Đã lên lịch thông báo số 1")
	a, err := h.db.Announcement(ctx, 1)
	if err != nil || a.Status != storage.AnnScheduled || !a.SendAt.Equal(time.Date(2026, 10, 15, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("announcement = %+v, %v; want scheduled for 01:00 UTC 15/10", a, err)
	}
	// A recurring one: the spec is validated.
	h.send("telegram:1", "/thongbao")
	h.send("telegram:1", "Nhắc hằng tuần")
	h.send("telegram:1", "Bỏ qua")
	h.send("telegram:1", "1")
	h.send("telegram:1", "3")
	mustContain(t, text(h.send("telegram:1", "mỗi thứ hai")), "chưa đúng cú pháp cron")
	mustContain(t, text(h.send("telegram:1", "* * * * *")), "quá dày")
	mustContain(t, text(h.send("telegram:1", "0 8 * * 1")), `theo lịch "0 8 * * 1" (lần tới: 08:00 07/09/2026)`)
	h.send("telegram:1", "1")
	a, _ = h.db.Announcement(ctx, 2)
	if a.Schedule != "0 8 * * 1" || a.Status != storage.AnnScheduled {
		t.Fatalf("announcement 2 = %+v, want scheduled 0 8 * * 1", a)
	}
	// Cancel the first.
	got := text(h.send("telegram:1", "/thongbao huy"))
	mustContain(t, got, "#1 (08:00 15/10) Họp dân", "#2 (0 8 * * 1)")
	mustContain(t, text(h.send("telegram:1", "#1 (08:00 15/10) Họp dân")), "Đã hủy thông báo số 1")
	a, _ = h.db.Announcement(ctx, 1)
	if a.Status != storage.AnnCancelled {
		t.Errorf("status after cancel = %q", a.Status)
	}
	if n, _ := h.db.QueueAnnouncement(ctx, 1, storage.Queue{Payload: []byte(`{}`)}); n != 0 {
		t.Errorf("a cancelled announcement queued %d messages", n)
	}
}

func TestAnnouncementTextLimits(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.send("telegram:1", "/thongbao")
	mustContain(t, text(h.send("telegram:1", strings.Repeat("á", 2001))), "2001 ký tự, vượt quá 2000")
	mustContain(t, text(h.send("telegram:1", strings.Repeat("á", 2000))), "ảnh")
	mustContain(t, text(h.send("telegram:1", "không có ảnh")), "gửi một ảnh, hoặc chọn Bỏ qua")
	got := h.update("telegram:1", bot.Update{Photo: &bot.FileRef{ID: "AgACphoto"}})
	mustContain(t, text(got), "Gửi tới ai?")
	h.send("telegram:1", "1")
	rs := h.send("telegram:1", "Gửi ngay")
	if len(rs) < 2 || rs[0].Photo == nil || rs[0].Photo.URL != "AgACphoto" || bot.Runes(rs[0].Text) != 2000 {
		t.Fatalf("preview does not show the exact message with its photo: %+v", rs)
	}
}

func TestOutreachRoleChecks(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:20", "kinhte") // agency: not a nominating unit
	h.officer("telegram:21", "mttq")
	subscribeUser(t, h, "telegram:22", "R", "1", "Bỏ qua")
	for _, tc := range []struct{ user, cmd string }{
		{"telegram:22", "/thongbao"}, {"telegram:23", "/thongbao"}, {"telegram:20", "/thongbao"},
		{"telegram:22", "/nguon"}, {"telegram:23", "/nguon"}, {"telegram:20", "/nguon"},
		{"telegram:22", "/announce"}, {"telegram:23", "nguồn"}, {"telegram:22", "/tuyendung them"},
	} {
		got := text(h.send(tc.user, tc.cmd))
		if !strings.Contains(got, "không có quyền") {
			t.Errorf("%s %s: got %q, want a refusal", tc.user, tc.cmd, got)
		}
	}
	rs := h.press("telegram:22", "ann.p1")
	mustContain(t, text(rs), "không có quyền")
	mustContain(t, text(h.send("telegram:21", "/nguon")), "Giới thiệu ứng viên")
	if h.deps.Plan == nil {
		t.Fatal("no plan")
	}
}

// TestAnnouncementPayloadMatchesScheduler: "send now" (handlers) and a
// scheduled send (scheduler) deliver the same message.
func TestAnnouncementPayloadMatchesScheduler(t *testing.T) {
	for _, photo := range []string{"", `{"id":"AgAC"}`, `{"url":"https://x/y.jpg","name":"y.jpg","mime":"image/jpeg"}`, "not json"} {
		a := storage.Announcement{Body: "Nội dung", Photo: photo}
		got, want := bot.EncodeReply(annReply(a.Body, a.Photo)), bot.EncodeReply(scheduler.AnnouncementReply(a))
		if string(got) != string(want) {
			t.Errorf("photo %q: handlers %s, scheduler %s", photo, got, want)
		}
	}
}
