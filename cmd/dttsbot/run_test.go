package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// The README's first experience: on a fresh database the console user is
// an admin, gets help and an invite code; then user 42 joins with it and
// sees officer commands only.
func TestConsoleOnboardingThroughRun(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, "database: "+filepath.Join(dir, "bot.db")+"\n")
	var out bytes.Buffer
	err := run(context.Background(), []string{"-config", cfg, "console"}, strings.NewReader("/start\n/help\n/moi\n1\n"), &out, &bytes.Buffer{}, env(nil))
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	got := out.String()
	for _, want := range []string{"Xin chào", "quản trị viên", "/moi — ", "/donvi — ", "Mã mời cho Phòng Văn hóa - Xã hội"} {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q:\n%s", want, got)
		}
	}
	m := regexp.MustCompile(`start=([A-Za-z0-9_-]{11,64})`).FindStringSubmatch(got)
	if m == nil {
		t.Fatalf("no invite code in output:\n%s", got)
	}
	out.Reset()
	in := "/as telegram:42\n/start " + m[1] + "\n/help\n"
	if err := run(context.Background(), []string{"console", "-config", cfg}, strings.NewReader(in), &out, &bytes.Buffer{}, env(nil)); err != nil {
		t.Fatalf("run: %v", err)
	}
	got = out.String()
	if !strings.Contains(got, "[telegram:42] Bạn đã trở thành cán bộ đầu mối của Phòng Văn hóa - Xã hội") {
		t.Errorf("42 did not join:\n%s", got)
	}
	help := got[strings.LastIndex(got, "[telegram:42] Các lệnh"):]
	if strings.Contains(help, "/moi") || strings.Contains(help, "/donvi") {
		t.Errorf("officer help lists admin commands:\n%s", help)
	}
}

func TestConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct{ body, key string }{
		{"timezone: Mars/Olympus\n", "timezone"},
		{"telegram:\n  mode: pull\n", "telegram.mode"},
		{"zalo:\n  mode: hook\n", "zalo.mode"},
		{"telegram:\n  api_endpoint: https://x/bot%s\n", "telegram.api_endpoint"},
		{"telegram:\n  file_endpoint: ftp://x\n", "telegram.file_endpoint"},
		{"zalo:\n  api_base: bot-api\n", "zalo.api_base"},
		{"admins: [\"whatsapp:1\"]\n", "admins[0]"},
		{"reporting:\n  deadline: 31-13\n", "reporting.deadline"},
		{"schedules:\n  backup: every day\n", "schedules.backup"},
		{"outreach:\n  quiet_hours: late\n", "outreach.quiet_hours"},
		{"limits:\n  telegram_per_second: -1\n", "limits.telegram_per_second"},
		{"holidays: [\"2/9\"]\n", "holidays[0]"},
		{"databse: x.db\n", "databse"},
		{"telegram:\n  token: t\n  mode: webhook\n", "telegram.webhook.url"},
	}
	for _, tc := range cases {
		p := writeConfig(t, tc.body)
		err := run(context.Background(), []string{"-config", p, "check-config"}, strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}, env(nil))
		if err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("config %q: err = %v, want one naming %s", tc.body, err, tc.key)
		}
		if err != nil && strings.Count(err.Error(), "\n") > 0 {
			t.Errorf("config error is not one line: %q", err)
		}
	}
}

func TestConfigDefaultsAndEnvSecrets(t *testing.T) {
	c, err := loadConfig(writeConfig(t, "telegram:\n  token: from-file\n"), env(map[string]string{
		"DTTSBOT_TELEGRAM_TOKEN": "from-env", "DTTSBOT_ZALO_TOKEN": "z", "DTTSBOT_ZALO_WEBHOOK_SECRET": "s3cretvalue"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Telegram.Token != "from-env" || c.Zalo.Token != "z" || c.Zalo.WebhookSecret != "s3cretvalue" {
		t.Errorf("env secrets not applied: %q %q", c.Telegram.Token, c.Zalo.Token)
	}
	if c.Telegram.Mode != "polling" || c.Zalo.Mode != "polling" || *c.Outreach.QuietHours != "21:00-07:00" ||
		c.Telegram.APIEndpoint != "https://api.telegram.org/bot%s/%s" || c.Zalo.APIBase != "https://bot-api.zaloplatforms.com" ||
		c.Timezone != "Asia/Ho_Chi_Minh" || len(c.Schedules) != len(defaultSchedules) {
		t.Errorf("defaults wrong: %+v", c)
	}
	c, err = loadConfig(writeConfig(t, "outreach:\n  quiet_hours: \"\"\n"), env(nil))
	if err != nil || *c.Outreach.QuietHours != "" {
		t.Errorf("empty quiet_hours: %v %q", err, *c.Outreach.QuietHours)
	}
}

func TestExampleConfigIsValid(t *testing.T) {
	c, err := loadConfig("../../config.example.yaml", env(nil))
	if err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	if c.Database == "" {
		t.Error("no database in example")
	}
}

func TestVersionAndMigrateAndAdminAdd(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, "database: "+filepath.Join(dir, "bot.db")+"\n")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, nil, &out, &out, env(nil)); err != nil || !strings.HasPrefix(out.String(), "dttsbot ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"-config", cfg, "migrate"}, nil, &out, &out, env(nil)); err != nil || !strings.Contains(out.String(), "schema version") {
		t.Errorf("migrate: %v %q", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"-config", cfg, "admin", "add", "telegram:77"}, nil, &out, &out, env(nil)); err != nil {
		t.Errorf("admin add: %v", err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"-config", cfg, "invite", "tramyte"}, nil, &out, &out, env(nil)); err != nil || !strings.Contains(out.String(), "Trạm Y tế") {
		t.Errorf("invite: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"-config", cfg, "invite", "nope"}, nil, &out, &out, env(nil)); err == nil {
		t.Error("invite of an unknown unit succeeded")
	}
	out.Reset()
	in := "/as telegram:77\n/help\n"
	if err := run(context.Background(), []string{"-config", cfg, "console"}, strings.NewReader(in), &out, &out, env(nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "/moi — ") {
		t.Errorf("telegram:77 is not admin after admin add:\n%s", out.String())
	}
}
