package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func openOutreachTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestQuietHoursRelease(t *testing.T) {
	hn, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	night := QuietHours{From: 21 * 60, To: 7 * 60, Loc: hn}
	day := QuietHours{From: 12 * 60, To: 13*60 + 30, Loc: hn}
	at := func(d, h, m int) time.Time { return time.Date(2026, 9, d, h, m, 0, 0, hn) }
	for _, tc := range []struct {
		name string
		q    QuietHours
		t    time.Time
		want time.Time
	}{
		{"evening before", night, at(1, 20, 59), time.Time{}},
		{"start", night, at(1, 21, 0), at(2, 7, 0)},
		{"late evening", night, at(1, 23, 30), at(2, 7, 0)},
		{"after midnight", night, at(2, 3, 0), at(2, 7, 0)},
		{"end", night, at(2, 7, 0), time.Time{}},
		{"noon window", day, at(1, 12, 30), at(1, 13, 30)},
		{"outside noon window", day, at(1, 14, 0), time.Time{}},
		{"off", QuietHours{From: 600, To: 600, Loc: hn}, at(1, 10, 0), time.Time{}},
		{"UTC clock", night, time.Date(2026, 9, 1, 15, 0, 0, 0, time.UTC), at(2, 7, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.Release(tc.t); !got.Equal(tc.want) {
				t.Errorf("Release(%v) = %v, want %v", tc.t, got, tc.want)
			}
		})
	}
}

// TestForgetMessageRemovedOnceSent: the last message to an erased resident
// leaves no row behind, whatever the outcome of its delivery.
func TestForgetMessageRemovedOnceSent(t *testing.T) {
	db := openOutreachTest(t)
	ctx := context.Background()
	if _, err := db.Enqueue(ctx, []OutMsg{
		{Channel: "telegram", ChatID: "9", Payload: []byte(`{}`), DedupKey: "forget:a"},
		{Channel: "telegram", ChatID: "9", Payload: []byte(`{}`), DedupKey: "forget:b"},
		{Channel: "telegram", ChatID: "9", Payload: []byte(`{}`), DedupKey: "other"},
	}); err != nil {
		t.Fatal(err)
	}
	ms, _ := db.DueOutbox(ctx, "telegram", 10, nil)
	if err := db.MarkSent(ctx, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFinal(ctx, ms[1].ID, OutBlocked, "blocked"); err != nil {
		t.Fatal(err)
	}
	db.MarkSent(ctx, ms[2].ID)
	n, _ := db.CountContaining(ctx, "outbox", "chat_id", "9")
	if n != 1 {
		t.Errorf("%d rows to chat 9 remain, want only the ordinary one", n)
	}
}

// TestForgetKeepsAReferencedPersonAsAnEmptyShell: a person still referenced
// elsewhere (here an invite they created) loses name, role and identities.
func TestForgetKeepsAReferencedPersonAsAnEmptyShell(t *testing.T) {
	db := openOutreachTest(t)
	ctx := context.Background()
	if err := db.SavePlan(ctx, "x", "test", []byte("x"), []UnitSpec{{Code: "u", Name: "U", Kind: "lead", Lead: true}}); err != nil {
		t.Fatal(err)
	}
	p, _ := db.EnsurePerson(ctx, "zalo", "abc", "Tên Riêng", "abc")
	u, _ := db.UnitByCode(ctx, "u")
	if _, err := db.CreateInvite(ctx, u.ID, p.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.Forget(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Person(ctx, p.ID)
	if err != nil || got.Name != "" || got.Role != RoleStranger {
		t.Errorf("person after Forget = %+v, %v; want an empty stranger", got, err)
	}
	if ids, _ := db.Identities(ctx, p.ID); len(ids) != 0 {
		t.Errorf("identities left: %+v", ids)
	}
}
