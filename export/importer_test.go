package export

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dttsbot/dttsbot/storage"
)

func (f *fixture) importer(t *testing.T) Importer {
	t.Helper()
	units, err := f.db.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return Importer{Plan: f.opt.Plan, Units: units, Now: f.opt.Now}
}

// comparable strips what an import does not carry (ids, stamps, author).
func comparable(ss []storage.Staff) []storage.Staff {
	out := make([]storage.Staff, len(ss))
	for i, s := range ss {
		s.ID, s.CreatedBy = 0, 0
		s.CreatedAt, s.UpdatedAt = time.Time{}, time.Time{}
		out[i] = s
	}
	return out
}

// Export → import into an empty database gives the same roster; importing
// the same file again changes nothing and duplicates no one.
func TestRosterRoundTrip(t *testing.T) {
	src := newFixture(t)
	src.typical()
	var buf bytes.Buffer
	ctx := context.Background()
	if err := Workbook(ctx, &buf, src.db, src.opt); err != nil {
		t.Fatal(err)
	}
	dst := newFixture(t)
	rows, bad, err := dst.importer(t).Parse("du-lieu.xlsx", buf.Bytes())
	if err != nil || len(bad) != 0 {
		t.Fatalf("Parse: %v %v", err, bad)
	}
	var staff []storage.Staff
	for _, r := range rows {
		staff = append(staff, r.Staff)
	}
	res, err := dst.db.ImportStaff(ctx, staff, 0, "test", "du-lieu.xlsx")
	if err != nil || res.Created != 3 {
		t.Fatalf("ImportStaff = %+v, %v; want 3 created", res, err)
	}
	want, _ := src.db.StaffOfUnit(ctx, 0, true)
	got, _ := dst.db.StaffOfUnit(ctx, 0, true)
	w, g := comparable(want), comparable(got)
	if len(w) != len(g) {
		t.Fatalf("got %d staff, want %d", len(g), len(w))
	}
	for i := range w {
		if w[i] != g[i] {
			t.Errorf("staff %d:\n got %+v\nwant %+v", i, g[i], w[i])
		}
	}
	// Again into the source itself: matched, not duplicated.
	res, err = src.db.ImportStaff(ctx, staff, 0, "test", "du-lieu.xlsx")
	if err != nil || res.Created != 0 || res.Unchanged != 3 {
		t.Errorf("re-import = %+v, %v; want 3 unchanged", res, err)
	}
	if all, _ := src.db.StaffOfUnit(ctx, 0, true); len(all) != 3 {
		t.Errorf("re-import left %d staff, want 3", len(all))
	}
}

// badWorkbook is a template with two good rows and four bad ones.
func badWorkbook(t *testing.T) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", SheetRoster)
	hdr := []any{colSTT, colUnitCode, colUnit, colName, colBirthYear, colSex, colEthnic, colNationalID, colCategory,
		colPosition, colProfessional, colPolitical, colStateMgmt, colDigital, colPlanning, colJoined, colLeft}
	x.SetSheetRow(SheetRoster, "A1", &hdr)
	rows := [][]any{
		{1, "tramyte", "", "Hà Văn Nam", 1992, "Nam", "Tay", "001092000111", "Viên chức", "Điều dưỡng", "Cao đẳng", "", "", "Cơ bản", "Không", "15/03/2019", ""},
		{2, "", "Trường THCS", "Lò Thị Mai", 1988, "Nữ", "thái", "", "vien chuc", "Giáo viên", "Đại học", "Trung cấp", "", "", "Có", "2012-09-05", ""},
		{3, "kinhte", "", "Nguyễn Văn Kinh", 1990, "Nam", "Kinh", "", "Công chức", "", "", "", "", "", "", "", ""},
		{4, "khongco", "", "Sai Đơn Vị", 19, "Nam", "Xyz", "12345", "Giám đốc", "", "Tiến sĩ vũ trụ", "", "", "", "", "31/02/2020", ""},
		{5, "tramyte", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
		{6, "thcs", "", "Lò Thị Mai", 1988, "Nữ", "Thái", "", "Viên chức", "", "", "", "", "", "", "", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		x.SetSheetRow(SheetRoster, cell, &r)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportNamesEveryBadRow(t *testing.T) {
	f := newFixture(t)
	rows, bad, err := f.importer(t).Parse("mau.xlsx", badWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Errorf("%d valid rows, want 2", len(rows))
	}
	msgs := map[int]string{}
	for _, e := range bad {
		msgs[e.Row] = e.String()
	}
	want := map[int][]string{
		4: {"Dòng 4:", "người dân tộc Kinh không thuộc diện theo dõi"},
		5: {"Dòng 5:", "năm sinh “19”", "dân tộc “Xyz”", "đơn vị “khongco”", "phân loại “Giám đốc”", "số định danh “12345”",
			"Trình độ chuyên môn “Tiến sĩ vũ trụ”", "Ngày vào làm “31/02/2020”"},
		6: {"Dòng 6:", "thiếu họ và tên", "thiếu năm sinh", "thiếu dân tộc", "thiếu phân loại"},
		7: {"Dòng 7:", "trùng người với dòng 3"},
	}
	if len(msgs) != len(want) {
		t.Errorf("bad rows %v, want rows 4–7", msgs)
	}
	for row, parts := range want {
		for _, p := range parts {
			if !strings.Contains(msgs[row], p) {
				t.Errorf("row %d: %q lacks %q", row, msgs[row], p)
			}
		}
	}
	// The valid rows were read right.
	s := rows[1].Staff
	if s.FullName != "Lò Thị Mai" || s.EthnicCode != "03" || s.Category != storage.CatVienChuc || !s.InPlanning ||
		s.LevelProfessional != "Đại học" || s.JoinedOn.Format("2006-01-02") != "2012-09-05" || s.Sex != "nu" {
		t.Errorf("row 3 read as %+v", s)
	}
	if rows[0].Staff.NationalID != "001092000111" || rows[0].Staff.LevelDigital != "Cơ bản" {
		t.Errorf("row 2 read as %+v", rows[0].Staff)
	}
}

func TestImportCSVAndFileErrors(t *testing.T) {
	f := newFixture(t)
	im := f.importer(t)
	csv := "\ufeffHọ và tên;Năm sinh;Dân tộc;Mã đơn vị;Phân loại;Ngày vào làm\n" +
		"Lục Văn An;1995;H'Mông;tramyte;Người lao động;1/7/2025\n" +
		"\n" +
		"Ma Thị Bé;2030;Mường;tramyte;Viên chức;\n"
	rows, bad, err := im.Parse("ds.csv", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Staff.EthnicCode != "08" || rows[0].Staff.JoinedOn.Format("2006-01-02") != "2025-07-01" {
		t.Errorf("rows = %+v", rows)
	}
	if len(bad) != 1 || bad[0].Row != 4 || !strings.Contains(bad[0].String(), "năm sinh “2030”") {
		t.Errorf("bad = %v", bad)
	}
	for name, data := range map[string]string{
		"no name column": "Năm sinh,Dân tộc,Đơn vị,Phân loại\n1990,Tày,kinhte,Công chức\n",
		"not a table":    "PK\x03\x04garbage",
		"binary":         "\xff\xfe\x00\x01",
		"header only":    "Họ và tên,Năm sinh,Dân tộc,Đơn vị,Phân loại\n",
	} {
		_, _, err := im.Parse(name+".csv", []byte(data))
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("%s: err = %v, want a FileError", name, err)
		}
	}
}

func FuzzImportParse(f *testing.F) {
	f.Add("a.csv", []byte("Họ và tên,Năm sinh,Dân tộc,Đơn vị,Phân loại\nA,1990,Tày,kinhte,Công chức\n"))
	f.Add("a.csv", []byte("Họ và tên;Năm sinh;Dân tộc;Mã đơn vị;Phân loại;Ngày vào làm\nB;x;;;;99999999\n"))
	f.Add("a.xlsx", []byte("PK\x03\x04"))
	fx := newFixture(f)
	units, _ := fx.db.Units(context.Background())
	im := Importer{Plan: fx.opt.Plan, Units: units, Now: fx.opt.Now}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		rows, bad, err := im.Parse(name, data)
		if err != nil && (rows != nil || bad != nil) {
			t.Errorf("error with rows")
		}
	})
}
