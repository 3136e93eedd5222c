// Package plan reads a commune's implementation plan (SPEC §1): the YAML file
// that names the commune, its units, targets, training areas and report
// questions. The built-in default is the plan of Xã Nguyễn Lương Bằng.
package plan

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed default.yaml
var defaultYAML []byte

// DefaultYAML returns the built-in plan file.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// Doc is a document reference: number, date and title.
type Doc struct {
	Number string `yaml:"number"`
	Date   string `yaml:"date"`
	Title  string `yaml:"title"`
}

// Baseline holds the figures of the plan's section II.1.
type Baseline struct {
	Residents       int     `yaml:"ethnic_minority_residents"`
	SharePercent    float64 `yaml:"share_percent"`
	CadresCivil     int     `yaml:"cadres_civil_servants"`
	PublicEmployees int     `yaml:"public_employees"`
	Note            string  `yaml:"note"`
}

// Target is the share of fully trained staff a phase aims at.
type Target struct {
	From    int     `yaml:"from"`
	Until   int     `yaml:"until"`
	Percent float64 `yaml:"percent"`
}

// Area is a training area. Required areas decide coverage; Level names the
// staff level field that can cover it and Sufficient the levels that count.
type Area struct {
	Code       string   `yaml:"code"`
	Name       string   `yaml:"name"`
	Required   bool     `yaml:"required"`
	Level      string   `yaml:"level"`
	Sufficient []string `yaml:"sufficient"`
}

// Unit is a responsible unit of the plan's section V.
type Unit struct {
	Code   string   `yaml:"code"`
	Name   string   `yaml:"name"`
	Kind   string   `yaml:"kind"`
	Parent string   `yaml:"parent"`
	Lead   bool     `yaml:"lead"`
	Duties []string `yaml:"duties"`
}

// Question is one question of the annual unit report.
type Question struct {
	Key  string `yaml:"key"`
	Text string `yaml:"text"`
	Type string `yaml:"type"` // "figure" or "text"
}

// Plan is a commune's plan.
type Plan struct {
	Commune     string                `yaml:"commune"`
	City        string                `yaml:"city"`
	Issuer      string                `yaml:"issuer"`
	IssuerShort string                `yaml:"issuer_short"`
	Place       string                `yaml:"place"`
	Plan        Doc                   `yaml:"plan"`
	CityPlan    Doc                   `yaml:"city_plan"`
	Decision    Doc                   `yaml:"decision"`
	ReportTo    string                `yaml:"report_to"`
	Baseline    Baseline              `yaml:"baseline"`
	Targets     []Target              `yaml:"targets"`
	Deadline    string                `yaml:"deadline"`
	Areas       []Area                `yaml:"training_areas"`
	Levels      map[string][]string   `yaml:"levels"`
	Villages    []string              `yaml:"villages"`
	Units       []Unit                `yaml:"units"`
	Questions   map[string][]Question `yaml:"report_questions"`
}

// UnitKinds are the kinds a unit may have.
var UnitKinds = []string{"lead", "agency", "service", "health", "front", "organisation", "school"}

// LevelFields are the staff level fields an area may name.
var LevelFields = []string{"professional", "political", "state_mgmt", "digital"}

// Default returns the built-in plan.
func Default() *Plan {
	p, err := Parse(defaultYAML)
	if err != nil {
		panic("built-in plan is invalid: " + err.Error())
	}
	return p
}

// Load reads and validates a plan file; an empty path gives the default.
func Load(path string) (*Plan, []byte, error) {
	if path == "" {
		return Default(), DefaultYAML(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read plan: %w", err)
	}
	p, err := Parse(b)
	if err != nil {
		return nil, nil, fmt.Errorf("plan %s: %w", path, err)
	}
	return p, b, nil
}

// Parse decodes and validates a plan. Unknown keys are errors, so a typo in
// a commune's file is found at start rather than silently ignored.
func Parse(b []byte) (*Plan, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Validate checks that the plan is complete and consistent.
func (p *Plan) Validate() error {
	var errs []error
	bad := func(f string, a ...any) { errs = append(errs, fmt.Errorf(f, a...)) }
	if strings.TrimSpace(p.Commune) == "" {
		bad("commune: required")
	}
	if _, _, err := ParseDeadline(p.Deadline); err != nil {
		bad("deadline: %v", err)
	}
	if len(p.Targets) == 0 {
		bad("targets: at least one phase is required")
	}
	for i, t := range p.Targets {
		if t.Until < t.From || t.Percent < 0 || t.Percent > 100 {
			bad("targets[%d]: want from <= until and 0 <= percent <= 100", i)
		}
	}
	areas := map[string]bool{}
	for i, a := range p.Areas {
		if a.Code == "" || a.Name == "" {
			bad("training_areas[%d]: code and name are required", i)
		}
		if areas[a.Code] {
			bad("training_areas[%d]: duplicate code %q", i, a.Code)
		}
		areas[a.Code] = true
		if a.Level != "" && !contains(LevelFields, a.Level) {
			bad("training_areas[%d].level: want one of %s", i, strings.Join(LevelFields, ", "))
		}
	}
	villages := map[string]bool{}
	for i, v := range p.Villages {
		if strings.TrimSpace(v) == "" || villages[v] {
			bad("villages[%d]: want a name, once", i)
		}
		villages[v] = true
	}
	if len(p.Units) == 0 {
		bad("units: at least one unit is required")
	}
	codes := map[string]bool{}
	leads := 0
	for i, u := range p.Units {
		if u.Code == "" || u.Name == "" {
			bad("units[%d]: code and name are required", i)
		}
		if codes[u.Code] {
			bad("units[%d]: duplicate code %q", i, u.Code)
		}
		codes[u.Code] = true
		if !contains(UnitKinds, u.Kind) {
			bad("units[%d].kind: %q, want one of %s", i, u.Kind, strings.Join(UnitKinds, ", "))
		}
		if u.Lead {
			leads++
		}
	}
	for i, u := range p.Units {
		if u.Parent != "" && !codes[u.Parent] {
			bad("units[%d].parent: no unit with code %q", i, u.Parent)
		}
	}
	if leads != 1 {
		bad("units: exactly one unit must have lead: true (the office), found %d", leads)
	}
	for kind, qs := range p.Questions {
		for i, q := range qs {
			if q.Key == "" || q.Text == "" || (q.Type != "figure" && q.Type != "text") {
				bad("report_questions.%s[%d]: key, text and type (figure or text) are required", kind, i)
			}
		}
	}
	return errors.Join(errs...)
}

// daysIn is the length of each month in every year (29 February is not a
// deadline every year has).
var daysIn = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// ParseDeadline reads "dd-mm" (one or two digits each): a day that exists
// in every year, so DeadlineIn never rolls over into the next month.
func ParseDeadline(s string) (day, month int, err error) {
	bad := fmt.Errorf("%q: want \"dd-mm\", a day of every year, e.g. \"10-10\"", s)
	d, m, ok := strings.Cut(s, "-")
	if !ok || !shortNumber(d) || !shortNumber(m) {
		return 0, 0, bad
	}
	day, _ = strconv.Atoi(d)
	month, _ = strconv.Atoi(m)
	if month < 1 || month > 12 || day < 1 || day > daysIn[month] {
		return 0, 0, bad
	}
	return day, month, nil
}

// shortNumber reports whether s is one or two ASCII digits.
func shortNumber(s string) bool {
	if len(s) < 1 || len(s) > 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// DeadlineIn is the end of the deadline day of year in loc: a report is late
// when submitted after it.
func (p *Plan) DeadlineIn(year int, loc *time.Location) time.Time {
	d, m, _ := ParseDeadline(p.Deadline)
	return time.Date(year, time.Month(m), d, 23, 59, 59, 0, loc)
}

// TargetFor is the target percentage for a year: the phase containing it, the
// last phase after the plan's horizon, the first before it.
func (p *Plan) TargetFor(year int) float64 {
	for _, t := range p.Targets {
		if year >= t.From && year <= t.Until {
			return t.Percent
		}
	}
	if len(p.Targets) == 0 {
		return 0
	}
	if year < p.Targets[0].From {
		return p.Targets[0].Percent
	}
	return p.Targets[len(p.Targets)-1].Percent
}

// RequiredAreas lists the areas that decide coverage.
func (p *Plan) RequiredAreas() []Area {
	var out []Area
	for _, a := range p.Areas {
		if a.Required {
			out = append(out, a)
		}
	}
	return out
}

// Area finds an area by code.
func (p *Plan) Area(code string) (Area, bool) {
	for _, a := range p.Areas {
		if a.Code == code {
			return a, true
		}
	}
	return Area{}, false
}

// QuestionsFor lists the report questions for a unit kind: the common ones,
// the kind's own, then the closing ones.
func (p *Plan) QuestionsFor(kind string) []Question {
	var out []Question
	seen := map[string]bool{}
	for _, k := range []string{"all", kind, "end"} {
		for _, q := range p.Questions[k] {
			if !seen[q.Key] {
				seen[q.Key] = true
				out = append(out, q)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CoverageRules are the required areas as storage computes coverage from
// them (kept here so storage need not import plan).
func (p *Plan) CoverageRules() []CoverageRule {
	var out []CoverageRule
	for _, a := range p.RequiredAreas() {
		out = append(out, CoverageRule{Area: a.Code, LevelField: a.Level, Sufficient: a.Sufficient})
	}
	return out
}

// CoverageRule mirrors storage.AreaRule.
type CoverageRule struct {
	Area       string
	LevelField string
	Sufficient []string
}
