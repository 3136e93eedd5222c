package plan

import (
	"strings"
	"testing"
)

func TestLookupEthnic(t *testing.T) {
	tests := []struct {
		in    string
		match Match
		code  string
	}{
		{"Tày", Found, "02"},
		{"tay", Found, "02"},
		{"  TÀY ", Found, "02"},
		{"Thai", Found, "03"},
		{"Thái", Found, "03"},
		{"Mường", Found, "04"},
		{"muong", Found, "04"},
		{"Khmer", Found, "05"},
		{"Khơ-me", Found, "05"},
		{"kho me", Found, "05"},
		{"Người Hoa", Found, "06"},
		{"H'Mông", Found, "08"},
		{"HMông", Found, "08"},
		{"Hmong", Found, "08"},
		{"Mèo", Found, "08"},
		{"meo", Found, "08"},
		{"Mông", Found, "08"},
		{"Mnông", Found, "20"},
		{"Ê-đê", Found, "11"},
		{"ede", Found, "11"},
		{"Rhade", Found, "11"},
		{"Jarai", Found, "10"},
		{"Gié-Triêng", Found, "29"},
		{"Cờ Lao", Found, "47"},
		{"Bru-Vân Kiều", Found, "24"},
		{"dân tộc Nùng", Found, "07"},
		{"người Dao", Found, "09"},
		{"Ơ Đu", Found, "54"},
		{"o du", Found, "54"},
		{"Kinh", Found, KinhCode},
		{"Việt", Found, KinhCode},
		{"viet", Found, KinhCode},
		{"Khơ", Ambiguous, ""},
		{"La", Ambiguous, ""},
		{"Pháp", Unknown, ""},
		{"", Unknown, ""},
		{"123", Unknown, ""},
		{"'-", Unknown, ""},
		{"\xff\xfe", Unknown, ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			e, m, cands := LookupEthnic(tc.in)
			if m != tc.match || e.Code != tc.code {
				t.Fatalf("LookupEthnic(%q) = %q, %v, want %q, %v", tc.in, e.Code, m, tc.code, tc.match)
			}
			if m == Ambiguous && len(cands) < 2 {
				t.Errorf("LookupEthnic(%q): ambiguous with %d candidates", tc.in, len(cands))
			}
		})
	}
}

func TestEthnicTable(t *testing.T) {
	gs := EthnicGroups()
	if len(gs) != 54 {
		t.Fatalf("%d groups, want 54", len(gs))
	}
	seen := map[string]bool{}
	for _, g := range gs {
		if seen[g.Code] || len(g.Code) != 2 {
			t.Errorf("bad or duplicate code %q", g.Code)
		}
		seen[g.Code] = true
		if g.Minority() != (g.Code != "01") {
			t.Errorf("%s: Minority() = %v", g.Name, g.Minority())
		}
		// every official name finds its own group
		if e, m, _ := LookupEthnic(g.Name); m != Found || e.Code != g.Code {
			t.Errorf("LookupEthnic(%q) = %q, %v", g.Name, e.Code, m)
		}
		if e, m, _ := LookupEthnic(strings.ToUpper(g.Name1979)); m != Found || e.Code != g.Code {
			t.Errorf("LookupEthnic(%q) = %q, %v", g.Name1979, e.Code, m)
		}
	}
	if EthnicName("04") != "Mường" || EthnicName("99") != "99" {
		t.Errorf("EthnicName: %q %q", EthnicName("04"), EthnicName("99"))
	}
}

func FuzzLookupEthnic(f *testing.F) {
	for _, s := range []string{"Tày", "H'Mông", "dân tộc ", "người", "Khơ", "\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, m, c := LookupEthnic(s)
		if m == Found && e.Code == "" {
			t.Fatalf("found without code for %q", s)
		}
		if m == Ambiguous && len(c) < 2 {
			t.Fatalf("ambiguous with %d candidates for %q", len(c), s)
		}
	})
}
