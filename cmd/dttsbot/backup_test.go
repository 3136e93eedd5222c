package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/scheduler"
	"github.com/dttsbot/dttsbot/storage"
)

func TestBackupCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "config.yaml")
	dbPath := filepath.Join(dir, "bot.db")
	if err := os.WriteFile(cfgPath, []byte("database: "+dbPath+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(string) string { return "" }
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"-config", cfgPath, "admin", "add", "telegram:42"}, nil, &out, &errOut, env); err != nil {
		t.Fatalf("admin add: %v", err)
	}
	file := filepath.Join(dir, "copy.db")
	out.Reset()
	if err := run(ctx, []string{"-config", cfgPath, "backup", file}, nil, &out, &errOut, env); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(out.String(), "verified") {
		t.Errorf("output %q", out.String())
	}
	db, err := storage.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.CountAdmins(ctx); n != 1 || err != nil {
		t.Errorf("admins in the backup = %d, %v; want 1", n, err)
	}
	if err := run(ctx, []string{"-config", cfgPath, "backup", file}, nil, &out, &errOut, env); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	if err := run(ctx, []string{"-config", cfgPath, "backup"}, nil, &out, &errOut, env); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("backup without a file = %v, want usage", err)
	}
}

func TestSchedulerJobsFromConfig(t *testing.T) {
	cfg := defaultConfig()
	cfg.Schedules["backup"] = "off"
	cfg.Schedules["data_review"] = ""
	cfg.Holidays = []string{"2026-09-02"}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	p, _, err := loadPlan(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := &app{cfg: cfg, plan: p, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	d, err := a.schedulerDeps()
	if err != nil {
		t.Fatal(err)
	}
	s, err := scheduler.New(nil, cfg.loc, a.log, a.jobs(d))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"report_reminders", "overdue", "training_reminders", "weekly_digest", "outreach", "vacancy_reminders"}
	if got := s.Jobs(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("jobs %v, want %v", got, want)
	}
	if want := filepath.Join(filepath.Dir(cfg.Database), "backups"); d.BackupDir != want {
		t.Errorf("backup dir %q, want %q (next to the database)", d.BackupDir, want)
	}
	if d.Calendar.Working(time.Date(2026, 9, 2, 0, 0, 0, 0, cfg.loc)) {
		t.Errorf("holiday 2026-09-02 is a working day")
	}
}
