package scheduler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// OutreachDeps is what the outreach jobs need.
type OutreachDeps struct {
	DB  *storage.DB
	Log *slog.Logger
	// Loc is the commune's time zone: cron schedules of announcements and
	// quiet hours are read in it.
	Loc *time.Location
	// QuietFrom and QuietTo are the residents' quiet hours in minutes after
	// midnight (equal: none), as handlers.Deps has them.
	QuietFrom, QuietTo int
	// VacancyReminder is the reminder text (handlers.VacancyReminderText):
	// position, deadline date, contact, vacancy number.
	VacancyReminder string
	// Queued, when set, is told that messages were queued on a channel
	// (wakes its sender).
	Queued func(channel string)
	// Now is the clock (DB.Now when nil).
	Now func() time.Time
}

// Outreach job names, as in config schedules.*.
const (
	JobOutreach         = "outreach"
	JobVacancyReminders = "vacancy_reminders"
)

// OutreachJobs builds the outreach jobs with their specs from specs (config
// schedules.*; a missing key keeps the default, "" or "off" leaves the job
// out): "outreach" (default every minute: scheduled announcements) and
// "vacancy_reminders" (default 08:00 daily: interested residents, 3 days
// before a deadline).
func OutreachJobs(d OutreachDeps, specs map[string]string) []Job {
	var out []Job
	for _, j := range []Job{OutreachJob(d), VacancyReminderJob(d)} {
		if spec, ok := specs[j.Name]; ok {
			j.Spec = spec
		}
		if !Disabled(j.Spec) {
			out = append(out, j)
		}
	}
	return out
}

func (d OutreachDeps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return d.DB.Now()
}

func (d OutreachDeps) loc() *time.Location {
	if d.Loc == nil {
		return time.UTC
	}
	return d.Loc
}

func (d OutreachDeps) quiet() storage.QuietHours {
	return storage.QuietHours{From: d.QuietFrom, To: d.QuietTo, Loc: d.loc()}
}

func (d OutreachDeps) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

// OutreachJob queues the scheduled announcements due at the run's time: a
// one-off one whose send_at has come, and for a recurring one the latest
// cron occurrence not yet queued (a run missed while the bot was down is
// sent once, late, not once per missed occurrence). Every message carries a
// dedup key of (announcement, chat, occurrence), so re-running for the same
// at never doubles a message.
func OutreachJob(d OutreachDeps) Job {
	return Job{Name: JobOutreach, Spec: "* * * * *", Run: func(ctx context.Context, at time.Time) error {
		as, err := d.DB.ScheduledAnnouncements(ctx)
		if err != nil {
			return fmt.Errorf("list scheduled announcements: %w", err)
		}
		var errs []error
		for _, a := range as {
			if err := d.queueDue(ctx, a, at); err != nil {
				errs = append(errs, fmt.Errorf("announcement %d: %w", a.ID, err))
			}
		}
		return errors.Join(errs...)
	}}
}

func (d OutreachDeps) queueDue(ctx context.Context, a storage.Announcement, at time.Time) error {
	q := storage.Queue{Payload: bot.EncodeReply(AnnouncementReply(a)), Quiet: d.quiet(), At: later(at, d.now())}
	if a.Schedule == "" {
		if a.SendAt.IsZero() || a.SendAt.After(at) {
			return nil
		}
		return d.queue(ctx, a.ID, q)
	}
	occ, err := lastOccurrence(a, at, d.loc())
	if err != nil || occ.IsZero() {
		return err
	}
	q.Occurrence = occ
	return d.queue(ctx, a.ID, q)
}

func (d OutreachDeps) queue(ctx context.Context, id int64, q storage.Queue) error {
	n, err := d.DB.QueueAnnouncement(ctx, id, q)
	if err != nil {
		return err
	}
	d.log().Info("announcement queued", "job", "outreach", "announcement", id, "messages", n)
	if n > 0 && d.Queued != nil {
		for _, ch := range []string{"telegram", "zalo", "console"} {
			d.Queued(ch)
		}
	}
	return nil
}

// lastOccurrence is the latest occurrence of a's cron schedule after the
// one it last queued (or its creation) and not after at; zero when none.
func lastOccurrence(a storage.Announcement, at time.Time, loc *time.Location) (time.Time, error) {
	s, err := cron.ParseStandard(a.Schedule)
	if err != nil {
		return time.Time{}, fmt.Errorf("schedule %q: %w", a.Schedule, err)
	}
	from := a.LastOccurrence
	if from.IsZero() {
		from = a.CreatedAt
	}
	var last time.Time
	for t, i := s.Next(from.In(loc)), 0; !t.IsZero() && !t.After(at) && i < 100000; t, i = s.Next(t), i+1 {
		last = t
	}
	return last, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// AnnouncementReply is the message an announcement sends: its text and, if
// any, its photo (a platform file reference kept as a bot.FileRef in JSON;
// it travels in Attachment.URL, where Telegram accepts a file id or a URL).
// It must match what handlers queue for "send now".
func AnnouncementReply(a storage.Announcement) bot.Reply {
	r := bot.Reply{Text: a.Body}
	if a.Photo == "" {
		return r
	}
	var ref bot.FileRef
	if json.Unmarshal([]byte(a.Photo), &ref) != nil || (ref.URL == "" && ref.ID == "") {
		return r
	}
	p := &bot.Attachment{Name: ref.Name, MIME: ref.MIME, URL: ref.URL}
	if p.URL == "" {
		p.URL = ref.ID
	}
	if p.Name == "" {
		p.Name = "thongbao.jpg"
	}
	r.Photo = p
	return r
}
