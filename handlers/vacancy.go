package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// jobsListMax is how many open vacancies one /tuyendung lists.
const jobsListMax = 10

// jobs runs /tuyendung: the open vacancies for everyone; admins also add
// ("them"), publish ("dang N") and close ("dong N"); "quantam N" says
// interested on text channels.
func (d *Deps) jobs(ctx context.Context, req *bot.Request) error {
	f := strings.Fields(bot.Fold(req.Args))
	if len(f) >= 2 && f[0] == "quan" && f[1] == "tam" {
		f = append([]string{"quantam"}, f[2:]...)
	}
	if len(f) == 0 {
		return d.jobsList(ctx, req)
	}
	id := int64(0)
	if len(f) > 1 {
		id, _ = strconv.ParseInt(strings.TrimPrefix(f[1], "#"), 10, 64)
	}
	admin := req.User.Role == bot.Admin
	switch {
	case f[0] == "quantam" && id > 0:
		return d.jobInterest(ctx, req, id)
	case !admin && (f[0] == "them" || f[0] == "dang" || f[0] == "dong"):
		return bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	case f[0] == "them":
		return req.Start(ctx, "job_new", nil)
	case f[0] == "dang" && id > 0:
		return d.jobPublishStart(ctx, req, id)
	case f[0] == "dong" && id > 0:
		return d.jobClose(ctx, req, id)
	}
	if admin {
		return bot.Errorf(bot.Invalid, "%s", msgJobsUsageAdmin)
	}
	return bot.Errorf(bot.Invalid, "%s", msgJobsUsage)
}

// interested handles "quan tâm N" typed on text channels.
func (d *Deps) jobInterestTyped(ctx context.Context, req *bot.Request) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(req.Args), "#"), 10, 64)
	if err != nil || id <= 0 {
		return bot.Errorf(bot.Invalid, "%s", msgJobInterestUsage)
	}
	return d.jobInterest(ctx, req, id)
}

func (d *Deps) outToday() time.Time {
	n := d.now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func (d *Deps) jobsList(ctx context.Context, req *bot.Request) error {
	vs, err := d.DB.OpenVacancies(ctx, d.outToday())
	if err != nil {
		return err
	}
	admin := req.User.Role == bot.Admin
	if len(vs) == 0 {
		req.Say(msgJobsNone)
	}
	for i, v := range vs {
		if i == jobsListMax {
			req.Say(fmt.Sprintf(msgJobsMore, len(vs)-jobsListMax))
			break
		}
		id := strconv.FormatInt(v.ID, 10)
		rep := bot.Reply{Text: jobText(v) + "\n" + fmt.Sprintf(msgJobHint, v.ID),
			Choices: []bot.Choice{{ID: "job." + id, Label: labelInterested}}}
		if admin {
			rep.Text += "\n" + fmt.Sprintf(msgJobAdminLine, v.Leads, v.ID, v.ID)
			rep.Choices = append(rep.Choices, bot.Choice{ID: "jobp." + id, Label: labelJobPublish}, bot.Choice{ID: "jobc." + id, Label: labelJobClose})
		}
		req.Reply(rep)
	}
	if admin {
		req.Reply(bot.Reply{Text: msgJobsAdminAdd, Choices: []bot.Choice{{ID: "jobn.x", Label: labelJobAdd}}})
	}
	return nil
}

// jobText describes a vacancy.
func jobText(v storage.Vacancy) string {
	unit := v.UnitName
	deadline := "—"
	if !v.Deadline.IsZero() {
		deadline = v.Deadline.Format("02/01/2006")
	}
	return fmt.Sprintf(msgJobTitle, v.ID, v.Position) + "\n" + fmt.Sprintf(msgJobDetails, outDash(unit), v.Quota,
		outDash(v.Requirements), deadline, outDash(v.Contact), outDash(v.PriorityNote))
}

// jobCallback handles the vacancy buttons: "job.N" (interested, everyone),
// "jobp.N" publish, "jobc.N" close, "jobn.x" add (admins; roles are checked
// by the router).
func (d *Deps) jobCallback(action string) bot.Handler {
	return func(ctx context.Context, req *bot.Request) error {
		if action == "add" {
			return req.Start(ctx, "job_new", nil)
		}
		id, err := strconv.ParseInt(req.Args, 10, 64)
		if err != nil || id <= 0 {
			return bot.Errorf(bot.Conflict, "%s", routerMessages.Stale)
		}
		switch action {
		case "publish":
			return d.jobPublishStart(ctx, req, id)
		case "close":
			return d.jobClose(ctx, req, id)
		}
		return d.jobInterest(ctx, req, id)
	}
}

// jobOpen loads a vacancy that still takes applications.
func (d *Deps) jobOpen(ctx context.Context, id int64) (storage.Vacancy, error) {
	v, err := d.DB.Vacancy(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return v, bot.Errorf(bot.NotFound, msgJobNotFound, id)
	}
	if err != nil {
		return v, err
	}
	if v.Status != storage.VacancyOpen || (!v.Deadline.IsZero() && v.Deadline.Before(d.outToday())) {
		return v, bot.Errorf(bot.Conflict, msgJobNotOpen, id)
	}
	return v, nil
}

// jobInterest records "Quan tâm": a lead in the talent pool, after consent.
// Someone without an active subscription is asked for consent first; the
// lead is recorded when they agree.
func (d *Deps) jobInterest(ctx context.Context, req *bot.Request, id int64) error {
	if _, err := d.jobOpen(ctx, id); err != nil {
		return err
	}
	s, err := d.DB.Subscriber(ctx, req.User.PersonID)
	if errors.Is(err, storage.ErrNotFound) || (err == nil && !s.Active()) {
		return req.Start(ctx, "subscribe", map[string]string{"job": strconv.FormatInt(id, 10)})
	}
	if err != nil {
		return err
	}
	return d.jobAddLead(ctx, req, id)
}

// jobAddLead adds the requester to a vacancy's leads (they have consented).
func (d *Deps) jobAddLead(ctx context.Context, req *bot.Request, id int64) error {
	v, err := d.jobOpen(ctx, id)
	if err != nil {
		return err
	}
	village := ""
	if s, err := d.DB.Subscriber(ctx, req.User.PersonID); err == nil {
		village = s.Village
	}
	name := req.User.Name
	if name == "" {
		name = bot.Truncate(bot.Clean(req.Update.UserName), 100)
	}
	added, err := d.DB.AddLead(ctx, id, req.User.PersonID, name, village)
	if err != nil {
		return err
	}
	if !added {
		req.Say(fmt.Sprintf(msgJobAlready, v.Position))
		return nil
	}
	req.Say(fmt.Sprintf(msgJobInterested, v.Position))
	return nil
}

func (d *Deps) jobClose(ctx context.Context, req *bot.Request, id int64) error {
	err := d.DB.CloseVacancy(ctx, id, req.User.PersonID)
	if errors.Is(err, storage.ErrNotFound) {
		return bot.Errorf(bot.NotFound, msgJobNotOpen, id)
	}
	if err != nil {
		return err
	}
	req.Say(fmt.Sprintf(msgJobClosed, id))
	return nil
}

// jobAnnReply is the announcement that publishes a vacancy, with its
// "Quan tâm" button (data "job.N", at most 64 bytes).
func jobAnnReply(v storage.Vacancy) bot.Reply {
	return bot.Reply{Text: msgJobAnnHeader + "\n" + jobText(v) + "\n" + fmt.Sprintf(msgJobHint, v.ID),
		Choices: []bot.Choice{{ID: "job." + strconv.FormatInt(v.ID, 10), Label: labelInterested}}}
}

func (d *Deps) jobPublishStart(ctx context.Context, req *bot.Request, id int64) error {
	if _, err := d.jobOpen(ctx, id); err != nil {
		return err
	}
	return req.Start(ctx, "job_publish", map[string]string{"id": strconv.FormatInt(id, 10)})
}

func (d *Deps) jobPublishFlow() *bot.Flow {
	return &bot.Flow{Name: "job_publish", Title: titleJobPublish, Roles: adminOnly, Steps: []bot.Step{{
		Key: "confirm",
		Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
			v, err := d.jobOpen(ctx, c.Int("id"))
			if err != nil {
				return bot.Reply{}, err
			}
			req.Reply(jobAnnReply(v))
			total, held, err := d.DB.CountRecipients(ctx, storage.Audience{Kind: storage.AudienceAll}, d.outQuiet(), d.now())
			if err != nil {
				return bot.Reply{}, err
			}
			text := fmt.Sprintf(msgAnnPreview, labelAnnAudAll, labelAnnWhenNow, total)
			if held > 0 {
				text += "\n" + fmt.Sprintf(msgAnnPreviewHeld, held, d.outQuietEnd())
			}
			return bot.Reply{Text: text, Choices: []bot.Choice{{ID: "ok", Label: labelOutSend}, {ID: "cancel", Label: labelOutCancel}}}, nil
		},
		Handle: annConfirm,
	}}, Done: func(ctx context.Context, req *bot.Request, c *bot.Conv) error {
		v, err := d.jobOpen(ctx, c.Int("id"))
		if err != nil {
			return err
		}
		rep := jobAnnReply(v)
		a := storage.Announcement{Body: rep.Text, Audience: storage.Audience{Kind: storage.AudienceAll}, CreatedBy: req.User.PersonID,
			Origin: updateOrigin(req.Update)}
		annID, n, err := d.DB.PublishVacancy(ctx, v.ID, a, storage.Queue{Payload: bot.EncodeReply(rep), Quiet: d.outQuiet(), At: d.now()})
		if err != nil {
			return err
		}
		req.Reply(annProgressButton(fmt.Sprintf(msgAnnQueued, annID, n, annID), annID))
		return nil
	}}
}

func (d *Deps) jobNewFlow() *bot.Flow {
	return &bot.Flow{Name: "job_new", Title: titleJobNew, Roles: adminOnly, Steps: []bot.Step{
		{Key: "position", Prompt: outSay(msgJobAskPosition), Handle: outTextInto("position", 200, msgJobPositionExample)},
		{Key: "unit", Prompt: d.jobUnitPrompt, Handle: d.jobUnit},
		{Key: "quota", Prompt: outSay(msgJobAskQuota), Handle: jobQuota},
		{Key: "requirements", Prompt: outSay(msgJobAskRequirements), Handle: outTextInto("requirements", 1000, msgJobRequirementsExample)},
		{Key: "deadline", Prompt: outSay(msgJobAskDeadline), Handle: d.jobDeadline},
		{Key: "contact", Prompt: outSay(msgJobAskContact), Handle: outTextInto("contact", 300, msgJobContactExample)},
		{Key: "note", Prompt: outChoices(msgJobAskNote, bot.Choice{ID: "default", Label: labelJobDefaultNote}), Handle: jobNote},
		{Key: "confirm", Prompt: d.jobConfirmPrompt, Handle: annConfirm},
	}, Done: d.jobNewDone}
}

// outTextInto is a step that keeps a free text (at most max runes) under key.
func outTextInto(key string, max int, example string) func(context.Context, *bot.Request, *bot.Conv, bot.Input) (string, error) {
	return func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
		t, err := outText(in, max, example)
		if err != nil {
			return "", err
		}
		c.Set(key, t)
		return bot.NextStep, nil
	}
}

func (d *Deps) jobUnitPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rep, err := d.unitChoice(ctx, msgJobAskUnit)
	if err != nil {
		return rep, err
	}
	rep.Choices = append(rep.Choices, bot.Choice{ID: "none", Label: labelJobNoUnit})
	return rep, nil
}

func (d *Deps) jobUnit(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if in.Choice == "none" {
		c.Set("unit", "")
		return bot.NextStep, nil
	}
	id, err := strconv.ParseInt(in.Choice, 10, 64)
	if err != nil {
		return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
	}
	if _, err := d.DB.Unit(ctx, id); err != nil {
		return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
	}
	c.Set("unit", in.Choice)
	return bot.NextStep, nil
}

func jobQuota(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(in.Text))
	if err != nil || n < 1 || n > 1000 {
		return "", bot.Errorf(bot.Invalid, "%s", msgJobQuotaInvalid)
	}
	c.Set("quota", strconv.Itoa(n))
	return bot.NextStep, nil
}

// jobParseDate reads dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd as a calendar date.
func jobParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2/1/2006", "2006-1-2", "2-1-2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (d *Deps) jobDeadline(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	t, ok := jobParseDate(in.Text)
	if !ok {
		return "", bot.Errorf(bot.Invalid, "%s", msgJobDeadlineInvalid)
	}
	if t.Before(d.outToday()) || t.After(d.outToday().AddDate(2, 0, 0)) {
		return "", bot.Errorf(bot.Invalid, "%s", msgJobDeadlineRange)
	}
	c.Set("deadline", t.Format("2006-01-02"))
	return bot.NextStep, nil
}

func jobNote(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if in.Choice == "default" {
		c.Set("note", msgJobDefaultNote)
		return bot.NextStep, nil
	}
	t, err := outText(in, 500, msgJobNoteExample)
	if err != nil {
		return "", err
	}
	c.Set("note", t)
	return bot.NextStep, nil
}

func (d *Deps) jobFromConv(ctx context.Context, c *bot.Conv) storage.Vacancy {
	v := storage.Vacancy{Position: c.Get("position"), UnitID: c.Int("unit"), Quota: int(c.Int("quota")),
		Requirements: c.Get("requirements"), Contact: c.Get("contact"), PriorityNote: c.Get("note")}
	v.Deadline, _ = time.Parse("2006-01-02", c.Get("deadline"))
	if v.UnitID != 0 {
		if u, err := d.DB.Unit(ctx, v.UnitID); err == nil {
			v.UnitName = u.Name
		}
	}
	return v
}

func (d *Deps) jobConfirmPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	v := d.jobFromConv(ctx, c)
	text := msgJobReview + "\n" + fmt.Sprintf(msgJobReviewPosition, v.Position) + "\n" + strings.SplitN(jobText(v), "\n", 2)[1]
	return bot.Reply{Text: text, Choices: []bot.Choice{{ID: "ok", Label: labelOutSave}, {ID: "cancel", Label: labelOutCancel}}}, nil
}

func (d *Deps) jobNewDone(ctx context.Context, req *bot.Request, c *bot.Conv) error {
	v := d.jobFromConv(ctx, c)
	v.CreatedBy = req.User.PersonID
	id, err := d.DB.CreateVacancy(ctx, v)
	if err != nil {
		return err
	}
	req.Reply(bot.Reply{Text: fmt.Sprintf(msgJobCreated, id, v.Position, id),
		Choices: []bot.Choice{{ID: "jobp." + strconv.FormatInt(id, 10), Label: labelJobPublish}}})
	return nil
}
