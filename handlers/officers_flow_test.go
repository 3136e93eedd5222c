package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/storage"
)

func TestRosterEditLeftAndDuplicates(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a, b, admin := "telegram:2", "telegram:3", "telegram:1"
	h.admin(admin)
	h.officer(a, "mamnon")
	h.officer(b, "thcs")
	got := text(h.send(a, "/canbo"))
	mustContain(t, got, "Chưa có ai trong danh sách", "đơn vị: chưa có; toàn xã: chưa có")
	mustNotContain(t, got, "NaN", "(0%)", "0/0")

	h.addStaff(a, "Lò Thị Mai", "1990", "Viên chức", "Đại học", "Trung cấp", "Chuyên viên", "Cơ bản")
	// the same name and year in another unit: warned without naming it
	h.send(b, "/canbo")
	got = text(h.steps(b, lblStaffAdd, "lò thị  mai", "1990", "Nữ", "Tày", lblSkip, "Viên chức", lblSkip, lblSkip, lblSkip, lblSkip, lblSkip, "Không", lblSkip))
	mustContain(t, got, "Có thể trùng", "một người ở đơn vị khác — trùng họ tên và năm sinh", lblSaveAnyway)
	mustNotContain(t, got, "Trường Mầm non")
	h.send(b, lblCancel)
	// the admin sees where
	h.send(admin, "/canbo")
	got = text(h.send(admin, "Trường THCS"))
	mustContain(t, got, "Danh sách người dân tộc thiểu số của Trường THCS")
	got = text(h.steps(admin, lblStaffAdd, "Lò Thị Mai", "1990", "Nữ", "Tày", lblSkip, "Viên chức", lblSkip, lblSkip, lblSkip, lblSkip, lblSkip, "Không", lblSkip))
	mustContain(t, got, "- Lò Thị Mai (1990), Trường Mầm non — trùng họ tên và năm sinh")
	h.send(admin, lblSaveAnyway)
	mb, _ := h.db.UnitByCode(ctx, "thcs")
	if l, _ := h.db.StaffOfUnit(ctx, mb.ID, true); len(l) != 1 {
		t.Fatalf("admin's save: %d in THCS", len(l))
	}

	// the fully trained mark and coverage follow the levels
	got = text(h.send(a, "/canbo"))
	mustContain(t, got, "Lò Thị Mai — 1990, Nữ, Tày; viên chức ✓ đã được đào tạo đầy đủ", "đơn vị: 1/1 người (100%); toàn xã: 1/2 người (50%)")
	// edit one field
	h.send(a, lblStaffEdit)
	got = text(h.send(a, "1"))
	mustContain(t, got, "Thông tin của Lò Thị Mai", "- Tin học, kỹ năng số: Cơ bản")
	got = text(h.send(a, lblLvDigital))
	mustContain(t, got, "Hiện tại: Cơ bản")
	got = text(h.send(a, "Chưa có"))
	mustContain(t, got, "Đã cập nhật Tin học, kỹ năng số của Lò Thị Mai: Chưa có.")
	got = text(h.send(a, "/canbo"))
	mustContain(t, got, "đơn vị: 0/1 người (0%)")
	mustNotContain(t, got, "✓")
	// mark as left: kept, marked, out of coverage
	h.send(a, lblStaffLeft)
	h.send(a, "1")
	h.bad(a, "01/01/2019", "không được trước ngày vào làm (01/08/2020)")
	got = text(h.send(a, "31/08/2026"))
	mustContain(t, got, "Đã ghi nhận Lò Thị Mai nghỉ việc từ 31/08/2026", "đơn vị: chưa có")
	got = text(h.send(a, "/canbo"))
	mustContain(t, got, "Lò Thị Mai — 1990, Nữ, Tày; viên chức (đã nghỉ việc từ 31/08/2026)", "đơn vị: chưa có")
	h.send(a, lblStaffLeft)
	if last := lastText(h.inbox(a)); !strings.Contains(last, "chưa có ai đang công tác") {
		t.Errorf("left with nobody active: %q", last)
	}
}

func TestTrainingEditAndDelete(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	u := "telegram:2"
	h.officer(u, "kinhte")
	h.addStaff(u, "Đinh Văn Kha", "1980", "Công chức", "Đại học", "Cao cấp", "Chuyên viên chính", lblSkip)
	h.send(u, "/daotao")
	h.steps(u, lblTrainingNew, "1", "Kỹ năng số / chuyển đổi số", "Chuyển đổi số cơ bản", lblSkip, "01/06/2026", "05/06/2026", "Đã đăng ký", lblSkip)
	got := text(h.send(u, lblSave))
	mustContain(t, got, "đơn vị: 0/1 người (0%) → 0/1 người (0%)")
	// completing it covers the last area
	h.send(u, "/daotao")
	got = text(h.send(u, lblTrainingRecent))
	mustContain(t, got, "Đinh Văn Kha — Chuyển đổi số cơ bản (01/06/2026, Đã đăng ký)")
	h.send(u, "1")
	got = text(h.send(u, lblStatus))
	mustContain(t, got, askStatus)
	got = text(h.send(u, "Đã hoàn thành"))
	mustContain(t, got, "Đã cập nhật mục đào tạo của Đinh Văn Kha", "Tình trạng: Đã hoàn thành", "đơn vị: 1/1 người (100%)")
	// dates stay ordered when edited one at a time
	h.send(u, "/daotao")
	h.steps(u, lblTrainingRecent, "1", lblFrom)
	h.bad(u, "10/06/2026", "không được sau ngày kết thúc (05/06/2026)")
	h.send(u, "/huy")
	// delete
	h.send(u, "/daotao")
	h.steps(u, lblTrainingRecent, "1")
	got = text(h.send(u, lblDelete))
	mustContain(t, got, "Xóa mục đào tạo của Đinh Văn Kha: «Chuyển đổi số cơ bản»?")
	got = text(h.send(u, lblDelete))
	mustContain(t, got, "Đã xóa", "đơn vị: 0/1 người (0%)")
	if ts, _ := h.db.TrainingsOfUnit(ctx, 0); len(ts) != 0 {
		t.Errorf("%d trainings left", len(ts))
	}
	es, _ := h.db.AuditPage(ctx, 0, 100)
	seen := map[string]bool{}
	for _, e := range es {
		seen[e.Action] = true
	}
	for _, a := range []string{"training.add", "training.edit", "training.delete", "training.list", "staff.add", "staff.list"} {
		if !seen[a] {
			t.Errorf("no %s in the audit log", a)
		}
	}
}

func TestAdminWorksOnAPickedUnit(t *testing.T) {
	h := newHarness(t)
	ad := "zalo:1"
	h.admin(ad)
	h.send(ad, "/daotao")
	got := text(h.send(ad, "Trạm Y tế"))
	mustContain(t, got, askTrainingMenu)
	h.bad(ad, lblTrainingNew, "/canbo")
	h.send(ad, "/canbo")
	h.send(ad, "Trạm Y tế")
	h.steps(ad, lblStaffAdd, "Vi Thị Lan", "1992", "Nữ", "Nùng", lblSkip, "Viên chức", "Điều dưỡng", lblSkip, lblSkip, lblSkip, lblSkip, "Có", lblSkip)
	mustContain(t, text(h.send(ad, lblSave)), "Đã lưu Vi Thị Lan")
	u, _ := h.db.UnitByCode(context.Background(), "tramyte")
	l, _ := h.db.StaffOfUnit(context.Background(), u.ID, true)
	if len(l) != 1 || l[0].EthnicCode != "07" || !l[0].InPlanning || l[0].Position != "Điều dưỡng" {
		t.Fatalf("saved %+v", l)
	}
	// the office drafts its own report from the review list
	h.send(ad, "/baocao")
	got = text(h.send(ad, lblOwnReport))
	mustContain(t, got, "Báo cáo năm 2026 của Phòng Văn hóa - Xã hội", "Câu 1/")
}

func TestFeedbackGoesToEveryAdminAndBack(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	o, a1, a2 := "zalo:7", "telegram:1", "zalo:8"
	h.admin(a1)
	h.admin(a2)
	h.officer(o, "hoinongdan")
	mustContain(t, text(h.send(a1, "/phananh")), "không có phản ánh nào")
	got := text(h.send(o, "/phananh"))
	mustContain(t, got, "Vui lòng nhập nội dung khó khăn")
	h.bad(o, strings.Repeat("x", 2001), "tối đa 2000 ký tự")
	mustContain(t, text(h.send(o, "Chưa có kinh phí mở lớp tin học")), "Đã gửi phản ánh #1")
	for _, a := range []string{a1, a2} {
		mustContain(t, text(h.inbox(a)), "Phản ánh #1 từ Hội Nông dân xã", "Chưa có kinh phí mở lớp tin học")
	}
	mustContain(t, text(h.send(o, "/phananh")), "Đơn vị đang có 1 phản ánh chờ trả lời")
	h.send(o, "/huy")
	// a2 answers from the list
	got = text(h.send(a2, "/phananh"))
	mustContain(t, got, "Có 1 phản ánh chờ trả lời", "#1 Hội Nông dân xã: Chưa có kinh phí")
	h.send(a2, "1")
	got = text(h.send(a2, "Xã sẽ bố trí kinh phí trong quý IV"))
	mustContain(t, got, "Đã gửi trả lời phản ánh #1 tới Hội Nông dân xã")
	mustContain(t, lastText(h.inbox(o)), "trả lời phản ánh #1", "Trả lời: Xã sẽ bố trí kinh phí trong quý IV")
	// a1's button is now stale: answered already
	got = text(h.pressLabel(a1, lblAnswer))
	mustContain(t, got, "đã được trả lời")
	f, _ := h.db.FeedbackByID(ctx, 1)
	if f.Open() || f.Answer != "Xã sẽ bố trí kinh phí trong quý IV" {
		t.Errorf("feedback = %+v", f)
	}
	if open, _ := h.db.OpenFeedback(ctx, 10); len(open) != 0 {
		t.Errorf("%d still open", len(open))
	}
	// the report counts it
	un, _ := h.db.UnitByCode(ctx, "hoinongdan")
	fig, _ := h.db.ReportFigures(ctx, storage.FigureSpec{UnitID: un.ID, Year: 2026, Loc: h.deps.Loc})
	if fig.Counts["feedback_raised"] != 1 {
		t.Errorf("feedback_raised = %d", fig.Counts["feedback_raised"])
	}
}
