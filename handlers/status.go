package handlers

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/export"
	"github.com/dttsbot/dttsbot/storage"
)

// status runs /trangthai: where the reporting year stands — each unit's
// report, coverage against the target, open feedback, days to the
// deadline — as text and a chart. An admin sees every unit and the
// commune; an officer sees their own unit only.
func (d *Deps) status(ctx context.Context, req *bot.Request) error {
	var unitID int64
	if req.User.Role != bot.Admin {
		if req.User.UnitID == 0 {
			return bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
		}
		unitID = req.User.UnitID
	}
	now := d.now()
	year := now.Year()
	ps, err := d.DB.PeriodStatus(ctx, year, d.Plan.DeadlineIn(year, d.Loc), d.rules(), unitID)
	if err != nil {
		return err
	}
	if len(ps.Units) == 0 {
		return bot.Errorf(bot.NotFound, "%s", msgStatusNoUnit)
	}
	target := d.Plan.TargetFor(year)
	req.Say(d.statusText(ps, now, target, unitID == 0))
	png, err := export.StatusChart(ps, target)
	if err != nil {
		return err
	}
	req.Reply(bot.Reply{Photo: &bot.Attachment{Name: fmt.Sprintf("trang-thai-%d.png", year), MIME: "image/png", Data: png}})
	return nil
}

// statusText writes the status; whole adds the commune-wide lines.
func (d *Deps) statusText(ps storage.PeriodStatus, now time.Time, target float64, whole bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, msgStatusHeader, ps.Period, now.Format("15:04 02/01/2006"))
	b.WriteString("\n" + deadlineLine(ps.Deadline, now))
	if whole {
		in := ps.Count(storage.ReportSubmitted) + ps.Count(storage.ReportAccepted)
		fmt.Fprintf(&b, "\n"+msgStatusReports, in, len(ps.Units), ps.Count(storage.ReportAccepted), ps.Count(storage.ReportDraft),
			ps.Count(storage.ReportReturned), ps.Count(storage.ReportStateNone), ps.Late())
		fmt.Fprintf(&b, "\n"+msgStatusCommune, coverageVsTarget(ps.Total, target))
		fmt.Fprintf(&b, "\n"+msgStatusFeedback, ps.OpenFeedback)
		b.WriteString("\n\n" + msgStatusUnits)
	}
	for i, u := range ps.Units {
		b.WriteString("\n")
		if whole {
			fmt.Fprintf(&b, "%d. ", i+1)
		}
		fmt.Fprintf(&b, msgStatusUnit, u.Unit.Name, d.reportState(u), coverageVsTarget(u.Coverage, target))
		if u.OpenFeedback > 0 {
			fmt.Fprintf(&b, msgStatusUnitFeedback, u.OpenFeedback)
		}
		if !u.LastActivity.IsZero() {
			fmt.Fprintf(&b, msgStatusUnitActivity, u.LastActivity.In(d.Loc).Format("02/01/2006"))
		}
	}
	return b.String()
}

// deadlineLine says how many days are left to the deadline, or how late.
func deadlineLine(deadline, now time.Time) string {
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	days := int(day(deadline.In(now.Location())).Sub(day(now)).Hours() / 24)
	date := deadline.Format("02/01/2006")
	switch {
	case days > 0:
		return fmt.Sprintf(msgStatusDaysLeft, date, days)
	case days == 0:
		return fmt.Sprintf(msgStatusDueToday, date)
	}
	return fmt.Sprintf(msgStatusOverdue, date, -days)
}

// reportState is a unit's report in words: state, date, late.
func (d *Deps) reportState(u storage.UnitStatus) string {
	s := statusWords[u.Report]
	if u.Submitted() && !u.SubmittedAt.IsZero() {
		s += " " + u.SubmittedAt.In(d.Loc).Format("02/01")
	}
	switch {
	case u.Late:
		s += ", " + msgStatusLate
	case u.Overdue:
		s += ", " + msgStatusOverdueUnit
	}
	return s
}

// coverageVsTarget is "1/2 người (50%), còn thiếu 1 người so với chỉ tiêu
// 80%", or "chưa có" without staff.
func coverageVsTarget(c storage.Coverage, target float64) string {
	pct, ok := c.Percent()
	if !ok {
		return msgCoverageNone
	}
	s := fmt.Sprintf(msgCoverageOf, c.FullyTrained, c.Active, fmtNumber(pct))
	need := int(math.Ceil(target*float64(c.Active)/100-1e-9)) - c.FullyTrained
	if need > 0 {
		return s + fmt.Sprintf(msgStatusShort, need, fmtNumber(target))
	}
	return s + fmt.Sprintf(msgStatusMet, fmtNumber(target))
}
