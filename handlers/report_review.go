package handlers

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// The office's side of /baocao: list the period's reports, review a
// submitted one, accept it or return it with comments on chosen questions.

func (d *Deps) fmtStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.Loc).Format("15:04 02/01/2006")
}

// reviewButton opens a submitted report from an admin's notification.
func (d *Deps) reviewButton(ctx context.Context, req *bot.Request) error {
	id, err := strconv.ParseInt(req.Args, 10, 64)
	if err != nil {
		return bot.Errorf(bot.Conflict, "%s", routerMessages.Stale)
	}
	if _, err := d.DB.ReportByID(ctx, id); err != nil {
		return notFoundAsPick(err)
	}
	return req.StartAt(ctx, "report", "view", map[string]string{"report": req.Args})
}

func (d *Deps) reportAdminSteps() []bot.Step {
	return []bot.Step{
		{Key: "list", Prompt: d.reportListPrompt, Handle: d.reportListPicked},
		{Key: "view", Prompt: d.reportViewPrompt, Handle: d.reportDecision},
		{Key: "retq", Prompt: d.returnQuestionsPrompt, Handle: d.returnQuestions},
		{Key: "retc", Prompt: d.returnCommentPrompt, Handle: d.returnComment},
		{Key: "retok", Prompt: d.returnConfirmPrompt, Handle: d.returnConfirm},
	}
}

func (d *Deps) reportListPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	if req.User.Role != bot.Admin {
		return bot.Reply{}, bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	}
	year := d.now().Year()
	units, err := d.DB.Units(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	reports, err := d.DB.ReportsOfPeriod(ctx, year)
	if err != nil {
		return bot.Reply{}, err
	}
	byUnit := map[int64]storage.Report{}
	for _, r := range reports {
		byUnit[r.UnitID] = r
	}
	var b strings.Builder
	fmt.Fprintf(&b, msgReportListHeader, year, fmtDate(d.Plan.DeadlineIn(year, d.Loc)))
	var choices []bot.Choice
	for i, u := range units {
		r, ok := byUnit[u.ID]
		status := msgReportMissing
		if ok {
			status = statusWords[r.Status]
			if r.Version > 0 {
				status += fmt.Sprintf(" "+msgReportSentOn, d.fmtStamp(r.SubmittedAt), r.Version)
			}
			if r.Late {
				status += " " + msgLateMark
			}
		}
		fmt.Fprintf(&b, "\n%d. %s — %s", i+1, u.Name, status)
		if ok && r.Status == storage.ReportSubmitted {
			choices = append(choices, bot.Choice{ID: strconv.FormatInt(r.ID, 10), Label: fmt.Sprintf(lblReviewUnit, u.Name)})
		}
	}
	if len(choices) == 0 {
		b.WriteString("\n\n" + msgNothingToReview)
	}
	choices = append(choices, bot.Choice{ID: "own", Label: lblOwnReport}, bot.Choice{ID: idDone, Label: lblClose})
	return bot.Reply{Text: b.String(), Choices: choices}, nil
}

func (d *Deps) reportListPicked(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if req.User.Role != bot.Admin {
		return "", bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	}
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	switch in.Choice {
	case idDone:
		req.Say(msgClosed)
		return bot.End, nil
	case "own": // the admin drafts the office's own report
		c.Set("unit", strconv.FormatInt(req.User.UnitID, 10))
		step, err := d.reportEntry(ctx, req, c)
		if err != nil || step == "" {
			return bot.End, err
		}
		return step, nil
	}
	c.Set("report", in.Choice)
	return "view", nil
}

// reviewed loads the report under review (admins only).
func (d *Deps) reviewed(ctx context.Context, req *bot.Request, c *bot.Conv) (reportCtx, error) {
	var rc reportCtx
	if req.User.Role != bot.Admin {
		return rc, bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	}
	r, err := d.DB.ReportByID(ctx, c.Int("report"))
	if err != nil {
		return rc, notFoundAsPick(err)
	}
	u, err := d.DB.Unit(ctx, r.UnitID)
	if err != nil {
		return rc, err
	}
	return reportCtx{unit: u, report: r, qs: d.Plan.QuestionsFor(u.Kind)}, nil
}

func (d *Deps) reportViewPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rc, err := d.reviewed(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := d.auditRead(ctx, req, "report.view", "report", rc.report.ID, fmt.Sprintf("version=%d", rc.report.Version)); err != nil {
		return bot.Reply{}, err
	}
	r := rc.report
	text := fmt.Sprintf(msgReportView, r.Period, rc.unit.Name, statusWords[r.Status], r.Version, d.fmtStamp(r.SubmittedAt))
	if r.Late {
		text += " " + msgLateMark
	}
	text += answersText(rc)
	rep := bot.Reply{Text: text}
	if r.Status == storage.ReportSubmitted {
		rep.Choices = []bot.Choice{{ID: "accept", Label: lblAccept}, {ID: "return", Label: lblReturn}}
	}
	rep.Choices = append(rep.Choices, bot.Choice{ID: "back", Label: lblBackToList})
	return rep, nil
}

func (d *Deps) reportDecision(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	rc, err := d.reviewed(ctx, req, c)
	if err != nil {
		return "", err
	}
	switch in.Choice {
	case "back":
		return "list", nil
	case "return":
		delete(c.Data, "retq")
		return "retq", nil
	}
	r, err := d.DB.AcceptReport(ctx, rc.report.ID, req.User.PersonID)
	if errors.Is(err, storage.ErrConflict) {
		return "", bot.Errorf(bot.Conflict, msgAlreadyReviewed)
	}
	if err != nil {
		return "", err
	}
	req.Say(fmt.Sprintf(msgAcceptedDone, rc.unit.Name, r.Period))
	officers, err := d.DB.UnitOfficers(ctx, rc.unit.ID)
	if err != nil {
		return "", err
	}
	notifyAll(req, officers, bot.Reply{Text: fmt.Sprintf(msgAcceptedToUnit, r.Period, rc.unit.Name)})
	return bot.End, nil
}

func (d *Deps) returnQuestionsPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rc, err := d.reviewed(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	var choices []bot.Choice
	for i, q := range rc.qs {
		choices = append(choices, bot.Choice{ID: strconv.Itoa(i + 1), Label: bot.Truncate(q.Text, 60)})
	}
	sel := splitIDs(c.Get("retq"))
	text := askReturnQuestions
	if len(sel) > 0 {
		text += "\n" + fmt.Sprintf(msgSelected, len(sel))
	}
	return bot.Reply{Text: text, Choices: manyChoices(choices, sel), Multi: true}, nil
}

func (d *Deps) returnQuestions(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	_, done, err := pickMany(c, in, "retq")
	if err != nil || !done {
		return bot.Stay, err
	}
	c.Set("reti", "0")
	return "retc", nil
}

// returnedKeys are the question keys the admin picked, in question order.
func returnedKeys(rc reportCtx, c *bot.Conv) []string {
	var idx []int
	for _, s := range splitIDs(c.Get("retq")) {
		if i, err := strconv.Atoi(s); err == nil && i >= 1 && i <= len(rc.qs) {
			idx = append(idx, i)
		}
	}
	sort.Ints(idx)
	var keys []string
	for _, i := range idx {
		keys = append(keys, rc.qs[i-1].Key)
	}
	return keys
}

func (d *Deps) returnCommentPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rc, err := d.reviewed(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	keys := returnedKeys(rc, c)
	i := int(c.Int("reti"))
	if i >= len(keys) {
		return bot.Reply{}, fmt.Errorf("report review: comment %d of %d", i, len(keys))
	}
	n, q, _ := rc.question(keys[i])
	v := msgNotAnswered
	if a, ok := rc.report.Answers[q.Key]; ok {
		v = showAnswer(q, a.Value)
	}
	return bot.Reply{Text: fmt.Sprintf(askReturnComment, n+1, q.Text, bot.Truncate(v, 500))}, nil
}

func (d *Deps) returnComment(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	rc, err := d.reviewed(ctx, req, c)
	if err != nil {
		return "", err
	}
	text, err := parseText(in.Text, maxText)
	if err != nil {
		return "", err
	}
	keys := returnedKeys(rc, c)
	i := int(c.Int("reti"))
	if i >= len(keys) {
		return "retok", nil
	}
	c.Set("c."+keys[i], text)
	c.Set("reti", strconv.Itoa(i+1))
	if i+1 < len(keys) {
		return bot.Stay, nil
	}
	return "retok", nil
}

func (d *Deps) returnComments(rc reportCtx, c *bot.Conv) (map[string]string, string) {
	comments := map[string]string{}
	var b strings.Builder
	for _, k := range returnedKeys(rc, c) {
		n, q, _ := rc.question(k)
		comments[k] = c.Get("c." + k)
		fmt.Fprintf(&b, "\n- "+msgCommentLine, n+1, q.Text, comments[k])
	}
	return comments, b.String()
}

func (d *Deps) returnConfirmPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rc, err := d.reviewed(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	_, lines := d.returnComments(rc, c)
	return bot.Reply{Text: fmt.Sprintf(msgReturnSummary, rc.unit.Name) + lines,
		Choices: []bot.Choice{{ID: idSave, Label: lblSendBack}, {ID: idCancel, Label: lblCancel}}}, nil
}

func (d *Deps) returnConfirm(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	if in.Choice != idSave {
		req.Say(routerMessages.Cancelled)
		return bot.End, nil
	}
	rc, err := d.reviewed(ctx, req, c)
	if err != nil {
		return "", err
	}
	comments, lines := d.returnComments(rc, c)
	r, err := d.DB.ReturnReport(ctx, rc.report.ID, req.User.PersonID, comments)
	if errors.Is(err, storage.ErrConflict) {
		return "", bot.Errorf(bot.Conflict, msgAlreadyReviewed)
	}
	if err != nil {
		return "", err
	}
	req.Say(fmt.Sprintf(msgReturnedDone, rc.unit.Name, r.Period))
	officers, err := d.DB.UnitOfficers(ctx, rc.unit.ID)
	if err != nil {
		return "", err
	}
	notifyAll(req, officers, bot.Reply{Text: fmt.Sprintf(msgReturnedToUnit, r.Period, rc.unit.Name) + lines + "\n" + msgReturnedHowTo})
	return bot.End, nil
}
