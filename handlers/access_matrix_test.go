package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// accessRow is who may run a command of SPEC §4. allow has one letter per
// role, in the order admin, officer A (Phòng Kinh tế), officer B (Trạm Y
// tế), officer of the MTTQ, resident, stranger: Y allowed, - refused.
type accessRow struct {
	cmd     string
	aliases []string
	allow   string
	// noWalk: do not press the buttons of the first prompt (they would
	// erase the user).
	noWalk bool
}

// accessTable is written from SPEC §2 and §4, not from the router's Roles
// (which it checks). Notes on the cells SPEC leaves to judgement:
//   - /phananh: SPEC §4 says "officer"; the office answers from the same
//     command (§5 Feedback, and §2 gives admins "everything").
//   - /trangthai: an officer sees their own unit, an admin all units.
//   - /nguon: admins and officers of the MTTQ and its organisations only.
//   - /xoadulieu: SPEC §4 says "resident": staff accounts (officers,
//     admins) are managed by the office, not erased by their holder. A
//     stranger may run it too: the bot stores their identity (display
//     name, chat) from the first message, and the data-protection law
//     (91/2025/QH15) gives every data subject erasure; it touches only
//     their own data.
var accessTable = []accessRow{
	//                                              admin offA offB offM resident stranger
	{cmd: "/start", allow: "YYYYYY"},
	{cmd: "/help", aliases: []string{"/trogiup"}, allow: "YYYYYY"},
	{cmd: "/huy", aliases: []string{"/cancel"}, allow: "YYYYYY"},
	{cmd: "/quaylai", aliases: []string{"/back"}, allow: "YYYYYY"},
	{cmd: "/lienket", aliases: []string{"/link"}, allow: "YYYYYY"},
	{cmd: "/canbo", aliases: []string{"/staff"}, allow: "YYYY--"},
	{cmd: "/daotao", aliases: []string{"/training"}, allow: "YYYY--"},
	{cmd: "/baocao", aliases: []string{"/report"}, allow: "YYYY--"},
	{cmd: "/phananh", aliases: []string{"/feedback"}, allow: "YYYY--"},
	{cmd: "/trangthai", aliases: []string{"/status"}, allow: "YYYY--"},
	{cmd: "/xuat", aliases: []string{"/export"}, allow: "Y-----"},
	{cmd: "/moi", aliases: []string{"/invite"}, allow: "Y-----"},
	{cmd: "/donvi", aliases: []string{"/units"}, allow: "Y-----"},
	{cmd: "/thongbao", aliases: []string{"/announce"}, allow: "Y-----"},
	{cmd: "/tuyendung", aliases: []string{"/jobs"}, allow: "YYYYYY"},
	{cmd: "/nguon", aliases: []string{"/pool"}, allow: "Y--Y--"},
	{cmd: "/dangky", aliases: []string{"/subscribe"}, allow: "YYYYYY"},
	{cmd: "/ngung", aliases: []string{"/unsubscribe"}, allow: "YYYYYY"},
	{cmd: "/dulieu", aliases: []string{"/mydata"}, allow: "YYYYYY"},
	{cmd: "/xoadulieu", aliases: []string{"/forgetme"}, allow: "----YY", noWalk: true},
	{cmd: "/nhatky", aliases: []string{"/audit"}, allow: "Y-----"},
}

// callbackRow is who may press a button outside a conversation; arg is the
// button's argument, a record of unit B (or of the MTTQ officer).
type callbackRow struct {
	prefix string
	arg    func(w *world) string
	allow  string
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

var callbackTable = []callbackRow{
	{"rv", func(w *world) string { return id(w.reportB) }, "Y-----"},      // open a submitted report for review
	{"fb", func(w *world) string { return id(w.feedbackB) }, "Y-----"},    // answer a feedback
	{"ann", func(w *world) string { return "p" + id(w.annID) }, "Y-----"}, // an announcement's delivery progress
	{"job", func(w *world) string { return id(w.vacancyB) }, "YYYYYY"},    // "Quan tâm": anyone may be interested
	{"jobp", func(w *world) string { return id(w.vacancyB) }, "Y-----"},   // publish a vacancy
	{"jobc", func(w *world) string { return id(w.vacancyB) }, "Y-----"},   // close a vacancy
	{"jobn", func(w *world) string { return "x" }, "Y-----"},              // new vacancy
	{"nk", func(w *world) string { return "1000000" }, "Y-----"},          // the audit log's next page
}

// TestAccessMatrix sends every command of SPEC §4 and presses every
// registered button as each role, in a fresh world per role: an allowed one
// gets no refusal; a refused one gets the polite refusal alone and changes
// nothing; and no reply to anyone ever shows unit B's staff, training,
// report or feedback (or the MTTQ's nomination) to someone other than the
// admins and that unit's officers. Allowed commands are walked one step
// into their conversation, and at that prompt the ids of B's records are
// forged into buttons.
func TestAccessMatrix(t *testing.T) {
	checks := 0
	for r := 0; r < nRoles; r++ {
		t.Run(strings.ReplaceAll(matrixRoleNames[r], " ", "_"), func(t *testing.T) {
			w := newWorld(t)
			w.checkDisclosure(t, "seeding")
			user := roleUsers[r]
			for _, row := range accessTable {
				if len(row.allow) != nRoles {
					t.Fatalf("%s: allow %q has %d columns, want %d", row.cmd, row.allow, len(row.allow), nRoles)
				}
				cmd, _ := w.h.router.Lookup(row.cmd)
				if cmd == nil {
					t.Logf("%s: not registered on this branch (want %s for %s); row skipped", row.cmd, yesNo(row.allow[r]), matrixRoleNames[r])
					continue
				}
				for _, a := range row.aliases {
					if c, _ := w.h.router.Lookup(a); c != cmd {
						t.Errorf("alias %s does not route to %s", a, row.cmd)
					}
				}
				w.h.send(user, "/huy")
				w.checkDisclosure(t, "reset")
				before := w.snapshot(t, user)
				got := w.h.send(user, row.cmd)
				what := matrixRoleNames[r] + " " + row.cmd
				checks += w.expect(t, what, row.allow[r] == 'Y', got, before)
				w.checkDisclosure(t, what)
				if row.allow[r] == 'Y' && !row.noWalk {
					checks += w.walk(t, user, r, row.cmd)
				}
			}
			registered := map[string]bool{}
			for _, p := range w.h.router.CallbackPrefixes() {
				registered[p] = true
			}
			for _, row := range callbackTable {
				if !registered[row.prefix] {
					t.Logf("button %s.*: not registered on this branch (want %s for %s); row skipped", row.prefix, yesNo(row.allow[r]), matrixRoleNames[r])
					continue
				}
				delete(registered, row.prefix)
				data := row.prefix + "." + row.arg(w)
				w.h.send(user, "/huy")
				w.checkDisclosure(t, "reset")
				before := w.snapshot(t, user)
				got := w.h.press(user, data)
				what := matrixRoleNames[r] + " presses " + data
				checks += w.expect(t, what, row.allow[r] == 'Y', got, before)
				w.checkDisclosure(t, what)
			}
			// In a group chat every member reads the replies: nothing
			// secret may be posted there, whoever asks.
			for _, row := range accessTable {
				if cmd, _ := w.h.router.Lookup(row.cmd); cmd == nil {
					continue
				}
				w.h.send(user, "/huy")
				got := w.sendGroup(user, row.cmd)
				if p, ok := lastPrompt(got); ok {
					for _, c := range p.Choices[:min(len(p.Choices), maxBranch)] {
						w.pressGroup(user, bot.CallbackData(p.Token, c.ID))
					}
				}
				w.checkDisclosure(t, matrixRoleNames[r]+" "+row.cmd+" in a group")
				checks++
			}
			w.h.send(user, "/huy")
			// The secrets did reach those allowed to read them, so the
			// walk went where they are shown and the checks above bite.
			for _, s := range mustSee[r] {
				if !w.shown[user+" "+s] {
					t.Errorf("%s never saw %q: the walk does not reach where it is shown", matrixRoleNames[r], s)
				}
				checks++
			}
			// Buttons registered by features this table does not know yet:
			// nothing secret may come out of them, whatever the id.
			for p := range registered {
				t.Logf("button %s.*: no row in callbackTable; add one (checked for disclosure only)", p)
				for _, n := range w.recordIDs() {
					w.h.send(user, "/huy")
					w.h.press(user, p+"."+id(n))
					w.checkDisclosure(t, matrixRoleNames[r]+" presses "+p+"."+id(n))
					checks++
				}
			}
		})
	}
	t.Logf("access matrix: %d commands and %d buttons × %d roles; %d checks", len(accessTable), len(callbackTable), nRoles, checks)
}

// mustSee are secrets each role is allowed to read and must have read by
// the end of its walk (a control: without it, a walk that never reached
// the rosters would pass the disclosure checks trivially).
var mustSee = map[int][]string{
	rAdmin:       {"Lò Thị Bí Mật", "Si La", "Phản ánh kín 7749 về thuốc", "Hà Thị Ứng Viên Kín"},
	rOfficerB:    {"Lò Thị Bí Mật", "Si La"},
	rOfficerMTTQ: {"Hà Thị Ứng Viên Kín", "Lô Lô"},
}

func yesNo(c byte) string {
	if c == 'Y' {
		return "allowed"
	}
	return "refused"
}

// expect checks one command or button and returns the number of checks.
func (w *world) expect(t *testing.T, what string, allowed bool, got []bot.Reply, before state) int {
	t.Helper()
	if allowed {
		if refused(got) {
			t.Errorf("%s: refused, want allowed:\n%s", what, text(got))
		}
		if len(got) == 0 {
			t.Errorf("%s: no reply", what)
		}
		return 2
	}
	if !refused(got) || len(got) != 1 || got[0].Text != routerMessages.Forbidden {
		t.Errorf("%s: want the polite refusal alone, got:\n%s", what, text(got))
	}
	for _, d := range before.diff(w.snapshot(t, roleUserOf(what))) {
		t.Errorf("%s: refused, yet %s", what, d)
	}
	return 3
}

// roleUserOf finds the user of a check from its description.
func roleUserOf(what string) string {
	for r, n := range matrixRoleNames {
		if strings.HasPrefix(what, n+" ") {
			return roleUsers[r]
		}
	}
	return ""
}

// walk explores the conversation of an allowed command: it presses each
// button of the first prompt (starting the command afresh each time) and,
// for roles other than admin, each button of the prompt that follows, and
// forges the ids of unit B's records into the buttons of those prompts.
// Every reply is checked for disclosure; none may be a refusal.
func (w *world) walk(t *testing.T, user string, r int, cmd string) int {
	t.Helper()
	depth := 2
	if r == rAdmin {
		depth = 1 // admins may read everything: one step shows the routes work
	}
	return w.explore(t, user, r, cmd, nil, depth)
}

// maxBranch bounds the buttons pressed at one prompt.
const maxBranch = 8

// replay starts cmd afresh and presses the buttons at the indexes of path;
// it returns the prompt reached (ok false when there is none).
func (w *world) replay(user, cmd string, path []int) (bot.Reply, []bot.Reply, bool) {
	w.h.send(user, "/huy")
	got := w.h.send(user, cmd)
	for _, i := range path {
		p, ok := lastPrompt(got)
		if !ok || i >= len(p.Choices) {
			return bot.Reply{}, got, false
		}
		got = w.h.press(user, bot.CallbackData(p.Token, p.Choices[i].ID))
	}
	p, ok := lastPrompt(got)
	return p, got, ok
}

func (w *world) explore(t *testing.T, user string, r int, cmd string, path []int, depth int) int {
	t.Helper()
	if depth == 0 {
		return 0
	}
	p, _, ok := w.replay(user, cmd, path)
	w.h.send(user, "/huy")
	if !ok {
		return 0
	}
	n := 0
	for i := range min(len(p.Choices), maxBranch) {
		next := append(append([]int{}, path...), i)
		_, got, _ := w.replay(user, cmd, next)
		what := fmt.Sprintf("%s %s → %v", matrixRoleNames[r], cmd, next)
		if refused(got) {
			t.Errorf("%s: refused inside an allowed command:\n%s", what, text(got))
		}
		w.checkDisclosure(t, what)
		n += 2
		n += w.explore(t, user, r, cmd, next, depth-1)
	}
	if r != rAdmin {
		for _, rec := range w.recordIDs() {
			cur, _, ok := w.replay(user, cmd, path)
			if !ok {
				break
			}
			w.h.press(user, bot.CallbackData(cur.Token, id(rec)))
			w.checkDisclosure(t, fmt.Sprintf("%s %s → %v → forged button %d", matrixRoleNames[r], cmd, path, rec))
			n++
		}
	}
	w.h.send(user, "/huy")
	return n
}

// groupChat is a Telegram group where the bot is a member; its replies are
// read by people of every role (checkDisclosure treats it as a stranger).
const groupChat = "-100500"

func (w *world) sendGroup(user, text string) []bot.Reply {
	return w.groupUpdate(user, bot.Update{Text: text, Addressed: true})
}

func (w *world) pressGroup(user, data string) []bot.Reply {
	return w.groupUpdate(user, bot.Update{Choice: data})
}

func (w *world) groupUpdate(user string, u bot.Update) []bot.Reply {
	w.h.t.Helper()
	ch, id, _ := strings.Cut(user, ":")
	u.Channel, u.ChatID, u.UserID, u.UserName, u.Time, u.Group = ch, groupChat, id, user, w.h.now, true
	before := len((*w.h.rec.all)[ch+":"+groupChat])
	if err := w.h.router.HandleUpdate(context.Background(), u); err != nil {
		w.h.t.Fatalf("handle %q from %s in a group: %v", u.Text, user, err)
	}
	w.h.drain()
	return (*w.h.rec.all)[ch+":"+groupChat][before:]
}

// TestRoleTakenAwayEndsConversations: the role is checked at every step,
// not only when a command starts. An admin or an officer who loses the role
// in the middle of a conversation (removed from the office, moved out of
// the unit) is refused at the next answer, and that answer changes nothing:
// no invite code, announcement, nomination, vacancy, roster or report entry
// is made with a role the user no longer has.
func TestRoleTakenAwayEndsConversations(t *testing.T) {
	ctx := context.Background()
	for _, r := range []int{rAdmin, rOfficerA, rOfficerMTTQ} {
		w := newWorld(t)
		user := roleUsers[r]
		ch, ext, _ := strings.Cut(user, ":")
		for _, cmd := range []string{"/moi", "/thongbao", "/nguon them", "/tuyendung them", "/canbo", "/daotao", "/baocao", "/phananh", "/donvi"} {
			switch r {
			case rAdmin:
				w.h.admin(user)
			case rOfficerA:
				w.h.officer(user, "kinhte")
			case rOfficerMTTQ:
				w.h.officer(user, "mttq")
			}
			w.h.send(user, "/huy")
			first := w.h.send(user, cmd)
			if refused(first) {
				continue
			}
			conv, _ := w.h.db.Conversation(ctx, ch, ext)
			if conv.Flow == "" {
				continue // no conversation to go on with
			}
			p, err := w.h.db.PersonByIdentity(ctx, ch, ext)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.h.db.SetRole(ctx, p.ID, storage.RoleResident, 0); err != nil {
				t.Fatal(err)
			}
			before, err := w.h.db.Fingerprint(ctx, "outbox", "inbound", "audit", "conversation")
			if err != nil {
				t.Fatal(err)
			}
			var got []bot.Reply
			if pr, ok := lastPrompt(first); ok {
				got = w.h.press(user, bot.CallbackData(pr.Token, pr.Choices[0].ID))
			} else {
				got = w.h.send(user, "Nội dung thử 123")
			}
			what := matrixRoleNames[r] + " " + cmd + " after losing the role"
			if !refused(got) {
				t.Errorf("%s: went on:\n%s", what, text(got))
			}
			after, err := w.h.db.Fingerprint(ctx, "outbox", "inbound", "audit", "conversation")
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range after {
				if before[k] != v {
					t.Errorf("%s: table %s changed", what, k)
				}
			}
			if got := w.h.send(user, "Nội dung thử 456"); !strings.Contains(text(got), "chưa hiểu") {
				t.Errorf("%s: the conversation was not ended: %s", what, text(got))
			}
			w.checkDisclosure(t, what)
		}
	}
}
