package scheduler

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
	"github.com/dttsbot/dttsbot/storage/storagetest"
)

func digestDB(t *testing.T, now time.Time) (*storage.DB, *storagetest.Seeder, *plan.Plan) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return now }
	p := plan.Default()
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead})
	}
	if err := db.SavePlan(ctx, p.Commune, "built-in", plan.DefaultYAML(), units); err != nil {
		t.Fatal(err)
	}
	return db, storagetest.New(t, path), p
}

func TestWeeklyDigest(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := time.Date(2026, 9, 7, 7, 30, 0, 0, loc) // a Monday
	db, s, p := digestDB(t, now)
	s.Now = time.Date(2026, 9, 3, 3, 0, 0, 0, time.UTC) // during the week
	a := s.AddStaff(storagetest.Staff{Unit: "thcs", Name: "Lò Thị Mai", Levels: [4]string{"Đại học", "Trung cấp", "Chuyên viên", "Cơ bản"}})
	s.AddStaff(storagetest.Staff{Unit: "tramyte", Name: "Hà Văn Nam"})
	s.AddTraining(a, "ky_nang_so", "Kỹ năng số", "completed", "2026-09-01", "2026-09-04")
	s.AddReport("thcs", 2026, "submitted", false, s.Now, map[string]any{})
	s.AddReport("kinhte", 2026, "draft", false, time.Time{}, map[string]any{})
	s.AddFeedback("tramyte", "Hỏi cách nhập chứng chỉ", false)
	s.Now = time.Date(2026, 8, 20, 3, 0, 0, 0, time.UTC) // before the week
	s.AddStaff(storagetest.Staff{Unit: "thcs", Name: "Lò Văn Cũ"})

	got, err := WeeklyDigest(context.Background(), db, p, loc, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Tóm tắt tuần 31/08 – 06/09/2026",
		"Hạn gửi báo cáo năm 2026: 10/10/2026 — còn 33 ngày.",
		"Báo cáo: 1/14 đơn vị đã gửi (0 đã tiếp nhận).",
		"Đang soạn (1): Phòng Kinh tế.",
		"Chưa có báo cáo (12): Phòng Văn hóa - Xã hội, Văn phòng HĐND và UBND,", "và 6 đơn vị khác",
		"toàn xã: 1/3 người (33,3%), chỉ tiêu 80%.",
		"Trong tuần: 2 người được thêm vào danh sách; 1 lượt đào tạo được ghi nhận, 1 lượt hoàn thành; 1 báo cáo được gửi; 1 phản ánh mới, 0 phản ánh được trả lời.",
		"Phản ánh chờ trả lời: 1 (cũ nhất từ 03/09/2026).",
		"/trangthai",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
	// After the deadline, the late units lead.
	late, err := WeeklyDigest(context.Background(), db, p, loc, time.Date(2026, 10, 12, 7, 30, 0, 0, loc))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"đã quá hạn 2 ngày", "Quá hạn (13): Phòng Văn hóa - Xã hội"} {
		if !strings.Contains(late, want) {
			t.Errorf("late digest lacks %q:\n%s", want, late)
		}
	}
}

// An empty commune reads sensibly: no NaN, no 0 %.
func TestWeeklyDigestEmpty(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	now := time.Date(2026, 9, 7, 7, 30, 0, 0, loc)
	db, _, p := digestDB(t, now)
	got, err := WeeklyDigest(context.Background(), db, p, loc, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "chưa có số liệu") || strings.Contains(got, "NaN") || strings.Contains(got, "(0%)") {
		t.Errorf("empty digest:\n%s", got)
	}
}
