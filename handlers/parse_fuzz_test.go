package handlers

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
)

// Fuzz targets for the parsers not covered in parse_test.go. Seeds are the
// f.Add lines below (and testdata/fuzz); longer runs: scripts/fuzz.sh.

// FuzzParseNationalID: an accepted ID is 9 or 12 ASCII digits and reads
// back as itself; 12 digits are always accepted.
func FuzzParseNationalID(f *testing.F) {
	for _, s := range []string{"034095001234", "034 095 001 234", "034.095.001.234", "034-095-001-234", "123456789", "12345678",
		"0340950012345", "٠٣٤٠٩٥٠٠١٢٣٤", "０３４０９５００１２３４", "", " ", "03409500123a", "\xff034095001234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := parseNationalID(s)
		if err != nil {
			if digits(s, 12, 12) {
				t.Fatalf("parseNationalID(%q) refused 12 digits: %v", s, err)
			}
			return
		}
		if !digits(id, 12, 12) && !digits(id, 9, 9) {
			t.Fatalf("parseNationalID(%q) = %q, want 9 or 12 digits", s, id)
		}
		if again, err := parseNationalID(id); err != nil || again != id {
			t.Fatalf("parseNationalID(%q) = %q, %v; want itself", id, again, err)
		}
	})
}

// FuzzParsePercent: an accepted percentage is between 0 and 100.
func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"80", "80%", "66,7", "66,7 %", "100", "100,1", "0", "1.000", "-1", "NaN", "1e2", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := parsePercent(s); err == nil && (v < 0 || v > 100) {
			t.Fatalf("parsePercent(%q) = %v", s, v)
		}
	})
}

// FuzzJobParseDate: a vacancy deadline is a calendar date (00:00 UTC) that
// reads back from how it is shown.
func FuzzJobParseDate(f *testing.F) {
	for _, s := range []string{"31/12/2026", "1/1/2027", "2026-12-31", "31-12-2026", "31.12.2026", "30/02/2026", "0/0/0", "1/1/0000",
		"31/12/99999", " 31/12/2026 ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := jobParseDate(s)
		if !ok {
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 {
			t.Fatalf("jobParseDate(%q) = %v, want a date at 00:00 UTC", s, d)
		}
		if back, ok := jobParseDate(d.Format("2/1/2006")); !ok || !back.Equal(d) {
			t.Fatalf("jobParseDate(%q) = %v does not read back (%v, %v)", s, d, back, ok)
		}
	})
}

// FuzzAnnParseTime: an accepted send time is in the commune's zone.
func FuzzAnnParseTime(f *testing.F) {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"31/12/2026 08:00", "1/1/2027 8h30", "2026-12-31 08:00", "31-12-2026 8h", "31/12/2026 24:00",
		"31/12/2026", "HHHH", "h", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if at, ok := annParseTime(s, loc); ok && at.Location() != loc {
			t.Fatalf("annParseTime(%q) = %v, not in %v", s, at, loc)
		}
	})
}

// FuzzParseAnnCron: an accepted repeat schedule never repeats more often
// than annMinGap.
func FuzzParseAnnCron(f *testing.F) {
	for _, s := range []string{"0 8 * * 1", "@daily", "@weekly", "@every 24h", "@every 1s", "@every -1h", "* * * * *", "0 8 30 2 *",
		"0 8 * * 1-5", "TZ=Asia/Tokyo 0 8 * * *", "CRON_TZ=UTC 0 8 * * *", "0 8 * *", "60 25 32 13 8", "*/0 * * * *", "0-59/1 * * * *", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sched, err := parseAnnCron(s)
		if err != nil {
			if ue, ok := bot.AsUserError(err); !ok || ue.Kind != bot.Invalid {
				t.Fatalf("parseAnnCron(%q) = %v, want an Invalid user error", s, err)
			}
			return
		}
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for range 5 {
			next := sched.Next(at)
			if next.IsZero() {
				return
			}
			if n2 := sched.Next(next); !n2.IsZero() && n2.Sub(next) < annMinGap {
				t.Fatalf("parseAnnCron(%q) repeats after %v", s, n2.Sub(next))
			}
			at = next
		}
	})
}

// FuzzParseEthnic: an accepted group is an ethnic minority of the official
// list; a refusal is one Vietnamese line.
func FuzzParseEthnic(f *testing.F) {
	for _, s := range []string{"Tày", "tay", "TÀY", "Si La", "sila", "Mông", "Hmong", "Mèo", "Kinh", "Việt", "Khơ Me", "Khmer", "Thái",
		"Ba Na", "Ê Đê", "e de", "X", "", "\xff", strings.Repeat("a", 500)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := parseEthnic(s)
		if err != nil {
			if ue, ok := bot.AsUserError(err); !ok || ue.Kind != bot.Invalid || strings.Contains(ue.Message, "\n") {
				t.Fatalf("parseEthnic(%q) = %v, want one Invalid line", s, err)
			}
			return
		}
		e, ok := plan.EthnicByCode(code)
		if !ok || !e.Minority() {
			t.Fatalf("parseEthnic(%q) = %q, not a minority group", s, code)
		}
	})
}

var payloadRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// FuzzValidCode: /start accepts exactly Telegram's deep-link payloads.
func FuzzValidCode(f *testing.F) {
	for _, s := range []string{"abcDEF123_-", "sub_pham-kha", strings.Repeat("a", 64), strings.Repeat("a", 65), "", "a b", "ạ", "a\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validCode(s), payloadRe.MatchString(s); got != want {
			t.Fatalf("validCode(%q) = %v, want %v", s, got, want)
		}
	})
}

// FuzzParsersAnswerOneLine: every parser of typed answers either accepts
// the text or refuses it with an Invalid user error of one line (SPEC §4:
// a one-line Vietnamese explanation with an example); none panics.
func FuzzParsersAnswerOneLine(f *testing.F) {
	for _, s := range []string{"", "1990", "31/02/2026", "12 người", "Lò Thị Mai", "034095001234", "Tày", "0 8 * * 1",
		strings.Repeat("x", 2001), "a\nb", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		errs := map[string]error{}
		_, errs["parseDate"] = parseDate(s)
		_, errs["parseBirthYear"] = parseBirthYear(s, 2026)
		_, errs["parseNumber"] = parseNumber(s)
		_, errs["parseCount"] = parseCount(s)
		_, errs["parsePercent"] = parsePercent(s)
		_, errs["parseName"] = parseName(s)
		_, errs["parseText"] = parseText(s, maxText)
		_, errs["parseShort"] = parseShort(s)
		_, errs["parseNationalID"] = parseNationalID(s)
		_, errs["parseEthnic"] = parseEthnic(s)
		_, errs["parseAnnCron"] = parseAnnCron(s)
		_, errs["outText"] = outText(bot.Input{Text: s}, 100, "ví dụ")
		for name, err := range errs {
			if err == nil {
				continue
			}
			ue, ok := bot.AsUserError(err)
			if !ok || ue.Kind != bot.Invalid || ue.Message == "" || strings.Contains(ue.Message, "\n") {
				t.Fatalf("%s(%q) = %v, want one Invalid line", name, s, err)
			}
		}
	})
}
