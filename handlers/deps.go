// Package handlers holds one file per feature or conversation. Register lists
// every command, alias, phrase, button and flow in one place. Handlers parse,
// call storage and reply; no SQL, no platform types.
package handlers

import (
	"log/slog"
	"time"

	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// Deps is what handlers need.
type Deps struct {
	DB   *storage.DB
	Plan *plan.Plan
	Log  *slog.Logger
	// BotUsername is the Telegram bot's username, for deep links.
	BotUsername string
	// Loc is the commune's time zone.
	Loc *time.Location
	// InviteTTL is how long an invite code is valid.
	InviteTTL time.Duration
}

func (d *Deps) now() time.Time { return d.DB.Now().In(d.Loc) }
