package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dttsbot/dttsbot/export"
	"github.com/dttsbot/dttsbot/storage"
)

// cmdExport writes the office's workbook to FILE.xlsx and the consolidated
// report beside it (FILE.docx), both 0600.
func cmdExport(ctx context.Context, cfg *Config, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 || !strings.EqualFold(filepath.Ext(args[0]), ".xlsx") {
		return fmt.Errorf("usage: dttsbot export FILE.xlsx (the .docx report is written beside it)")
	}
	a, err := openApp(ctx, cfg, newLogger(stderr, "warn"))
	if err != nil {
		return err
	}
	defer a.close()
	xlsx := args[0]
	docx := strings.TrimSuffix(xlsx, filepath.Ext(xlsx)) + ".docx"
	o := export.Options{Plan: a.plan, Loc: cfg.loc, Now: a.db.Now()}
	if err := writeFile(xlsx, func(w io.Writer) error { return export.Workbook(ctx, w, a.db, o) }); err != nil {
		return fmt.Errorf("export %s: %w", xlsx, err)
	}
	if err := writeFile(docx, func(w io.Writer) error { return export.Report(ctx, w, a.db, o) }); err != nil {
		return fmt.Errorf("export %s: %w", docx, err)
	}
	a.db.Audit(ctx, storage.AuditEntry{Actor: "cli", Action: "export.create", ObjectType: "export", Detail: filepath.Base(xlsx)})
	fmt.Fprintf(stdout, "wrote %s and %s\n", xlsx, docx)
	return nil
}

// writeFile writes through a temporary file renamed into place, so a
// failed export never leaves half a file under the name asked for.
func writeFile(path string, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".dttsbot-export-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if err := fill(f); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
