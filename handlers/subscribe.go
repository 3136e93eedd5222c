package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// consentVersion names the consent text (msgConsent) a subscriber agreed
// to; change it whenever that text changes.
const consentVersion = "2026-07-v1"

// subscribeLinkPrefix starts a deep-link payload that subscribes with a
// village preselected: /start sub_<village-slug>.
const subscribeLinkPrefix = "sub_"

// subscribeInterests are the topics a subscriber may pick.
var subscribeInterests = []bot.Choice{
	{ID: "job", Label: labelInterestJobs},
	{ID: "train", Label: labelInterestTraining},
	{ID: "policy", Label: labelInterestPolicy},
}

// subscribe runs /dangky: the consent conversation, or "/dangky qr" (admins)
// for the posters' QR codes.
func (d *Deps) subscribe(ctx context.Context, req *bot.Request) error {
	if f := bot.Fold(req.Args); f == "qr" || strings.HasPrefix(f, "qr ") {
		if req.User.Role != bot.Admin {
			return bot.Errorf(bot.Forbidden, "%s", routerMessages.Forbidden)
		}
		return d.subscribeQR(ctx, req)
	}
	return req.Start(ctx, "subscribe", nil)
}

// subscribeFromLink handles "/start sub_<slug>": the consent conversation
// with the poster's village preselected (an unknown slug preselects none).
func (d *Deps) subscribeFromLink(ctx context.Context, req *bot.Request, slug string) error {
	data := map[string]string{}
	if v, ok := d.subscribeVillageBySlug(slug); ok {
		data["village"] = v
	}
	return req.Start(ctx, "subscribe", data)
}

// subscribeSlug is a village name as a deep-link payload: folded (no
// diacritics, lower case), spaces as "-", only a-z0-9_-, at most 60
// characters so "sub_" + slug fits Telegram's 64.
func subscribeSlug(name string) string {
	var b strings.Builder
	for _, r := range bot.Fold(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// subscribeVillageBySlug finds the plan's village of a slug ("_" and "-" alike).
func (d *Deps) subscribeVillageBySlug(slug string) (string, bool) {
	want := strings.ReplaceAll(strings.ToLower(slug), "_", "-")
	for _, v := range d.Plan.Villages {
		if strings.ReplaceAll(subscribeSlug(v), "_", "-") == want {
			return v, true
		}
	}
	return "", false
}

func (d *Deps) subscribeLink(village string) string {
	return fmt.Sprintf("https://t.me/%s?start=%s%s", d.botName(), subscribeLinkPrefix, subscribeSlug(village))
}

// subscribeQR sends one QR code PNG per village, for posters.
func (d *Deps) subscribeQR(ctx context.Context, req *bot.Request) error {
	if len(d.Plan.Villages) == 0 {
		return bot.Errorf(bot.NotFound, "%s", msgQRNoVillages)
	}
	for _, v := range d.Plan.Villages {
		link := d.subscribeLink(v)
		png, err := qrcode.Encode(link, qrcode.Medium, 512)
		if err != nil {
			return fmt.Errorf("qr code for a village: %w", err)
		}
		req.Reply(bot.Reply{Text: fmt.Sprintf(msgQRCaption, v, link, subscribeLinkPrefix+subscribeSlug(v)),
			Photo: &bot.Attachment{Name: "dangky-" + subscribeSlug(v) + ".png", MIME: "image/png", Data: png}})
	}
	return nil
}

func (d *Deps) subscribeFlow() *bot.Flow {
	return &bot.Flow{Name: "subscribe", Title: titleSubscribe, Steps: []bot.Step{
		{Key: "consent", Prompt: d.subscribeConsentPrompt, Handle: d.subscribeConsent},
		{Key: "village", Prompt: d.subscribeVillagePrompt, Handle: d.subscribeVillage},
		{Key: "interests", Prompt: subscribeInterestsPrompt, Handle: d.subscribeInterests},
	}, Done: d.subscribeDone}
}

func (d *Deps) subscribeConsentPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	text := fmt.Sprintf(msgConsent, d.Plan.Commune)
	if c.Get("job") != "" {
		text = msgConsentForJob + "\n\n" + text
	}
	return bot.Reply{Text: text, Choices: []bot.Choice{{ID: "yes", Label: labelConsentAgree}, {ID: "no", Label: labelConsentDisagree}}}, nil
}

func (d *Deps) subscribeConsent(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	switch in.Choice {
	case "yes":
	case "no":
		req.Say(msgConsentDeclined)
		return bot.End, nil
	default:
		return "", bot.Errorf(bot.Invalid, "%s", msgConsentPick)
	}
	pid := req.User.PersonID
	if err := d.DB.GiveConsent(ctx, pid, consentVersion); err != nil {
		return "", err
	}
	if req.User.Role == bot.Stranger {
		req.User.Role = bot.Resident
		d.roleChanged(pid)
	}
	if v := c.Get("village"); v != "" {
		if err := d.DB.SetVillage(ctx, pid, v); err != nil {
			return "", err
		}
	}
	if job := c.Int("job"); job != 0 {
		if err := d.jobAddLead(ctx, req, job); err != nil {
			return "", err
		}
	}
	if c.Get("village") != "" {
		return "interests", nil
	}
	return bot.NextStep, nil
}

func (d *Deps) subscribeVillagePrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	rep := bot.Reply{Text: msgSubscribeVillage}
	for i, v := range d.Plan.Villages {
		rep.Choices = append(rep.Choices, bot.Choice{ID: "v" + strconv.Itoa(i), Label: v})
	}
	rep.Choices = append(rep.Choices, bot.Choice{ID: "skip", Label: labelOutSkip})
	return rep, nil
}

func (d *Deps) subscribeVillage(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if in.Choice == "skip" {
		return bot.NextStep, nil
	}
	v, ok := d.outVillageChoice(in.Choice)
	if !ok {
		return "", bot.Errorf(bot.Invalid, "%s", msgPickInvalid)
	}
	c.Set("village", v)
	return bot.NextStep, d.DB.SetVillage(ctx, req.User.PersonID, v)
}

// outVillageChoice maps a choice id "v<i>" to the plan's village.
func (d *Deps) outVillageChoice(id string) (string, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "v"))
	if !strings.HasPrefix(id, "v") || err != nil || n < 0 || n >= len(d.Plan.Villages) {
		return "", false
	}
	return d.Plan.Villages[n], true
}

func subscribeInterestsPrompt(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
	choices := append(append([]bot.Choice{}, subscribeInterests...), bot.Choice{ID: "skip", Label: labelOutSkip})
	return bot.Reply{Text: msgSubscribeInterests, Choices: choices, Multi: true}, nil
}

func (d *Deps) subscribeInterests(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
	if len(in.Choices) == 0 {
		return "", bot.Errorf(bot.Invalid, "%s", msgSubscribeInterestsPick)
	}
	var picked []string
	for _, id := range in.Choices {
		if id == "skip" {
			picked = nil
			break
		}
		if subscribeInterestLabel(id) != "" {
			picked = append(picked, id)
		}
	}
	return bot.Finish, d.DB.SetInterests(ctx, req.User.PersonID, picked)
}

func subscribeInterestLabel(id string) string {
	for _, c := range subscribeInterests {
		if c.ID == id {
			return c.Label
		}
	}
	return ""
}

func (d *Deps) subscribeDone(ctx context.Context, req *bot.Request, c *bot.Conv) error {
	s, err := d.DB.Subscriber(ctx, req.User.PersonID)
	if err != nil {
		return err
	}
	req.Say(fmt.Sprintf(msgSubscribed, outDash(s.Village), outDash(subscribeInterestLabels(s.Interests))))
	return nil
}

func subscribeInterestLabels(ids []string) string {
	var out []string
	for _, id := range ids {
		if l := subscribeInterestLabel(id); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, ", ")
}

func outDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// unsubscribe runs /ngung: the subscription ends at once.
func (d *Deps) unsubscribe(ctx context.Context, req *bot.Request) error {
	ok, err := d.DB.OptOut(ctx, req.User.PersonID)
	if err != nil {
		return err
	}
	if !ok {
		req.Say(msgNotSubscribed)
		return nil
	}
	req.Say(msgOptedOut)
	return nil
}

// outreachData is what /dulieu adds about subscription and leads ("" when
// the bot keeps nothing of the kind).
func (d *Deps) outreachData(ctx context.Context, personID int64) (string, error) {
	var b strings.Builder
	s, err := d.DB.Subscriber(ctx, personID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
	case err != nil:
		return "", err
	default:
		state := msgMyDataSubscribed
		if !s.Active() {
			state = fmt.Sprintf(msgMyDataOptedOut, s.OptedOutAt.In(d.Loc).Format("15:04 02/01/2006"))
		}
		fmt.Fprintf(&b, "\n"+msgMyDataSubscription, state)
		fmt.Fprintf(&b, "\n"+msgMyDataConsent, s.ConsentVersion, s.ConsentAt.In(d.Loc).Format("15:04 02/01/2006"))
		fmt.Fprintf(&b, "\n"+msgMyDataVillage, outDash(s.Village))
		fmt.Fprintf(&b, "\n"+msgMyDataInterests, outDash(subscribeInterestLabels(s.Interests)))
	}
	leads, err := d.DB.LeadsOf(ctx, personID)
	if err != nil {
		return "", err
	}
	for _, l := range leads {
		fmt.Fprintf(&b, "\n"+msgMyDataLead, outDash(l.VacancyPosition), l.CreatedAt.In(d.Loc).Format("02/01/2006"))
	}
	if b.Len() > 0 {
		b.WriteString("\n" + msgMyDataForgetHint)
	}
	return b.String(), nil
}

// forget runs /xoadulieu: after confirmation the person's data is erased.
func (d *Deps) forgetMe(ctx context.Context, req *bot.Request) error {
	return req.Start(ctx, "forget", nil)
}

func (d *Deps) forgetFlow() *bot.Flow {
	return &bot.Flow{Name: "forget", Title: titleForget, Steps: []bot.Step{{
		Key: "confirm",
		Prompt: func(ctx context.Context, req *bot.Request, c *bot.Conv) (bot.Reply, error) {
			return bot.Reply{Text: msgForgetConfirm, Choices: []bot.Choice{{ID: "yes", Label: labelForgetYes}, {ID: "no", Label: labelForgetNo}}}, nil
		},
		Handle: func(ctx context.Context, req *bot.Request, c *bot.Conv, in bot.Input) (string, error) {
			switch in.Choice {
			case "no":
				req.Say(msgForgetKept)
				return bot.End, nil
			case "yes":
			default:
				return "", bot.Errorf(bot.Invalid, "%s", msgForgetPick)
			}
			if err := d.DB.Forget(ctx, req.User.PersonID); err != nil {
				return "", err
			}
			d.roleChanged(req.User.PersonID)
			// The "forget:" key makes storage delete this last message once
			// it is sent, so no row keeps the chat id.
			u := req.Update
			req.Send(bot.Out{Channel: u.Channel, ChatID: u.ChatID, Reply: bot.Reply{Text: msgForgotten},
				DedupKey: "forget:" + storage.NewCode(12)})
			return bot.End, nil
		},
	}}}
}
