package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/telegram"
	"github.com/dttsbot/dttsbot/handlers"
	"github.com/dttsbot/dttsbot/storage"
)

// telegramChannel builds the Telegram adapter when a token is set (nil
// otherwise), registers its sender and, in webhook mode, its handler on the
// HTTP server; it sets the bot's username for deep links and the command
// menus, and refreshes a chat's menu when its person's role changes.
func (a *app) telegramChannel(ctx context.Context) (bot.Channel, error) {
	c := a.cfg.Telegram
	if c.Token == "" {
		return nil, nil
	}
	poll := time.Duration(c.PollTimeout) * time.Second
	if c.PollTimeout == 0 {
		poll = -1 // short polling
	}
	ad, err := telegram.New(ctx, telegram.Options{Token: c.Token, APIEndpoint: c.APIEndpoint, FileEndpoint: c.FileEndpoint,
		Webhook: c.Mode == "webhook", WebhookURL: c.Webhook.URL, WebhookSecret: c.Webhook.Secret, PollTimeout: poll, CallTimeout: c.CallTimeout, Log: a.log})
	if err != nil {
		return nil, err
	}
	a.log.Info("telegram connected", "channel", telegram.Name, "bot", ad.Username(), "mode", c.Mode)
	a.deps.BotUsername = ad.Username()
	l := a.cfg.Limits
	s := a.addSender(ad, bot.Limits{PerSecond: l.TelegramPerSecond, PerChat: l.TelegramPerChat,
		GroupPerMinute: l.TelegramGroupPerMin, Concurrency: l.SendConcurrency})
	s.IsGroup = func(chatID string) bool { return strings.HasPrefix(chatID, "-") }
	ad.SetPace(s.Pace)
	if c.Mode == "webhook" {
		a.httpMux().Handle("POST "+c.Webhook.Path, ad.WebhookHandler())
	}
	a.deps.Fetcher = telegramFetcher{ad: ad}
	menus := &telegramMenus{ad: ad, db: a.db, router: a.router, log: a.log}
	a.deps.RoleChanged = menus.refreshLater
	go menus.setAll(ctx)
	return ad, nil
}

// telegramFetcher downloads the files users send on Telegram (the staff
// import), through telegram.file_endpoint, up to 10 MB.
type telegramFetcher struct{ ad *telegram.Adapter }

// Fetch downloads a file a user sent.
func (f telegramFetcher) Fetch(ctx context.Context, ref bot.FileRef) ([]byte, error) {
	return f.ad.Download(ctx, ref.ID, 10<<20)
}

// telegramMenus keeps the command menus: the public commands by default, and
// each officer's and admin's own in their chat.
type telegramMenus struct {
	ad     *telegram.Adapter
	db     *storage.DB
	router *bot.Router
	log    *slog.Logger
}

// setAll sets the default menu and the menu of every officer and admin.
func (m *telegramMenus) setAll(ctx context.Context) {
	public := telegram.MenuOf(m.router.CommandsFor(bot.Principal{Role: bot.Stranger}))
	if err := m.ad.SetCommands(ctx, 0, public); err != nil {
		m.log.Warn("telegram default menu not set", "channel", telegram.Name, "err", err)
	}
	ids, err := m.db.AdminIdentities(ctx)
	if err != nil {
		m.log.Warn("telegram menus: list admins", "err", err)
		return
	}
	units, err := m.db.Units(ctx)
	if err != nil {
		m.log.Warn("telegram menus: list units", "err", err)
		return
	}
	for _, u := range units {
		off, err := m.db.UnitOfficers(ctx, u.ID)
		if err != nil {
			m.log.Warn("telegram menus: list officers", "err", err)
			return
		}
		ids = append(ids, off...)
	}
	done := map[int64]bool{}
	for _, id := range ids {
		if id.Channel == telegram.Name && !done[id.PersonID] {
			done[id.PersonID] = true
			if err := m.refresh(ctx, id.PersonID); err != nil {
				m.log.Warn("telegram menu not set", "channel", telegram.Name, "err", err)
			}
		}
	}
}

// refreshLater refreshes a person's menus in the background: it is called
// from a handler, whose update must not wait for Telegram.
func (m *telegramMenus) refreshLater(personID int64) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := m.refresh(ctx, personID); err != nil {
			m.log.Warn("telegram menu not refreshed", "channel", telegram.Name, "err", err)
		}
	}()
}

// refresh sets the menu of each Telegram chat of a person to the commands
// of the person's role. It only reads: a person erased meanwhile is not
// brought back.
func (m *telegramMenus) refresh(ctx context.Context, personID int64) error {
	ids, err := m.db.Identities(ctx, personID)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil // erased, or no identity left
	}
	p, err := m.db.Person(ctx, personID)
	if err != nil {
		return err
	}
	pr := bot.Principal{PersonID: p.ID, Role: handlers.RoleOf(p.Role), UnitID: p.UnitID, Name: p.Name}
	if p.UnitID != 0 {
		if u, err := m.db.Unit(ctx, p.UnitID); err == nil {
			pr.UnitKind = u.Kind
		}
	}
	cmds := telegram.MenuOf(m.router.CommandsFor(pr))
	for _, id := range ids {
		if id.Channel != telegram.Name || id.Blocked {
			continue
		}
		chat, err := strconv.ParseInt(id.ExternalID, 10, 64)
		if err != nil {
			continue
		}
		if err := m.ad.SetCommands(ctx, chat, cmds); err != nil {
			return fmt.Errorf("set menu of person %d: %w", personID, err)
		}
	}
	return nil
}
