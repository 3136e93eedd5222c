package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Who nominated a candidate.
const (
	NominatedSelf         = "self"         // a resident's "interested"
	NominatedFront        = "mttq"         // Ủy ban MTTQ
	NominatedOrganisation = "organisation" // a socio-political organisation
	NominatedOffice       = "office"       // the office (an admin)
)

// Candidate is an entry of the talent pool (SPEC §5, Talent pool). A lead
// has PersonID and VacancyID (a resident's "interested"); a nomination has
// NominatorID. EthnicCode is the 2008 code and is sensitive: only admins and
// the nominator read it, and every read is audited.
type Candidate struct {
	ID              int64
	FullName        string
	Village         string
	EthnicCode      string
	EducationLevel  string
	Field           string
	Excellent       bool
	Experience      string
	Military        bool
	NominatedBy     string
	NominatorID     int64
	NominatorUnit   string // read only
	PersonID        int64
	VacancyID       int64
	VacancyPosition string // read only
	ConsentAt       time.Time
	CreatedAt       time.Time
}

const candidateCols = `c.id, c.full_name, c.village, c.ethnic_code, c.education_level, c.field, c.excellent, c.experience,
	c.military, c.nominated_by, COALESCE(c.nominator_id, 0), COALESCE(u.name, ''), COALESCE(c.person_id, 0),
	COALESCE(c.vacancy_id, 0), COALESCE(v.position, ''), c.consent_at, c.created_at`

const candidateFrom = ` FROM candidate c LEFT JOIN vacancy v ON v.id = c.vacancy_id
	LEFT JOIN person n ON n.id = c.nominator_id LEFT JOIN unit u ON u.id = n.unit_id `

func scanCandidate(sc interface{ Scan(...any) error }) (Candidate, error) {
	var c Candidate
	var consent, created sql.NullString
	err := sc.Scan(&c.ID, &c.FullName, &c.Village, &c.EthnicCode, &c.EducationLevel, &c.Field, &c.Excellent, &c.Experience,
		&c.Military, &c.NominatedBy, &c.NominatorID, &c.NominatorUnit, &c.PersonID, &c.VacancyID, &c.VacancyPosition, &consent, &created)
	if err != nil {
		return c, translate(err)
	}
	c.ConsentAt, c.CreatedAt = parseTime(consent), parseTime(created)
	return c, nil
}

// AddLead records that a person is interested in a vacancy (a talent-pool
// lead nominated by themselves, with their consent time). It reports false
// when they had already said so. ErrNotFound when the vacancy is not open.
func (db *DB) AddLead(ctx context.Context, vacancyID, personID int64, name, village string) (bool, error) {
	added := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var consent sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT consent_at FROM subscriber WHERE person_id = ? AND opted_out_at IS NULL`, personID).Scan(&consent)
		if err != nil {
			return fmt.Errorf("lead without consent: %w", translate(err))
		}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM vacancy WHERE id = ? AND status = 'open'`, vacancyID).Scan(&open); err != nil {
			return err
		}
		if open == 0 {
			return ErrNotFound
		}
		now := db.stamp()
		res, err := tx.ExecContext(ctx, `INSERT INTO candidate(full_name, village, nominated_by, person_id, vacancy_id, consent_at, created_at)
			VALUES (?, ?, 'self', ?, ?, ?, ?) ON CONFLICT DO NOTHING`, name, village, personID, vacancyID, consent.String, now)
		if err != nil {
			return fmt.Errorf("save lead: %w", translate(err))
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		added = true
		id, _ := res.LastInsertId()
		return audit(ctx, tx, now, personID, "", "candidate.lead", "candidate", fmt.Sprint(id), fmt.Sprintf("vacancy=%d", vacancyID))
	})
	return added, err
}

// Nominate adds a candidate nominated by an officer or admin, whose consent
// the nominator confirmed (ConsentAt is set to now). It returns the id.
func (db *DB) Nominate(ctx context.Context, c Candidate) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		var by any
		if c.NominatorID != 0 {
			by = c.NominatorID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO candidate(full_name, village, ethnic_code, education_level, field, excellent,
			experience, military, nominated_by, nominator_id, consent_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.FullName, c.Village, c.EthnicCode, c.EducationLevel, c.Field, c.Excellent, c.Experience, c.Military,
			c.NominatedBy, by, now, now)
		if err != nil {
			return fmt.Errorf("save candidate: %w", translate(err))
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, now, c.NominatorID, "", "candidate.create", "candidate", fmt.Sprint(id), c.NominatedBy)
	})
	return id, err
}

// ReadCandidates lists the talent pool for reader, oldest first: every
// candidate when nominatorID is 0 (admins), otherwise only those that
// nominatorID nominated. The read is written to the audit log (who, how
// many, why) in the same transaction, since the rows carry ethnicity.
func (db *DB) ReadCandidates(ctx context.Context, readerID, nominatorID int64, purpose string) ([]Candidate, error) {
	var out []Candidate
	err := db.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, `SELECT `+candidateCols+candidateFrom+`WHERE (? = 0 OR c.nominator_id = ?) ORDER BY c.id`,
			nominatorID, nominatorID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCandidate(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return audit(ctx, tx, db.stamp(), readerID, "", "candidate.read", "candidate", "",
			fmt.Sprintf("%s count=%d", purpose, len(out)))
	})
	return out, err
}

// LeadsOf lists a person's own talent-pool rows (what /dulieu shows them).
func (db *DB) LeadsOf(ctx context.Context, personID int64) ([]Candidate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+candidateCols+candidateFrom+`WHERE c.person_id = ? ORDER BY c.id`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Candidate
	for rows.Next() {
		c, err := scanCandidate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
