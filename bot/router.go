package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Role is what a user may do (SPEC §2), ordered by power.
type Role int

// Roles.
const (
	Stranger Role = iota
	Resident
	Officer
	Admin
)

func (r Role) String() string {
	return [...]string{"stranger", "resident", "officer", "admin"}[r]
}

// Principal is the user behind an update, as the directory knows them.
type Principal struct {
	PersonID int64
	Role     Role
	UnitID   int64
	UnitKind string
	Name     string
}

// Directory resolves the user of an update; handlers implement it over
// storage.
type Directory interface {
	Resolve(ctx context.Context, u Update) (Principal, error)
}

// Store persists conversations and commits the outcome of one update.
type Store interface {
	LoadConv(ctx context.Context, channel, userID string) (*Conv, error) // nil, nil when none
	Commit(ctx context.Context, o Outcome) error
}

// Outcome is what handling one update writes, in one transaction.
type Outcome struct {
	Update   Update
	Conv     *Conv // the conversation to save (nil: unchanged unless Drop)
	DropConv bool
	Out      []Out
}

// Handler handles a command or a button.
type Handler func(ctx context.Context, req *Request) error

// Command is a routed command.
type Command struct {
	Name    string   // primary, e.g. "/daotao"
	Aliases []string // e.g. "/training"
	Phrases []string // spoken forms, e.g. "đào tạo" (matched without diacritics)
	Roles   []Role   // who may run it; empty means everyone
	Help    string   // one line for /help
	Handle  Handler
	// Allow, when set, refines Roles (e.g. only officers of some unit kinds).
	Allow func(p Principal) bool
	// Group lets the command run in a group chat, where every member reads
	// the reply; see Router.AllowInGroups.
	Group bool
}

// Allowed reports whether p may run the command.
func (c *Command) Allowed(p Principal) bool {
	ok := len(c.Roles) == 0
	for _, r := range c.Roles {
		if r == p.Role {
			ok = true
		}
	}
	if ok && c.Allow != nil {
		ok = c.Allow(p)
	}
	return ok
}

// Messages are the router's own words, supplied by handlers' catalogue.
type Messages struct {
	Unknown           string // unknown command or text outside a conversation
	Forbidden         string
	Internal          string // generic apology
	Stale             string // a pressed button of a past step
	Cancelled         string
	NothingToCancel   string
	NothingToGoBack   string
	Resume            string // prefix shown when an idle conversation is resumed; %s = flow title
	GroupOnlyCommands string
	// GroupPrivate answers, in a group chat, a command or button that is
	// used in a private chat only (Forbidden when empty).
	GroupPrivate string
}

// Router routes updates to commands, buttons and conversations. Register
// everything before the first Handle; after that it is safe for concurrent use.
type Router struct {
	cmds      []*Command
	byName    map[string]*Command
	byPhrase  map[string]*Command
	callbacks map[string]callback
	flows     map[string]*Flow
	dir       Directory
	store     Store
	log       *slog.Logger
	msg       Messages
	now       func() time.Time
	// Queued is called after a commit that queued messages for a channel.
	Queued func(channel string)
	// Observe, when set, is told the outcome of each update (metrics).
	Observe func(channel, result string, d time.Duration)
	mu      sync.Mutex
}

type callback struct {
	roles   []Role
	handler Handler
}

func (cb callback) allowed(p Principal) bool {
	ok := len(cb.roles) == 0
	for _, r := range cb.roles {
		if r == p.Role {
			ok = true
		}
	}
	return ok
}

// NewRouter makes a router.
func NewRouter(dir Directory, store Store, msg Messages, log *slog.Logger) *Router {
	return &Router{byName: map[string]*Command{}, byPhrase: map[string]*Command{}, callbacks: map[string]callback{},
		flows: map[string]*Flow{}, dir: dir, store: store, log: log, msg: msg, now: time.Now}
}

// SetClock replaces the clock (tests).
func (r *Router) SetClock(now func() time.Time) { r.now = now }

// Handle registers a command with its aliases and phrases.
func (r *Router) Handle(c Command) {
	cp := c
	r.cmds = append(r.cmds, &cp)
	for _, n := range append([]string{c.Name}, c.Aliases...) {
		r.byName[strings.ToLower(n)] = &cp
	}
	for _, p := range c.Phrases {
		r.byPhrase[Fold(p)] = &cp
	}
}

// Callback registers a handler for buttons whose data is "prefix.arg",
// pressed outside a conversation.
func (r *Router) Callback(prefix string, roles []Role, h Handler) {
	r.callbacks[prefix] = callback{roles: roles, handler: h}
}

// AllowInGroups lets the named commands run in group chats. Every other
// command, and every button, is refused in a group: its members all read the
// bot's replies, and most replies show personal or unit records (a roster
// with ethnicity, a report, feedback) or continue a private conversation.
func (r *Router) AllowInGroups(names ...string) {
	for _, n := range names {
		if c, ok := r.byName[strings.ToLower(n)]; ok {
			c.Group = true
		}
	}
}

// Flow registers a conversation.
func (r *Router) Flow(f *Flow) { r.flows[f.Name] = f }

// CallbackPrefixes lists the prefixes registered with Callback, sorted (the
// access-matrix test presses every one of them as every role).
func (r *Router) CallbackPrefixes() []string {
	out := make([]string, 0, len(r.callbacks))
	for p := range r.callbacks {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Commands lists the registered commands in registration order.
func (r *Router) Commands() []*Command { return r.cmds }

// CommandsFor lists the commands p may run.
func (r *Router) CommandsFor(p Principal) []*Command {
	var out []*Command
	for _, c := range r.cmds {
		if c.Allowed(p) {
			out = append(out, c)
		}
	}
	return out
}

// Lookup finds a command by name, alias or phrase.
func (r *Router) Lookup(text string) (*Command, string) {
	name, args := splitCommand(text)
	if name != "" {
		if c, ok := r.byName[name]; ok {
			return c, args
		}
		return nil, args
	}
	f := Fold(text)
	if c, ok := r.byPhrase[f]; ok {
		return c, ""
	}
	// A phrase followed by arguments: "bao cao 2026".
	keys := make([]string, 0, len(r.byPhrase))
	for k := range r.byPhrase {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		if strings.HasPrefix(f, k+" ") {
			return r.byPhrase[k], afterWords(text, strings.Count(k, " ")+1)
		}
	}
	return nil, ""
}

// afterWords is text without its first n words, trimmed. Folding changes
// byte lengths ("tiến" is longer than "tien", "Ⱥ" shorter than "ⱥ"), so
// the arguments after a spoken phrase are found by words, not by offsets.
func afterWords(text string, n int) string {
	rest := text
	for i := 0; i < n; i++ {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		j := strings.IndexFunc(rest, unicode.IsSpace)
		if j < 0 {
			return ""
		}
		rest = rest[j:]
	}
	return strings.TrimSpace(rest)
}

// splitCommand reads "/cmd@bot args" into ("/cmd", "args").
func splitCommand(text string) (string, string) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") {
		return "", ""
	}
	name, args, _ := strings.Cut(text, " ")
	if i := strings.IndexByte(name, '@'); i > 0 {
		name = name[:i]
	}
	return strings.ToLower(name), strings.TrimSpace(args)
}

// IsCommand reports whether text is a slash command.
func IsCommand(text string) bool {
	n, _ := splitCommand(text)
	return n != ""
}

// HandleUpdate handles one update end to end: it resolves the user, routes,
// runs the handler (recovering panics), and commits the conversation, the
// replies and the "handled" mark in one transaction. A handler error rolls
// back nothing already committed by storage calls, but its replies are
// replaced by the error's sentence.
func (r *Router) HandleUpdate(ctx context.Context, u Update) (err error) {
	start := r.now()
	result := "ok"
	defer func() {
		if r.Observe != nil {
			r.Observe(u.Channel, result, r.now().Sub(start))
		}
	}()
	u.Text = Clean(u.Text)
	req := &Request{Update: u, router: r}
	req.User, err = r.dir.Resolve(ctx, u)
	if err != nil {
		result = "error"
		return fmt.Errorf("resolve user %s:%s: %w", u.Channel, u.UserID, err)
	}
	conv, err := r.store.LoadConv(ctx, u.Channel, u.UserID)
	if err != nil {
		result = "error"
		return fmt.Errorf("load conversation: %w", err)
	}
	req.conv = conv
	req.convBefore = conv != nil
	herr := r.safeRoute(ctx, req)
	rollback := false
	if herr != nil {
		req.out = req.out[:0]
		if ue, ok := AsUserError(herr); ok {
			result = "user_error"
			req.Say(ue.Message)
		} else {
			// An internal error rolls back the conversation too: the
			// stored one is kept, so the user can answer again.
			result, rollback = "error", true
			r.log.Error("handler failed", "channel", u.Channel, "chat_id", u.ChatID, "err", herr)
			req.Say(r.msg.Internal)
		}
	}
	o := Outcome{Update: u, Out: req.out}
	if req.conv != nil && req.convChanged && !rollback {
		req.conv.Updated = r.now()
		o.Conv = req.conv
	}
	if req.conv == nil && req.convBefore && !rollback {
		o.DropConv = true
	}
	if err := r.store.Commit(ctx, o); err != nil {
		result = "error"
		return fmt.Errorf("commit update: %w", err)
	}
	if r.Queued != nil && len(o.Out) > 0 {
		seen := map[string]bool{}
		for _, m := range o.Out {
			if !seen[m.Channel] {
				seen[m.Channel] = true
				r.Queued(m.Channel)
			}
		}
	}
	return nil
}

func (r *Router) safeRoute(ctx context.Context, req *Request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("handler panic", "channel", req.Update.Channel, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return r.route(ctx, req)
}

func (r *Router) route(ctx context.Context, req *Request) error {
	u := req.Update
	if u.Choice != "" {
		return r.routeChoice(ctx, req)
	}
	cmd, args := r.Lookup(u.Text)
	if cmd != nil && req.conv != nil && !IsCommand(u.Text) && (args != "" || offers(req.conv, u.Text)) {
		// Inside a conversation, text that only starts with a spoken
		// command ("Cán bộ đơn vị đã …") or names an offered choice is an
		// answer; only the exact phrase alone switches command.
		cmd = nil
	}
	if u.Group && !(cmd != nil && u.Addressed) {
		return nil // in a group, only commands addressed to the bot
	}
	if u.Group && cmd != nil && !cmd.Group {
		return r.groupPrivate()
	}
	if cmd != nil {
		if !cmd.Allowed(req.User) {
			return r.forbidden()
		}
		req.Args = args
		req.origin = cmd.Name
		return cmd.Handle(ctx, req)
	}
	if IsCommand(u.Text) {
		return Errorf(Invalid, "%s", r.msg.Unknown)
	}
	if req.conv != nil {
		return r.continueConv(ctx, req, Input{Text: u.Text, Photo: u.Photo, Document: u.Document})
	}
	return Errorf(Invalid, "%s", r.msg.Unknown)
}

func (r *Router) routeChoice(ctx context.Context, req *Request) error {
	if req.Update.Group {
		return r.groupPrivate()
	}
	data := req.Update.Choice
	if tok, id, ok := strings.Cut(data, ":"); ok {
		if req.conv == nil || req.conv.Token != tok {
			return Errorf(Conflict, "%s", r.msg.Stale)
		}
		return r.continueConv(ctx, req, Input{Choice: id})
	}
	prefix, arg, _ := strings.Cut(data, ".")
	cb, ok := r.callbacks[prefix]
	if !ok {
		return Errorf(Conflict, "%s", r.msg.Stale)
	}
	if !cb.allowed(req.User) {
		return r.forbidden()
	}
	req.Args = arg
	req.origin = prefix + "."
	return cb.handler(ctx, req)
}

func (r *Router) groupPrivate() error {
	if r.msg.GroupPrivate == "" {
		return Errorf(Forbidden, "%s", r.msg.Forbidden)
	}
	return Errorf(Forbidden, "%s", r.msg.GroupPrivate)
}

// offers reports whether text names one of the conversation's choices.
func offers(c *Conv, text string) bool {
	f := Fold(text)
	for _, ch := range c.Offered {
		if Fold(ch.Label) == f {
			return true
		}
	}
	return false
}

// Request is one update being handled: who sent it, what they said, and the
// replies collected so far.
type Request struct {
	Update      Update
	User        Principal
	Args        string
	router      *Router
	conv        *Conv
	convBefore  bool
	convChanged bool
	out         []Out
	origin      string // the command or button prefix being handled (Conv.By)
}

// Say replies with text to the sender's chat.
func (q *Request) Say(text string) { q.Reply(Reply{Text: text}) }

// Reply sends r to the sender's chat.
func (q *Request) Reply(r Reply) {
	q.out = append(q.out, Out{Channel: q.Update.Channel, ChatID: q.Update.ChatID, Reply: r})
}

// Send queues a message to another chat; it is committed with the update.
func (q *Request) Send(o Out) { q.out = append(q.out, o) }

// Conv is the current conversation, or nil.
func (q *Request) Conv() *Conv { return q.conv }

// Replies returns the replies collected so far (tests, adapters).
func (q *Request) Replies() []Out { return q.out }
