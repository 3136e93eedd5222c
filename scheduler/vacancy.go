package scheduler

import (
	"context"
	"fmt"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// VacancyReminderDays is how many days before a vacancy's application
// deadline interested residents are reminded.
const VacancyReminderDays = 3

// VacancyReminderJob reminds the residents who said "Quan tâm" to an open
// vacancy, VacancyReminderDays days before its deadline. A run on a later
// day, up to the deadline, still sends a reminder not sent yet (catch-up);
// the dedup key "vac:<vacancy>:<person>" makes it once per vacancy and
// person, whatever the re-runs and restarts. Opted-out and blocked residents
// are skipped; quiet hours hold the message as for announcements.
func VacancyReminderJob(d OutreachDeps) Job {
	return Job{Name: JobVacancyReminders, Spec: "0 8 * * *", Run: func(ctx context.Context, at time.Time) error {
		if d.VacancyReminder == "" {
			return fmt.Errorf("vacancy_reminders: no reminder text configured")
		}
		lt := at.In(d.loc())
		today := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, time.UTC)
		leads, err := d.DB.LeadsToRemind(ctx, today, today.AddDate(0, 0, VacancyReminderDays))
		if err != nil {
			return fmt.Errorf("list leads to remind: %w", err)
		}
		release := d.quiet().Release(later(at, d.now()))
		var msgs []storage.OutMsg
		contacts := map[int64]string{}
		for _, l := range leads {
			contact, ok := contacts[l.VacancyID]
			if !ok {
				v, err := d.DB.Vacancy(ctx, l.VacancyID)
				if err != nil {
					return err
				}
				contact = v.Contact
				contacts[l.VacancyID] = contact
			}
			text := fmt.Sprintf(d.VacancyReminder, l.Position, l.Deadline.Format("02/01/2006"), contact, l.VacancyID)
			msgs = append(msgs, storage.OutMsg{Channel: l.Channel, ChatID: l.ChatID, Priority: 1, NotBefore: release,
				Payload:  bot.EncodeReply(bot.Reply{Text: text}),
				DedupKey: fmt.Sprintf("vac:%d:%d", l.VacancyID, l.PersonID)})
		}
		n, err := d.DB.Enqueue(ctx, msgs)
		if err != nil {
			return fmt.Errorf("queue vacancy reminders: %w", err)
		}
		if n > 0 {
			d.log().Info("vacancy reminders queued", "job", "vacancy_reminders", "messages", n)
			if d.Queued != nil {
				for _, ch := range []string{"telegram", "zalo", "console"} {
					d.Queued(ch)
				}
			}
		}
		return nil
	}}
}
