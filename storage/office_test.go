package storage

import (
	"context"
	"testing"
	"time"
)

func TestImportStaffMatchesAndUpdates(t *testing.T) {
	db, u := testDB(t)
	ctx := context.Background()
	first := []Staff{
		{UnitID: u["a"], FullName: "Lò Thị Mai", BirthYear: 1988, EthnicCode: "03", NationalID: "001188012345", Category: CatVienChuc},
		{UnitID: u["a"], FullName: "Hà Văn Nam", BirthYear: 1992, EthnicCode: "02", Category: CatCongChuc, JoinedOn: day("2019-03-15")},
	}
	res, err := db.ImportStaff(ctx, first, 0, "cli", "a.xlsx")
	if err != nil || res != (ImportResult{Created: 2}) {
		t.Fatalf("first import = %+v, %v", res, err)
	}
	second := []Staff{
		// same national ID, moved to unit b, new position: updated
		{UnitID: u["b"], FullName: "Lò Thị Mai", BirthYear: 1988, EthnicCode: "03", NationalID: "001188012345", Category: CatVienChuc, Position: "Giáo viên"},
		// no ID, same unit + name (other case and spacing) + year: updated, gains an ID
		{UnitID: u["a"], FullName: "hà  văn nam", BirthYear: 1992, EthnicCode: "02", NationalID: "001092000111", Category: CatCongChuc, JoinedOn: day("2019-03-15")},
		// same name, other birth year: a new person
		{UnitID: u["a"], FullName: "Hà Văn Nam", BirthYear: 1995, EthnicCode: "02", Category: CatNguoiLaoDong},
	}
	res, err = db.ImportStaff(ctx, second, 0, "cli", "b.xlsx")
	if err != nil || res != (ImportResult{Created: 1, Updated: 2}) {
		t.Fatalf("second import = %+v, %v", res, err)
	}
	all, _ := db.StaffOfUnit(ctx, 0, true)
	if len(all) != 3 {
		t.Fatalf("%d staff, want 3", len(all))
	}
	byName := map[string]Staff{}
	for _, s := range all {
		byName[s.FullName+" "+itoa(s.BirthYear)] = s
	}
	if m := byName["Lò Thị Mai 1988"]; m.UnitID != u["b"] || m.Position != "Giáo viên" {
		t.Errorf("Mai = %+v", m)
	}
	if n := byName["hà  văn nam 1992"]; n.NationalID != "001092000111" {
		t.Errorf("Nam = %+v (all %v)", n, byName)
	}
	// A row without an ID keeps the one on record.
	res, err = db.ImportStaff(ctx, []Staff{{UnitID: u["b"], FullName: "Lò Thị Mai", BirthYear: 1988, EthnicCode: "03", Category: CatVienChuc, Position: "Giáo viên"}}, 0, "cli", "c.csv")
	if err != nil || res != (ImportResult{Unchanged: 1}) {
		t.Errorf("third import = %+v, %v", res, err)
	}
	entries, _ := db.AuditPage(ctx, 0, 100)
	counts := map[string]int{}
	for _, e := range entries {
		counts[e.Action]++
	}
	if counts["staff.import.create"] != 3 || counts["staff.import.update"] != 2 || counts["staff.import"] != 3 {
		t.Errorf("audit = %v", counts)
	}
}

// One bad row (an unknown unit) rolls the whole import back.
func TestImportStaffIsOneTransaction(t *testing.T) {
	db, u := testDB(t)
	ctx := context.Background()
	rows := []Staff{
		{UnitID: u["a"], FullName: "Lò Thị Mai", BirthYear: 1988, EthnicCode: "03", Category: CatVienChuc},
		{UnitID: 9999, FullName: "Không Đơn Vị", BirthYear: 1990, EthnicCode: "02", Category: CatVienChuc},
	}
	if _, err := db.ImportStaff(ctx, rows, 0, "cli", "x"); err == nil {
		t.Fatal("import with a missing unit succeeded")
	}
	if all, _ := db.StaffOfUnit(ctx, 0, true); len(all) != 0 {
		t.Errorf("a failed import left %d staff", len(all))
	}
	if e, _ := db.AuditPage(ctx, 0, 10); len(e) != 0 {
		t.Errorf("a failed import left %d audit entries", len(e))
	}
}

func TestDecodeAnswers(t *testing.T) {
	got := decodeAnswers(`{"a": "text", "b": 12, "c": 75.5, "d": {"value": "9", "prefilled": "8"}, "e": {"text": "x"}, "f": true, "g": null, "h": [1]}`)
	want := map[string]string{"a": "text", "b": "12", "c": "75.5", "d": "9", "e": "x", "f": "true"}
	if len(got) != len(want) {
		t.Errorf("decodeAnswers = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("answer %s = %q, want %q", k, got[k], v)
		}
	}
	if len(decodeAnswers("not json")) != 0 {
		t.Errorf("unreadable answers gave values")
	}
}

func TestPeriodStatusStates(t *testing.T) {
	db, u := testDB(t)
	ctx := context.Background()
	deadline := time.Date(2026, 10, 10, 16, 59, 59, 0, time.UTC)
	if _, err := db.OpenReport(ctx, u["a"], 2026); err != nil {
		t.Fatal(err)
	}
	ps, err := db.PeriodStatus(ctx, 2026, deadline, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Units) != 3 || ps.Units[1].Report != ReportDraft || ps.Units[0].Report != ReportStateNone || ps.Late() != 0 {
		t.Fatalf("before the deadline: %+v", ps.Units)
	}
	if ps.Units[1].LastActivity.IsZero() || !ps.Units[2].LastActivity.IsZero() {
		t.Errorf("last activity: %v / %v", ps.Units[1].LastActivity, ps.Units[2].LastActivity)
	}
	db.Now = func() time.Time { return deadline.Add(time.Hour) }
	ps, _ = db.PeriodStatus(ctx, 2026, deadline, nil, u["b"])
	if len(ps.Units) != 1 || ps.Units[0].Unit.ID != u["b"] || !ps.Units[0].Overdue || ps.Late() != 1 {
		t.Errorf("one unit after the deadline: %+v", ps.Units)
	}
}

func itoa(n int) string { return time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") }

// AreaCoverage and CoverageDetail agree with coverage's own computation.
func TestCoverageDetailAndAreasAgreeWithCoverage(t *testing.T) {
	db, u := testDB(t)
	ctx := context.Background()
	rules := []AreaRule{
		{Area: "cm", LevelField: "professional", Sufficient: []string{"Đại học", "Cao đẳng"}},
		{Area: "so", LevelField: "digital", Sufficient: []string{"Cơ bản"}},
	}
	add := func(unit int64, name, cat, prof, digital string) int64 {
		s, err := db.AddStaff(ctx, 0, Staff{UnitID: unit, FullName: name, BirthYear: 1990, EthnicCode: "02", Category: cat,
			LevelProfessional: prof, LevelDigital: digital})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	a1 := add(u["a"], "A Một", CatCongChuc, "đại học", "")
	add(u["a"], "A Hai", CatVienChuc, "", "Cơ bản")
	add(u["b"], "B Một", CatVienChuc, "Cao đẳng", "Cơ bản")
	add(u["b"], "B Thợ", CatNguoiLaoDong, "Đại học", "Cơ bản") // a worker: not counted
	if _, err := db.AddTrainings(ctx, 0, u["a"], []int64{a1}, Training{Area: "so", Course: "Kỹ năng số", From: day("2026-04-01"),
		To: day("2026-04-10"), Status: TrainCompleted}); err != nil {
		t.Fatal(err)
	}
	d, err := db.CoverageDetail(ctx, rules)
	if err != nil {
		t.Fatal(err)
	}
	byUnit, total, _ := db.CoverageByUnit(ctx, rules)
	if d.Total != total || len(d.ByUnit) != len(byUnit) || d.ByUnit[u["a"]] != byUnit[u["a"]] || d.ByUnit[u["b"]] != byUnit[u["b"]] {
		t.Errorf("CoverageDetail %+v / %+v, CoverageByUnit %+v / %+v", d.ByUnit, d.Total, byUnit, total)
	}
	if total.Active != 3 || total.FullyTrained != 2 {
		t.Errorf("total = %+v, want 2 of 3", total)
	}
	areas, err := db.AreaCoverage(ctx, rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		one, _, _ := db.CoverageByUnit(ctx, []AreaRule{r})
		n := 0
		for _, c := range one {
			n += c.FullyTrained
		}
		if areas[r.Area] != n {
			t.Errorf("AreaCoverage[%s] = %d, coverage by that rule alone = %d", r.Area, areas[r.Area], n)
		}
	}
}
