// Package scheduler runs the bot's own work on cron schedules (SPEC §6):
// reminders, digests, data review, scheduled outreach and backups. Each job
// is a short function over storage that queues messages in the outbox.
package scheduler

import (
	"context"
	"time"
)

// Job is one scheduled task. Run is called with the time the run was
// scheduled for (not the wall clock), so a caught-up run behaves as the
// missed one would have; it must be idempotent for a given at.
type Job struct {
	Name string
	Spec string // cron spec from config schedules.<name>; "" or "off" disables it
	Run  func(ctx context.Context, at time.Time) error
}
