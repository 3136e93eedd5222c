package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// Glue adapts storage to the interfaces of the bot core: Directory, Store,
// InboundStore and OutboxStore.
type Glue struct {
	DB *storage.DB
}

// Resolve finds (or creates, as a stranger) the person behind an update.
func (g Glue) Resolve(ctx context.Context, u bot.Update) (bot.Principal, error) {
	chat := u.ChatID
	if u.Group {
		chat = "" // the identity's chat stays the private one
	}
	p, err := g.DB.EnsurePerson(ctx, u.Channel, u.UserID, bot.Truncate(bot.Clean(u.UserName), 100), chat)
	if err != nil {
		return bot.Principal{}, err
	}
	return g.principal(ctx, p)
}

func (g Glue) principal(ctx context.Context, p storage.Person) (bot.Principal, error) {
	pr := bot.Principal{PersonID: p.ID, Role: RoleOf(p.Role), UnitID: p.UnitID, Name: p.Name}
	if p.UnitID != 0 {
		u, err := g.DB.Unit(ctx, p.UnitID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return pr, err
		}
		pr.UnitKind = u.Kind
	}
	return pr, nil
}

// RoleOf maps a stored role to the router's.
func RoleOf(s string) bot.Role {
	switch s {
	case storage.RoleAdmin:
		return bot.Admin
	case storage.RoleOfficer:
		return bot.Officer
	case storage.RoleResident:
		return bot.Resident
	}
	return bot.Stranger
}

// LoadConv loads a saved conversation.
func (g Glue) LoadConv(ctx context.Context, channel, userID string) (*bot.Conv, error) {
	c, err := g.DB.Conversation(ctx, channel, userID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var conv bot.Conv
	if err := json.Unmarshal(c.State, &conv); err != nil {
		return nil, nil // an unreadable state is dropped, not fatal
	}
	return &conv, nil
}

// Commit writes the outcome of one update in one transaction.
func (g Glue) Commit(ctx context.Context, o bot.Outcome) error {
	f := storage.Finish{Channel: o.Update.Channel, UserID: o.Update.UserID, ConvDrop: o.DropConv}
	if o.Conv != nil {
		b, err := json.Marshal(o.Conv)
		if err != nil {
			return fmt.Errorf("encode conversation: %w", err)
		}
		f.ConvSet = &storage.Conversation{Flow: o.Conv.Flow, State: b}
	}
	for _, m := range o.Out {
		f.Out = append(f.Out, outMsg(m))
	}
	if o.Update.Key != "" {
		f.InboundChannel, f.InboundKey = o.Update.Channel, o.Update.Key
	}
	return g.DB.Finish(ctx, f)
}

func outMsg(m bot.Out) storage.OutMsg {
	return storage.OutMsg{Channel: m.Channel, ChatID: m.ChatID, Payload: bot.EncodeReply(m.Reply),
		Priority: m.Priority, DedupKey: m.DedupKey}
}

// StoreUpdates stores keyed updates and returns the new ones.
func (g Glue) StoreUpdates(ctx context.Context, ups []bot.Update) ([]bot.Update, error) {
	in := make([]storage.Inbound, 0, len(ups))
	byKey := make(map[string]bot.Update, len(ups))
	for _, u := range ups {
		b, _ := json.Marshal(u)
		in = append(in, storage.Inbound{Channel: u.Channel, Key: u.Key, Payload: b})
		byKey[u.Channel+"\x00"+u.Key] = u
	}
	fresh, err := g.DB.StoreInbound(ctx, in)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Update, 0, len(fresh))
	for _, f := range fresh {
		out = append(out, byKey[f.Channel+"\x00"+f.Key])
	}
	return out, nil
}

// PendingUpdates lists stored updates not yet handled.
func (g Glue) PendingUpdates(ctx context.Context, channel string) ([]bot.Update, error) {
	in, err := g.DB.PendingInbound(ctx, channel)
	if err != nil {
		return nil, err
	}
	var out []bot.Update
	for _, i := range in {
		var u bot.Update
		if err := json.Unmarshal(i.Payload, &u); err != nil {
			continue
		}
		out = append(out, u)
	}
	return out, nil
}

// Due lists outbox messages due now.
func (g Glue) Due(ctx context.Context, channel string, limit int, exclude []int64) ([]bot.Queued, error) {
	ms, err := g.DB.DueOutbox(ctx, channel, limit, exclude)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Queued, 0, len(ms))
	for _, m := range ms {
		r, err := bot.DecodeReply(m.Payload)
		if err != nil {
			g.DB.MarkFinal(ctx, m.ID, storage.OutFailed, "undecodable payload")
			continue
		}
		out = append(out, bot.Queued{ID: m.ID, Channel: m.Channel, ChatID: m.ChatID, Reply: r, Priority: m.Priority, Attempts: m.Attempts})
	}
	return out, nil
}

// NextDue is when the next pending message is due.
func (g Glue) NextDue(ctx context.Context, channel string) (time.Time, error) {
	return g.DB.NextOutboxTime(ctx, channel)
}

// Sent marks a message delivered.
func (g Glue) Sent(ctx context.Context, id int64) error { return g.DB.MarkSent(ctx, id) }

// Retry schedules another attempt.
func (g Glue) Retry(ctx context.Context, id int64, next time.Time, cause string) error {
	return g.DB.MarkRetry(ctx, id, next, cause)
}

// Final gives up on a message.
func (g Glue) Final(ctx context.Context, id int64, state, cause string) error {
	return g.DB.MarkFinal(ctx, id, state, cause)
}

// Blocked marks a chat that blocked the bot.
func (g Glue) Blocked(ctx context.Context, channel, chatID string) error {
	return g.DB.MarkBlocked(ctx, channel, chatID)
}

// HoldChat delays a chat's pending messages until until (bot.ChatHolder).
func (g Glue) HoldChat(ctx context.Context, channel, chatID string, until time.Time) error {
	return g.DB.HoldOutboxChat(ctx, channel, chatID, until)
}

// MoveChat follows a migrated chat.
func (g Glue) MoveChat(ctx context.Context, channel, from, to string) error {
	return g.DB.MoveChat(ctx, channel, from, to)
}
