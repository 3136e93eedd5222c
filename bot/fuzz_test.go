package bot

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSplit: every piece fits, none is blank, and together they hold all
// of the text but the whitespace at the cuts.
func FuzzSplit(f *testing.F) {
	for _, s := range []struct {
		text string
		max  int
	}{
		{"Báo cáo\nđã gửi", 7}, {strings.Repeat("ạ ", 50), 9}, {strings.Repeat("\n", 30), 4}, {strings.Repeat(" ", 30), 4},
		{"một dòng rất dài không có chỗ ngắt", 5}, {"a\n\n\nb", 1}, {"", 3}, {"\xff\xfe\n\xfd", 2}, {"abc", 0}, {"abc", -5},
	} {
		f.Add(s.text, s.max)
	}
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	f.Fuzz(func(t *testing.T, text string, max int) {
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "?") // adapters split cleaned text
		}
		max %= 5000
		parts := Split(text, max)
		if max < 1 || Runes(text) <= max {
			if len(parts) != 1 || parts[0] != text {
				t.Fatalf("Split(%q, %d) = %q, want the text whole", text, max, parts)
			}
			return
		}
		for _, p := range parts {
			if Runes(p) > max || strings.TrimSpace(p) == "" {
				t.Fatalf("Split(%q, %d): piece %q", text, max, p)
			}
		}
		if got, want := squeeze(strings.Join(parts, "")), squeeze(text); got != want {
			t.Fatalf("Split(%q, %d) = %q lost text: %q, want %q", text, max, parts, got, want)
		}
	})
}

// FuzzMatchChoice: typed text maps to an offered choice or to none; a
// number picks that position; several picks have no duplicates.
func FuzzMatchChoice(f *testing.F) {
	for _, s := range [][2]string{{"Phòng Kinh tế|Trạm Y tế|Đóng", "2"}, {"Có|Không", "khong"}, {"Có|Không", "1, 2, 1"}, {"A|B|C", "3."},
		{"A|B", "0"}, {"A|B", "-1"}, {"A|B", "99999999999999999999"}, {"|", ""}, {"Xong|✓ Tày", "✓ tay"}, {"A|B|C", "1;3 2"}, {"a|a", "a"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, labels, text string) {
		var cs []Choice
		ids := map[string]bool{}
		for i, l := range strings.Split(labels, "|") {
			if i == 20 {
				break
			}
			id := "c" + strconv.Itoa(i)
			cs = append(cs, Choice{ID: id, Label: l})
			ids[id] = true
		}
		if id, ok := MatchChoice(cs, text); ok {
			if !ids[id] {
				t.Fatalf("MatchChoice(%q) = %q, not offered", text, id)
			}
			if n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "."))); err == nil && n >= 1 && n <= len(cs) && id != cs[n-1].ID {
				t.Fatalf("MatchChoice(%q) = %q, want choice %d", text, id, n)
			}
		}
		if got, ok := matchMany(cs, text); ok {
			seen := map[string]bool{}
			for _, id := range got {
				if !ids[id] || seen[id] {
					t.Fatalf("matchMany(%q) = %q", text, got)
				}
				seen[id] = true
			}
			if len(got) == 0 {
				t.Fatalf("matchMany(%q) ok with nothing", text)
			}
		}
	})
}

// FuzzDecodeReply: an outbox payload never makes the sender panic, and a
// reply it reads encodes to a payload that reads back the same.
func FuzzDecodeReply(f *testing.F) {
	f.Add(EncodeReply(Reply{Text: "Xin chào", Choices: []Choice{{ID: "1", Label: "Có"}}, Token: "3"}))
	f.Add(EncodeReply(Reply{Document: &Attachment{Name: "baocao.xlsx", Data: []byte{1, 2, 3}}, Photo: &Attachment{URL: "https://x/y.png"}}))
	f.Add([]byte(`{"text": 5}`))
	f.Add([]byte(`{"document": {"data": "not base64!"}}`))
	f.Add([]byte(`{"choices": [null, {}], "multi": "yes"}`))
	f.Add([]byte(`null`))
	f.Add([]byte("\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeReply(b)
		if err != nil {
			return
		}
		once := EncodeReply(r)
		r2, err := DecodeReply(once)
		if err != nil {
			t.Fatalf("re-encoded payload %q does not read: %v", once, err)
		}
		if twice := EncodeReply(r2); !bytes.Equal(once, twice) {
			t.Fatalf("payload not stable:\n%s\n%s", once, twice)
		}
	})
}

// FuzzLookup: any text finds a command or none, never panics, and the
// arguments after a spoken phrase are the words the user typed after it.
func FuzzLookup(f *testing.F) {
	r := NewRouter(nil, nil, Messages{}, nil)
	r.Handle(Command{Name: "/thongbao", Aliases: []string{"/announce"}, Phrases: []string{"thông báo"}})
	r.Handle(Command{Name: "/baocao", Phrases: []string{"báo cáo"}})
	r.Handle(Command{Name: "/quantam", Phrases: []string{"quan tâm"}})
	for _, s := range []string{"thông báo tiến độ 5", "THÔNG BÁO  hủy 3", "báo cáo Đợt một", "báo cáo " + strings.Repeat("Ⱥ", 20), "quan tâm #2",
		"/thongbao@dttsbot tiendo 1", "/ANNOUNCE x", "/", "/@", "báo\u00a0cáo 2026", "\u0300 báo cáo x", "bao cao", "báo cáo\n2026", "\xff báo cáo"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = Clean(text) // as HandleUpdate does
		c, args := r.Lookup(text)
		if !utf8.ValidString(args) {
			t.Fatalf("Lookup(%q) args %q are not valid UTF-8", text, args)
		}
		if c == nil || IsCommand(text) {
			return
		}
		if !strings.HasSuffix(text, args) {
			t.Fatalf("Lookup(%q) args %q are not what follows the phrase", text, args)
		}
		if args != "" && strings.HasPrefix(Fold(args), Fold(text)) {
			t.Fatalf("Lookup(%q) args %q include the phrase", text, args)
		}
	})
}
