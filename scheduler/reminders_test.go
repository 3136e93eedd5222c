package scheduler_test

import (
	"strings"
	"testing"
	"time"
)

// TestRemindersWalkSeptemberOctober walks the clock hour by hour through
// September and October 2026 with the real specs, a deadline of 10 October
// (a Saturday) and a restart in the middle of 7 October.
func TestRemindersWalkSeptemberOctober(t *testing.T) {
	f := newFixture(t, day(2026, 9, 1, 0))
	f.open()
	defer f.close()
	f.officer("telegram", "101", "kinhte") // never submits
	f.officer("zalo", "102", "kinhte")     // a deputy on another channel
	f.officer("telegram", "103", "kinhte") // blocked the bot
	if err := f.db.MarkBlocked(f.ctx, "telegram", "103"); err != nil {
		t.Fatal(err)
	}
	f.officer("telegram", "201", "vanphong") // submits on 5 October
	f.officer("telegram", "301", "tramyte")  // draft, submits late on 14 October
	f.officer("telegram", "401", "mttq")     // report returned by the office
	f.officer("telegram", "501", "hoiphunu") // accepted already
	f.officer("telegram", "601", "vhxh")     // the office itself
	f.admin("telegram", "1")
	f.report("tramyte", 2026, "draft")
	f.report("mttq", 2026, "returned")
	f.report("hoiphunu", 2026, "accepted")
	f.report("kinhte", 2025, "submitted") // last year's does not count
	f.exec(`INSERT INTO staff(id, unit_id, full_name, birth_year, ethnic_code, category, created_at, updated_at)
		VALUES (1, ?, 'Lò Văn Páo', 1990, '03', 'cong_chuc', 'x', 'x'), (2, ?, 'Hà Thị Mai', 1995, '02', 'vien_chuc', 'x', 'x')`,
		f.unit("kinhte").ID, f.unit("vanphong").ID)
	f.exec(`INSERT INTO training(staff_id, unit_id, area, course, organiser, from_on, to_on, status, created_at, updated_at) VALUES
		(1, ?, 'ky_nang_so', 'Chuyển đổi số cơ bản', 'Sở Nội vụ', '2026-10-20', '2026-10-22', 'registered', 'x', 'x'),
		(1, ?, 'chuyen_mon', 'Khóa đã xong', '', '2026-10-20', '2026-10-22', 'completed', 'x', 'x'),
		(2, ?, 'quan_ly_nha_nuoc', 'Quản lý nhà nước ngạch chuyên viên', '', '2026-10-21', '2026-11-30', 'registered', 'x', 'x')`,
		f.unit("kinhte").ID, f.unit("kinhte").ID, f.unit("vanphong").ID)

	f.walk(day(2026, 10, 5, 12), time.Hour)
	f.report("vanphong", 2026, "submitted")
	f.walk(day(2026, 10, 7, 10), time.Hour)

	// Restart in the middle of 7 October, after the 08:00 reminders: a new
	// scheduler on the same file catches up and re-walks the morning.
	f.close()
	f.open()
	if n, err := f.sched.CatchUp(f.ctx); err != nil || n != 0 {
		t.Fatalf("catch-up after a mid-day restart ran %d jobs (err %v), want 0", n, err)
	}
	if err := f.sched.RunDue(f.ctx, day(2026, 10, 7, 0), f.now); err != nil {
		t.Fatal(err)
	}
	f.deliver()

	f.walk(day(2026, 10, 14, 12), time.Hour)
	f.report("tramyte", 2026, "submitted")
	f.walk(day(2026, 10, 31, 0), time.Hour)

	// 14 days before (Sat 26/9) → Fri 25/9; 7 (Sat 3/10) → Fri 2/10; 3 →
	// Wed 7/10; 1 (Fri 9/10) and 0 (Sat 10/10) → one message on Fri 9/10.
	all := []string{"2026-09-25", "2026-10-02", "2026-10-07", "2026-10-09"}
	everyOther := []string{"2026-10-11", "2026-10-13", "2026-10-15", "2026-10-17", "2026-10-19", "2026-10-21",
		"2026-10-23", "2026-10-25", "2026-10-27", "2026-10-29"}
	for _, tc := range []struct {
		name, chat      string
		remind, overdue []string
	}{
		{"never submits", "telegram:101", all, everyOther},
		{"deputy on zalo", "zalo:102", all, everyOther},
		{"blocked the bot", "telegram:103", nil, nil},
		{"submits on 5 October", "telegram:201", all[:2], nil},
		{"draft, submits late on 14 October", "telegram:301", all, everyOther[:2]},
		{"returned counts as not submitted", "telegram:401", all, everyOther},
		{"accepted before September", "telegram:501", nil, nil},
		{"the lead unit is not reminded", "telegram:601", nil, nil},
		{"admins get no unit reminder", "telegram:1", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.days(tc.chat, "remind:"); !equal(got, tc.remind) {
				t.Errorf("reminders to %s on %v, want %v", tc.chat, got, tc.remind)
			}
			if got := f.days(tc.chat, "overdue:"); !equal(got, tc.overdue) {
				t.Errorf("overdue reminders to %s on %v, want %v", tc.chat, got, tc.overdue)
			}
		})
	}

	// Keys carry the step; the Friday message of a Saturday deadline is the
	// 0-days one.
	var steps []string
	for _, m := range f.find("telegram:101", "remind:") {
		steps = append(steps, strings.Split(m.key, ":")[3])
	}
	if want := []string{"14", "7", "3", "0"}; !equal(steps, want) {
		t.Errorf("reminder steps %v, want %v", steps, want)
	}
	texts := f.find("telegram:101", "remind:")
	for i, want := range []string{"còn 15 ngày", "còn 8 ngày", "còn 3 ngày", "còn 1 ngày"} {
		if !strings.Contains(texts[i].text, want) || !strings.Contains(texts[i].text, "10/10/2026") ||
			!strings.Contains(texts[i].text, f.unit("kinhte").Name) || !strings.Contains(texts[i].text, "/baocao") {
			t.Errorf("reminder %d = %q, want the unit, 10/10/2026, %q and /baocao", i, texts[i].text, want)
		}
	}

	// The office: one overdue digest on 11 October listing the late units.
	digests := f.find("telegram:1", "overdue-digest:")
	if len(digests) != 1 || digests[0].day != "2026-10-11" {
		t.Fatalf("overdue digests %+v, want one on 2026-10-11", digests)
	}
	d := digests[0].text
	for _, code := range []string{"kinhte", "tramyte", "mttq", "thcs"} {
		if !strings.Contains(d, f.unit(code).Name) {
			t.Errorf("digest lacks late unit %s: %q", code, d)
		}
	}
	for _, code := range []string{"vanphong", "hoiphunu", "vhxh"} {
		if strings.Contains(d, "- "+f.unit(code).Name+"\n") || strings.Contains(d, "- "+f.unit(code).Name+" (") {
			t.Errorf("digest lists unit %s, which is not late: %q", code, d)
		}
	}
	if !strings.Contains(d, f.unit("thcs").Name+" (chưa có cán bộ đầu mối)") {
		t.Errorf("digest does not mark a unit without officer: %q", d)
	}

	// The other jobs over the same walk.
	mondays := []string{"2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"}
	if got := f.days("telegram:1", "weekly:"); !equal(got, mondays) {
		t.Errorf("weekly digests on %v, want the Mondays %v", got, mondays)
	}
	if got := f.days("telegram:101", "review:"); !equal(got, []string{"2026-10-01"}) {
		t.Errorf("data review on %v, want 2026-10-01", got)
	}
	if got := f.days("telegram:103", ""); len(got) != 0 {
		t.Errorf("blocked officer got messages on %v", got)
	}
	tr := f.find("telegram:101", "training:")
	if len(tr) != 1 || tr[0].day != "2026-10-19" || !strings.Contains(tr[0].text, "Chuyển đổi số cơ bản") ||
		!strings.Contains(tr[0].text, "Lò Văn Páo") || strings.Contains(tr[0].text, "Khóa đã xong") {
		t.Errorf("training reminders to kinhte %+v, want one on 2026-10-19 for the registered course only", tr)
	}
	if got := f.days("telegram:201", "training:"); !equal(got, []string{"2026-10-20"}) {
		t.Errorf("training reminder to vanphong on %v, want 2026-10-20", got)
	}

	// Nothing was queued twice: every dedup key was delivered once.
	seen := map[string]bool{}
	for _, s := range f.sent {
		if seen[s.key] {
			t.Errorf("key %s delivered twice", s.key)
		}
		seen[s.key] = true
	}
}
