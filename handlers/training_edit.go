package handlers

import (
	"context"
	"fmt"
	"strconv"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// recentPrompt offers the requester's latest entries in the unit.
func (d *Deps) recentPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	list, err := d.DB.RecentTrainings(ctx, unitID, req.User.PersonID, recentLimit)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := d.auditRead(ctx, req, "training.list", "unit", unitID, fmt.Sprintf("n=%d own", len(list))); err != nil {
		return bot.Reply{}, err
	}
	rep := bot.Reply{Text: fmt.Sprintf(askRecent, recentLimit)}
	for _, t := range list {
		rep.Choices = append(rep.Choices, bot.Choice{ID: strconv.FormatInt(t.ID, 10),
			Label: fmt.Sprintf("%s — %s (%s, %s)", t.StaffName, bot.Truncate(t.Course, 40), fmtDate(t.From), statusNames[t.Status])})
	}
	return rep, nil
}

func (d *Deps) recentPicked(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	id, ok := offeredID(c, in)
	if !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	if _, err := d.ownTraining(ctx, req, c, id); err != nil {
		return "", err
	}
	c.Set("entry", strconv.FormatInt(id, 10))
	return "entry", nil
}

// ownTraining loads an entry of the request's unit that the requester made.
func (d *Deps) ownTraining(ctx context.Context, req *bot.Request, c *bot.Conv, id int64) (storage.Training, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return storage.Training{}, err
	}
	t, err := d.DB.OwnTraining(ctx, unitID, req.User.PersonID, id)
	return t, notFoundAsPick(err)
}

func (d *Deps) entryPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	t, err := d.ownTraining(ctx, req, c, c.Int("entry"))
	if err != nil {
		return bot.Reply{}, err
	}
	if err := d.auditRead(ctx, req, "training.view", "training", t.ID, ""); err != nil {
		return bot.Reply{}, err
	}
	rep := bot.Reply{Text: fmt.Sprintf(msgTrainingEntry, t.StaffName) + d.trainingSummary(t, nil) + "\n\n" + msgPickField}
	for _, f := range d.trainingFields() {
		rep.Choices = append(rep.Choices, bot.Choice{ID: f.key, Label: f.label})
	}
	rep.Choices = append(rep.Choices, bot.Choice{ID: "delete", Label: lblDelete})
	return rep, nil
}

func (d *Deps) entryAction(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	if in.Choice == "delete" {
		return "edelete", nil
	}
	c.Set("field", in.Choice)
	return "evalue", nil
}

func (d *Deps) entryValuePrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	f, ok := d.trainingField(c.Get("field"))
	if !ok {
		return bot.Reply{}, fmt.Errorf("training edit: unknown field %q", c.Get("field"))
	}
	return f.prompt(d, c), nil
}

func (d *Deps) entryValue(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	f, ok := d.trainingField(c.Get("field"))
	if !ok {
		return "", fmt.Errorf("training edit: unknown field %q", c.Get("field"))
	}
	t, err := d.ownTraining(ctx, req, c, c.Int("entry"))
	if err != nil {
		return "", err
	}
	if err := f.read(d, c, in, &t); err != nil {
		return "", err
	}
	if err := d.DB.SaveTraining(ctx, req.User.PersonID, t.UnitID, t, f.key); err != nil {
		return "", notFoundAsPick(err)
	}
	cov, err := d.coverageText(ctx, t.UnitID)
	if err != nil {
		return "", err
	}
	req.Say(fmt.Sprintf(msgTrainingUpdated, t.StaffName) + d.trainingSummary(t, nil) + "\n" + cov)
	return bot.End, nil
}

func (d *Deps) entryDeletePrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	t, err := d.ownTraining(ctx, req, c, c.Int("entry"))
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Text: fmt.Sprintf(askDeleteTraining, t.StaffName, t.Course),
		Choices: []bot.Choice{{ID: idYes, Label: lblDelete}, {ID: idNo, Label: lblKeep}}}, nil
}

func (d *Deps) entryDelete(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	if in.Choice != idYes {
		req.Say(msgNothingChanged)
		return bot.End, nil
	}
	t, err := d.ownTraining(ctx, req, c, c.Int("entry"))
	if err != nil {
		return "", err
	}
	if err := d.DB.DeleteTraining(ctx, req.User.PersonID, t.UnitID, t.ID); err != nil {
		return "", notFoundAsPick(err)
	}
	cov, err := d.coverageText(ctx, t.UnitID)
	if err != nil {
		return "", err
	}
	req.Say(fmt.Sprintf(msgTrainingDeleted, t.StaffName, t.Course) + "\n" + cov)
	return bot.End, nil
}
