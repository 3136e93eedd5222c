package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/dttsbot/dttsbot/bot/filelink"
)

// fileHost builds the signed download links of the HTTP server when
// http.public_url is set (nil otherwise), mounts them on the mux and sets
// the handlers' FileHost; later calls return the same host. Files
// live in "files" beside the database; the key is http.link_key, or one
// generated once and kept in the database.
func (a *app) fileHost(ctx context.Context) (*filelink.Host, error) {
	if host, ok := a.deps.Files.(*filelink.Host); ok {
		return host, nil // built already (another channel asked first)
	}
	h := a.cfg.HTTP
	if h.PublicURL == "" {
		return nil, nil
	}
	key := []byte(h.LinkKey)
	if h.LinkKey == "" {
		var err error
		if key, err = a.db.FileLinkKey(ctx); err != nil {
			return nil, err
		}
	} else if len(key) < 16 {
		return nil, fmt.Errorf("config: http.link_key: (hidden) — want at least 16 characters, or leave it empty to generate one")
	}
	host, err := filelink.New(filepath.Join(filepath.Dir(a.cfg.Database), "files"), key, h.PublicURL, h.LinkTTL)
	if err != nil {
		return nil, fmt.Errorf("config: http.public_url: %w", err)
	}
	if h.Listen == "" {
		a.log.Warn("http.public_url is set but http.listen is empty: download links will not be served")
	}
	a.httpMux().Handle(filelink.Pattern, host)
	a.deps.Files = host
	return host, nil
}
