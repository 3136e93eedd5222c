package handlers

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/dttsbot/dttsbot/bot"
	"golang.org/x/text/unicode/norm"
)

// Input limits, counted in runes (SPEC §4).
const (
	maxName  = 100  // a person's full name
	maxShort = 200  // course, organiser, position
	maxText  = 2000 // free text: report answers, feedback
)

// parseDate reads a calendar date typed as dd/mm/yyyy, d/m/yyyy or
// yyyy-mm-dd (also dd-mm-yyyy and dd.mm.yyyy). The date must exist
// (31/02 does not) and fall in 1900–2100. The result is 00:00 UTC.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > 20 {
		return time.Time{}, bot.Errorf(bot.Invalid, msgBadDate)
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 || strings.Count(s, "/")+strings.Count(s, "-")+strings.Count(s, ".") != 2 {
		return time.Time{}, bot.Errorf(bot.Invalid, msgBadDate)
	}
	var d, m, y string
	if len(parts[0]) == 4 && strings.Count(s, "-") == 2 {
		y, m, d = parts[0], parts[1], parts[2]
	} else {
		d, m, y = parts[0], parts[1], parts[2]
	}
	if !digits(d, 1, 2) || !digits(m, 1, 2) || !digits(y, 4, 4) {
		return time.Time{}, bot.Errorf(bot.Invalid, msgBadDate)
	}
	day, _ := strconv.Atoi(d)
	month, _ := strconv.Atoi(m)
	year, _ := strconv.Atoi(y)
	if year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 {
		return time.Time{}, bot.Errorf(bot.Invalid, msgBadDate)
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // 31/02 rolled over
		return time.Time{}, bot.Errorf(bot.Invalid, msgDateNotReal, s)
	}
	return t, nil
}

// digits reports whether s is between min and max ASCII digits.
func digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Birth years a serving cadre may have, relative to the current year.
const (
	minAge = 15
	maxAge = 80
)

// parseBirthYear reads a birth year ("1990", "năm 1990", or a full date) in
// the range of working ages for the current year.
func parseBirthYear(s string, thisYear int) (int, error) {
	lo, hi := thisYear-maxAge, thisYear-minAge
	bad := bot.Errorf(bot.Invalid, msgBadYear, lo, hi)
	s = strings.TrimSpace(s)
	if w := strings.Fields(s); len(w) == 2 && bot.Fold(w[0]) == "nam" {
		s = w[1]
	}
	var y int
	switch {
	case digits(s, 4, 4):
		y, _ = strconv.Atoi(s)
	default:
		t, err := parseDate(s)
		if err != nil {
			return 0, bad
		}
		y = t.Year()
	}
	if y < lo || y > hi {
		return 0, bad
	}
	return y, nil
}

// parseNumber reads a non-negative number written the Vietnamese way: "."
// groups thousands and "," marks decimals ("1.234", "1,5", "1.234,5"); a
// single "." followed by other than three digits is a decimal point ("12.5").
// A unit word or "%" may follow ("12 người", "80%").
func parseNumber(s string) (float64, error) {
	bad := bot.Errorf(bot.Invalid, msgBadNumber)
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == ',') {
		i++
	}
	num, rest := s[:i], strings.TrimSpace(s[i:])
	if num == "" || len(num) > 24 || num[0] < '0' || num[0] > '9' || num[len(num)-1] < '0' || num[len(num)-1] > '9' {
		return 0, bad
	}
	for _, r := range rest {
		if !(unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r == ' ' || r == '%') {
			return 0, bad
		}
	}
	dots, commas := strings.Count(num, "."), strings.Count(num, ",")
	var canon string
	switch {
	case dots > 0 && commas > 0:
		ip, fp, _ := strings.Cut(num, ",")
		if commas != 1 || !grouped(ip, '.') || strings.Contains(fp, ".") {
			return 0, bad
		}
		canon = strings.ReplaceAll(ip, ".", "") + "." + fp
	case dots > 0:
		switch {
		case grouped(num, '.'):
			canon = strings.ReplaceAll(num, ".", "")
		case dots == 1:
			canon = num
		default:
			return 0, bad
		}
	case commas > 1:
		if !grouped(num, ',') {
			return 0, bad
		}
		canon = strings.ReplaceAll(num, ",", "")
	case commas == 1:
		canon = strings.Replace(num, ",", ".", 1)
	default:
		canon = num
	}
	v, err := strconv.ParseFloat(canon, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 1e12 {
		return 0, bad
	}
	return v, nil
}

// grouped reports whether s is digits grouped by sep in threes: 1.234.567.
func grouped(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts) < 2 || !digits(parts[0], 1, 3) {
		return false
	}
	for _, p := range parts[1:] {
		if !digits(p, 3, 3) {
			return false
		}
	}
	return true
}

// parseCount reads a whole number of people, courses or messages.
func parseCount(s string) (int, error) {
	v, err := parseNumber(s)
	if err != nil || v != math.Trunc(v) || v > 1e6 {
		return 0, bot.Errorf(bot.Invalid, msgBadCount)
	}
	return int(v), nil
}

// parsePercent reads a percentage between 0 and 100.
func parsePercent(s string) (float64, error) {
	v, err := parseNumber(s)
	if err != nil || v > 100 {
		return 0, bot.Errorf(bot.Invalid, msgBadPercent)
	}
	return v, nil
}

// fmtNumber writes a number the Vietnamese way: 1.234 and 66,7.
func fmtNumber(v float64) string {
	v = math.Round(v*10) / 10
	ip := int64(v)
	frac := int64(math.Round((v - float64(ip)) * 10))
	s := strconv.FormatInt(ip, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if frac != 0 {
		fmt.Fprintf(&b, ",%d", frac)
	}
	return b.String()
}

// canonNumber is how a figure is stored: Go syntax, at most one decimal.
func canonNumber(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// parseName reads a person's full name: trimmed, spaces collapsed, at most
// maxName runes, letters (with diacritics), spaces, hyphens, apostrophes
// and dots only, and at least two letters.
func parseName(s string) (string, error) {
	bad := bot.Errorf(bot.Invalid, msgBadName, maxName)
	s = strings.Join(strings.Fields(norm.NFC.String(strings.ToValidUTF8(s, ""))), " ")
	if s == "" || bot.Runes(s) > maxName {
		return "", bad
	}
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.Is(unicode.Mn, r), r == ' ', r == '-', r == '\'', r == '’', r == '.':
		default:
			return "", bad
		}
	}
	if letters < 2 {
		return "", bad
	}
	return s, nil
}

// parseText reads free text: trimmed, not empty, at most max runes.
func parseText(s string, max int) (string, error) {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if s == "" {
		return "", bot.Errorf(bot.Invalid, msgTextEmpty)
	}
	if n := bot.Runes(s); n > max {
		return "", bot.Errorf(bot.Invalid, msgTextTooLong, n, max)
	}
	return s, nil
}

// parseShort reads one line of text (a course, an organiser, a position):
// spaces collapsed, at most maxShort runes.
func parseShort(s string) (string, error) {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
	if s == "" {
		return "", bot.Errorf(bot.Invalid, msgTextEmpty)
	}
	if n := bot.Runes(s); n > maxShort {
		return "", bot.Errorf(bot.Invalid, msgTextTooLong, n, maxShort)
	}
	return s, nil
}

// parseNationalID reads a personal identification number (CCCD): 12
// digits, or 9 for an old identity card; spaces and dots are ignored.
func parseNationalID(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if !digits(s, 12, 12) && !digits(s, 9, 9) {
		return "", bot.Errorf(bot.Invalid, msgBadNationalID)
	}
	return s, nil
}

// fmtDate writes a date as dd/mm/yyyy ("" for none).
func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}
