package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Conv is the persisted state of one user's conversation.
type Conv struct {
	Flow    string            `json:"flow"`
	Step    string            `json:"step"`
	Data    map[string]string `json:"data"`
	Path    []string          `json:"path,omitempty"` // previous steps, for /quaylai
	Token   string            `json:"token"`          // id of the current prompt
	Seq     int               `json:"seq"`
	Offered []Choice          `json:"offered,omitempty"`
	Multi   bool              `json:"multi,omitempty"`
	Started time.Time         `json:"started"`
	Updated time.Time         `json:"updated"`
	// By is the command ("/moi") or button prefix ("rv.") that started the
	// conversation: the user must still be allowed it at every step.
	By string `json:"by,omitempty"`
}

// Get returns a data value.
func (c *Conv) Get(k string) string { return c.Data[k] }

// Set stores a data value.
func (c *Conv) Set(k, v string) {
	if c.Data == nil {
		c.Data = map[string]string{}
	}
	c.Data[k] = v
}

// Int returns a data value as an int64 (0 when absent).
func (c *Conv) Int(k string) int64 {
	n, _ := strconv.ParseInt(c.Data[k], 10, 64)
	return n
}

// Input is a user's answer to a prompt: typed text, a chosen id (button or
// number), several ids for a multiple choice, or a file.
type Input struct {
	Text     string
	Choice   string
	Choices  []string
	Photo    *FileRef
	Document *FileRef
}

// Flow is a conversation: steps asked in order.
type Flow struct {
	Name  string
	Title string // shown when a draft is resumed
	Steps []Step
	// Done runs after the last step; its replies end the conversation.
	Done func(ctx context.Context, req *Request, c *Conv) error
	// Roles, when set, are who may take part, checked at the start and at
	// every step (for a flow a public command starts, e.g. "/tuyendung them").
	Roles []Role
}

// allows reports whether p may take part in f.
func (f *Flow) allows(p Principal) bool {
	return callback{roles: f.Roles}.allowed(p)
}

// Next values a step's Handle may return besides a step key.
const (
	NextStep = ""      // the following step
	Stay     = "$stay" // ask the same step again
	Finish   = "$done" // run Done and end
	End      = "$end"  // end without Done (the step replied itself)
)

// Step is one question of a flow. Prompt builds the question (its Choices
// are remembered so a number or a label typed on a text channel is mapped to
// the choice id). Handle validates the answer, stores it in c and returns the
// next step; a UserError keeps the conversation on this step.
type Step struct {
	Key    string
	Prompt func(ctx context.Context, req *Request, c *Conv) (Reply, error)
	Handle func(ctx context.Context, req *Request, c *Conv, in Input) (string, error)
}

func (f *Flow) index(key string) int {
	for i, s := range f.Steps {
		if s.Key == key {
			return i
		}
	}
	return -1
}

// Start begins a flow for the requester, replacing any conversation in
// progress, and asks its first step.
func (q *Request) Start(ctx context.Context, flow string, data map[string]string) error {
	return q.StartAt(ctx, flow, "", data)
}

// StartAt is Start at step key (empty: the first step), for flows that
// resume where the user stopped or skip a question the server answers.
func (q *Request) StartAt(ctx context.Context, flow, key string, data map[string]string) error {
	f, ok := q.router.flows[flow]
	if !ok {
		return fmt.Errorf("unknown flow %q", flow)
	}
	if !f.allows(q.User) {
		return q.router.forbidden()
	}
	now := q.router.now()
	if data == nil {
		data = map[string]string{}
	}
	prev, prevChanged := q.conv, q.convChanged
	q.conv = &Conv{Flow: flow, Data: data, Started: now, Updated: now, By: q.origin}
	q.convChanged = true
	if len(f.Steps) == 0 {
		return q.finish(ctx, f)
	}
	if key == "" {
		key = f.Steps[0].Key
	}
	if err := q.ask(ctx, f, key); err != nil {
		// The user never saw the first question: no conversation was
		// started, and the one in progress (if any) goes on.
		q.conv, q.convChanged = prev, prevChanged
		return err
	}
	return nil
}

// Cancel ends the conversation without saving anything; it reports whether
// there was one.
func (q *Request) Cancel() bool {
	had := q.conv != nil
	q.conv = nil
	return had
}

// Back returns to the previous step and asks it again; it reports whether
// there was a step to go back to.
func (q *Request) Back(ctx context.Context) (bool, error) {
	c := q.conv
	if c == nil || len(c.Path) == 0 {
		return false, nil
	}
	if !q.router.mayContinue(q.User, c) {
		q.conv = nil
		return false, q.router.forbidden()
	}
	f, ok := q.router.flows[c.Flow]
	if !ok {
		return false, nil
	}
	prev := c.Path[len(c.Path)-1]
	c.Path = c.Path[:len(c.Path)-1]
	q.convChanged = true
	return true, q.prompt(ctx, f, prev)
}

// ask moves to step key (recording the current one for /quaylai) and asks it.
func (q *Request) ask(ctx context.Context, f *Flow, key string) error {
	c := q.conv
	path := c.Path
	if c.Step != "" && c.Step != key {
		c.Path = append(c.Path[:len(c.Path):len(c.Path)], c.Step)
	}
	if err := q.prompt(ctx, f, key); err != nil {
		c.Path = path
		return err
	}
	return nil
}

// prompt asks step key. When the prompt fails, the conversation stays on
// the step whose question the user last saw (its token and choices), so
// their next answer goes where they think it goes.
func (q *Request) prompt(ctx context.Context, f *Flow, key string) error {
	c := q.conv
	i := f.index(key)
	if i < 0 {
		return fmt.Errorf("flow %s: no step %q", f.Name, key)
	}
	step, seq, token := c.Step, c.Seq, c.Token
	c.Step = key
	c.Seq++
	c.Token = strconv.Itoa(c.Seq)
	q.convChanged = true
	rep, err := f.Steps[i].Prompt(ctx, q, c)
	if err != nil {
		c.Step, c.Seq, c.Token = step, seq, token
		return err
	}
	c.Offered = rep.Choices
	c.Multi = rep.Multi
	if len(rep.Choices) > 0 {
		rep.Token = c.Token
	}
	q.Reply(rep)
	return nil
}

func (q *Request) finish(ctx context.Context, f *Flow) error {
	c := q.conv
	q.conv = nil
	if f.Done == nil {
		return nil
	}
	if err := f.Done(ctx, q, c); err != nil {
		// Keep the conversation so the user can correct and retry.
		if _, ok := AsUserError(err); ok {
			q.conv = c
		}
		return err
	}
	return nil
}

// mayContinue reports whether p may still run what started c: a role
// taken away (an admin removed, an officer moved to another unit) ends the
// conversations it allowed. Conversations saved before By existed pass.
func (r *Router) mayContinue(p Principal, c *Conv) bool {
	if f, ok := r.flows[c.Flow]; ok && !f.allows(p) {
		return false
	}
	switch {
	case c.By == "":
		return true
	case strings.HasSuffix(c.By, "."):
		cb, ok := r.callbacks[strings.TrimSuffix(c.By, ".")]
		return ok && cb.allowed(p)
	}
	cmd, ok := r.byName[strings.ToLower(c.By)]
	return ok && cmd.Allowed(p)
}

func (r *Router) forbidden() error { return Errorf(Forbidden, "%s", r.msg.Forbidden) }

func (r *Router) continueConv(ctx context.Context, q *Request, in Input) error {
	c := q.conv
	if !r.mayContinue(q.User, c) {
		q.conv = nil
		return r.forbidden()
	}
	f, ok := r.flows[c.Flow]
	if !ok {
		q.conv = nil
		return Errorf(Conflict, "%s", r.msg.Stale)
	}
	i := f.index(c.Step)
	if i < 0 {
		q.conv = nil
		return Errorf(Conflict, "%s", r.msg.Stale)
	}
	if !c.Updated.IsZero() && r.now().Sub(c.Updated) > 24*time.Hour && in.Choice == "" {
		q.Say(fmt.Sprintf(r.msg.Resume, f.Title))
		return q.prompt(ctx, f, c.Step)
	}
	if in.Choice == "" && len(c.Offered) > 0 && in.Text != "" {
		if c.Multi {
			if ids, ok := matchMany(c.Offered, in.Text); ok {
				in.Choices = ids
			}
		} else if id, ok := MatchChoice(c.Offered, in.Text); ok {
			in.Choice = id
		}
	}
	if in.Choice != "" && c.Multi && len(in.Choices) == 0 {
		in.Choices = []string{in.Choice}
	}
	next, err := f.Steps[i].Handle(ctx, q, c, in)
	q.convChanged = true
	if err != nil {
		return err
	}
	switch next {
	case Stay:
		return q.prompt(ctx, f, c.Step)
	case Finish:
		return q.finish(ctx, f)
	case End:
		q.conv = nil
		return nil
	case NextStep:
		if i+1 >= len(f.Steps) {
			return q.finish(ctx, f)
		}
		return q.ask(ctx, f, f.Steps[i+1].Key)
	default:
		return q.ask(ctx, f, next)
	}
}

// MatchChoice maps typed text to a choice: its number in the list (1-based),
// its id, or its label compared without case and diacritics.
func MatchChoice(choices []Choice, text string) (string, bool) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "."))
	if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= len(choices) {
		return choices[n-1].ID, true
	}
	ft := Fold(t)
	if ft == "" {
		return "", false
	}
	for _, c := range choices {
		if Fold(c.Label) == ft {
			return c.ID, true
		}
	}
	for _, c := range choices {
		if c.ID == t {
			return c.ID, true
		}
	}
	return "", false
}

// matchMany reads "1, 3 5" or labels separated by commas.
func matchMany(choices []Choice, text string) ([]string, bool) {
	if id, ok := MatchChoice(choices, text); ok {
		return []string{id}, true
	}
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
	var ids []string
	seen := map[string]bool{}
	for _, p := range parts {
		id, ok := MatchChoice(choices, p)
		if !ok {
			return nil, false
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, len(ids) > 0
}
