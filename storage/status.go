package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ReportStateNone is the state of a unit that has not opened a report for
// the period; the others are the report statuses (ReportDraft …).
const ReportStateNone = ""

// UnitStatus is where one unit stands in a reporting period.
type UnitStatus struct {
	Unit        Unit
	Report      string    // ReportStateNone or a report status (ReportDraft …)
	Late        bool      // submitted after the deadline
	Overdue     bool      // not (re)submitted and the deadline has passed
	SubmittedAt time.Time // zero when never submitted
	// LastActivity is the latest change to the unit's report, roster,
	// trainings or feedback (zero when none).
	LastActivity time.Time
	Coverage     Coverage
	OpenFeedback int
}

// Submitted reports whether the unit's report is in (submitted or accepted).
func (s UnitStatus) Submitted() bool {
	return s.Report == ReportSubmitted || s.Report == ReportAccepted
}

// PeriodStatus is the state of a reporting period: every unit (or one),
// the coverage of the units shown and their open feedback.
type PeriodStatus struct {
	Period       int
	Deadline     time.Time
	Now          time.Time
	Units        []UnitStatus
	Total        Coverage // over the units shown
	OpenFeedback int      // over the units shown
}

// Count returns how many units are in a report state.
func (p PeriodStatus) Count(state string) int {
	n := 0
	for _, u := range p.Units {
		if u.Report == state {
			n++
		}
	}
	return n
}

// Late counts units that submitted late or are overdue.
func (p PeriodStatus) Late() int {
	n := 0
	for _, u := range p.Units {
		if u.Late || u.Overdue {
			n++
		}
	}
	return n
}

// PeriodStatus computes the status of period (a reporting year) for every
// active unit, or for unitID alone when it is not 0. A report is overdue
// when it is not submitted or accepted and the clock is past deadline.
func (db *DB) PeriodStatus(ctx context.Context, period int, deadline time.Time, rules []AreaRule, unitID int64) (PeriodStatus, error) {
	cov, _, err := db.CoverageByUnit(ctx, rules)
	if err != nil {
		return PeriodStatus{}, err
	}
	return db.PeriodStatusFrom(ctx, period, deadline, cov, unitID)
}

// PeriodStatusFrom is PeriodStatus over coverage already computed (per
// unit, as CoverageByUnit or CoverageDetail give it).
func (db *DB) PeriodStatusFrom(ctx context.Context, period int, deadline time.Time, cov map[int64]Coverage, unitID int64) (PeriodStatus, error) {
	ps := PeriodStatus{Period: period, Deadline: deadline, Now: db.now()}
	units, err := db.Units(ctx)
	if err != nil {
		return ps, fmt.Errorf("status: units: %w", err)
	}
	reports, err := db.periodReportStates(ctx, period)
	if err != nil {
		return ps, err
	}
	open, err := db.openFeedbackByUnit(ctx)
	if err != nil {
		return ps, err
	}
	activity, err := db.lastActivityByUnit(ctx, period)
	if err != nil {
		return ps, err
	}
	for _, u := range units {
		if unitID != 0 && u.ID != unitID {
			continue
		}
		st := UnitStatus{Unit: u, Coverage: cov[u.ID], OpenFeedback: open[u.ID], LastActivity: activity[u.ID]}
		st.Coverage.UnitID = u.ID
		if r, ok := reports[u.ID]; ok {
			st.Report, st.Late, st.SubmittedAt = r.state, r.late, r.submittedAt
		}
		st.Overdue = !st.Submitted() && ps.Now.After(deadline)
		ps.Units = append(ps.Units, st)
		ps.Total.Active += st.Coverage.Active
		ps.Total.FullyTrained += st.Coverage.FullyTrained
		ps.OpenFeedback += st.OpenFeedback
	}
	return ps, nil
}

type reportState struct {
	state       string
	late        bool
	submittedAt time.Time
}

func (db *DB) periodReportStates(ctx context.Context, period int) (map[int64]reportState, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT unit_id, status, late, submitted_at FROM report WHERE period = ?`, period)
	if err != nil {
		return nil, fmt.Errorf("status: reports: %w", err)
	}
	defer rows.Close()
	out := map[int64]reportState{}
	for rows.Next() {
		var id int64
		var r reportState
		var at sql.NullString
		if err := rows.Scan(&id, &r.state, &r.late, &at); err != nil {
			return nil, err
		}
		r.submittedAt = parseTime(at)
		out[id] = r
	}
	return out, rows.Err()
}

func (db *DB) openFeedbackByUnit(ctx context.Context) (map[int64]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT unit_id, COUNT(*) FROM feedback WHERE answered_at IS NULL GROUP BY unit_id`)
	if err != nil {
		return nil, fmt.Errorf("status: feedback: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// lastActivityByUnit is the latest change per unit across the period's
// report, the roster, trainings and feedback.
func (db *DB) lastActivityByUnit(ctx context.Context, period int) (map[int64]time.Time, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT unit_id, MAX(updated_at) FROM report WHERE period = ? GROUP BY unit_id
		UNION ALL SELECT unit_id, MAX(updated_at) FROM staff GROUP BY unit_id
		UNION ALL SELECT unit_id, MAX(updated_at) FROM training GROUP BY unit_id
		UNION ALL SELECT unit_id, MAX(COALESCE(answered_at, created_at)) FROM feedback GROUP BY unit_id`, period)
	if err != nil {
		return nil, fmt.Errorf("status: activity: %w", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at sql.NullString
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		if t := parseTime(at); t.After(out[id]) {
			out[id] = t
		}
	}
	return out, rows.Err()
}
