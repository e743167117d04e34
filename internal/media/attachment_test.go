package media

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"trangtin/internal/apperr"
)

func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<?xml version=\"1.0\"?><x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ole2 returns a compound-file header followed by a directory-like area
// naming the given streams, UTF-16LE, as Word and Excel write them.
func ole2(streams ...string) []byte {
	b := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	b = append(b, make([]byte, 504)...)
	for _, s := range streams {
		e := make([]byte, 128)
		copy(e, utf16Name(s))
		b = append(b, e...)
	}
	return b
}

func TestCheckAttachmentAccepts(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	docx := zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
	xlsx := zipOf(t, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml")
	tests := []struct {
		name     string
		data     []byte
		typ, ct  string
		fileName string
	}{
		{"Báo cáo tổng kết.pdf", pdf, TypePDF, "application/pdf", "Báo cáo tổng kết.pdf"},
		{"Quyết định 123.PDF", pdf, TypePDF, "application/pdf", "Quyết định 123.pdf"},
		{"tờ trình.doc", ole2("Root Entry", "WordDocument", "1Table"), TypeDOC, "application/msword", "tờ trình.doc"},
		{"số liệu.xls", ole2("Root Entry", "Workbook"), TypeXLS, "application/vnd.ms-excel", "số liệu.xls"},
		{"excel5.xls", ole2("Root Entry", "Book"), TypeXLS, "application/vnd.ms-excel", "excel5.xls"},
		{"kế hoạch.docx", docx, TypeDOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "kế hoạch.docx"},
		{"bảng lương.xlsx", xlsx, TypeXLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "bảng lương.xlsx"},
		{"khong-duoi", pdf, TypePDF, "application/pdf", "khong-duoi.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := CheckAttachment(tt.name, bytes.NewReader(tt.data), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if a.Type != tt.typ || a.ContentType != tt.ct || a.FileName != tt.fileName {
				t.Errorf("got %s %s %q, want %s %s %q", a.Type, a.ContentType, a.FileName, tt.typ, tt.ct, tt.fileName)
			}
			if !bytes.Equal(a.Data, tt.data) || a.Size() != int64(len(tt.data)) {
				t.Error("bytes were not kept as-is")
			}
		})
	}
}

func TestCheckAttachmentRefuses(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%%EOF\n")
	docx := zipOf(t, "[Content_Types].xml", "word/document.xml")
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 200)...)
	tests := []struct {
		name     string
		data     []byte
		code     apperr.Code
		contains string
	}{
		{"hoa-don.pdf", exe, apperr.Invalid, "Chỉ chấp nhận tệp đính kèm PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX)"},
		{"setup.exe", exe, apperr.Invalid, "Chỉ chấp nhận"},
		{"anh.jpg", encodeJPEG(t, gradient(8, 8), 80), apperr.Invalid, "Chỉ chấp nhận"},
		{"tai-lieu.zip", zipOf(t, "a.txt", "b/c.txt"), apperr.Invalid, "Chỉ chấp nhận"},
		{"gia-docx.docx", zipOf(t, "a.txt", "word/x.xml"), apperr.Invalid, "ZIP"},
		{"macro.docx", zipOf(t, "[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), apperr.Invalid, "macro"},
		{"bao-cao.xlsx", docx, apperr.Invalid, ".xlsx (tệp thực chất là Word (DOCX))"},
		{"bao-cao.pdf", docx, apperr.Invalid, ".pdf"},
		{"bao-cao.doc", pdf, apperr.Invalid, ".doc (tệp thực chất là PDF)"},
		{"bang.xls", ole2("Root Entry", "WordDocument"), apperr.Invalid, ".xls (tệp thực chất là Word (DOC))"},
		{"slides.doc", ole2("Root Entry", "PowerPoint Document"), apperr.Invalid, "Chỉ chấp nhận"},
		{"bad.docx", []byte("PK\x03\x04 not really a zip"), apperr.Invalid, "Chỉ chấp nhận"},
		{"trong.pdf", nil, apperr.Invalid, "rỗng"},
		{"script.pdf", []byte("<script>alert(1)</script>"), apperr.Invalid, "Chỉ chấp nhận"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CheckAttachment(tt.name, bytes.NewReader(tt.data), DefaultLimits())
			if msg := wantCode(t, err, tt.code); !strings.Contains(msg, tt.contains) {
				t.Errorf("message %q lacks %q", msg, tt.contains)
			}
		})
	}
}

func TestCheckAttachmentSizeLimit(t *testing.T) {
	data := append([]byte("%PDF-1.4\n"), make([]byte, 2<<20)...)
	_, err := CheckAttachment("lon.pdf", bytes.NewReader(data), Limits{MaxAttachmentBytes: 1 << 20})
	if msg := wantCode(t, err, apperr.TooLarge); !strings.Contains(msg, "1 MB") {
		t.Errorf("message %q does not state the limit", msg)
	}
	cr := &countingReader{}
	_, err = CheckAttachment("vo-tan.pdf", cr, Limits{MaxAttachmentBytes: 1 << 20})
	wantCode(t, err, apperr.TooLarge)
	if cr.n > 1<<20+1 {
		t.Errorf("read %d bytes of an endless upload", cr.n)
	}
}

func TestCheckZipDirectoryBounds(t *testing.T) {
	// An end-of-directory record claiming more entries than any Office file has.
	z := zipOf(t, "[Content_Types].xml", "word/document.xml")
	i := bytes.LastIndex(z, []byte("PK\x05\x06"))
	z[i+10], z[i+11] = 0xFF, 0xFF
	if err := checkZipDirectory(z); err == nil {
		t.Error("ZIP64-sized directory accepted")
	}
	if err := checkZipDirectory(zipOf(t, "[Content_Types].xml")); err != nil {
		t.Errorf("small directory refused: %v", err)
	}
}

func TestSafeFileName(t *testing.T) {
	nfd := norm.NFD.String("Nghị định số 01.pdf")
	tests := []struct{ in, ext, want string }{
		{"Báo cáo tổng kết năm 2024.pdf", "pdf", "Báo cáo tổng kết năm 2024.pdf"},
		{nfd, "pdf", "Nghị định số 01.pdf"},
		{"../../etc/passwd", "pdf", "passwd.pdf"},
		{"..\\..\\windows\\win.ini", "doc", "win.ini.doc"},
		{`C:\Users\An\Tờ trình "số 5".docx`, "docx", "Tờ trình số 5.docx"},
		{"a\x00b\x1fc\u202Efdp.exe.pdf", "pdf", "abcfdp.exe.pdf"},
		{"it's <bad>|name?*:.xlsx", "xlsx", "its badname.xlsx"},
		{"  nhiều    khoảng\ttrắng  .pdf", "pdf", "nhiều khoảng trắng.pdf"},
		{"...", "pdf", "tep-dinh-kem.pdf"},
		{"", "xls", "tep-dinh-kem.xls"},
		{"../", "pdf", "tep-dinh-kem.pdf"},
		{"\"\"''.pdf", "pdf", "tep-dinh-kem.pdf"},
		{".htaccess", "pdf", "htaccess.pdf"},
		{"ĐƠN XIN PHÉP.PDF", "pdf", "ĐƠN XIN PHÉP.pdf"},
		{"bad\xffutf8.pdf", "pdf", "badutf8.pdf"},
		{strings.Repeat("ă", 300) + ".pdf", "pdf", strings.Repeat("ă", 120) + ".pdf"},
	}
	for _, tt := range tests {
		if got := SafeFileName(tt.in, tt.ext); got != tt.want {
			t.Errorf("SafeFileName(%q, %q) = %q, want %q", tt.in, tt.ext, got, tt.want)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	if got, want := ContentDisposition("report.pdf"), "attachment; filename=report.pdf"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got := Attachment{FileName: "Báo cáo.pdf"}.ContentDisposition()
	if want := "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o.pdf"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
