package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/console"
)

// runBot runs the channels that have a token, or the console when none has
// one (or when forced).
func runBot(ctx context.Context, cfg *Config, forceConsole bool, stdin io.Reader, stdout, stderr io.Writer) error {
	consoleMode := forceConsole || (cfg.Telegram.Token == "" && cfg.Zalo.Token == "")
	level := cfg.LogLevel
	if consoleMode && level == "info" {
		level = "warn" // keep the terminal for the conversation
	}
	log := newLogger(stderr, level)
	a, err := openApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	if consoleMode {
		return a.runConsole(ctx, stdin, stdout)
	}
	err = a.runChannels(ctx)
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return nil // stopped by a signal while starting: a clean stop
	}
	return err
}

// runConsole chats through the terminal. On an empty database the console
// user becomes an office admin, so a newcomer can try every flow.
func (a *app) runConsole(ctx context.Context, stdin io.Reader, stdout io.Writer) error {
	n, err := a.db.CountAdmins(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := a.db.MakeAdmin(ctx, "console", "1"); err != nil {
			return err
		}
	}
	var senders []*bot.Sender
	for _, p := range console.Printers(stdout, "console", "telegram", "zalo") {
		senders = append(senders, a.addSender(p, bot.Limits{}))
	}
	fmt.Fprintf(stdout, "[console] dttsbot — %s. Gõ /help để bắt đầu; /as telegram:ID để đổi người dùng.\n", a.plan.Commune)
	flush := func(ctx context.Context) error {
		for _, s := range senders {
			if err := s.Drain(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	if err := flush(ctx); err != nil {
		return err
	}
	return console.Loop(ctx, stdin, stdout, "console:1", a.router.HandleUpdate, flush)
}

// runChannels runs every channel with a token until ctx ends.
func (a *app) runChannels(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var channels []bot.Channel
	for _, build := range []func(context.Context) (bot.Channel, error){a.telegramChannel, a.zaloChannel} {
		ch, err := build(ctx)
		if err != nil {
			return err
		}
		if ch != nil {
			channels = append(channels, ch)
		}
	}
	if len(channels) == 0 {
		return fmt.Errorf("no channel could start")
	}
	a.channels = channels
	if _, err := a.serveHTTP(ctx); err != nil {
		return fmt.Errorf("http.listen: %w", err)
	}
	stopJobs, err := a.startScheduler(ctx)
	if err != nil {
		return err
	}
	defer stopJobs()
	a.disp.Start(ctx)
	var wg sync.WaitGroup
	errs := make(chan error, len(channels))
	for _, ch := range channels {
		if n, err := a.disp.Resume(ctx, ch.Name()); err != nil {
			return err
		} else if n > 0 {
			a.log.Info("resuming unhandled updates", "channel", ch.Name(), "count", n)
		}
		s := a.senders[ch.Name()]
		wg.Add(2)
		go func() { defer wg.Done(); s.Run(ctx) }()
		go func(ch bot.Channel) {
			defer wg.Done()
			if err := ch.Run(ctx, a.disp); err != nil && ctx.Err() == nil {
				errs <- fmt.Errorf("%s: %w", ch.Name(), err)
			}
		}(ch)
	}
	err = nil
	select {
	case <-ctx.Done():
	case err = <-errs:
	}
	cancel()
	wg.Wait()
	a.disp.Wait()
	return err
}
