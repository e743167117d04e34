package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strings"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
)

func convertBytes(t *testing.T, b []byte, lim Limits) (*Doc, error) {
	t.Helper()
	return Convert(bytes.NewReader(b), int64(len(b)), lim)
}

// placeAll places picture i at /anh/docx-i.jpg with its alt.
func placeAll(d *Doc) string {
	return d.HTML(func(i int) (Placed, bool) {
		return Placed{Src: fmt.Sprintf("/anh/docx-%d.jpg", i), Alt: d.Images[i].Alt, Width: 320, Height: 240}, true
	})
}

func readFixture(t *testing.T) []byte {
	t.Helper()
	return testenv.Must(os.ReadFile(testenv.Path(t, "docx/bai-viet.docx"))).Get(t)
}

func TestConvertArticle(t *testing.T) {
	d, err := convertBytes(t, readFixture(t), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Xã Gia Hưng ra quân làm đường giao thông nông thôn" {
		t.Errorf("title %q", d.Title)
	}
	html := placeAll(d)
	body := content.SanitizeHTML(html)
	for _, want := range []string{
		// bold and italic runs, the rest plain
		"<p>Sáng ngày 5/12, <strong>UBND xã Gia Hưng</strong> tổ chức lễ ra quân <em>làm đường giao thông nông thôn</em> năm 2026.</p>",
		// heading 1 and 2 (localised style IDs, found by name)
		"<h2>Kết quả sau một tháng</h2>",
		"<h3>Số liệu theo thôn</h3>",
		// a bulleted list with a nested item, a numbered list, a list by style
		"<ul>\n<li>Thôn Tập Ninh: 850 mét</li>\n<li>Thôn Đông Đoài: 240 mét<ul>\n<li>trong đó 40 mét đường nội đồng</li>\n</ul>\n</li>\n</ul>",
		"<ol>\n<li>Hoàn thiện rãnh thoát nước</li>\n<li>Trồng cây hai bên đường</li>\n<li>Nghiệm thu trước ngày 31/12</li>\n</ol>",
		"<ul>\n<li>Mục trong danh sách theo kiểu đoạn văn</li>\n</ul>",
		// the table: a header row, a vertical merge, a column span
		`<thead>` + "\n" + `<tr><th scope="col">Thôn</th><th scope="col">Số hộ</th><th scope="col">Mét đường</th></tr>`,
		`<tr><td rowspan="2">Thôn Tập Ninh</td><td>120</td><td>850</td></tr>` + "\n" + `<tr><td>35</td><td>240</td></tr>`,
		`<tr><td colspan="2">Cộng</td><td>1.090</td></tr>`,
		// two pictures, the first with the Alt Text written in Word
		`<figure><img src="/anh/docx-0.jpg" width="320" height="240" alt="Nhân dân thôn Tập Ninh ra quân làm đường" loading="lazy"></figure>`,
		`<figure><img src="/anh/docx-1.jpg" width="320" height="240" alt="" loading="lazy"></figure>`,
		// TCVN3 by paragraph style, VNI by the run's font
		"<p>Cộng hòa xã hội chủ nghĩa Việt Nam</p>",
		"<p>Độc lập - Tự do - Hạnh phúc</p>",
		// an external link
		`<a href="https://ninhbinh.gov.vn/" rel="nofollow noreferrer">Cổng thông tin tỉnh</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q", want)
		}
	}
	if body != html && strings.Count(body, "<") != strings.Count(html, "<") {
		t.Errorf("the sanitiser removed elements of the converted HTML:\n%s\n----\n%s", html, body)
	}
	if strings.Contains(body, "Xã Gia Hưng ra quân") {
		t.Error("the title is repeated in the body")
	}
	if len(d.Images) != 2 || d.Images[0].Name != "image1.png" || d.Images[1].Name != "image2.jpeg" || d.Images[1].Alt != "" {
		t.Fatalf("images %+v", d.Images)
	}
	if d.TCVN3Runs != 1 || d.VNIRuns != 1 {
		t.Errorf("legacy runs: TCVN3 %d, VNI %d, want 1 and 1", d.TCVN3Runs, d.VNIRuns)
	}
	rc, err := d.Images[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	png := testenv.Must(io.ReadAll(rc)).Get(t)
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("image 0 starts with % x", png[:8])
	}
	// A picture the caller could not store is left out.
	if got := d.HTML(func(i int) (Placed, bool) { return Placed{Src: "/anh/x.jpg"}, i == 1 }); strings.Count(got, "<img") != 1 {
		t.Errorf("a picture not placed is still in the body")
	}
}

// wantRefusal checks that err is code with a message containing part.
func wantRefusal(t *testing.T, err error, code apperr.Code, part string) {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
	if !strings.Contains(ae.Message, part) {
		t.Errorf("message %q lacks %q", ae.Message, part)
	}
}

func TestNotDocxRefused(t *testing.T) {
	for name, data := range map[string][]byte{
		"pdf":   []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
		"text":  []byte("Đây chỉ là một tệp văn bản, không phải tệp Word."),
		"empty": nil,
		"zip without document.xml": func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("hello.txt")
			_, _ = w.Write([]byte("xin chào"))
			_ = zw.Close()
			return b.Bytes()
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := convertBytes(t, data, Limits{})
			wantRefusal(t, err, apperr.Invalid, "không phải tệp Word (.docx)")
		})
	}
	t.Run("Word 97-2003 .doc", func(t *testing.T) {
		doc := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
		_, err := convertBytes(t, doc, Limits{})
		wantRefusal(t, err, apperr.Invalid, "tệp Word cũ (.doc)")
	})
	t.Run("damaged", func(t *testing.T) {
		b := readFixture(t)
		b = append(b[:200:200], b[len(b)-300:]...)
		_, err := convertBytes(t, b, Limits{})
		wantRefusal(t, err, apperr.Invalid, "bị hỏng")
	})
}

// zipWithDocument is a package whose document.xml is data, stored raw
// with the sizes given (a header may lie).
func zipWithDocument(t *testing.T, deflated []byte, crc uint32, declared uint64) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w := testenv.Must(zw.Create("[Content_Types].xml")).Get(t)
	_, _ = w.Write([]byte(`<Types/>`))
	w = testenv.Must(zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CRC32: crc, CompressedSize64: uint64(len(deflated)), UncompressedSize64: declared})).Get(t)
	_, _ = w.Write(deflated)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func deflate(t *testing.T, r io.Reader) []byte {
	var b bytes.Buffer
	fw := testenv.Must(flate.NewWriter(&b, flate.DefaultCompression)).Get(t)
	if _, err := io.Copy(fw, r); err != nil {
		t.Fatal(err)
	}
	_ = fw.Close()
	return b.Bytes()
}

// spaces is a reader of "<w:document>" and then spaces, n bytes in all,
// that holds none of them: well-formed XML as far as it goes.
type spaces int64

func (z *spaces) Read(p []byte) (int, error) {
	if *z <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), int64(*z))
	for i := range p[:n] {
		p[i] = ' '
	}
	*z -= spaces(n)
	return int(n), nil
}

func TestZipBombRefused(t *testing.T) {
	const size = 256 << 20 // 256 MiB inflated, about 250 KB deflated
	n := spaces(size - len("<w:document>"))
	bomb := deflate(t, io.MultiReader(strings.NewReader("<w:document>"), &n))
	t.Logf("bomb: %d bytes deflated, %d inflated", len(bomb), size)

	t.Run("honest header", func(t *testing.T) {
		_, err := convertBytes(t, zipWithDocument(t, bomb, 0, size), Limits{})
		wantRefusal(t, err, apperr.TooLarge, "quá lớn")
	})
	t.Run("lying header", func(t *testing.T) {
		// The header claims 1 KB; reading stops there.
		_, err := convertBytes(t, zipWithDocument(t, bomb, crc32.ChecksumIEEE(nil), 1024), Limits{})
		wantRefusal(t, err, apperr.TooLarge, "dài hơn khai báo")
	})
	t.Run("many small parts", func(t *testing.T) {
		// Each part within its limit, together past the budget.
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w := testenv.Must(zw.Create("[Content_Types].xml")).Get(t)
		_, _ = w.Write([]byte(`<Types/>`))
		for _, name := range []string{"word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
			w := testenv.Must(zw.Create(name)).Get(t)
			_, _ = w.Write([]byte("<x>"))
			_, _ = w.Write(bytes.Repeat([]byte(" "), 600<<10))
			_, _ = w.Write([]byte("</x>"))
		}
		_ = zw.Close()
		_, err := convertBytes(t, b.Bytes(), Limits{MaxUncompressed: 1 << 20})
		wantRefusal(t, err, apperr.TooLarge, "giải nén")
	})
}

func TestTooManyEntriesRefused(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w := testenv.Must(zw.Create(name)).Get(t)
		_, _ = w.Write([]byte("<x/>"))
	}
	for i := range 3000 {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("customXml/item%d.xml", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	_ = zw.Close()
	_, err := convertBytes(t, b.Bytes(), Limits{})
	wantRefusal(t, err, apperr.TooLarge, "hơn 2000 tệp thành phần")
	// A directory past its byte budget is refused before it is read whole.
	_, err = convertBytes(t, b.Bytes(), Limits{MaxDirectory: 16 << 10, MaxEntries: 1 << 20})
	wantRefusal(t, err, apperr.TooLarge, "mục lục")
}

func TestDeepXMLRefused(t *testing.T) {
	f := articleFixture()
	f.body = para("", run("Mở đầu")) + strings.Repeat("<w:sdt><w:sdtContent>", 200) + para("", run("sâu")) + strings.Repeat("</w:sdtContent></w:sdt>", 200)
	_, err := convertBytes(t, f.build(), Limits{})
	wantRefusal(t, err, apperr.TooLarge, "lồng nhau quá 128 tầng")
}

func TestPictureLimit(t *testing.T) {
	f := articleFixture()
	_, err := convertBytes(t, f.build(), Limits{MaxImages: 1})
	if err != nil {
		t.Fatal(err)
	}
	d := testenv.Must(convertBytes(t, f.build(), Limits{MaxImages: 1})).Get(t)
	if len(d.Images) != 1 || strings.Count(placeAll(d), "<img") != 1 {
		t.Errorf("%d images kept, want 1", len(d.Images))
	}
	if len(d.Notes) != 1 || !strings.Contains(d.Notes[0], "chỉ 1 ảnh đầu tiên được nhập") {
		t.Errorf("notes %q", d.Notes)
	}
	// A picture larger than allowed is refused when opened.
	d = testenv.Must(convertBytes(t, f.build(), Limits{MaxImageBytes: 1000})).Get(t)
	if _, err := d.Images[0].Open(); apperr.CodeOf(err) != apperr.TooLarge {
		t.Errorf("open of a picture past the limit: %v", err)
	}
}

func TestHTMLLimit(t *testing.T) {
	f := articleFixture()
	_, err := convertBytes(t, f.build(), Limits{MaxHTMLBytes: 500})
	wantRefusal(t, err, apperr.TooLarge, "nội dung dài hơn")
}

func TestEmptyDocumentRefused(t *testing.T) {
	f := articleFixture()
	f.title, f.body, f.media = "", para("")+para(""), nil
	_, err := convertBytes(t, f.build(), Limits{})
	wantRefusal(t, err, apperr.Invalid, "không có nội dung")
}

// FuzzConvert: no input makes the converter panic or produce HTML the
// sanitiser must cut down to nothing harmful.
func FuzzConvert(f *testing.F) {
	f.Add(articleFixture().build())
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Convert(bytes.NewReader(b), int64(len(b)), Limits{MaxUncompressed: 8 << 20})
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid && apperr.CodeOf(err) != apperr.TooLarge {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		_ = placeAll(d)
	})
}
