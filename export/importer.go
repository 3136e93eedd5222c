package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/dttsbot/dttsbot/bot"
	"github.com/dttsbot/dttsbot/plan"
	"github.com/dttsbot/dttsbot/storage"
)

// MaxImportRows bounds an import file.
const MaxImportRows = 20000

const (
	maxName = 100
	maxText = 200
)

// FileError is a problem with the whole file (format, missing columns); its
// message is Vietnamese and may be shown to the user as is.
type FileError struct{ Msg string }

func (e *FileError) Error() string { return e.Msg }

// RowError names a bad row (its number in the sheet, header = 1) and why.
type RowError struct {
	Row      int
	Problems []string
}

func (e RowError) String() string {
	return fmt.Sprintf(errRow, e.Row, strings.Join(e.Problems, "; "))
}

// ImportRow is a valid row: the staff member it describes.
type ImportRow struct {
	Row   int
	Staff storage.Staff
}

// Importer reads the roster template (the workbook's "Cán bộ DTTS" sheet,
// or the same columns as CSV) and validates every row.
type Importer struct {
	Plan   *plan.Plan
	Units  []storage.Unit
	Ethnic Ethnic    // zero: PlanEthnic
	Now    time.Time // bounds birth years and dates
}

// Parse reads an .xlsx or .csv file (by name, else by content) and returns
// its valid rows and the errors of the others. A *FileError means the file
// itself cannot be used.
func (im Importer) Parse(name string, data []byte) ([]ImportRow, []RowError, error) {
	rows, lines, err := readTable(name, data)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) > MaxImportRows+1 {
		return nil, nil, &FileError{fmt.Sprintf(errTooMany, MaxImportRows)}
	}
	cols, err := mapHeader(rows)
	if err != nil {
		return nil, nil, err
	}
	im.Ethnic = im.Ethnic.orPlan()
	v := newValidator(im, cols)
	var ok []ImportRow
	var bad []RowError
	for i, r := range rows[1:] {
		if blank(r) {
			continue
		}
		n := i + 2
		if lines != nil {
			n = lines[i+1]
		}
		s, problems := v.row(n, r)
		if len(problems) > 0 {
			bad = append(bad, RowError{Row: n, Problems: problems})
			continue
		}
		ok = append(ok, ImportRow{Row: n, Staff: s})
	}
	if len(ok) == 0 && len(bad) == 0 {
		return nil, nil, &FileError{errNoRows}
	}
	return ok, bad, nil
}

// readTable returns the cells of the roster sheet (or the first sheet), or
// of a CSV file, as text; Excel numbers and dates come as raw values. For
// CSV, lines holds each record's line number (the reader skips blank lines).
func readTable(name string, data []byte) (rows [][]string, lines []int, err error) {
	lower := strings.ToLower(name)
	isZip := bytes.HasPrefix(data, []byte("PK\x03\x04"))
	if strings.HasSuffix(lower, ".xlsx") || (isZip && !strings.HasSuffix(lower, ".csv")) {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 100 << 20})
		if err != nil {
			return nil, nil, &FileError{errFormat}
		}
		defer f.Close()
		sheet := SheetRoster
		if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
			list := f.GetSheetList()
			if len(list) == 0 {
				return nil, nil, &FileError{fmt.Sprintf(errNoSheet, SheetRoster)}
			}
			sheet = list[0]
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, &FileError{errFormat}
		}
		return rows, nil, nil
	}
	if isZip || !utf8.Valid(data) {
		return nil, nil, &FileError{errFormat}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.Comma = ','
	for _, c := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(c))) > bytes.Count(first, []byte(string(r.Comma))) {
			r.Comma = c
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, &FileError{errFormat}
		}
		line, _ := r.FieldPos(0)
		rows, lines = append(rows, rec), append(lines, line)
		if len(rows) > MaxImportRows+1 {
			break
		}
	}
	return rows, lines, nil
}

func blank(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// Column keys of the template.
const (
	fUnitCode = iota
	fUnit
	fName
	fBirthYear
	fSex
	fEthnic
	fNationalID
	fCategory
	fPosition
	fProfessional
	fPolitical
	fStateMgmt
	fDigital
	fPlanning
	fJoined
	fLeft
	nFields
)

// headerNames lists, per field, the header of the template first and the
// other spellings accepted (compared without case and diacritics).
var headerNames = [nFields][]string{
	fUnitCode:     {colUnitCode, "ma don vi"},
	fUnit:         {colUnit, "ten don vi", "co quan, don vi"},
	fName:         {colName, "ho ten", "ho va ten can bo"},
	fBirthYear:    {colBirthYear, "nam sinh (yyyy)"},
	fSex:          {colSex, "gioi"},
	fEthnic:       {colEthnic, "dan toc (ten)"},
	fNationalID:   {colNationalID, "so dinh danh", "cccd", "so cccd", "can cuoc cong dan", "so can cuoc"},
	fCategory:     {colCategory, "loai", "doi tuong"},
	fPosition:     {colPosition, "chuc vu", "vi tri viec lam", "chuc danh"},
	fProfessional: {colProfessional, "chuyen mon"},
	fPolitical:    {colPolitical, "trinh do ly luan chinh tri"},
	fStateMgmt:    {colStateMgmt, "trinh do quan ly nha nuoc"},
	fDigital:      {colDigital, "tin hoc", "ky nang so"},
	fPlanning:     {colPlanning, "trong quy hoach"},
	fJoined:       {colJoined, "ngay tuyen dung", "ngay vao co quan"},
	fLeft:         {colLeft, "ngay nghi viec"},
}

// mapHeader finds each field's column in the first row; -1 when absent.
func mapHeader(rows [][]string) ([nFields]int, error) {
	var cols [nFields]int
	for i := range cols {
		cols[i] = -1
	}
	if len(rows) == 0 {
		return cols, &FileError{errNoRows}
	}
	for j, h := range rows[0] {
		fh := bot.Fold(h)
		for f, names := range headerNames {
			for _, n := range names {
				if cols[f] < 0 && bot.Fold(n) == fh {
					cols[f] = j
				}
			}
		}
	}
	for _, f := range []int{fName, fBirthYear, fEthnic, fCategory} {
		if cols[f] < 0 {
			return cols, &FileError{fmt.Sprintf(errNoHeader, headerNames[f][0], SheetRoster)}
		}
	}
	if cols[fUnit] < 0 && cols[fUnitCode] < 0 {
		return cols, &FileError{fmt.Sprintf(errNoHeader, colUnit, SheetRoster)}
	}
	return cols, nil
}
