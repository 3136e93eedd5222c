package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsFromEmpty(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		t.Fatalf("Migrations() = %v, %v", ms, err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != ms[len(ms)-1].Version {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, ms[len(ms)-1].Version)
	}
	for _, table := range []string{"plan", "unit", "person", "identity", "invite", "staff", "training", "report",
		"feedback", "subscriber", "announcement", "vacancy", "candidate", "outbox", "job_run", "audit", "inbound", "conversation"} {
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing (n=%d, err=%v)", table, n, err)
		}
	}
	// Applying again is a no-op.
	n, err := db.MigrateCount(ctx)
	if err != nil || n != 0 {
		t.Errorf("second MigrateCount = %d, %v; want 0, nil", n, err)
	}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Hold several connections at once so the pool opens more than one.
	var conns []interface{ Close() error }
	for i := 0; i < 3; i++ {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var fk, busy int
		var mode string
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || mode != "wal" || busy < 5000 {
			t.Errorf("conn %d: foreign_keys=%d journal_mode=%s busy_timeout=%d", i, fk, mode, busy)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestDatabaseFileMode(t *testing.T) {
	db := openTest(t)
	fi, err := os.Stat(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode = %v, want 0600", fi.Mode().Perm())
	}
}

func TestErrorsTranslated(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.Unit(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Unit(999) err = %v, want ErrNotFound", err)
	}
	if err := db.SavePlan(ctx, "x", "t", nil, []UnitSpec{{Code: "a", Name: "A", Kind: "lead", Lead: true}}); err != nil {
		t.Fatal(err)
	}
	_, err := db.sql.ExecContext(ctx, `INSERT INTO unit(code, name, kind, created_at, updated_at) VALUES ('a', 'A', 'lead', '', '')`)
	if err := translate(err); !errors.Is(err, ErrConflict) {
		t.Errorf("duplicate unit code err = %v, want ErrConflict", err)
	}
}

func TestSavePlanTwiceKeepsData(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	units := []UnitSpec{{Code: "vhxh", Name: "Phòng Văn hóa - Xã hội", Kind: "lead", Lead: true},
		{Code: "mttq", Name: "Ủy ban MTTQ", Kind: "front"}, {Code: "doan", Name: "Đoàn", Kind: "organisation", Parent: "mttq"}}
	if err := db.SavePlan(ctx, "x", "t", []byte("a"), units); err != nil {
		t.Fatal(err)
	}
	u, _ := db.UnitByCode(ctx, "doan")
	mttq, _ := db.UnitByCode(ctx, "mttq")
	if u.ParentID != mttq.ID {
		t.Errorf("parent of doan = %d, want %d", u.ParentID, mttq.ID)
	}
	inv, err := db.CreateInvite(ctx, u.ID, 0, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// Reload with one unit renamed and one dropped from the file.
	units[2].Name = "Đoàn TNCS"
	if err := db.SavePlan(ctx, "x", "t", []byte("b"), units[:1:1]); err != nil {
		t.Fatal(err)
	}
	if err := db.SavePlan(ctx, "x", "t", []byte("b"), units); err != nil {
		t.Fatal(err)
	}
	u2, err := db.UnitByCode(ctx, "doan")
	if err != nil || u2.ID != u.ID || u2.Name != "Đoàn TNCS" {
		t.Errorf("after reload: %+v, %v; want same id %d renamed", u2, err, u.ID)
	}
	var n int
	db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM invite WHERE code = ?`, inv.Code).Scan(&n)
	if n != 1 {
		t.Errorf("invite lost after plan reload")
	}
}

func TestInviteSingleUseAndExpiry(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	db.SavePlan(ctx, "x", "t", nil, []UnitSpec{{Code: "a", Name: "A", Kind: "lead", Lead: true}})
	u, _ := db.UnitByCode(ctx, "a")
	inv, _ := db.CreateInvite(ctx, u.ID, 0, 7*24*time.Hour)
	p1, _ := db.EnsurePerson(ctx, "telegram", "1", "", "")
	p2, _ := db.EnsurePerson(ctx, "telegram", "2", "", "")
	if _, err := db.RedeemInvite(ctx, inv.Code, p1.ID); err != nil {
		t.Fatalf("first redeem: %v", err)
	}
	if _, err := db.RedeemInvite(ctx, inv.Code, p2.ID); !errors.Is(err, ErrUsed) {
		t.Errorf("second redeem err = %v, want ErrUsed", err)
	}
	inv2, _ := db.CreateInvite(ctx, u.ID, 0, 7*24*time.Hour)
	now = now.Add(7 * 24 * time.Hour)
	if _, err := db.RedeemInvite(ctx, inv2.Code, p2.ID); !errors.Is(err, ErrExpired) {
		t.Errorf("expired redeem err = %v, want ErrExpired", err)
	}
	if p, _ := db.Person(ctx, p2.ID); p.Role != RoleStranger {
		t.Errorf("p2 role = %s after refused redeems", p.Role)
	}
	if len(inv.Code) < 11 { // 64 bits need 11 base64 characters
		t.Errorf("code %q too short for 64 random bits", inv.Code)
	}
}

func TestInboundDeduplicated(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	in := []Inbound{{Channel: "telegram", Key: "1", Payload: []byte("{}")}, {Channel: "telegram", Key: "2", Payload: []byte("{}")}}
	fresh, err := db.StoreInbound(ctx, in)
	if err != nil || len(fresh) != 2 {
		t.Fatalf("first store: %d, %v", len(fresh), err)
	}
	fresh, _ = db.StoreInbound(ctx, append(in, Inbound{Channel: "telegram", Key: "3", Payload: []byte("{}")}))
	if len(fresh) != 1 || fresh[0].Key != "3" {
		t.Errorf("second store fresh = %+v, want only key 3", fresh)
	}
	if err := db.Finish(ctx, Finish{InboundChannel: "telegram", InboundKey: "1"}); err != nil {
		t.Fatal(err)
	}
	pend, _ := db.PendingInbound(ctx, "telegram")
	if len(pend) != 2 || pend[0].Key != "2" {
		t.Errorf("pending = %+v, want keys 2, 3", pend)
	}
}
