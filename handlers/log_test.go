package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/storage"
)

// syncBuffer is a log sink safe for the dispatcher's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Personal data typed into the flows below: never in the log, at any level.
var logPersonal = []string{
	"034095001234",      // national ID
	"Hoàng Thị Nhật Ký", // staff name
	"Pà Thẻn",           // her ethnic group
	"Vàng Văn Sổ Sách",  // nominated candidate
	"Cơ Lao",            // his ethnic group
	"Bản Nậm Nhật",      // his village, typed
	"Nhân Quyền",        // a subscriber's village
	"Lò Thị Hoa",        // a resident's display name
}

// Message bodies: only at Debug (STYLE: message bodies only at Debug).
var logBodies = []string{
	"Lớp nhật ký 5150",       // course
	"Hoạt động nhật ký 5150", // report answer
	"Phản ánh nhật ký 5150",  // feedback
	"Trả lời nhật ký 5150",   // the office's answer
	"Thông báo nhật ký 5150", // announcement
	"Ghi chú nhật ký 5150",   // text sent into a broken conversation
}

// TestLogsKeepPersonalDataOut runs the flows that handle personal data —
// roster with national ID and ethnic group, training, unit report and its
// review, feedback and its answer, subscription with village, talent-pool
// nomination, interest in a vacancy, an announcement, erasure — then forces
// internal errors (a conversation state the code cannot follow, and the
// database closed under the dispatcher and the sender), and asserts that
// the captured log holds no national ID, name, ethnic group or village at
// any level, and no message body at Info and above.
func TestLogsKeepPersonalDataOut(t *testing.T) {
	logs := &syncBuffer{}
	h := newLoggedHarness(t, logs)
	ctx := context.Background()
	admin, officer, front, resident := "telegram:1", "telegram:2", "telegram:4", "zalo:7"
	h.admin(admin)
	h.officer(officer, "kinhte")
	h.officer(front, "mttq")

	// Roster: national ID and ethnic group.
	h.send(officer, "/canbo")
	got := text(h.steps(officer, lblStaffAdd, "Hoàng Thị Nhật Ký", "1991", "Nữ", "Pà Thẻn", "034 095 001 234", "Viên chức", lblSkip,
		"Đại học", lblSkip, lblSkip, lblSkip, "Không", "01/08/2020"))
	mustContain(t, got, "Hoàng Thị Nhật Ký", "034095001234")
	mustContain(t, text(h.send(officer, lblSave)), "Đã lưu Hoàng Thị Nhật Ký")

	// Training.
	h.send(officer, "/daotao")
	h.steps(officer, lblTrainingNew, "1", "Kỹ năng số / chuyển đổi số", "Lớp nhật ký 5150", lblSkip, "01/06/2026", "05/06/2026", "Đã đăng ký", lblSkip)
	mustContain(t, text(h.send(officer, lblSave)), "Đã lưu 1 mục đào tạo")

	// Unit report: confirm figures, answer texts, submit; the office accepts.
	h.send(officer, "/baocao")
	for i := 0; i < 40; i++ {
		rep, _ := lastChoices(h.inbox(officer))
		switch {
		case hasChoice(rep, lblSubmit):
			h.send(officer, lblSubmit)
			i = 40
		case hasChoice(rep, lblCorrect):
			h.send(officer, lblCorrect)
		default:
			h.send(officer, "Hoạt động nhật ký 5150")
		}
	}
	r, err := h.db.ReportOf(ctx, officerUnit(t, h, officer), h.now.Year())
	if err != nil || r.Status != storage.ReportSubmitted {
		t.Fatalf("report not submitted: %+v, %v", r, err)
	}
	h.press(admin, "rv."+strconv.FormatInt(r.ID, 10))
	mustContain(t, text(h.send(admin, lblAccept)), "chấp nhận")

	// Feedback and the office's answer.
	mustContain(t, text(h.send(officer, "/phananh Phản ánh nhật ký 5150")), "#")
	fb, err := h.db.OpenFeedback(ctx, 1)
	if err != nil || len(fb) != 1 {
		t.Fatalf("feedback: %v, %v", fb, err)
	}
	h.press(admin, "fb."+strconv.FormatInt(fb[0].ID, 10))
	h.send(admin, "Trả lời nhật ký 5150")
	mustContain(t, text(h.inbox(officer)), "Trả lời nhật ký 5150")

	// A resident subscribes with a village, is interested in a vacancy.
	subscribeUser(t, h, resident, "Lò Thị Hoa", "Nhân Quyền", "1, 3")
	vid, err := h.db.CreateVacancy(ctx, storage.Vacancy{Position: "Kế toán", Quota: 1, Deadline: h.now.AddDate(0, 1, 0), CreatedBy: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.router.HandleUpdate(ctx, bot.Update{Channel: "zalo", ChatID: "7", UserID: "7", UserName: "Lò Thị Hoa",
		Choice: "job." + strconv.FormatInt(vid, 10), Time: h.now}); err != nil {
		t.Fatal(err)
	}
	h.drain()

	// The MTTQ nominates a candidate with a typed village.
	for _, in := range []string{"/nguon them", "Vàng Văn Sổ Sách", "Bản Nậm Nhật", "Cơ Lao", "Đại học", "Bỏ qua", "Có", "Chưa có", "Không", "1"} {
		got = text(h.send(front, in))
	}
	mustContain(t, got, "Đã ghi nhận ứng viên Vàng Văn Sổ Sách")

	// An announcement to everyone, delivered now.
	h.send(admin, "/thongbao")
	h.steps(admin, "Thông báo nhật ký 5150", "Bỏ qua", labelAnnAudAll, labelAnnWhenNow)
	h.send(admin, "1")
	mustContain(t, text(h.inbox(resident)), "Thông báo nhật ký 5150")

	// The resident sees their data, then erases it.
	mustContain(t, text(h.send(resident, "/dulieu")), "Nhân Quyền")
	h.send(resident, "/xoadulieu")
	h.send(resident, "1")

	// Internal errors: a saved conversation the code cannot follow (a field
	// that does not exist) ...
	staff, err := h.db.StaffOfUnit(ctx, officerUnit(t, h, officer), true)
	if err != nil || len(staff) == 0 {
		t.Fatalf("staff: %v, %v", staff, err)
	}
	state, _ := json.Marshal(bot.Conv{Flow: "staff", Step: "value", Token: "9", Seq: 9, Updated: h.now,
		Data: map[string]string{"staff": strconv.FormatInt(staff[0].ID, 10), "field": "no_such_field", "name": "Hoàng Thị Nhật Ký"}})
	if err := h.db.Finish(ctx, storage.Finish{Channel: "telegram", UserID: "2", ConvSet: &storage.Conversation{Flow: "staff", State: state}}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, text(h.send(officer, "Ghi chú nhật ký 5150 034095001234 Hoàng Thị Nhật Ký")), routerMessages.Internal)

	// ... and the database closed under the dispatcher and the sender.
	h.db.Close()
	d := bot.NewDispatcher(h.router, Glue{DB: h.db}, 1, 4, logger(logs))
	dctx, stop := context.WithCancel(ctx)
	d.Start(dctx)
	if err := d.Accept(ctx, []bot.Update{{Channel: "telegram", ChatID: "2", UserID: "2", UserName: "Hoàng Thị Nhật Ký",
		Text: "Ghi chú nhật ký 5150 034095001234", Time: h.now}}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return strings.Count(logs.String(), "update not handled") >= 3 })
	stop()
	d.Wait()
	for _, s := range h.senders {
		s.Drain(ctx) // fails: nothing to read
	}

	out := logs.String()
	for _, want := range []string{"handler failed", "update not handled", "database is closed"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q: the forced errors were not logged\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		for _, s := range logPersonal {
			if logHas(line, s) {
				t.Errorf("the log shows personal data %q:\n%s", s, line)
			}
		}
		if strings.Contains(line, "level=DEBUG") {
			continue
		}
		for _, s := range logBodies {
			if logHas(line, s) {
				t.Errorf("the log shows a message body %q above Debug:\n%s", s, line)
			}
		}
	}
	t.Logf("%d log lines checked", strings.Count(out, "\n"))
}

// logHas finds s in a log line as written, folded or escaped.
func logHas(line, s string) bool {
	q := strconv.QuoteToASCII(s)
	return strings.Contains(line, s) || strings.Contains(bot.Fold(line), bot.Fold(s)) || strings.Contains(line, q[1:len(q)-1])
}

func hasChoice(r bot.Reply, label string) bool {
	for _, c := range r.Choices {
		if c.Label == label {
			return true
		}
	}
	return false
}

func officerUnit(t *testing.T, h *harness, user string) int64 {
	t.Helper()
	ch, id, _ := strings.Cut(user, ":")
	p, err := h.db.PersonByIdentity(context.Background(), ch, id)
	if err != nil {
		t.Fatal(err)
	}
	return p.UnitID
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for i := 0; i < 500 && !ok(); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if !ok() {
		t.Fatal("timed out")
	}
}
