package plan

import (
	"strings"
	"testing"
	"time"
)

func TestDefaultPlanFacts(t *testing.T) {
	p := Default()
	if p.Commune != "Xã Nguyễn Lương Bằng" || p.Baseline.Residents != 400 || p.Baseline.SharePercent != 1.18 ||
		p.Baseline.CadresCivil != 0 || p.Baseline.PublicEmployees != 1 || p.Decision.Number != "470/QĐ-TTg" {
		t.Errorf("baseline facts wrong: %+v", p.Baseline)
	}
	if p.TargetFor(2026) != 80 || p.TargetFor(2030) != 80 || p.TargetFor(2031) != 100 || p.TargetFor(2040) != 100 {
		t.Errorf("targets wrong")
	}
	if len(p.RequiredAreas()) != 4 {
		t.Errorf("required areas = %d, want 4", len(p.RequiredAreas()))
	}
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	if d := p.DeadlineIn(2026, loc); d.Month() != 10 || d.Day() != 10 {
		t.Errorf("deadline %v", d)
	}
	names := map[string]bool{}
	for _, u := range p.Units {
		names[u.Name] = true
		if len(u.Duties) == 0 {
			t.Errorf("unit %s has no duties", u.Code)
		}
	}
	for _, n := range []string{"Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Trung tâm Dịch vụ sự nghiệp công", "Trạm Y tế",
		"Ủy ban MTTQ Việt Nam xã", "Hội Cựu chiến binh xã", "Trường THCS"} {
		if !names[n] {
			t.Errorf("unit %q missing", n)
		}
	}
	qs := p.QuestionsFor("school")
	if qs[0].Key != "staff_total" || qs[len(qs)-1].Key != "proposals" {
		t.Errorf("school questions order: first %s last %s", qs[0].Key, qs[len(qs)-1].Key)
	}
	if len(p.Villages) != 4 {
		t.Errorf("villages = %v", p.Villages)
	}
}

func TestParseRejects(t *testing.T) {
	base := string(DefaultYAML())
	cases := map[string]string{
		"unknown key":  base + "\nfoo: 1\n",
		"bad deadline": strings.Replace(base, `deadline: "10-10"`, `deadline: "10/10"`, 1),
		"bad kind":     strings.Replace(base, "kind: health", "kind: hospital", 1),
		"two leads":    strings.Replace(base, "kind: agency\n    duties:\n      - Lồng", "kind: agency\n    lead: true\n    duties:\n      - Lồng", 1),
	}
	for name, body := range cases {
		if _, err := Parse([]byte(body)); err == nil {
			t.Errorf("%s: Parse accepted it", name)
		}
	}
}
