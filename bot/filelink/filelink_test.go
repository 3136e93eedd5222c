package filelink

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type rig struct {
	host *Host
	srv  *httptest.Server
	now  time.Time
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{now: time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)}
	mux := http.NewServeMux()
	r.srv = httptest.NewServer(mux)
	t.Cleanup(r.srv.Close)
	h, err := New(filepath.Join(t.TempDir(), "files"), []byte("0123456789abcdef0123456789abcdef"), r.srv.URL+"/", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	h.Now = func() time.Time { return r.now }
	mux.Handle(Pattern, h)
	r.host = h
	return r
}

func get(t *testing.T, link string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestPublishServesTheFile(t *testing.T) {
	r := newRig(t)
	link, err := r.host.Publish("Báo cáo tổng hợp 2026.xlsx", []byte("workbook bytes"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, r.srv.URL+"/files/") {
		t.Fatalf("link %q is not under %s/files/", link, r.srv.URL)
	}
	code, body, hdr := get(t, link)
	if code != 200 || body != "workbook bytes" {
		t.Fatalf("GET link = %d %q, want 200 with the file", code, body)
	}
	if cd := hdr.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("Content-Disposition = %q, want an attachment", cd)
	}
	entries, _ := os.ReadDir(r.host.dir)
	if len(entries) != 1 {
		t.Fatalf("%d files stored, want 1", len(entries))
	}
	info, _ := entries[0].Info()
	if info.Mode().Perm() != 0o600 {
		t.Errorf("stored file mode = %v, want 0600", info.Mode().Perm())
	}
	// The same content published again is stored once.
	if _, err := r.host.Publish("again.xlsx", []byte("workbook bytes")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(r.host.dir); len(entries) != 1 {
		t.Errorf("%d files after publishing the same bytes twice, want 1", len(entries))
	}
}

func TestTamperedLinkRefused(t *testing.T) {
	r := newRig(t)
	link, err := r.host.Publish("bao-cao.docx", []byte("secret report"))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	q := u.Query()
	exp, sig := q.Get("exp"), q.Get("sig")
	other, _ := r.host.Publish("khac.docx", []byte("another file"))
	otherID := strings.Split(strings.TrimPrefix(mustURL(other).Path, "/files/"), "/")[0]
	flip := []byte(sig)
	if flip[0] == 'A' {
		flip[0] = 'B'
	} else {
		flip[0] = 'A'
	}
	cases := []struct {
		name string
		link string
	}{
		{"signature changed", r.srv.URL + u.Path + "?exp=" + exp + "&sig=" + string(flip)},
		{"expiry extended", r.srv.URL + u.Path + "?exp=" + bump(exp) + "&sig=" + sig},
		{"file name changed", r.srv.URL + strings.Replace(u.Path, "bao-cao", "bao-cao2", 1) + "?" + u.RawQuery},
		{"other file id", r.srv.URL + "/files/" + otherID + "/bao-cao.docx?" + u.RawQuery},
		{"no signature", r.srv.URL + u.Path + "?exp=" + exp},
		{"garbage", r.srv.URL + u.Path + "?exp=x&sig=%%%"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := get(t, tc.link)
			if code != http.StatusForbidden {
				t.Errorf("GET %s = %d, want 403", tc.name, code)
			}
			if strings.Contains(body, "secret report") {
				t.Errorf("a tampered link served the file")
			}
		})
	}
}

func TestExpiredLinkRefused(t *testing.T) {
	r := newRig(t)
	link, err := r.host.Publish("bieu-do.png", []byte("png bytes"))
	if err != nil {
		t.Fatal(err)
	}
	r.now = r.now.Add(24*time.Hour - time.Second)
	if code, _, _ := get(t, link); code != 200 {
		t.Fatalf("GET just before expiry = %d, want 200", code)
	}
	r.now = r.now.Add(time.Second)
	code, body, _ := get(t, link)
	if code != http.StatusGone {
		t.Errorf("GET after 24h = %d, want 410", code)
	}
	if strings.Contains(body, "png bytes") {
		t.Errorf("an expired link served the file")
	}
}

func TestNewRejectsWeakKeyAndBadURL(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(dir, []byte("short"), "https://bot.example.vn", time.Hour); err == nil {
		t.Error("New accepted a 5-byte key")
	}
	if _, err := New(dir, []byte("0123456789abcdef"), "bot.example.vn", time.Hour); err == nil {
		t.Error("New accepted a public URL without scheme")
	}
}

func TestCleanName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a/b\\c.txt", "a_b_c.txt"},
		{"  ..  ", "tep"},
		{"\x00x\"y", "_x_y"},
		{"Báo cáo.xlsx", "Báo cáo.xlsx"},
	} {
		if got := cleanName(tc.in); got != tc.want {
			t.Errorf("cleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := cleanName(strings.Repeat("ả", 300) + ".xlsx"); len([]rune(got)) != 100 || !strings.HasSuffix(got, ".xlsx") {
		t.Errorf("cleanName(long) = %d runes %q…, want 100 ending in .xlsx", len([]rune(got)), got[:10])
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func bump(exp string) string {
	b := []byte(exp)
	b[len(b)-1] = '0' + (b[len(b)-1]-'0'+1)%10
	if string(b) < exp {
		return exp + "0"
	}
	return string(b)
}
