package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/storage"
)

func cmdMigrate(ctx context.Context, cfg *Config, stdout, stderr io.Writer) error {
	db, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s at schema version %d\n", cfg.Database, v)
	return nil
}

func cmdInvite(ctx context.Context, cfg *Config, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: dttsbot invite <unit-code>")
	}
	a, err := openApp(ctx, cfg, newLogger(stderr, "warn"))
	if err != nil {
		return err
	}
	defer a.close()
	u, err := a.db.UnitByCode(ctx, args[0])
	if err != nil {
		units, _ := a.db.Units(ctx)
		var codes []string
		for _, u := range units {
			codes = append(codes, u.Code)
		}
		return fmt.Errorf("no unit with code %q; codes: %s", args[0], strings.Join(codes, ", "))
	}
	inv, err := a.db.CreateInvite(ctx, u.ID, 0, cfg.Invites.TTL)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\ncode: %s\nexpires: %s\ntelegram: https://t.me/<bot>?start=%s\nzalo: /start %s\n",
		u.Name, inv.Code, inv.ExpiresAt.In(cfg.loc).Format(time.RFC3339), inv.Code, inv.Code)
	return nil
}

func cmdAdmin(ctx context.Context, cfg *Config, args []string, stdout, stderr io.Writer) error {
	if len(args) != 2 || args[0] != "add" || !channelIDRe.MatchString(args[1]) {
		return fmt.Errorf("usage: dttsbot admin add <telegram:ID|zalo:ID>")
	}
	a, err := openApp(ctx, cfg, newLogger(stderr, "warn"))
	if err != nil {
		return err
	}
	defer a.close()
	ch, id, _ := strings.Cut(args[1], ":")
	p, err := a.db.MakeAdmin(ctx, ch, id)
	if err != nil {
		return err
	}
	a.db.Audit(ctx, storage.AuditEntry{Actor: "cli", Action: "admin.add", ObjectType: "person", ObjectID: fmt.Sprint(p.ID)})
	fmt.Fprintf(stdout, "%s is an office admin\n", args[1])
	return nil
}
