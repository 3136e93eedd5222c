package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// report runs /baocao: an officer drafts, resumes, reviews and submits the
// unit's report for the current year; an admin reviews submitted reports.
func (d *Deps) report(ctx context.Context, req *bot.Request) error {
	if req.User.Role == bot.Admin {
		return req.StartAt(ctx, "report", "list", nil)
	}
	c := &bot.Conv{Data: map[string]string{}}
	step, err := d.reportEntry(ctx, req, c)
	if err != nil || step == "" {
		return err
	}
	return req.StartAt(ctx, "report", step, c.Data)
}

// reportEntry opens the report of the unit c works on for the current year
// and says where it stands. It returns the step to resume at: the first
// question not yet answered (or returned by the office), or the review when
// all are answered; "" when the report is closed (submitted or accepted).
func (d *Deps) reportEntry(ctx context.Context, req *bot.Request, c *bot.Conv) (string, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return "", err
	}
	year := d.now().Year()
	c.Set("period", strconv.Itoa(year))
	r, err := d.DB.OpenReport(ctx, unitID, year)
	if err != nil {
		return "", err
	}
	u, err := d.DB.Unit(ctx, unitID)
	if err != nil {
		return "", err
	}
	switch r.Status {
	case storage.ReportSubmitted:
		req.Say(fmt.Sprintf(msgReportWaiting, year, u.Name, r.Version, d.fmtStamp(r.SubmittedAt)))
		return "", nil
	case storage.ReportAccepted:
		req.Say(fmt.Sprintf(msgReportAccepted, year, u.Name))
		return "", nil
	}
	qs := d.Plan.QuestionsFor(u.Kind)
	intro := fmt.Sprintf(msgReportIntro, year, u.Name, answered(r, qs), len(qs), fmtDate(d.Plan.DeadlineIn(year, d.Loc)))
	if r.Status == storage.ReportReturned {
		intro += "\n" + fmt.Sprintf(msgReportReturnedIntro, len(r.Review.Comments))
	}
	req.Say(intro)
	if next := nextQuestion(r, qs); next != "" {
		return "q." + next, nil
	}
	return "review", nil
}

// answered counts the questions with an answer the office did not return.
func answered(r storage.Report, qs []plan.Question) int {
	n := 0
	for _, q := range qs {
		if a, ok := r.Answers[q.Key]; ok && !a.Returned {
			n++
		}
	}
	return n
}

// nextQuestion is the first question without an answer or returned.
func nextQuestion(r storage.Report, qs []plan.Question) string {
	for _, q := range qs {
		if a, ok := r.Answers[q.Key]; !ok || a.Returned {
			return q.Key
		}
	}
	return ""
}

// reportCtx is what a report step works on.
type reportCtx struct {
	unit   storage.Unit
	report storage.Report
	qs     []plan.Question
}

func (d *Deps) loadReportCtx(ctx context.Context, req *bot.Request, c *bot.Conv) (reportCtx, error) {
	var rc reportCtx
	unitID, err := workUnit(req, c)
	if err != nil {
		return rc, err
	}
	if rc.unit, err = d.DB.Unit(ctx, unitID); err != nil {
		return rc, err
	}
	period := int(c.Int("period"))
	if period == 0 {
		period = d.now().Year()
	}
	if rc.report, err = d.DB.OpenReport(ctx, unitID, period); err != nil {
		return rc, err
	}
	rc.qs = d.Plan.QuestionsFor(rc.unit.Kind)
	return rc, nil
}

func (rc reportCtx) question(key string) (int, plan.Question, bool) {
	for i, q := range rc.qs {
		if q.Key == key {
			return i, q, true
		}
	}
	return 0, plan.Question{}, false
}

// figure is a pre-filled value: canon is stored, shown is displayed; known
// is false for a figure the bot cannot compute (a custom plan question).
func (d *Deps) figure(ctx context.Context, rc reportCtx, key string) (canon, shown string, known bool, err error) {
	var areas []string
	for _, a := range d.Plan.Areas {
		areas = append(areas, a.Code)
	}
	f, err := d.DB.ReportFigures(ctx, storage.FigureSpec{UnitID: rc.unit.ID, Lead: rc.unit.Lead, Year: rc.report.Period, Loc: d.Loc,
		Rules: d.rules(), Areas: areas})
	if err != nil {
		return "", "", false, err
	}
	if key == "coverage" {
		p, ok := f.Coverage.Percent()
		if !ok {
			return msgCoverageNone, msgCoverageNone, true, nil
		}
		return canonNumber(p), fmtNumber(p) + "%", true, nil
	}
	n, ok := f.Counts[key]
	if !ok {
		return "", "", false, nil
	}
	return strconv.Itoa(n), fmtNumber(float64(n)), true, nil
}

// showAnswer displays a stored value: numbers the Vietnamese way.
func showAnswer(q plan.Question, v string) string {
	if q.Type == "figure" {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			s := fmtNumber(f)
			if q.Key == "coverage" {
				s += "%"
			}
			return s
		}
	}
	return v
}

func (d *Deps) reportFlow() *bot.Flow {
	var steps []bot.Step
	seen := map[string]bool{}
	for _, kind := range append([]string{"all", "end"}, plan.UnitKinds...) {
		for _, q := range d.Plan.Questions[kind] {
			if seen[q.Key] {
				continue
			}
			seen[q.Key] = true
			key := q.Key
			steps = append(steps, bot.Step{Key: "q." + key,
				Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
					return d.questionPrompt(ctx, req, c, key)
				},
				Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
					return d.questionAnswer(ctx, req, c, in, key)
				}})
		}
	}
	steps = append(steps,
		bot.Step{Key: "review", Prompt: d.reviewPrompt, Handle: d.reviewAction},
		bot.Step{Key: "pickq", Prompt: d.pickQuestionPrompt, Handle: d.pickQuestion})
	// The office's review steps share the flow, so an admin can go from the
	// list to drafting the office's own report in one conversation.
	steps = append(steps, d.reportAdminSteps()...)
	return &bot.Flow{Name: "report", Title: titleReport, Steps: steps}
}

func (d *Deps) questionPrompt(ctx context.Context, req *bot.Request, c *bot.Conv, key string) (bot.Reply, error) {
	rc, err := d.loadReportCtx(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	i, q, ok := rc.question(key)
	if !ok {
		return bot.Reply{}, fmt.Errorf("report: question %q not asked of kind %s", key, rc.unit.Kind)
	}
	var b strings.Builder
	fmt.Fprintf(&b, msgQuestionHeader, i+1, len(rc.qs), q.Text)
	prev, has := rc.report.Answers[key]
	if cm := rc.report.Review.Comments[key]; cm != "" && prev.Returned {
		fmt.Fprintf(&b, "\n"+msgQuestionComment, cm)
	}
	if has {
		fmt.Fprintf(&b, "\n"+msgQuestionPrevious, bot.Truncate(showAnswer(q, prev.Value), 500))
	}
	var choices []bot.Choice
	if q.Type == "figure" {
		_, shown, known, err := d.figure(ctx, rc, key)
		if err != nil {
			return bot.Reply{}, err
		}
		if known {
			fmt.Fprintf(&b, "\n"+msgFigureKnown, shown)
			choices = append(choices, bot.Choice{ID: "ok", Label: lblCorrect})
		} else {
			b.WriteString("\n" + msgFigureAsk)
		}
	} else {
		b.WriteString("\n" + fmt.Sprintf(msgTextAsk, maxText))
		choices = append(choices, bot.Choice{ID: "none", Label: lblNothing})
	}
	if has {
		choices = append(choices, bot.Choice{ID: "keep", Label: lblKeep})
	}
	return bot.Reply{Text: b.String(), Choices: choices}, nil
}

// confirmWords are typed forms of "Đúng" (a typed number is a figure, never
// the number of the button).
var confirmWords = map[string]bool{"dung": true, "ok": true, "xac nhan": true, "dong y": true}

func (d *Deps) questionAnswer(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input, key string) (string, error) {
	rc, err := d.loadReportCtx(ctx, req, c)
	if err != nil {
		return "", err
	}
	if !rc.report.Open() {
		req.Say(fmt.Sprintf(msgReportClosed, rc.report.Period))
		return bot.End, nil
	}
	_, q, ok := rc.question(key)
	if !ok {
		return "", fmt.Errorf("report: question %q not asked of kind %s", key, rc.unit.Kind)
	}
	typed := in.Text != ""
	choice := in.Choice
	if choice != "" {
		if _, ok := offered(c, choice); !ok {
			return "", bot.Errorf(bot.Invalid, msgPickInvalid)
		}
	}
	var a storage.Answer
	switch {
	case choice == "keep" && (!typed || q.Type != "figure" || !isNumber(in.Text)):
		prev, ok := rc.report.Answers[key]
		if !ok {
			return "", bot.Errorf(bot.Invalid, msgPickInvalid)
		}
		a = prev
	case q.Type == "figure":
		canon, _, known, err := d.figure(ctx, rc, key)
		if err != nil {
			return "", err
		}
		if (choice == "ok" && !typed) || confirmWords[bot.Fold(in.Text)] {
			if !known {
				return "", bot.Errorf(bot.Invalid, msgBadCount)
			}
			a = storage.Answer{Value: canon, Prefilled: canon}
			break
		}
		var v float64
		if key == "coverage" {
			v, err = parsePercent(in.Text)
		} else {
			var n int
			n, err = parseCount(in.Text)
			v = float64(n)
		}
		if err != nil {
			return "", err
		}
		a = storage.Answer{Value: canonNumber(v)}
		if known {
			a.Prefilled = canon
			a.Corrected = a.Value != canon
		}
	case choice == "none":
		a = storage.Answer{Value: msgNothingValue}
	default:
		v, err := parseText(in.Text, maxText)
		if err != nil {
			return "", err
		}
		a = storage.Answer{Value: v}
	}
	r, err := d.DB.SaveAnswer(ctx, rc.report.ID, rc.unit.ID, key, a)
	if errors.Is(err, storage.ErrConflict) {
		req.Say(fmt.Sprintf(msgReportClosed, rc.report.Period))
		return bot.End, nil
	}
	if err != nil {
		return "", err
	}
	if a.Corrected {
		req.Say(fmt.Sprintf(msgFigureCorrected, showAnswer(q, a.Value), showAnswer(q, a.Prefilled)))
	}
	if c.Get("single") != "" {
		delete(c.Data, "single")
		return "review", nil
	}
	if next := nextQuestion(r, rc.qs); next != "" {
		return "q." + next, nil
	}
	return "review", nil
}

// isNumber reports whether s reads as a number (so "2" typed at a question
// whose second button is "Giữ nguyên" is the figure 2).
func isNumber(s string) bool {
	_, err := parseNumber(s)
	return err == nil
}

// answersText lists every question with its answer; corrected figures show
// both values, returned ones their comment.
func answersText(rc reportCtx) string {
	var b strings.Builder
	for i, q := range rc.qs {
		a, ok := rc.report.Answers[q.Key]
		v := msgNotAnswered
		if ok {
			v = showAnswer(q, a.Value)
		}
		fmt.Fprintf(&b, "\n%d. %s: %s", i+1, q.Text, v)
		if ok && a.Corrected {
			fmt.Fprintf(&b, " "+msgWasPrefilled, showAnswer(q, a.Prefilled))
		}
		if ok && a.Returned {
			fmt.Fprintf(&b, " "+msgToFix, rc.report.Review.Comments[q.Key])
		}
	}
	return b.String()
}

func (d *Deps) reviewPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rc, err := d.loadReportCtx(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf(msgReviewHeader, rc.report.Period, rc.unit.Name) + answersText(rc)
	rep := bot.Reply{Text: text}
	if nextQuestion(rc.report, rc.qs) == "" {
		rep.Choices = append(rep.Choices, bot.Choice{ID: "submit", Label: lblSubmit})
	} else {
		rep.Text += "\n\n" + msgReviewIncomplete
		rep.Choices = append(rep.Choices, bot.Choice{ID: "continue", Label: lblContinue})
	}
	rep.Choices = append(rep.Choices, bot.Choice{ID: "edit", Label: lblEditAnswer}, bot.Choice{ID: "later", Label: lblLater})
	return rep, nil
}

func (d *Deps) reviewAction(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	rc, err := d.loadReportCtx(ctx, req, c)
	if err != nil {
		return "", err
	}
	switch in.Choice {
	case "edit":
		return "pickq", nil
	case "later":
		req.Say(msgReportDraftSaved)
		return bot.End, nil
	case "continue":
		if next := nextQuestion(rc.report, rc.qs); next != "" {
			return "q." + next, nil
		}
		return bot.Stay, nil
	}
	if nextQuestion(rc.report, rc.qs) != "" {
		return "", bot.Errorf(bot.Invalid, msgReviewIncomplete)
	}
	deadline := d.Plan.DeadlineIn(rc.report.Period, d.Loc)
	r, err := d.DB.SubmitReport(ctx, rc.report.ID, rc.unit.ID, req.User.PersonID, deadline)
	if errors.Is(err, storage.ErrConflict) {
		req.Say(fmt.Sprintf(msgReportClosed, rc.report.Period))
		return bot.End, nil
	}
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf(msgReportSubmitted, r.Period, r.Version)
	if r.Late {
		msg += " " + fmt.Sprintf(msgReportLate, fmtDate(deadline))
	}
	req.Say(msg)
	admins, err := d.DB.AdminIdentities(ctx)
	if err != nil {
		return "", err
	}
	note := fmt.Sprintf(msgReportToAdmin, rc.unit.Name, r.Period, r.Version)
	if r.Late {
		note += " " + msgLateMark
	}
	notifyAll(req, admins, bot.Reply{Text: note, Choices: []bot.Choice{{ID: "rv." + strconv.FormatInt(r.ID, 10), Label: lblReviewNow}}})
	return bot.End, nil
}

func (d *Deps) pickQuestionPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rc, err := d.loadReportCtx(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	rep := bot.Reply{Text: msgPickQuestion}
	for i, q := range rc.qs {
		rep.Choices = append(rep.Choices, bot.Choice{ID: strconv.Itoa(i + 1), Label: bot.Truncate(q.Text, 60)})
	}
	return rep, nil
}

func (d *Deps) pickQuestion(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	rc, err := d.loadReportCtx(ctx, req, c)
	if err != nil {
		return "", err
	}
	i, err := strconv.Atoi(in.Choice)
	if _, ok := offered(c, in.Choice); !ok || err != nil || i < 1 || i > len(rc.qs) {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	c.Set("single", "1")
	return "q." + rc.qs[i-1].Key, nil
}
