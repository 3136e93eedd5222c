package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// annMaxRunes is the longest announcement: Zalo's 2000 characters, so an
// announcement is one message on every channel.
const annMaxRunes = 2000

// annMinGap is the shortest interval a recurring announcement may have.
const annMinGap = time.Hour

// announce runs /thongbao: the composing conversation, or "tiendo [id]" for
// delivery counts and "huy" to cancel a scheduled announcement.
func (d *Deps) announce(ctx context.Context, req *bot.Request) error {
	f := strings.Fields(bot.Fold(req.Args))
	if len(f) >= 2 && f[0] == "tien" && f[1] == "do" {
		f = append([]string{"tiendo"}, f[2:]...)
	}
	switch {
	case len(f) == 0:
		return req.Start(ctx, "announce", nil)
	case f[0] == "tiendo" || f[0] == "progress":
		if len(f) > 1 {
			id, err := strconv.ParseInt(strings.TrimPrefix(f[1], "#"), 10, 64)
			if err != nil {
				return bot.Errorf(bot.Invalid, "%s", msgAnnUsage)
			}
			return d.annProgress(ctx, req, id, "")
		}
		return d.annRecent(ctx, req)
	case f[0] == "huy" || f[0] == "cancel":
		as, err := d.DB.CancellableAnnouncements(ctx)
		if err != nil {
			return err
		}
		if len(as) == 0 {
			req.Say(msgAnnNothingToCancel)
			return nil
		}
		return req.Start(ctx, "announce_cancel", nil)
	}
	return bot.Errorf(bot.Invalid, "%s", msgAnnUsage)
}

func (d *Deps) outQuiet() storage.QuietHours {
	return storage.QuietHours{From: d.QuietFrom, To: d.QuietTo, Loc: d.Loc}
}

// annReply is the message every recipient gets. photo is a FileRef as JSON;
// the platform file reference travels in Attachment.URL (Telegram accepts a
// file id or a URL there).
func annReply(body, photo string) bot.Reply {
	r := bot.Reply{Text: body}
	if photo != "" {
		var ref bot.FileRef
		if json.Unmarshal([]byte(photo), &ref) == nil && (ref.URL != "" || ref.ID != "") {
			a := &bot.Attachment{Name: ref.Name, MIME: ref.MIME, URL: ref.URL}
			if a.URL == "" {
				a.URL = ref.ID
			}
			if a.Name == "" {
				a.Name = "thongbao.jpg"
			}
			r.Photo = a
		}
	}
	return r
}

func (d *Deps) announceFlow() *bot.Flow {
	return &bot.Flow{Name: "announce", Title: titleAnnounce, Steps: []bot.Step{
		{Key: "text", Prompt: outSay(msgAnnAskText), Handle: d.annText},
		{Key: "photo", Prompt: outChoices(msgAnnAskPhoto, bot.Choice{ID: "skip", Label: labelOutSkip}), Handle: annPhoto},
		{Key: "audience", Prompt: outChoices(msgAnnAskAudience, bot.Choice{ID: storage.AudienceAll, Label: labelAnnAudAll},
			bot.Choice{ID: storage.AudienceVillages, Label: labelAnnAudVillages}, bot.Choice{ID: storage.AudienceOfficers, Label: labelAnnAudOfficers}),
			Handle: annAudience},
		{Key: "villages", Prompt: d.annVillagesPrompt, Handle: d.annVillages},
		{Key: "when", Prompt: outChoices(msgAnnAskWhen, bot.Choice{ID: "now", Label: labelAnnWhenNow},
			bot.Choice{ID: "at", Label: labelAnnWhenAt}, bot.Choice{ID: "cron", Label: labelAnnWhenCron}), Handle: annWhen},
		{Key: "at", Prompt: outSay(msgAnnAskAt), Handle: d.annAt},
		{Key: "cron", Prompt: outSay(msgAnnAskCron), Handle: d.annCron},
		{Key: "preview", Prompt: d.annPreview, Handle: annConfirm},
	}, Done: d.annDone}
}

// say is a prompt of plain text; outChoices one with choices.
func outSay(text string) func(context.Context, *bot.Request, *bot.Conv) (bot.Reply, error) {
	return outChoices(text)
}

func outChoices(text string, cs ...bot.Choice) func(context.Context, *bot.Request, *bot.Conv) (bot.Reply, error) {
	return func(context.Context, *bot.Request, *bot.Conv) (bot.Reply, error) {
		return bot.Reply{Text: text, Choices: cs}, nil
	}
}

// outText checks a typed text: not empty, at most max runes.
func outText(in bot.Input, max int, example string) (string, error) {
	t := bot.Clean(in.Text)
	if t == "" {
		return "", bot.Errorf(bot.Invalid, msgOutTextEmpty, example)
	}
	if n := bot.Runes(t); n > max {
		return "", bot.Errorf(bot.Invalid, msgOutTextTooLong, n, max)
	}
	return t, nil
}

func (d *Deps) annText(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	t, err := outText(in, annMaxRunes, msgAnnTextExample)
	if err != nil {
		return "", err
	}
	c.Set("body", t)
	return bot.NextStep, nil
}

func annPhoto(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch {
	case in.Photo != nil:
		b, _ := json.Marshal(in.Photo)
		c.Set("photo", string(b))
	case in.Choice == "skip":
		c.Set("photo", "")
	default:
		return "", bot.Errorf(bot.Invalid, "%s", msgAnnPhotoPick)
	}
	return bot.NextStep, nil
}

func annAudience(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch in.Choice {
	case storage.AudienceVillages:
		c.Set("aud", in.Choice)
		return "villages", nil
	case storage.AudienceAll, storage.AudienceOfficers:
		c.Set("aud", in.Choice)
		c.Set("villages", "")
		return "when", nil
	}
	return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
}

func (d *Deps) annVillagesPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rep := bot.Reply{Text: msgAnnAskVillages, Multi: true}
	for i, v := range d.Plan.Villages {
		rep.Choices = append(rep.Choices, bot.Choice{ID: "v" + strconv.Itoa(i), Label: v})
	}
	return rep, nil
}

func (d *Deps) annVillages(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	var vs []string
	for _, id := range in.Choices {
		v, ok := d.outVillageChoice(id)
		if !ok {
			return "", bot.Errorf(bot.Invalid, "%s", msgAnnVillagesPick)
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return "", bot.Errorf(bot.Invalid, "%s", msgAnnVillagesPick)
	}
	c.Set("villages", strings.Join(vs, "\n"))
	return "when", nil
}

func annWhen(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch in.Choice {
	case "now":
		c.Set("when", "now")
		return "preview", nil
	case "at", "cron":
		c.Set("when", in.Choice)
		return in.Choice, nil
	}
	return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
}

// annParseTime reads "dd/mm/yyyy HH:MM" (also d/m/yyyy, yyyy-mm-dd and
// 15h04) in loc.
func annParseTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(s), "h", ":")), " ")
	for _, layout := range []string{"2/1/2006 15:04", "2006-1-2 15:04", "2/1/2006 15:4", "2-1-2006 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (d *Deps) annAt(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	t, ok := annParseTime(in.Text, d.Loc)
	if !ok {
		return "", bot.Errorf(bot.Invalid, "%s", msgAnnAtInvalid)
	}
	now := d.now()
	if !t.After(now) || t.After(now.AddDate(1, 0, 0)) {
		return "", bot.Errorf(bot.Invalid, "%s", msgAnnAtRange)
	}
	c.Set("at", t.UTC().Format(time.RFC3339))
	c.Set("cron", "")
	return "preview", nil
}

// parseAnnCron validates a 5-field cron spec (or @daily, @weekly …) and
// returns its schedule; occurrences closer than annMinGap are refused.
func parseAnnCron(spec string) (cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	if strings.Contains(strings.ToUpper(spec), "TZ=") {
		return nil, bot.Errorf(bot.Invalid, "%s", msgAnnCronInvalid)
	}
	s, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, bot.Errorf(bot.Invalid, "%s", msgAnnCronInvalid)
	}
	t := s.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for i := 0; i < 50 && !t.IsZero(); i++ {
		n := s.Next(t)
		if n.IsZero() {
			break
		}
		if n.Sub(t) < annMinGap {
			return nil, bot.Errorf(bot.Invalid, "%s", msgAnnCronTooOften)
		}
		t = n
	}
	return s, nil
}

func (d *Deps) annCron(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	spec := strings.Join(strings.Fields(in.Text), " ")
	s, err := parseAnnCron(spec)
	if err != nil {
		return "", err
	}
	if s.Next(d.now()).IsZero() {
		return "", bot.Errorf(bot.Invalid, "%s", msgAnnCronInvalid)
	}
	c.Set("cron", spec)
	c.Set("at", "")
	return "preview", nil
}

func annAudienceOf(c *bot.Conv) storage.Audience {
	a := storage.Audience{Kind: c.Get("aud")}
	if v := c.Get("villages"); v != "" && a.Kind == storage.AudienceVillages {
		a.Villages = strings.Split(v, "\n")
	}
	return a
}

func annAudienceLabel(a storage.Audience) string {
	switch a.Kind {
	case storage.AudienceOfficers:
		return labelAnnAudOfficers
	case storage.AudienceVillages:
		return fmt.Sprintf(msgAnnAudVillages, strings.Join(a.Villages, ", "))
	}
	return labelAnnAudAll
}

// annWhenLabel says when the conversation's announcement goes out.
func (d *Deps) annWhenLabel(c *bot.Conv) string {
	switch c.Get("when") {
	case "at":
		t, _ := time.Parse(time.RFC3339, c.Get("at"))
		return fmt.Sprintf(msgAnnWhenAt, t.In(d.Loc).Format("15:04 02/01/2006"))
	case "cron":
		s, err := cron.ParseStandard(c.Get("cron"))
		if err != nil {
			return c.Get("cron")
		}
		return fmt.Sprintf(msgAnnWhenCron, c.Get("cron"), s.Next(d.now()).Format("15:04 02/01/2006"))
	}
	return labelAnnWhenNow
}

func (d *Deps) annPreview(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	req.Reply(annReply(c.Get("body"), c.Get("photo")))
	aud := annAudienceOf(c)
	at := d.now()
	if c.Get("when") == "at" {
		at, _ = time.Parse(time.RFC3339, c.Get("at"))
	}
	total, held, err := d.DB.CountRecipients(ctx, aud, d.outQuiet(), at)
	if err != nil {
		return bot.Reply{}, err
	}
	text := fmt.Sprintf(msgAnnPreview, annAudienceLabel(aud), d.annWhenLabel(c), total)
	if held > 0 && c.Get("when") != "cron" {
		text += "\n" + fmt.Sprintf(msgAnnPreviewHeld, held, d.outQuietEnd())
	}
	ok := labelOutSend
	if c.Get("when") != "now" {
		ok = labelOutSchedule
	}
	return bot.Reply{Text: text, Choices: []bot.Choice{{ID: "ok", Label: ok}, {ID: "cancel", Label: labelOutCancel}}}, nil
}

func (d *Deps) outQuietEnd() string { return fmt.Sprintf("%02d:%02d", d.QuietTo/60, d.QuietTo%60) }

func annConfirm(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch in.Choice {
	case "ok":
		return bot.Finish, nil
	case "cancel":
		req.Say(routerMessages.Cancelled)
		return bot.End, nil
	}
	return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
}

func (d *Deps) annDone(ctx context.Context, req *bot.Request, c *bot.Conv) error {
	a := storage.Announcement{Body: c.Get("body"), Photo: c.Get("photo"), Audience: annAudienceOf(c), CreatedBy: req.User.PersonID,
		Origin: updateOrigin(req.Update)}
	switch c.Get("when") {
	case "at":
		a.SendAt, _ = time.Parse(time.RFC3339, c.Get("at"))
	case "cron":
		a.Schedule = c.Get("cron")
	default:
		q := &storage.Queue{Payload: bot.EncodeReply(annReply(a.Body, a.Photo)), Quiet: d.outQuiet(), At: d.now()}
		id, n, err := d.DB.CreateAnnouncement(ctx, a, q)
		if err != nil {
			return err
		}
		req.Reply(annProgressButton(fmt.Sprintf(msgAnnQueued, id, n, id), id))
		return nil
	}
	id, _, err := d.DB.CreateAnnouncement(ctx, a, nil)
	if err != nil {
		return err
	}
	req.Say(fmt.Sprintf(msgAnnScheduled, id, d.annWhenLabel(c)))
	return nil
}

// annProgressButton adds the "Xem tiến độ" button (data "ann.p<id>").
func annProgressButton(text string, id int64) bot.Reply {
	return bot.Reply{Text: text, Choices: []bot.Choice{{ID: "ann.p" + strconv.FormatInt(id, 10), Label: labelAnnProgress}}}
}

// annCallback handles the announcement buttons: "ann.p<id>" shows the
// delivery counts, editing the pressed message so it updates in place.
func (d *Deps) annCallback(ctx context.Context, req *bot.Request) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(req.Args, "p"), 10, 64)
	if !strings.HasPrefix(req.Args, "p") || err != nil {
		return bot.Errorf(bot.Conflict, "%s", routerMessages.Stale)
	}
	return d.annProgress(ctx, req, id, req.Update.MessageID)
}

// annProgress shows how far an announcement's delivery is (from the
// outbox: delivered, waiting, failed, blocked the bot).
func (d *Deps) annProgress(ctx context.Context, req *bot.Request, id int64, edit string) error {
	a, err := d.DB.Announcement(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return bot.Errorf(bot.NotFound, msgAnnNotFound, id)
	}
	if err != nil {
		return err
	}
	counts, err := d.DB.OutboxCounts(ctx, id)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	text := fmt.Sprintf(msgAnnProgress, id, annStatusLabel(a.Status), counts[storage.OutSent], counts[storage.OutPending],
		counts[storage.OutFailed], counts[storage.OutBlocked], total, d.now().Format("15:04:05"))
	rep := annProgressButton(text, id)
	rep.Edit = edit
	req.Reply(rep)
	return nil
}

func annStatusLabel(s string) string {
	switch s {
	case storage.AnnScheduled:
		return labelAnnScheduled
	case storage.AnnCancelled:
		return labelAnnCancelled
	}
	return labelAnnQueued
}

// annRecent lists the latest announcements with their counts.
func (d *Deps) annRecent(ctx context.Context, req *bot.Request) error {
	as, err := d.DB.RecentAnnouncements(ctx, 5)
	if err != nil {
		return err
	}
	if len(as) == 0 {
		req.Say(msgAnnNone)
		return nil
	}
	for _, a := range as {
		if err := d.annProgress(ctx, req, a.ID, ""); err != nil {
			return err
		}
	}
	return nil
}

func (d *Deps) annCancelFlow() *bot.Flow {
	return &bot.Flow{Name: "announce_cancel", Title: titleAnnCancel, Steps: []bot.Step{{
		Key: "pick",
		Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
			as, err := d.DB.CancellableAnnouncements(ctx)
			if err != nil {
				return bot.Reply{}, err
			}
			rep := bot.Reply{Text: msgAnnPickCancel}
			for _, a := range as {
				rep.Choices = append(rep.Choices, bot.Choice{ID: strconv.FormatInt(a.ID, 10), Label: d.annShort(a)})
			}
			return rep, nil
		},
		Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
			id, err := strconv.ParseInt(in.Choice, 10, 64)
			if err != nil {
				return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
			}
			n, err := d.DB.CancelAnnouncement(ctx, id, req.User.PersonID)
			if errors.Is(err, storage.ErrNotFound) {
				return "", bot.Errorf(bot.NotFound, msgAnnNotFound, id)
			}
			if err != nil {
				return "", err
			}
			req.Say(fmt.Sprintf(msgAnnCancelled, id, n))
			return bot.End, nil
		},
	}}}
}

// annShort labels an announcement in a list: number, when, first words.
func (d *Deps) annShort(a storage.Announcement) string {
	when := labelAnnWhenNow
	switch {
	case a.Schedule != "":
		when = a.Schedule
	case !a.SendAt.IsZero():
		when = a.SendAt.In(d.Loc).Format("15:04 02/01")
	}
	return fmt.Sprintf("#%d (%s) %s", a.ID, when, bot.Truncate(strings.ReplaceAll(a.Body, "\n", " "), 30))
}

// updateOrigin names the platform update being handled ("" on the console,
// whose lines are not stored), so a write repeated when the update is
// handled again after a crash can be recognised.
func updateOrigin(u bot.Update) string {
	if u.Key == "" {
		return ""
	}
	return u.Channel + ":" + u.Key
}
