package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-analyze/charts"

	"github.com/dttsbot/dttsbot/storage"
)

// chartStates are the report states in legend order, each with its colour.
var chartStates = []struct {
	state string
	color charts.Color
}{
	{storage.ReportAccepted, charts.Color{R: 46, G: 125, B: 50, A: 255}},    // dark green
	{storage.ReportSubmitted, charts.Color{R: 102, G: 187, B: 106, A: 255}}, // green
	{storage.ReportReturned, charts.Color{R: 245, G: 124, B: 0, A: 255}},    // orange
	{storage.ReportDraft, charts.Color{R: 253, G: 216, B: 53, A: 255}},      // yellow
	{storage.ReportStateNone, charts.Color{R: 211, G: 47, B: 47, A: 255}},   // red
}

var targetColor = charts.Color{R: 33, G: 33, B: 33, A: 255}

// StatusChart draws a PNG: one bar per unit with its coverage (percent of
// fully trained staff), coloured by the state of its report, and the
// target as a line. A unit without staff has no bar and "(chưa có)" under
// its label.
func StatusChart(ps storage.PeriodStatus, target float64) ([]byte, error) {
	n := len(ps.Units)
	if n == 0 {
		return nil, fmt.Errorf("status chart: no unit")
	}
	labels := make([]string, n)
	series := make(charts.GenericSeriesList, 0, len(chartStates)+1)
	var colors []charts.Color
	var names []string
	for _, cs := range chartStates {
		vals := make([]float64, n)
		used := false
		for i, u := range ps.Units {
			vals[i] = charts.GetNullValue() // no bar, no label: another state
			if u.Report != cs.state {
				continue
			}
			used = true
			vals[i] = math.Copysign(0, -1) // no staff: a bar of height 0 marked by the sign
			if pct, ok := u.Coverage.Percent(); ok {
				vals[i] = pct
			}
		}
		if !used {
			continue
		}
		series = append(series, charts.GenericSeries{Type: charts.ChartTypeBar, Values: vals, Name: StatusLabels[cs.state],
			Label: stateLabel(cs.color)})
		colors = append(colors, cs.color)
		names = append(names, StatusLabels[cs.state])
	}
	for i, u := range ps.Units {
		labels[i] = shortUnit(u.Unit.Name)
	}
	line := make([]float64, n)
	for i := range line {
		line[i] = target
	}
	tname := fmt.Sprintf(chartTarget, strconv.FormatFloat(target, 'f', -1, 64))
	// On the second axis (same 0–100 range), so it is not stacked on the bars.
	series = append(series, charts.GenericSeries{Type: charts.ChartTypeLine, Values: line, Name: tname, YAxisIndex: 1})
	colors = append(colors, targetColor)
	names = append(names, tname)

	width := 160 + 70*n
	if width < 640 {
		width = 640
	}
	opt := charts.ChartOption{
		OutputFormat: charts.ChartOutputPNG,
		Width:        width,
		Height:       520,
		Theme:        charts.GetTheme(charts.ThemeLight).WithSeriesColors(colors),
		Padding:      charts.Box{Top: 20, Right: 30, Bottom: 20, Left: 20},
		Title:        charts.TitleOption{Text: fmt.Sprintf(chartTitle, ps.Period), Offset: charts.OffsetCenter},
		Legend:       charts.LegendOption{SeriesNames: names, Offset: charts.OffsetStr{Top: "30"}},
		XAxis:        charts.XAxisOption{Labels: labels, LabelRotation: charts.DegreesToRadians(35), LabelCount: n},
		YAxis: []charts.YAxisOption{
			{Min: charts.Ptr(0.0), Max: charts.Ptr(100.0), Unit: 20, Title: chartYAxis,
				ValueFormatter: func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }},
			{Min: charts.Ptr(0.0), Max: charts.Ptr(100.0), Unit: 20, Show: charts.Ptr(false)},
		},
		FillArea:    charts.Ptr(false),
		SeriesList:  series,
		StackSeries: charts.Ptr(true),
		Symbol:      charts.Symbol{Shape: charts.SymbolNone},
	}
	p, err := charts.Render(opt)
	if err != nil {
		return nil, fmt.Errorf("status chart: %w", err)
	}
	return p.Bytes()
}

// stateLabel writes each bar's value above it on the colour of its report
// state, so a unit at 0 % or without staff ("chưa có", the value -0) shows
// its state too.
func stateLabel(color charts.Color) charts.SeriesLabel {
	font := charts.Color{R: 255, G: 255, B: 255, A: 255}
	if 299*int(color.R)+587*int(color.G)+114*int(color.B) > 160_000 { // light: dark text
		font = charts.Color{R: 33, G: 33, B: 33, A: 255}
	}
	return charts.SeriesLabel{Show: charts.Ptr(true), LabelFormatter: func(_ int, _ string, v float64) (string, *charts.LabelStyle) {
		txt := Percent(v)
		if v == 0 && math.Signbit(v) {
			txt = chartNoStaffShort
		}
		return txt, &charts.LabelStyle{BackgroundColor: color, CornerRadius: 3,
			FontStyle: charts.FontStyle{FontColor: font, FontSize: 10}}
	}}
}

// shortUnit shortens a unit's name for an axis label.
func shortUnit(name string) string {
	r := strings.NewReplacer("Phòng ", "P. ", "Trung tâm ", "TT ", "Trường ", "Tr. ", "Ủy ban MTTQ Việt Nam xã", "UB MTTQ",
		"Văn phòng HĐND và UBND", "VP HĐND-UBND", "Dịch vụ sự nghiệp công", "DVSNC", "Phục vụ hành chính công", "PVHCC",
		"Đoàn TNCS Hồ Chí Minh", "Đoàn TN", "Hội Liên hiệp Phụ nữ", "Hội LHPN", " xã", "")
	s := r.Replace(name)
	rs := []rune(s)
	if len(rs) > 18 {
		s = string(rs[:17]) + "…"
	}
	return s
}
