package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// The read queries of the office's export: they stream rows to a callback so
// a workbook of 100,000 trainings never sits in memory twice.

// EachStaff calls fn for every staff member (those who left included), in
// unit order then by name. fn's error stops the walk and is returned.
func (db *DB) EachStaff(ctx context.Context, fn func(Staff) error) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+staffCols+` FROM staff
		ORDER BY (SELECT sort FROM unit WHERE unit.id = staff.unit_id), unit_id, left_on IS NOT NULL, full_name, id`)
	if err != nil {
		return fmt.Errorf("export staff: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return err
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return rows.Err()
}

// TrainingRow is one training as the export lists it.
type TrainingRow struct {
	ID          int64
	StaffID     int64
	UnitID      int64
	Area        string
	Course      string
	Organiser   string
	From, To    time.Time
	Status      string // registered, attending, completed
	Certificate bool
}

// EachTraining calls fn for every training in storage order (no sort, no
// join: a plain scan is several times faster than an ordered join over
// 100,000 rows; the caller orders and names them).
func (db *DB) EachTraining(ctx context.Context, fn func(TrainingRow) error) error {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, staff_id, unit_id, area, course, organiser, from_on, to_on, status,
			certificate <> '' FROM training`)
	if err != nil {
		return fmt.Errorf("export trainings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t TrainingRow
		var from, to sql.NullString
		if err := rows.Scan(&t.ID, &t.StaffID, &t.UnitID, &t.Area, &t.Course, &t.Organiser,
			&from, &to, &t.Status, &t.Certificate); err != nil {
			return err
		}
		t.From, t.To = parseDate(from), parseDate(to)
		if err := fn(t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReportRow is a unit's report of a period with its answers as text, keyed
// by question key (numbers as written, without quotes).
type ReportRow struct {
	ID          int64
	UnitID      int64
	Period      int
	Status      string
	Version     int
	Late        bool
	SubmittedAt time.Time
	ReviewedAt  time.Time
	UpdatedAt   time.Time
	Answers     map[string]string
}

// PeriodReports lists the reports of a period, whatever their state.
func (db *DB) PeriodReports(ctx context.Context, period int) ([]ReportRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.id, r.unit_id, r.period, r.status, r.version, r.late, r.submitted_at,
			r.reviewed_at, r.updated_at, r.answers
		FROM report r JOIN unit u ON u.id = r.unit_id WHERE r.period = ? ORDER BY u.sort, u.id`, period)
	if err != nil {
		return nil, fmt.Errorf("export reports: %w", err)
	}
	defer rows.Close()
	var out []ReportRow
	for rows.Next() {
		var r ReportRow
		var sub, rev, upd sql.NullString
		var answers string
		if err := rows.Scan(&r.ID, &r.UnitID, &r.Period, &r.Status, &r.Version, &r.Late, &sub, &rev, &upd, &answers); err != nil {
			return nil, err
		}
		r.SubmittedAt, r.ReviewedAt, r.UpdatedAt = parseTime(sub), parseTime(rev), parseTime(upd)
		r.Answers = decodeAnswers(answers)
		out = append(out, r)
	}
	return out, rows.Err()
}

// decodeAnswers reads a report's answers object whatever the type of each
// value: strings stay, numbers and booleans are written out, objects with a
// "value" or "text" field give that field. Unreadable answers give none.
func decodeAnswers(s string) map[string]string {
	out := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return out
	}
	for k, v := range m {
		if t, ok := answerText(v); ok {
			out[k] = t
		}
	}
	return out
}

func answerText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case map[string]any:
		for _, k := range []string{"value", "text", "answer"} {
			if inner, ok := x[k]; ok {
				return answerText(inner)
			}
		}
	}
	return "", false
}

// VacancyRow is a vacancy as the export lists it.
type VacancyRow struct {
	ID           int64
	Position     string
	UnitID       int64
	Quota        int
	Requirements string
	Deadline     time.Time
	Contact      string
	PriorityNote string
	Status       string
	CreatedAt    time.Time
	Interested   int // candidates who said "Quan tâm"
}

// VacancyRows lists every vacancy, newest first.
func (db *DB) VacancyRows(ctx context.Context) ([]VacancyRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT v.id, v.position, COALESCE(v.unit_id, 0), v.quota, v.requirements, v.deadline,
			v.contact, v.priority_note, v.status, v.created_at,
			(SELECT COUNT(*) FROM candidate c WHERE c.vacancy_id = v.id)
		FROM vacancy v ORDER BY v.created_at DESC, v.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("export vacancies: %w", err)
	}
	defer rows.Close()
	var out []VacancyRow
	for rows.Next() {
		var v VacancyRow
		var deadline, created sql.NullString
		if err := rows.Scan(&v.ID, &v.Position, &v.UnitID, &v.Quota, &v.Requirements, &deadline, &v.Contact,
			&v.PriorityNote, &v.Status, &created, &v.Interested); err != nil {
			return nil, err
		}
		v.Deadline = parseDate(deadline)
		v.CreatedAt = parseTime(created)
		out = append(out, v)
	}
	return out, rows.Err()
}

// CandidateRow is a talent-pool candidate as the export lists it.
type CandidateRow struct {
	ID             int64
	FullName       string
	Village        string
	EthnicCode     string
	EducationLevel string
	Field          string
	Excellent      bool
	Experience     string
	Military       bool
	NominatedBy    string
	VacancyID      int64
	Consent        bool
	CreatedAt      time.Time
}

// CandidateRows lists the talent pool, oldest first.
func (db *DB) CandidateRows(ctx context.Context) ([]CandidateRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, full_name, village, ethnic_code, education_level, field, excellent,
			experience, military, nominated_by, COALESCE(vacancy_id, 0), consent_at IS NOT NULL, created_at
		FROM candidate ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("export candidates: %w", err)
	}
	defer rows.Close()
	var out []CandidateRow
	for rows.Next() {
		var c CandidateRow
		var created sql.NullString
		if err := rows.Scan(&c.ID, &c.FullName, &c.Village, &c.EthnicCode, &c.EducationLevel, &c.Field, &c.Excellent,
			&c.Experience, &c.Military, &c.NominatedBy, &c.VacancyID, &c.Consent, &created); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// YearFigures are the facts of one year the consolidated report states.
type YearFigures struct {
	Year            int
	ByCategory      map[string]int // active staff per category
	Joined, Left    int            // staff who joined / left during the year
	InPlanning      int            // active staff in planning (quy hoạch)
	WithNationalID  int            // active staff with a national ID recorded
	CompletedByArea map[string]int // trainings completed (ending) in the year
	Vacancies       int            // vacancies created in the year
	Candidates      int            // candidates added to the pool in the year
	Excellent       int            // of them: excellent graduates
	Military        int            // of them: military service completed
	Announcements   int            // outreach announcements created in the year
	OutreachSent    int            // outreach messages delivered in the year
	FeedbackRaised  int            // feedback raised in the year
	FeedbackOpen    int            // feedback not yet answered (any year)
}

// YearFigures counts a year's facts; from and to bound the year (to
// exclusive) in the commune's time zone.
func (db *DB) YearFigures(ctx context.Context, year int, from, to time.Time) (YearFigures, error) {
	f := YearFigures{Year: year, ByCategory: map[string]int{}, CompletedByArea: map[string]int{}}
	d0, d1 := from.Format("2006-01-02"), to.Format("2006-01-02")
	t0, t1 := from.UTC().Format(time.RFC3339Nano), to.UTC().Format(time.RFC3339Nano)
	rows, err := db.sql.QueryContext(ctx, `SELECT category, COUNT(*) FROM staff WHERE left_on IS NULL GROUP BY category`)
	if err != nil {
		return f, fmt.Errorf("year figures: %w", err)
	}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			rows.Close()
			return f, err
		}
		f.ByCategory[c] = n
	}
	rows.Close()
	rows, err = db.sql.QueryContext(ctx, `SELECT area, COUNT(*) FROM training
		WHERE status = 'completed' AND to_on >= ? AND to_on < ? GROUP BY area`, d0, d1)
	if err != nil {
		return f, fmt.Errorf("year figures: %w", err)
	}
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			rows.Close()
			return f, err
		}
		f.CompletedByArea[a] = n
	}
	rows.Close()
	err = db.sql.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM staff WHERE joined_on >= ? AND joined_on < ?),
		(SELECT COUNT(*) FROM staff WHERE left_on >= ? AND left_on < ?),
		(SELECT COUNT(*) FROM staff WHERE left_on IS NULL AND in_planning = 1),
		(SELECT COUNT(*) FROM staff WHERE left_on IS NULL AND national_id <> ''),
		(SELECT COUNT(*) FROM vacancy WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM candidate WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM candidate WHERE created_at >= ? AND created_at < ? AND excellent = 1),
		(SELECT COUNT(*) FROM candidate WHERE created_at >= ? AND created_at < ? AND military = 1),
		(SELECT COUNT(*) FROM announcement WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM outbox WHERE announcement_id IS NOT NULL AND state = 'sent' AND sent_at >= ? AND sent_at < ?),
		(SELECT COUNT(*) FROM feedback WHERE created_at >= ? AND created_at < ?),
		(SELECT COUNT(*) FROM feedback WHERE answered_at IS NULL)`,
		d0, d1, d0, d1, t0, t1, t0, t1, t0, t1, t0, t1, t0, t1, t0, t1, t0, t1).Scan(
		&f.Joined, &f.Left, &f.InPlanning, &f.WithNationalID, &f.Vacancies, &f.Candidates, &f.Excellent, &f.Military,
		&f.Announcements, &f.OutreachSent, &f.FeedbackRaised, &f.FeedbackOpen)
	if err != nil {
		return f, fmt.Errorf("year figures: %w", err)
	}
	return f, nil
}

// CoverageDetail is coverage and its parts from one pass over the roster:
// per unit, commune-wide, and per staff member (fully trained or not).
type CoverageDetail struct {
	ByUnit map[int64]Coverage
	Total  Coverage
	Full   map[int64]bool // active CBCCVC only
}

// CoverageDetail computes coverage as CoverageByUnit does, keeping the
// per-person result, so an export reads the roster once instead of twice.
func (db *DB) CoverageDetail(ctx context.Context, rules []AreaRule) (CoverageDetail, error) {
	staff, full, err := db.covered(ctx, 0, rules)
	if err != nil {
		return CoverageDetail{}, err
	}
	d := CoverageDetail{ByUnit: map[int64]Coverage{}, Full: full}
	for _, s := range staff {
		c := d.ByUnit[s.UnitID]
		c.UnitID = s.UnitID
		c.Active++
		d.Total.Active++
		if full[s.ID] {
			c.FullyTrained++
			d.Total.FullyTrained++
		}
		d.ByUnit[s.UnitID] = c
	}
	return d, nil
}

// AreaCoverage counts, per rule's area, the active CBCCVC covered by that
// rule alone (a completed training in the area or a sufficient level), with
// coverage's own test, in one pass over the roster and the trainings.
func (db *DB) AreaCoverage(ctx context.Context, rules []AreaRule) (map[string]int, error) {
	var staff []Staff
	srows, err := db.sql.QueryContext(ctx, `SELECT `+staffCols+` FROM staff WHERE left_on IS NULL AND category <> ?`, CatNguoiLaoDong)
	if err != nil {
		return nil, fmt.Errorf("area coverage: %w", err)
	}
	for srows.Next() {
		s, err := scanStaff(srows)
		if err != nil {
			srows.Close()
			return nil, err
		}
		staff = append(staff, s)
	}
	srows.Close()
	if err := srows.Err(); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT staff_id, area FROM training WHERE status = 'completed'`)
	if err != nil {
		return nil, fmt.Errorf("area coverage: %w", err)
	}
	done := map[int64]map[string]bool{}
	for rows.Next() {
		var id int64
		var area string
		if err := rows.Scan(&id, &area); err != nil {
			rows.Close()
			return nil, err
		}
		if done[id] == nil {
			done[id] = map[string]bool{}
		}
		done[id][area] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, r := range rules {
		level := levelFields[r.LevelField]
		ok := map[string]bool{}
		for _, lv := range r.Sufficient {
			ok[levelKey(lv)] = true
		}
		for i := range staff {
			s := &staff[i]
			if done[s.ID][r.Area] || (level != nil && ok[levelKey(level(s))]) {
				out[r.Area]++
			}
		}
	}
	return out, nil
}
