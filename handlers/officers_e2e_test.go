package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// answerReport answers every question the report flow asks until the review:
// figures confirmed, texts typed.
func (h *harness) answerReport(user string) string {
	h.t.Helper()
	for i := 0; i < 40; i++ {
		rs := h.inbox(user)
		last := rs[len(rs)-1]
		switch {
		case strings.Contains(last.Text, "Xem lại báo cáo"):
			return last.Text
		case strings.Contains(last.Text, "Số liệu hệ thống"):
			h.send(user, "đúng")
		case strings.Contains(last.Text, "Vui lòng gõ nội dung"):
			// starts with a spoken command on purpose: it must stay an answer
			h.send(user, "Báo cáo kết quả: đã cử 3 viên chức dự lớp kỹ năng số.")
		default:
			h.t.Fatalf("unexpected report prompt: %q", last.Text)
		}
	}
	h.t.Fatal("report never reached the review")
	return ""
}

func TestOfficerEndToEnd(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin, officer := "telegram:1", "zalo:2"
	h.admin(admin)
	h.admin("zalo:9") // a second admin: every admin is told
	h.officer(officer, "tieuhoc")

	// Roster: three teachers with sufficient levels in three required areas.
	h.addStaff(officer, "Lò Thị Mai", "1990", "Viên chức", "Đại học", "Trung cấp", "Chuyên viên", lblSkip)
	h.addStaff(officer, "Hà Văn Nam", "1988", "Viên chức", "Cao đẳng", "Cao cấp", "Chuyên viên chính", "Chưa có")
	added := h.addStaff(officer, "Sầm Thị Hoa", "1995", "Viên chức", "Đại học", "Trung cấp", "Chuyên viên", lblSkip)
	mustContain(t, added, "đơn vị: 0/3 người (0%)")
	list := text(h.send(officer, "/canbo"))
	mustContain(t, list, "1. Hà Văn Nam — 1988, Nữ, Tày; viên chức", "Lò Thị Mai", "Sầm Thị Hoa", "đơn vị: 0/3 người (0%)")

	// Training: the class of three completes a digital-skills course.
	h.send(officer, "/daotao")
	h.send(officer, lblTrainingNew)
	got := h.send(officer, "1, 2, 3") // typed numbers pick the whole class
	mustContain(t, text(got), askArea)
	got = h.steps(officer, "Kỹ năng số / chuyển đổi số", "Bồi dưỡng kỹ năng số 2026", "Sở Nội vụ", "10/3/2026", "2026-03-14", "Đã hoàn thành", lblSkip)
	mustContain(t, text(got), "Người tham gia (3): Hà Văn Nam, Lò Thị Mai, Sầm Thị Hoa", "10/03/2026 – 14/03/2026", "Sở Nội vụ")
	got = h.send(officer, lblSave)
	mustContain(t, text(got), "Đã lưu 3 mục", "đơn vị: 0/3 người (0%) → 3/3 người (100%)", "Chỉ tiêu năm 2026: 80%")
	ts, _ := h.db.TrainingsOfUnit(ctx, 0)
	if len(ts) != 3 {
		t.Fatalf("%d training rows, want 3", len(ts))
	}

	// Report: answer a few questions, restart the bot, resume.
	got = h.send(officer, "/baocao")
	mustContain(t, text(got), "đã trả lời 0/18 câu", "Câu 1/18", "Số liệu hệ thống: 3")
	h.send(officer, "đúng")
	got = h.send(officer, "4") // a correction keeps both values
	mustContain(t, text(got), "Đã ghi số liệu đơn vị báo cáo: 4 (số liệu hệ thống: 0", "Câu 3/18")
	h.restart()
	got = h.send(officer, "đúng") // the conversation survived the restart
	mustContain(t, text(got), "Câu 4/18")
	h.send(officer, "/huy")
	h.restart()
	got = h.send(officer, "/baocao") // even without it, the saved answers are
	mustContain(t, text(got), "đã trả lời 3/18 câu", "Câu 4/18")
	review := h.answerReport(officer)
	mustContain(t, review, "2. Số cán bộ người DTTS: 4 (hệ thống: 0)", "Báo cáo kết quả: đã cử 3 viên chức")
	got = h.send(officer, lblSubmit)
	mustContain(t, text(got), "Đã gửi báo cáo năm 2026 (lần 1)")
	for _, a := range []string{admin, "zalo:9"} {
		mustContain(t, text(h.inbox(a)), "Trường Tiểu học đã gửi báo cáo năm 2026 (lần 1).")
	}
	u, _ := h.db.UnitByCode(ctx, "tieuhoc")
	r, err := h.db.ReportOf(ctx, u.ID, 2026)
	if err != nil || r.Status != storage.ReportSubmitted || r.Version != 1 || r.Late {
		t.Fatalf("after submit: %+v, %v", r, err)
	}
	if a := r.Answers["staff_can_bo"]; a.Value != "4" || a.Prefilled != "0" || !a.Corrected {
		t.Errorf("correction stored as %+v", a)
	}
	if a := r.Answers["trained_ky_nang_so"]; a.Value != "3" || a.Corrected {
		t.Errorf("confirmed figure stored as %+v", a)
	}

	// The office returns it with a comment on question 2.
	h.pressLabel(admin, lblReviewNow)
	h.send(admin, lblReturn)
	got = h.send(admin, "2")
	mustContain(t, text(got), "Góp ý cho câu 2. Số cán bộ người DTTS", "Trả lời của đơn vị: 4")
	h.send(admin, "Đơn vị không có cán bộ, đề nghị kiểm tra lại")
	got = h.send(admin, lblSendBack)
	mustContain(t, text(got), "Đã trả lại báo cáo của Trường Tiểu học")
	mustContain(t, text(h.inbox(officer)), "đề nghị sửa báo cáo năm 2026", "Câu 2 (Số cán bộ người DTTS): Đơn vị không có cán bộ")

	// The officer is asked only the returned question, then resubmits.
	got = h.send(officer, "/baocao")
	mustContain(t, text(got), "đã trả lời 17/18 câu", "Câu 2/18", "Góp ý của Phòng Văn hóa - Xã hội: Đơn vị không có cán bộ", "Trả lời đã lưu: 4")
	got = h.send(officer, "đúng")
	mustContain(t, text(got), "Xem lại báo cáo", "2. Số cán bộ người DTTS: 0\n")
	h.send(officer, lblSubmit)
	r, _ = h.db.ReportOf(ctx, u.ID, 2026)
	if r.Status != storage.ReportSubmitted || r.Version != 2 {
		t.Fatalf("after resubmit: %s v%d", r.Status, r.Version)
	}

	// The office accepts it.
	h.send(admin, "/baocao")
	h.pressLabel(admin, "Duyệt: Trường Tiểu học")
	got = h.send(admin, lblAccept)
	mustContain(t, text(got), "Đã chấp nhận báo cáo của Trường Tiểu học")
	mustContain(t, lastText(h.inbox(officer)), "đã được Phòng Văn hóa - Xã hội chấp nhận")
	r, _ = h.db.ReportOf(ctx, u.ID, 2026)
	vs, _ := h.db.ReportVersions(ctx, r.ID)
	rv, _ := h.db.ReportReviews(ctx, r.ID)
	if r.Status != storage.ReportAccepted || len(vs) != 2 || len(rv) != 2 {
		t.Fatalf("final: %s, %d versions, %d reviews", r.Status, len(vs), len(rv))
	}
	if vs[0].Answers["staff_can_bo"].Value != "4" || vs[1].Answers["staff_can_bo"].Value != "0" {
		t.Errorf("versions keep %q then %q", vs[0].Answers["staff_can_bo"].Value, vs[1].Answers["staff_can_bo"].Value)
	}
	if rv[0].Decision != "returned" || rv[0].Version != 1 || rv[1].Decision != "accepted" || rv[1].Version != 2 {
		t.Errorf("reviews: %+v", rv)
	}
	mustContain(t, text(h.send(officer, "/baocao")), "đã được Phòng Văn hóa - Xã hội chấp nhận")
}

func TestLateReportIsMarked(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.officer("telegram:2", "kinhte")
	h.now = time.Date(2026, 10, 10, 17, 30, 0, 0, time.UTC) // 00:30 on 11/10 in Hà Nội
	h.send("telegram:2", "/baocao")
	h.answerReport("telegram:2")
	got := h.send("telegram:2", lblSubmit)
	mustContain(t, text(got), "nộp muộn (hạn 10/10/2026)")
	mustContain(t, text(h.inbox("telegram:1")), "Phòng Kinh tế đã gửi báo cáo năm 2026 (lần 1). (nộp muộn)")
}

func TestReportOnTimeAtDeadlineEvening(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:2", "kinhte")
	h.now = time.Date(2026, 10, 10, 16, 30, 0, 0, time.UTC) // 23:30 on 10/10 in Hà Nội
	h.send("telegram:2", "/baocao")
	h.answerReport("telegram:2")
	mustNotContain(t, text(h.send("telegram:2", lblSubmit)), "muộn")
}
