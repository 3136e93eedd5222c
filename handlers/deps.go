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
	// RoleChanged, when set, is called after a person's role changed.
	RoleChanged func(personID int64)
	// Files, when set, turns a file into a download link (text channels).
	Files FileHost
	// Fetcher, when set, downloads files users send (the staff import).
	Fetcher Fetcher
	// QuietFrom and QuietTo are the residents' quiet hours in minutes after
	// midnight; equal values mean none.
	QuietFrom, QuietTo int
}

// FileHost publishes a file under a signed, expiring URL.
type FileHost interface {
	Publish(name string, data []byte) (url string, err error)
}

func (d *Deps) now() time.Time { return d.DB.Now().In(d.Loc) }

// rules are the plan's coverage rules in storage's terms.
func (d *Deps) rules() []storage.AreaRule {
	var out []storage.AreaRule
	for _, r := range d.Plan.CoverageRules() {
		out = append(out, storage.AreaRule{Area: r.Area, LevelField: r.LevelField, Sufficient: r.Sufficient})
	}
	return out
}

// roleChanged tells the channels that a person's role changed (Telegram
// refreshes that chat's command menu).
func (d *Deps) roleChanged(personID int64) {
	if d.RoleChanged != nil {
		d.RoleChanged(personID)
	}
}
