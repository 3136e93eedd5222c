package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// linkTTL is how long a /lienket code is valid.
const linkTTL = 10 * time.Minute

// link is /lienket: without an argument it gives a one-time code; with a
// code, typed on the other channel, it links this identity to the person
// who asked for the code (storage.RedeemLinkCode: the higher of the two
// roles is kept, nobody is demoted). The code maker's other chats are told,
// so a link they did not make does not go unnoticed.
func (d *Deps) link(ctx context.Context, req *bot.Request) error {
	if req.Update.Group {
		return bot.Errorf(bot.Invalid, msgLinkGroup)
	}
	arg := strings.TrimSpace(req.Args)
	if arg == "" {
		return d.linkCode(ctx, req)
	}
	return d.linkRedeem(ctx, req, arg)
}

func (d *Deps) linkCode(ctx context.Context, req *bot.Request) error {
	lc, err := d.DB.CreateLinkCode(ctx, req.User.PersonID, linkTTL)
	if err != nil {
		return err
	}
	other := msgLinkOther
	switch req.Update.Channel {
	case "telegram":
		other = channelNames["zalo"]
	case "zalo":
		other = channelNames["telegram"]
	}
	req.Say(fmt.Sprintf(msgLinkCode, lc.Code, lc.ExpiresAt.In(d.Loc).Format("15:04 02/01/2006"), other, lc.Code))
	return nil
}

func (d *Deps) linkRedeem(ctx context.Context, req *bot.Request, code string) error {
	if _, ok := storage.NormalizeLinkCode(code); !ok {
		return bot.Errorf(bot.Invalid, msgLinkInvalid)
	}
	ch := req.Update.Channel
	res, err := d.DB.RedeemLinkCode(ctx, code, ch, req.Update.UserID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return bot.Errorf(bot.NotFound, msgLinkUnknown)
	case errors.Is(err, storage.ErrUsed):
		return bot.Errorf(bot.Conflict, msgLinkUsed)
	case errors.Is(err, storage.ErrExpired):
		return bot.Errorf(bot.Expired, msgLinkExpired)
	case errors.Is(err, storage.ErrLinkSelf):
		return bot.Errorf(bot.Conflict, msgLinkSelf)
	case errors.Is(err, storage.ErrLinkTaken):
		return bot.Errorf(bot.Conflict, msgLinkTaken, channelName(ch))
	case errors.Is(err, storage.ErrLinkLinked):
		return bot.Errorf(bot.Conflict, msgLinkLinked)
	case errors.Is(err, storage.ErrLinkUnits):
		return bot.Errorf(bot.Conflict, msgLinkUnits)
	case err != nil:
		return err
	}
	ids, err := d.DB.Identities(ctx, res.Person.ID)
	if err != nil {
		return err
	}
	others := ""
	for _, id := range ids {
		if id.Channel == ch && id.ExternalID == req.Update.UserID {
			continue
		}
		if others == "" {
			others = channelName(id.Channel)
		}
		if !id.Blocked {
			req.Send(bot.Out{Channel: id.Channel, ChatID: id.ChatID, Reply: bot.Reply{Text: fmt.Sprintf(msgLinkNotice, channelName(ch))}})
		}
	}
	role := RoleOf(res.Person.Role)
	if role == bot.Officer && res.Person.UnitID != 0 {
		u, err := d.DB.Unit(ctx, res.Person.UnitID)
		if err != nil {
			return err
		}
		req.Say(fmt.Sprintf(msgLinkDoneUnit, channelName(ch), others, u.Name))
	} else {
		req.Say(fmt.Sprintf(msgLinkDone, channelName(ch), others, roleNames[role]))
	}
	d.roleChanged(res.Person.ID)
	return nil
}

func channelName(ch string) string {
	if n, ok := channelNames[ch]; ok {
		return n
	}
	return ch
}
