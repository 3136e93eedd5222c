package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Báo cáo", "bao cao"},
		{"bao  cao", "bao cao"},
		{"ĐÀO TẠO", "dao tao"},
		{"  Phản ánh ", "phan anh"},
		{"Phòng Kinh tế", "phong kinh te"},
		{"\xff\xfebad", "bad"},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplit(t *testing.T) {
	line := strings.Repeat("á", 99) + "\n" // 100 runes with newline
	text := strings.Repeat(line, 60)       // 6000 runes
	parts := Split(text, 4096)
	if len(parts) != 2 {
		t.Fatalf("Split(6000 runes, 4096) = %d parts, want 2", len(parts))
	}
	total := 0
	for _, p := range parts {
		if n := utf8.RuneCountInString(p); n > 4096 {
			t.Errorf("part of %d runes > 4096", n)
		}
		if !strings.HasSuffix(p, "á") {
			t.Errorf("part does not end on a line boundary: %q", p[len(p)-10:])
		}
		total += strings.Count(p, "á")
	}
	if total != 99*60 {
		t.Errorf("lost characters: %d, want %d", total, 99*60)
	}
	long := strings.Repeat("x", 5000) // one line without spaces
	for _, p := range Split(long, 2000) {
		if utf8.RuneCountInString(p) > 2000 {
			t.Errorf("unbroken line part too long: %d", utf8.RuneCountInString(p))
		}
	}
	if got := Split("ngắn", 10); len(got) != 1 || got[0] != "ngắn" {
		t.Errorf("Split short = %q", got)
	}
}

func TestMatchChoice(t *testing.T) {
	cs := []Choice{{ID: "7", Label: "Phòng Văn hóa - Xã hội"}, {ID: "9", Label: "Phòng Kinh tế"}}
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2", "9", true}, {" 1. ", "7", true}, {"phong kinh te", "9", true}, {"PHÒNG KINH TẾ", "9", true},
		{"3", "", false}, {"0", "", false}, {"", "", false}, {"kinh", "", false},
	}
	for _, tc := range tests {
		got, ok := MatchChoice(cs, tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("MatchChoice(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	ids, ok := matchMany(append(cs, Choice{ID: "11", Label: "Trạm Y tế"}), "1, 3")
	if !ok || strings.Join(ids, ",") != "7,11" {
		t.Errorf("matchMany(1, 3) = %v, %v", ids, ok)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Báo cáo", "", "\xff", "ĐĐđ", strings.Repeat("ạ", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Fold(s)
		if !utf8.ValidString(out) {
			t.Errorf("Fold(%q) is not valid UTF-8", s)
		}
		Clean(s)
		for _, p := range Split(s, 7) {
			if utf8.RuneCountInString(p) > 7 {
				t.Errorf("Split part too long: %q", p)
			}
		}
	})
}
