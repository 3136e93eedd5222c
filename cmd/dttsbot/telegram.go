package main

import (
	"context"

	"github.com/dttsbot/dttsbot/bot"
)

// telegramChannel builds the Telegram adapter when a token is set (nil
// otherwise) and registers its sender.
func (a *app) telegramChannel(ctx context.Context) (bot.Channel, error) {
	if a.cfg.Telegram.Token == "" {
		return nil, nil
	}
	return nil, nil // the adapter lands with the Telegram issue
}
