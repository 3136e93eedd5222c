package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// docxText reads a part of a .docx, checks it is well-formed XML and
// returns its raw XML and its text (w:t runs, paragraphs on new lines).
func docxPart(t *testing.T, b []byte, name string) (raw, text string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	for _, f := range z.File {
		if f.Name != name {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		dec := xml.NewDecoder(bytes.NewReader(data))
		var sb strings.Builder
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
			switch x := tok.(type) {
			case xml.StartElement:
				inText = x.Name.Local == "t"
			case xml.EndElement:
				if x.Name.Local == "p" {
					sb.WriteString("\n")
				}
				inText = false
			case xml.CharData:
				if inText {
					sb.Write(x)
				}
			}
		}
		return string(data), sb.String()
	}
	t.Fatalf("docx has no %s", name)
	return "", ""
}

func TestConsolidatedReportDocx(t *testing.T) {
	f := newFixture(t)
	f.typical()
	var buf bytes.Buffer
	if err := Report(context.Background(), &buf, f.db, f.opt); err != nil {
		t.Fatalf("Report: %v", err)
	}
	for _, part := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml",
		"word/settings.xml", "word/header1.xml", "docProps/core.xml", "docProps/app.xml"} {
		docxPart(t, buf.Bytes(), part)
	}
	raw, text := docxPart(t, buf.Bytes(), "word/document.xml")
	for _, want := range []string{
		// Decree 30 header
		"UBND XÃ NGUYỄN LƯƠNG BẰNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Số:", "/BC-UBND", "Nguyễn Lương Bằng, ngày", "năm 2026",
		"BÁO CÁO\nKết quả thực hiện Kế hoạch triển khai thực hiện Quyết định số 470/QĐ-TTg trên địa bàn xã Nguyễn Lương Bằng năm 2026",
		// sections
		"I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN", "III. KHÓ KHĂN, VƯỚNG MẮC", "IV. ĐỀ XUẤT, KIẾN NGHỊ",
		"1. Công tác tạo nguồn, tuyển dụng", "2. Công tác quy hoạch, bố trí", "3. Công tác đào tạo, bồi dưỡng",
		"4. Công tác quản lý, cập nhật dữ liệu", "5. Công tác tuyên truyền", "6. Kết quả thực hiện của các cơ quan, đơn vị",
		"7. Kết quả so với mục tiêu",
		// figures
		"400 người dân tộc thiểu số, chiếm khoảng 1,18%", "đang theo dõi 02 cán bộ", "01/02, đạt 50% (chỉ tiêu giai đoạn: 80%)",
		"02/14 cơ quan, đơn vị đã gửi báo cáo", "thông báo 01 đợt tuyển dụng", "bổ sung 02 người",
		"kỹ năng số / chuyển đổi số: 02 lượt", "1/2 người (50%)", "Chưa đạt",
		// units, answers of submitted reports only
		"Trường THCS: Cử 01 giáo viên tham gia bồi dưỡng kỹ năng số", "Trạm Y tế: Rà soát hồ sơ viên chức người DTTS",
		"Trường THCS: Kinh phí cử giáo viên đi học còn hạn chế", "Trường THCS: Đề nghị UBND xã hỗ trợ kinh phí bồi dưỡng",
		"Phòng Kinh tế: chưa gửi báo cáo (đang soạn); chưa có cán bộ", "Phòng Văn hóa - Xã hội: chưa có báo cáo;",
		"chưa có cán bộ, công chức và có 01 viên chức",
		"Hiện còn 01 phản ánh",
		// closing
		"Sở Nội vụ thành phố Hải Phòng xem xét, tổng hợp./.", "Nơi nhận:", "- Lưu: VT, VHXH.",
		"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, not := range []string{"nháp", "3 tin bài", "NaN"} { // a draft's and a returned report's answers stay out
		if strings.Contains(text, not) {
			t.Errorf("report contains %q", not)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
	// Layout: A4 with the decree's margins, a borderless header table,
	// bordered figures table, page numbers from page 2.
	for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:left="1701"`, `w:right="851"`, "<w:titlePg/>",
		`<w:top w:val="nil"/>`, `<w:insideV w:val="single"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	first := raw[strings.Index(raw, "<w:tbl>"):strings.Index(raw, "</w:tbl>")]
	if !strings.Contains(first, "CỘNG HÒA") || strings.Contains(first, `w:val="single" w:sz="4"`) {
		t.Errorf("the header table must hold the motto without borders")
	}
	styles, _ := docxPart(t, buf.Bytes(), "word/styles.xml")
	if !strings.Contains(styles, `w:ascii="Times New Roman"`) || !strings.Contains(styles, `<w:sz w:val="28"/>`) {
		t.Errorf("default font is not Times New Roman 14 pt")
	}
}

// With no staff and no reports the report still reads: no NaN, no 0 %.
func TestConsolidatedReportEmpty(t *testing.T) {
	f := newFixture(t)
	var buf bytes.Buffer
	if err := Report(context.Background(), &buf, f.db, f.opt); err != nil {
		t.Fatal(err)
	}
	_, text := docxPart(t, buf.Bytes(), "word/document.xml")
	for _, want := range []string{"Chưa có số liệu để tính tỷ lệ", "0/14 cơ quan, đơn vị đã gửi báo cáo", "Chưa có số liệu"} {
		if !strings.Contains(text, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
	for _, not := range []string{"NaN", " 0%", "(0%)"} {
		if strings.Contains(text, not) {
			t.Errorf("empty report contains %q:\n%s", not, text)
		}
	}
}
