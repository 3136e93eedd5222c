package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// start greets by role; "/start CODE" joins the invite's unit.
func (d *Deps) start(ctx context.Context, req *bot.Request) error {
	code := strings.TrimSpace(req.Args)
	if strings.HasPrefix(code, subscribeLinkPrefix) {
		return d.subscribeFromLink(ctx, req, strings.TrimPrefix(code, subscribeLinkPrefix))
	}
	if code != "" {
		return d.join(ctx, req, code)
	}
	name := req.User.Name
	if name == "" {
		name = msgSomeone
	}
	switch req.User.Role {
	case bot.Admin:
		req.Say(fmt.Sprintf(msgWelcomeAdmin, name))
	case bot.Officer:
		u, err := d.DB.Unit(ctx, req.User.UnitID)
		if err != nil {
			return err
		}
		req.Say(fmt.Sprintf(msgWelcomeOfficer, name, u.Name))
	case bot.Resident:
		req.Say(fmt.Sprintf(msgWelcomeResident, d.Plan.Commune))
	default:
		req.Say(fmt.Sprintf(msgWelcomeStranger, d.Plan.Commune))
	}
	return nil
}

// join redeems an invite code.
func (d *Deps) join(ctx context.Context, req *bot.Request, code string) error {
	if req.User.Role == bot.Admin {
		return bot.Errorf(bot.Conflict, msgAdminNoJoin)
	}
	if !validCode(code) {
		return bot.Errorf(bot.Invalid, msgInviteUnknown)
	}
	u, err := d.DB.RedeemInvite(ctx, code, req.User.PersonID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return bot.Errorf(bot.NotFound, msgInviteUnknown)
	case errors.Is(err, storage.ErrUsed):
		return bot.Errorf(bot.Conflict, msgInviteUsed)
	case errors.Is(err, storage.ErrExpired):
		return bot.Errorf(bot.Expired, msgInviteExpired)
	case err != nil:
		return err
	}
	d.roleChanged(req.User.PersonID)
	req.Say(fmt.Sprintf(msgJoined, u.Name))
	return nil
}

// validCode accepts deep-link payloads: at most 64 of A-Za-z0-9_-.
func validCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// help lists what this user may do, each command written out.
func (d *Deps) help(r *bot.Router) bot.Handler {
	return func(ctx context.Context, req *bot.Request) error {
		var b strings.Builder
		b.WriteString(msgHelpHeader)
		for _, c := range r.CommandsFor(req.User) {
			fmt.Fprintf(&b, "\n%s — %s", c.Name, c.Help)
		}
		b.WriteString("\n\n")
		b.WriteString(msgHelpFooter)
		req.Say(b.String())
		return nil
	}
}

func cancel(ctx context.Context, req *bot.Request) error {
	if req.Cancel() {
		req.Say(routerMessages.Cancelled)
	} else {
		req.Say(routerMessages.NothingToCancel)
	}
	return nil
}

func back(ctx context.Context, req *bot.Request) error {
	ok, err := req.Back(ctx)
	if err != nil {
		return err
	}
	if !ok {
		req.Say(routerMessages.NothingToGoBack)
	}
	return nil
}
