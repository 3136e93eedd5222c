package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Vacancy statuses.
const (
	VacancyOpen   = "open"
	VacancyClosed = "closed"
)

// Vacancy is a recruitment opening (SPEC §5, Vacancies). Deadline is the
// last day to apply, a calendar date (00:00 UTC); zero means none.
type Vacancy struct {
	ID           int64
	Position     string
	UnitID       int64
	UnitName     string // read only
	Quota        int
	Requirements string
	Deadline     time.Time
	Contact      string
	PriorityNote string
	Status       string
	CreatedBy    int64
	CreatedAt    time.Time
	ClosedAt     time.Time
	PublishedAt  time.Time
	Leads        int // read only: residents who said "interested"
}

const vacancyCols = `v.id, v.position, COALESCE(v.unit_id, 0), COALESCE(u.name, ''), v.quota, v.requirements, v.deadline,
	v.contact, v.priority_note, v.status, COALESCE(v.created_by, 0), v.created_at, v.closed_at, v.published_at,
	(SELECT COUNT(*) FROM candidate c WHERE c.vacancy_id = v.id AND c.person_id IS NOT NULL)`

const vacancyFrom = ` FROM vacancy v LEFT JOIN unit u ON u.id = v.unit_id `

func scanVacancy(sc interface{ Scan(...any) error }) (Vacancy, error) {
	var v Vacancy
	var deadline, created, closed, published sql.NullString
	err := sc.Scan(&v.ID, &v.Position, &v.UnitID, &v.UnitName, &v.Quota, &v.Requirements, &deadline, &v.Contact,
		&v.PriorityNote, &v.Status, &v.CreatedBy, &created, &closed, &published, &v.Leads)
	if err != nil {
		return v, translate(err)
	}
	v.Deadline = parseDate(deadline)
	v.CreatedAt, v.ClosedAt, v.PublishedAt = parseTime(created), parseTime(closed), parseTime(published)
	return v, nil
}

// CreateVacancy saves an open vacancy and returns its id.
func (db *DB) CreateVacancy(ctx context.Context, v Vacancy) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		var unit, by any
		if v.UnitID != 0 {
			unit = v.UnitID
		}
		if v.CreatedBy != 0 {
			by = v.CreatedBy
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO vacancy(position, unit_id, quota, requirements, deadline, contact, priority_note,
			status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
			v.Position, unit, v.Quota, v.Requirements, fmtDate(v.Deadline), v.Contact, v.PriorityNote, by, now)
		if err != nil {
			return fmt.Errorf("save vacancy: %w", translate(err))
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, now, v.CreatedBy, "", "vacancy.create", "vacancy", fmt.Sprint(id), "")
	})
	return id, err
}

// Vacancy loads one vacancy.
func (db *DB) Vacancy(ctx context.Context, id int64) (Vacancy, error) {
	return scanVacancy(db.sql.QueryRowContext(ctx, `SELECT `+vacancyCols+vacancyFrom+`WHERE v.id = ?`, id))
}

// OpenVacancies lists the open vacancies whose deadline is not before the
// date of today (or that have none), nearest deadline first.
func (db *DB) OpenVacancies(ctx context.Context, today time.Time) ([]Vacancy, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+vacancyCols+vacancyFrom+`WHERE v.status = 'open'
		AND (v.deadline IS NULL OR v.deadline >= ?) ORDER BY v.deadline IS NULL, v.deadline, v.id`, today.Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Vacancy
	for rows.Next() {
		v, err := scanVacancy(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CloseVacancy closes a vacancy; ErrNotFound when it is unknown or closed.
func (db *DB) CloseVacancy(ctx context.Context, id, by int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		res, err := tx.ExecContext(ctx, `UPDATE vacancy SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit(ctx, tx, now, by, "", "vacancy.close", "vacancy", fmt.Sprint(id), "")
	})
}

// PublishVacancy records the publication of an open vacancy and creates its
// announcement with the messages queued (q), in one transaction. It returns
// the announcement id and how many messages were queued; ErrNotFound when
// the vacancy is unknown or closed.
func (db *DB) PublishVacancy(ctx context.Context, id int64, a Announcement, q Queue) (int64, int, error) {
	var annID int64
	queued := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE vacancy SET published_at = ? WHERE id = ? AND status = 'open'`, db.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		a.VacancyID = id
		annID, queued, err = createAnnouncementTx(ctx, tx, db.now(), a, &q)
		return err
	})
	return annID, queued, err
}

// LeadReminder is one interested resident to remind of a vacancy's deadline.
type LeadReminder struct {
	VacancyID int64
	Position  string
	Deadline  time.Time
	PersonID  int64
	Channel   string
	ChatID    string
}

// LeadsToRemind lists, for the open vacancies whose deadline falls between
// the dates from and to (inclusive), the chats of the residents who said
// "interested" and still receive outreach (not opted out, not blocked).
func (db *DB) LeadsToRemind(ctx context.Context, from, to time.Time) ([]LeadReminder, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT v.id, v.position, v.deadline, c.person_id, i.channel, i.chat_id
		FROM vacancy v JOIN candidate c ON c.vacancy_id = v.id AND c.person_id IS NOT NULL
		JOIN subscriber s ON s.person_id = c.person_id AND s.opted_out_at IS NULL
		JOIN identity i ON i.person_id = c.person_id AND i.blocked_at IS NULL AND i.chat_id <> ''
		WHERE v.status = 'open' AND v.deadline BETWEEN ? AND ?
		ORDER BY v.id, c.person_id, i.channel, i.chat_id`, from.Format("2006-01-02"), to.Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LeadReminder
	for rows.Next() {
		var l LeadReminder
		var d sql.NullString
		if err := rows.Scan(&l.VacancyID, &l.Position, &d, &l.PersonID, &l.Channel, &l.ChatID); err != nil {
			return nil, err
		}
		l.Deadline = parseDate(d)
		out = append(out, l)
	}
	return out, rows.Err()
}
