package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// SeedSubscribers adds n residents who consented to outreach, for load
// tests (cmd/dttsbot-bench): person i gets the identity (channel, firstID+i)
// whose private chat has the same id. All rows are written in one
// transaction, with prepared statements, which is what makes 100,000 of
// them take seconds rather than the minutes the one-by-one flows would.
func (db *DB) SeedSubscribers(ctx context.Context, channel string, firstID int64, n int, village, consentVersion string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		person, err := tx.PrepareContext(ctx, `INSERT INTO person(name, role, created_at, updated_at) VALUES (?, 'resident', ?, ?)`)
		if err != nil {
			return err
		}
		defer person.Close()
		identity, err := tx.PrepareContext(ctx, `INSERT INTO identity(channel, external_id, person_id, display_name, chat_id, created_at)
			VALUES (?, ?, ?, '', ?, ?)`)
		if err != nil {
			return err
		}
		defer identity.Close()
		sub, err := tx.PrepareContext(ctx, `INSERT INTO subscriber(person_id, consent_version, consent_at, village) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer sub.Close()
		for i := 0; i < n; i++ {
			id := strconv.FormatInt(firstID+int64(i), 10)
			res, err := person.ExecContext(ctx, "Người dùng "+id, now, now)
			if err != nil {
				return fmt.Errorf("seed person %d: %w", i, err)
			}
			pid, _ := res.LastInsertId()
			if _, err := identity.ExecContext(ctx, channel, id, pid, id, now); err != nil {
				return fmt.Errorf("seed identity %d: %w", i, translate(err))
			}
			if _, err := sub.ExecContext(ctx, pid, consentVersion, now, village); err != nil {
				return fmt.Errorf("seed subscriber %d: %w", i, err)
			}
		}
		return nil
	})
}

// SeedStaff adds n ethnic-minority staff members spread evenly over the
// given units, in one transaction, for load tests (cmd/dttsbot-bench).
func (db *DB) SeedStaff(ctx context.Context, unitIDs []int64, n int, ethnicCode string) error {
	if len(unitIDs) == 0 {
		return fmt.Errorf("seed staff: no unit")
	}
	cats := []string{CatCanBo, CatCongChuc, CatVienChuc, CatNguoiLaoDong}
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		st, err := tx.PrepareContext(ctx, `INSERT INTO staff(unit_id, full_name, birth_year, sex, ethnic_code, category, position,
			level_professional, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := 0; i < n; i++ {
			sex := "nam"
			if i%2 == 1 {
				sex = "nu"
			}
			if _, err := st.ExecContext(ctx, unitIDs[i%len(unitIDs)], "Cán bộ "+strconv.Itoa(i+1), 1970+i%35, sex, ethnicCode,
				cats[i%len(cats)], "Chuyên viên", "Đại học", now, now); err != nil {
				return fmt.Errorf("seed staff %d: %w", i, err)
			}
		}
		return nil
	})
}
