package scheduler

import (
	"fmt"
	"time"
)

// Calendar knows the working days of the commune office: Monday to Friday,
// except the configured holidays. Dates are calendar days in Loc.
type Calendar struct {
	Loc      *time.Location
	holidays map[string]bool // yyyy-mm-dd
}

// NewCalendar reads holidays as yyyy-mm-dd dates.
func NewCalendar(loc *time.Location, holidays []string) (Calendar, error) {
	c := Calendar{Loc: loc, holidays: map[string]bool{}}
	for _, h := range holidays {
		d, err := time.Parse("2006-01-02", h)
		if err != nil {
			return Calendar{}, fmt.Errorf("holiday %q: want yyyy-mm-dd", h)
		}
		c.holidays[d.Format("2006-01-02")] = true
	}
	return c, nil
}

// Day is the calendar day of t in the calendar's zone, at 00:00 there.
func (c Calendar) Day(t time.Time) time.Time {
	t = t.In(c.Loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.Loc)
}

// AddDays moves a day by n calendar days (DST-safe).
func AddDays(d time.Time, n int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()+n, 0, 0, 0, 0, d.Location())
}

// DaysBetween counts calendar days from a to b (negative when b is before a).
func DaysBetween(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// Working reports whether d is a working day.
func (c Calendar) Working(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !c.holidays[d.Format("2006-01-02")]
}

// OnOrBefore is d when it is a working day, else the last working day
// before it: where a reminder due on d goes out.
func (c Calendar) OnOrBefore(d time.Time) time.Time {
	d = c.Day(d)
	for i := 0; i < 366 && !c.Working(d); i++ {
		d = AddDays(d, -1)
	}
	return d
}
