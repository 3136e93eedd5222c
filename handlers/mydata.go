package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
)

// myData shows what the bot stores about the requester.
func (d *Deps) myData(ctx context.Context, req *bot.Request) error {
	var b strings.Builder
	b.WriteString(msgMyDataHeader)
	ids, err := d.DB.Identities(ctx, req.User.PersonID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		name := id.DisplayName
		if name == "" {
			name = "—"
		}
		fmt.Fprintf(&b, "\n"+msgMyDataAccount, id.Channel+":"+id.ExternalID, name)
	}
	fmt.Fprintf(&b, "\n"+msgMyDataRole, roleNames[req.User.Role])
	if req.User.UnitID != 0 {
		if u, err := d.DB.Unit(ctx, req.User.UnitID); err == nil {
			fmt.Fprintf(&b, "\n"+msgMyDataUnit, u.Name)
		}
	}
	extra, err := d.outreachData(ctx, req.User.PersonID)
	if err != nil {
		return err
	}
	if extra != "" {
		b.WriteString(extra)
	} else {
		b.WriteString("\n" + msgMyDataNone)
	}
	req.Say(b.String())
	return nil
}
