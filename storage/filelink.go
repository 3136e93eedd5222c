package storage

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// settingLinkKey names the generated key of signed download links.
const settingLinkKey = "http.link_key"

// FileLinkKey returns the key that signs download links (bot/filelink). The
// first call generates 32 random bytes and stores them in the setting
// table, so links stay valid across restarts; later calls return them.
func (db *DB) FileLinkKey(ctx context.Context) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := db.w.ExecContext(ctx, `INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING`,
		settingLinkKey, base64.StdEncoding.EncodeToString(b)); err != nil {
		return nil, fmt.Errorf("store link key: %w", err)
	}
	var v string
	if err := db.sql.QueryRowContext(ctx, `SELECT value FROM setting WHERE key = ?`, settingLinkKey).Scan(&v); err != nil {
		return nil, fmt.Errorf("read link key: %w", translate(err))
	}
	key, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("setting %s is not a valid key", settingLinkKey)
	}
	return key, nil
}
