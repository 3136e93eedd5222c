package storage

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func openLinkTest(t *testing.T) (*DB, *time.Time) {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	if err := db.SavePlan(ctx, "Xã Thử", "test", []byte("x"), []UnitSpec{
		{Code: "vhxh", Name: "Phòng Văn hóa - Xã hội", Kind: "office", Lead: true},
		{Code: "kinh-te", Name: "Phòng Kinh tế", Kind: "department"},
		{Code: "tram-y-te", Name: "Trạm Y tế", Kind: "health"},
	}); err != nil {
		t.Fatal(err)
	}
	return db, &now
}

func person(t *testing.T, db *DB, channel, id, role, unitCode string) Person {
	t.Helper()
	ctx := context.Background()
	p, err := db.EnsurePerson(ctx, channel, id, channel+" "+id, id)
	if err != nil {
		t.Fatal(err)
	}
	if role != RoleStranger {
		var unit int64
		if unitCode != "" {
			u, err := db.UnitByCode(ctx, unitCode)
			if err != nil {
				t.Fatal(err)
			}
			unit = u.ID
		}
		if err := db.SetRole(ctx, p.ID, role, unit); err != nil {
			t.Fatal(err)
		}
	}
	p, _ = db.Person(ctx, p.ID)
	return p
}

var codeShape = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$`)

func TestLinkOfficerToFreshStranger(t *testing.T) {
	db, _ := openLinkTest(t)
	ctx := context.Background()
	officer := person(t, db, "telegram", "42", RoleOfficer, "kinh-te")
	stranger := person(t, db, "zalo", "z77", RoleStranger, "")
	// The stranger's subscription follows them into the merged person.
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO subscriber(person_id, consent_version, consent_at) VALUES (?, 'v1', 'x')`, stranger.ID); err != nil {
		t.Fatal(err)
	}
	lc, err := db.CreateLinkCode(ctx, officer.ID, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !codeShape.MatchString(lc.Code) {
		t.Errorf("code %q is not four groups of four Crockford characters", lc.Code)
	}
	var stored string
	db.sql.QueryRowContext(ctx, `SELECT code FROM link_code WHERE person_id = ?`, officer.ID).Scan(&stored)
	if stored == lc.Code {
		t.Error("the link code is stored in clear, want its hash")
	}
	res, err := db.RedeemLinkCode(ctx, " "+lowerNoDash(lc.Code)+" ", "zalo", "z77")
	if err != nil {
		t.Fatalf("RedeemLinkCode: %v", err)
	}
	if res.Person.ID != officer.ID || res.Person.Role != RoleOfficer || res.Person.UnitID != officer.UnitID || res.MergedPerson != stranger.ID {
		t.Errorf("result = %+v, want officer %d of unit %d, merged %d", res, officer.ID, officer.UnitID, stranger.ID)
	}
	p, err := db.PersonByIdentity(ctx, "zalo", "z77")
	if err != nil || p.ID != officer.ID || p.Role != RoleOfficer {
		t.Errorf("zalo identity now resolves to %+v (%v), want the officer", p, err)
	}
	if _, err := db.Person(ctx, stranger.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the stranger's person row is still there (%v)", err)
	}
	var sub int64
	db.sql.QueryRowContext(ctx, `SELECT person_id FROM subscriber`).Scan(&sub)
	if sub != officer.ID {
		t.Errorf("subscription belongs to %d, want %d", sub, officer.ID)
	}
	if ids, _ := db.Identities(ctx, officer.ID); len(ids) != 2 {
		t.Errorf("the person has %d identities, want 2", len(ids))
	}
	entries, _ := db.AuditPage(ctx, 0, 10)
	if len(entries) == 0 || entries[0].Action != "identity.link" {
		t.Errorf("last audit entry = %+v, want identity.link", entries)
	}
	// Single use.
	if _, err := db.RedeemLinkCode(ctx, lc.Code, "zalo", "z78"); !errors.Is(err, ErrUsed) {
		t.Errorf("second redeem = %v, want ErrUsed", err)
	}
}

func lowerNoDash(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '-' {
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

func TestLinkKeepsTheHigherRole(t *testing.T) {
	db, _ := openLinkTest(t)
	ctx := context.Background()
	stranger := person(t, db, "telegram", "1", RoleStranger, "")
	admin := person(t, db, "zalo", "a", RoleAdmin, "vhxh")
	lc, _ := db.CreateLinkCode(ctx, stranger.ID, 10*time.Minute)
	res, err := db.RedeemLinkCode(ctx, lc.Code, "zalo", "a")
	if err != nil {
		t.Fatal(err)
	}
	if res.Person.ID != stranger.ID || res.Person.Role != RoleAdmin || res.Person.UnitID != admin.UnitID {
		t.Errorf("linked person = %+v, want the code maker %d with the admin role", res.Person, stranger.ID)
	}
}

func TestLinkRefusals(t *testing.T) {
	db, now := openLinkTest(t)
	ctx := context.Background()
	o1 := person(t, db, "telegram", "1", RoleOfficer, "kinh-te")
	o2 := person(t, db, "zalo", "2", RoleOfficer, "tram-y-te")
	person(t, db, "zalo", "3", RoleStranger, "")
	person(t, db, "telegram", "4", RoleStranger, "")

	lc, _ := db.CreateLinkCode(ctx, o1.ID, 10*time.Minute)
	if _, err := db.RedeemLinkCode(ctx, lc.Code, "telegram", "1"); !errors.Is(err, ErrLinkSelf) {
		t.Errorf("redeem by the maker = %v, want ErrLinkSelf", err)
	}
	if _, err := db.RedeemLinkCode(ctx, lc.Code, "zalo", "2"); !errors.Is(err, ErrLinkUnits) || !errors.Is(err, ErrConflict) {
		t.Errorf("officers of two units = %v, want ErrLinkUnits", err)
	}
	if _, err := db.RedeemLinkCode(ctx, lc.Code, "telegram", "4"); !errors.Is(err, ErrLinkTaken) {
		t.Errorf("second telegram identity = %v, want ErrLinkTaken", err)
	}
	if _, err := db.RedeemLinkCode(ctx, "0000-0000-0000-0000", "zalo", "3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown code = %v, want ErrNotFound", err)
	}
	if _, err := db.RedeemLinkCode(ctx, "not a code", "zalo", "3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("malformed code = %v, want ErrNotFound", err)
	}
	// A new code replaces the unused one.
	lc2, _ := db.CreateLinkCode(ctx, o1.ID, 10*time.Minute)
	if _, err := db.RedeemLinkCode(ctx, lc.Code, "zalo", "3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("replaced code = %v, want ErrNotFound", err)
	}
	*now = now.Add(10 * time.Minute)
	if _, err := db.RedeemLinkCode(ctx, lc2.Code, "zalo", "3"); !errors.Is(err, ErrExpired) {
		t.Errorf("code after 10 minutes = %v, want ErrExpired", err)
	}
	if p, _ := db.PersonByIdentity(ctx, "zalo", "3"); p.Role != RoleStranger || p.ID == o1.ID {
		t.Errorf("a refused link changed zalo:3 into %+v", p)
	}
	_ = o2
}

func TestNormalizeLinkCode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"K7QM-2XCD-9PRT-WY4H", "K7QM2XCD9PRTWY4H", true},
		{"k7qm 2xcd 9prt wy4h", "K7QM2XCD9PRTWY4H", true},
		{"O0IL-0000-0000-0000", "0011000000000000", true},
		{"K7QM-2XCD-9PRT", "", false},
		{"K7QM-2XCD-9PRT-WY4U", "", false},
		{"K7QM-2XCD-9PRT-WY4Ả", "", false},
	} {
		got, ok := NormalizeLinkCode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeLinkCode(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFileLinkKeyIsStable(t *testing.T) {
	db, _ := openLinkTest(t)
	k1, err := db.FileLinkKey(context.Background())
	if err != nil || len(k1) != 32 {
		t.Fatalf("FileLinkKey = %d bytes, %v", len(k1), err)
	}
	k2, _ := db.FileLinkKey(context.Background())
	if string(k1) != string(k2) {
		t.Error("FileLinkKey changed between calls")
	}
}

func FuzzNormalizeLinkCode(f *testing.F) {
	for _, s := range []string{"K7QM-2XCD-9PRT-WY4H", "k7qm 2xcd 9prt wy4h", "", "ẢẢẢ", "0000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := NormalizeLinkCode(s)
		if !ok {
			return
		}
		if len(got) != 16 {
			t.Fatalf("NormalizeLinkCode(%q) = %q: want 16 characters", s, got)
		}
		if again, ok := NormalizeLinkCode(got); !ok || again != got {
			t.Fatalf("NormalizeLinkCode is not idempotent on %q", got)
		}
	})
}
