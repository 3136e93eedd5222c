package export

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// rosterColumns are the columns of the "Cán bộ DTTS" sheet, which is also
// the import template: ParseStaff reads these headers back.
var rosterColumns = []column{
	{colSTT, 6, kInt}, {colUnitCode, 12, kText}, {colUnit, 30, kWrap}, {colName, 26, kText}, {colBirthYear, 9, kInt},
	{colSex, 9, kText}, {colEthnic, 12, kText}, {colNationalID, 16, kText}, {colCategory, 15, kText},
	{colPosition, 24, kWrap}, {colProfessional, 16, kText}, {colPolitical, 14, kText}, {colStateMgmt, 16, kText},
	{colDigital, 14, kText}, {colPlanning, 10, kText}, {colJoined, 13, kDate}, {colLeft, 13, kDate},
	{colFullyTrained, 12, kText},
}

// Workbook writes the office's .xlsx to w: sheets Tổng hợp, Cán bộ DTTS,
// Đào tạo, Báo cáo đơn vị, Tuyển dụng & nguồn. The two big sheets are
// streamed from the database.
func Workbook(ctx context.Context, w io.Writer, db *storage.DB, o Options) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	units, err := loadUnits(ctx, db)
	if err != nil {
		return err
	}
	year := o.year()
	cov, err := db.CoverageDetail(ctx, o.rules())
	if err != nil {
		return err
	}
	ps, err := db.PeriodStatusFrom(ctx, year, o.Plan.DeadlineIn(year, o.Loc), cov.ByUnit, 0)
	if err != nil {
		return err
	}
	names := map[int64]string{} // staff id → name, filled by the roster sheet
	steps := []func() error{
		func() error { return summarySheet(f, st, o, ps) },
		func() error { return rosterSheet(ctx, f, st, db, o, units, names, cov.Full) },
		func() error { return trainingSheet(ctx, f, st, db, o, units, names) },
		func() error { return reportsSheet(ctx, f, st, db, o, units, year) },
		func() error { return recruitSheet(ctx, f, st, db, o, units) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("workbook: %w", err)
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: wbTitle, Creator: o.Plan.IssuerShort, Language: "vi-VN"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func loadUnits(ctx context.Context, db *storage.DB) (unitIndex, error) {
	us, err := db.Units(ctx)
	if err != nil {
		return unitIndex{}, err
	}
	ix := unitIndex{byID: map[int64]storage.Unit{}, rank: map[int64]int{}}
	for i, u := range us {
		ix.byID[u.ID] = u
		ix.rank[u.ID] = i
	}
	return ix, nil
}

// load adds an inactive unit that rows still name.
func (ix unitIndex) load(ctx context.Context, db *storage.DB, id int64) {
	if _, ok := ix.byID[id]; ok || id == 0 {
		return
	}
	if u, err := db.Unit(ctx, id); err == nil {
		ix.byID[u.ID] = u
		ix.rank[u.ID] = len(ix.rank)
	}
}

func summarySheet(f *excelize.File, st styles, o Options, ps storage.PeriodStatus) error {
	target := o.Plan.TargetFor(ps.Period) / 100
	cols := []column{{colSTT, 6, kInt}, {colUnit, 34, kWrap}, {colReportStatus, 18, kText}, {colLate, 10, kText},
		{colSubmittedAt, 12, kDate}, {colStaff, 14, kInt}, {colTrained, 14, kInt}, {colCoverage, 14, kPct},
		{colTarget, 10, kPct}, {colOpenFeedback, 14, kInt}, {colActivity, 14, kDate}}
	s, err := newSheet(f, SheetSummary, cols, st)
	if err != nil {
		return err
	}
	for i, u := range ps.Units {
		late := ""
		if u.Late || u.Overdue {
			late = wbYes
		}
		if err := s.add(i+1, u.Unit.Name, StatusLabels[u.Report], late, u.SubmittedAt.In(o.Loc), u.Coverage.Active,
			u.Coverage.FullyTrained, coverageCell(u.Coverage), target, u.OpenFeedback, u.LastActivity.In(o.Loc)); err != nil {
			return err
		}
	}
	if err := s.add(nil, wbCommune, fmt.Sprintf("%d/%d", ps.Count(storage.ReportSubmitted)+ps.Count(storage.ReportAccepted), len(ps.Units)),
		strconv.Itoa(ps.Late()), nil, ps.Total.Active, ps.Total.FullyTrained, coverageCell(ps.Total), target, ps.OpenFeedback, nil); err != nil {
		return err
	}
	s.filterTo = s.row - 1
	// Key figures below the table, as "label | value" pairs.
	s.row++
	b := o.Plan.Baseline
	facts := []struct {
		label string
		value any
	}{
		{"Năm báo cáo", ps.Period},
		{"Hạn gửi báo cáo của đơn vị", o.Plan.DeadlineIn(ps.Period, o.Loc)},
		{"Ngày xuất dữ liệu", o.Now.In(o.Loc)},
		{"Số người DTTS trên địa bàn (Kế hoạch)", b.Residents},
		{"Tỷ lệ so với dân số (%)", b.SharePercent},
		{"Cán bộ, công chức người DTTS khi ban hành Kế hoạch", b.CadresCivil},
		{"Viên chức người DTTS khi ban hành Kế hoạch", b.PublicEmployees},
	}
	for _, fc := range facts {
		v := s.cell(kInt, fc.value)
		if x, ok := fc.value.(float64); ok {
			v = excelize.Cell{StyleID: st.text, Value: strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)}
		}
		if err := s.raw([]any{nil, excelize.Cell{StyleID: st.bold, Value: fc.label}, v}, 0); err != nil {
			return err
		}
	}
	return s.close()
}

// coverageCell is the coverage as a fraction, or "chưa có" without staff.
func coverageCell(c storage.Coverage) any {
	pct, ok := c.Percent()
	if !ok {
		return wbNotAvailable
	}
	return pct / 100
}

func rosterSheet(ctx context.Context, f *excelize.File, st styles, db *storage.DB, o Options, units unitIndex,
	names map[int64]string, trained map[int64]bool) error {
	s, err := newSheet(f, SheetRoster, rosterColumns, st)
	if err != nil {
		return err
	}
	n := 0
	err = db.EachStaff(ctx, func(m storage.Staff) error {
		n++
		names[m.ID] = m.FullName
		units.load(ctx, db, m.UnitID)
		full := ""
		if m.Active() {
			full = yesNo(trained[m.ID])
		}
		return s.add(n, units.code(m.UnitID), units.name(m.UnitID), m.FullName, m.BirthYear, sexLabels[m.Sex],
			o.Ethnic.name(m.EthnicCode), m.NationalID, label(CategoryLabels, m.Category), m.Position, m.LevelProfessional,
			m.LevelPolitical, m.LevelStateMgmt, m.LevelDigital, yesNo(m.InPlanning), m.JoinedOn, m.LeftOn, full)
	})
	if err != nil {
		return err
	}
	return s.close()
}

// trainingSheet lists trainings by unit (plan order), start date, name.
func trainingSheet(ctx context.Context, f *excelize.File, st styles, db *storage.DB, o Options, units unitIndex, names map[int64]string) error {
	var all []storage.TrainingRow
	if err := db.EachTraining(ctx, func(t storage.TrainingRow) error {
		units.load(ctx, db, t.UnitID)
		all = append(all, t)
		return nil
	}); err != nil {
		return err
	}
	slices.SortFunc(all, func(a, b storage.TrainingRow) int {
		if c := cmp.Compare(units.sort(a.UnitID), units.sort(b.UnitID)); c != 0 {
			return c
		}
		if c := a.From.Compare(b.From); c != 0 {
			return c
		}
		if c := strings.Compare(names[a.StaffID], names[b.StaffID]); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	cols := []column{{colSTT, 8, kInt}, {colUnit, 30, kWrap}, {colName, 26, kText}, {colArea, 22, kText},
		{colCourse, 36, kWrap}, {colOrganiser, 24, kWrap}, {colFrom, 12, kDate}, {colTo, 12, kDate},
		{colStatus, 13, kText}, {colCertificate, 10, kText}}
	s, err := newSheet(f, SheetTraining, cols, st)
	if err != nil {
		return err
	}
	areas := map[string]string{}
	for _, a := range o.Plan.Areas {
		areas[a.Code] = a.Name
	}
	for i, t := range all {
		area := areas[t.Area]
		if area == "" {
			area = t.Area
		}
		if err := s.add(i+1, units.name(t.UnitID), names[t.StaffID], area, t.Course, t.Organiser, t.From, t.To,
			label(trainingStatusLabels, t.Status), yesNoEmpty(t.Certificate)); err != nil {
			return err
		}
	}
	return s.close()
}

// reportQuestions is every question of the plan, each key once, in the
// order the kinds list them.
func reportQuestions(p *plan.Plan) []plan.Question {
	var out []plan.Question
	seen := map[string]bool{}
	kinds := append([]string{"all"}, plan.UnitKinds...)
	kinds = append(kinds, "end")
	for _, k := range kinds {
		for _, q := range p.Questions[k] {
			if !seen[q.Key] {
				seen[q.Key] = true
				out = append(out, q)
			}
		}
	}
	return out
}

func reportsSheet(ctx context.Context, f *excelize.File, st styles, db *storage.DB, o Options, units unitIndex, year int) error {
	reports, err := db.PeriodReports(ctx, year)
	if err != nil {
		return err
	}
	byUnit := map[int64]storage.ReportRow{}
	for _, r := range reports {
		byUnit[r.UnitID] = r
	}
	qs := reportQuestions(o.Plan)
	cols := []column{{colSTT, 6, kInt}, {colUnit, 30, kWrap}, {colReportStatus, 16, kText}, {colLate, 10, kText},
		{colSubmittedAt, 12, kDate}, {colVersion, 8, kInt}}
	for _, q := range qs {
		c := column{header: q.Text, width: 16, kind: kInt}
		if q.Type == "text" {
			c.width, c.kind = 48, kWrap
		}
		cols = append(cols, c)
	}
	s, err := newSheet(f, SheetReports, cols, st)
	if err != nil {
		return err
	}
	us, err := db.Units(ctx)
	if err != nil {
		return err
	}
	for i, u := range us {
		r, ok := byUnit[u.ID]
		vals := []any{i + 1, u.Name, StatusLabels[r.Status]}
		if !ok {
			vals = append(vals, nil, nil, nil)
		} else {
			vals = append(vals, yesNoEmpty(r.Late), r.SubmittedAt.In(o.Loc), nonZero(r.Version))
		}
		for _, q := range qs {
			vals = append(vals, answerCell(q, r.Answers[q.Key]))
		}
		if err := s.add(vals...); err != nil {
			return err
		}
	}
	return s.close()
}

// answerCell is a figure as a number when it reads as one, else the text.
func answerCell(q plan.Question, a string) any {
	a = strings.TrimSpace(a)
	if a == "" {
		return nil
	}
	if q.Type == "figure" {
		if n, err := strconv.ParseFloat(strings.Replace(strings.TrimSuffix(a, "%"), ",", ".", 1), 64); err == nil {
			if n == float64(int64(n)) {
				return int64(n)
			}
			return n
		}
	}
	return a
}

func recruitSheet(ctx context.Context, f *excelize.File, st styles, db *storage.DB, o Options, units unitIndex) error {
	vacancies, err := db.VacancyRows(ctx)
	if err != nil {
		return err
	}
	cands, err := db.CandidateRows(ctx)
	if err != nil {
		return err
	}
	cols := []column{{colSTT, 6, kInt}, {colVacancy, 28, kWrap}, {colUnit, 28, kWrap}, {colQuota, 9, kInt},
		{colRequirements, 36, kWrap}, {colDeadline, 13, kDate}, {colContact, 22, kWrap}, {colPriority, 30, kWrap},
		{colStatus, 12, kText}, {colInterested, 12, kInt}, {colCreated, 12, kDate}}
	s, err := newSheet(f, SheetRecruit, cols, st)
	if err != nil {
		return err
	}
	for i, v := range vacancies {
		units.load(ctx, db, v.UnitID)
		if err := s.add(i+1, v.Position, units.name(v.UnitID), v.Quota, v.Requirements, v.Deadline, v.Contact,
			v.PriorityNote, label(vacancyStatusLabels, v.Status), v.Interested, v.CreatedAt.In(o.Loc)); err != nil {
			return err
		}
	}
	s.filterTo = s.row
	// The talent pool below, with its own header row.
	s.row++
	hdr := []string{colSTT, colName, colVillage, colEthnic, colEducation, colField, colExcellent, colExperience,
		colMilitary, colNominated, colConsent, colCreated}
	if err := s.raw([]any{excelize.Cell{StyleID: st.title, Value: sectionPool}}, 0); err != nil {
		return err
	}
	cells := make([]any, len(hdr))
	for i, h := range hdr {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := s.raw(cells, 32); err != nil {
		return err
	}
	poolKinds := []cellKind{kInt, kText, kText, kText, kText, kText, kText, kWrap, kText, kText, kText, kDate}
	for i, c := range cands {
		vals := []any{i + 1, c.FullName, c.Village, o.Ethnic.name(c.EthnicCode), c.EducationLevel, c.Field,
			yesNoEmpty(c.Excellent), c.Experience, yesNoEmpty(c.Military), label(nominatorLabels, c.NominatedBy),
			yesNo(c.Consent), c.CreatedAt.In(o.Loc)}
		row := make([]any, len(vals))
		for j, v := range vals {
			row[j] = s.cell(poolKinds[j], v)
		}
		if err := s.raw(row, 0); err != nil {
			return err
		}
	}
	return s.close()
}

func label(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return k
}

func yesNo(b bool) string {
	if b {
		return wbYes
	}
	return wbNo
}

func yesNoEmpty(b bool) string {
	if b {
		return wbYes
	}
	return ""
}

func nonZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
