package handlers

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// sendNamed is h.send with a display name of the user's choice.
func sendNamed(h *harness, user, name, text string) []bot.Reply {
	h.t.Helper()
	ch, id, _ := strings.Cut(user, ":")
	before := len((*h.rec.all)[user])
	u := bot.Update{Channel: ch, ChatID: id, UserID: id, UserName: name, Text: text, Time: h.now}
	if err := h.router.HandleUpdate(context.Background(), u); err != nil {
		h.t.Fatalf("handle %q from %s: %v", text, user, err)
	}
	h.drain()
	return (*h.rec.all)[user][before:]
}

// subscribeUser runs /dangky to the end: agree, village number, interests.
func subscribeUser(t *testing.T, h *harness, user, name, village, interests string) {
	t.Helper()
	got := text(sendNamed(h, user, name, "/dangky"))
	mustContain(t, got, "91/2025/QH15", "356/2025/NĐ-CP", "Mục đích", "Dữ liệu được lưu", "/ngung", "/xoadulieu")
	sendNamed(h, user, name, "1") // Tôi đồng ý
	sendNamed(h, user, name, village)
	got = text(sendNamed(h, user, name, interests))
	mustContain(t, got, "Cảm ơn bạn đã đăng ký")
}

func TestSubscribeStoresConsentVillageInterests(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	subscribeUser(t, h, "zalo:77", "Lò Thị Hoa", "Nhân Quyền", "1, 3")
	p, err := h.db.PersonByIdentity(ctx, "zalo", "77")
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != storage.RoleResident {
		t.Errorf("role after consent = %q, want resident", p.Role)
	}
	s, err := h.db.Subscriber(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.ConsentVersion != consentVersion || !s.ConsentAt.Equal(h.now) || s.Village != "Nhân Quyền" ||
		strings.Join(s.Interests, ",") != "job,policy" || !s.Active() {
		t.Errorf("subscriber = %+v, want version %s at %v, Nhân Quyền, job,policy, active", s, consentVersion, h.now)
	}
	got := text(sendNamed(h, "zalo:77", "Lò Thị Hoa", "/dulieu"))
	mustContain(t, got, "Nhận tin: đang nhận", "phiên bản "+consentVersion, "Thôn: Nhân Quyền", "Tuyển dụng, Chính sách")
}

func TestSubscribeDeclineStoresNothing(t *testing.T) {
	h := newHarness(t)
	h.send("telegram:5", "/dangky")
	got := text(h.send("telegram:5", "Không đồng ý"))
	mustContain(t, got, "Bạn chưa đăng ký")
	p, _ := h.db.PersonByIdentity(context.Background(), "telegram", "5")
	if _, err := h.db.Subscriber(context.Background(), p.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("subscriber after declining: err = %v, want ErrNotFound", err)
	}
	if p.Role != storage.RoleStranger {
		t.Errorf("role = %q, want stranger", p.Role)
	}
}

func TestSubscribeDeepLinkPreselectsVillage(t *testing.T) {
	h := newHarness(t)
	if got := subscribeSlug("Đoàn Tùng"); got != "doan-tung" {
		t.Fatalf("subscribeSlug(Đoàn Tùng) = %q, want doan-tung", got)
	}
	got := text(h.send("telegram:9", "/start sub_doan_tung"))
	mustContain(t, got, "91/2025/QH15")
	got = text(h.send("telegram:9", "1")) // agree: the village is skipped
	mustContain(t, got, "lĩnh vực")
	got = text(h.send("telegram:9", "Bỏ qua"))
	mustContain(t, got, "Thôn: Đoàn Tùng", "Lĩnh vực quan tâm: —")
}

func TestUnsubscribeAtOnceAndDropsPendingOutreach(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	subscribeUser(t, h, "telegram:20", "A", "1", "Bỏ qua")
	p, _ := h.db.PersonByIdentity(ctx, "telegram", "20")
	// An announcement held for this resident by quiet hours.
	if _, n, err := h.db.CreateAnnouncement(ctx, storage.Announcement{Body: "x", Audience: storage.Audience{Kind: storage.AudienceAll}},
		&storage.Queue{Payload: []byte(`{"text":"x"}`), Quiet: storage.QuietHours{From: 0, To: 23*60 + 59, Loc: h.deps.Loc}}); err != nil || n != 1 {
		t.Fatalf("queue: %d, %v", n, err)
	}
	got := text(h.send("telegram:20", "/ngung"))
	mustContain(t, got, "Bạn đã ngừng nhận tin")
	s, _ := h.db.Subscriber(ctx, p.ID)
	if s.Active() {
		t.Error("still subscribed after /ngung")
	}
	if n, _ := h.db.OutboxDepth(ctx); n != 0 {
		t.Errorf("%d messages still pending after /ngung, want 0", n)
	}
	rs, _ := h.db.Recipients(ctx, storage.Audience{Kind: storage.AudienceAll})
	if len(rs) != 0 {
		t.Errorf("recipients after /ngung = %v, want none", rs)
	}
	mustContain(t, text(h.send("telegram:20", "/ngung")), "chưa đăng ký")
	mustContain(t, text(h.send("telegram:20", "/dulieu")), "đã ngừng lúc")
}

// TestForgetErasesEverything: after /xoadulieu no table holds the resident's
// name, external id, chat id or village (every text column of every table is
// scanned; the plan's own list of villages is commune data, not theirs).
func TestForgetErasesEverything(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	const user, name, extID = "telegram:5550001234", "Hoàng Văn Páo", "5550001234"
	const village = "Thôn Bản Mường Riêng"
	h.deps.Plan.Villages = append(h.deps.Plan.Villages, village)
	h.admin("telegram:1")
	vid, err := h.db.CreateVacancy(ctx, storage.Vacancy{Position: "Công chức", Quota: 1})
	if err != nil {
		t.Fatal(err)
	}
	subscribeUser(t, h, user, name, village, "1")
	sendNamed(h, user, name, "quan tâm "+itoa(int(vid)))
	// A stored update from them, as the channels keep before handling.
	if _, err := h.db.StoreInbound(ctx, []storage.Inbound{{Channel: "telegram", Key: "u1",
		Payload: []byte(`{"channel":"telegram","chat_id":"5550001234","user_id":"5550001234","user_name":"Hoàng Văn Páo","text":"` + village + `"}`)}}); err != nil {
		t.Fatal(err)
	}
	// A pending announcement to them (held by quiet hours).
	if _, _, err := h.db.CreateAnnouncement(ctx, storage.Announcement{Body: "tin", Audience: storage.Audience{Kind: storage.AudienceAll}},
		&storage.Queue{Payload: []byte(`{"text":"tin"}`), Quiet: storage.QuietHours{From: 0, To: 23*60 + 59, Loc: h.deps.Loc}}); err != nil {
		t.Fatal(err)
	}
	p, _ := h.db.PersonByIdentity(ctx, "telegram", extID)
	if leads, _ := h.db.LeadsOf(ctx, p.ID); len(leads) != 1 {
		t.Fatalf("leads before erasure = %d, want 1", len(leads))
	}
	if n := countEverywhere(t, h, extID, village, name); n == 0 {
		t.Fatal("the scan finds nothing even before the erasure: it is not looking")
	}
	got := text(sendNamed(h, user, name, "/xoadulieu"))
	mustContain(t, got, "không thể hoàn tác")
	got = text(sendNamed(h, user, name, "1"))
	mustContain(t, got, "Đã xóa toàn bộ dữ liệu")
	if n := countEverywhere(t, h, extID, village, name); n != 0 {
		t.Errorf("%d rows still hold the resident's data after /xoadulieu", n)
	}
	es, _ := h.db.AuditPage(ctx, 0, 1)
	if len(es) != 1 || es[0].Action != "person.erase" || es[0].ActorID != 0 || es[0].ObjectID != "" || es[0].Detail != "" {
		t.Errorf("last audit entry = %+v, want an anonymous person.erase", es)
	}
	// Writing again makes a new stranger, not the old resident.
	if got := text(h.send(user, "/dulieu")); !strings.Contains(got, roleNames[bot.Stranger]) {
		t.Errorf("after erasure /dulieu = %q, want a stranger", got)
	}
}

// countEverywhere counts the rows, in every text column of every table, that
// contain any of the strings (the plan table's village list excepted).
func countEverywhere(t *testing.T, h *harness, extID, village, name string) int {
	t.Helper()
	ctx := context.Background()
	cols, err := h.db.TextColumns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) < 15 {
		t.Fatalf("TextColumns found %d tables, want every table", len(cols))
	}
	total := 0
	for table, cs := range cols {
		for _, c := range cs {
			for _, s := range []string{extID, name, village} {
				if table == "plan" && s == village {
					continue
				}
				n, err := h.db.CountContaining(ctx, table, c, s)
				if err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					t.Logf("%s.%s holds %q in %d rows", table, c, s, n)
				}
				total += n
			}
		}
	}
	return total
}

func TestForgetOnlyForResidentsAndStrangers(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:30", "kinhte")
	mustContain(t, text(h.send("telegram:30", "/xoadulieu")), "không có quyền")
	h.send("telegram:31", "/xoadulieu")
	mustContain(t, text(h.send("telegram:31", "Không xóa")), "giữ nguyên")
	if _, err := h.db.PersonByIdentity(context.Background(), "telegram", "31"); err != nil {
		t.Errorf("declined erasure removed the person: %v", err)
	}
}

func TestSubscribeQRForAdminsOnly(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	rs := h.send("telegram:1", "/dangky qr")
	if len(rs) != len(h.deps.Plan.Villages) {
		t.Fatalf("/dangky qr sent %d replies, want one per village (%d)", len(rs), len(h.deps.Plan.Villages))
	}
	for i, r := range rs {
		if r.Photo == nil || r.Photo.MIME != "image/png" {
			t.Fatalf("reply %d has no PNG photo", i)
		}
		if _, err := png.Decode(bytes.NewReader(r.Photo.Data)); err != nil {
			t.Errorf("reply %d: not a PNG: %v", i, err)
		}
		slug := subscribeSlug(h.deps.Plan.Villages[i])
		mustContain(t, r.Text, h.deps.Plan.Villages[i], "https://t.me/test_bot?start=sub_"+slug)
		if len("sub_"+slug) > 64 {
			t.Errorf("payload sub_%s is longer than 64", slug)
		}
	}
	mustContain(t, text(h.send("telegram:2", "/dangky qr")), "không có quyền")
}

func FuzzSubscribeSlug(f *testing.F) {
	for _, s := range []string{"Phạm Kha", "Đoàn Tùng", "", "a/b?c", strings.Repeat("Ư", 100), "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slug := subscribeSlug(s)
		if len(slug) > 60 || !validCode("sub_"+slug) {
			t.Errorf("subscribeSlug(%q) = %q: not a valid deep-link payload", s, slug)
		}
	})
}
