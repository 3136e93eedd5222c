package export

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
	"github.com/dttsbot/dttsbot/storage/storagetest"
)

type fixture struct {
	db   *storage.DB
	seed *storagetest.Seeder
	opt  Options
	path string
}

var hcm, _ = time.LoadLocation("Asia/Ho_Chi_Minh")

// newFixture opens a database with the default plan's units; the clock is
// 1 September 2026, 09:00 in Hà Nội time.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bot.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 9, 1, 9, 0, 0, 0, hcm)
	db.Now = func() time.Time { return now }
	p := plan.Default()
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead, Duties: u.Duties})
	}
	if err := db.SavePlan(ctx, p.Commune, "built-in", plan.DefaultYAML(), units); err != nil {
		t.Fatal(err)
	}
	s := storagetest.New(t, path)
	s.Now = now
	return &fixture{db: db, seed: s, path: path, opt: Options{Plan: p, Loc: hcm, Now: now}}
}

// typical seeds a small commune: a teacher fully trained, a nurse half
// trained, one who left, reports of three units, feedback and the pool.
func (f *fixture) typical() {
	s := f.seed
	teacher := s.AddStaff(storagetest.Staff{Unit: "thcs", Name: "Lò Thị Mai", BirthYear: 1988, Sex: "nu", Ethnic: "03",
		NationalID: "001188012345", Category: "vien_chuc", Position: "Giáo viên", Levels: [4]string{"Đại học", "Trung cấp", "Chuyên viên", "Cơ bản"},
		InPlanning: true, Joined: "2012-09-05"})
	nurse := s.AddStaff(storagetest.Staff{Unit: "tramyte", Name: "Hà Văn Nam", BirthYear: 1992, Sex: "nam", Ethnic: "02",
		Category: "vien_chuc", Position: "Điều dưỡng", Levels: [4]string{"Cao đẳng", "", "", ""}, Joined: "2019-03-15"})
	s.AddStaff(storagetest.Staff{Unit: "tramyte", Name: "Nông Văn Cũ", BirthYear: 1970, Ethnic: "07", Category: "nguoi_lao_dong",
		Joined: "2000-01-01", Left: "2026-03-31"})
	s.AddTraining(teacher, "ky_nang_so", "Bồi dưỡng kỹ năng số cơ bản", "completed", "2026-04-01", "2026-04-10")
	s.AddTraining(nurse, "ky_nang_so", "Chuyển đổi số trong y tế", "completed", "2026-05-04", "2026-05-08")
	s.AddTraining(nurse, "ly_luan_chinh_tri", "Trung cấp lý luận chính trị", "attending", "2026-06-01", "2026-12-20")
	s.AddReport("thcs", 2026, "submitted", false, time.Date(2026, 8, 20, 3, 0, 0, 0, time.UTC), map[string]any{
		"staff_total": 1, "staff_vien_chuc": 1, "trained_ky_nang_so": 1, "coverage": "100",
		"activities":     "Cử 01 giáo viên tham gia bồi dưỡng kỹ năng số",
		"training_needs": "Cần 01 suất bồi dưỡng quản lý nhà nước",
		"difficulties":   "Kinh phí cử giáo viên đi học còn hạn chế",
		"proposals":      "Đề nghị UBND xã hỗ trợ kinh phí bồi dưỡng"})
	s.AddReport("tramyte", 2026, "accepted", false, time.Date(2026, 8, 25, 3, 0, 0, 0, time.UTC), map[string]any{
		"staff_total": 1, "activities": "Rà soát hồ sơ viên chức người DTTS", "integration": "Lồng ghép với kế hoạch đào tạo của ngành y tế"})
	s.AddReport("kinhte", 2026, "draft", false, time.Time{}, map[string]any{"activities": "nháp"})
	s.AddReport("ttdvsnc", 2026, "returned", false, time.Date(2026, 8, 28, 3, 0, 0, 0, time.UTC), map[string]any{"propaganda": "3 tin bài"})
	s.AddFeedback("tramyte", "Chưa rõ cách nhập chứng chỉ", false)
	s.AddFeedback("thcs", "Hỏi về kinh phí", true)
	v := s.AddVacancy("thcs", "Giáo viên Tiếng Anh", 1, "2026-10-30")
	s.AddCandidate("Lường Văn Hải", "03", true, false, v)
	s.AddCandidate("Sùng Thị Dua", "08", false, true, 0)
}

func fmtSscan(s string, v *float64) (int, error) { return fmt.Sscan(s, v) }
