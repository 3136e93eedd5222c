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

// staff runs /canbo: an officer works on their own unit's roster; an admin
// picks a unit first.
func (d *Deps) staff(ctx context.Context, req *bot.Request) error {
	if req.User.Role == bot.Admin {
		return req.Start(ctx, "staff", nil)
	}
	if _, err := workUnit(req, &bot.Conv{}); err != nil {
		return err
	}
	return req.StartAt(ctx, "staff", "menu", nil)
}

// unitStep lets an admin pick the unit to work on.
func (d *Deps) unitStep(question string) bot.Step {
	return bot.Step{Key: "unit",
		Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
			return d.unitChoice(ctx, question)
		},
		Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
			id, ok := offeredID(c, in)
			if !ok || req.User.Role != bot.Admin {
				return "", bot.Errorf(bot.Invalid, msgPickInvalid)
			}
			c.Set("unit", strconv.FormatInt(id, 10))
			return bot.NextStep, nil
		}}
}

func (d *Deps) staffFlow() *bot.Flow {
	steps := []bot.Step{d.unitStep(msgPickUnit), {Key: "menu", Prompt: d.rosterPrompt, Handle: d.rosterMenu}}
	fields := d.staffFields()
	for i, f := range fields {
		f := f
		next := bot.NextStep
		if i == len(fields)-1 {
			next = "confirm"
		}
		steps = append(steps, bot.Step{Key: f.key,
			Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
				return f.prompt(d, ""), nil
			},
			Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
				v, err := f.read(d, c, in)
				if err != nil {
					return "", err
				}
				c.Set(f.key, v)
				return next, nil
			}})
	}
	steps = append(steps,
		bot.Step{Key: "confirm", Prompt: d.staffConfirmPrompt, Handle: d.staffConfirm},
		bot.Step{Key: "pick", Prompt: d.staffPickPrompt(false, msgPickStaffEdit), Handle: d.staffPicked("field")},
		bot.Step{Key: "field", Prompt: d.staffFieldPrompt, Handle: d.staffFieldChosen},
		bot.Step{Key: "value", Prompt: d.staffValuePrompt, Handle: d.staffValue},
		bot.Step{Key: "lpick", Prompt: d.staffPickPrompt(true, msgPickStaffLeft), Handle: d.staffPicked("ldate")},
		bot.Step{Key: "ldate", Prompt: d.leftDatePrompt, Handle: d.leftDate},
	)
	return &bot.Flow{Name: "staff", Title: titleStaff, Steps: steps}
}

// rosterPrompt lists the unit's staff, active first, with coverage, and
// offers what to do. Reading the list is a read of those records: audited.
func (d *Deps) rosterPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	u, err := d.DB.Unit(ctx, unitID)
	if err != nil {
		return bot.Reply{}, err
	}
	list, err := d.DB.StaffOfUnit(ctx, unitID, true)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := d.auditRead(ctx, req, "staff.list", "unit", unitID, fmt.Sprintf("n=%d", len(list))); err != nil {
		return bot.Reply{}, err
	}
	full, err := d.DB.StaffFullyTrained(ctx, unitID, d.rules())
	if err != nil {
		return bot.Reply{}, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, msgRosterHeader, u.Name)
	if len(list) == 0 {
		b.WriteString("\n" + msgRosterEmpty)
	}
	for i, s := range list {
		fmt.Fprintf(&b, "\n%d. %s — %s", i+1, s.FullName, rosterLine(s))
		switch {
		case !s.Active():
			fmt.Fprintf(&b, " ("+msgLeftOn+")", fmtDate(s.LeftOn))
		case full[s.ID]:
			b.WriteString(" " + msgFullyTrainedMark)
		}
	}
	cov, err := d.coverageText(ctx, unitID)
	if err != nil {
		return bot.Reply{}, err
	}
	b.WriteString("\n\n" + cov)
	rep := bot.Reply{Text: b.String(), Choices: []bot.Choice{{ID: "add", Label: lblStaffAdd}}}
	if len(list) > 0 {
		rep.Choices = append(rep.Choices, bot.Choice{ID: "edit", Label: lblStaffEdit}, bot.Choice{ID: "left", Label: lblStaffLeft})
	}
	rep.Choices = append(rep.Choices, bot.Choice{ID: idDone, Label: lblClose})
	return rep, nil
}

// rosterLine is "1990, Nữ, Tày; viên chức, Giáo viên", leaving out what is
// not recorded (rows imported from a spreadsheet may lack some).
func rosterLine(s storage.Staff) string {
	var who, work []string
	for _, v := range []string{show(s, "year"), sexNames[s.Sex], show(s, "ethnic")} {
		if v != "" {
			who = append(who, v)
		}
	}
	for _, v := range []string{strings.ToLower(categoryNames[s.Category]), s.Position} {
		if v != "" {
			work = append(work, v)
		}
	}
	return strings.Join(who, ", ") + "; " + strings.Join(work, ", ")
}

func (d *Deps) rosterMenu(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	switch in.Choice {
	case "add":
		for _, f := range d.staffFields() {
			delete(c.Data, f.key)
		}
		return "name", nil
	case "edit":
		return "pick", nil
	case "left":
		unitID, err := workUnit(req, c)
		if err != nil {
			return "", err
		}
		if list, err := d.DB.StaffOfUnit(ctx, unitID, false); err != nil || len(list) == 0 {
			return "", errOr(err, bot.Errorf(bot.NotFound, msgNoActiveStaff))
		}
		return "lpick", nil
	}
	req.Say(msgClosed)
	return bot.End, nil
}

// staffConfirmPrompt shows the summary and any likely duplicate before
// saving.
func (d *Deps) staffConfirmPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	s := d.staffFromConv(c, unitID)
	text := msgStaffSummary + d.staffCard(s)
	dups, err := d.DB.StaffDuplicates(ctx, s.NationalID, s.FullName, s.BirthYear)
	if err != nil {
		return bot.Reply{}, err
	}
	save := lblSave
	if len(dups) > 0 {
		var lines []string
		for _, x := range dups {
			if err := d.auditRead(ctx, req, "staff.dupcheck", "staff", x.ID, ""); err != nil {
				return bot.Reply{}, err
			}
			why := msgDupSameName
			if s.NationalID != "" && x.NationalID == s.NationalID {
				why = msgDupSameID
			}
			switch {
			case x.UnitID == unitID:
				lines = append(lines, fmt.Sprintf(msgDupHere, x.FullName, x.BirthYear, why))
			case req.User.Role == bot.Admin:
				u, _ := d.DB.Unit(ctx, x.UnitID)
				lines = append(lines, fmt.Sprintf(msgDupAdmin, x.FullName, x.BirthYear, u.Name, why))
			default: // an officer never sees another unit's records
				lines = append(lines, fmt.Sprintf(msgDupElsewhere, why))
			}
		}
		text += "\n\n" + msgDupWarning + "\n" + strings.Join(lines, "\n")
		save = lblSaveAnyway
	}
	return bot.Reply{Text: text, Choices: []bot.Choice{{ID: idSave, Label: save}, {ID: idCancel, Label: lblCancel}}}, nil
}

func (d *Deps) staffConfirm(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	if in.Choice != idSave {
		req.Say(routerMessages.Cancelled)
		return bot.End, nil
	}
	unitID, err := workUnit(req, c)
	if err != nil {
		return "", err
	}
	s, err := d.DB.AddStaff(ctx, req.User.PersonID, d.staffFromConv(c, unitID))
	if err != nil {
		return "", err
	}
	cov, err := d.coverageText(ctx, unitID)
	if err != nil {
		return "", err
	}
	req.Say(fmt.Sprintf(msgStaffSaved, s.FullName) + "\n" + cov)
	return bot.End, nil
}

// staffPickPrompt offers the unit's staff (only active ones when
// activeOnly) to pick one.
func (d *Deps) staffPickPrompt(activeOnly bool, question string) func(context.Context, *bot.Request, *bot.Conv) (bot.Reply, error) {
	return func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
		unitID, err := workUnit(req, c)
		if err != nil {
			return bot.Reply{}, err
		}
		list, err := d.DB.StaffOfUnit(ctx, unitID, !activeOnly)
		if err != nil {
			return bot.Reply{}, err
		}
		if err := d.auditRead(ctx, req, "staff.list", "unit", unitID, fmt.Sprintf("n=%d", len(list))); err != nil {
			return bot.Reply{}, err
		}
		rep := bot.Reply{Text: question}
		for _, s := range list {
			label := fmt.Sprintf("%s (%d)", s.FullName, s.BirthYear)
			if !s.Active() {
				label += " — " + lblLeft
			}
			rep.Choices = append(rep.Choices, bot.Choice{ID: strconv.FormatInt(s.ID, 10), Label: label})
		}
		return rep, nil
	}
}

// staffPicked checks that the chosen person is of the unit and moves on.
func (d *Deps) staffPicked(next string) func(context.Context, *bot.Request, *bot.Conv, bot.Input) (string, error) {
	return func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
		id, ok := offeredID(c, in)
		if !ok {
			return "", bot.Errorf(bot.Invalid, msgPickInvalid)
		}
		unitID, err := workUnit(req, c)
		if err != nil {
			return "", err
		}
		if _, err := d.DB.UnitStaff(ctx, unitID, id); err != nil {
			return "", notFoundAsPick(err)
		}
		c.Set("staff", strconv.FormatInt(id, 10))
		return next, nil
	}
}

// pickedStaff loads the person chosen earlier, in the request's unit.
func (d *Deps) pickedStaff(ctx context.Context, req *bot.Request, c *bot.Conv) (storage.Staff, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return storage.Staff{}, err
	}
	s, err := d.DB.UnitStaff(ctx, unitID, c.Int("staff"))
	return s, notFoundAsPick(err)
}

func (d *Deps) staffFieldPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	s, err := d.pickedStaff(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := d.auditRead(ctx, req, "staff.view", "staff", s.ID, ""); err != nil {
		return bot.Reply{}, err
	}
	rep := bot.Reply{Text: fmt.Sprintf(msgStaffCard, s.FullName) + d.staffCard(s) + "\n\n" + msgPickField}
	for _, f := range d.staffFields() {
		rep.Choices = append(rep.Choices, bot.Choice{ID: f.key, Label: f.label})
	}
	return rep, nil
}

func (d *Deps) staffFieldChosen(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if _, ok := offered(c, in.Choice); !ok {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	c.Set("field", in.Choice)
	return "value", nil
}

func (d *Deps) staffValuePrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	s, err := d.pickedStaff(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	f, ok := d.staffField(c.Get("field"))
	if !ok {
		return bot.Reply{}, fmt.Errorf("staff edit: unknown field %q", c.Get("field"))
	}
	return f.prompt(d, show(s, f.key)), nil
}

func (d *Deps) staffValue(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	f, ok := d.staffField(c.Get("field"))
	if !ok {
		return "", fmt.Errorf("staff edit: unknown field %q", c.Get("field"))
	}
	v, err := f.read(d, c, in)
	if err != nil {
		return "", err
	}
	s, err := d.pickedStaff(ctx, req, c)
	if err != nil {
		return "", err
	}
	apply(&s, f.key, v)
	if err := d.DB.SaveStaff(ctx, req.User.PersonID, s.UnitID, s, f.key); err != nil {
		return "", notFoundAsPick(err)
	}
	shown := show(s, f.key)
	if shown == "" {
		shown = msgUnknownValue
	}
	req.Say(fmt.Sprintf(msgStaffUpdated, f.label, s.FullName, shown))
	return bot.End, nil
}

func (d *Deps) leftDatePrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	s, err := d.pickedStaff(ctx, req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Text: fmt.Sprintf(askLeftDate, s.FullName)}, nil
}

func (d *Deps) leftDate(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	on, err := parseDate(in.Text)
	if err != nil {
		return "", err
	}
	s, err := d.pickedStaff(ctx, req, c)
	if err != nil {
		return "", err
	}
	if on.After(d.today()) {
		return "", bot.Errorf(bot.Invalid, msgDateFuture, fmtDate(d.today()))
	}
	if !s.JoinedOn.IsZero() && on.Before(s.JoinedOn) {
		return "", bot.Errorf(bot.Invalid, msgLeftBeforeJoined, fmtDate(s.JoinedOn))
	}
	err = d.DB.MarkStaffLeft(ctx, req.User.PersonID, s.UnitID, s.ID, on)
	if errors.Is(err, storage.ErrConflict) {
		return "", bot.Errorf(bot.Conflict, msgAlreadyLeft)
	}
	if err != nil {
		return "", notFoundAsPick(err)
	}
	cov, err := d.coverageText(ctx, s.UnitID)
	if err != nil {
		return "", err
	}
	req.Say(fmt.Sprintf(msgStaffLeftSaved, s.FullName, fmtDate(on)) + "\n" + cov)
	return bot.End, nil
}
