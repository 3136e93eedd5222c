package handlers

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dttsbot/dttsbot/bot"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // yyyy-mm-dd, "" for an error
	}{
		{"15/03/2026", "2026-03-15"},
		{"5/3/2026", "2026-03-05"},
		{" 05/3/2026 ", "2026-03-05"},
		{"2026-03-15", "2026-03-15"},
		{"2026-3-5", "2026-03-05"},
		{"15-03-2026", "2026-03-15"},
		{"15.03.2026", "2026-03-15"},
		{"29/02/2024", "2024-02-29"},
		{"29/02/2026", ""},
		{"31/04/2026", ""},
		{"00/01/2026", ""},
		{"1/13/2026", ""},
		{"15/03/26", ""},
		{"2026/03/15", ""},
		{"15/03/1800", ""},
		{"15//2026", ""},
		{"15/03/2026/1", ""},
		{"mười lăm", ""},
		{"", ""},
		{"١٥/٠٣/٢٠٢٦", ""},
	}
	for _, tc := range tests {
		got, err := parseDate(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("parseDate(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got.Format("2006-01-02") != tc.want {
			t.Errorf("parseDate(%q) = %v, %v, want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseBirthYear(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"1990", 1990},
		{" năm 1990", 1990},
		{"Nam 1990", 1990},
		{"12/05/1985", 1985},
		{"1946", 1946},
		{"2011", 2011},
		{"1945", 0},
		{"2012", 0},
		{"90", 0},
		{"1990a", 0},
		{"", 0},
	}
	for _, tc := range tests {
		got, err := parseBirthYear(tc.in, 2026)
		if tc.want == 0 {
			if err == nil {
				t.Errorf("parseBirthYear(%q) = %d, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseBirthYear(%q) = %d, %v, want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64 // -1 for an error
	}{
		{"12", 12},
		{"0", 0},
		{"1.234", 1234},
		{"1.234.567", 1234567},
		{"1,5", 1.5},
		{"1.234,5", 1234.5},
		{"12.5", 12.5},
		{"66,67", 66.67},
		{"12 người", 12},
		{"12người", 12},
		{"80%", 80},
		{"80 %", 80},
		{"3 lượt", 3},
		{"1,234,567", 1234567},
		{"-3", -1},
		{"1..2", -1},
		{"1.2.3", -1},
		{"1,2,3", -1},
		{"1.234,5,6", -1},
		{".5", -1},
		{"5.", -1},
		{"ba", -1},
		{"12 3", -1},
		{"1e9", -1},
		{"", -1},
		{"99999999999999999999", -1},
	}
	for _, tc := range tests {
		got, err := parseNumber(tc.in)
		if tc.want < 0 {
			if err == nil {
				t.Errorf("parseNumber(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseNumber(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
		}
	}
	if n, err := parseCount("1,5"); err == nil {
		t.Errorf("parseCount(1,5) = %d, want an error", n)
	}
	if n, err := parseCount("1.200 người"); err != nil || n != 1200 {
		t.Errorf("parseCount(1.200 người) = %d, %v", n, err)
	}
	if v, err := parsePercent("101"); err == nil {
		t.Errorf("parsePercent(101) = %v, want an error", v)
	}
}

func TestFmtNumber(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 12: "12", 1234: "1.234", 1234567: "1.234.567", 66.666: "66,7", 75.5: "75,5", 100: "100"} {
		if got := fmtNumber(in); got != want {
			t.Errorf("fmtNumber(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestParseName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lò Thị Mai", "Lò Thị Mai"},
		{"  Lò   Thị\tMai ", "Lò Thị Mai"},
		{"H'Hen Niê", "H'Hen Niê"},
		{"Nguyễn Văn A.", "Nguyễn Văn A."},
		{"Lo\u0300 Thi\u0323 Mai", "Lò Thị Mai"}, // NFD in, NFC out
		{"A", ""},
		{"Mai 2", ""},
		{"<b>Mai</b>", ""},
		{"", ""},
		{"   ", ""},
		{strings.Repeat("a", 101), ""},
	}
	for _, tc := range tests {
		got, err := parseName(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("parseName(%q) = %q, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("parseName(%q) = %q, %v, want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseTextAndID(t *testing.T) {
	if _, err := parseText(strings.Repeat("ạ", 2000), maxText); err != nil {
		t.Errorf("2000 runes refused: %v", err)
	}
	if _, err := parseText(strings.Repeat("ạ", 2001), maxText); err == nil {
		t.Error("2001 runes accepted")
	}
	if _, err := parseText(" \n ", maxText); err == nil {
		t.Error("blank text accepted")
	}
	for in, want := range map[string]string{"034090001234": "034090001234", "034 090 001 234": "034090001234", "123456789": "123456789", "12345": "", "03409000123a": ""} {
		got, err := parseNationalID(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("parseNationalID(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
}

// Every parser error is a user error: one Vietnamese line with an example.
func TestParseErrorsAreOneLineWithExample(t *testing.T) {
	_, e1 := parseDate("x")
	_, e2 := parseBirthYear("x", 2026)
	_, e3 := parseNumber("x")
	_, e4 := parseName("1")
	_, e5 := parseText("", 10)
	_, e6 := parseNationalID("1")
	_, e7 := parseCount("1,5")
	for i, err := range []error{e1, e2, e3, e4, e5, e6, e7} {
		ue, ok := bot.AsUserError(err)
		if !ok || ue.Kind != bot.Invalid {
			t.Errorf("error %d: %v is not an Invalid user error", i, err)
			continue
		}
		if strings.Contains(ue.Message, "\n") || !strings.Contains(ue.Message, "ví dụ") && !strings.Contains(ue.Message, "Ví dụ") {
			t.Errorf("error %d: %q is not one line with an example", i, ue.Message)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15/03/2026", "5/3/2026", "2026-03-15", "29/02/2024", "31/02/2026", "1/1/1900", "99/99/9999", "--", "/-.", "\xff/\xfe/2026"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDate(s)
		if err != nil {
			return
		}
		if d.Year() < 1900 || d.Year() > 2100 || d.Hour() != 0 || d.Location() != time.UTC {
			t.Fatalf("parseDate(%q) = %v", s, d)
		}
		// what we show parses back to the same day
		if back, err := parseDate(fmtDate(d)); err != nil || !back.Equal(d) {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}

func FuzzParseBirthYear(f *testing.F) {
	for _, s := range []string{"1990", "năm 1990", "12/05/1985", "0000", "9999", "năm", "năm năm", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, err := parseBirthYear(s, 2026)
		if err == nil && (y < 2026-maxAge || y > 2026-minAge) {
			t.Fatalf("parseBirthYear(%q) = %d, out of range", s, y)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12", "1.234", "1,5", "1.234,5", "12 người", "80%", "1,234,567", "9.999.999.999.999", "0,0", ",", ".", "1e308"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseNumber(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v > 1e12 {
			t.Fatalf("parseNumber(%q) = %v", s, v)
		}
		_ = fmtNumber(v)
		if n, err := parseCount(s); err == nil && float64(n) != v {
			t.Fatalf("parseCount(%q) = %d, parseNumber = %v", s, n, v)
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"Lò Thị Mai", "H'Hen Niê", "  a  b ", "Lo\u0300", "\u0300\u0300", strings.Repeat("ạ", 101), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseName(s)
		if err != nil {
			return
		}
		if n == "" || !utf8.ValidString(n) || bot.Runes(n) > maxName || strings.Contains(n, "  ") || n != strings.TrimSpace(n) {
			t.Fatalf("parseName(%q) = %q", s, n)
		}
	})
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{"Không có", strings.Repeat("x", 2001), "\xff", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseText(s, maxText)
		if err == nil && (v == "" || bot.Runes(v) > maxText) {
			t.Fatalf("parseText(%q) = %q", s, v)
		}
		_, _ = parseShort(s)
		_, _ = parseNationalID(s)
	})
}
