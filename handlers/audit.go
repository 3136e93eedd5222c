package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// auditPageSize is how many entries one /nhatky page shows.
const auditPageSize = 15

// auditLog runs /nhatky: the newest audit entries; "/nhatky 120" pages
// from before entry 120 (what the button does, for text channels).
func (d *Deps) auditLog(ctx context.Context, req *bot.Request) error {
	var before int64
	if a := strings.TrimPrefix(strings.TrimSpace(req.Args), "#"); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil || n <= 0 {
			return bot.Errorf(bot.Invalid, msgAuditBadArg)
		}
		before = n
	}
	return d.auditPage(ctx, req, before)
}

// auditMore is the "Xem tiếp" button: data "nk.<id>" pages from before id.
func (d *Deps) auditMore(ctx context.Context, req *bot.Request) error {
	before, err := strconv.ParseInt(req.Args, 10, 64)
	if err != nil || before <= 0 {
		return bot.Errorf(bot.Conflict, "%s", routerMessages.Stale)
	}
	return d.auditPage(ctx, req, before)
}

// auditPage shows one page, newest first: when, who, what, which record.
// Viewing the log is itself recorded (after reading, so the page shows
// what was there before this view).
func (d *Deps) auditPage(ctx context.Context, req *bot.Request, before int64) error {
	entries, err := d.DB.AuditPage(ctx, before, auditPageSize+1)
	if err != nil {
		return err
	}
	more := len(entries) > auditPageSize
	if more {
		entries = entries[:auditPageSize]
	}
	var ids []int64
	for _, e := range entries {
		if e.ActorID != 0 {
			ids = append(ids, e.ActorID)
		}
	}
	names, err := d.DB.AuditActors(ctx, ids)
	if err != nil {
		return err
	}
	var b strings.Builder
	if len(entries) == 0 {
		b.WriteString(msgAuditEmpty)
	} else {
		b.WriteString(msgAuditHeader)
	}
	for _, e := range entries {
		b.WriteString("\n" + d.auditLine(e, names))
	}
	rep := bot.Reply{}
	if more {
		last := strconv.FormatInt(entries[len(entries)-1].ID, 10)
		fmt.Fprintf(&b, "\n\n"+msgAuditNext, last)
		rep.Choices = []bot.Choice{{ID: "nk." + last, Label: lblAuditMore}}
	}
	rep.Text = b.String()
	req.Reply(rep)
	return d.DB.Audit(ctx, storage.AuditEntry{ActorID: req.User.PersonID, Actor: req.User.Role.String(), Action: "audit.view",
		ObjectType: "audit", ObjectID: strconv.FormatInt(before, 10), Detail: fmt.Sprintf("n=%d", len(entries))})
}

// auditLine is "#12 01/09 09:00 — Nguyễn An: thêm cán bộ — cán bộ #5 (unit=2)".
func (d *Deps) auditLine(e storage.AuditEntry, names map[int64]string) string {
	who := names[e.ActorID]
	switch {
	case who == "" && e.Actor == "cli":
		who = msgAuditCLI
	case who == "" && e.Actor != "":
		who = e.Actor
	case who == "":
		who = msgAuditSystem
	}
	what, ok := auditActions[e.Action]
	if !ok {
		what = e.Action
	}
	s := fmt.Sprintf("#%d %s — %s: %s", e.ID, e.At.In(d.Loc).Format("02/01 15:04"), who, what)
	if e.ObjectType != "" || e.ObjectID != "" {
		obj := auditObjects[e.ObjectType]
		if obj == "" {
			obj = e.ObjectType
		}
		if e.ObjectID != "" && e.ObjectID != "0" {
			obj += " #" + e.ObjectID
		}
		s += " — " + strings.TrimSpace(obj)
	}
	if e.Detail != "" {
		s += " (" + bot.Truncate(e.Detail, 80) + ")"
	}
	return s
}
