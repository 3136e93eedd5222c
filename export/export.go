// Package export builds the office's documents from storage: the Excel
// workbook (excelize, streamed), the consolidated report to Sở Nội vụ as
// .docx (WordprocessingML written directly), the status chart (go-analyze
// charts) and the staff import that reads the workbook's roster sheet back.
// It never writes SQL; it reads through storage and the plan.
package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// KinhCode is the 2008 code of the majority group, which is not tracked.
const KinhCode = "01"

// Ethnic looks the 54 ethnic groups up; the roster stores 2008 codes.
type Ethnic struct {
	// Code finds the 2008 code of a group by name or alias, with or without
	// diacritics; an error when no single group fits.
	Code func(name string) (code2008 string, err error)
	// Name is the official name of a code (the code itself when unknown).
	Name func(code2008 string) string
}

// PlanEthnic is the lookup over the 54 groups of the plan package.
func PlanEthnic() Ethnic {
	return Ethnic{
		Code: func(name string) (string, error) {
			e, m, _ := plan.LookupEthnic(name)
			if m != plan.Found {
				return "", fmt.Errorf("ethnic group %q: no single match", name)
			}
			return e.Code, nil
		},
		Name: plan.EthnicName,
	}
}

// orPlan is e, or the plan's lookup where e leaves a function out.
func (e Ethnic) orPlan() Ethnic {
	p := PlanEthnic()
	if e.Code == nil {
		e.Code = p.Code
	}
	if e.Name == nil {
		e.Name = p.Name
	}
	return e
}

func (e Ethnic) name(code string) string { return e.orPlan().Name(code) }

// Options are what every document needs besides the database.
type Options struct {
	Plan   *plan.Plan
	Loc    *time.Location // the commune's time zone
	Now    time.Time      // the export's time
	Ethnic Ethnic         // zero: PlanEthnic
}

// year is the reporting period: the calendar year of Now in the commune.
func (o Options) year() int { return o.Now.In(o.Loc).Year() }

func (o Options) rules() []storage.AreaRule {
	var out []storage.AreaRule
	for _, r := range o.Plan.CoverageRules() {
		out = append(out, storage.AreaRule{Area: r.Area, LevelField: r.LevelField, Sufficient: r.Sufficient})
	}
	return out
}

// yearBounds are the first instants of year and year+1 in loc.
func yearBounds(year int, loc *time.Location) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
}

// areaName is the plan's name of a training area.
func areaName(p *plan.Plan, code string) string {
	if a, ok := p.Area(code); ok {
		return a.Name
	}
	return code
}

// Percent writes a share in Vietnamese style, at most two decimals:
// "62,5%", "1,18%", "50%".
func Percent(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1) + "%"
}

// CoverageText is a coverage as "3/4 người (75%)", or "chưa có" when the
// unit has no ethnic-minority staff (never NaN or 0 %).
func CoverageText(c storage.Coverage) string {
	pct, ok := c.Percent()
	if !ok {
		return wbNotAvailable
	}
	return fmt.Sprintf("%d/%d người (%s)", c.FullyTrained, c.Active, Percent(pct))
}

// dateVN writes a date as dd/mm/yyyy in loc; "" for zero.
func dateVN(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("02/01/2006")
}

// unitIndex knows every unit by id and its rank in plan order; inactive
// units that rows still name are added when met (ranked last).
type unitIndex struct {
	byID map[int64]storage.Unit
	rank map[int64]int
}

func (ix unitIndex) name(id int64) string {
	if u, ok := ix.byID[id]; ok {
		return u.Name
	}
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("#%d", id)
}

func (ix unitIndex) code(id int64) string { return ix.byID[id].Code }

// sort is a unit's rank in plan order, unknown units last.
func (ix unitIndex) sort(id int64) int {
	if r, ok := ix.rank[id]; ok {
		return r
	}
	return 1 << 30
}
