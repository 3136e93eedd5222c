package handlers

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"image/png"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/export"
	"github.com/dttsbot/dttsbot/storage"
	"github.com/dttsbot/dttsbot/storage/storagetest"
)

// seedOffice gives the commune a teacher (fully trained), a nurse (not),
// reports of three units and open feedback.
func seedOffice(t *testing.T, h *harness) {
	t.Helper()
	s := storagetest.New(t, h.path)
	s.Now = h.now
	teacher := s.AddStaff(storagetest.Staff{Unit: "thcs", Name: "Lò Thị Mai", BirthYear: 1988, Sex: "nu", Ethnic: "03",
		NationalID: "001188012345", Category: "vien_chuc", Levels: [4]string{"Đại học", "Trung cấp", "Chuyên viên", "Cơ bản"}, Joined: "2012-09-05"})
	nurse := s.AddStaff(storagetest.Staff{Unit: "tramyte", Name: "Hà Văn Nam", BirthYear: 1992, Sex: "nam", Ethnic: "02",
		Category: "vien_chuc", Levels: [4]string{"Cao đẳng", "", "", ""}, Joined: "2019-03-15"})
	s.AddTraining(teacher, "ky_nang_so", "Kỹ năng số cơ bản", "completed", "2026-04-01", "2026-04-10")
	s.AddTraining(nurse, "ky_nang_so", "Chuyển đổi số trong y tế", "completed", "2026-05-04", "2026-05-08")
	s.AddReport("thcs", 2026, "submitted", false, time.Date(2026, 8, 20, 3, 0, 0, 0, time.UTC),
		map[string]any{"activities": map[string]any{"value": "Cử giáo viên học kỹ năng số"}, "difficulties": map[string]any{"value": "Thiếu kinh phí"}})
	s.AddReport("tramyte", 2026, "accepted", false, time.Date(2026, 8, 25, 3, 0, 0, 0, time.UTC), map[string]any{})
	s.AddReport("kinhte", 2026, "draft", false, time.Time{}, map[string]any{})
	s.AddFeedback("tramyte", "Chưa rõ cách nhập chứng chỉ", false)
}

func photoOf(t *testing.T, rs []bot.Reply) (width int) {
	t.Helper()
	for _, r := range rs {
		if r.Photo != nil {
			if r.Photo.MIME != "image/png" {
				t.Errorf("photo MIME %q", r.Photo.MIME)
			}
			img, err := png.Decode(bytes.NewReader(r.Photo.Data))
			if err != nil {
				t.Fatalf("chart is not a PNG: %v", err)
			}
			return img.Bounds().Dx()
		}
	}
	t.Fatalf("no chart among %d replies", len(rs))
	return 0
}

func TestStatusAdminSeesEveryUnit(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	seedOffice(t, h)
	got := h.send("telegram:1", "/trangthai")
	txt := text(got)
	mustContain(t, txt, "Tình hình thực hiện Kế hoạch năm 2026", "Hạn gửi báo cáo: 10/10/2026 — còn 39 ngày.",
		"Báo cáo: 2/14 đơn vị đã gửi (1 đã tiếp nhận); 1 đang soạn; 0 bị trả lại; 11 chưa có; 0 muộn hạn.",
		"toàn xã: 1/2 người (50%), còn thiếu 1 người so với chỉ tiêu 80%", "Phản ánh chưa trả lời: 1.",
		"1. Phòng Văn hóa - Xã hội — báo cáo: chưa có; đào tạo đầy đủ: chưa có",
		"Trạm Y tế — báo cáo: đã tiếp nhận 25/08; đào tạo đầy đủ: 0/1 người (0%), còn thiếu 1 người so với chỉ tiêu 80%; phản ánh chờ trả lời: 1",
		"14. Trường THCS — báo cáo: đã gửi 20/08; đào tạo đầy đủ: 1/1 người (100%), đạt chỉ tiêu 80%")
	mustNotContain(t, txt, "NaN")
	if w := photoOf(t, got); w <= 640 {
		t.Errorf("admin chart width %d: want one bar per unit (> 640 px)", w)
	}
	// The phrase and the alias reach it too.
	mustContain(t, text(h.send("telegram:1", "trang thai")), "Tình hình thực hiện")
	mustContain(t, text(h.send("telegram:1", "/status")), "Tình hình thực hiện")
}

// An officer sees their own unit: no other unit's name or figures, no
// commune-wide total.
func TestStatusOfficerSeesOwnUnitOnly(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:7", "tramyte")
	seedOffice(t, h)
	got := h.send("telegram:7", "/trangthai")
	txt := text(got)
	mustContain(t, txt, "Hạn gửi báo cáo: 10/10/2026 — còn 39 ngày.", "Trạm Y tế — báo cáo: đã tiếp nhận 25/08; đào tạo đầy đủ: 0/1 người (0%)",
		"phản ánh chờ trả lời: 1")
	mustNotContain(t, txt, "Trường THCS", "Phòng Kinh tế", "toàn xã", "đơn vị đã gửi", "1/2", "Lò Thị Mai", "Hà Văn Nam")
	if w := photoOf(t, got); w != 640 {
		t.Errorf("officer chart width %d, want 640 (one unit)", w)
	}
}

func TestStatusAfterDeadline(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	seedOffice(t, h)
	h.now = time.Date(2026, 10, 13, 2, 0, 0, 0, time.UTC)
	txt := text(h.send("telegram:1", "/trangthai"))
	mustContain(t, txt, "Hạn gửi báo cáo: 10/10/2026 — đã quá hạn 3 ngày.", "12 muộn hạn",
		"Phòng Kinh tế — báo cáo: đang soạn, quá hạn", "Trường THCS — báo cáo: đã gửi 20/08;")
}

func TestExportSendsWorkbookAndReport(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	seedOffice(t, h)
	got := h.send("telegram:1", "/xuat")
	var docs []*bot.Attachment
	for _, r := range got {
		if r.Document != nil {
			docs = append(docs, r.Document)
		}
	}
	if len(docs) != 2 || !strings.HasSuffix(docs[0].Name, ".xlsx") || docs[0].MIME != mimeXLSX ||
		!strings.HasSuffix(docs[1].Name, ".docx") || docs[1].MIME != mimeDOCX {
		t.Fatalf("documents = %+v", docs)
	}
	x, err := excelize.OpenReader(bytes.NewReader(docs[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n := len(x.GetSheetList()); n != 5 {
		t.Errorf("workbook has %d sheets", n)
	}
	if v, _ := x.GetCellValue(export.SheetRoster, "D2"); v != "Hà Văn Nam" {
		t.Errorf("roster D2 = %q", v)
	}
	if !bytes.Contains(docs[1].Data, []byte("word/document.xml")) {
		t.Errorf("docx lacks word/document.xml")
	}
	entries, _ := h.db.AuditPage(context.Background(), 0, 10)
	if len(entries) == 0 || entries[0].Action != "export.create" {
		t.Errorf("export not audited: %+v", entries)
	}
}

func TestOfficeCommandsRefusedForOfficers(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:7", "tramyte")
	seedOffice(t, h)
	for _, cmd := range []string{"/xuat", "/export", "/nhatky", "/audit", "/nhap", "xuất", "nhật ký"} {
		got := h.send("telegram:7", cmd)
		mustOneLine(t, got, "không có quyền")
		for _, r := range got {
			if r.Document != nil || r.Photo != nil {
				t.Errorf("%s sent a file to an officer", cmd)
			}
		}
	}
	// The "Xem tiếp" button too, even forged.
	mustOneLine(t, h.press("telegram:7", "nk.100"), "không có quyền")
	mustContain(t, text(h.send("telegram:99", "/trangthai")), "không có quyền")
}

func TestAuditPagingAndEveryViewAudited(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	ctx := context.Background()
	p, _ := h.db.PersonByIdentity(ctx, "telegram", "1")
	for i := 1; i <= 20; i++ {
		if err := h.db.Audit(ctx, storage.AuditEntry{ActorID: p.ID, Actor: "admin", Action: "staff.view", ObjectType: "staff", ObjectID: itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	got := h.send("telegram:1", "/nhatky")
	rep, ok := lastChoices(got)
	if !ok || len(rep.Choices) != 1 || rep.Choices[0].Label != lblAuditMore {
		t.Fatalf("no «Xem tiếp» button:\n%s", text(got))
	}
	data := rep.Choices[0].ID
	if len(data) > 64 {
		t.Errorf("callback data %q longer than 64 bytes", data)
	}
	first := rep.Text
	mustContain(t, first, "Nhật ký thao tác", "xem thông tin cán bộ — cán bộ #20", "cán bộ #6")
	mustNotContain(t, first, "cán bộ #5 ")
	if n := strings.Count(first, "\n#"); n != auditPageSize {
		t.Errorf("first page has %d entries, want %d", n, auditPageSize)
	}
	second := text(h.press("telegram:1", data))
	mustContain(t, second, "cán bộ #5", "cán bộ #1")
	mustNotContain(t, second, "cán bộ #6", "Xem tiếp")
	// The typed form pages the same way (text channels).
	mustContain(t, text(h.send("telegram:1", "/nhatky "+strings.TrimPrefix(data, "nk."))), "cán bộ #5")
	mustContain(t, text(h.send("telegram:1", "/nhatky abc")), "ví dụ: /nhatky 120")
	views := 0
	all, _ := h.db.AuditPage(ctx, 0, 100)
	for _, e := range all {
		if e.Action == "audit.view" {
			views++
		}
	}
	if views != 3 {
		t.Errorf("%d audit.view entries, want 3 (one per view)", views)
	}
	// A later view shows the earlier views, named.
	mustContain(t, text(h.send("telegram:1", "/audit")), "xem nhật ký")
}

// fakeFetcher serves files by id, as a channel's file API would.
type fakeFetcher map[string][]byte

func (f fakeFetcher) Fetch(ctx context.Context, ref bot.FileRef) ([]byte, error) {
	b, ok := f[ref.ID]
	if !ok {
		return nil, errors.New("no such file")
	}
	return b, nil
}

func (h *harness) sendFile(user, id, name string) []bot.Reply {
	return h.update(user, bot.Update{Document: &bot.FileRef{ID: id, Name: name}})
}

// importWorkbook is a template with one good row and two bad ones.
func importWorkbook(t *testing.T) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", export.SheetRoster)
	rows := [][]any{
		{"Họ và tên", "Năm sinh", "Dân tộc", "Mã đơn vị", "Phân loại", "Số định danh cá nhân"},
		{"Lục Văn An", 1995, "Tay", "tramyte", "Viên chức", "001095000123"},
		{"Nguyễn Văn Kinh", 1990, "Kinh", "kinhte", "Công chức", ""},
		{"Sai Đơn Vị", 1990, "Mông", "khongco", "Viên chức", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow(export.SheetRoster, cell, &r)
	}
	var buf bytes.Buffer
	x.WriteTo(&buf)
	return buf.Bytes()
}

func TestImportThroughTheBot(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	files := fakeFetcher{"bad": importWorkbook(t), "junk": []byte("PK\x03\x04nope")}
	h.deps.Fetcher = files
	ctx := context.Background()
	mustContain(t, text(h.send("telegram:1", "/nhap")), "Vui lòng gửi tệp danh sách cán bộ")
	mustOneLine(t, h.send("telegram:1", "đây là tệp"), "Vui lòng gửi tệp .xlsx hoặc .csv")
	mustOneLine(t, h.sendFile("telegram:1", "junk", "x.xlsx"), "Tệp không đọc được")
	got := text(h.sendFile("telegram:1", "bad", "ds.xlsx"))
	mustContain(t, got, "Có 2 dòng chưa hợp lệ:", "Dòng 3: người dân tộc Kinh không thuộc diện theo dõi.",
		"Dòng 4: đơn vị “khongco” không có trong danh sách", "Chưa nhập gì", "Chỉ nhập 1 dòng hợp lệ")
	if all, _ := h.db.StaffOfUnit(ctx, 0, true); len(all) != 0 {
		t.Fatalf("an invalid file imported %d people before confirmation", len(all))
	}
	mustContain(t, text(h.pressLabel("telegram:1", "Chỉ nhập")), "Đã nhập xong: 1 người thêm mới, 0 người cập nhật, 0 người không thay đổi; 2 dòng lỗi bỏ qua.")
	all, _ := h.db.StaffOfUnit(ctx, 0, true)
	if len(all) != 1 || all[0].FullName != "Lục Văn An" || all[0].EthnicCode != "02" || all[0].NationalID != "001095000123" {
		t.Fatalf("imported %+v", all)
	}

	// Export, then send the workbook back: every row matched, none added.
	xl := h.send("telegram:1", "/xuat")
	for _, r := range xl {
		if r.Document != nil && strings.HasSuffix(r.Document.Name, ".xlsx") {
			files["export"] = r.Document.Data
		}
	}
	h.send("telegram:1", "/nhap")
	mustContain(t, text(h.sendFile("telegram:1", "export", "dtts.xlsx")), "Tệp hợp lệ: 1 người")
	mustContain(t, text(h.pressLabel("telegram:1", lblImport)), "0 người thêm mới, 0 người cập nhật, 1 người không thay đổi")
	if all, _ := h.db.StaffOfUnit(ctx, 0, true); len(all) != 1 {
		t.Errorf("re-import left %d people, want 1", len(all))
	}

	// Cancel saves nothing.
	h.send("telegram:1", "/nhap")
	h.sendFile("telegram:1", "bad", "ds.xlsx")
	mustContain(t, text(h.pressLabel("telegram:1", lblCancel)), "Đã hủy")
	if all, _ := h.db.StaffOfUnit(ctx, 0, true); len(all) != 1 {
		t.Errorf("cancelled import changed the roster: %d people", len(all))
	}
}

func TestImportWithoutFetcher(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.send("telegram:1", "/nhap")
	mustOneLine(t, h.sendFile("telegram:1", "f", "ds.xlsx"), "dttsbot import staff")
}

// A report submitted through /baocao reaches the status, the workbook and
// the consolidated report (the officers' answer format read as is).
func TestSubmittedReportReachesTheOfficeDocuments(t *testing.T) {
	h := newHarness(t)
	h.admin("telegram:1")
	h.officer("telegram:2", "kinhte")
	h.send("telegram:2", "/baocao")
	h.answerReport("telegram:2")
	mustContain(t, text(h.send("telegram:2", lblSubmit)), "Đã gửi báo cáo năm 2026")
	mustContain(t, text(h.send("telegram:2", "/trangthai")), "Phòng Kinh tế — báo cáo: đã gửi 01/09")
	got := h.send("telegram:1", "/xuat")
	var xlsx, docx []byte
	for _, r := range got {
		if r.Document != nil && strings.HasSuffix(r.Document.Name, ".xlsx") {
			xlsx = r.Document.Data
		} else if r.Document != nil {
			docx = r.Document.Data
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(export.SheetReports)
	if row := strings.Join(rows[2], "|"); !strings.Contains(row, "Phòng Kinh tế|Đã gửi") || !strings.Contains(row, "Báo cáo kết quả: đã cử 3 viên chức") {
		t.Errorf("Phòng Kinh tế's answers missing from the reports sheet: %q", rows[2])
	}
	doc := docxText(t, docx)
	mustContain(t, doc, "Phòng Kinh tế: Báo cáo kết quả: đã cử 3 viên chức dự lớp kỹ năng số", "01/14 cơ quan, đơn vị đã gửi báo cáo")
}

// docxText is the text of word/document.xml, tags dropped.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			raw, _ := io.ReadAll(rc)
			rc.Close()
			return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(raw), "")
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}
