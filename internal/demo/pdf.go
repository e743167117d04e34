package demo

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"

	"trangtin/internal/document"
)

// The demo's documents carry a small PDF each, written here at first
// start: one A4 page with the document's heading, number, abstract and
// signer. PDF's built-in fonts have no Vietnamese letters, so the page is
// written without diacritics and says it stands in for the real file; the
// PDF's title (in its properties) keeps them.

// asciiText drops the diacritics of Vietnamese text ("Quyết định" →
// "Quyet dinh"), keeping case.
func asciiText(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		case r > unicode.MaxASCII:
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pdfString escapes s for a PDF literal string.
func pdfString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	return "(" + r.Replace(s) + ")"
}

// pdfUTF16 is s as a PDF text string in UTF-16BE with its byte order mark,
// for the document's properties.
func pdfUTF16(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// wrap splits s into lines of at most n characters, at spaces.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// DocumentPDF is the demo PDF of a document of the register.
func DocumentPDF(in document.Input) []byte {
	type line struct {
		size, x, y int
		text       string
	}
	var ls []line
	y := 790
	add := func(size, x int, text string) {
		ls = append(ls, line{size, x, y, asciiText(text)})
		y -= size + 8
	}
	add(11, 300, "CONG HOA XA HOI CHU NGHIA VIET NAM")
	add(11, 330, "Doc lap - Tu do - Hanh phuc")
	y = 790
	add(11, 60, strings.ToUpper(in.Issuer))
	add(10, 60, "So: "+in.Number)
	y -= 30
	add(16, 60, strings.ToUpper(in.Type))
	for _, l := range wrap(in.Abstract, 70) {
		add(12, 60, l)
	}
	y -= 20
	day := in.IssuedOn
	if len(day) == 10 {
		day = day[8:10] + "/" + day[5:7] + "/" + day[0:4]
	}
	add(11, 60, "Ngay ban hanh: "+day+". Linh vuc: "+in.Field+".")
	add(11, 60, "Nguoi ky: "+in.Signer+".")
	y -= 30
	for _, l := range wrap("Tep trinh dien do trangtin tao ra khi khoi dong lan dau, thay cho ban chup van ban that. Quan tri vien thay tep nay bang van ban da ky.", 80) {
		add(10, 60, l)
	}
	var content bytes.Buffer
	for _, l := range ls {
		fmt.Fprintf(&content, "BT /F1 %d Tf %d %d Td %s Tj ET\n", l.size, l.x, l.y, pdfString(l.text))
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		fmt.Sprintf("<< /Title %s /Producer (trangtin) >>", pdfUTF16(in.Type+" số "+in.Number+": "+in.Abstract)),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, len(objs), xref)
	return b.Bytes()
}
