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

// Choice ids shared by the officers' flows (short ASCII: they travel in
// Telegram's callback data).
const (
	idSkip   = "skip"
	idDone   = "done"
	idSave   = "save"
	idCancel = "cancel"
	idYes    = "yes"
	idNo     = "no"
)

// workUnit is the unit a conversation step may touch: an officer's own unit,
// whatever the conversation holds (so a forged or stale state cannot reach
// another unit), or the unit an admin picked at the start.
func workUnit(req *bot.Request, c *bot.Conv) (int64, error) {
	switch req.User.Role {
	case bot.Officer:
		if req.User.UnitID != 0 {
			return req.User.UnitID, nil
		}
	case bot.Admin:
		if id := c.Int("unit"); id != 0 {
			return id, nil
		}
	}
	return 0, bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
}

// offered reports whether id is one of the choices of the current prompt;
// a button press carries an id the client could have forged.
func offered(c *bot.Conv, id string) (bot.Choice, bool) {
	for _, ch := range c.Offered {
		if ch.ID == id && id != "" {
			return ch, true
		}
	}
	return bot.Choice{}, false
}

// offeredID is the numeric id of an offered choice.
func offeredID(c *bot.Conv, in bot.Input) (int64, bool) {
	if _, ok := offered(c, in.Choice); !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(in.Choice, 10, 64)
	return id, err == nil && id > 0
}

// pickMany reads a multiple choice stored in c under key: a pressed button
// toggles one item (the prompt is asked again), "Xong" finishes; typed
// numbers or labels ("1, 3, 5") set the whole selection and finish.
func pickMany(c *bot.Conv, in bot.Input, key string) (ids []string, done bool, err error) {
	sel := splitIDs(c.Get(key))
	if in.Text == "" && in.Choice != "" { // a button
		if in.Choice == idDone {
			if len(sel) == 0 {
				return nil, false, bot.Errorf(bot.Invalid, msgPickSomeone)
			}
			return sel, true, nil
		}
		if _, ok := offered(c, in.Choice); !ok {
			return nil, false, bot.Errorf(bot.Invalid, msgPickManyInvalid)
		}
		sel = toggle(sel, in.Choice)
		c.Set(key, strings.Join(sel, ","))
		return sel, false, nil
	}
	var typed []string
	for _, id := range in.Choices {
		if id == idDone {
			continue
		}
		if _, ok := offered(c, id); !ok {
			return nil, false, bot.Errorf(bot.Invalid, msgPickManyInvalid)
		}
		typed = append(typed, id)
	}
	if len(typed) == 0 {
		if len(in.Choices) > 0 && len(sel) > 0 { // typed "Xong"
			return sel, true, nil
		}
		return nil, false, bot.Errorf(bot.Invalid, msgPickManyInvalid)
	}
	c.Set(key, strings.Join(typed, ","))
	return typed, true, nil
}

func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func toggle(list []string, id string) []string {
	for i, x := range list {
		if x == id {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return append(list, id)
}

// manyChoices marks the selected choices and adds "Xong".
func manyChoices(choices []bot.Choice, selected []string) []bot.Choice {
	on := map[string]bool{}
	for _, s := range selected {
		on[s] = true
	}
	out := make([]bot.Choice, 0, len(choices)+1)
	for _, ch := range choices {
		if on[ch.ID] {
			ch.Label = "✓ " + ch.Label
		}
		out = append(out, ch)
	}
	return append(out, bot.Choice{ID: idDone, Label: lblDone})
}

// auditRead records that the requester read personal records (SPEC §2).
func (d *Deps) auditRead(ctx context.Context, req *bot.Request, action, objType string, objID int64, detail string) error {
	err := d.DB.Audit(ctx, storage.AuditEntry{ActorID: req.User.PersonID, Actor: req.User.Role.String(), Action: action,
		ObjectType: objType, ObjectID: strconv.FormatInt(objID, 10), Detail: detail})
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// coverageText is the coverage of a unit and of the commune against the
// target of the current year, one line each.
func (d *Deps) coverageText(ctx context.Context, unitID int64) (string, error) {
	unit, err := d.DB.CoverageOfUnit(ctx, unitID, d.rules())
	if err != nil {
		return "", err
	}
	_, total, err := d.DB.CoverageByUnit(ctx, d.rules())
	if err != nil {
		return "", err
	}
	year := d.now().Year()
	return fmt.Sprintf(msgCoverageLine, fmtCoverage(unit), fmtCoverage(total), year, fmtNumber(d.Plan.TargetFor(year))), nil
}

// fmtCoverage writes "2/3 người (66,7%)" or "chưa có" when there is no staff.
func fmtCoverage(c storage.Coverage) string {
	p, ok := c.Percent()
	if !ok {
		return msgCoverageNone
	}
	return fmt.Sprintf(msgCoverageOf, c.FullyTrained, c.Active, fmtNumber(p))
}

// notFoundAsPick turns a record of another unit (or a vanished one) into
// the usual "pick from the list" answer.
func notFoundAsPick(err error) error {
	if errors.Is(err, storage.ErrNotFound) {
		return bot.Errorf(bot.NotFound, msgPickInvalid)
	}
	return err
}

// notifyAll queues rep to every reachable identity in ids.
func notifyAll(req *bot.Request, ids []storage.Identity, rep bot.Reply) int {
	n := 0
	for _, id := range ids {
		if id.Blocked || id.ChatID == "" {
			continue
		}
		req.Send(bot.Out{Channel: id.Channel, ChatID: id.ChatID, Reply: rep})
		n++
	}
	return n
}

// errOr returns err when set, else alt.
func errOr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}
