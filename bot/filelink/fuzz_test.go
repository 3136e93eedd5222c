package filelink

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzServe tampers with every part of a signed link (id, name, expiry,
// signature): the file is served only for a link whose parts are, once
// decoded, exactly those the host signed; anything else is refused, and
// nothing panics.
func FuzzServe(f *testing.F) {
	now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	h, err := New(filepath.Join(f.TempDir(), "files"), []byte("0123456789abcdef0123456789abcdef"), "https://bot.example/", 24*time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	h.Now = func() time.Time { return now }
	mux := http.NewServeMux()
	mux.Handle(Pattern, h)
	type signed struct {
		id, name string
		exp      int64
		mac      []byte
		data     []byte
	}
	var links []signed
	for _, p := range []struct{ name, data string }{{"Báo cáo 2026.xlsx", "workbook"}, {"ảnh.png", "png bytes"}} {
		link, err := h.Publish(p.name, []byte(p.data))
		if err != nil {
			f.Fatal(err)
		}
		u, _ := url.Parse(link)
		parts := strings.Split(strings.TrimPrefix(u.Path, "/files/"), "/")
		exp, _ := strconv.ParseInt(u.Query().Get("exp"), 10, 64)
		mac, _ := base64.RawURLEncoding.DecodeString(u.Query().Get("sig"))
		links = append(links, signed{id: parts[0], name: parts[1], exp: exp, mac: mac, data: []byte(p.data)})
		sig := u.Query().Get("sig")
		e := u.Query().Get("exp")
		f.Add(parts[0], parts[1], e, sig)                                    // genuine
		f.Add(parts[0], parts[1], e, sig[:len(sig)-1]+"A")                   // last character
		f.Add(parts[0], parts[1], e, sig+"=")                                // padding
		f.Add(parts[0], parts[1], e, base64.StdEncoding.EncodeToString(mac)) // another alphabet
		f.Add(parts[0], parts[1], e+"0", sig)                                // later expiry
		f.Add(parts[0], parts[1], "+"+e, sig)                                // same number, other spelling
		f.Add(parts[0], parts[1]+".exe", e, sig)                             // other name
		f.Add(parts[0], "../"+parts[1], e, sig)
		f.Add(strings.ToUpper(parts[0]), parts[1], e, sig)
		f.Add("../../etc/passwd", parts[1], e, sig)
		f.Add(parts[0], parts[1], "", "")
	}
	f.Add(links[0].id, links[1].name, strconv.FormatInt(links[1].exp, 10), base64.RawURLEncoding.EncodeToString(links[1].mac)) // mixed
	serve := func(id, name, exp, sig string) (*httptest.ResponseRecorder, bool) {
		target := "/files/" + url.PathEscape(id) + "/" + url.PathEscape(name) + "?" + url.Values{"exp": {exp}, "sig": {sig}}.Encode()
		req, err := http.NewRequest(http.MethodGet, "https://bot.example"+target, nil)
		if err != nil {
			return nil, false
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec, true
	}
	for _, l := range links { // the genuine links work, so refusals below mean something
		if rec, _ := serve(l.id, l.name, strconv.FormatInt(l.exp, 10), base64.RawURLEncoding.EncodeToString(l.mac)); rec.Code != http.StatusOK {
			f.Fatalf("genuine link of %s: %d", l.name, rec.Code)
		}
	}
	f.Fuzz(func(t *testing.T, id, name, exp, sig string) {
		rec, ok := serve(id, name, exp, sig)
		if !ok || rec.Code != http.StatusOK {
			return
		}
		e, _ := strconv.ParseInt(exp, 10, 64)
		mac, _ := base64.RawURLEncoding.DecodeString(sig)
		for _, l := range links {
			if id == l.id && name == l.name && e == l.exp && bytes.Equal(mac, l.mac) {
				if !bytes.Equal(rec.Body.Bytes(), l.data) {
					t.Fatalf("served %q for %s", rec.Body.Bytes(), l.name)
				}
				return
			}
		}
		t.Fatalf("served a tampered link: id %q name %q exp %q sig %q", id, name, exp, sig)
	})
}
