package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Secrets the fuzzed loads get from the environment: no error may show them.
var fuzzEnv = map[string]string{
	"DTTSBOT_TELEGRAM_TOKEN":          "123456:SECRET-telegram-token",
	"DTTSBOT_ZALO_TOKEN":              "SECRET-zalo-token",
	"DTTSBOT_ZALO_WEBHOOK_SECRET":     "SECRET-zalo-webhook",
	"DTTSBOT_TELEGRAM_WEBHOOK_SECRET": "SECRET-tg-webhook",
}

// FuzzLoadConfig writes arbitrary bytes as the config file: loadConfig
// never panics; it accepts a config that validates, or refuses with one
// line naming the file or key (SPEC §8) that shows no secret of the
// environment.
func FuzzLoadConfig(f *testing.F) {
	if b, err := os.ReadFile("../../config.example.yaml"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{"", "---\n", "---\n---\n", "database: x\n---\ndatabase: y\n", "foo: 1\n", "limits:\n  workers: abc\n",
		"admins: [telegram:1, zalo:abc, 'x y']\n", "admins: x\n", "telegram: [1]\n", "telegram:\n  mode: webhook\n",
		"zalo:\n  mode: webhook\n  webhook_url: https://x\n", "http:\n  link_ttl: -1h\n", "reporting:\n  deadline: \"31-02\"\n",
		"schedules:\n  backup: \"61 * * * *\"\n", "schedules:\n  nope: off\n", "holidays: [2026-02-30]\n", "outreach:\n  quiet_hours: \"25:00-07:00\"\n",
		"timezone: ../../etc/passwd\n", "a: &a [*a, *a]\nb: *a\n", "\t", "\xff\xfe", "{", "limits: {workers: 1e309}\n"} {
		f.Add([]byte(s))
	}
	path := filepath.Join(f.TempDir(), "config.yaml")
	getenv := func(k string) string { return fuzzEnv[k] }
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := loadConfig(path, getenv)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "config") {
				t.Fatalf("error is not one line starting with config: %q", msg)
			}
			for _, s := range fuzzEnv {
				if strings.Contains(msg, s) && !strings.Contains(string(b), s) {
					t.Fatalf("error shows a secret of the environment: %q", msg)
				}
			}
			return
		}
		if c.loc == nil || c.Limits.Workers < 1 || c.Invites.TTL <= 0 || c.HTTP.LinkTTL <= 0 {
			t.Fatalf("accepted config is incomplete: %+v", c)
		}
		if err := c.validate(); err != nil {
			t.Fatalf("accepted config no longer validates: %v", err)
		}
		if c.Telegram.Token != fuzzEnv["DTTSBOT_TELEGRAM_TOKEN"] {
			t.Fatalf("the environment's token did not win: %q", c.Telegram.Token)
		}
	})
}

// FuzzParseQuietHours: accepted quiet hours are minutes within a day.
func FuzzParseQuietHours(f *testing.F) {
	for _, s := range []string{"21:00-07:00", "00:00-00:00", " 21:00 - 07:00 ", "24:00-07:00", "21:00", "21:00-07:00-08:00", "9:5-7:3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		from, to, err := ParseQuietHours(s)
		if err == nil && (from < 0 || from >= 24*60 || to < 0 || to >= 24*60) {
			t.Fatalf("ParseQuietHours(%q) = %d, %d", s, from, to)
		}
	})
}

// TestConfigTypeErrorsNameTheKey: a value of the wrong type is refused in one
// line that names the key, without repeating the value.
func TestConfigTypeErrorsNameTheKey(t *testing.T) {
	cases := map[string]string{
		"limits:\n  workers: abc\n  send_concurrency: xyz\n": "line 2: limits.workers: want a whole number",
		"admins: x\n":                   "line 1: admins: want a list",
		"telegram: [1]\n":               "line 1: telegram: want a section of keys",
		"admins:\n  - [telegram:1]\n":   "line 2: admins[0]: want a text",
		"database: a\n---\ndatabase: b": "more than one YAML document",
	}
	for body, want := range cases {
		_, err := loadConfig(writeConfig(t, body), env(nil))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("config %q: error %v, want one line with %q", body, err, want)
		}
		if err != nil && (strings.Contains(err.Error(), "abc") || strings.Contains(err.Error(), "struct")) {
			t.Errorf("config %q: error %q repeats the value or a Go type", body, err)
		}
	}
}

// TestConfigBlankSectionsKeepDefaults: a section left blank (its lines
// commented out) is null in YAML; the defaults stay, and nothing panics.
func TestConfigBlankSectionsKeepDefaults(t *testing.T) {
	c, err := loadConfig(writeConfig(t, "schedules:\noutreach:\n  quiet_hours:\nlimits:\n"), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Schedules["backup"] != defaultSchedules["backup"] || c.Outreach.QuietHours == nil ||
		*c.Outreach.QuietHours != "21:00-07:00" || c.Limits.Workers != 16 {
		t.Errorf("blank sections lost their defaults: schedules %v, quiet hours %v, workers %d", c.Schedules, c.Outreach.QuietHours, c.Limits.Workers)
	}
}

// TestConfigTelegramSecretCharacters: Telegram refuses a secret_token with
// other characters than A-Za-z0-9_-, so the config does, at start, without
// showing it.
func TestConfigTelegramSecretCharacters(t *testing.T) {
	body := "http:\n  listen: :8080\ntelegram:\n  token: t\n  mode: webhook\n  webhook:\n    url: https://x/tg\n    secret: \"abc def!ghij\"\n"
	_, err := loadConfig(writeConfig(t, body), env(nil))
	if err == nil || !strings.Contains(err.Error(), "telegram.webhook.secret") || strings.Contains(err.Error(), "abc def") {
		t.Errorf("err = %v, want one naming telegram.webhook.secret without the secret", err)
	}
	_, err = loadConfig(writeConfig(t, strings.Replace(body, "abc def!ghij", "abc_def-ghij", 1)), env(nil))
	if err != nil {
		t.Errorf("a valid secret: %v", err)
	}
}
