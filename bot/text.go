package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s, strips Vietnamese diacritics (đ → d) and collapses
// spaces, so "Báo  cáo" and "bao cao" compare equal. Invalid UTF-8 is
// replaced, never a panic.
func Fold(s string) string {
	s = strings.ToValidUTF8(s, "")
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	space := false
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), " ")
}

// Clean makes user text safe to keep: valid UTF-8, NFC, trimmed, without
// control characters other than newlines and tabs.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "�")
	}
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(norm.NFC.String(s))
}

// Runes counts characters, not bytes.
func Runes(s string) int { return utf8.RuneCountInString(s) }

// Truncate cuts s to at most n runes.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// Split cuts text into pieces of at most max runes, on line boundaries where
// it can (then on spaces, then anywhere), for platforms with a length limit.
// No piece is blank (platforms refuse an empty message): blank runs at a
// cut are dropped. max below 1 returns text whole.
func Split(text string, max int) []string {
	if Runes(text) <= max || max < 1 {
		return []string{text}
	}
	var out []string
	var cur []rune
	flush := func() {
		if p := strings.TrimRight(string(cur), "\n"); strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
		cur = cur[:0]
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		lr := []rune(line)
		if len(cur)+len(lr) <= max {
			cur = append(cur, lr...)
			continue
		}
		flush()
		for len(lr) > max {
			cut := max
			if i := lastSpace(lr[:max]); i > max/2 {
				cut = i + 1
			}
			if p := string(lr[:cut]); strings.TrimSpace(p) != "" {
				out = append(out, p)
			}
			lr = lr[cut:]
		}
		cur = append(cur, lr...)
	}
	flush()
	return out
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}
