package storage

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// tableCounts counts the rows of every table of a database.
func tableCounts(t *testing.T, db *DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	out := map[string]int{}
	for _, n := range names {
		var c int
		if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM "`+n+`"`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		out[n] = c
	}
	return out
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, filepath.Join(dir, "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SavePlan(ctx, "Xã Thử", "test", []byte("x"), []UnitSpec{{Code: "a", Name: "A", Kind: "lead", Lead: true}, {Code: "b", Name: "B", Kind: "agency"}}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		if _, err := db.EnsurePerson(ctx, "telegram", string(rune('a'+i%26))+string(rune('0'+i/26)), "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Enqueue(ctx, []OutMsg{{Channel: "telegram", ChatID: "1", Payload: []byte(`{"text":"x"}`), DedupKey: "k"}}); err != nil {
		t.Fatal(err)
	}
	want := tableCounts(t, db)

	path := filepath.Join(dir, "copies", "b1.db")
	if err := db.Backup(ctx, path); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", st.Mode().Perm())
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
	if err := VerifyBackup(ctx, path); err != nil {
		t.Errorf("VerifyBackup: %v", err)
	}
	cp, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	got := tableCounts(t, cp)
	cp.Close()
	if len(got) != len(want) {
		t.Errorf("backup has %d tables, want %d", len(got), len(want))
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("table %s: %d rows in the backup, want %d", name, got[name], n)
		}
	}
	if want["person"] != 50 || want["unit"] != 2 || want["outbox"] != 1 {
		t.Errorf("fixture counts %v", want)
	}

	if err := db.Backup(ctx, path); !errors.Is(err, ErrConflict) {
		t.Errorf("Backup over an existing file = %v, want ErrConflict", err)
	}
}

func TestVerifyBackupRejects(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("this is not a database, only some text that is long enough to look like a page"), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	for _, p := range []string{junk, empty, filepath.Join(dir, "missing.db")} {
		if err := VerifyBackup(ctx, p); err == nil {
			t.Errorf("VerifyBackup(%s) = nil, want an error", filepath.Base(p))
		}
	}
}

func TestJobRunRecord(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 10, 7, 1, 0, 0, 0, time.UTC)
	local := at.In(time.FixedZone("ICT", 7*3600))
	if ok, err := db.StartJobRun(ctx, "j", at); !ok || err != nil {
		t.Fatalf("first start = %v, %v", ok, err)
	}
	// Still running (the bot died): it may start again; the same instant in
	// another zone is the same run.
	if ok, err := db.StartJobRun(ctx, "j", local); !ok || err != nil {
		t.Fatalf("restart of an unfinished run = %v, %v", ok, err)
	}
	if err := db.FinishJobRun(ctx, "j", at, nil); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.StartJobRun(ctx, "j", at); ok || err != nil {
		t.Errorf("start of a run recorded ok = %v, %v; want false", ok, err)
	}
	if err := db.FinishJobRun(ctx, "other", at, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("finish of an unknown run = %v, want ErrNotFound", err)
	}
	db.Now = func() time.Time { return at.Add(40 * 24 * time.Hour) }
	if n, err := db.PruneJobRuns(ctx, at.Add(time.Second)); n != 1 || err != nil {
		t.Errorf("prune = %d, %v; want 1", n, err)
	}
	runs, _ := db.JobRuns(ctx, "j")
	if len(runs) != 0 {
		t.Errorf("runs after prune %+v", runs)
	}
}
