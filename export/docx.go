package export

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// The consolidated report is WordprocessingML written directly: the format
// of Decree 30/2020/NĐ-CP needs a borderless two-column header table with
// fixed widths, short rules under the issuing body, the motto and the
// title, and page numbers from the second page — control the allowed docx
// libraries do not give. Sizes are in half-points, lengths in twips
// (567 twips = 1 cm).

const (
	pageW, pageH            = 11906, 16838 // A4
	marginTop, marginBottom = 1134, 1134   // 20 mm
	marginLeft, marginRight = 1701, 851    // 30 mm, 15 mm
	textWidth               = pageW - marginLeft - marginRight
	firstLine               = 709 // 1.25 cm
	sz11, sz12, sz13, sz14  = 22, 24, 26, 28
)

// run is a piece of text with one formatting.
type run struct {
	text                    string
	bold, italic, underline bool
	size                    int // half-points; 0 = document default (14 pt)
}

// para is a paragraph's layout.
type para struct {
	align            string // left, center, right, both
	firstLine        int
	indLeft, indRite int
	before, after    int // twips
	line             int // 240 = single
	keepNext         bool
	rule             bool // a bottom border: the short line under a heading
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// p renders a paragraph.
func p(pp para, runs ...run) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if pp.keepNext {
		b.WriteString("<w:keepNext/>")
	}
	if pp.rule {
		b.WriteString(`<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	line := pp.line
	if line == 0 {
		line = 240
	}
	fmt.Fprintf(&b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`, pp.before, pp.after, line)
	if pp.firstLine != 0 || pp.indLeft != 0 || pp.indRite != 0 {
		fmt.Fprintf(&b, `<w:ind w:left="%d" w:right="%d" w:firstLine="%d"/>`, pp.indLeft, pp.indRite, pp.firstLine)
	}
	if pp.align != "" {
		fmt.Fprintf(&b, `<w:jc w:val="%s"/>`, pp.align)
	}
	if pp.rule {
		b.WriteString(`<w:rPr><w:sz w:val="4"/></w:rPr>`)
	}
	b.WriteString("</w:pPr>")
	for _, r := range runs {
		b.WriteString(r.xml())
	}
	b.WriteString("</w:p>")
	return b.String()
}

func (r run) xml() string {
	var b strings.Builder
	b.WriteString("<w:r><w:rPr>")
	if r.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if r.italic {
		b.WriteString("<w:i/><w:iCs/>")
	}
	if r.size != 0 {
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, r.size, r.size)
	}
	if r.underline { // after sz: CT_RPr is a sequence
		b.WriteString(`<w:u w:val="single"/>`)
	}
	b.WriteString("</w:rPr>")
	for i, line := range strings.Split(r.text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		fmt.Fprintf(&b, `<w:t xml:space="preserve">%s</w:t>`, esc(line))
	}
	b.WriteString("</w:r>")
	return b.String()
}

// rule is a short horizontal line of width w twips, centred in a space of
// width within twips: an empty, tiny paragraph with a bottom border.
func rule(within, w int) string {
	side := (within - w) / 2
	if side < 0 {
		side = 0
	}
	return p(para{align: "center", indLeft: side, indRite: side, rule: true})
}

// cell is a table cell: its width and its paragraphs.
type cell struct {
	width  int
	body   []string
	vAlign string
}

// table renders a table; borders draws single lines around every cell.
func table(borders bool, header bool, rows ...[]cell) string {
	var b strings.Builder
	b.WriteString("<w:tbl><w:tblPr>")
	total := 0
	if len(rows) > 0 {
		for _, c := range rows[0] {
			total += c.width
		}
	}
	fmt.Fprintf(&b, `<w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>`, total)
	val := "nil"
	if borders {
		val = "single"
	}
	b.WriteString("<w:tblBorders>")
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		if borders {
			fmt.Fprintf(&b, `<w:%s w:val="%s" w:sz="4" w:space="0" w:color="000000"/>`, side, val)
		} else {
			fmt.Fprintf(&b, `<w:%s w:val="nil"/>`, side)
		}
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>`)
	b.WriteString(`<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	if len(rows) > 0 {
		for _, c := range rows[0] {
			fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, c.width)
		}
	}
	b.WriteString("</w:tblGrid>")
	for i, row := range rows {
		b.WriteString("<w:tr>")
		if header && i == 0 {
			b.WriteString("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>")
		} else {
			b.WriteString("<w:trPr><w:cantSplit/></w:trPr>")
		}
		for _, c := range row {
			fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, c.width)
			if c.vAlign != "" {
				fmt.Fprintf(&b, `<w:vAlign w:val="%s"/>`, c.vAlign)
			}
			b.WriteString("</w:tcPr>")
			if len(c.body) == 0 {
				b.WriteString("<w:p/>")
			}
			for _, x := range c.body {
				b.WriteString(x)
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	return b.String()
}

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// writeDocx packages a body (paragraphs and tables) as a .docx to w.
func writeDocx(w io.Writer, title string, body string, at time.Time) error {
	z := zip.NewWriter(w)
	created := at.UTC().Format(time.RFC3339)
	sect := fmt.Sprintf(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`+
		`<w:titlePg/></w:sectPr>`, pageW, pageH, marginTop, marginRight, marginBottom, marginLeft)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>`},
		{"word/_rels/document.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
</Relationships>`},
		{"word/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + nsW + `>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>` +
			`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
			`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
			`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>`},
		{"word/settings.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings ` + nsW + `><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`},
		{"word/header1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr ` + nsW + `><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + nsW + `><w:body>` + body + sect + `</w:body></w:document>`},
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + esc(title) + `</dc:title><dc:language>vi-VN</dc:language>` +
			`<dcterms:created xsi:type="dcterms:W3CDTF">` + created + `</dcterms:created></cp:coreProperties>`},
		{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>dttsbot</Application></Properties>`},
	}
	for _, part := range parts {
		fw, err := z.Create(part.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, part.body); err != nil {
			return err
		}
	}
	return z.Close()
}
