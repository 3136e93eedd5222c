package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dttsbot/dttsbot/storage"
)

// cmdBackup writes a verified online copy of the database to a new file
// (dttsbot backup FILE); it may run while the bot runs.
func cmdBackup(ctx context.Context, cfg *Config, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] == "" {
		return fmt.Errorf("usage: dttsbot backup <file>")
	}
	db, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, args[0]); err != nil {
		return err
	}
	st, err := os.Stat(args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s (%d bytes, verified)\n", args[0], st.Size())
	return nil
}
