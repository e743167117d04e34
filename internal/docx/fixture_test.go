package docx

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/testenv"
)

// The fixtures in testdata/docx are written by this file, as Word 2016
// writes a document (the same parts, namespaces, styles with their
// built-in names, numbering definitions, DrawingML pictures with their
// Alt Text in wp:docPr/@descr); TestFixturesUpToDate keeps them equal to
// what it builds. Rewrite them with
//
//	go test ./internal/docx -run TestFixturesUpToDate -args -update
var update = flag.Bool("update", false, "rewrite testdata/docx from the fixture builder")

const (
	nsW   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	nsAll = `xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" ` + nsW + ` xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14"`
	nsPic = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`
)

// fixture is a document to build: its body XML, pictures and extra parts.
type fixture struct {
	title  string // docProps/core.xml
	body   string
	media  map[string][]byte // word/media/NAME
	rels   string            // extra relationships of document.xml
	extra  map[string][]byte // more parts, by name
	noType bool              // leave out [Content_Types].xml
}

func (f fixture) build() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)})
		if err != nil {
			panic(err)
		}
		if _, err := w.Write(data); err != nil {
			panic(err)
		}
	}
	if !f.noType {
		put("[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`))
	}
	put("_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`))
	put("docProps/core.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`+f.title+`</dc:title><dc:creator>Văn phòng UBND xã</dc:creator></cp:coreProperties>`))
	put("word/document.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document `+nsAll+`><w:body>`+f.body+`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`))
	put("word/styles.xml", []byte(stylesXML))
	put("word/numbering.xml", []byte(numberingXML))
	rels := `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	names := make([]string, 0, len(f.media))
	for name := range f.media {
		names = append(names, name)
	}
	sortStrings(names)
	for i, name := range names {
		rels += fmt.Sprintf(`<Relationship Id="rIdImg%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/%s"/>`, i+1, name)
		put("word/media/"+name, f.media[name])
	}
	put("word/_rels/document.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+rels+f.rels+`</Relationships>`))
	extra := make([]string, 0, len(f.extra))
	for name := range f.extra {
		extra = append(extra, name)
	}
	sortStrings(extra)
	for _, name := range extra {
		put(name, f.extra[name])
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Styles with Word's built-in names; the IDs are those of a Vietnamese
// Word, which localises them ("u1" for heading 1), so the converter must
// go by name.
const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + nsW + `><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="u1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="u2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="VnTime"><w:name w:val="Van ban VnTime"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>` +
	`</w:styles>`

// numId 1 is a bulleted list, numId 2 a decimal one (with a bulleted
// second level).
const numberingXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ` + nsW + `>` +
	`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="+"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>` +
	`</w:numbering>`

// Helpers writing body XML as Word does.
func para(style string, runs ...string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">` + ppr + strings.Join(runs, "") + `</w:p>`
}

func listPara(numID, ilvl int, runs ...string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>%s</w:p>`, ilvl, numID, strings.Join(runs, ""))
}

func run(text string) string {
	return `<w:r><w:rPr><w:lang w:val="vi-VN"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func runB(text string) string {
	return `<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func runI(text string) string {
	return `<w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func runFont(font, text string) string {
	return `<w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// picture is an inline DrawingML picture of relationship rID, as Word
// writes one; descr is its Alt Text.
func picture(id int, rID, name, descr string, cx, cy int) string {
	return fmt.Sprintf(`<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%[5]d" cy="%[6]d"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="%[1]d" name="Picture %[1]d" descr="%[4]s"/><wp:cNvGraphicFramePr><a:graphicFrameLocks `+nsPic+` noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic `+nsPic+`><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="%[3]s"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="%[2]s"><a:extLst><a:ext uri="{28A0092B-C50C-407E-A947-70E740481C1C}"/></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%[5]d" cy="%[6]d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
		id, rID, name, descr, cx, cy)
}

func tableXML() string {
	cell := func(pr, text string) string {
		return `<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/>` + pr + `</w:tcPr>` + para("", run(text)) + `</w:tc>`
	}
	return `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>` +
		`<w:tr><w:trPr><w:tblHeader/></w:trPr>` + cell("", "Thôn") + cell("", "Số hộ") + cell("", "Mét đường") + `</w:tr>` +
		`<w:tr>` + cell(`<w:vMerge w:val="restart"/>`, "Thôn Tập Ninh") + cell("", "120") + cell("", "850") + `</w:tr>` +
		`<w:tr>` + cell(`<w:vMerge/>`, "") + cell("", "35") + cell("", "240") + `</w:tr>` +
		`<w:tr>` + cell(`<w:gridSpan w:val="2"/>`, "Cộng") + cell("", "1.090") + `</w:tr>` +
		`</w:tbl>`
}

// photo is a small generated picture: a sky, a field and a road.
func photo(w, h int, road color.RGBA, asJPEG bool) []byte {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{135, 190, 235, 255}
			if y > h/2 {
				c = color.RGBA{70, 150, 60, 255}
			}
			if y > h/2 && abs(x-w/2) < (y-h/2)*w/(2*h)+4 {
				c = road
			}
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	var err error
	if asJPEG {
		err = jpeg.Encode(&b, m, &jpeg.Options{Quality: 80})
	} else {
		err = png.Encode(&b, m)
	}
	if err != nil {
		panic(err)
	}
	return b.Bytes()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// articleFixture is testdata/docx/bai-viet.docx: a news article with a
// title, headings, bold and italic, both kinds of lists, a table with
// merged cells, two pictures (one with Alt Text) and text in TCVN3 and
// VNI fonts.
func articleFixture() fixture {
	body := para("Title", run("Xã Gia Hưng ra quân làm đường giao thông nông thôn")) +
		para("", run("Sáng ngày 5/12, "), runB("UBND xã Gia Hưng"), run(" tổ chức lễ ra quân "), runI("làm đường giao thông nông thôn"), run(" năm 2026.")) +
		para("", picture(1, "rIdImg1", "anh-ra-quan.png", "Nhân dân thôn Tập Ninh ra quân làm đường", 3600000, 2700000)) +
		para("u1", run("Kết quả sau một tháng")) +
		para("", run("Các thôn đã hoàn thành:")) +
		listPara(1, 0, run("Thôn Tập Ninh: 850 mét")) +
		listPara(1, 0, run("Thôn Đông Đoài: 240 mét")) +
		listPara(1, 1, run("trong đó 40 mét đường nội đồng")) +
		para("", run("Các bước tiếp theo:")) +
		listPara(2, 0, run("Hoàn thiện rãnh thoát nước")) +
		listPara(2, 0, run("Trồng cây hai bên đường")) +
		listPara(2, 0, run("Nghiệm thu trước ngày 31/12")) +
		para("ListBullet", run("Mục trong danh sách theo kiểu đoạn văn")) +
		para("u2", run("Số liệu theo thôn")) +
		tableXML() +
		para("", picture(2, "rIdImg2", "anh-con-duong.jpeg", "", 3600000, 2700000)) +
		para("VnTime", run("Céng hßa x· héi chñ nghÜa ViÖt Nam")) +
		para("", runFont("VNI-Times", "Ñoäc laäp - Töï do - Haïnh phuùc")) +
		para("", run("Chi tiết xem tại "), `<w:hyperlink r:id="rIdLink" w:history="1">`+`<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Cổng thông tin tỉnh</w:t></w:r></w:hyperlink>`, run(".")) +
		para("") // Word's trailing empty paragraph
	return fixture{
		title: "Bài ra quân (bản nháp)",
		body:  body,
		media: map[string][]byte{
			"image1.png":  photo(320, 240, color.RGBA{200, 170, 120, 255}, false),
			"image2.jpeg": photo(320, 240, color.RGBA{120, 120, 120, 255}, true),
		},
		rels: `<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://ninhbinh.gov.vn/" TargetMode="External"/>`,
	}
}

// fixtures are the files of testdata/docx.
func fixtures() map[string][]byte {
	return map[string][]byte{
		"bai-viet.docx": articleFixture().build(),
	}
}

// TestFixturesUpToDate keeps testdata/docx equal to what the builder
// writes (or rewrites it with -update).
func TestFixturesUpToDate(t *testing.T) {
	dir := testenv.Path(t, "docx")
	for name, want := range fixtures() {
		p := filepath.Join(dir, name)
		if *update {
			if err := os.WriteFile(p, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (write the fixtures with -args -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/docx/%s differs from the fixture builder: rewrite it with -args -update", name)
		}
	}
}
