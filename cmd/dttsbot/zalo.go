package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/bot/zalo"
	"github.com/dttsbot/dttsbot/handlers"
)

// zaloChannel builds the Zalo adapter when a token is set (nil otherwise)
// and registers its sender. It checks the token with getMe: a token the
// platform rejects stops the start with one line naming zalo.token; a
// platform that cannot be reached only delays (the adapter retries).
// In webhook mode it mounts the webhook on the HTTP server.
func (a *app) zaloChannel(ctx context.Context) (bot.Channel, error) {
	c := a.cfg.Zalo
	if c.Token == "" {
		return nil, nil
	}
	files, err := a.fileHost(ctx)
	if err != nil {
		return nil, err
	}
	cfg := zalo.Config{Token: c.Token, APIBase: c.APIBase, Mode: c.Mode, PollTimeout: time.Duration(c.PollTimeout) * time.Second,
		CallTimeout: c.CallTimeout, WebhookURL: c.WebhookURL, WebhookSecret: c.WebhookSecret, Texts: zalo.Texts(handlers.TextChannelWords()), Log: a.log}
	if c.PollTimeout == 0 {
		cfg.PollTimeout = time.Second // 0 in the config: short polls
	}
	if files != nil {
		cfg.Files = files
	}
	ad, err := zalo.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("config: zalo: %w", err)
	}
	me, err := ad.GetMe(ctx)
	var ae *zalo.APIError
	switch {
	case errors.As(err, &ae) && (ae.HTTPStatus == http.StatusUnauthorized || ae.HTTPStatus == http.StatusForbidden ||
		ae.HTTPStatus == http.StatusNotFound || ae.Code == 401 || ae.Code == 403):
		return nil, fmt.Errorf("config: zalo.token: the platform rejects the token (%v)", err)
	case err != nil:
		a.log.Warn("zalo getMe failed; the adapter will keep trying", "err", err)
	default:
		a.log.Info("zalo bot ready", "account_name", me.AccountName, "mode", cfg.Mode)
	}
	if cfg.Mode == "webhook" {
		if !strings.HasPrefix(c.WebhookPath, "/") || strings.ContainsAny(c.WebhookPath, " \t\r\n{}") {
			return nil, fmt.Errorf("config: zalo.webhook_path: %q — want a path such as /zalo/webhook", c.WebhookPath)
		}
		a.httpMux().Handle("POST "+c.WebhookPath, ad.WebhookHandler())
	}
	a.addSender(ad, bot.Limits{PerSecond: a.cfg.Limits.ZaloPerSecond, Concurrency: a.cfg.Limits.SendConcurrency})
	return ad, nil
}
