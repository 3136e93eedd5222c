package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/storage"
)

// createVacancy runs the admin's /tuyendung them conversation.
func createVacancy(t *testing.T, h *harness, admin string) {
	t.Helper()
	for _, step := range []struct{ in, want string }{
		{"/tuyendung them", "tên vị trí"},
		{"Công chức Văn hóa - Xã hội", "thuộc đơn vị nào"},
		{"1", "Chỉ tiêu"},
		{"không", "số từ 1 đến 1000"},
		{"2", "yêu cầu"},
		{"Tốt nghiệp đại học", "Hạn nộp hồ sơ"},
		{"31/13/2026", "Chưa đọc được ngày"},
		{"30/09/2026", "liên hệ"},
		{"Phòng VHXH, ĐT 0220 3888 999", "Ghi chú ưu tiên"},
		{"Dùng câu mặc định", "Kiểm tra lại"},
		{"Lưu", "Đã lưu vị trí số 1"},
	} {
		mustContain(t, text(h.send(admin, step.in)), step.want)
	}
}

func TestVacancyCreatePublishInterest(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.admin("telegram:1")
	subscribeUser(t, h, "telegram:50", "Lò Văn A", "Phạm Kha", "1")
	createVacancy(t, h, "telegram:1")
	v, err := h.db.Vacancy(ctx, 1)
	if err != nil || v.Position != "Công chức Văn hóa - Xã hội" || v.Quota != 2 || v.UnitName != "Phòng Văn hóa - Xã hội" ||
		v.Deadline.Format("2006-01-02") != "2026-09-30" || !strings.Contains(v.PriorityNote, "dân tộc thiểu số") {
		t.Fatalf("vacancy = %+v, %v", v, err)
	}
	// Everyone lists it; a resident sees no admin buttons.
	rs := h.send("telegram:50", "tuyển dụng")
	if len(rs) != 1 || len(rs[0].Choices) != 1 || rs[0].Choices[0].ID != "job.1" || len(rs[0].Choices[0].ID) > 64 {
		t.Fatalf("resident's list = %+v, want one vacancy with a job.1 button", rs)
	}
	mustContain(t, rs[0].Text, "Công chức Văn hóa - Xã hội", "Chỉ tiêu: 2", "Hạn nộp hồ sơ: 30/09/2026", "0220 3888 999", "Ưu tiên:")
	// Publish: preview, confirm, queued to the subscriber with the button.
	got := text(h.press("telegram:1", "jobp.1"))
	mustContain(t, got, "THÔNG BÁO TUYỂN DỤNG", "Số người nhận hiện nay: 1")
	mustContain(t, text(h.send("telegram:1", "Gửi ngay")), "Đã xếp hàng thông báo số 1: 1 tin nhắn")
	in := h.inbox("telegram:50")
	last := in[len(in)-1]
	if !strings.Contains(last.Text, "THÔNG BÁO TUYỂN DỤNG") || len(last.Choices) != 1 || last.Choices[0].ID != "job.1" {
		t.Fatalf("published message = %+v", last)
	}
	if v, _ := h.db.Vacancy(ctx, 1); v.PublishedAt.IsZero() {
		t.Error("vacancy not marked published")
	}
	if a, _ := h.db.Announcement(ctx, 1); a.VacancyID != 1 {
		t.Errorf("announcement.vacancy_id = %d, want 1", a.VacancyID)
	}
	// "Quan tâm" makes a lead, once.
	mustContain(t, text(h.press("telegram:50", "job.1")), "Đã ghi nhận bạn quan tâm")
	mustContain(t, text(h.send("telegram:50", "quan tâm 1")), "đã bày tỏ quan tâm")
	p, _ := h.db.PersonByIdentity(ctx, "telegram", "50")
	leads, _ := h.db.LeadsOf(ctx, p.ID)
	if len(leads) != 1 || leads[0].VacancyID != 1 || leads[0].NominatedBy != storage.NominatedSelf || leads[0].Village != "Phạm Kha" ||
		leads[0].ConsentAt.IsZero() {
		t.Fatalf("leads = %+v, want one self lead for vacancy 1 with consent", leads)
	}
	mustContain(t, text(h.send("telegram:50", "/dulieu")), "Quan tâm vị trí tuyển dụng: Công chức Văn hóa - Xã hội")
	// The admin sees the lead in the pool.
	mustContain(t, text(h.send("telegram:1", "/nguon ds")), "Lò Văn A", "tự đăng ký, quan tâm vị trí: Công chức Văn hóa - Xã hội")
	// Closing hides it and stops interest.
	mustContain(t, text(h.press("telegram:1", "jobc.1")), "Đã đóng vị trí số 1")
	mustContain(t, text(h.send("telegram:50", "/tuyendung")), "chưa có vị trí tuyển dụng nào")
	mustContain(t, text(h.press("telegram:50", "job.1")), "đã đóng")
}

func TestStrangerInterestAsksConsentFirst(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if _, err := h.db.CreateVacancy(ctx, storage.Vacancy{Position: "Viên chức y tế", Quota: 1}); err != nil {
		t.Fatal(err)
	}
	got := text(h.press("zalo:60", "job.1"))
	mustContain(t, got, "cần có sự đồng ý", "91/2025/QH15")
	p, _ := h.db.PersonByIdentity(ctx, "zalo", "60")
	if leads, _ := h.db.LeadsOf(ctx, p.ID); len(leads) != 0 {
		t.Fatalf("a lead was stored before consent: %+v", leads)
	}
	got = text(h.send("zalo:60", "Tôi đồng ý"))
	mustContain(t, got, "Đã ghi nhận bạn quan tâm vị trí \"Viên chức y tế\"", "thôn nào")
	if leads, _ := h.db.LeadsOf(ctx, p.ID); len(leads) != 1 {
		t.Fatalf("leads after consent = %d, want 1", len(leads))
	}
	// A stranger who declines leaves nothing.
	h.send("zalo:61", "quan tâm 1")
	mustContain(t, text(h.send("zalo:61", "2")), "chưa đăng ký")
	p2, _ := h.db.PersonByIdentity(ctx, "zalo", "61")
	if leads, _ := h.db.LeadsOf(ctx, p2.ID); len(leads) != 0 {
		t.Errorf("leads after declining = %d, want 0", len(leads))
	}
}

func TestVacancyBadInput(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	for _, tc := range []struct{ user, in, want string }{
		{"telegram:2", "quan tâm abc", "ví dụ: quan tâm 3"},
		{"telegram:2", "/tuyendung quantam 99", "Không có vị trí tuyển dụng số 99"},
		{"telegram:2", "/tuyendung xyz", "Cách dùng"},
		{"telegram:1", "/tuyendung dong 5", "đã đóng hoặc hết hạn"},
	} {
		mustContain(t, text(h.send(tc.user, tc.in)), tc.want)
	}
	mustContain(t, text(h.press("telegram:2", "job.x")), "Bước này đã qua")
	if rs := h.press("telegram:2", "jobp.1"); !strings.Contains(text(rs), "không có quyền") {
		t.Errorf("a stranger's publish press: %q", text(rs))
	}
}
