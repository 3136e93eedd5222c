package export

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// reportData is what the consolidated report states.
type reportData struct {
	o        Options
	year     int
	status   storage.PeriodStatus
	figures  storage.YearFigures
	areas    map[string]int // active staff covered per required area
	reports  map[int64]storage.ReportRow
	unitKind map[int64]string
}

func collectReport(ctx context.Context, db *storage.DB, o Options) (*reportData, error) {
	d := &reportData{o: o, year: o.year(), reports: map[int64]storage.ReportRow{}, unitKind: map[int64]string{}}
	cov, err := db.CoverageDetail(ctx, o.rules())
	if err != nil {
		return nil, err
	}
	if d.status, err = db.PeriodStatusFrom(ctx, d.year, o.Plan.DeadlineIn(d.year, o.Loc), cov.ByUnit, 0); err != nil {
		return nil, err
	}
	from, to := yearBounds(d.year, o.Loc)
	if d.figures, err = db.YearFigures(ctx, d.year, from, to); err != nil {
		return nil, err
	}
	if d.areas, err = db.AreaCoverage(ctx, o.rules()); err != nil {
		return nil, err
	}
	rs, err := db.PeriodReports(ctx, d.year)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if r.Status == storage.ReportSubmitted || r.Status == storage.ReportAccepted {
			d.reports[r.UnitID] = r
		}
	}
	for _, u := range d.status.Units {
		d.unitKind[u.Unit.ID] = u.Unit.Kind
	}
	return d, nil
}

// Report writes the commune's consolidated report to Sở Nội vụ as .docx:
// Decree 30/2020/NĐ-CP header, title, the plan's sections filled from the
// data and the submitted unit reports, recipients and signature block.
func Report(ctx context.Context, w io.Writer, db *storage.DB, o Options) error {
	d, err := collectReport(ctx, db, o)
	if err != nil {
		return fmt.Errorf("consolidated report: %w", err)
	}
	var b strings.Builder
	d.header(&b)
	d.situation(&b)
	d.results(&b)
	d.targets(&b)
	d.issues(&b)
	d.closing(&b)
	return writeDocx(w, d.title(), b.String(), o.Now)
}

// body paragraph helpers.
func text(s string) string {
	return p(para{align: "both", firstLine: firstLine, before: 60, after: 60, line: 276}, run{text: s})
}

func heading(s string) string {
	return p(para{align: "both", firstLine: firstLine, before: 120, after: 60, line: 276, keepNext: true}, run{text: s, bold: true})
}

func subheading(s string) string {
	return p(para{align: "both", firstLine: firstLine, before: 60, after: 60, line: 276, keepNext: true}, run{text: s, bold: true, italic: true})
}

func (d *reportData) title() string {
	return "Kết quả thực hiện " + d.o.Plan.Plan.Title + " năm " + strconv.Itoa(d.year)
}

// header is the Decree 30 header: issuing body and number on the left,
// national name and motto, place and date on the right; then the title.
func (d *reportData) header(b *strings.Builder) {
	pl := d.o.Plan
	const left, right = 3969, 5385
	issuer := strings.ToUpper(pl.IssuerShort)
	if issuer == "" {
		issuer = strings.ToUpper(pl.Issuer)
	}
	place := pl.Place
	if place == "" {
		place = strings.TrimPrefix(pl.Commune, "Xã ")
	}
	c := func(pp para, r ...run) string { pp.align = "center"; return p(pp, r...) }
	b.WriteString(table(false, false,
		[]cell{
			{width: left, body: []string{c(para{}, run{text: issuer, bold: true, size: sz12}), rule(left, 1400)}},
			{width: right, body: []string{
				c(para{}, run{text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: sz12}),
				c(para{}, run{text: "Độc lập - Tự do - Hạnh phúc", bold: true, size: sz13}),
				rule(right, 3360)}},
		},
		[]cell{
			{width: left, body: []string{c(para{before: 120}, run{text: "Số:        /BC-UBND", size: sz13})}},
			{width: right, body: []string{c(para{before: 120},
				run{text: fmt.Sprintf("%s, ngày      tháng      năm %d", place, d.o.Now.In(d.o.Loc).Year()), italic: true, size: sz14})}},
		}))
	b.WriteString(p(para{align: "center", before: 360}, run{text: "BÁO CÁO", bold: true, size: sz14}))
	b.WriteString(p(para{align: "center", indLeft: 567, indRite: 567}, run{text: d.title(), bold: true, size: sz14}))
	b.WriteString(rule(textWidth, 2400))
	b.WriteString(p(para{after: 120}))
	b.WriteString(text(fmt.Sprintf("Thực hiện %s của %s về triển khai thực hiện Quyết định số %s ngày %s của Thủ tướng Chính phủ phê duyệt %s; %s báo cáo kết quả thực hiện năm %d như sau:",
		docRef("Kế hoạch", pl.Plan), pl.IssuerShort, pl.Decision.Number, dateShort(pl.Decision.Date), quoted(pl.Decision.Title), pl.Issuer, d.year)))
}

func docRef(kind string, doc plan.Doc) string {
	s := kind + " số " + doc.Number
	if doc.Date != "" {
		s += " ngày " + dateShort(doc.Date)
	}
	return s
}

func quoted(s string) string {
	if s == "" {
		return "Đề án"
	}
	if strings.HasPrefix(s, "Đề án ") {
		return "Đề án “" + strings.TrimPrefix(s, "Đề án ") + "”"
	}
	return "“" + s + "”"
}

// dateShort writes "2026-03-24" as "24/3/2026" and "2026-05-05" as
// "05/5/2026", as the plan does; other text is kept.
func dateShort(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	m := strconv.Itoa(int(t.Month()))
	if t.Month() < 3 {
		m = "0" + m
	}
	return fmt.Sprintf("%02d/%s/%d", t.Day(), m, t.Year())
}

// have is "có 01" or "chưa có" for a count of people.
func have(n int) string {
	if n == 0 {
		return "chưa có"
	}
	return "có " + count(n)
}

// count writes a small count the administrative way: "01", "12", "chưa có".
func count(n int) string {
	switch {
	case n == 0:
		return "0"
	case n < 10:
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func (d *reportData) situation(b *strings.Builder) {
	pl, st, f := d.o.Plan, d.status, d.figures
	bl := pl.Baseline
	b.WriteString(heading("I. TÌNH HÌNH CHUNG"))
	s := fmt.Sprintf("Khi ban hành Kế hoạch, trên địa bàn xã có %d người dân tộc thiểu số, chiếm khoảng %s tổng dân số; %s cán bộ, công chức và %s viên chức là người dân tộc thiểu số",
		bl.Residents, Percent(bl.SharePercent), have(bl.CadresCivil), have(bl.PublicEmployees))
	if bl.Note != "" {
		s += " (" + bl.Note + ")"
	}
	b.WriteString(text(s + "."))
	var parts []string
	tracked := 0
	for _, c := range categoryOrder {
		tracked += f.ByCategory[c]
		parts = append(parts, count(f.ByCategory[c])+" "+strings.ToLower(CategoryLabels[c]))
	}
	target := d.o.Plan.TargetFor(d.year)
	s = fmt.Sprintf("Đến ngày %s, các cơ quan, đơn vị đang theo dõi %s cán bộ, công chức, viên chức, người lao động là người dân tộc thiểu số (%s). ",
		dateVN(d.o.Now, d.o.Loc), count(tracked), strings.Join(parts, ", "))
	if pct, ok := st.Total.Percent(); ok {
		s += fmt.Sprintf("Số cán bộ, công chức, viên chức được đào tạo, bồi dưỡng đầy đủ là %s/%s, đạt %s (chỉ tiêu giai đoạn: %s).",
			count(st.Total.FullyTrained), count(st.Total.Active), Percent(pct), Percent(target))
	} else {
		s += fmt.Sprintf("Chưa có số liệu để tính tỷ lệ đào tạo, bồi dưỡng đầy đủ (chỉ tiêu giai đoạn: %s).", Percent(target))
	}
	b.WriteString(text(s))
	in, late := 0, 0
	var missing []string
	for _, u := range st.Units {
		if u.Submitted() {
			in++
			if u.Late {
				late++
			}
		} else {
			missing = append(missing, u.Unit.Name)
		}
	}
	s = fmt.Sprintf("Việc báo cáo: %s/%s cơ quan, đơn vị đã gửi báo cáo về Phòng Văn hóa - Xã hội", count(in), count(len(st.Units)))
	if late > 0 {
		s += fmt.Sprintf(" (%s đơn vị gửi sau hạn %s)", count(late), dateVN(st.Deadline, d.o.Loc))
	}
	if len(missing) > 0 {
		s += "; chưa gửi: " + strings.Join(missing, ", ")
	}
	b.WriteString(text(s + "."))
}

// answersOf gathers one answer key from the submitted reports, prefixed
// with the unit's name.
func (d *reportData) answersOf(key string) []string {
	var out []string
	for _, u := range d.status.Units {
		r, ok := d.reports[u.Unit.ID]
		if !ok {
			continue
		}
		if a := strings.TrimSpace(r.Answers[key]); a != "" {
			out = append(out, u.Unit.Name+": "+a)
		}
	}
	return out
}

// sumOf adds a figure over the submitted reports.
func (d *reportData) sumOf(key string) (int, bool) {
	n, found := 0, false
	for _, r := range d.reports {
		if v, err := strconv.Atoi(strings.TrimSpace(r.Answers[key])); err == nil {
			n += v
			found = true
		}
	}
	return n, found
}

func bullets(b *strings.Builder, items []string) {
	for _, it := range items {
		b.WriteString(text("- " + strings.TrimSuffix(it, ".") + "."))
	}
}

func (d *reportData) results(b *strings.Builder) {
	f := d.figures
	b.WriteString(heading("II. KẾT QUẢ THỰC HIỆN"))

	b.WriteString(subheading("1. Công tác tạo nguồn, tuyển dụng và thu hút nhân lực"))
	s := fmt.Sprintf("Trong năm, UBND xã thông báo %s đợt tuyển dụng; nguồn nhân lực người dân tộc thiểu số được bổ sung %s người (trong đó %s người tốt nghiệp loại giỏi, xuất sắc; %s người đã hoàn thành nghĩa vụ quân sự); %s người dân tộc thiểu số được tuyển dụng, tiếp nhận mới.",
		count(f.Vacancies), count(f.Candidates), count(f.Excellent), count(f.Military), count(f.Joined))
	if n, ok := d.sumOf("nominations"); ok {
		s += fmt.Sprintf(" Ủy ban MTTQ Việt Nam xã và các tổ chức chính trị - xã hội giới thiệu %s người vào nguồn.", count(n))
	}
	b.WriteString(text(s))

	b.WriteString(subheading("2. Công tác quy hoạch, bố trí và sử dụng"))
	b.WriteString(text(fmt.Sprintf("Số cán bộ, công chức, viên chức người dân tộc thiểu số được đưa vào quy hoạch: %s người; số người thôi công tác trong năm: %s người.",
		count(f.InPlanning), count(f.Left))))

	b.WriteString(subheading("3. Công tác đào tạo, bồi dưỡng"))
	var parts []string
	for _, a := range d.o.Plan.Areas {
		if n := f.CompletedByArea[a.Code]; n > 0 || a.Required {
			parts = append(parts, fmt.Sprintf("%s: %s lượt", lowerFirst(a.Name), count(n)))
		}
	}
	b.WriteString(text("Số lượt đào tạo, bồi dưỡng hoàn thành trong năm: " + strings.Join(parts, "; ") + "."))
	b.WriteString(text("Tỷ lệ cán bộ, công chức, viên chức người dân tộc thiểu số được đào tạo, bồi dưỡng đầy đủ: " + CoverageText(d.status.Total) + "."))
	bullets(b, d.answersOf("training_needs"))

	b.WriteString(subheading("4. Công tác quản lý, cập nhật dữ liệu"))
	b.WriteString(text(fmt.Sprintf("Dữ liệu %s người dân tộc thiểu số đang công tác được cập nhật trên hệ thống; %s người đã có số định danh cá nhân để đối chiếu với Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức.",
		count(d.status.Total.Active), count(f.WithNationalID))))
	bullets(b, d.answersOf("database_update"))

	b.WriteString(subheading("5. Công tác tuyên truyền"))
	b.WriteString(text(fmt.Sprintf("Trong năm có %s thông báo tuyên truyền, tuyển dụng được phát hành qua ứng dụng nhắn tin, với %s lượt tin đã gửi tới người dân và cán bộ.",
		count(f.Announcements), count(f.OutreachSent))))
	bullets(b, d.answersOf("propaganda"))
	bullets(b, d.answersOf("supervision"))

	b.WriteString(subheading("6. Kết quả thực hiện của các cơ quan, đơn vị"))
	for _, u := range d.status.Units {
		d.unitResult(b, u)
	}
}

// unitResult is one unit's paragraph: its figures and narrative answers.
func (d *reportData) unitResult(b *strings.Builder, u storage.UnitStatus) {
	r, ok := d.reports[u.Unit.ID]
	if !ok {
		state := "chưa có báo cáo"
		if u.Report != storage.ReportStateNone {
			state = "chưa gửi báo cáo (" + strings.ToLower(StatusLabels[u.Report]) + ")"
		}
		staff := "chưa có cán bộ, công chức, viên chức người DTTS"
		if u.Coverage.Active > 0 {
			staff = "đào tạo, bồi dưỡng đầy đủ: " + CoverageText(u.Coverage)
		}
		b.WriteString(text(fmt.Sprintf("- %s: %s; %s.", u.Unit.Name, state, staff)))
		return
	}
	var figs, texts []string
	for _, q := range d.o.Plan.QuestionsFor(u.Unit.Kind) {
		a := strings.TrimSpace(r.Answers[q.Key])
		if a == "" || q.Key == "difficulties" || q.Key == "proposals" {
			continue
		}
		if q.Type == "figure" {
			if a != "0" {
				figs = append(figs, strings.TrimSuffix(q.Text, " (%)")+": "+figureVN(a)+unitSuffix(q.Text))
			}
		} else {
			texts = append(texts, strings.TrimSuffix(a, "."))
		}
	}
	s := "- " + u.Unit.Name
	if u.Late {
		s += " (gửi sau hạn)"
	}
	s += ": "
	if len(texts) > 0 {
		s += strings.Join(texts, "; ") + ". "
	}
	if len(figs) > 0 {
		s += "Số liệu: " + strings.Join(figs, "; ") + "."
	} else if len(texts) == 0 {
		s += "đã gửi báo cáo, không có số liệu phát sinh."
	}
	b.WriteString(text(strings.TrimSpace(s)))
}

// figureVN writes a stored figure ("75.5") the Vietnamese way ("75,5").
func figureVN(a string) string {
	if _, err := strconv.ParseFloat(a, 64); err == nil {
		return strings.Replace(a, ".", ",", 1)
	}
	return a
}

func unitSuffix(q string) string {
	if strings.HasSuffix(q, "(%)") {
		return "%"
	}
	return ""
}

// targets is the table of figures against the plan's targets.
func (d *reportData) targets(b *strings.Builder) {
	b.WriteString(subheading("7. Kết quả so với mục tiêu của Kế hoạch"))
	const w1, w2, w3, w4, w5 = 600, 3554, 1700, 1900, 1600
	hc := func(s string, w int) cell {
		return cell{width: w, vAlign: "center", body: []string{p(para{align: "center", before: 40, after: 40}, run{text: s, bold: true, size: sz13})}}
	}
	tc := func(s string, w int, align string) cell {
		return cell{width: w, vAlign: "center", body: []string{p(para{align: align, before: 40, after: 40}, run{text: s, size: sz13})}}
	}
	rows := [][]cell{{hc("TT", w1), hc("Chỉ tiêu", w2), hc("Mục tiêu", w3), hc("Kết quả", w4), hc("Đánh giá", w5)}}
	target := d.o.Plan.TargetFor(d.year)
	st := d.status
	verdict := func(c storage.Coverage) string {
		pct, ok := c.Percent()
		switch {
		case !ok:
			return "Chưa có số liệu"
		case pct >= target:
			return "Đạt"
		}
		return "Chưa đạt"
	}
	add := func(name, goal, got, eval string) {
		n := strconv.Itoa(len(rows))
		rows = append(rows, []cell{tc(n, w1, "center"), tc(name, w2, "left"), tc(goal, w3, "center"), tc(got, w4, "center"), tc(eval, w5, "center")})
	}
	add("Tỷ lệ CBCCVC người DTTS được đào tạo, bồi dưỡng đầy đủ", Percent(target), CoverageText(st.Total), verdict(st.Total))
	for _, a := range d.o.Plan.RequiredAreas() {
		c := storage.Coverage{Active: st.Total.Active, FullyTrained: d.areas[a.Code]}
		add("Đạt chuẩn về "+lowerFirst(a.Name), Percent(target), CoverageText(c), verdict(c))
	}
	bl := d.o.Plan.Baseline
	add("Số CBCCVC, người lao động người DTTS đang công tác", fmt.Sprintf("%s (khi ban hành)", count(bl.CadresCivil+bl.PublicEmployees)),
		count(st.Total.Active), "")
	inTime := 0
	for _, u := range st.Units {
		if u.Submitted() && !u.Late {
			inTime++
		}
	}
	evalReports := "Đạt"
	if inTime < len(st.Units) {
		evalReports = "Chưa đạt"
	}
	add("Cơ quan, đơn vị gửi báo cáo đúng hạn", count(len(st.Units)), count(inTime), evalReports)
	b.WriteString(table(true, true, rows...))
}

func (d *reportData) issues(b *strings.Builder) {
	b.WriteString(heading("III. KHÓ KHĂN, VƯỚNG MẮC"))
	diff := d.answersOf("difficulties")
	if len(diff) == 0 {
		b.WriteString(text("Các cơ quan, đơn vị chưa phản ánh khó khăn, vướng mắc trong báo cáo."))
	}
	bullets(b, diff)
	if n := d.figures.FeedbackOpen; n > 0 {
		b.WriteString(text(fmt.Sprintf("Hiện còn %s phản ánh của các cơ quan, đơn vị đang được Phòng Văn hóa - Xã hội xem xét, trả lời.", count(n))))
	}
	b.WriteString(heading("IV. ĐỀ XUẤT, KIẾN NGHỊ"))
	prop := d.answersOf("proposals")
	if len(prop) == 0 {
		b.WriteString(text("Chưa có đề xuất, kiến nghị từ các cơ quan, đơn vị."))
	}
	bullets(b, prop)
	b.WriteString(text(fmt.Sprintf("Trên đây là báo cáo kết quả thực hiện Kế hoạch năm %d của %s, kính báo cáo %s xem xét, tổng hợp./.",
		d.year, d.o.Plan.IssuerShort, reportTo(d.o.Plan))))
}

func reportTo(p *plan.Plan) string {
	if p.ReportTo != "" {
		return p.ReportTo
	}
	return "Sở Nội vụ"
}

// closing is "Nơi nhận" on the left and the signature block on the right.
func (d *reportData) closing(b *strings.Builder) {
	const left, right = 4677, 4677
	recipients := []string{"- " + reportTo(d.o.Plan) + ";", "- Thường trực Đảng ủy xã;", "- Thường trực HĐND xã;",
		"- Chủ tịch, các Phó Chủ tịch UBND xã;", "- Lưu: VT, VHXH."}
	lp := []string{p(para{before: 240}, run{text: "Nơi nhận:", bold: true, italic: true, size: sz12})}
	for _, r := range recipients {
		lp = append(lp, p(para{}, run{text: r, size: sz11}))
	}
	c := func(s string, bold bool) string {
		return p(para{align: "center"}, run{text: s, bold: bold, size: sz14})
	}
	rp := []string{
		p(para{align: "center", before: 240}, run{text: "TM. ỦY BAN NHÂN DÂN", bold: true, size: sz14}),
		c("KT. CHỦ TỊCH", true), c("PHÓ CHỦ TỊCH", true),
		p(para{}), p(para{}), p(para{}), p(para{}), p(para{}),
		c("", true),
	}
	b.WriteString(table(false, false, []cell{{width: left, body: lp}, {width: right, body: rp}}))
	b.WriteString(p(para{})) // Word wants the body to end with a paragraph
}

// lowerFirst lowercases the first letter: "Chuyên môn" → "chuyên môn".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
