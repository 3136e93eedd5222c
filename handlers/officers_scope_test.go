package handlers

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// twoUnits has officer A (telegram:2, Phòng Kinh tế) and officer B
// (telegram:3, Văn phòng HĐND và UBND), each with a person on the roster, a
// training entered and a report draft; B's records are what A must not reach.
type twoUnits struct {
	h                      *harness
	unitA, unitB           int64
	staffA, staffB         storage.Staff
	trainingB, reportB     int64
	feedbackB              int64
	officerA, officerB, ad string
}

func newTwoUnits(t *testing.T) *twoUnits {
	h := newHarness(t)
	ctx := context.Background()
	x := &twoUnits{h: h, officerA: "telegram:2", officerB: "telegram:3", ad: "telegram:1"}
	h.admin(x.ad)
	h.officer(x.officerA, "kinhte")
	h.officer(x.officerB, "vanphong")
	ua, _ := h.db.UnitByCode(ctx, "kinhte")
	ub, _ := h.db.UnitByCode(ctx, "vanphong")
	x.unitA, x.unitB = ua.ID, ub.ID
	h.addStaff(x.officerA, "Nông Văn An", "1985", "Công chức", lblSkip, lblSkip, lblSkip, lblSkip)
	h.addStaff(x.officerB, "Bế Thị Bình", "1987", "Công chức", lblSkip, lblSkip, lblSkip, lblSkip)
	la, _ := h.db.StaffOfUnit(ctx, x.unitA, true)
	lb, _ := h.db.StaffOfUnit(ctx, x.unitB, true)
	x.staffA, x.staffB = la[0], lb[0]
	pb, _ := h.db.PersonByIdentity(ctx, "telegram", "3")
	ids, err := h.db.AddTrainings(ctx, pb.ID, x.unitB, []int64{x.staffB.ID}, storage.Training{Area: "khac", Course: "Lớp B",
		From: x.staffB.CreatedAt, To: x.staffB.CreatedAt, Status: storage.TrainRegistered})
	if err != nil {
		t.Fatal(err)
	}
	x.trainingB = ids[0]
	rb, _ := h.db.OpenReport(ctx, x.unitB, 2026)
	x.reportB = rb.ID
	fb, _ := h.db.AddFeedback(ctx, x.unitB, pb.ID, "khó khăn của B")
	x.feedbackB = fb.ID
	return x
}

// forge presses a button with id that the current prompt did not offer, as
// a modified client could.
func (x *twoUnits) forge(user string, id int64) []bot.Reply {
	x.h.t.Helper()
	rep, ok := lastChoices(x.h.inbox(user))
	if !ok {
		x.h.t.Fatalf("no prompt with buttons")
	}
	return x.h.press(user, bot.CallbackData(rep.Token, strconv.FormatInt(id, 10)))
}

func (x *twoUnits) staffBUnchanged(t *testing.T) {
	t.Helper()
	s, err := x.h.db.StaffByID(context.Background(), x.staffB.ID)
	if err != nil || s.FullName != "Bế Thị Bình" || !s.Active() || s.UpdatedAt != x.staffB.UpdatedAt {
		t.Errorf("B's staff changed: %+v, %v", s, err)
	}
}

func TestOfficerCannotListOtherUnitsStaff(t *testing.T) {
	x := newTwoUnits(t)
	got := text(x.h.send(x.officerA, "/canbo"))
	mustContain(t, got, "Nông Văn An", "Phòng Kinh tế")
	mustNotContain(t, got, "Bế Thị Bình", "Văn phòng")
	x.h.send(x.officerA, lblStaffEdit)
	mustNotContain(t, text(x.h.inbox(x.officerA)[len(x.h.inbox(x.officerA))-1:]), "Bế Thị Bình")
	// the list read is audited, against A's unit only
	pa, _ := x.h.db.PersonByIdentity(context.Background(), "telegram", "2")
	es, _ := x.h.db.AuditPage(context.Background(), 0, 100)
	found := 0
	for _, e := range es {
		if e.ActorID == pa.ID && e.Action == "staff.list" {
			found++
			if e.ObjectID != strconv.FormatInt(x.unitA, 10) {
				t.Errorf("officer A's read of unit %s audited", e.ObjectID)
			}
		}
	}
	if found < 3 { // addStaff's list, /canbo, the edit pick list
		t.Errorf("%d staff.list audit entries for officer A, want 3", found)
	}
}

func TestOfficerCannotEditOtherUnitsStaff(t *testing.T) {
	x := newTwoUnits(t)
	a := x.officerA
	// edit: B's id pressed at the pick step
	x.h.send(a, "/canbo")
	x.h.send(a, lblStaffEdit)
	mustOneLine(t, x.forge(a, x.staffB.ID), "Vui lòng chọn một mục")
	// typed id of B is not a list number either
	mustOneLine(t, x.h.send(a, strconv.FormatInt(x.staffB.ID+100, 10)), "Vui lòng chọn một mục")
	// mark left: B's id pressed at the pick step
	x.h.send(a, "/canbo")
	x.h.send(a, lblStaffLeft)
	mustOneLine(t, x.forge(a, x.staffB.ID), "Vui lòng chọn một mục")
	x.staffBUnchanged(t)
	// a conversation state naming unit B (as if forged) still works on A's unit
	x.h.send(a, "/canbo")
	conv, err := x.h.db.Conversation(context.Background(), "telegram", "2")
	if err != nil {
		t.Fatal(err)
	}
	var c bot.Conv
	json.Unmarshal(conv.State, &c)
	c.Set("unit", strconv.FormatInt(x.unitB, 10))
	c.Set("staff", strconv.FormatInt(x.staffB.ID, 10))
	b, _ := json.Marshal(c)
	if err := x.h.db.Finish(context.Background(), storage.Finish{Channel: "telegram", UserID: "2",
		ConvSet: &storage.Conversation{Flow: c.Flow, State: b}}); err != nil {
		t.Fatal(err)
	}
	got := text(x.h.send(a, lblStaffEdit))
	mustContain(t, got, "Nông Văn An")
	mustNotContain(t, got, "Bế Thị Bình")
	x.staffBUnchanged(t)
}

func TestOfficerCannotTouchOtherUnitsTrainings(t *testing.T) {
	x := newTwoUnits(t)
	a := x.officerA
	// log a course for B's person
	x.h.send(a, "/daotao")
	x.h.send(a, lblTrainingNew)
	mustOneLine(t, x.forge(a, x.staffB.ID), "Vui lòng chọn trong danh sách")
	x.h.send(a, "/huy")
	if ts, _ := x.h.db.TrainingsOfUnit(context.Background(), x.unitA); len(ts) != 0 {
		t.Errorf("A logged %d trainings", len(ts))
	}
	// A has no entries: the recent list refuses, and B's entry cannot be picked
	x.h.send(a, "/daotao")
	mustOneLine(t, x.h.send(a, lblTrainingRecent), "chưa nhập mục đào tạo nào")
	// once A has an entry, B's id pressed at the pick step is refused
	x.h.send(a, "/huy")
	x.h.send(a, "/daotao")
	x.h.steps(a, lblTrainingNew, "1", "Khác", "Lớp A", lblSkip, "01/04/2026", lblSameDay, "Đã đăng ký", lblSkip, lblSave)
	x.h.send(a, "/daotao")
	got := x.h.send(a, lblTrainingRecent)
	mustContain(t, text(got), "Nông Văn An — Lớp A")
	mustNotContain(t, text(got), "Lớp B")
	mustOneLine(t, x.forge(a, x.trainingB), "Vui lòng chọn một mục")
	ts, _ := x.h.db.TrainingsOfUnit(context.Background(), x.unitB)
	if len(ts) != 1 || ts[0].Course != "Lớp B" || ts[0].Status != storage.TrainRegistered {
		t.Errorf("B's trainings changed: %+v", ts)
	}
	// B does not see A's entries either (own entries only)
	x.h.send(x.officerB, "/daotao")
	got = x.h.send(x.officerB, lblTrainingRecent)
	mustNotContain(t, text(got), "Lớp A")
}

func TestOfficerCannotReachOtherUnitsReport(t *testing.T) {
	x := newTwoUnits(t)
	a := x.officerA
	got := text(x.h.send(a, "/baocao"))
	mustContain(t, got, "Báo cáo năm 2026 của Phòng Kinh tế")
	x.h.send(a, "7")
	// the office's buttons are refused to officers
	for _, data := range []string{"rv." + strconv.FormatInt(x.reportB, 10), "fb." + strconv.FormatInt(x.feedbackB, 10)} {
		mustOneLine(t, x.h.press(a, data), "không có quyền")
	}
	ra, _ := x.h.db.ReportOf(context.Background(), x.unitA, 2026)
	rb, _ := x.h.db.ReportByID(context.Background(), x.reportB)
	if len(ra.Answers) != 1 || len(rb.Answers) != 0 || rb.Status != storage.ReportDraft {
		t.Errorf("A's answers %v, B's report %+v", ra.Answers, rb)
	}
	if f, _ := x.h.db.FeedbackByID(context.Background(), x.feedbackB); !f.Open() {
		t.Error("B's feedback was answered by A")
	}
	// strangers and residents get the polite refusal for every officer command
	for _, cmd := range []string{"/canbo", "/daotao", "/baocao", "/phananh", "bao cao"} {
		mustOneLine(t, x.h.send("telegram:99", cmd), "không có quyền")
	}
}
