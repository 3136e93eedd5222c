package handlers

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// The roles of the access matrix, in the order of its columns.
const (
	rAdmin = iota
	rOfficerA
	rOfficerB
	rOfficerMTTQ
	rResident
	rStranger
	nRoles
)

var (
	matrixRoleNames = [nRoles]string{"admin", "officer A (kinhte)", "officer B (tramyte)", "officer MTTQ", "resident", "stranger"}
	roleUsers       = [nRoles]string{"telegram:1", "telegram:2", "telegram:3", "telegram:4", "telegram:5", "telegram:6"}
)

// Distinctive strings of unit B (Trạm Y tế) that only the admins and unit
// B's officers may ever read, and of the MTTQ officer's nomination that
// only the admins and that officer may read.
var (
	secretsB = []string{
		"Lò Thị Bí Mật",                // B's staff member
		"Si La",                        // her ethnic group (sensitive, SPEC §2)
		"001190007749",                 // her national ID
		"Lớp Kín Y Khoa 7749",          // her training
		"Khó khăn riêng 7749 của trạm", // B's draft report answer
		"Phản ánh kín 7749 về thuốc",   // B's feedback
	}
	secretsPool = []string{
		"Hà Thị Ứng Viên Kín", // a candidate nominated by the MTTQ officer
		"Bản Kín Đáo 7749",    // her village
		"Lô Lô",               // her ethnic group
	}
)

// world is one harness with the six users and the records of unit B.
type world struct {
	h                                  *harness
	unitA, unitB                       int64
	staffA, staffB, trainingB, reportB int64
	feedbackB, vacancyB, annID, candM  int64
	persons                            [nRoles]int64
	seen                               map[string]int  // replies already checked, per chat
	shown                              map[string]bool // secrets read by the user allowed to
}

func ethnicCode(t testing.TB, name string) string {
	t.Helper()
	e, m, _ := plan.LookupEthnic(name)
	if m != plan.Found {
		t.Fatalf("ethnic group %q not found", name)
	}
	return e.Code
}

func newWorld(t *testing.T) *world {
	t.Helper()
	h := newHarness(t)
	ctx := context.Background()
	w := &world{h: h, seen: map[string]int{}, shown: map[string]bool{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	h.admin(roleUsers[rAdmin])
	h.officer(roleUsers[rOfficerA], "kinhte")
	h.officer(roleUsers[rOfficerB], "tramyte")
	h.officer(roleUsers[rOfficerMTTQ], "mttq")
	for i, u := range roleUsers {
		ch, id, _ := strings.Cut(u, ":")
		p, err := h.db.EnsurePerson(ctx, ch, id, u, id)
		must(err)
		w.persons[i] = p.ID
	}
	must(h.db.GiveConsent(ctx, w.persons[rResident], consentVersion))
	must(h.db.SetVillage(ctx, w.persons[rResident], "Nhân Quyền"))
	ua, err := h.db.UnitByCode(ctx, "kinhte")
	must(err)
	ub, err := h.db.UnitByCode(ctx, "tramyte")
	must(err)
	w.unitA, w.unitB = ua.ID, ub.ID

	sa, err := h.db.AddStaff(ctx, w.persons[rOfficerA], storage.Staff{UnitID: w.unitA, FullName: "Nông Văn An", BirthYear: 1985,
		Sex: "nam", EthnicCode: ethnicCode(t, "Tày"), Category: storage.CatCongChuc, Position: "Chuyên viên"})
	must(err)
	sb, err := h.db.AddStaff(ctx, w.persons[rOfficerB], storage.Staff{UnitID: w.unitB, FullName: "Lò Thị Bí Mật", BirthYear: 1990,
		Sex: "nu", EthnicCode: ethnicCode(t, "Si La"), NationalID: "001190007749", Category: storage.CatVienChuc, Position: "Y sĩ"})
	must(err)
	w.staffA, w.staffB = sa.ID, sb.ID
	day := time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC)
	ids, err := h.db.AddTrainings(ctx, w.persons[rOfficerB], w.unitB, []int64{w.staffB}, storage.Training{Area: "khac",
		Course: "Lớp Kín Y Khoa 7749", From: day, To: day, Status: storage.TrainRegistered})
	must(err)
	w.trainingB = ids[0]
	r, err := h.db.OpenReport(ctx, w.unitB, h.now.Year())
	must(err)
	w.reportB = r.ID
	key := ""
	for _, q := range h.deps.Plan.QuestionsFor(ub.Kind) {
		if q.Type == "text" {
			key = q.Key
			break
		}
	}
	_, err = h.db.SaveAnswer(ctx, r.ID, w.unitB, key, storage.Answer{Value: "Khó khăn riêng 7749 của trạm"})
	must(err)
	fb, err := h.db.AddFeedback(ctx, w.unitB, w.persons[rOfficerB], "Phản ánh kín 7749 về thuốc")
	must(err)
	w.feedbackB = fb.ID
	w.vacancyB, err = h.db.CreateVacancy(ctx, storage.Vacancy{Position: "Y sĩ đa khoa", UnitID: w.unitB, Quota: 1,
		Deadline: day.AddDate(0, 3, 0), CreatedBy: w.persons[rAdmin]})
	must(err)
	w.annID, _, err = h.db.CreateAnnouncement(ctx, storage.Announcement{Body: "Thông báo tuyển sinh lớp bồi dưỡng",
		Audience: storage.Audience{Kind: storage.AudienceAll}, SendAt: h.now.Add(48 * time.Hour), CreatedBy: w.persons[rAdmin]}, nil)
	must(err)
	w.candM, err = h.db.Nominate(ctx, storage.Candidate{FullName: "Hà Thị Ứng Viên Kín", Village: "Bản Kín Đáo 7749",
		EthnicCode: ethnicCode(t, "Lô Lô"), EducationLevel: "Đại học", NominatedBy: storage.NominatedFront, NominatorID: w.persons[rOfficerMTTQ]})
	must(err)
	return w
}

// recordIDs are the ids of unit B's records (and of the MTTQ nomination),
// to forge into buttons.
func (w *world) recordIDs() []int64 {
	return []int64{w.unitB, w.staffB, w.trainingB, w.reportB, w.feedbackB, w.candM}
}

// mayRead reports whether the user of role r may read secret s.
func mayRead(r int, s string) bool {
	switch {
	case r == rAdmin:
		return true
	case slices.Contains(secretsB, s):
		return r == rOfficerB
	case slices.Contains(secretsPool, s):
		return r == rOfficerMTTQ
	}
	return true
}

// checkDisclosure looks at every reply delivered since the last call, to
// every chat, and reports a secret shown to someone not allowed to read it.
func (w *world) checkDisclosure(t *testing.T, what string) {
	t.Helper()
	roleOf := map[string]int{}
	for r, u := range roleUsers {
		roleOf[u] = r
	}
	all := *w.h.rec.all
	for _, chat := range slices.Sorted(maps.Keys(all)) {
		r, known := roleOf[chat]
		if !known {
			r = rStranger // a chat outside the matrix reads nothing secret
		}
		for _, rep := range all[chat][w.seen[chat]:] {
			body := text([]bot.Reply{rep})
			for _, s := range append(append([]string{}, secretsB...), secretsPool...) {
				switch {
				case !strings.Contains(body, s):
				case !mayRead(r, s):
					t.Errorf("%s: %s (%s) was shown %q:\n%s", what, chat, matrixRoleNames[r], s, body)
				default:
					w.shown[chat+" "+s] = true
				}
			}
		}
		w.seen[chat] = len(all[chat])
	}
}

// lastPrompt is the latest conversation prompt with buttons among rs.
func lastPrompt(rs []bot.Reply) (bot.Reply, bool) {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Token != "" && len(rs[i].Choices) > 0 {
			return rs[i], true
		}
	}
	return bot.Reply{}, false
}

// refused reports whether rs carry the router's polite refusal.
func refused(rs []bot.Reply) bool {
	return strings.Contains(text(rs), "không có quyền")
}

// state is what a refused command must leave as it was: the digest of
// every table but three, the newest audit entry, and what every other
// chat received.
//
// Left out of the digest: outbox (the refusal itself is queued there; what
// reaches other chats is compared instead), inbound (the update itself; the
// harness sends unkeyed updates, so it stays empty anyway) and audit
// (append-only; compared by its newest id instead, so a refused command
// that recorded a read of anyone's record is caught). person, identity
// and conversation are in the digest: a refused command changes no role,
// no unit and no conversation.
type state struct {
	tables map[string]string
	audit  int64
	others map[string]int
}

func (w *world) snapshot(t *testing.T, user string) state {
	t.Helper()
	ctx := context.Background()
	fp, err := w.h.db.Fingerprint(ctx, "outbox", "inbound", "audit")
	if err != nil {
		t.Fatal(err)
	}
	s := state{tables: fp, others: map[string]int{}}
	if a, err := w.h.db.AuditPage(ctx, 0, 1); err != nil {
		t.Fatal(err)
	} else if len(a) > 0 {
		s.audit = a[0].ID
	}
	for chat, rs := range *w.h.rec.all {
		if chat != user {
			s.others[chat] = len(rs)
		}
	}
	return s
}

// diff lists how after differs from before.
func (before state) diff(after state) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(after.tables)) {
		if before.tables[k] != after.tables[k] {
			out = append(out, "table "+k+": "+before.tables[k]+" → "+after.tables[k])
		}
	}
	if before.audit != after.audit {
		out = append(out, "audit: new entries after #"+strconv.FormatInt(before.audit, 10))
	}
	for chat, n := range after.others {
		if n != before.others[chat] {
			out = append(out, "a message went to "+chat)
		}
	}
	return out
}
