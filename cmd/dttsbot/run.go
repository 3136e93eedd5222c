package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `dttsbot — trợ lý số thực hiện Đề án 470/QĐ-TTg

Usage: dttsbot [-config FILE] [command] [args]

Commands:
  run                      run the bot (default); console when no token is set
  console                  chat with the bot in this terminal
  migrate                  apply database migrations and exit
  check-config             validate the configuration and exit
  invite <unit-code>       print an invite code for a unit
  admin add <channel:id>   make telegram:<id> or zalo:<id> an office admin
  backup <file>            write a verified online copy of the database
  export FILE.xlsx         write the workbook and the report (FILE.docx)
  import staff FILE [--skip-invalid]
                           import the roster template (.xlsx or .csv)
  version                  print the version
`

// run is the whole program: main only builds the signal context.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("dttsbot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "configuration file (default ./config.yaml when present)")
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	rest := fs.Args()
	cmd := "run"
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	// Allow "-config" after the subcommand too.
	if len(rest) >= 2 && (rest[0] == "-config" || rest[0] == "--config") {
		*cfgPath, rest = rest[1], rest[2:]
	}
	if cmd == "version" {
		fmt.Fprintln(stdout, "dttsbot", version)
		return nil
	}
	if cmd == "help" || cmd == "-h" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := loadConfig(*cfgPath, getenv)
	if err != nil {
		return err
	}
	switch cmd {
	case "check-config":
		if _, _, err := loadPlan(cfg); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "config OK")
		return nil
	case "migrate":
		return cmdMigrate(ctx, cfg, stdout, stderr)
	case "invite":
		return cmdInvite(ctx, cfg, rest, stdout, stderr)
	case "admin":
		return cmdAdmin(ctx, cfg, rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, cfg, rest, stdout)
	case "export":
		return cmdExport(ctx, cfg, rest, stdout, stderr)
	case "import":
		return cmdImport(ctx, cfg, rest, stdout, stderr)
	case "console":
		return runBot(ctx, cfg, true, stdin, stdout, stderr)
	case "run":
		return runBot(ctx, cfg, false, stdin, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q; commands: %s", cmd, strings.Join([]string{"run", "console", "migrate",
		"check-config", "invite", "admin", "backup", "export", "import", "version"}, ", "))
}
