package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
)

// invite starts the /moi conversation: pick a unit, get a code. "/moi CODE"
// with a unit code skips the question.
func (d *Deps) invite(ctx context.Context, req *bot.Request) error {
	if code := strings.TrimSpace(req.Args); code != "" {
		u, err := d.DB.UnitByCode(ctx, code)
		if err == nil {
			return d.sendInvite(ctx, req, u.ID)
		}
	}
	return req.Start(ctx, "invite", nil)
}

func (d *Deps) inviteFlow() *bot.Flow {
	return &bot.Flow{Name: "invite", Title: "tạo mã mời", Steps: []bot.Step{{
		Key: "unit",
		Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
			return d.unitChoice(ctx, msgInvitePickUnit)
		},
		Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
			id, err := strconv.ParseInt(in.Choice, 10, 64)
			if err != nil || in.Choice == "" {
				return "", bot.Errorf(bot.Invalid, msgPickInvalid)
			}
			if err := d.sendInvite(ctx, req, id); err != nil {
				return "", err
			}
			return bot.End, nil
		},
	}}}
}

// unitChoice offers every unit as a choice (id = unit id).
func (d *Deps) unitChoice(ctx context.Context, question string) (bot.Reply, error) {
	units, err := d.DB.Units(ctx)
	if err != nil {
		return bot.Reply{}, err
	}
	rep := bot.Reply{Text: question}
	for _, u := range units {
		rep.Choices = append(rep.Choices, bot.Choice{ID: strconv.FormatInt(u.ID, 10), Label: u.Name})
	}
	return rep, nil
}

func (d *Deps) sendInvite(ctx context.Context, req *bot.Request, unitID int64) error {
	u, err := d.DB.Unit(ctx, unitID)
	if err != nil {
		return bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	inv, err := d.DB.CreateInvite(ctx, u.ID, req.User.PersonID, d.InviteTTL)
	if err != nil {
		return err
	}
	link := fmt.Sprintf("https://t.me/%s?start=%s", d.botName(), inv.Code)
	req.Say(fmt.Sprintf(msgInviteCreated, u.Name, inv.Code, inv.ExpiresAt.In(d.Loc).Format("15:04 02/01/2006"), link, inv.Code))
	return nil
}

func (d *Deps) botName() string {
	if d.BotUsername == "" {
		return "dttsbot"
	}
	return d.BotUsername
}
