package scheduler_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// TestNightlyBackupKeepsLastN walks five nights with the real spec (02:30)
// and backup.keep = 3: three verified 0600 files remain, the newest.
func TestNightlyBackupKeepsLastN(t *testing.T) {
	f := newFixture(t, day(2026, 10, 1, 0))
	f.specs = map[string]string{"backup": realSpecs["backup"]}
	f.keep = 3
	f.open()
	defer f.close()
	f.officer("telegram", "101", "kinhte")
	f.walk(day(2026, 10, 6, 0), time.Hour)

	names, err := os.ReadDir(f.backups)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range names {
		got = append(got, e.Name())
	}
	want := []string{"dttsbot-20261003-023000.db", "dttsbot-20261004-023000.db", "dttsbot-20261005-023000.db"}
	if !equal(got, want) {
		t.Fatalf("backup folder holds %v, want %v", got, want)
	}
	for _, n := range got {
		p := filepath.Join(f.backups, n)
		if err := storage.VerifyBackup(f.ctx, p); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", n, st.Mode().Perm())
		}
	}
	// The newest copy opens and holds the officer.
	cp, err := storage.Open(f.ctx, filepath.Join(f.backups, want[2]))
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if p, err := cp.PersonByIdentity(f.ctx, "telegram", "101"); err != nil || p.Role != storage.RoleOfficer {
		t.Errorf("officer in backup = %+v, %v", p, err)
	}
	// A repeated run of a recorded night keeps the file it made.
	if ran, err := f.sched.RunJob(f.ctx, "backup", time.Date(2026, 10, 5, 2, 30, 0, 0, hcm)); ran || err != nil {
		t.Errorf("re-run of a recorded backup = %v, %v", ran, err)
	}
}
