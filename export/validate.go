package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// validator checks rows one by one and remembers the people seen, so a
// person listed twice is named on the second row.
type validator struct {
	im       Importer
	cols     [nFields]int
	units    map[string]storage.Unit // folded code and name
	cats     map[string]string       // folded label or code → code
	levels   [4]map[string]string    // folded level → the plan's spelling
	levelsOf [4]string               // the plan's list, for messages
	byID     map[string]int          // national ID → row
	byKey    map[string]int          // unit+name+year → row
}

var levelFields = [4]struct {
	field  int
	plan   string
	header string
}{
	{fProfessional, "professional", colProfessional}, {fPolitical, "political", colPolitical},
	{fStateMgmt, "state_mgmt", colStateMgmt}, {fDigital, "digital", colDigital},
}

func newValidator(im Importer, cols [nFields]int) *validator {
	v := &validator{im: im, cols: cols, units: map[string]storage.Unit{}, cats: map[string]string{},
		byID: map[string]int{}, byKey: map[string]int{}}
	for _, u := range im.Units {
		v.units[bot.Fold(u.Code)] = u
		v.units[bot.Fold(u.Name)] = u
	}
	for code, label := range CategoryLabels {
		v.cats[bot.Fold(label)] = code
		v.cats[bot.Fold(code)] = code
		v.cats[strings.ReplaceAll(bot.Fold(code), "_", " ")] = code
	}
	for i, lf := range levelFields {
		list := im.Plan.Levels[lf.plan]
		if len(list) == 0 {
			continue
		}
		v.levels[i] = map[string]string{}
		for _, l := range list {
			v.levels[i][bot.Fold(l)] = l
		}
		v.levelsOf[i] = strings.Join(list, ", ")
	}
	return v
}

func (v *validator) get(r []string, f int) string {
	j := v.cols[f]
	if j < 0 || j >= len(r) {
		return ""
	}
	return strings.Join(strings.Fields(bot.Clean(r[j])), " ")
}

// row validates one row; problems are Vietnamese clauses.
func (v *validator) row(n int, r []string) (storage.Staff, []string) {
	var s storage.Staff
	var bad []string
	fail := func(f string, a ...any) { bad = append(bad, fmt.Sprintf(f, a...)) }

	s.FullName = v.get(r, fName)
	switch {
	case s.FullName == "":
		fail(errNameMissing)
	case bot.Runes(s.FullName) > maxName:
		fail(errNameLong, maxName)
	}
	thisYear := v.im.Now.Year()
	minYear, maxYear := thisYear-80, thisYear-15
	if y, ok := wholeNumber(v.get(r, fBirthYear)); ok && y >= minYear && y <= maxYear {
		s.BirthYear = y
	} else if v.get(r, fBirthYear) == "" {
		fail(errBirthMissing)
	} else {
		fail(errBirthYear, v.get(r, fBirthYear), minYear, maxYear)
	}
	switch sex := bot.Fold(v.get(r, fSex)); sex {
	case "":
	case "nam":
		s.Sex = "nam"
	case "nu":
		s.Sex = "nu"
	default:
		fail(errSex, v.get(r, fSex))
	}
	v.ethnic(&s, v.get(r, fEthnic), fail)
	unit := v.get(r, fUnitCode)
	if unit == "" {
		unit = v.get(r, fUnit)
	}
	if u, ok := v.units[bot.Fold(unit)]; ok {
		s.UnitID = u.ID
	} else if unit == "" {
		fail(errUnitMissing)
	} else {
		fail(errUnitUnknown, unit)
	}
	if c, ok := v.cats[bot.Fold(v.get(r, fCategory))]; ok {
		s.Category = c
	} else if v.get(r, fCategory) == "" {
		fail(errCategoryMissing)
	} else {
		fail(errCategory, v.get(r, fCategory))
	}
	s.NationalID = strings.ReplaceAll(v.get(r, fNationalID), " ", "")
	if s.NationalID != "" && !twelveDigits(s.NationalID) {
		fail(errNationalID, s.NationalID)
	}
	if s.Position = v.get(r, fPosition); bot.Runes(s.Position) > maxText {
		fail(errTextLong, colPosition, maxText)
	}
	levels := [4]*string{&s.LevelProfessional, &s.LevelPolitical, &s.LevelStateMgmt, &s.LevelDigital}
	for i, lf := range levelFields {
		raw := v.get(r, lf.field)
		switch {
		case raw == "":
		case v.levels[i] == nil:
			*levels[i] = bot.Truncate(raw, maxText)
		default:
			if l, ok := v.levels[i][bot.Fold(raw)]; ok {
				*levels[i] = l
			} else {
				fail(errLevel, lf.header, raw, v.levelsOf[i])
			}
		}
	}
	switch p := bot.Fold(v.get(r, fPlanning)); p {
	case "", "khong", "0", "no", "false":
	case "co", "x", "1", "yes", "true":
		s.InPlanning = true
	default:
		fail(errPlanning, v.get(r, fPlanning))
	}
	var okJoined, okLeft bool
	s.JoinedOn, okJoined = v.date(v.get(r, fJoined), colJoined, fail)
	s.LeftOn, okLeft = v.date(v.get(r, fLeft), colLeft, fail)
	if okJoined && okLeft && !s.JoinedOn.IsZero() && !s.LeftOn.IsZero() && s.LeftOn.Before(s.JoinedOn) {
		fail(errLeftBefore)
	}
	if len(bad) == 0 {
		if s.NationalID != "" {
			if prev, dup := v.byID[s.NationalID]; dup {
				fail(errNationalIDDup, prev)
			} else {
				v.byID[s.NationalID] = n
			}
		}
		key := fmt.Sprint(s.UnitID, "|", bot.Fold(s.FullName), "|", s.BirthYear)
		if prev, dup := v.byKey[key]; dup {
			fail(errDuplicate, prev)
		} else {
			v.byKey[key] = n
		}
	}
	return s, bad
}

func (v *validator) ethnic(s *storage.Staff, raw string, fail func(string, ...any)) {
	if raw == "" {
		fail(errEthnicMissing)
		return
	}
	code := raw // a 2008 code written as is
	if len(raw) != 2 || raw[0] < '0' || raw[0] > '9' || v.im.Ethnic.Name(raw) == raw {
		c, err := v.im.Ethnic.Code(raw)
		if err != nil {
			fail(errEthnicUnknown, raw)
			return
		}
		code = c
	}
	if code == KinhCode {
		fail(errEthnicKinh)
		return
	}
	s.EthnicCode = code
}

// date reads dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd or an Excel date serial;
// empty is the zero date. ok is false when the text is not a date.
func (v *validator) date(raw, header string, fail func(string, ...any)) (time.Time, bool) {
	if raw == "" {
		return time.Time{}, true
	}
	t, ok := ParseDate(raw)
	if ok && (t.Year() < 1950 || t.After(v.im.Now.AddDate(1, 0, 0))) {
		ok = false
	}
	if !ok {
		fail(errDate, header, raw)
		return time.Time{}, false
	}
	return t, true
}

// ParseDate reads a calendar date (00:00 UTC) written dd/mm/yyyy, d/m/yyyy,
// yyyy-mm-dd, or as an Excel serial number.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02/01/2006", "2/1/2006", "2006-01-02", "02-01-2006", "2-1-2006", "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 200000 && f == math.Trunc(f) {
		t, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

// wholeNumber reads "1990" or "1990.0" (how Excel may store it).
func wholeNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		return 0, false
	}
	return int(f), true
}

func twelveDigits(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
