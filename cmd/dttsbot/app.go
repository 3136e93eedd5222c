package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/handlers"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// app is the wired program.
type app struct {
	cfg     *Config
	log     *slog.Logger
	db      *storage.DB
	plan    *plan.Plan
	deps    *handlers.Deps
	router  *bot.Router
	disp    *bot.Dispatcher
	senders map[string]*bot.Sender
	mux     *http.ServeMux
	metrics *metrics
	// channels are the running channels (for /healthz).
	channels []bot.Channel
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

func loadPlan(cfg *Config) (*plan.Plan, []byte, error) {
	p, body, err := plan.Load(cfg.Plan)
	if err != nil {
		return nil, nil, fmt.Errorf("config: plan: %v", err)
	}
	if cfg.Reporting.Deadline != "" {
		p.Deadline = cfg.Reporting.Deadline
	}
	return p, body, nil
}

// openApp loads the plan, opens and migrates the database, upserts the
// plan's units and the configured admins, and builds the router.
func openApp(ctx context.Context, cfg *Config, log *slog.Logger) (*app, error) {
	p, body, err := loadPlan(cfg)
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	source := cfg.Plan
	if source == "" {
		source = "built-in"
	}
	var units []storage.UnitSpec
	for _, u := range p.Units {
		units = append(units, storage.UnitSpec{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.Parent, Lead: u.Lead, Duties: u.Duties})
	}
	if err := db.SavePlan(ctx, p.Commune, source, body, units); err != nil {
		db.Close()
		return nil, err
	}
	for _, a := range cfg.Admins {
		ch, id, _ := strings.Cut(a, ":")
		if _, err := db.MakeAdmin(ctx, ch, id); err != nil {
			db.Close()
			return nil, fmt.Errorf("config: admins: %s: %w", a, err)
		}
	}
	a := &app{cfg: cfg, log: log, db: db, plan: p, senders: map[string]*bot.Sender{}}
	a.deps = &handlers.Deps{DB: db, Plan: p, Log: log, Loc: cfg.loc, InviteTTL: cfg.Invites.TTL}
	a.deps.QuietFrom, a.deps.QuietTo = quietHours(cfg)
	glue := handlers.Glue{DB: db}
	a.router = bot.NewRouter(glue, glue, handlers.RouterMessages(), log)
	handlers.Register(a.router, a.deps)
	a.disp = bot.NewDispatcher(a.router, glue, cfg.Limits.Workers, 64, log)
	a.metrics = a.newMetrics()
	a.router.Queued = func(channel string) {
		if s := a.senders[channel]; s != nil {
			s.Notify()
		}
	}
	return a, nil
}

func (a *app) close() { a.db.Close() }

// addSender registers the outbox sender of a channel.
func (a *app) addSender(ch bot.Channel, lim bot.Limits) *bot.Sender {
	s := bot.NewSender(ch, handlers.Glue{DB: a.db}, lim, a.log)
	s.Observe = a.metrics.observeSend
	a.senders[ch.Name()] = s
	return s
}

// quietHours is outreach.quiet_hours in minutes after midnight (equal: none).
func quietHours(cfg *Config) (from, to int) {
	if qh := cfg.Outreach.QuietHours; qh != nil && *qh != "" {
		from, to, _ = ParseQuietHours(*qh) // validated with the config
	}
	return from, to
}
