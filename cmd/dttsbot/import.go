package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dttsbot/dttsbot/export"
	"github.com/dttsbot/dttsbot/storage"
)

const importUsage = "usage: dttsbot import staff FILE.xlsx|FILE.csv [--skip-invalid]"

// cmdImport imports the roster template: every row is checked and each bad
// row named; nothing is imported when a row is bad unless --skip-invalid,
// which imports the valid rows only. All in one transaction.
func cmdImport(ctx context.Context, cfg *Config, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "staff" {
		return errors.New(importUsage)
	}
	var path string
	skip := false
	for _, a := range args[1:] {
		switch {
		case a == "--skip-invalid" || a == "-skip-invalid":
			skip = true
		case path == "" && len(a) > 0 && a[0] != '-':
			path = a
		default:
			return errors.New(importUsage)
		}
	}
	if path == "" {
		return errors.New(importUsage)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	a, err := openApp(ctx, cfg, newLogger(stderr, "warn"))
	if err != nil {
		return err
	}
	defer a.close()
	units, err := a.db.Units(ctx)
	if err != nil {
		return err
	}
	im := export.Importer{Plan: a.plan, Units: units, Now: a.db.Now().In(cfg.loc)}
	rows, bad, err := im.Parse(filepath.Base(path), data)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	for _, e := range bad {
		fmt.Fprintln(stdout, e.String())
	}
	if len(bad) > 0 && !skip {
		return fmt.Errorf("%d dòng chưa hợp lệ, chưa nhập gì; sửa tệp hoặc thêm --skip-invalid để chỉ nhập %d dòng hợp lệ", len(bad), len(rows))
	}
	staff := make([]storage.Staff, len(rows))
	for i, r := range rows {
		staff[i] = r.Staff
	}
	res, err := a.db.ImportStaff(ctx, staff, 0, "cli", filepath.Base(path))
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	fmt.Fprintf(stdout, "Đã nhập: %d thêm mới, %d cập nhật, %d không thay đổi; %d dòng lỗi bỏ qua.\n",
		res.Created, res.Updated, res.Unchanged, len(bad))
	return nil
}
