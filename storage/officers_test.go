package storage

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// testDB opens a real SQLite file with three units: lead, a, b.
func testDB(t *testing.T) (*DB, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	err = db.SavePlan(ctx, "test", "test", []byte("x"), []UnitSpec{
		{Code: "lead", Name: "Office", Kind: "lead", Lead: true}, {Code: "a", Name: "A", Kind: "agency"}, {Code: "b", Name: "B", Kind: "school"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range []string{"lead", "a", "b"} {
		u, err := db.UnitByCode(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		ids[c] = u.ID
	}
	return db, ids
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustStaff(t *testing.T, db *DB, s Staff) Staff {
	t.Helper()
	if s.Category == "" {
		s.Category = CatCongChuc
	}
	if s.EthnicCode == "" {
		s.EthnicCode = "02"
	}
	if s.BirthYear == 0 {
		s.BirthYear = 1990
	}
	got, err := db.AddStaff(context.Background(), 0, s)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func mustTrain(t *testing.T, db *DB, unit int64, staff []int64, area, status, to string) {
	t.Helper()
	_, err := db.AddTrainings(context.Background(), 0, unit, staff, Training{Area: area, Course: "c", From: day(to), To: day(to), Status: status})
	if err != nil {
		t.Fatal(err)
	}
}

var testRules = []AreaRule{
	{Area: "chuyen_mon", LevelField: "professional", Sufficient: []string{"Trung cấp", "Đại học"}},
	{Area: "ly_luan", LevelField: "political", Sufficient: []string{"Trung cấp", "Cao cấp"}},
	{Area: "ky_nang_so"}, // only a completed training covers it
}

func TestCoverage(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, db *DB, u map[string]int64)
		unitA  Coverage // unit a
		total  Coverage
		hasPct bool
	}{
		{name: "no staff", setup: func(*testing.T, *DB, map[string]int64) {}, hasPct: false},
		{name: "levels only do not cover an area without a level rule", setup: func(t *testing.T, db *DB, u map[string]int64) {
			mustStaff(t, db, Staff{UnitID: u["a"], FullName: "X", LevelProfessional: "Đại học", LevelPolitical: "Cao cấp"})
		}, unitA: Coverage{Active: 1}, total: Coverage{Active: 1}, hasPct: true},
		{name: "sufficient levels plus a completed training", setup: func(t *testing.T, db *DB, u map[string]int64) {
			s := mustStaff(t, db, Staff{UnitID: u["a"], FullName: "X", LevelProfessional: "đại  học", LevelPolitical: "TRUNG CẤP"})
			mustTrain(t, db, u["a"], []int64{s.ID}, "ky_nang_so", TrainCompleted, "2026-05-01")
		}, unitA: Coverage{Active: 1, FullyTrained: 1}, total: Coverage{Active: 1, FullyTrained: 1}, hasPct: true},
		{name: "insufficient level", setup: func(t *testing.T, db *DB, u map[string]int64) {
			s := mustStaff(t, db, Staff{UnitID: u["a"], FullName: "X", LevelProfessional: "Sơ cấp", LevelPolitical: "Trung cấp"})
			mustTrain(t, db, u["a"], []int64{s.ID}, "ky_nang_so", TrainCompleted, "2026-05-01")
		}, unitA: Coverage{Active: 1}, total: Coverage{Active: 1}, hasPct: true},
		{name: "trainings cover every area; registered or attending do not count", setup: func(t *testing.T, db *DB, u map[string]int64) {
			s1 := mustStaff(t, db, Staff{UnitID: u["a"], FullName: "X"})
			s2 := mustStaff(t, db, Staff{UnitID: u["a"], FullName: "Y"})
			both := []int64{s1.ID, s2.ID}
			mustTrain(t, db, u["a"], both, "chuyen_mon", TrainCompleted, "2026-05-01")
			mustTrain(t, db, u["a"], both, "ly_luan", TrainCompleted, "2026-05-01")
			mustTrain(t, db, u["a"], []int64{s1.ID}, "ky_nang_so", TrainCompleted, "2026-05-01")
			mustTrain(t, db, u["a"], []int64{s2.ID}, "ky_nang_so", TrainAttending, "2026-05-01")
		}, unitA: Coverage{Active: 2, FullyTrained: 1}, total: Coverage{Active: 2, FullyTrained: 1}, hasPct: true},
		{name: "left staff and workers excluded; other units in the total", setup: func(t *testing.T, db *DB, u map[string]int64) {
			s := mustStaff(t, db, Staff{UnitID: u["a"], FullName: "Left", LevelProfessional: "Đại học", LevelPolitical: "Cao cấp"})
			mustTrain(t, db, u["a"], []int64{s.ID}, "ky_nang_so", TrainCompleted, "2026-05-01")
			if err := db.MarkStaffLeft(context.Background(), 0, u["a"], s.ID, day("2026-06-01")); err != nil {
				t.Fatal(err)
			}
			mustStaff(t, db, Staff{UnitID: u["a"], FullName: "Worker", Category: CatNguoiLaoDong})
			mustStaff(t, db, Staff{UnitID: u["a"], FullName: "Stays"})
			mustStaff(t, db, Staff{UnitID: u["b"], FullName: "Other", Category: CatVienChuc})
		}, unitA: Coverage{Active: 1}, total: Coverage{Active: 2}, hasPct: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, u := testDB(t)
			tc.setup(t, db, u)
			byUnit, total, err := db.CoverageByUnit(context.Background(), testRules)
			if err != nil {
				t.Fatal(err)
			}
			got := byUnit[u["a"]]
			if got.Active != tc.unitA.Active || got.FullyTrained != tc.unitA.FullyTrained {
				t.Errorf("unit a = %+v, want %+v", got, tc.unitA)
			}
			if total.Active != tc.total.Active || total.FullyTrained != tc.total.FullyTrained {
				t.Errorf("total = %+v, want %+v", total, tc.total)
			}
			one, err := db.CoverageOfUnit(context.Background(), u["a"], testRules)
			if err != nil || one.Active != tc.unitA.Active || one.FullyTrained != tc.unitA.FullyTrained {
				t.Errorf("CoverageOfUnit = %+v, %v, want %+v", one, err, tc.unitA)
			}
			if _, ok := one.Percent(); ok != tc.hasPct {
				t.Errorf("Percent ok = %v, want %v", ok, tc.hasPct)
			}
		})
	}
}

func TestReportFiguresEqualData(t *testing.T) {
	db, u := testDB(t)
	ctx := context.Background()
	a := u["a"]
	s1 := mustStaff(t, db, Staff{UnitID: a, FullName: "A1", Category: CatCongChuc, InPlanning: true, JoinedOn: day("2026-02-01"),
		LevelProfessional: "Đại học", LevelPolitical: "Trung cấp"})
	s2 := mustStaff(t, db, Staff{UnitID: a, FullName: "A2", Category: CatVienChuc, JoinedOn: day("2020-02-01")})
	mustStaff(t, db, Staff{UnitID: a, FullName: "A3", Category: CatNguoiLaoDong, JoinedOn: day("2026-12-31")})
	s4 := mustStaff(t, db, Staff{UnitID: a, FullName: "A4", Category: CatCanBo, InPlanning: true})
	if err := db.MarkStaffLeft(ctx, 0, a, s4.ID, day("2026-03-01")); err != nil {
		t.Fatal(err)
	}
	mustStaff(t, db, Staff{UnitID: u["b"], FullName: "B1", Category: CatCongChuc, JoinedOn: day("2026-02-01")})
	mustTrain(t, db, a, []int64{s1.ID, s2.ID}, "ky_nang_so", TrainCompleted, "2026-05-01")
	mustTrain(t, db, a, []int64{s1.ID}, "ky_nang_so", TrainCompleted, "2025-12-31")  // last year
	mustTrain(t, db, a, []int64{s2.ID}, "chuyen_mon", TrainRegistered, "2026-11-01") // not completed
	mustTrain(t, db, a, []int64{s2.ID}, "chuyen_mon", TrainCompleted, "2026-01-01")
	for i := 0; i < 2; i++ {
		if _, err := db.AddFeedback(ctx, a, 0, "khó khăn"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddFeedback(ctx, u["b"], 0, "khó khăn"); err != nil {
		t.Fatal(err)
	}
	// last year's feedback: 31/12/2025 23:30 in Hà Nội is 16:30 UTC
	db.Now = func() time.Time { return time.Date(2025, 12, 31, 16, 30, 0, 0, time.UTC) }
	if _, err := db.AddFeedback(ctx, a, 0, "cũ"); err != nil {
		t.Fatal(err)
	}
	// 1/1/2026 00:30 in Hà Nội is still 2025 in UTC: counts for 2026
	db.Now = func() time.Time { return time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC) }
	if _, err := db.AddFeedback(ctx, a, 0, "mới"); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	f, err := db.ReportFigures(ctx, FigureSpec{UnitID: a, Year: 2026, Loc: loc, Rules: testRules, Areas: []string{"chuyen_mon", "ky_nang_so", "ly_luan"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"staff_total": 2, "staff_can_bo": 0, "staff_cong_chuc": 1, "staff_vien_chuc": 1, "staff_nguoi_lao_dong": 1,
		"staff_new": 2, "staff_left": 1, "in_planning": 1, "feedback_raised": 3,
		"trained_chuyen_mon": 1, "trained_ky_nang_so": 2, "trained_ly_luan": 0,
		"vacancies_announced": 0, "outreach_sent": 0, "nominations": 0,
	}
	for k, w := range want {
		if got, ok := f.Counts[k]; !ok || got != w {
			t.Errorf("figure %s = %d (present %v), want %d", k, got, ok, w)
		}
	}
	// s1 is fully trained (levels + kỹ năng số); s2 lacks lý luận.
	if f.Coverage.Active != 2 || f.Coverage.FullyTrained != 1 {
		t.Errorf("coverage = %+v, want 1 of 2", f.Coverage)
	}
}

func TestReportLifecycle(t *testing.T) {
	db, u := testDB(t)
	ctx := context.Background()
	r, err := db.OpenReport(ctx, u["a"], 2026)
	if err != nil || r.Status != ReportDraft || r.Version != 0 {
		t.Fatalf("OpenReport = %+v, %v", r, err)
	}
	if again, _ := db.OpenReport(ctx, u["a"], 2026); again.ID != r.ID {
		t.Fatalf("OpenReport made a second report")
	}
	if _, err := db.SaveAnswer(ctx, r.ID, u["b"], "x", Answer{Value: "1"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("answer through another unit: %v, want ErrNotFound", err)
	}
	if _, err := db.SaveAnswer(ctx, r.ID, u["a"], "staff_total", Answer{Value: "3", Prefilled: "2", Corrected: true}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Date(2026, 10, 10, 23, 59, 59, 0, time.UTC)
	if _, err := db.SubmitReport(ctx, r.ID, u["b"], 1, deadline); !errors.Is(err, ErrNotFound) {
		t.Errorf("submit through another unit: %v, want ErrNotFound", err)
	}
	r, err = db.SubmitReport(ctx, r.ID, u["a"], 0, deadline)
	if err != nil || r.Status != ReportSubmitted || r.Version != 1 || r.Late {
		t.Fatalf("submit = %+v, %v", r, err)
	}
	if _, err := db.SaveAnswer(ctx, r.ID, u["a"], "staff_total", Answer{Value: "4"}); !errors.Is(err, ErrConflict) {
		t.Errorf("answer after submit: %v, want ErrConflict", err)
	}
	r, err = db.ReturnReport(ctx, r.ID, 0, map[string]string{"staff_total": "kiểm tra lại"})
	if err != nil || r.Status != ReportReturned || !r.Answers["staff_total"].Returned {
		t.Fatalf("return = %+v, %v", r, err)
	}
	if r.Answers["staff_total"].Prefilled != "2" || r.Answers["staff_total"].Value != "3" {
		t.Errorf("return lost the answer: %+v", r.Answers["staff_total"])
	}
	db.Now = func() time.Time { return deadline.Add(time.Hour) }
	if r, err = db.SaveAnswer(ctx, r.ID, u["a"], "staff_total", Answer{Value: "2", Prefilled: "2"}); err != nil || r.Answers["staff_total"].Returned {
		t.Fatalf("answer again = %+v, %v", r.Answers, err)
	}
	r, err = db.SubmitReport(ctx, r.ID, u["a"], 0, deadline)
	if err != nil || r.Version != 2 || r.Late {
		t.Fatalf("resubmit = %+v, %v (a resubmission keeps the first verdict)", r, err)
	}
	if r, err = db.AcceptReport(ctx, r.ID, 0); err != nil || r.Status != ReportAccepted {
		t.Fatalf("accept = %+v, %v", r, err)
	}
	if _, err := db.AcceptReport(ctx, r.ID, 0); !errors.Is(err, ErrConflict) {
		t.Errorf("accept twice: %v", err)
	}
	vs, _ := db.ReportVersions(ctx, r.ID)
	rv, _ := db.ReportReviews(ctx, r.ID)
	if len(vs) != 2 || vs[0].Answers["staff_total"].Value != "3" || vs[1].Answers["staff_total"].Value != "2" {
		t.Errorf("versions = %+v", vs)
	}
	if len(rv) != 2 || rv[0].Decision != ReportReturned || rv[0].Comments["staff_total"] != "kiểm tra lại" || rv[1].Decision != ReportAccepted {
		t.Errorf("reviews = %+v", rv)
	}
	// a first submission after the deadline is late
	r2, _ := db.OpenReport(ctx, u["b"], 2026)
	if r2, err = db.SubmitReport(ctx, r2.ID, u["b"], 0, deadline); err != nil || !r2.Late {
		t.Errorf("late submit = %+v, %v", r2, err)
	}
}

func TestStaffAndTrainingScopedToUnit(t *testing.T) {
	db, u := testDB(t)
	ctx := context.Background()
	sb := mustStaff(t, db, Staff{UnitID: u["b"], FullName: "B"})
	if _, err := db.UnitStaff(ctx, u["a"], sb.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("UnitStaff of another unit: %v", err)
	}
	sb.FullName = "Changed"
	if err := db.SaveStaff(ctx, 0, u["a"], sb, "full_name"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveStaff of another unit: %v", err)
	}
	if err := db.MarkStaffLeft(ctx, 0, u["a"], sb.ID, day("2026-01-01")); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkStaffLeft of another unit: %v", err)
	}
	sa := mustStaff(t, db, Staff{UnitID: u["a"], FullName: "A"})
	if _, err := db.AddTrainings(ctx, 0, u["a"], []int64{sa.ID, sb.ID}, Training{Area: "x", Course: "c", From: day("2026-01-01"), To: day("2026-01-02"), Status: TrainCompleted}); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddTrainings with another unit's staff: %v", err)
	}
	if ts, _ := db.TrainingsOfUnit(ctx, 0); len(ts) != 0 {
		t.Errorf("a refused class left %d rows", len(ts))
	}
	if got, _ := db.StaffByID(ctx, sb.ID); got.FullName != "B" || !got.Active() {
		t.Errorf("other unit's staff changed: %+v", got)
	}
	dups, err := db.StaffDuplicates(ctx, "", " b ", 1990)
	if err != nil || len(dups) != 1 || dups[0].ID != sb.ID {
		t.Errorf("StaffDuplicates by name = %+v, %v", dups, err)
	}
	withID := mustStaff(t, db, Staff{UnitID: u["a"], FullName: "C", BirthYear: 1970, NationalID: "034190001234"})
	if dups, _ := db.StaffDuplicates(ctx, "034190001234", "Other Name", 1999); len(dups) != 1 || dups[0].ID != withID.ID {
		t.Errorf("StaffDuplicates by national ID = %+v", dups)
	}
	if dups, _ := db.StaffDuplicates(ctx, "", "Other Name", 1999); len(dups) != 0 {
		t.Errorf("an empty national ID matched %+v", dups)
	}
}
