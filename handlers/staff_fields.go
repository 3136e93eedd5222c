package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// staffField is one field of a staff record: how it is asked, read and
// written. The add conversation asks them in order; editing asks one.
// Values travel in the conversation as text (see apply).
type staffField struct {
	key      string // conversation key and choice id
	label    string
	question string
	optional bool                                        // offers "Bỏ qua"
	choices  func(d *Deps) []bot.Choice                  // nil: typed
	parse    func(d *Deps, in bot.Input) (string, error) // typed or chosen → value
}

var categoryNames = map[string]string{
	storage.CatCanBo:        "Cán bộ",
	storage.CatCongChuc:     "Công chức",
	storage.CatVienChuc:     "Viên chức",
	storage.CatNguoiLaoDong: "Người lao động",
}

var sexNames = map[string]string{"nam": "Nam", "nu": "Nữ"}

// levelFieldOf maps a level field key to the plan's level list name.
var levelFieldOf = map[string]string{
	"lv_professional": "professional", "lv_political": "political", "lv_state_mgmt": "state_mgmt", "lv_digital": "digital",
}

func (d *Deps) staffFields() []staffField {
	fixed := func(ids []string, names map[string]string) func(*Deps) []bot.Choice {
		return func(*Deps) []bot.Choice {
			var out []bot.Choice
			for _, id := range ids {
				out = append(out, bot.Choice{ID: id, Label: names[id]})
			}
			return out
		}
	}
	chosen := func(d *Deps, in bot.Input) (string, error) {
		if in.Choice == "" {
			return "", bot.Errorf(bot.Invalid, msgPickInvalid)
		}
		return in.Choice, nil
	}
	level := func(key, label, q string) staffField {
		return staffField{key: key, label: label, question: q, optional: true,
			choices: func(d *Deps) []bot.Choice {
				var out []bot.Choice
				for i, l := range d.Plan.Levels[levelFieldOf[key]] {
					out = append(out, bot.Choice{ID: "l" + strconv.Itoa(i), Label: l})
				}
				return out
			},
			parse: func(d *Deps, in bot.Input) (string, error) {
				levels := d.Plan.Levels[levelFieldOf[key]]
				i, err := strconv.Atoi(strings.TrimPrefix(in.Choice, "l"))
				if !strings.HasPrefix(in.Choice, "l") || err != nil || i < 0 || i >= len(levels) {
					return "", bot.Errorf(bot.Invalid, msgPickInvalid)
				}
				return levels[i], nil
			}}
	}
	return []staffField{
		{key: "name", label: lblName, question: askName, parse: func(d *Deps, in bot.Input) (string, error) { return parseName(in.Text) }},
		{key: "year", label: lblYear, question: askYear, parse: func(d *Deps, in bot.Input) (string, error) {
			y, err := parseBirthYear(in.Text, d.now().Year())
			return strconv.Itoa(y), err
		}},
		{key: "sex", label: lblSex, question: askSex, choices: fixed([]string{"nam", "nu"}, sexNames), parse: chosen},
		{key: "ethnic", label: lblEthnic, question: askEthnic, parse: func(d *Deps, in bot.Input) (string, error) { return parseEthnic(in.Text) }},
		{key: "nid", label: lblNationalID, question: askNationalID, optional: true, parse: func(d *Deps, in bot.Input) (string, error) {
			return parseNationalID(in.Text)
		}},
		{key: "cat", label: lblCategory, question: askCategory, parse: chosen,
			choices: fixed([]string{storage.CatCanBo, storage.CatCongChuc, storage.CatVienChuc, storage.CatNguoiLaoDong}, categoryNames)},
		{key: "pos", label: lblPosition, question: askPosition, optional: true, parse: func(d *Deps, in bot.Input) (string, error) {
			return parseShort(in.Text)
		}},
		level("lv_professional", lblLvProfessional, askLvProfessional),
		level("lv_political", lblLvPolitical, askLvPolitical),
		level("lv_state_mgmt", lblLvStateMgmt, askLvStateMgmt),
		level("lv_digital", lblLvDigital, askLvDigital),
		{key: "plan", label: lblInPlanning, question: askInPlanning, parse: chosen,
			choices: fixed([]string{idYes, idNo}, map[string]string{idYes: lblYes, idNo: lblNo})},
		{key: "joined", label: lblJoined, question: askJoined, optional: true, parse: func(d *Deps, in bot.Input) (string, error) {
			t, err := parseDate(in.Text)
			if err != nil {
				return "", err
			}
			if t.After(d.today()) {
				return "", bot.Errorf(bot.Invalid, msgDateFuture, fmtDate(d.today()))
			}
			return t.Format("2006-01-02"), nil
		}},
	}
}

func (d *Deps) staffField(key string) (staffField, bool) {
	for _, f := range d.staffFields() {
		if f.key == key {
			return f, true
		}
	}
	return staffField{}, false
}

// today is the current date in the commune, at 00:00 UTC like stored dates.
func (d *Deps) today() time.Time {
	n := d.now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// prompt asks the field; current, when not empty, is the value on record.
func (f staffField) prompt(d *Deps, current string) bot.Reply {
	q := f.question
	if current != "" {
		q += "\n" + fmt.Sprintf(msgCurrentValue, current)
	}
	rep := bot.Reply{Text: q}
	if f.choices != nil {
		rep.Choices = f.choices(d)
	}
	if f.optional {
		rep.Choices = append(rep.Choices, bot.Choice{ID: idSkip, Label: lblSkip})
	}
	return rep
}

// read validates an answer to the field; "" with no error is a skip.
func (f staffField) read(d *Deps, c *bot.Conv, in bot.Input) (string, error) {
	if f.optional && in.Choice == idSkip {
		return "", nil
	}
	if in.Choice != "" {
		if _, ok := offered(c, in.Choice); !ok {
			return "", bot.Errorf(bot.Invalid, msgPickInvalid)
		}
	} else if f.choices != nil {
		return "", bot.Errorf(bot.Invalid, msgPickInvalid)
	}
	return f.parse(d, in)
}

// parseEthnic finds an ethnic-minority group by name or alias.
func parseEthnic(s string) (string, error) {
	e, m, cands := plan.LookupEthnic(s)
	switch {
	case m == plan.Found && !e.Minority():
		return "", bot.Errorf(bot.Invalid, msgEthnicKinh)
	case m == plan.Found:
		return e.Code, nil
	case len(cands) == 1:
		return "", bot.Errorf(bot.Invalid, msgEthnicSuggest, cands[0].Name, cands[0].Name)
	case len(cands) > 0:
		names := make([]string, 0, len(cands))
		for _, c := range cands {
			names = append(names, c.Name)
		}
		return "", bot.Errorf(bot.Invalid, msgEthnicAmbiguous, strings.Join(names, ", "))
	}
	return "", bot.Errorf(bot.Invalid, msgEthnicUnknown)
}

// apply writes a field value (as the conversation holds it) to s.
func apply(s *storage.Staff, key, v string) {
	switch key {
	case "name":
		s.FullName = v
	case "year":
		s.BirthYear, _ = strconv.Atoi(v)
	case "sex":
		s.Sex = v
	case "ethnic":
		s.EthnicCode = v
	case "nid":
		s.NationalID = v
	case "cat":
		s.Category = v
	case "pos":
		s.Position = v
	case "lv_professional":
		s.LevelProfessional = v
	case "lv_political":
		s.LevelPolitical = v
	case "lv_state_mgmt":
		s.LevelStateMgmt = v
	case "lv_digital":
		s.LevelDigital = v
	case "plan":
		s.InPlanning = v == idYes
	case "joined":
		s.JoinedOn, _ = time.Parse("2006-01-02", v)
	}
}

// show is a field's value of s as the user reads it ("" when unknown).
func show(s storage.Staff, key string) string {
	switch key {
	case "name":
		return s.FullName
	case "year":
		if s.BirthYear == 0 {
			return ""
		}
		return strconv.Itoa(s.BirthYear)
	case "sex":
		return sexNames[s.Sex]
	case "ethnic":
		if s.EthnicCode == "" {
			return ""
		}
		return plan.EthnicName(s.EthnicCode)
	case "nid":
		return s.NationalID
	case "cat":
		return categoryNames[s.Category]
	case "pos":
		return s.Position
	case "lv_professional":
		return s.LevelProfessional
	case "lv_political":
		return s.LevelPolitical
	case "lv_state_mgmt":
		return s.LevelStateMgmt
	case "lv_digital":
		return s.LevelDigital
	case "plan":
		if s.InPlanning {
			return lblYes
		}
		return lblNo
	case "joined":
		return fmtDate(s.JoinedOn)
	}
	return ""
}

// staffCard is every field of s, one per line.
func (d *Deps) staffCard(s storage.Staff) string {
	var b strings.Builder
	for _, f := range d.staffFields() {
		v := show(s, f.key)
		if v == "" {
			v = msgUnknownValue
		}
		fmt.Fprintf(&b, "\n- %s: %s", f.label, v)
	}
	if !s.Active() {
		fmt.Fprintf(&b, "\n- "+msgLeftOn, fmtDate(s.LeftOn))
	}
	return b.String()
}

// staffFromConv builds the record the add conversation collected.
func (d *Deps) staffFromConv(c *bot.Conv, unitID int64) storage.Staff {
	s := storage.Staff{UnitID: unitID}
	for _, f := range d.staffFields() {
		apply(&s, f.key, c.Get(f.key))
	}
	return s
}
