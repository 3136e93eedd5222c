// Package filelink serves files from the bot's own HTTP server under
// signed, expiring URLs, for platforms that cannot attach them (Zalo takes
// photos by URL only and has no documents).
//
// A link is {public}/files/{id}/{name}?exp={unix}&sig={mac}, where mac is
// HMAC-SHA256 over "id/name/exp" with the host's key. A link whose
// signature does not match is refused with 403, an expired one with 410.
// Files are written 0600, named by the hash of their content (publishing
// the same bytes twice stores them once), and swept after the lifetime.
package filelink

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Pattern is the route to register the Host on a ServeMux.
const Pattern = "GET /files/{id}/{name}"

// Host publishes and serves files. It is safe for concurrent use.
type Host struct {
	dir    string
	key    []byte
	public string
	ttl    time.Duration
	// Now is the clock; tests replace it.
	Now func() time.Time

	mu        sync.Mutex
	lastSweep time.Time
}

// New makes a host that keeps files in dir (created 0700), signs with key
// (at least 16 bytes), builds links on publicURL (the bot's address as the
// users' phones reach it) and lets them live for ttl.
func New(dir string, key []byte, publicURL string, ttl time.Duration) (*Host, error) {
	if len(key) < 16 {
		return nil, errors.New("filelink: the signing key must have at least 16 bytes")
	}
	u, err := url.Parse(publicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("filelink: public URL %q: want http(s)://host[/path]", publicURL)
	}
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("filelink: create %s: %w", dir, err)
	}
	return &Host{dir: dir, key: append([]byte(nil), key...), public: strings.TrimRight(publicURL, "/"), ttl: ttl, Now: time.Now}, nil
}

// Publish stores data and returns a signed link to it, valid for the
// host's lifetime. name is what the user's browser saves the file as.
func (h *Host) Publish(name string, data []byte) (string, error) {
	name = cleanName(name)
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:16])
	path := filepath.Join(h.dir, id)
	if old, err := os.ReadFile(path); err != nil || !bytes.Equal(old, data) {
		if err := writeFile(path, data); err != nil {
			return "", fmt.Errorf("filelink: store %s: %w", id, err)
		}
	} else {
		now := h.Now()
		os.Chtimes(path, now, now) // keep it until this link expires too
	}
	h.sweep()
	exp := h.Now().Add(h.ttl).Unix()
	q := url.Values{"exp": {strconv.FormatInt(exp, 10)}, "sig": {h.sign(id, name, exp)}}
	return h.public + "/files/" + id + "/" + url.PathEscape(name) + "?" + q.Encode(), nil
}

// writeFile writes atomically with mode 0600.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func (h *Host) sign(id, name string, exp int64) string {
	m := hmac.New(sha256.New, h.key)
	fmt.Fprintf(m, "%s/%s/%d", id, name, exp)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// ServeHTTP serves a published file: 403 for a bad signature, 410 for an
// expired link, 404 when the file is gone.
func (h *Host) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, name := r.PathValue("id"), r.PathValue("name")
	exp, err := strconv.ParseInt(r.URL.Query().Get("exp"), 10, 64)
	sig, err2 := base64.RawURLEncoding.DecodeString(r.URL.Query().Get("sig"))
	if err != nil || err2 != nil || !validID(id) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	want, _ := base64.RawURLEncoding.DecodeString(h.sign(id, name, exp))
	if !hmac.Equal(sig, want) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if !h.Now().Before(time.Unix(exp, 0)) {
		http.Error(w, "this link has expired", http.StatusGone)
		return
	}
	f, err := os.Open(filepath.Join(h.dir, id))
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	ctype := mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	disp := "attachment"
	if strings.HasPrefix(ctype, "image/") {
		disp = "inline"
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": name}))
	http.ServeContent(w, r, "", st.ModTime(), f)
}

func validID(id string) bool {
	if len(id) != 32 {
		return false
	}
	_, err := hex.DecodeString(id)
	return err == nil
}

// cleanName keeps a file name safe in a URL path segment and a header: no
// separators or control characters, at most 100 characters.
func cleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f, r == '/', r == '\\', r == '"':
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	name = strings.Trim(name, ".")
	if utf8.RuneCountInString(name) > 100 {
		ext := filepath.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		name = string([]rune(name)[:100-utf8.RuneCountInString(ext)]) + ext
	}
	if name == "" {
		name = "tep"
	}
	return name
}

// sweep removes files older than the lifetime, at most once an hour.
func (h *Host) sweep() {
	now := h.Now()
	h.mu.Lock()
	if now.Sub(h.lastSweep) < time.Hour {
		h.mu.Unlock()
		return
	}
	h.lastSweep = now
	h.mu.Unlock()
	entries, err := os.ReadDir(h.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !validID(e.Name()) {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > h.ttl+time.Hour {
			os.Remove(filepath.Join(h.dir, e.Name()))
		}
	}
}
