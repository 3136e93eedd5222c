package handlers

import (
	"strconv"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/bot"
)

// FuzzRouter drives the real router on a real database with a script of up
// to 16 messages from one user (a stranger, an admin, an officer or a Zalo
// stranger): a line is typed text, "#N" presses the N-th button of the
// latest keyboard (so the fuzzer walks into conversations) and "#raw:DATA"
// presses a button with arbitrary data, as a forged client could. Whatever
// the input, HandleUpdate returns no error (the harness fails on one) and
// no reply is the generic apology, which the router sends after a panic or
// an internal error.
//
// The database lives for the whole fuzzing run (a fresh one per input would
// be too slow), so records made by one input are seen by the next; every
// script starts with /huy, so no conversation carries over.
func FuzzRouter(f *testing.F) {
	h := newHarness(f)
	h.admin("telegram:901")
	h.officer("telegram:902", "kinhte")
	users := []string{"telegram:900", "telegram:901", "telegram:902", "zalo:903"}
	seeds := []struct {
		script string
		who    uint8
	}{
		{"/start", 0}, {"/help\n/trogiup", 1}, {"xin chào", 3}, {"/start ABCdef_-123", 0}, {"/start sub_pham-kha", 3},
		{"/dangky\n#0\n#1\n1, 3", 0}, {"/dangky\n1\nNhân Quyền\n1,2,3\n/dulieu\n/ngung\n/xoadulieu\n#0", 3},
		{"/tuyendung\n#raw:job.1\n#raw:job.99999999999999999999", 0}, {"quan tâm 1\n/quantam #2", 3},
		{"/canbo\n#0\nLò Văn Thử\n1990\n#1\nTày\n#0\n#0\n#0\n#0\n#0\n#0", 2},
		{"/canbo\n#0\n#5\n#0", 1}, {"/daotao\n#0\n#0\n#0", 2}, {"/baocao\n#0\n12\nKhông có\n#2", 2},
		{"/baocao\n#1", 1}, {"/phananh Trường thiếu máy tính", 2}, {"/phananh\n#0\nĐã chuyển", 1},
		{"/moi\n#1", 1}, {"/moi kinhte", 1}, {"/donvi", 1},
		{"/thongbao\nThông báo thử\n#0\n#0\n#1\n31/12/2026 08:00\n#1", 1}, {"/thongbao\nx\n#0\n#0\n#2\n0 8 * * 1\n#0", 1},
		{"/thongbao tiendo 1\n/thongbao huy", 1},
		{"/nguon\n#0\nHà Thị Nguồn\n#0\nMường\n#2\nSư phạm\n#0\n#1\n#0\n#0", 1}, {"/nguon loc qual military\n/nguon ds", 1},
		{"/tuyendung them\nGiáo viên\n#0\n2\nCó bằng\n31/12/2026\n0912\n#0\n#0", 1}, {"/tuyendung dang 1\n#0\n/tuyendung dong 1", 1},
		{"/lienket\n/lienket ABCD-EFGH-1234", 3}, {"/quaylai\n/huy\n/cancel", 2},
		{"#raw:rv.1\n#raw:fb.1\n#raw:ann.p1\n#raw:jobc.1\n#raw:jobn.x", 0}, {"#raw:1:x\n#raw:\n#raw:.\n#raw:rv.", 2},
		{"#raw:99:" + strings.Repeat("9", 80), 1}, {"/" + strings.Repeat("a", 70) + "@bot x", 0},
		{"\x00\xff\u200b/start", 0}, {strings.Repeat("báo cáo ", 300), 2}, {"báo cáo " + strings.Repeat("Ⱥ", 20), 2}, {"thông báo tiến độ 1", 1}, {"BÁO CÁO\nbao cao 2026\nđào tạo", 2},
	}
	for _, s := range seeds {
		f.Add(s.script, s.who)
	}
	f.Fuzz(func(t *testing.T, script string, who uint8) {
		h.t = t
		clear(*h.rec.all)
		user := users[int(who)%len(users)]
		h.send(user, "/huy")
		lines := strings.Split(script, "\n")
		if len(lines) > 16 {
			lines = lines[:16]
		}
		for _, line := range lines {
			var got []bot.Reply
			switch {
			case strings.HasPrefix(line, "#raw:"):
				got = h.press(user, strings.TrimPrefix(line, "#raw:"))
			case strings.HasPrefix(line, "#"):
				n, _ := strconv.Atoi(line[1:])
				rep, ok := lastChoices(h.inbox(user))
				if !ok {
					got = h.press(user, line[1:])
					break
				}
				if n < 0 {
					n = -n
				}
				c := rep.Choices[n%len(rep.Choices)]
				got = h.press(user, bot.CallbackData(rep.Token, c.ID))
			default:
				got = h.send(user, line)
			}
			for _, r := range got {
				if r.Text == routerMessages.Internal {
					t.Fatalf("%s: %q answered with the generic apology (a panic or an internal error)\nscript: %q", user, line, script)
				}
			}
		}
	})
}
