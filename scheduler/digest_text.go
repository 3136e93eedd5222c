package scheduler

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// The digest's words. They live here, not in handlers/messages_vi.go,
// because the scheduler does not import the handlers.
const (
	digestHeader     = "Tóm tắt tuần %s – %s gửi Phòng Văn hóa - Xã hội"
	digestDaysLeft   = "Hạn gửi báo cáo năm %d: %s — còn %d ngày."
	digestDueToday   = "Hạn gửi báo cáo năm %d: hôm nay, %s."
	digestOverdue    = "Hạn gửi báo cáo năm %d: %s — đã quá hạn %d ngày."
	digestReports    = "Báo cáo: %d/%d đơn vị đã gửi (%d đã tiếp nhận)."
	digestList       = "%s (%d): %s."
	digestDraft      = "Đang soạn"
	digestReturned   = "Bị trả lại, chờ gửi lại"
	digestMissing    = "Chưa có báo cáo"
	digestLateUnits  = "Quá hạn"
	digestCoverage   = "Đào tạo, bồi dưỡng đầy đủ toàn xã: %d/%d người (%s%%), chỉ tiêu %s%%."
	digestNoStaff    = "Đào tạo, bồi dưỡng đầy đủ toàn xã: chưa có số liệu (chưa có CBCCVC người DTTS trong danh sách); chỉ tiêu %s%%."
	digestWeek       = "Trong tuần: %d người được thêm vào danh sách; %d lượt đào tạo được ghi nhận, %d lượt hoàn thành; %d báo cáo được gửi; %d phản ánh mới, %d phản ánh được trả lời."
	digestOpen       = "Phản ánh chờ trả lời: %d (cũ nhất từ %s)."
	digestNoneOpen   = "Không có phản ánh nào chờ trả lời."
	digestFooter     = "Gõ /trangthai để xem chi tiết và biểu đồ, /xuat để lấy tệp tổng hợp."
	digestMoreUnits  = "và %d đơn vị khác"
	digestMaxInList  = 6
	digestDateLayout = "02/01/2006"
)

// WeeklyDigest is the text the office admins receive each week: the
// reporting year's state at now (in loc), coverage against the target,
// and what happened in the seven days before now's date.
func WeeklyDigest(ctx context.Context, db *storage.DB, p *plan.Plan, loc *time.Location, now time.Time) (string, error) {
	now = now.In(loc)
	year := now.Year()
	var rules []storage.AreaRule
	for _, r := range p.CoverageRules() {
		rules = append(rules, storage.AreaRule{Area: r.Area, LevelField: r.LevelField, Sufficient: r.Sufficient})
	}
	deadline := p.DeadlineIn(year, loc)
	ps, err := db.PeriodStatus(ctx, year, deadline, rules, 0)
	if err != nil {
		return "", fmt.Errorf("weekly digest: %w", err)
	}
	to := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	from := to.AddDate(0, 0, -7)
	act, err := db.ActivityBetween(ctx, from, to)
	if err != nil {
		return "", fmt.Errorf("weekly digest: %w", err)
	}
	var b strings.Builder
	line := func(f string, a ...any) { b.WriteString("\n" + fmt.Sprintf(f, a...)) }
	fmt.Fprintf(&b, digestHeader, from.Format("02/01"), to.AddDate(0, 0, -1).Format(digestDateLayout))
	days := int(time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 0, 0, 0, 0, loc).Sub(to).Hours() / 24)
	switch {
	case days > 0:
		line(digestDaysLeft, year, deadline.Format(digestDateLayout), days)
	case days == 0:
		line(digestDueToday, year, deadline.Format(digestDateLayout))
	default:
		line(digestOverdue, year, deadline.Format(digestDateLayout), -days)
	}
	in := ps.Count(storage.ReportSubmitted) + ps.Count(storage.ReportAccepted)
	line(digestReports, in, len(ps.Units), ps.Count(storage.ReportAccepted))
	var draft, returned, missing, overdue []string
	for _, u := range ps.Units {
		switch {
		case !u.Submitted() && now.After(deadline): // at the run's time, not the clock's
			overdue = append(overdue, u.Unit.Name)
		case u.Report == storage.ReportDraft:
			draft = append(draft, u.Unit.Name)
		case u.Report == storage.ReportReturned:
			returned = append(returned, u.Unit.Name)
		case u.Report == storage.ReportStateNone:
			missing = append(missing, u.Unit.Name)
		}
	}
	for _, l := range []struct {
		label string
		units []string
	}{{digestLateUnits, overdue}, {digestReturned, returned}, {digestDraft, draft}, {digestMissing, missing}} {
		if len(l.units) > 0 {
			line(digestList, l.label, len(l.units), names(l.units))
		}
	}
	target := p.TargetFor(year)
	if pct, ok := ps.Total.Percent(); ok {
		line(digestCoverage, ps.Total.FullyTrained, ps.Total.Active, number(pct), number(target))
	} else {
		line(digestNoStaff, number(target))
	}
	line(digestWeek, act.StaffAdded, act.TrainingsLogged, act.TrainingsCompleted, act.ReportsSubmitted, act.FeedbackRaised, act.FeedbackAnswered)
	if ps.OpenFeedback > 0 {
		line(digestOpen, ps.OpenFeedback, act.OldestOpenFeedback.In(loc).Format(digestDateLayout))
	} else {
		line(digestNoneOpen)
	}
	b.WriteString("\n" + digestFooter)
	return b.String(), nil
}

// names lists at most digestMaxInList unit names.
func names(list []string) string {
	if len(list) <= digestMaxInList {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:digestMaxInList], ", ") + " " + fmt.Sprintf(digestMoreUnits, len(list)-digestMaxInList)
}

// number writes 66.67 as "66,7" and 80 as "80".
func number(v float64) string {
	v = math.Round(v*10) / 10
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}
