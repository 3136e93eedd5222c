package scheduler

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

// backupPrefix and backupSuffix frame the nightly backup files; only
// files named so are pruned.
const (
	backupPrefix = "dttsbot-"
	backupSuffix = ".db"
)

// Backup writes a verified online copy of the database to BackupDir,
// named dttsbot-<yyyymmdd-hhmmss>.db after the run's scheduled time (so a
// repeated run rewrites rather than adds), and keeps the newest BackupKeep
// such files. Files are 0600, the folder 0700.
func (d *Deps) Backup(spec string) Job {
	return Job{Name: JobBackup, Spec: spec, Run: d.backup}
}

func (d *Deps) backup(ctx context.Context, at time.Time) error {
	name := backupPrefix + at.In(d.Calendar.Loc).Format("20060102-150405") + backupSuffix
	path := filepath.Join(d.BackupDir, name)
	if _, err := os.Stat(path); err == nil {
		// A run repeated after a crash: keep its file if it is good.
		if storage.VerifyBackup(ctx, path) != nil {
			os.Remove(path)
		}
	}
	if _, err := os.Stat(path); err != nil {
		if err := d.DB.Backup(ctx, path); err != nil {
			return err
		}
	}
	removed, err := pruneBackups(d.BackupDir, max(d.BackupKeep, 1))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	d.Log.Info("backup written", "file", path, "removed", removed)
	return nil
}

// pruneBackups keeps the newest keep backup files of dir (their names sort
// by time) and removes the rest; it returns how many it removed.
func pruneBackups(dir string, keep int) (int, error) {
	names, err := BackupFiles(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := 0; i < len(names)-keep; i++ {
		if err := os.Remove(filepath.Join(dir, names[i])); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// BackupFiles lists the nightly backup files of dir, oldest first.
func BackupFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupSuffix) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}
