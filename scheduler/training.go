package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// TrainingReminders tells a unit's officers, the day before, which
// registered trainings (status registered) of their staff start tomorrow:
// one message per unit and day listing each course and its participants.
//
// Dedup key: training:<unit code>:<yyyy-mm-dd of the start>:<channel>:<chat>.
func (d *Deps) TrainingReminders(spec string) Job {
	return Job{Name: JobTrainingReminders, Spec: spec, Run: d.trainingReminders}
}

func (d *Deps) trainingReminders(ctx context.Context, at time.Time) error {
	tomorrow := AddDays(d.Calendar.Day(at), 1)
	ts, err := d.DB.TrainingsStarting(ctx, tomorrow)
	if err != nil {
		return fmt.Errorf("training reminders: %w", err)
	}
	// Group by unit, then by course (the query orders by unit and course).
	type course struct{ name, organiser string }
	byUnit := map[int64][]course{}
	people := map[int64]map[course][]string{}
	var order []int64
	for _, t := range ts {
		c := course{t.Course, t.Organiser}
		if people[t.UnitID] == nil {
			people[t.UnitID] = map[course][]string{}
			order = append(order, t.UnitID)
		}
		if people[t.UnitID][c] == nil {
			byUnit[t.UnitID] = append(byUnit[t.UnitID], c)
		}
		people[t.UnitID][c] = append(people[t.UnitID][c], t.StaffName)
	}
	var msgs []storage.OutMsg
	for _, uid := range order {
		u, err := d.DB.Unit(ctx, uid)
		if err != nil {
			return fmt.Errorf("training reminders: unit %d: %w", uid, err)
		}
		ids, err := d.DB.UnitOfficers(ctx, uid)
		if err != nil {
			return fmt.Errorf("training reminders: officers of %s: %w", u.Code, err)
		}
		lines := []string{fmt.Sprintf(msgTrainingHead, dmy(tomorrow))}
		for _, c := range byUnit[uid] {
			org := ""
			if c.organiser != "" {
				org = fmt.Sprintf(msgTrainingOrg, c.organiser)
			}
			lines = append(lines, fmt.Sprintf(msgTrainingLine, c.name, org, strings.Join(people[uid][c], ", ")))
		}
		lines = append(lines, msgTrainingTail)
		key := fmt.Sprintf("training:%s:%s:", u.Code, tomorrow.Format("2006-01-02"))
		msgs = append(msgs, toEach(ids, key, strings.Join(lines, "\n"))...)
	}
	return d.enqueue(ctx, JobTrainingReminders, msgs)
}
