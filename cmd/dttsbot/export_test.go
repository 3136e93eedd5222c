package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dttsbot/dttsbot/export"
	"github.com/dttsbot/dttsbot/storage"
	"github.com/dttsbot/dttsbot/storage/storagetest"
)

// newDB makes a config over a fresh database with the plan's units.
func newDB(t *testing.T) (cfg, db string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "bot.db")
	cfg = writeConfig(t, "database: "+db+"\n")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-config", cfg, "migrate"}, nil, &out, &out, env(nil)); err != nil {
		t.Fatal(err)
	}
	return cfg, db // the plan's units are written by export and import (openApp)
}

func staffCount(t *testing.T, path string) int {
	t.Helper()
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all, err := db.StaffOfUnit(context.Background(), 0, true)
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// export writes FILE.xlsx and FILE.docx (0600); importing the workbook into
// another database brings the roster over; importing it again adds no one.
func TestExportImportThroughRun(t *testing.T) {
	ctx := context.Background()
	cfg, dbPath := newDB(t)
	dir := filepath.Dir(dbPath)
	var out, errb bytes.Buffer
	xlsx := filepath.Join(dir, "tong-hop.xlsx")
	// A first export creates the units; then seed two people.
	if err := run(ctx, []string{"-config", cfg, "export", xlsx}, nil, &out, &errb, env(nil)); err != nil {
		t.Fatalf("export: %v %s", err, errb.String())
	}
	s := storagetest.New(t, dbPath)
	s.AddStaff(storagetest.Staff{Unit: "thcs", Name: "Lò Thị Mai", BirthYear: 1988, Ethnic: "03", NationalID: "001188012345", Joined: "2012-09-05"})
	s.AddStaff(storagetest.Staff{Unit: "tramyte", Name: "Hà Văn Nam", BirthYear: 1992, Ethnic: "02", Category: "cong_chuc"})
	out.Reset()
	if err := run(ctx, []string{"-config", cfg, "export", xlsx}, nil, &out, &errb, env(nil)); err != nil {
		t.Fatalf("export: %v %s", err, errb.String())
	}
	docx := filepath.Join(dir, "tong-hop.docx")
	mustContainStr(t, out.String(), "wrote "+xlsx+" and "+docx)
	for _, p := range []string{xlsx, docx} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
	x, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(export.SheetRoster)
	x.Close()
	if len(rows) != 3 {
		t.Fatalf("roster sheet has %d rows, want 3", len(rows))
	}

	cfg2, db2 := newDB(t)
	out.Reset()
	if err := run(ctx, []string{"-config", cfg2, "import", "staff", xlsx}, nil, &out, &errb, env(nil)); err != nil {
		t.Fatalf("import: %v", err)
	}
	mustContainStr(t, out.String(), "Đã nhập: 2 thêm mới, 0 cập nhật, 0 không thay đổi")
	out.Reset()
	if err := run(ctx, []string{"-config", cfg2, "import", "staff", xlsx}, nil, &out, &errb, env(nil)); err != nil {
		t.Fatalf("import again: %v", err)
	}
	mustContainStr(t, out.String(), "0 thêm mới, 0 cập nhật, 2 không thay đổi")
	if n := staffCount(t, db2); n != 2 {
		t.Errorf("after two imports: %d staff, want 2", n)
	}
}

// An invalid file imports nothing and names each bad row; --skip-invalid
// imports the valid rows only.
func TestImportInvalidCSVThroughRun(t *testing.T) {
	ctx := context.Background()
	cfg, dbPath := newDB(t)
	csv := filepath.Join(filepath.Dir(dbPath), "ds.csv")
	body := "Họ và tên,Năm sinh,Dân tộc,Mã đơn vị,Phân loại\n" +
		"Lục Văn An,1995,Tày,tramyte,Viên chức\n" +
		"Nguyễn Văn B,1990,Kinh,kinhte,Công chức\n" +
		"Ma Thị C,abc,Mường,xyz,Viên chức\n"
	if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := run(ctx, []string{"-config", cfg, "import", "staff", csv}, nil, &out, &errb, env(nil))
	if err == nil || !strings.Contains(err.Error(), "2 dòng chưa hợp lệ, chưa nhập gì") {
		t.Fatalf("import of a bad file: %v", err)
	}
	mustContainStr(t, out.String(), "Dòng 3: người dân tộc Kinh không thuộc diện theo dõi.", "Dòng 4: năm sinh “abc”", "đơn vị “xyz”")
	if n := staffCount(t, dbPath); n != 0 {
		t.Fatalf("a bad file imported %d people", n)
	}
	out.Reset()
	if err := run(ctx, []string{"-config", cfg, "import", "staff", csv, "--skip-invalid"}, nil, &out, &errb, env(nil)); err != nil {
		t.Fatalf("--skip-invalid: %v", err)
	}
	mustContainStr(t, out.String(), "Đã nhập: 1 thêm mới", "2 dòng lỗi bỏ qua")
	if n := staffCount(t, dbPath); n != 1 {
		t.Errorf("--skip-invalid imported %d people, want 1", n)
	}
	for _, args := range [][]string{{"import"}, {"import", "people", csv}, {"import", "staff"}, {"export"}, {"export", "x.csv"}} {
		if err := run(ctx, append([]string{"-config", cfg}, args...), nil, &out, &errb, env(nil)); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("%v: %v, want a usage line", args, err)
		}
	}
}

func mustContainStr(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}
