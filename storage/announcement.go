package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Audience kinds of an announcement.
const (
	AudienceAll      = "all"      // every active subscriber
	AudienceVillages = "villages" // active subscribers of some villages
	AudienceOfficers = "officers" // the officers of every unit
)

// Audience says who receives an announcement.
type Audience struct {
	Kind     string   `json:"kind"`
	Villages []string `json:"villages,omitempty"`
}

// Announcement statuses.
const (
	AnnScheduled = "scheduled" // waiting for send_at or its cron schedule
	AnnQueued    = "queued"    // its messages are in the outbox
	AnnCancelled = "cancelled"
)

// Announcement is an outreach message (SPEC §5, Outreach). Photo is opaque to
// storage (the handlers keep a platform file reference in it). A one-off
// announcement has SendAt; a recurring one has a cron Schedule and remembers
// the last occurrence it queued.
type Announcement struct {
	ID             int64
	Body           string
	Photo          string
	Audience       Audience
	Schedule       string
	SendAt         time.Time
	Status         string
	CreatedBy      int64
	CreatedAt      time.Time
	VacancyID      int64
	LastOccurrence time.Time
	// Origin, when set, names the update that created the announcement
	// ("channel:update key"): creating again with the same origin returns
	// the first announcement and queues nothing more.
	Origin string
}

// QuietHours are the residents' quiet hours: From and To in minutes after
// midnight in Loc; a window that crosses midnight (21:00–07:00) is allowed.
// Equal values mean no quiet hours.
type QuietHours struct {
	From, To int
	Loc      *time.Location
}

// Release is when a message due at t may go to a resident: the end of the
// quiet period t falls in, or the zero time when t is not in one.
func (q QuietHours) Release(t time.Time) time.Time {
	if q.From == q.To {
		return time.Time{}
	}
	loc := q.Loc
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	quiet := q.From <= m && m < q.To
	if q.From > q.To {
		quiet = m >= q.From || m < q.To
	}
	if !quiet {
		return time.Time{}
	}
	end := time.Date(lt.Year(), lt.Month(), lt.Day(), q.To/60, q.To%60, 0, 0, loc)
	if !end.After(lt) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

// Recipient is one chat an announcement goes to.
type Recipient struct {
	PersonID int64
	Channel  string
	ChatID   string
	Resident bool // held by quiet hours (officers and admins are not)
}

// Queue says how to put an announcement's messages in the outbox.
type Queue struct {
	Payload []byte // the encoded reply, the same for every recipient
	// Occurrence is the cron occurrence being queued (zero for a one-off);
	// it is part of each message's dedup key.
	Occurrence time.Time
	Quiet      QuietHours
	At         time.Time // the time quiet hours are judged at
}

const annCols = `id, body, photo, audience, schedule, send_at, status, COALESCE(created_by, 0), created_at,
	COALESCE(vacancy_id, 0), last_occurrence`

func scanAnnouncement(sc interface{ Scan(...any) error }) (Announcement, error) {
	var a Announcement
	var aud string
	var sendAt, created, last sql.NullString
	err := sc.Scan(&a.ID, &a.Body, &a.Photo, &aud, &a.Schedule, &sendAt, &a.Status, &a.CreatedBy, &created, &a.VacancyID, &last)
	if err != nil {
		return a, translate(err)
	}
	json.Unmarshal([]byte(aud), &a.Audience)
	a.SendAt, a.CreatedAt, a.LastOccurrence = parseTime(sendAt), parseTime(created), parseTime(last)
	return a, nil
}

// CreateAnnouncement saves an announcement and, when q is not nil, queues its
// messages, all in one transaction. Status is set by the method: queued when
// q is given, scheduled otherwise. It returns the id and how many messages
// were queued.
func (db *DB) CreateAnnouncement(ctx context.Context, a Announcement, q *Queue) (int64, int, error) {
	var id int64
	queued := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, queued, err = createAnnouncementTx(ctx, tx, db.now(), a, q)
		return err
	})
	return id, queued, err
}

func createAnnouncementTx(ctx context.Context, tx *sql.Tx, t time.Time, a Announcement, q *Queue) (int64, int, error) {
	now := t.UTC().Format(time.RFC3339Nano)
	if a.Origin != "" {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM announcement WHERE origin = ?`, a.Origin).Scan(&id)
		if err == nil {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE announcement_id = ?`, id).Scan(&n); err != nil {
				return 0, 0, err
			}
			return id, n, nil
		}
		if err != sql.ErrNoRows {
			return 0, 0, err
		}
	}
	status := AnnScheduled
	if q != nil {
		status = AnnQueued
	}
	aud, _ := json.Marshal(a.Audience)
	var by, vac any
	if a.CreatedBy != 0 {
		by = a.CreatedBy
	}
	if a.VacancyID != 0 {
		vac = a.VacancyID
	}
	var origin any
	if a.Origin != "" {
		origin = a.Origin
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO announcement(body, photo, audience, schedule, send_at, status, created_by,
		created_at, updated_at, vacancy_id, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Body, a.Photo, string(aud), a.Schedule, fmtTime(a.SendAt), status, by, now, now, vac, origin)
	if err != nil {
		return 0, 0, fmt.Errorf("save announcement: %w", translate(err))
	}
	id, _ := res.LastInsertId()
	queued := 0
	if q != nil {
		if queued, err = queueTx(ctx, tx, t, id, a.Audience, *q); err != nil {
			return 0, 0, err
		}
	}
	if err := audit(ctx, tx, now, a.CreatedBy, "", "announcement.create", "announcement", fmt.Sprint(id), status); err != nil {
		return 0, 0, err
	}
	return id, queued, nil
}

// QueueAnnouncement queues the messages of a scheduled announcement, in one
// transaction, and returns how many were added. Messages already queued for
// the same occurrence are skipped (dedup keys), so a re-run never doubles.
// A one-off announcement becomes queued; a recurring one records
// q.Occurrence as its last occurrence. A cancelled one queues nothing.
func (db *DB) QueueAnnouncement(ctx context.Context, id int64, q Queue) (int, error) {
	queued := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		a, err := scanAnnouncement(tx.QueryRowContext(ctx, `SELECT `+annCols+` FROM announcement WHERE id = ?`, id))
		if err != nil {
			return err
		}
		if a.Status == AnnCancelled {
			return nil
		}
		if queued, err = queueTx(ctx, tx, db.now(), id, a.Audience, q); err != nil {
			return err
		}
		if a.Schedule == "" {
			_, err = tx.ExecContext(ctx, `UPDATE announcement SET status = 'queued', updated_at = ? WHERE id = ?`, db.stamp(), id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE announcement SET last_occurrence = ?, updated_at = ? WHERE id = ?`,
				fmtTime(q.Occurrence), db.stamp(), id)
		}
		return err
	})
	return queued, err
}

func queueTx(ctx context.Context, tx *sql.Tx, now time.Time, id int64, aud Audience, q Queue) (int, error) {
	rs, err := annRecipients(ctx, tx, aud)
	if err != nil {
		return 0, err
	}
	at := q.At
	if at.IsZero() {
		at = now
	}
	release := q.Quiet.Release(at)
	occ := ""
	if !q.Occurrence.IsZero() {
		occ = ":" + q.Occurrence.UTC().Format("200601021504")
	}
	n := 0
	for _, r := range rs {
		m := OutMsg{Channel: r.Channel, ChatID: r.ChatID, Payload: q.Payload, Priority: 1, AnnouncementID: id,
			DedupKey: fmt.Sprintf("ann:%d:%s:%s%s", id, r.Channel, r.ChatID, occ)}
		if r.Resident {
			m.NotBefore = release
		}
		ok, err := insertOut(ctx, tx, now, m)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// Recipients lists the chats an audience reaches now: subscribers who have
// not opted out (of the chosen villages), or the officers of every unit;
// identities that blocked the bot are left out. Erased residents have no
// rows left, so they cannot appear.
func (db *DB) Recipients(ctx context.Context, aud Audience) ([]Recipient, error) {
	return annRecipients(ctx, db.sql, aud)
}

type annQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func annRecipients(ctx context.Context, q annQuerier, aud Audience) ([]Recipient, error) {
	var query string
	var args []any
	switch aud.Kind {
	case AudienceOfficers:
		query = `SELECT i.person_id, i.channel, i.chat_id, p.role FROM person p JOIN identity i ON i.person_id = p.id
			WHERE p.role = 'officer' AND i.blocked_at IS NULL AND i.chat_id <> ''`
	case AudienceAll, AudienceVillages:
		query = `SELECT i.person_id, i.channel, i.chat_id, p.role FROM subscriber s JOIN person p ON p.id = s.person_id
			JOIN identity i ON i.person_id = s.person_id
			WHERE s.opted_out_at IS NULL AND i.blocked_at IS NULL AND i.chat_id <> ''`
		if aud.Kind == AudienceVillages {
			if len(aud.Villages) == 0 {
				return nil, nil
			}
			query += ` AND s.village IN (` + strings.TrimSuffix(strings.Repeat("?,", len(aud.Villages)), ",") + `)`
			for _, v := range aud.Villages {
				args = append(args, v)
			}
		}
	default:
		return nil, fmt.Errorf("audience %q: unknown kind", aud.Kind)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY i.person_id, i.channel, i.chat_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	seen := map[string]bool{}
	for rows.Next() {
		var r Recipient
		var role string
		if err := rows.Scan(&r.PersonID, &r.Channel, &r.ChatID, &role); err != nil {
			return nil, err
		}
		if k := r.Channel + "\x00" + r.ChatID; !seen[k] {
			seen[k] = true
			r.Resident = role != RoleOfficer && role != RoleAdmin
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// CountRecipients counts the chats an audience reaches now and how many of
// them quiet hours would hold at time at.
func (db *DB) CountRecipients(ctx context.Context, aud Audience, quiet QuietHours, at time.Time) (total, held int, err error) {
	rs, err := db.Recipients(ctx, aud)
	if err != nil {
		return 0, 0, err
	}
	hold := !quiet.Release(at).IsZero()
	for _, r := range rs {
		if hold && r.Resident {
			held++
		}
	}
	return len(rs), held, nil
}

// Announcement loads one announcement.
func (db *DB) Announcement(ctx context.Context, id int64) (Announcement, error) {
	return scanAnnouncement(db.sql.QueryRowContext(ctx, `SELECT `+annCols+` FROM announcement WHERE id = ?`, id))
}

// ScheduledAnnouncements lists the announcements waiting for their time
// (one-off or recurring), oldest first.
func (db *DB) ScheduledAnnouncements(ctx context.Context) ([]Announcement, error) {
	return db.announcements(ctx, `WHERE status = 'scheduled' ORDER BY id`)
}

// CancellableAnnouncements lists the announcements that can still be
// stopped: scheduled ones and those with messages still waiting (e.g. held
// by quiet hours), newest first.
func (db *DB) CancellableAnnouncements(ctx context.Context) ([]Announcement, error) {
	return db.announcements(ctx, `WHERE status = 'scheduled' OR (status = 'queued' AND EXISTS
		(SELECT 1 FROM outbox o WHERE o.announcement_id = announcement.id AND o.state = 'pending')) ORDER BY id DESC LIMIT 20`)
}

// RecentAnnouncements lists the latest announcements, newest first.
func (db *DB) RecentAnnouncements(ctx context.Context, limit int) ([]Announcement, error) {
	return db.announcements(ctx, `ORDER BY id DESC LIMIT ?`, limit)
}

func (db *DB) announcements(ctx context.Context, tail string, args ...any) ([]Announcement, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+annCols+` FROM announcement `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Announcement
	for rows.Next() {
		a, err := scanAnnouncement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CancelAnnouncement stops an announcement: it will not be queued again and
// its messages still waiting are dropped, in one transaction. It returns how
// many messages were dropped; ErrNotFound for an unknown id.
func (db *DB) CancelAnnouncement(ctx context.Context, id, by int64) (int, error) {
	dropped := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		res, err := tx.ExecContext(ctx, `UPDATE announcement SET status = 'cancelled', updated_at = ? WHERE id = ?`, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		res, err = tx.ExecContext(ctx, `DELETE FROM outbox WHERE announcement_id = ? AND state = 'pending'`, id)
		if err != nil {
			return fmt.Errorf("drop messages of announcement %d: %w", id, err)
		}
		n, _ := res.RowsAffected()
		dropped = int(n)
		return audit(ctx, tx, now, by, "", "announcement.cancel", "announcement", fmt.Sprint(id), fmt.Sprintf("dropped=%d", dropped))
	})
	return dropped, err
}
