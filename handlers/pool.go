package handlers

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// poolListMax is how many candidates one list shows.
const poolListMax = 30

// poolAllowed: admins, and officers of the MTTQ (front) and of its
// socio-political organisations.
func poolAllowed(p bot.Principal) bool {
	return p.Role == bot.Admin || (p.Role == bot.Officer && (p.UnitKind == "front" || p.UnitKind == "organisation"))
}

// poolCriteria are the plan's priority criteria for recruitment (Decision
// 470 and the commune plan): suitable qualification, excellent graduate,
// work experience, military service completed.
var poolCriteria = []bot.Choice{
	{ID: "qual", Label: labelPoolCritQualification},
	{ID: "excellent", Label: labelPoolCritExcellent},
	{ID: "experience", Label: labelPoolCritExperience},
	{ID: "military", Label: labelPoolCritMilitary},
}

// pool runs /nguon: a menu, or "them" (nominate), "ds" (list), "loc"
// (filter by priority criteria) directly.
func (d *Deps) pool(ctx context.Context, req *bot.Request) error {
	switch f := strings.Fields(bot.Fold(req.Args)); {
	case len(f) == 0:
		return req.Start(ctx, "pool", nil)
	case f[0] == "them" || f[0] == "gioi":
		return req.Start(ctx, "pool_add", nil)
	case f[0] == "ds" || f[0] == "danh":
		return d.poolList(ctx, req, nil)
	case f[0] == "loc":
		var crit []string
		for _, w := range f[1:] {
			for _, c := range poolCriteria {
				if w == c.ID {
					crit = append(crit, w)
				}
			}
		}
		if len(crit) > 0 {
			return d.poolList(ctx, req, crit)
		}
		return req.Start(ctx, "pool_filter", nil)
	}
	return bot.Errorf(bot.Invalid, "%s", msgPoolUsage)
}

var poolYesNo = []bot.Choice{{ID: "yes", Label: labelOutYes}, {ID: "no", Label: labelOutNo}}

// poolFlows are the /nguon conversations: "pool" (menu, then nominate or
// filter), "pool_add" (nominate) and "pool_filter". They share steps, since
// a step cannot start another flow.
func (d *Deps) poolFlows() []*bot.Flow {
	nominate := []bot.Step{
		{Key: "name", Prompt: outSay(msgPoolAskName), Handle: poolName},
		{Key: "village", Prompt: d.poolVillagePrompt, Handle: d.poolVillage},
		{Key: "ethnic", Prompt: outSay(msgPoolAskEthnic), Handle: poolEthnicStep},
		{Key: "education", Prompt: d.poolEducationPrompt, Handle: d.poolEducation},
		{Key: "field", Prompt: outChoices(msgPoolAskField, bot.Choice{ID: "skip", Label: labelOutSkip}), Handle: poolOptionalText("field", 200)},
		{Key: "excellent", Prompt: outChoices(msgPoolAskExcellent, poolYesNo...), Handle: poolYesNoInto("excellent")},
		{Key: "experience", Prompt: outChoices(msgPoolAskExperience, bot.Choice{ID: "skip", Label: labelPoolNoExperience}), Handle: poolOptionalText("experience", 500)},
		{Key: "military", Prompt: outChoices(msgPoolAskMilitary, poolYesNo...), Handle: poolYesNoInto("military")},
		{Key: "consent", Prompt: d.poolConsentPrompt, Handle: poolConsent},
	}
	filter := bot.Step{Key: "filter", Prompt: poolFilterPrompt, Handle: d.poolFilter}
	menu := bot.Step{Key: "menu", Prompt: d.poolMenuPrompt, Handle: d.poolMenu}
	all := append(append([]bot.Step{menu}, nominate...), filter)
	return []*bot.Flow{
		{Name: "pool", Title: titlePool, Steps: all, Done: d.poolSave},
		{Name: "pool_add", Title: titlePoolAdd, Steps: nominate, Done: d.poolSave},
		{Name: "pool_filter", Title: titlePool, Steps: []bot.Step{filter}},
	}
}

func (d *Deps) poolMenuPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	return bot.Reply{Text: msgPoolMenu, Choices: []bot.Choice{{ID: "add", Label: labelPoolAdd},
		{ID: "list", Label: labelPoolList}, {ID: "filter", Label: labelPoolFilter}}}, nil
}

func (d *Deps) poolMenu(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch in.Choice {
	case "add":
		return "name", nil
	case "list":
		return bot.End, d.poolList(ctx, req, nil)
	case "filter":
		return "filter", nil
	}
	return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
}

func poolName(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	t, err := outText(in, 100, msgPoolNameExample)
	if err != nil {
		return "", err
	}
	c.Set("name", t)
	return bot.NextStep, nil
}

func (d *Deps) poolVillagePrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rep := bot.Reply{Text: msgPoolAskVillage}
	for i, v := range d.Plan.Villages {
		rep.Choices = append(rep.Choices, bot.Choice{ID: "v" + strconv.Itoa(i), Label: v})
	}
	return rep, nil
}

// poolVillage takes one of the plan's villages, or a typed name (the plan's
// list may be incomplete).
func (d *Deps) poolVillage(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if v, ok := d.outVillageChoice(in.Choice); ok {
		c.Set("village", v)
		return bot.NextStep, nil
	}
	t, err := outText(in, 100, d.poolVillageExample())
	if err != nil {
		return "", err
	}
	c.Set("village", t)
	return bot.NextStep, nil
}

// poolVillageExample is a village name for an example: the plan's first,
// or the built-in plan's when the commune has not listed its villages.
func (d *Deps) poolVillageExample() string {
	if len(d.Plan.Villages) > 0 {
		return d.Plan.Villages[0]
	}
	return plan.Default().Villages[0]
}

func poolEthnicStep(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	code, _, ok := poolEthnic(in.Text)
	if !ok {
		return "", bot.Errorf(bot.Invalid, "%s", msgPoolEthnicUnknown)
	}
	if code == poolKinh {
		return "", bot.Errorf(bot.Invalid, "%s", msgPoolEthnicKinh)
	}
	c.Set("ethnic", code)
	return bot.NextStep, nil
}

func (d *Deps) poolLevels() []string { return d.Plan.Levels["professional"] }

func (d *Deps) poolEducationPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rep := bot.Reply{Text: msgPoolAskEducation}
	for i, l := range d.poolLevels() {
		rep.Choices = append(rep.Choices, bot.Choice{ID: "l" + strconv.Itoa(i), Label: l})
	}
	return rep, nil
}

func (d *Deps) poolEducation(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(in.Choice, "l"))
	if !strings.HasPrefix(in.Choice, "l") || err != nil || n < 0 || n >= len(d.poolLevels()) {
		return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
	}
	c.Set("education", d.poolLevels()[n])
	return bot.NextStep, nil
}

// poolOptionalText keeps a typed text under key, or "" for the "skip" choice.
func poolOptionalText(key string, max int) func(context.Context, *bot.Request, *bot.Conv, bot.Input) (string, error) {
	return func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
		if in.Choice == "skip" {
			c.Set(key, "")
			return bot.NextStep, nil
		}
		t, err := outText(in, max, msgPoolTextExample)
		if err != nil {
			return "", err
		}
		c.Set(key, t)
		return bot.NextStep, nil
	}
}

func poolYesNoInto(key string) func(context.Context, *bot.Request, *bot.Conv, bot.Input) (string, error) {
	return func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
		if in.Choice != "yes" && in.Choice != "no" {
			return "", bot.Errorf(bot.Invalid, "%s", msgOutYesNoPick)
		}
		c.Set(key, in.Choice)
		return bot.NextStep, nil
	}
}

// poolNominatedBy derives who nominates from the nominator's unit.
func poolNominatedBy(p bot.Principal) string {
	switch {
	case p.Role == bot.Admin:
		return storage.NominatedOffice
	case p.UnitKind == "front":
		return storage.NominatedFront
	}
	return storage.NominatedOrganisation
}

func (d *Deps) poolConsentPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	text := fmt.Sprintf(msgPoolReview, c.Get("name"), c.Get("village"), poolEthnicName(c.Get("ethnic")), c.Get("education"),
		outDash(c.Get("field")), poolYesNoLabel(c.Get("excellent") == "yes"), outDash(c.Get("experience")),
		poolYesNoLabel(c.Get("military") == "yes"), poolNominatedLabel(poolNominatedBy(req.User), ""))
	return bot.Reply{Text: text + "\n\n" + msgPoolAskConsent,
		Choices: []bot.Choice{{ID: "ok", Label: labelPoolConsent}, {ID: "cancel", Label: labelOutCancel}}}, nil
}

func poolConsent(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch in.Choice {
	case "ok":
		return bot.Finish, nil
	case "cancel":
		req.Say(msgPoolNoConsent)
		return bot.End, nil
	}
	return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
}

func (d *Deps) poolSave(ctx context.Context, req *bot.Request, c *bot.Conv) error {
	id, err := d.DB.Nominate(ctx, storage.Candidate{FullName: c.Get("name"), Village: c.Get("village"), EthnicCode: c.Get("ethnic"),
		EducationLevel: c.Get("education"), Field: c.Get("field"), Excellent: c.Get("excellent") == "yes",
		Experience: c.Get("experience"), Military: c.Get("military") == "yes", NominatedBy: poolNominatedBy(req.User),
		NominatorID: req.User.PersonID})
	if err != nil {
		return err
	}
	req.Say(fmt.Sprintf(msgPoolSaved, c.Get("name"), id))
	return nil
}

func poolFilterPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	return bot.Reply{Text: msgPoolAskFilter, Choices: poolCriteria, Multi: true}, nil
}

func (d *Deps) poolFilter(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if len(in.Choices) == 0 {
		return "", bot.Errorf(bot.Invalid, "%s", msgPoolFilterPick)
	}
	return bot.End, d.poolList(ctx, req, in.Choices)
}

// poolMeets lists the priority criteria a candidate meets.
func (d *Deps) poolMeets(c storage.Candidate) map[string]bool {
	m := map[string]bool{"excellent": c.Excellent, "experience": c.Experience != "", "military": c.Military}
	for _, a := range d.Plan.Areas {
		if a.Level == "professional" {
			for _, s := range a.Sufficient {
				if s == c.EducationLevel {
					m["qual"] = true
				}
			}
		}
	}
	return m
}

// poolList shows the talent pool (admins: all; officers: their own
// nominations) meeting every criterion in crit, best matches first. The
// read is audited by storage.
func (d *Deps) poolList(ctx context.Context, req *bot.Request, crit []string) error {
	var mine int64
	if req.User.Role != bot.Admin {
		mine = req.User.PersonID
	}
	purpose := "list"
	if len(crit) > 0 {
		purpose = "filter " + strings.Join(crit, ",")
	}
	cs, err := d.DB.ReadCandidates(ctx, req.User.PersonID, mine, purpose)
	if err != nil {
		return err
	}
	type row struct {
		c     storage.Candidate
		score int
	}
	var rows []row
	for _, c := range cs {
		m := d.poolMeets(c)
		ok := true
		for _, k := range crit {
			ok = ok && m[k]
		}
		if !ok {
			continue
		}
		score := 0
		for _, v := range m {
			if v {
				score++
			}
		}
		rows = append(rows, row{c, score})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].score > rows[j].score })
	if len(rows) == 0 {
		req.Say(msgPoolEmpty)
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, msgPoolHeader, len(rows))
	if len(crit) > 0 {
		var names []string
		for _, k := range crit {
			for _, c := range poolCriteria {
				if c.ID == k {
					names = append(names, c.Label)
				}
			}
		}
		fmt.Fprintf(&b, "\n"+msgPoolFilterLine, strings.Join(names, ", "))
	}
	for i, r := range rows {
		if i == poolListMax {
			fmt.Fprintf(&b, "\n"+msgPoolMore, len(rows)-poolListMax)
			break
		}
		b.WriteString("\n\n" + d.poolLine(i+1, r.c, r.score))
	}
	req.Say(b.String())
	return nil
}

// poolLine describes one candidate to an admin or to their nominator, the
// only readers of the pool (ethnicity included).
func (d *Deps) poolLine(n int, c storage.Candidate, score int) string {
	if c.PersonID != 0 {
		return fmt.Sprintf(msgPoolLead, n, outDash(c.FullName), outDash(c.Village), outDash(c.VacancyPosition),
			c.CreatedAt.In(d.Loc).Format("02/01/2006"))
	}
	return fmt.Sprintf(msgPoolLine, n, c.FullName, outDash(c.Village), outDash(poolEthnicName(c.EthnicCode)),
		outDash(c.EducationLevel), outDash(c.Field), poolYesNoLabel(c.Excellent), outDash(c.Experience), poolYesNoLabel(c.Military),
		poolNominatedLabel(c.NominatedBy, c.NominatorUnit), score, len(poolCriteria))
}

func poolYesNoLabel(b bool) string {
	if b {
		return labelOutYes
	}
	return labelOutNo
}

func poolNominatedLabel(by, unit string) string {
	switch by {
	case storage.NominatedSelf:
		return labelPoolBySelf
	case storage.NominatedFront:
		return labelPoolByFront
	case storage.NominatedOffice:
		return labelPoolByOffice
	}
	if unit != "" {
		return unit
	}
	return labelPoolByOrganisation
}
