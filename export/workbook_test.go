package export

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func buildWorkbook(t *testing.T, f *fixture) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Workbook(context.Background(), &buf, f.db, f.opt); err != nil {
		t.Fatalf("Workbook: %v", err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func TestWorkbookSheetsHeadersAndValues(t *testing.T) {
	f := newFixture(t)
	f.typical()
	x := buildWorkbook(t, f)
	want := []string{SheetSummary, SheetRoster, SheetTraining, SheetReports, SheetRecruit}
	if got := x.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	rows, err := x.GetRows(SheetRoster)
	if err != nil {
		t.Fatal(err)
	}
	var hdr []string
	for _, c := range rosterColumns {
		hdr = append(hdr, c.header)
	}
	if strings.Join(rows[0], "|") != strings.Join(hdr, "|") {
		t.Errorf("roster header = %q, want %q", rows[0], hdr)
	}
	if len(rows) != 4 {
		t.Fatalf("roster has %d rows, want header + 3", len(rows))
	}
	// The unit order follows the plan: Trạm Y tế (6th) before THCS (14th);
	// active before those who left.
	r := rows[1]
	if r[2] != "Trạm Y tế" || r[3] != "Hà Văn Nam" || r[6] != "Tày" || r[8] != "Viên chức" || r[15] != "15/03/2019" || r[17] != "Không" {
		t.Errorf("row 2 = %q", r)
	}
	if rows[3][3] != "Lò Thị Mai" || rows[3][7] != "001188012345" || rows[3][17] != "Có" || rows[3][14] != "Có" {
		t.Errorf("row 4 = %q", rows[3])
	}

	// Types: birth year is a number, joined date a date, national ID text.
	assertNumber(t, x, SheetRoster, "E2", 1992)
	assertDate(t, x, SheetRoster, "P2", time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC))
	assertDate(t, x, SheetRoster, "Q3", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
	if typ, _ := x.GetCellType(SheetRoster, "H4"); typ == excelize.CellTypeNumber {
		t.Errorf("national ID stored as a number: leading zeros would be lost")
	}

	// Trainings: area names from the plan, dates as dates.
	tr, _ := x.GetRows(SheetTraining)
	if len(tr) != 4 || tr[0][3] != colArea {
		t.Fatalf("training sheet = %q", tr)
	}
	found := false
	for _, row := range tr[1:] {
		if row[2] == "Hà Văn Nam" && row[3] == "Lý luận chính trị" && row[8] == "Đang học" {
			found = true
		}
	}
	if !found {
		t.Errorf("training of Hà Văn Nam missing: %q", tr)
	}
	assertDate(t, x, SheetTraining, "G2", time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC))

	// Summary: one row per unit and the commune; coverage a percentage
	// number; no staff is "chưa có", not 0 %.
	sum, _ := x.GetRows(SheetSummary)
	if sum[0][1] != colUnit || sum[15][1] != wbCommune {
		t.Fatalf("summary rows: %q / %q", sum[0], sum[15])
	}
	if sum[1][7] != wbNotAvailable {
		t.Errorf("office without staff: coverage %q, want %q", sum[1][7], wbNotAvailable)
	}
	assertNumber(t, x, SheetSummary, "H15", 1)   // THCS: 100 %
	assertNumber(t, x, SheetSummary, "H16", 0.5) // commune: 1 of 2
	assertNumber(t, x, SheetSummary, "I16", 0.8)
	if sum[14][2] != "Đã gửi" || sum[6][2] != "Đã tiếp nhận" || sum[2][2] != "Đang soạn" {
		t.Errorf("report states: %q %q %q", sum[14][2], sum[6][2], sum[2][2])
	}

	// Unit reports: figures as numbers, narrative as text.
	rep, _ := x.GetRows(SheetReports)
	col := -1
	for i, h := range rep[0] {
		if h == "Khó khăn, vướng mắc" {
			col = i
		}
	}
	if col < 0 || rep[14][col] != "Kinh phí cử giáo viên đi học còn hạn chế" {
		t.Errorf("THCS difficulties not in the reports sheet: %q", rep[14])
	}
	assertNumber(t, x, SheetReports, "G15", 1) // staff_total of THCS

	// Recruitment and pool.
	rec, _ := x.GetRows(SheetRecruit)
	if rec[1][1] != "Giáo viên Tiếng Anh" || rec[1][9] != "1" {
		t.Errorf("vacancy row = %q", rec[1])
	}
	joined := ""
	for _, r := range rec {
		joined += strings.Join(r, "|") + "\n"
	}
	for _, w := range []string{sectionPool, "Lường Văn Hải|Phạm Kha|Thái", "Sùng Thị Dua|Phạm Kha|Mông"} {
		if !strings.Contains(joined, w) {
			t.Errorf("recruit sheet lacks %q:\n%s", w, joined)
		}
	}
}

func assertNumber(t *testing.T, x *excelize.File, sheet, cell string, want float64) {
	t.Helper()
	typ, err := x.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("%s!%s type %v (%q), want a number", sheet, cell, typ, raw)
		return
	}
	var got float64
	if _, err := fmtSscan(raw, &got); err != nil || got != want {
		t.Errorf("%s!%s = %q, want %v", sheet, cell, raw, want)
	}
}

func assertDate(t *testing.T, x *excelize.File, sheet, cell string, want time.Time) {
	t.Helper()
	raw, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	var serial float64
	if _, err := fmtSscan(raw, &serial); err != nil {
		t.Errorf("%s!%s = %q: not a date serial", sheet, cell, raw)
		return
	}
	got, err := excelize.ExcelDateToTime(serial, false)
	if err != nil || !got.Equal(want) {
		t.Errorf("%s!%s = %v (%q), want %v", sheet, cell, got, raw, want)
	}
	id, _ := x.GetCellStyle(sheet, cell)
	st, err := x.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "dd/mm/yyyy" {
		t.Errorf("%s!%s number format is not a date: %+v", sheet, cell, st)
	}
}

// Every sheet has a frozen header row and an autofilter.
func TestWorkbookFrozenHeaderAndFilter(t *testing.T) {
	f := newFixture(t)
	f.typical()
	var buf bytes.Buffer
	if err := Workbook(context.Background(), &buf, f.db, f.opt); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, zf := range z.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		n++
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		s := string(b)
		if !strings.Contains(s, `state="frozen"`) || !strings.Contains(s, `<autoFilter ref="$A$1:`) || !strings.Contains(s, "<cols>") {
			t.Errorf("%s: frozen=%v autofilter=%v widths=%v", zf.Name, strings.Contains(s, `state="frozen"`),
				strings.Contains(s, "<autoFilter"), strings.Contains(s, "<cols>"))
		}
	}
	if n != 5 {
		t.Errorf("%d worksheets, want 5", n)
	}
}
