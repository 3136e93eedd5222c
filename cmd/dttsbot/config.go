package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/dttsbot/dttsbot/plan"
)

// Config is the whole configuration (config.example.yaml documents each key).
type Config struct {
	Database string   `yaml:"database"`
	Timezone string   `yaml:"timezone"`
	Plan     string   `yaml:"plan"`
	Admins   []string `yaml:"admins"`
	LogLevel string   `yaml:"log_level"`
	Telegram struct {
		Token        string        `yaml:"token"`
		APIEndpoint  string        `yaml:"api_endpoint"`
		FileEndpoint string        `yaml:"file_endpoint"`
		Mode         string        `yaml:"mode"`
		PollTimeout  int           `yaml:"poll_timeout"`
		CallTimeout  time.Duration `yaml:"call_timeout"`
		Webhook      struct {
			URL    string `yaml:"url"`
			Secret string `yaml:"secret"`
			Path   string `yaml:"path"`
		} `yaml:"webhook"`
	} `yaml:"telegram"`
	Zalo struct {
		Token         string        `yaml:"token"`
		APIBase       string        `yaml:"api_base"`
		Mode          string        `yaml:"mode"`
		PollTimeout   int           `yaml:"poll_timeout"`
		CallTimeout   time.Duration `yaml:"call_timeout"`
		WebhookURL    string        `yaml:"webhook_url"`
		WebhookSecret string        `yaml:"webhook_secret"`
		WebhookPath   string        `yaml:"webhook_path"`
	} `yaml:"zalo"`
	HTTP struct {
		Listen    string        `yaml:"listen"`
		PublicURL string        `yaml:"public_url"`
		LinkKey   string        `yaml:"link_key"`
		LinkTTL   time.Duration `yaml:"link_ttl"`
	} `yaml:"http"`
	Reporting struct {
		Deadline         string `yaml:"deadline"`
		RemindDaysBefore []int  `yaml:"remind_days_before"`
		OverdueEveryDays int    `yaml:"overdue_every_days"`
	} `yaml:"reporting"`
	Invites struct {
		TTL time.Duration `yaml:"ttl"`
	} `yaml:"invites"`
	Schedules map[string]string `yaml:"schedules"`
	Holidays  []string          `yaml:"holidays"`
	Backup    struct {
		Dir  string `yaml:"dir"`
		Keep int    `yaml:"keep"`
	} `yaml:"backup"`
	Outreach struct {
		QuietHours *string `yaml:"quiet_hours"`
	} `yaml:"outreach"`
	Limits struct {
		TelegramPerSecond   float64 `yaml:"telegram_per_second"`
		TelegramPerChat     float64 `yaml:"telegram_per_chat_per_second"`
		TelegramGroupPerMin float64 `yaml:"telegram_group_per_minute"`
		ZaloPerSecond       float64 `yaml:"zalo_per_second"`
		SendConcurrency     int     `yaml:"send_concurrency"`
		Workers             int     `yaml:"workers"`
	} `yaml:"limits"`

	loc *time.Location
}

// defaultSchedules are the jobs of SPEC §6 with their default cron specs.
var defaultSchedules = map[string]string{
	"report_reminders":   "0 8 * * *",
	"overdue":            "5 8 * * *",
	"data_review":        "0 8 1 1,4,7,10 *",
	"training_reminders": "0 16 * * *",
	"outreach":           "* * * * *",
	"vacancy_reminders":  "0 8 * * *",
	"backup":             "30 2 * * *",
	"weekly_digest":      "30 7 * * 1",
}

// defaultConfig returns a config with every key at its default.
func defaultConfig() *Config {
	c := &Config{}
	c.Database = "./dttsbot.db"
	c.Timezone = "Asia/Ho_Chi_Minh"
	c.LogLevel = "info"
	c.Telegram.APIEndpoint = "https://api.telegram.org/bot%s/%s"
	c.Telegram.FileEndpoint = "https://api.telegram.org/file/bot%s/%s"
	c.Telegram.Mode = "polling"
	c.Telegram.PollTimeout = 30
	c.Telegram.CallTimeout = 30 * time.Second
	c.Telegram.Webhook.Path = "/telegram/webhook"
	c.Zalo.APIBase = "https://bot-api.zaloplatforms.com"
	c.Zalo.Mode = "polling"
	c.Zalo.PollTimeout = 30
	c.Zalo.CallTimeout = 20 * time.Second
	c.Zalo.WebhookPath = "/zalo/webhook"
	c.HTTP.LinkTTL = 24 * time.Hour
	c.Reporting.RemindDaysBefore = []int{14, 7, 3, 1, 0}
	c.Reporting.OverdueEveryDays = 2
	c.Invites.TTL = 7 * 24 * time.Hour
	c.Schedules = map[string]string{}
	for k, v := range defaultSchedules {
		c.Schedules[k] = v
	}
	c.Backup.Dir = "./backups"
	c.Backup.Keep = 7
	qh := "21:00-07:00"
	c.Outreach.QuietHours = &qh
	c.Limits.TelegramPerSecond = 30
	c.Limits.TelegramPerChat = 1
	c.Limits.TelegramGroupPerMin = 20
	c.Limits.ZaloPerSecond = 10
	c.Limits.SendConcurrency = 8
	c.Limits.Workers = 16
	return c
}

// loadConfig reads path (or ./config.yaml when path is empty and the file
// exists), applies the environment's secrets and validates. Errors name the
// key and what is expected, in one line.
func loadConfig(path string, getenv func(string) string) (*Config, error) {
	c := defaultConfig()
	explicit := path != ""
	if path == "" {
		path = "config.yaml"
	}
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(c); err != nil && !errors.Is(err, errEOF(err)) {
			return nil, fmt.Errorf("config %s: %s", path, yamlError(b, err))
		}
		if err := dec.Decode(&yaml.Node{}); !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("config %s: more than one YAML document (a second \"---\"); keep one", path)
		}
	case explicit || !os.IsNotExist(err):
		return nil, fmt.Errorf("config: cannot read %s: %v", path, err)
	}
	// A key left blank ("schedules:" with every line commented out) is
	// null in YAML: it keeps the defaults rather than emptying them.
	if c.Schedules == nil {
		c.Schedules = map[string]string{}
	}
	if c.Outreach.QuietHours == nil {
		c.Outreach.QuietHours = defaultConfig().Outreach.QuietHours
	}
	for k, v := range defaultSchedules {
		if _, ok := c.Schedules[k]; !ok {
			c.Schedules[k] = v
		}
	}
	if v := getenv("DTTSBOT_TELEGRAM_TOKEN"); v != "" {
		c.Telegram.Token = v
	}
	if v := getenv("DTTSBOT_ZALO_TOKEN"); v != "" {
		c.Zalo.Token = v
	}
	if v := getenv("DTTSBOT_ZALO_WEBHOOK_SECRET"); v != "" {
		c.Zalo.WebhookSecret = v
	}
	if v := getenv("DTTSBOT_TELEGRAM_WEBHOOK_SECRET"); v != "" {
		c.Telegram.Webhook.Secret = v
	}
	if v := getenv("DTTSBOT_DATABASE"); v != "" {
		c.Database = v
	}
	return c, c.validate()
}

func errEOF(err error) error {
	if err != nil && err.Error() == "EOF" {
		return err
	}
	return errors.New("not eof")
}

var channelIDRe = regexp.MustCompile(`^(telegram|zalo|console):[A-Za-z0-9_-]{1,64}$`)

// secretTokenRe is what Telegram accepts as a webhook's secret_token.
var secretTokenRe = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func (c *Config) validate() error {
	bad := func(key, want string, got any) error {
		return fmt.Errorf("config: %s: %v — %s", key, got, want)
	}
	if strings.TrimSpace(c.Database) == "" {
		return bad("database", "want a file path, e.g. ./dttsbot.db", `""`)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		return bad("timezone", "want an IANA zone name, e.g. Asia/Ho_Chi_Minh", fmt.Sprintf("%q", c.Timezone))
	}
	c.loc = loc
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return bad("log_level", "want debug, info, warn or error", fmt.Sprintf("%q", c.LogLevel))
	}
	for i, a := range c.Admins {
		if !channelIDRe.MatchString(a) {
			return bad(fmt.Sprintf("admins[%d]", i), "want telegram:<id> or zalo:<id>", fmt.Sprintf("%q", a))
		}
	}
	if strings.Count(c.Telegram.APIEndpoint, "%s") != 2 || !strings.HasPrefix(c.Telegram.APIEndpoint, "http") {
		return bad("telegram.api_endpoint", `want a URL with two %s, e.g. "https://api.telegram.org/bot%s/%s"`, fmt.Sprintf("%q", c.Telegram.APIEndpoint))
	}
	if strings.Count(c.Telegram.FileEndpoint, "%s") != 2 || !strings.HasPrefix(c.Telegram.FileEndpoint, "http") {
		return bad("telegram.file_endpoint", `want a URL with two %s, e.g. "https://api.telegram.org/file/bot%s/%s"`, fmt.Sprintf("%q", c.Telegram.FileEndpoint))
	}
	for key, mode := range map[string]string{"telegram.mode": c.Telegram.Mode, "zalo.mode": c.Zalo.Mode} {
		if mode != "polling" && mode != "webhook" {
			return bad(key, `want "polling" or "webhook"`, fmt.Sprintf("%q", mode))
		}
	}
	if c.Telegram.PollTimeout < 0 || c.Telegram.PollTimeout > 50 {
		return bad("telegram.poll_timeout", "want seconds between 0 and 50", c.Telegram.PollTimeout)
	}
	if c.Zalo.PollTimeout < 0 || c.Zalo.PollTimeout > 60 {
		return bad("zalo.poll_timeout", "want seconds between 0 and 60", c.Zalo.PollTimeout)
	}
	for key, d := range map[string]time.Duration{"telegram.call_timeout": c.Telegram.CallTimeout, "zalo.call_timeout": c.Zalo.CallTimeout} {
		if d < 100*time.Millisecond || d > 5*time.Minute {
			return bad(key, "want a duration between 100ms and 5m, e.g. 30s", d)
		}
	}
	if !strings.HasPrefix(c.Zalo.APIBase, "http://") && !strings.HasPrefix(c.Zalo.APIBase, "https://") {
		return bad("zalo.api_base", "want a URL, e.g. https://bot-api.zaloplatforms.com", fmt.Sprintf("%q", c.Zalo.APIBase))
	}
	if c.Telegram.Mode == "webhook" && c.Telegram.Token != "" {
		if c.Telegram.Webhook.URL == "" {
			return bad("telegram.webhook.url", "want the public https URL of the webhook in webhook mode", `""`)
		}
		if len(c.Telegram.Webhook.Secret) < 8 || len(c.Telegram.Webhook.Secret) > 256 || !secretTokenRe.MatchString(c.Telegram.Webhook.Secret) {
			return bad("telegram.webhook.secret", "want 8–256 characters of A-Za-z0-9_- in webhook mode", "(hidden)")
		}
		if c.HTTP.Listen == "" {
			return bad("http.listen", "want an address such as :8080 in webhook mode", `""`)
		}
	}
	if c.Zalo.Mode == "webhook" && c.Zalo.Token != "" {
		if c.Zalo.WebhookURL == "" {
			return bad("zalo.webhook_url", "want the public https URL of the webhook in webhook mode", `""`)
		}
		if len(c.Zalo.WebhookSecret) < 8 || len(c.Zalo.WebhookSecret) > 256 {
			return bad("zalo.webhook_secret", "want 8–256 characters in webhook mode", "(hidden)")
		}
		if c.HTTP.Listen == "" {
			return bad("http.listen", "want an address such as :8080 in webhook mode", `""`)
		}
	}
	if c.HTTP.PublicURL != "" && !strings.HasPrefix(c.HTTP.PublicURL, "http") {
		return bad("http.public_url", "want a URL, e.g. https://bot.example.gov.vn", fmt.Sprintf("%q", c.HTTP.PublicURL))
	}
	if c.HTTP.LinkTTL <= 0 {
		return bad("http.link_ttl", "want a positive duration, e.g. 24h", c.HTTP.LinkTTL)
	}
	if c.Reporting.Deadline != "" {
		if _, _, err := plan.ParseDeadline(c.Reporting.Deadline); err != nil {
			return bad("reporting.deadline", `want "dd-mm", e.g. "10-10"`, fmt.Sprintf("%q", c.Reporting.Deadline))
		}
	}
	for i, d := range c.Reporting.RemindDaysBefore {
		if d < 0 || d > 365 {
			return bad(fmt.Sprintf("reporting.remind_days_before[%d]", i), "want days between 0 and 365", d)
		}
	}
	if c.Reporting.OverdueEveryDays < 1 {
		return bad("reporting.overdue_every_days", "want 1 or more", c.Reporting.OverdueEveryDays)
	}
	if c.Invites.TTL <= 0 {
		return bad("invites.ttl", "want a positive duration, e.g. 168h", c.Invites.TTL)
	}
	parser := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	for k, spec := range c.Schedules {
		if _, ok := defaultSchedules[k]; !ok {
			return bad("schedules."+k, "unknown job; want one of report_reminders, overdue, data_review, training_reminders, outreach, vacancy_reminders, backup, weekly_digest", fmt.Sprintf("%q", spec))
		}
		if spec == "" || spec == "off" {
			continue
		}
		if _, err := parser.Parse(spec); err != nil {
			return bad("schedules."+k, `want a cron spec such as "0 8 * * *" or "off"`, fmt.Sprintf("%q", spec))
		}
	}
	for i, h := range c.Holidays {
		if _, err := time.Parse("2006-01-02", h); err != nil {
			return bad(fmt.Sprintf("holidays[%d]", i), "want a date yyyy-mm-dd", fmt.Sprintf("%q", h))
		}
	}
	if c.Backup.Keep < 1 {
		return bad("backup.keep", "want 1 or more", c.Backup.Keep)
	}
	if c.Outreach.QuietHours != nil && *c.Outreach.QuietHours != "" {
		if _, _, err := ParseQuietHours(*c.Outreach.QuietHours); err != nil {
			return bad("outreach.quiet_hours", `want "HH:MM-HH:MM", e.g. "21:00-07:00", or "" for none`, fmt.Sprintf("%q", *c.Outreach.QuietHours))
		}
	}
	for key, v := range map[string]float64{"limits.telegram_per_second": c.Limits.TelegramPerSecond,
		"limits.telegram_per_chat_per_second": c.Limits.TelegramPerChat, "limits.telegram_group_per_minute": c.Limits.TelegramGroupPerMin,
		"limits.zalo_per_second": c.Limits.ZaloPerSecond} {
		if v < 0 {
			return bad(key, "want 0 (no limit) or a positive rate", v)
		}
	}
	if c.Limits.Workers < 1 || c.Limits.Workers > 1024 {
		return bad("limits.workers", "want between 1 and 1024", c.Limits.Workers)
	}
	if c.Limits.SendConcurrency < 1 || c.Limits.SendConcurrency > 256 {
		return bad("limits.send_concurrency", "want between 1 and 256", c.Limits.SendConcurrency)
	}
	return nil
}

// ParseQuietHours reads "HH:MM-HH:MM" into minutes after midnight.
func ParseQuietHours(s string) (from, to int, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("want HH:MM-HH:MM")
	}
	pa, err1 := time.Parse("15:04", strings.TrimSpace(a))
	pb, err2 := time.Parse("15:04", strings.TrimSpace(b))
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("want HH:MM-HH:MM")
	}
	return pa.Hour()*60 + pa.Minute(), pb.Hour()*60 + pb.Minute(), nil
}
