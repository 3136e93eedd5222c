package export

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles of the workbook.
type styles struct {
	header, text, wrap, date, integer, percent, bold, title int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	font := &excelize.Font{Family: "Times New Roman", Size: 12}
	dateFmt, pctFmt, textFmt := "dd/mm/yyyy", "0.0%", "@"
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.header, excelize.Style{Border: border, Font: &excelize.Font{Family: "Times New Roman", Size: 12, Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.text, excelize.Style{Border: border, Font: font, CustomNumFmt: &textFmt, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.wrap, excelize.Style{Border: border, Font: font, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.date, excelize.Style{Border: border, Font: font, CustomNumFmt: &dateFmt, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&s.integer, excelize.Style{Border: border, Font: font, NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.percent, excelize.Style{Border: border, Font: font, CustomNumFmt: &pctFmt, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.bold, excelize.Style{Border: border, Font: &excelize.Font{Family: "Times New Roman", Size: 12, Bold: true},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.title, excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 13, Bold: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return s, fmt.Errorf("workbook style: %w", err)
		}
		*d.dst = id
	}
	return s, nil
}

// column is a sheet column: header, width and the style of its cells.
type column struct {
	header string
	width  float64
	kind   cellKind
}

type cellKind int

const (
	kText cellKind = iota // plain text (stored as text, "@")
	kWrap                 // long text, wrapped
	kDate                 // time.Time, shown dd/mm/yyyy
	kInt                  // integer
	kPct                  // fraction shown as percent
	kBold                 // bold text
)

// sheet streams one worksheet: a frozen, filtered header row, then rows.
type sheet struct {
	f    *excelize.File
	sw   *excelize.StreamWriter
	name string
	cols []column
	st   styles
	row  int // last row written
	buf  []any
	// filterTo is the last row the autofilter covers (0: every row).
	filterTo int
}

func newSheet(f *excelize.File, name string, cols []column, st styles) (*sheet, error) {
	if idx, _ := f.GetSheetIndex(name); idx < 0 {
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	s := &sheet{f: f, sw: sw, name: name, cols: cols, st: st, buf: make([]any, len(cols))}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := s.raw(hdr, 32); err != nil {
		return nil, err
	}
	return s, nil
}

// raw writes cells as they are on the next row (height 0: default).
func (s *sheet) raw(cells []any, height float64) error {
	s.row++
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	return s.sw.SetRow(cell, cells, opts...)
}

// add writes one data row; values follow the columns' kinds. A nil, a zero
// time or an empty string leaves the cell empty; a string in a numeric
// column is written as text (e.g. "chưa có").
func (s *sheet) add(values ...any) error {
	for i := range s.buf {
		s.buf[i] = nil
	}
	for i, v := range values {
		if i >= len(s.cols) {
			break
		}
		s.buf[i] = s.cell(s.cols[i].kind, v)
	}
	return s.raw(s.buf, 0)
}

func (s *sheet) cell(k cellKind, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case time.Time:
		if x.IsZero() {
			return nil
		}
		// Dates are calendar dates: write the wall date so no time zone
		// shifts them in Excel.
		return excelize.Cell{StyleID: s.st.date, Value: time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)}
	case string:
		if x == "" {
			return nil
		}
		switch k {
		case kWrap:
			return excelize.Cell{StyleID: s.st.wrap, Value: x}
		case kBold:
			return excelize.Cell{StyleID: s.st.bold, Value: x}
		}
		return excelize.Cell{StyleID: s.st.text, Value: x}
	case int, int64:
		return excelize.Cell{StyleID: s.st.integer, Value: x}
	case float64:
		if k == kPct {
			return excelize.Cell{StyleID: s.st.percent, Value: x}
		}
		return excelize.Cell{StyleID: s.st.integer, Value: x}
	}
	return excelize.Cell{StyleID: s.st.text, Value: fmt.Sprint(v)}
}

// close sets the autofilter over the header and the data rows and ends the
// stream. The filter is set before Flush, which writes it with the sheet.
func (s *sheet) close() error {
	last := s.row
	if s.filterTo > 0 {
		last = s.filterTo
	}
	if last < 2 {
		last = 2
	}
	end, _ := excelize.CoordinatesToCellName(len(s.cols), last)
	if err := s.f.AutoFilter(s.name, "A1:"+end, nil); err != nil {
		return fmt.Errorf("autofilter %s: %w", s.name, err)
	}
	return s.sw.Flush()
}
