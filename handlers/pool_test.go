package handlers

import (
	"context"
	"strings"
	"testing"

	"github.com/dttsbot/dttsbot/storage"
)

// nominate runs /nguon them to the end.
func nominate(t *testing.T, h *harness, user, name, ethnic, level, excellent, experience, military string) {
	t.Helper()
	for _, step := range []struct{ in, want string }{
		{"/nguon them", "Họ và tên"},
		{name, "thôn nào"},
		{"Phạm Kha", "dân tộc nào"},
		{ethnic, "Trình độ chuyên môn"},
		{level, "Chuyên ngành"},
		{"Bỏ qua", "xuất sắc"},
		{excellent, "Kinh nghiệm"},
		{experience, "nghĩa vụ quân sự"},
		{military, "đã đồng ý"},
		{"1", "Đã ghi nhận ứng viên"},
	} {
		mustContain(t, text(h.send(user, step.in)), step.want)
	}
}

func TestPoolNominateListFilter(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.admin("telegram:1")
	h.officer("telegram:40", "mttq")     // front
	h.officer("telegram:41", "hoiphunu") // organisation
	nominate(t, h, "telegram:40", "Lường Thị Mai", "Thái", "Đại học", "Có", "2 năm kế toán HTX", "Không")
	nominate(t, h, "telegram:41", "Hà Văn Nam", "hmong", "Sơ cấp", "Không", "Chưa có", "Có")
	cs, err := h.db.ReadCandidates(ctx, 0, 0, "test")
	if err != nil || len(cs) != 2 {
		t.Fatalf("candidates = %d, %v", len(cs), err)
	}
	if cs[0].EthnicCode != "03" || cs[0].NominatedBy != storage.NominatedFront || !cs[0].Excellent || cs[0].Military ||
		cs[0].ConsentAt.IsZero() || cs[0].Village != "Phạm Kha" || cs[0].EducationLevel != "Đại học" {
		t.Errorf("first candidate = %+v", cs[0])
	}
	if cs[1].EthnicCode != "08" || cs[1].NominatedBy != storage.NominatedOrganisation || cs[1].Experience != "" || !cs[1].Military {
		t.Errorf("second candidate = %+v", cs[1])
	}
	// Officers see only their own nominations.
	got := text(h.send("telegram:40", "/nguon ds"))
	mustContain(t, got, "Lường Thị Mai", "Dân tộc: Thái", "Ủy ban MTTQ")
	mustNotContain(t, got, "Hà Văn Nam")
	got = text(h.send("telegram:41", "/nguon ds"))
	mustContain(t, got, "Hà Văn Nam", "Dân tộc: Mông", "Hội Liên hiệp Phụ nữ")
	mustNotContain(t, got, "Lường Thị Mai", "Thái")
	// Admins see all and filter by the priority criteria.
	mustContain(t, text(h.send("telegram:1", "/nguon ds")), "Lường Thị Mai", "Hà Văn Nam")
	h.send("telegram:1", "/nguon loc")
	got = text(h.send("telegram:1", "1, 2")) // suitable qualification + excellent
	mustContain(t, got, "Lường Thị Mai", "đạt 3/4")
	mustNotContain(t, got, "Hà Văn Nam")
	got = text(h.send("telegram:1", "/nguon loc military"))
	mustContain(t, got, "Hà Văn Nam")
	mustNotContain(t, got, "Lường Thị Mai")
	// Every read is audited, without names.
	es, _ := h.db.AuditPage(ctx, 0, 50)
	reads := 0
	for _, e := range es {
		if e.Action == "candidate.read" {
			reads++
			if strings.Contains(e.Detail, "Lường") || strings.Contains(e.Detail, "Thái") {
				t.Errorf("audit entry carries personal data: %+v", e)
			}
		}
	}
	if reads != 6 { // test read + 5 lists
		t.Errorf("audited reads = %d, want 6", reads)
	}
}

func TestPoolBadEthnicAndNoConsent(t *testing.T) {
	h := newHarness(t)
	h.officer("telegram:40", "mttq")
	h.send("telegram:40", "/nguon")
	h.send("telegram:40", "Giới thiệu ứng viên")
	h.send("telegram:40", "Lò Văn B")
	h.send("telegram:40", "Xóm Mới") // a village not in the plan's list is accepted
	mustContain(t, text(h.send("telegram:40", "Klingon")), "Không tìm thấy dân tộc")
	mustContain(t, text(h.send("telegram:40", "Kinh")), "chỉ ghi nhận ứng viên người dân tộc thiểu số")
	mustContain(t, text(h.send("telegram:40", "Sán Dìu")), "Trình độ")
	h.send("telegram:40", "Trung cấp")
	h.send("telegram:40", "Thú y")
	h.send("telegram:40", "Không")
	h.send("telegram:40", "Chưa có")
	mustContain(t, text(h.send("telegram:40", "ừ")), "Có hoặc Không")
	mustContain(t, text(h.send("telegram:40", "Có")), "Thôn: Xóm Mới", "Dân tộc: Sán Dìu", "Chuyên ngành: Thú y")
	mustContain(t, text(h.send("telegram:40", "2")), "Chưa lưu")
	cs, _ := h.db.ReadCandidates(context.Background(), 0, 0, "test")
	if len(cs) != 0 {
		t.Errorf("a candidate was saved without consent: %+v", cs)
	}
}

func TestPoolEthnicLookup(t *testing.T) {
	for _, tc := range []struct{ in, code string }{
		{"Mường", "04"}, {"muong", "04"}, {"H'Mông", "08"}, {"Mèo", "08"}, {"Khmer", "05"}, {"Ê-đê", "11"},
		{"gie trieng", "29"}, {"Ơ Đu", "54"}, {"Kinh", "01"}, {"Việt", "01"},
	} {
		if code, _, ok := poolEthnic(tc.in); !ok || code != tc.code {
			t.Errorf("poolEthnic(%q) = %q, %v; want %q", tc.in, code, ok, tc.code)
		}
	}
	for _, in := range []string{"", "xyz", "\xff"} {
		if _, _, ok := poolEthnic(in); ok {
			t.Errorf("poolEthnic(%q) found a group", in)
		}
	}
}
