// Package storagetest seeds a bot database for tests and benchmarks: staff,
// trainings, reports, feedback, vacancies and candidates, written with SQL
// against the schema of migration 0001, so the office's tests do not depend
// on the write paths of other features. Like httptest, it is imported by
// tests only.
package storagetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the driver storage uses
)

// Seeder writes fixtures into the database file at a path.
type Seeder struct {
	t   testing.TB
	db  *sql.DB
	Now time.Time // stamps created_at / updated_at
}

// New opens a second connection to the database file at path (already
// migrated by storage.Open). It is closed when the test ends.
func New(t testing.TB, path string) *Seeder {
	t.Helper()
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &Seeder{t: t, db: db, Now: time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC)}
}

func (s *Seeder) stamp() string { return s.Now.UTC().Format(time.RFC3339Nano) }

func (s *Seeder) exec(q string, args ...any) int64 {
	s.t.Helper()
	r, err := s.db.Exec(q, args...)
	if err != nil {
		s.t.Fatalf("seed: %v\n%s", err, q)
	}
	id, _ := r.LastInsertId()
	return id
}

// UnitID is the id of the unit with a plan code.
func (s *Seeder) UnitID(code string) int64 {
	s.t.Helper()
	var id int64
	if err := s.db.QueryRow(`SELECT id FROM unit WHERE code = ?`, code).Scan(&id); err != nil {
		s.t.Fatalf("seed: unit %q: %v", code, err)
	}
	return id
}

// Staff is a staff member to seed; zero fields take defaults.
type Staff struct {
	Unit       string // unit code
	Name       string
	BirthYear  int
	Sex        string
	Ethnic     string // 2008 code
	NationalID string
	Category   string
	Position   string
	Levels     [4]string // professional, political, state_mgmt, digital
	InPlanning bool
	Joined     string // yyyy-mm-dd
	Left       string
}

// AddStaff inserts a staff member and returns its id.
func (s *Seeder) AddStaff(m Staff) int64 {
	if m.BirthYear == 0 {
		m.BirthYear = 1990
	}
	if m.Ethnic == "" {
		m.Ethnic = "02"
	}
	if m.Category == "" {
		m.Category = "vien_chuc"
	}
	return s.exec(`INSERT INTO staff(unit_id, full_name, birth_year, sex, ethnic_code, national_id, category, position,
			level_professional, level_political, level_state_mgmt, level_digital, in_planning, joined_on, left_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.UnitID(m.Unit), m.Name, m.BirthYear, m.Sex, m.Ethnic, m.NationalID, m.Category, m.Position,
		m.Levels[0], m.Levels[1], m.Levels[2], m.Levels[3], m.InPlanning, nullable(m.Joined), nullable(m.Left), s.stamp(), s.stamp())
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AddTraining inserts a training of a staff member (dates yyyy-mm-dd).
func (s *Seeder) AddTraining(staffID int64, area, course, status, from, to string) int64 {
	return s.exec(`INSERT INTO training(staff_id, unit_id, area, course, organiser, from_on, to_on, status, created_at, updated_at)
		VALUES (?, (SELECT unit_id FROM staff WHERE id = ?), ?, ?, 'Trung tâm Chính trị', ?, ?, ?, ?, ?)`,
		staffID, staffID, area, course, from, to, status, s.stamp(), s.stamp())
}

// AddReport inserts a unit's report of a period with its answers (a JSON
// object keyed by question key). submitted may be zero.
func (s *Seeder) AddReport(unit string, period int, status string, late bool, submitted time.Time, answers map[string]any) int64 {
	b, err := json.Marshal(answers)
	if err != nil {
		s.t.Fatal(err)
	}
	var sub any
	if !submitted.IsZero() {
		sub = submitted.UTC().Format(time.RFC3339Nano)
	}
	return s.exec(`INSERT INTO report(unit_id, period, status, answers, version, late, submitted_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)`, s.UnitID(unit), period, status, string(b), late, sub, s.stamp(), s.stamp())
}

// AddFeedback inserts a unit's feedback, answered or open.
func (s *Seeder) AddFeedback(unit, body string, answered bool) int64 {
	var at, ans any
	if answered {
		at, ans = s.stamp(), "Đã trả lời"
	}
	return s.exec(`INSERT INTO feedback(unit_id, body, created_at, answer, answered_at) VALUES (?, ?, ?, ?, ?)`,
		s.UnitID(unit), body, s.stamp(), ans, at)
}

// AddVacancy inserts an open vacancy.
func (s *Seeder) AddVacancy(unit, position string, quota int, deadline string) int64 {
	return s.exec(`INSERT INTO vacancy(position, unit_id, quota, requirements, deadline, contact, priority_note, created_at)
		VALUES (?, ?, ?, 'Tốt nghiệp đại học', ?, 'Phòng Văn hóa - Xã hội', 'Ưu tiên người DTTS', ?)`,
		position, s.UnitID(unit), quota, deadline, s.stamp())
}

// AddCandidate inserts a talent-pool candidate.
func (s *Seeder) AddCandidate(name, ethnic string, excellent, military bool, vacancyID int64) int64 {
	var v any
	if vacancyID != 0 {
		v = vacancyID
	}
	return s.exec(`INSERT INTO candidate(full_name, village, ethnic_code, education_level, field, excellent, military,
			nominated_by, vacancy_id, consent_at, created_at)
		VALUES (?, 'Phạm Kha', ?, 'Đại học', 'Sư phạm', ?, ?, 'mttq', ?, ?, ?)`, name, ethnic, excellent, military, v, s.stamp(), s.stamp())
}

// Bulk inserts staff staff members spread over the units and trainings
// trainings spread over them, in one transaction (benchmarks).
func (s *Seeder) Bulk(ctx context.Context, staff, trainings int) {
	s.t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	var units []int64
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM unit ORDER BY id`)
	if err != nil {
		s.t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		units = append(units, id)
	}
	rows.Close()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO staff(id, unit_id, full_name, birth_year, sex, ethnic_code, national_id, category, position,
			level_professional, level_political, level_state_mgmt, level_digital, in_planning, joined_on, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Chuyên viên', 'Đại học', 'Trung cấp', '', 'Cơ bản', ?, ?, ?, ?)`)
	if err != nil {
		s.t.Fatal(err)
	}
	cats := []string{"can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"}
	names := []string{"Lò Văn", "Hà Thị", "Lục Văn", "Nông Thị", "Hoàng Văn", "Triệu Thị"}
	now := s.stamp()
	for i := 1; i <= staff; i++ {
		if _, err := st.ExecContext(ctx, i, units[r.IntN(len(units))], fmt.Sprintf("%s %d", names[i%len(names)], i),
			1960+r.IntN(45), []string{"nam", "nu"}[i%2], fmt.Sprintf("%02d", 2+r.IntN(53)), fmt.Sprintf("%012d", i),
			cats[i%4], i%7 == 0, fmt.Sprintf("20%02d-%02d-%02d", 10+r.IntN(16), 1+r.IntN(12), 1+r.IntN(28)), now, now); err != nil {
			s.t.Fatal(err)
		}
	}
	st.Close()
	tt, err := tx.PrepareContext(ctx, `INSERT INTO training(staff_id, unit_id, area, course, organiser, from_on, to_on, status, created_at, updated_at)
		VALUES (?, (SELECT unit_id FROM staff WHERE id = ?), ?, ?, 'Trường Chính trị thành phố', ?, ?, ?, ?, ?)`)
	if err != nil {
		s.t.Fatal(err)
	}
	areas := []string{"chuyen_mon", "ly_luan_chinh_tri", "quan_ly_nha_nuoc", "ky_nang_so", "ky_nang_nghe_nghiep"}
	statuses := []string{"completed", "completed", "attending", "registered"}
	for i := 0; i < trainings; i++ {
		sid := 1 + r.IntN(staff)
		m := 1 + r.IntN(11)
		if _, err := tt.ExecContext(ctx, sid, sid, areas[r.IntN(len(areas))], fmt.Sprintf("Lớp bồi dưỡng số %d", i),
			fmt.Sprintf("2026-%02d-01", m), fmt.Sprintf("2026-%02d-20", m), statuses[r.IntN(len(statuses))], now, now); err != nil {
			s.t.Fatal(err)
		}
	}
	tt.Close()
	if err := tx.Commit(); err != nil {
		s.t.Fatal(err)
	}
}

// Checkpoint moves the write-ahead log into the database file, as the
// running bot's automatic checkpoints do, so a benchmark reads a settled
// file.
func (s *Seeder) Checkpoint() {
	s.t.Helper()
	if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		s.t.Fatal(err)
	}
}
