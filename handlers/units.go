package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
)

// units lists the units and their officers (admin).
func (d *Deps) units(ctx context.Context, req *bot.Request) error {
	units, err := d.DB.Units(ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(msgUnitsHeader)
	for i, u := range units {
		ids, err := d.DB.UnitOfficers(ctx, u.ID)
		if err != nil {
			return err
		}
		var names []string
		seen := map[int64]bool{}
		for _, id := range ids {
			if seen[id.PersonID] {
				continue
			}
			seen[id.PersonID] = true
			n := id.DisplayName
			if n == "" {
				n = id.Channel + ":" + id.ExternalID
			}
			names = append(names, n)
		}
		who := msgUnitNoOfficer
		if len(names) > 0 {
			who = strings.Join(names, ", ")
		}
		fmt.Fprintf(&b, "\n%d. %s — %s", i+1, u.Name, who)
	}
	req.Say(b.String())
	return nil
}
