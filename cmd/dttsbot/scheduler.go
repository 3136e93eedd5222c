package main

import (
	"context"
	"path/filepath"

	"github.com/dttsbot/dttsbot/handlers"
	"github.com/dttsbot/dttsbot/scheduler"
)

// schedulerDeps builds what the built-in jobs need from the config.
func (a *app) schedulerDeps() (*scheduler.Deps, error) {
	cal, err := scheduler.NewCalendar(a.cfg.loc, a.cfg.Holidays)
	if err != nil {
		return nil, err
	}
	return &scheduler.Deps{
		DB:               a.db,
		Plan:             a.plan,
		Calendar:         cal,
		Log:              a.log,
		RemindDaysBefore: a.cfg.Reporting.RemindDaysBefore,
		OverdueEveryDays: a.cfg.Reporting.OverdueEveryDays,
		BackupDir:        backupDir(a.cfg),
		BackupKeep:       a.cfg.Backup.Keep,
	}, nil
}

// backupDir is backup.dir; a relative one is taken from the database's
// folder, so the default ./backups sits next to the database whatever the
// working directory.
func backupDir(cfg *Config) string {
	if filepath.IsAbs(cfg.Backup.Dir) {
		return cfg.Backup.Dir
	}
	return filepath.Join(filepath.Dir(cfg.Database), cfg.Backup.Dir)
}

// jobs lists every scheduled job of SPEC §6 with its spec from config
// schedules.* ("" or "off" disables one).
func (a *app) jobs(d *scheduler.Deps) []scheduler.Job {
	jobs := scheduler.Builtin(d, a.cfg.Schedules)
	// --- outreach jobs (issue 7: scheduled announcements, vacancy reminders) ---
	from, to := quietHours(a.cfg)
	jobs = append(jobs, scheduler.OutreachJobs(scheduler.OutreachDeps{DB: d.DB, Log: d.Log, Loc: a.cfg.loc,
		QuietFrom: from, QuietTo: to, VacancyReminder: handlers.VacancyReminderText, Now: d.Now}, a.cfg.Schedules)...)
	return jobs
}

// startScheduler starts the cron jobs of SPEC §6 in the configured time
// zone, after catching up (in the background) the latest run of each job
// missed while the bot was down. Messages the jobs queue wake the channel
// senders. It returns a function that stops the jobs and waits for them.
func (a *app) startScheduler(ctx context.Context) (stop func(), err error) {
	d, err := a.schedulerDeps()
	if err != nil {
		return nil, err
	}
	s, err := scheduler.New(a.db, a.cfg.loc, a.log, a.jobs(d))
	if err != nil {
		return nil, err
	}
	s.AfterRun = func(string) {
		for _, snd := range a.senders {
			snd.Notify()
		}
	}
	s.Observe = a.metrics.observeJob
	s.Start(ctx)
	a.log.Info("scheduler started", "jobs", s.Jobs(), "timezone", a.cfg.loc.String())
	return s.Stop, nil
}
