package plan

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// dan-toc.csv is a copy of shared/data/dan-toc.csv: the 54 ethnic groups
// with their 2008 codes (Quyết định 1019/QĐ-TCTK, the code stored) and 1979
// codes (Quyết định 121-TCTK/PPCĐ).
//
//go:embed dan-toc.csv
var ethnicCSV []byte

// KinhCode is the 2008 code of the majority group, which the roster does not
// track.
const KinhCode = "01"

// Ethnic is one of Vietnam's 54 ethnic groups.
type Ethnic struct {
	Code     string // 2008 code, "01".."54"
	Code1979 string
	Name     string // official name, e.g. "Khơ Me"
	Name1979 string
	Aliases  []string
}

// Minority reports whether the group is an ethnic minority (not Kinh).
func (e Ethnic) Minority() bool { return e.Code != KinhCode }

// Match is the outcome of an ethnic-group lookup.
type Match int

// Lookup outcomes.
const (
	Unknown   Match = iota // no group has that name
	Found                  // exactly one group
	Ambiguous              // several groups fit; Candidates lists them
)

type ethnicIndex struct {
	groups []Ethnic
	exact  map[string][]int // lower-case name with diacritics, letters only
	loose  map[string][]int // without diacritics, letters only
}

var ethnics = mustLoadEthnics()

func mustLoadEthnics() ethnicIndex {
	r := csv.NewReader(bytes.NewReader(ethnicCSV))
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 2 {
		panic("plan: dan-toc.csv is unreadable")
	}
	ix := ethnicIndex{exact: map[string][]int{}, loose: map[string][]int{}}
	for _, row := range rows[1:] {
		if len(row) < 5 {
			panic("plan: dan-toc.csv: short row")
		}
		e := Ethnic{Code: row[0], Code1979: row[1], Name: row[2], Name1979: row[3]}
		for _, a := range strings.Split(row[4], ";") {
			if a = strings.TrimSpace(a); a != "" {
				e.Aliases = append(e.Aliases, a)
			}
		}
		i := len(ix.groups)
		ix.groups = append(ix.groups, e)
		for _, n := range append([]string{e.Name, e.Name1979}, e.Aliases...) {
			ix.exact[exactKey(n)] = addOnce(ix.exact[exactKey(n)], i)
			ix.loose[looseKey(n)] = addOnce(ix.loose[looseKey(n)], i)
		}
	}
	return ix
}

func addOnce(list []int, i int) []int {
	for _, x := range list {
		if x == i {
			return list
		}
	}
	return append(list, i)
}

// EthnicGroups lists the 54 groups in 2008-code order.
func EthnicGroups() []Ethnic { return append([]Ethnic(nil), ethnics.groups...) }

// EthnicByCode finds a group by its 2008 code.
func EthnicByCode(code string) (Ethnic, bool) {
	for _, e := range ethnics.groups {
		if e.Code == code {
			return e, true
		}
	}
	return Ethnic{}, false
}

// EthnicName is the official name of a 2008 code, or the code itself when
// unknown.
func EthnicName(code string) string {
	if e, ok := EthnicByCode(code); ok {
		return e.Name
	}
	return code
}

// LookupEthnic finds a group by name or alias, with or without diacritics,
// spaces, hyphens or apostrophes ("Thai", "H'Mông", "Hmong", "Khmer", "tay").
// A leading "dân tộc" or "người" is ignored. An exact match with diacritics
// wins over a match without them. When no name fits, the groups whose name
// starts with the text are returned as candidates: Ambiguous for several,
// Unknown with one suggestion for one (a prefix is never taken as the name).
func LookupEthnic(s string) (Ethnic, Match, []Ethnic) {
	s = stripPrefix(s)
	if ek := exactKey(s); ek != "" {
		if ids := ethnics.exact[ek]; len(ids) == 1 {
			return ethnics.groups[ids[0]], Found, nil
		}
	}
	lk := looseKey(s)
	if lk == "" {
		return Ethnic{}, Unknown, nil
	}
	ids := ethnics.loose[lk]
	switch {
	case len(ids) == 1:
		return ethnics.groups[ids[0]], Found, nil
	case len(ids) > 1:
		return Ethnic{}, Ambiguous, pick(ids)
	}
	var pre []int
	if len(lk) >= 2 {
		for k, list := range ethnics.loose {
			if strings.HasPrefix(k, lk) {
				for _, i := range list {
					pre = addOnce(pre, i)
				}
			}
		}
	}
	switch len(pre) {
	case 0:
		return Ethnic{}, Unknown, nil
	case 1:
		return Ethnic{}, Unknown, pick(pre) // a suggestion, never taken as the answer
	}
	return Ethnic{}, Ambiguous, pick(pre)
}

func pick(ids []int) []Ethnic {
	sort.Ints(ids)
	out := make([]Ethnic, 0, len(ids))
	for _, i := range ids {
		out = append(out, ethnics.groups[i])
	}
	return out
}

func stripPrefix(s string) string {
	w := strings.Fields(s)
	switch {
	case len(w) >= 3 && looseKey(w[0]) == "dan" && looseKey(w[1]) == "toc":
		return strings.Join(w[2:], " ")
	case len(w) >= 2 && looseKey(w[0]) == "nguoi":
		return strings.Join(w[1:], " ")
	}
	return s
}

// exactKey keeps letters (with their diacritics, NFC, lower case) only.
func exactKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(strings.ToValidUTF8(s, "")) {
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// looseKey keeps base letters only: no diacritics, đ → d, lower case.
func looseKey(s string) string {
	return strings.ReplaceAll(looseWords(s), " ", "")
}

// looseWords is looseKey that keeps single spaces between words.
func looseWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r):
		default:
			if r == ' ' || unicode.IsSpace(r) {
				space = b.Len() > 0
			}
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
