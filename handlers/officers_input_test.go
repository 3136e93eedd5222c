package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
)

// bad sends input that must be refused: one Vietnamese line with an
// example, nothing else.
func (h *harness) bad(user, input, want string) {
	h.t.Helper()
	rs := h.send(user, input)
	if len(rs) != 1 || strings.Contains(rs[0].Text, "\n") || len(rs[0].Choices) > 0 {
		h.t.Errorf("%q: want one line, got %q", input, text(rs))
		return
	}
	low := strings.ToLower(rs[0].Text)
	if !strings.Contains(low, "ví dụ") || !strings.Contains(rs[0].Text, want) {
		h.t.Errorf("%q: got %q, want a line with %q and an example", input, rs[0].Text, want)
	}
}

// Every step keeps its question after bad input: the next good answer is
// taken as the answer to that same question.
func TestBadInputKeepsTheStep(t *testing.T) {
	h := newHarness(t)
	u := "telegram:2"
	h.officer(u, "tramyte")
	h.send(u, "/canbo")
	h.send(u, lblStaffAdd)
	h.bad(u, "12345", "Họ và tên chưa đúng")
	h.bad(u, strings.Repeat("Mai ", 30), "tối đa 100 ký tự")
	mustContain(t, text(h.send(u, "  Lò   Thị Mai ")), askYear)
	h.bad(u, "90", "Năm sinh chưa đúng")
	h.bad(u, "2020", "từ 1946 đến 2011")
	mustContain(t, text(h.send(u, "năm 1990")), askSex)
	h.bad(u, "khác", "Vui lòng chọn")
	mustContain(t, text(h.send(u, "nu")), askEthnic)
	h.bad(u, "Kinh", "không gồm dân tộc Kinh")
	h.bad(u, "Việt", "không gồm dân tộc Kinh")
	h.bad(u, "Pháp", "Không tìm thấy dân tộc")
	h.bad(u, "Khơ", "Khơ Me, Khơ Mú")
	h.bad(u, "Bru", "Có phải Bru Vân Kiều?")
	mustContain(t, text(h.send(u, "H'Mông")), askNationalID)
	h.bad(u, "12345", "12 chữ số")
	mustContain(t, text(h.send(u, "034 190 001 234")), askCategory)
	h.bad(u, "giám đốc", "Vui lòng chọn")
	mustContain(t, text(h.send(u, "công chức")), askPosition)
	h.send(u, "Y sĩ")
	h.bad(u, "Giỏi", "Vui lòng chọn")
	h.steps(u, "dai hoc", lblSkip, lblSkip, lblSkip, "Không")
	h.bad(u, "31/02/2020", "không có trên lịch")
	h.bad(u, "hôm qua", "ngày/tháng/năm")
	h.bad(u, "01/01/2099", "không được sau hôm nay")
	got := text(h.send(u, "2020-02-29"))
	mustContain(t, got, "Dân tộc: Mông", "Số định danh cá nhân: 034190001234", "Trình độ chuyên môn: Đại học", "Ngày vào làm: 29/02/2020")
	h.bad(u, "có lẽ", "Vui lòng chọn")
	h.send(u, lblSave)

	h.send(u, "/daotao")
	h.send(u, lblTrainingNew)
	h.bad(u, "1, 9", "gõ các số thứ tự")
	h.bad(u, "ai cũng được", "gõ các số thứ tự")
	h.pressLabel(u, lblDone) // nothing picked yet
	if last := lastText(h.inbox(u)); !strings.Contains(last, "ít nhất một mục") {
		t.Errorf("Xong with nobody: %q", last)
	}
	mustContain(t, text(h.send(u, "1")), askArea)
	h.bad(u, "Thể thao", "Vui lòng chọn")
	h.steps(u, "Chuyên môn", "Lớp điều dưỡng")
	mustContain(t, text(h.send(u, lblSkip)), askFrom)
	h.bad(u, "15/13/2026", "ngày/tháng/năm")
	h.send(u, "15/03/2026")
	h.bad(u, "14/03/2026", "không được trước ngày bắt đầu (15/03/2026)")
	h.send(u, "20/03/2026")
	h.send(u, "Đang học")
	h.bad(u, "giấy chứng nhận ở nhà", "ảnh chụp giấy chứng nhận")
	got = text(h.update(u, bot.Update{Photo: &bot.FileRef{ID: "AgACAgQAAx0"}}))
	mustContain(t, got, "Giấy chứng nhận: đã có ảnh", "15/03/2026 – 20/03/2026", "Đang học")
	h.send(u, lblSave)
	ts, _ := h.db.TrainingsOfUnit(context.Background(), 0)
	if len(ts) != 1 || ts[0].Certificate != "AgACAgQAAx0" || ts[0].Status != "attending" || ts[0].Area != "chuyen_mon" {
		t.Fatalf("training saved as %+v", ts)
	}

	h.send(u, "/baocao")
	h.bad(u, "ba người", "số nguyên")
	h.bad(u, "1,5", "số nguyên")
	h.bad(u, "-2", "số nguyên")
	for i := 0; i < 11; i++ {
		h.send(u, "đúng")
	}
	mustContain(t, lastText(h.inbox(u)), "Tỷ lệ CBCCVC")
	h.bad(u, "120", "từ 0 đến 100")
	h.send(u, "66,7")
	h.send(u, "1")
	h.send(u, "0")
	mustContain(t, lastText(h.inbox(u)), "Các hoạt động")
	h.bad(u, strings.Repeat("ạ", 2001), "tối đa 2000 ký tự")
	got = text(h.send(u, strings.Repeat("ạ", 2000)))
	mustContain(t, got, "Câu 16/17")
	h.send(u, "/baocao")
	h.send(u, "/huy")
	u2, _ := h.db.UnitByCode(context.Background(), "tramyte")
	r, _ := h.db.ReportOf(context.Background(), u2.ID, 2026)
	if a := r.Answers["coverage"]; a.Value != "66.7" || a.Prefilled != "0" || !a.Corrected {
		t.Errorf("coverage answer %+v", a)
	}
	if a := r.Answers["activities"]; bot.Runes(a.Value) != 2000 {
		t.Errorf("activities kept %d runes", bot.Runes(a.Value))
	}
}

// A text answer that starts with a spoken command is an answer, not a
// command; the command alone still switches.
func TestSpokenCommandInsideAnAnswer(t *testing.T) {
	h := newHarness(t)
	u := "zalo:5"
	h.officer(u, "mttq")
	h.send(u, "/phananh")
	got := h.send(u, "Cán bộ đơn vị chưa được tập huấn về báo cáo")
	mustContain(t, text(got), "Đã gửi phản ánh #1")
	f, err := h.db.FeedbackByID(context.Background(), 1)
	if err != nil || f.Body != "Cán bộ đơn vị chưa được tập huấn về báo cáo" {
		t.Fatalf("feedback = %+v, %v", f, err)
	}
	h.send(u, "/canbo")
	h.send(u, lblStaffAdd)
	h.steps(u, "Lò Văn Tú", "1991", "Nam", "Thái", lblSkip)
	got = h.send(u, "cán bộ") // the label of a choice, and a spoken command
	mustContain(t, text(got), askPosition)
	got = h.send(u, "báo cáo") // the phrase alone switches command
	mustContain(t, text(got), "Báo cáo năm 2026 của Ủy ban MTTQ")
}
