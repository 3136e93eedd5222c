package plan

import (
	"fmt"
	"testing"
	"time"
)

// FuzzParseDeadline: an accepted deadline falls on that day and month in
// every year (no roll-over into the next month) and reads back as itself.
func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"10-10", "1-1", "01-01", "31-12", "31-02", "30-02", "29-02", "28-02", "31-04", "0-1", "32-1", "1-13",
		"+1-10", "-1-10", "10/10", "10-10-2026", "", "-", "١٠-١٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, m, err := ParseDeadline(s)
		if err != nil {
			return
		}
		p := &Plan{Deadline: s}
		for y := 2024; y <= 2031; y++ {
			at := p.DeadlineIn(y, time.UTC)
			if at.Day() != d || int(at.Month()) != m || at.Year() != y {
				t.Fatalf("ParseDeadline(%q) = %d-%d but DeadlineIn(%d) = %v", s, d, m, y, at)
			}
		}
		if d2, m2, err := ParseDeadline(fmt.Sprintf("%02d-%02d", d, m)); err != nil || d2 != d || m2 != m {
			t.Fatalf("%02d-%02d does not read back: %d-%d, %v", d, m, d2, m2, err)
		}
	})
}

// FuzzParse: a plan file never makes Parse panic; an accepted plan is
// consistent enough for every use the bot makes of it.
func FuzzParse(f *testing.F) {
	f.Add(DefaultYAML())
	f.Add([]byte(minimalPlan))
	f.Add([]byte(minimalPlan + "villages: [Thôn 1, Thôn 1]\n"))
	f.Add([]byte(minimalPlan + "report_questions:\n  all:\n    - {key: a, text: A, type: figure}\n    - {key: a, text: B, type: text}\n"))
	f.Add([]byte("commune: x\n"))
	f.Add([]byte("{}"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("commune: &a [*a]\n"))
	f.Add([]byte("units: !!map {a: 1}\n"))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse(b)
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted plan no longer validates: %v", err)
		}
		d, m, err := ParseDeadline(p.Deadline)
		if err != nil {
			t.Fatalf("accepted deadline %q: %v", p.Deadline, err)
		}
		if at := p.DeadlineIn(2026, time.UTC); at.Day() != d || int(at.Month()) != m {
			t.Fatalf("deadline %q falls on %v", p.Deadline, at)
		}
		for y := 2000; y <= 2050; y += 7 {
			if v := p.TargetFor(y); v < 0 || v > 100 {
				t.Fatalf("TargetFor(%d) = %v", y, v)
			}
		}
		leads := 0
		for _, u := range p.Units {
			if u.Lead {
				leads++
			}
			for _, q := range p.QuestionsFor(u.Kind) {
				if q.Key == "" || (q.Type != "figure" && q.Type != "text") {
					t.Fatalf("unit %s: question %+v", u.Code, q)
				}
			}
		}
		if leads != 1 {
			t.Fatalf("%d lead units", leads)
		}
		for _, r := range p.CoverageRules() {
			if r.LevelField != "" && !contains(LevelFields, r.LevelField) {
				t.Fatalf("coverage rule %+v", r)
			}
		}
	})
}

const minimalPlan = `commune: Xã Thử
deadline: "10-10"
targets: [{from: 2026, until: 2030, percent: 80}]
training_areas: [{code: chuyen_mon, name: Chuyên môn, required: true, level: professional, sufficient: [Đại học]}]
units:
  - {code: vhxh, name: Phòng Văn hóa - Xã hội, kind: lead, lead: true}
  - {code: mttq, name: Ủy ban MTTQ, kind: front}
  - {code: hoi, name: Hội, kind: organisation, parent: mttq}
`
