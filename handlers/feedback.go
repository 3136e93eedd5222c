package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// openFeedbackLimit bounds the list of open feedback shown to admins.
const openFeedbackLimit = 30

// feedback runs /phananh: an officer raises a difficulty with the office
// ("/phananh <text>" sends it at once); an admin picks an open one and
// answers it.
func (d *Deps) feedback(ctx context.Context, req *bot.Request) error {
	if req.User.Role == bot.Admin {
		list, err := d.DB.OpenFeedback(ctx, 1)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			req.Say(msgNoOpenFeedback)
			return nil
		}
		return req.StartAt(ctx, "feedback", "open", nil)
	}
	if strings.TrimSpace(req.Args) != "" {
		return d.raiseFeedback(ctx, req, req.Args)
	}
	return req.StartAt(ctx, "feedback", "body", nil)
}

// answerButton opens one feedback item from an admin's notification.
func (d *Deps) answerButton(ctx context.Context, req *bot.Request) error {
	id, err := strconv.ParseInt(req.Args, 10, 64)
	if err != nil {
		return bot.Errorf(bot.Conflict, "%s", routerMessages.Stale)
	}
	f, err := d.DB.FeedbackByID(ctx, id)
	if err != nil {
		return notFoundAsPick(err)
	}
	if !f.Open() {
		return bot.Errorf(bot.Conflict, msgFeedbackAnswered, f.ID)
	}
	return req.StartAt(ctx, "feedback", "answer", map[string]string{"fb": req.Args})
}

func (d *Deps) feedbackFlow() *bot.Flow {
	return &bot.Flow{Name: "feedback", Title: titleFeedback, Steps: []bot.Step{
		{Key: "body", Prompt: d.feedbackBodyPrompt, Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
			if err := d.raiseFeedback(ctx, req, in.Text); err != nil {
				return "", err
			}
			return bot.End, nil
		}},
		{Key: "open", Prompt: d.openFeedbackPrompt, Handle: d.openFeedbackPicked},
		{Key: "answer", Prompt: d.answerPrompt, Handle: d.answerFeedback},
	}}
}

func (d *Deps) feedbackBodyPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	if req.User.Role != bot.Officer || req.User.UnitID == 0 {
		return bot.Reply{}, bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	}
	text := fmt.Sprintf(askFeedback, maxText)
	list, err := d.DB.FeedbackOfUnit(ctx, req.User.UnitID, 5)
	if err != nil {
		return bot.Reply{}, err
	}
	open := 0
	for _, f := range list {
		if f.Open() {
			open++
		}
	}
	if open > 0 {
		text += "\n" + fmt.Sprintf(msgFeedbackPending, open)
	}
	return bot.Reply{Text: text}, nil
}

// raiseFeedback saves a difficulty and sends it to every office admin.
func (d *Deps) raiseFeedback(ctx context.Context, req *bot.Request, body string) error {
	if req.User.Role != bot.Officer || req.User.UnitID == 0 {
		return bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	}
	body, err := parseText(body, maxText)
	if err != nil {
		return err
	}
	f, err := d.DB.AddFeedback(ctx, req.User.UnitID, req.User.PersonID, body)
	if err != nil {
		return err
	}
	admins, err := d.DB.AdminIdentities(ctx)
	if err != nil {
		return err
	}
	who := req.User.Name
	if who == "" {
		who = msgSomeone
	}
	notifyAll(req, admins, bot.Reply{Text: fmt.Sprintf(msgFeedbackToAdmin, f.ID, f.UnitName, who, f.Body),
		Choices: []bot.Choice{{ID: "fb." + strconv.FormatInt(f.ID, 10), Label: lblAnswer}}})
	req.Say(fmt.Sprintf(msgFeedbackSent, f.ID))
	return nil
}

func (d *Deps) openFeedbackPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	if req.User.Role != bot.Admin {
		return bot.Reply{}, bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	}
	list, err := d.DB.OpenFeedback(ctx, openFeedbackLimit)
	if err != nil {
		return bot.Reply{}, err
	}
	if len(list) == 0 { // answered meanwhile by another admin
		return bot.Reply{Text: msgNoOpenFeedback, Choices: []bot.Choice{{ID: idDone, Label: lblClose}}}, nil
	}
	rep := bot.Reply{Text: fmt.Sprintf(msgOpenFeedback, len(list))}
	for _, f := range list {
		rep.Choices = append(rep.Choices, bot.Choice{ID: strconv.FormatInt(f.ID, 10),
			Label: fmt.Sprintf("#%d %s: %s", f.ID, f.UnitName, bot.Truncate(strings.Join(strings.Fields(f.Body), " "), 40))})
	}
	rep.Choices = append(rep.Choices, bot.Choice{ID: idDone, Label: lblClose})
	return rep, nil
}

func (d *Deps) openFeedbackPicked(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	if in.Choice == idDone {
		req.Say(msgClosed)
		return bot.End, nil
	}
	c.Set("fb", in.Choice)
	return "answer", nil
}

// pickedFeedback loads the item being answered (admins only).
func (d *Deps) pickedFeedback(ctx context.Context, req *bot.Request, c *bot.Conv) (storage.Feedback, error) {
	if req.User.Role != bot.Admin {
		return storage.Feedback{}, bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
	}
	f, err := d.DB.FeedbackByID(ctx, c.Int("fb"))
	return f, notFoundAsPick(err)
}

func (d *Deps) answerPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	f, err := d.pickedFeedback(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Text: fmt.Sprintf(askFeedbackAnswer, f.ID, f.UnitName, d.fmtStamp(f.CreatedAt), f.Body, maxText)}, nil
}

func (d *Deps) answerFeedback(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	answer, err := parseText(in.Text, maxText)
	if err != nil {
		return "", err
	}
	f, err := d.pickedFeedback(ctx, req, c)
	if err != nil {
		return "", err
	}
	f, err = d.DB.AnswerFeedback(ctx, f.ID, req.User.PersonID, answer)
	if errors.Is(err, storage.ErrConflict) {
		req.Say(fmt.Sprintf(msgFeedbackAnswered, c.Int("fb")))
		return bot.End, nil
	}
	if err != nil {
		return "", err
	}
	to, err := d.DB.Identities(ctx, f.PersonID)
	if err != nil {
		return "", err
	}
	if len(to) == 0 { // the author is gone: tell the unit
		if to, err = d.DB.UnitOfficers(ctx, f.UnitID); err != nil {
			return "", err
		}
	}
	notifyAll(req, to, bot.Reply{Text: fmt.Sprintf(msgFeedbackAnswerToUnit, f.ID, bot.Truncate(f.Body, 300), f.Answer)})
	req.Say(fmt.Sprintf(msgFeedbackAnswerSent, f.ID, f.UnitName))
	return bot.End, nil
}
