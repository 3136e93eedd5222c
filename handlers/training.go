package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// recentLimit is how many of one's own entries /daotao offers to edit.
const recentLimit = 10

var statusNames = map[string]string{
	storage.TrainRegistered: "Đã đăng ký",
	storage.TrainAttending:  "Đang học",
	storage.TrainCompleted:  "Đã hoàn thành",
}

// training runs /daotao: log a course for one person or a class, or edit
// one's recent entries. An admin picks a unit first.
func (d *Deps) training(ctx context.Context, req *bot.Request) error {
	if req.User.Role == bot.Admin {
		return req.Start(ctx, "training", nil)
	}
	if _, err := workUnit(req, &bot.Conv{}); err != nil {
		return err
	}
	return req.StartAt(ctx, "training", "menu", nil)
}

// trainingField is one editable field of a training entry.
type trainingField struct {
	key, label string
	prompt     func(d *Deps, c *bot.Conv) bot.Reply
	// read validates an answer against t (the entry so far) and writes it.
	read func(d *Deps, c *bot.Conv, in bot.Input, t *storage.Training) error
}

func (d *Deps) trainingFields() []trainingField {
	dateField := func(key, label, ask string, to bool) trainingField {
		return trainingField{key: key, label: label,
			prompt: func(d *Deps, c *bot.Conv) bot.Reply {
				rep := bot.Reply{Text: ask}
				if to {
					rep.Choices = []bot.Choice{{ID: "same", Label: lblSameDay}}
				}
				return rep
			},
			read: func(d *Deps, c *bot.Conv, in bot.Input, t *storage.Training) error {
				if to && in.Choice == "same" {
					t.To = t.From
					return nil
				}
				v, err := parseDate(in.Text)
				if err != nil {
					return err
				}
				if to {
					if !t.From.IsZero() && v.Before(t.From) {
						return bot.Errorf(bot.Invalid, msgToBeforeFrom, fmtDate(t.From))
					}
					t.To = v
					return nil
				}
				if !t.To.IsZero() && t.To.Before(v) {
					return bot.Errorf(bot.Invalid, msgFromAfterTo, fmtDate(t.To))
				}
				t.From = v
				return nil
			}}
	}
	return []trainingField{
		{key: "area", label: lblArea,
			prompt: func(d *Deps, c *bot.Conv) bot.Reply {
				rep := bot.Reply{Text: askArea}
				for _, a := range d.Plan.Areas {
					rep.Choices = append(rep.Choices, bot.Choice{ID: a.Code, Label: a.Name})
				}
				return rep
			},
			read: func(d *Deps, c *bot.Conv, in bot.Input, t *storage.Training) error {
				if _, ok := offered(c, in.Choice); !ok {
					return bot.Errorf(bot.Invalid, msgPickInvalid)
				}
				t.Area = in.Choice
				return nil
			}},
		{key: "course", label: lblCourse,
			prompt: func(d *Deps, c *bot.Conv) bot.Reply { return bot.Reply{Text: askCourse} },
			read: func(d *Deps, c *bot.Conv, in bot.Input, t *storage.Training) (err error) {
				t.Course, err = parseShort(in.Text)
				return err
			}},
		{key: "org", label: lblOrganiser,
			prompt: func(d *Deps, c *bot.Conv) bot.Reply {
				return bot.Reply{Text: askOrganiser, Choices: []bot.Choice{{ID: idSkip, Label: lblSkip}}}
			},
			read: func(d *Deps, c *bot.Conv, in bot.Input, t *storage.Training) (err error) {
				if in.Choice == idSkip {
					t.Organiser = ""
					return nil
				}
				t.Organiser, err = parseShort(in.Text)
				return err
			}},
		dateField("from", lblFrom, askFrom, false),
		dateField("to", lblTo, askTo, true),
		{key: "status", label: lblStatus,
			prompt: func(d *Deps, c *bot.Conv) bot.Reply {
				rep := bot.Reply{Text: askStatus}
				for _, s := range storage.TrainingStatuses {
					rep.Choices = append(rep.Choices, bot.Choice{ID: s, Label: statusNames[s]})
				}
				return rep
			},
			read: func(d *Deps, c *bot.Conv, in bot.Input, t *storage.Training) error {
				if _, ok := offered(c, in.Choice); !ok || !storage.ValidTrainingStatus(in.Choice) {
					return bot.Errorf(bot.Invalid, msgPickInvalid)
				}
				t.Status = in.Choice
				return nil
			}},
		{key: "cert", label: lblCertificate,
			prompt: func(d *Deps, c *bot.Conv) bot.Reply {
				return bot.Reply{Text: askCertificate, Choices: []bot.Choice{{ID: idSkip, Label: lblSkip}}}
			},
			read: func(d *Deps, c *bot.Conv, in bot.Input, t *storage.Training) error {
				f := in.Photo
				if f == nil && in.Document != nil && strings.HasPrefix(in.Document.MIME, "image/") {
					f = in.Document
				}
				switch {
				case in.Choice == idSkip:
					t.Certificate = ""
				case f != nil && f.ID != "":
					t.Certificate = bot.Truncate(f.ID, 500)
				case f != nil && f.URL != "":
					t.Certificate = bot.Truncate(f.URL, 500)
				default:
					return bot.Errorf(bot.Invalid, msgCertInvalid)
				}
				return nil
			}},
	}
}

func (d *Deps) trainingField(key string) (trainingField, bool) {
	for _, f := range d.trainingFields() {
		if f.key == key {
			return f, true
		}
	}
	return trainingField{}, false
}

// draftTraining is the entry the conversation collected so far.
func draftTraining(c *bot.Conv) storage.Training {
	t := storage.Training{Area: c.Get("area"), Course: c.Get("course"), Organiser: c.Get("org"), Status: c.Get("status"),
		Certificate: c.Get("cert")}
	t.From, _ = time.Parse("2006-01-02", c.Get("from"))
	t.To, _ = time.Parse("2006-01-02", c.Get("to"))
	return t
}

func keepTraining(c *bot.Conv, t storage.Training) {
	c.Set("area", t.Area)
	c.Set("course", t.Course)
	c.Set("org", t.Organiser)
	c.Set("status", t.Status)
	c.Set("cert", t.Certificate)
	if !t.From.IsZero() {
		c.Set("from", t.From.Format("2006-01-02"))
	}
	if !t.To.IsZero() {
		c.Set("to", t.To.Format("2006-01-02"))
	}
}

func (d *Deps) trainingFlow() *bot.Flow {
	steps := []bot.Step{d.unitStep(msgPickUnit),
		{Key: "menu", Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
			return bot.Reply{Text: askTrainingMenu, Choices: []bot.Choice{{ID: "new", Label: lblTrainingNew},
				{ID: "recent", Label: lblTrainingRecent}, {ID: idDone, Label: lblClose}}}, nil
		}, Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
			if _, ok := offered(c, in.Choice); !ok {
				return "", bot.Errorf(bot.Invalid, msgPickInvalid)
			}
			unitID, err := workUnit(req, c)
			if err != nil {
				return "", err
			}
			switch in.Choice {
			case "new":
				// Checked here, not in the next prompt, so the user stays on
				// this question when there is nobody to pick.
				if list, err := d.DB.StaffOfUnit(ctx, unitID, false); err != nil || len(list) == 0 {
					return "", errOr(err, bot.Errorf(bot.NotFound, msgTrainingNoStaff))
				}
				for _, k := range []string{"who", "area", "course", "org", "from", "to", "status", "cert"} {
					delete(c.Data, k)
				}
				return "who", nil
			case "recent":
				if list, err := d.DB.RecentTrainings(ctx, unitID, req.User.PersonID, 1); err != nil || len(list) == 0 {
					return "", errOr(err, bot.Errorf(bot.NotFound, msgNoRecentTraining))
				}
				return "recent", nil
			case idDone:
				req.Say(msgClosed)
				return bot.End, nil
			}
			return "", bot.Errorf(bot.Invalid, msgPickInvalid)
		}},
		{Key: "who", Prompt: d.whoPrompt, Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
			_, done, err := pickMany(c, in, "who")
			if err != nil || !done {
				return bot.Stay, err
			}
			return bot.NextStep, nil
		}},
	}
	for _, f := range d.trainingFields() {
		f := f
		steps = append(steps, bot.Step{Key: f.key,
			Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
				return f.prompt(d, c), nil
			},
			Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
				t := draftTraining(c)
				if f.key == "from" {
					t.To = time.Time{} // asked next
				}
				if err := f.read(d, c, in, &t); err != nil {
					return "", err
				}
				keepTraining(c, t)
				return bot.NextStep, nil
			}})
	}
	steps = append(steps,
		bot.Step{Key: "confirm", Prompt: d.trainingConfirmPrompt, Handle: d.trainingSave},
		bot.Step{Key: "recent", Prompt: d.recentPrompt, Handle: d.recentPicked},
		bot.Step{Key: "entry", Prompt: d.entryPrompt, Handle: d.entryAction},
		bot.Step{Key: "evalue", Prompt: d.entryValuePrompt, Handle: d.entryValue},
		bot.Step{Key: "edelete", Prompt: d.entryDeletePrompt, Handle: d.entryDelete},
	)
	return &bot.Flow{Name: "training", Title: titleTraining, Steps: steps}
}

// whoPrompt offers the unit's active staff, several may be picked.
func (d *Deps) whoPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	list, err := d.DB.StaffOfUnit(ctx, unitID, false)
	if err != nil {
		return bot.Reply{}, err
	}
	if err := d.auditRead(ctx, req, "staff.list", "unit", unitID, fmt.Sprintf("n=%d training", len(list))); err != nil {
		return bot.Reply{}, err
	}
	var choices []bot.Choice
	for _, s := range list {
		choices = append(choices, bot.Choice{ID: strconv.FormatInt(s.ID, 10), Label: fmt.Sprintf("%s (%d)", s.FullName, s.BirthYear)})
	}
	sel := splitIDs(c.Get("who"))
	text := askWho
	if len(sel) > 0 {
		text += "\n" + fmt.Sprintf(msgSelected, len(sel))
	}
	return bot.Reply{Text: text, Choices: manyChoices(choices, sel), Multi: true}, nil
}

// chosenStaff loads the picked people, each checked against the unit.
func (d *Deps) chosenStaff(ctx context.Context, unitID int64, ids []string) ([]storage.Staff, error) {
	var out []storage.Staff
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, bot.Errorf(bot.Invalid, msgPickInvalid)
		}
		st, err := d.DB.UnitStaff(ctx, unitID, id)
		if err != nil {
			return nil, notFoundAsPick(err)
		}
		out = append(out, st)
	}
	return out, nil
}

func (d *Deps) trainingSummary(t storage.Training, people []storage.Staff) string {
	names := make([]string, 0, len(people))
	for _, p := range people {
		names = append(names, p.FullName)
	}
	var b strings.Builder
	if len(people) > 0 {
		fmt.Fprintf(&b, "\n- "+msgPeople, len(people), strings.Join(names, ", "))
	}
	area := t.Area
	if a, ok := d.Plan.Area(t.Area); ok {
		area = a.Name
	}
	org := t.Organiser
	if org == "" {
		org = msgUnknownValue
	}
	cert := msgCertNone
	if t.Certificate != "" {
		cert = msgCertYes
	}
	fmt.Fprintf(&b, "\n- %s: %s\n- %s: %s\n- %s: %s\n- %s: %s – %s\n- %s: %s\n- %s: %s", lblArea, area, lblCourse, t.Course,
		lblOrganiser, org, lblDates, fmtDate(t.From), fmtDate(t.To), lblStatus, statusNames[t.Status], lblCertificate, cert)
	return b.String()
}

func (d *Deps) trainingConfirmPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	unitID, err := workUnit(req, c)
	if err != nil {
		return bot.Reply{}, err
	}
	people, err := d.chosenStaff(ctx, unitID, splitIDs(c.Get("who")))
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Reply{Text: msgTrainingSummary + d.trainingSummary(draftTraining(c), people),
		Choices: []bot.Choice{{ID: idSave, Label: lblSave}, {ID: idCancel, Label: lblCancel}}}, nil
}

// trainingSave writes one row per person in one transaction and shows how
// coverage changed.
func (d *Deps) trainingSave(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
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
	people, err := d.chosenStaff(ctx, unitID, splitIDs(c.Get("who")))
	if err != nil {
		return "", err
	}
	ids := make([]int64, 0, len(people))
	for _, p := range people {
		ids = append(ids, p.ID)
	}
	beforeU, err := d.DB.CoverageOfUnit(ctx, unitID, d.rules())
	if err != nil {
		return "", err
	}
	_, beforeT, err := d.DB.CoverageByUnit(ctx, d.rules())
	if err != nil {
		return "", err
	}
	if _, err := d.DB.AddTrainings(ctx, req.User.PersonID, unitID, ids, draftTraining(c)); err != nil {
		return "", notFoundAsPick(err)
	}
	afterU, err := d.DB.CoverageOfUnit(ctx, unitID, d.rules())
	if err != nil {
		return "", err
	}
	_, afterT, err := d.DB.CoverageByUnit(ctx, d.rules())
	if err != nil {
		return "", err
	}
	year := d.now().Year()
	req.Say(fmt.Sprintf(msgTrainingSaved, len(ids)) + "\n" + fmt.Sprintf(msgCoverageChange,
		fmtCoverage(beforeU), fmtCoverage(afterU), fmtCoverage(beforeT), fmtCoverage(afterT), year, fmtNumber(d.Plan.TargetFor(year))))
	return bot.End, nil
}
