// Package docx turns a Word document (.docx, Office Open XML) into the HTML
// of an article body: paragraphs, headings, bold and italic, numbered and
// bulleted lists, tables, links and the pictures inside it. Text typed in
// the legacy TCVN3 (.VnTime…) and VNI (VNI-Times…) fonts is converted to
// Unicode.
//
// A .docx is a zip of XML parts; the standard library reads both
// (archive/zip, encoding/xml). The Go libraries for Word documents either
// edit text in place (templating), carry a commercial licence, or read the
// whole package into memory without bounds; none was both well kept and
// safe on a stranger's file, and the subset of WordprocessingML an article
// needs is small. Everything a file can make the converter spend is
// bounded by Limits: the zip's central directory and entry count, the
// uncompressed size of every part read (so a zip bomb is refused after at
// most that many bytes), the XML nesting depth, the number of pictures
// and the size of the HTML produced.
//
// Convert returns the document with its pictures still in the zip: the
// caller stores each (through the media pipeline) and passes their
// addresses to Doc.HTML. The HTML is not sanitised here; the caller runs
// it through the site's sanitiser, as for any body.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"trangtin/internal/apperr"
)

// Limits bounds what one document may cost. A zero field means its default.
type Limits struct {
	MaxEntries      int   // files in the zip
	MaxDirectory    int64 // bytes of the zip's central directory
	MaxPartBytes    int64 // uncompressed size of one XML part
	MaxUncompressed int64 // uncompressed bytes read from the zip, in all
	MaxDepth        int   // nesting of XML elements
	MaxImages       int   // pictures kept
	MaxImageBytes   int64 // uncompressed size of one picture
	MaxHTMLBytes    int   // HTML produced (without the pictures' tags)
}

// Defaults: far above a news article written in Word (a few pages, a few
// photos), far below what would strain the server.
const (
	DefaultMaxEntries      = 2000
	DefaultMaxDirectory    = 1 << 20
	DefaultMaxPartBytes    = 16 << 20
	DefaultMaxUncompressed = 200 << 20
	DefaultMaxDepth        = 128
	DefaultMaxImages       = 50
	DefaultMaxImageBytes   = 20 << 20
	DefaultMaxHTMLBytes    = 2 << 20
)

// DefaultLimits returns the limits used when none are given.
func DefaultLimits() Limits { return Limits{}.withDefaults() }

func (l Limits) withDefaults() Limits {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defi := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defi(&l.MaxEntries, DefaultMaxEntries)
	def(&l.MaxDirectory, DefaultMaxDirectory)
	def(&l.MaxPartBytes, DefaultMaxPartBytes)
	def(&l.MaxUncompressed, DefaultMaxUncompressed)
	defi(&l.MaxDepth, DefaultMaxDepth)
	defi(&l.MaxImages, DefaultMaxImages)
	def(&l.MaxImageBytes, DefaultMaxImageBytes)
	defi(&l.MaxHTMLBytes, DefaultMaxHTMLBytes)
	return l
}

// Messages of the refusals, shown to the user as they are.
const (
	MsgNotDocx     = "Tệp này không phải tệp Word (.docx). Hãy mở tệp bằng Microsoft Word hoặc LibreOffice, chọn «Lưu thành» (Save As) định dạng «Word Document (.docx)», rồi nhập lại."
	MsgOldDoc      = "Tệp này là tệp Word cũ (.doc), chưa nhập được. Hãy mở tệp bằng Microsoft Word hoặc LibreOffice, chọn «Lưu thành» (Save As) định dạng «Word Document (.docx)», rồi nhập lại."
	MsgEncrypted   = "Tệp Word này được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu trong Word rồi nhập lại."
	MsgDamaged     = "Tệp Word bị hỏng hoặc không đọc được. Hãy mở tệp bằng Word, lưu lại thành tệp .docx mới rồi nhập lại."
	msgTooBigFmt   = "Tệp Word quá lớn hoặc quá phức tạp để nhập (%s). Hãy chia tài liệu thành nhiều bài, hoặc giảm kích thước ảnh trong tài liệu rồi nhập lại."
	MsgEmpty       = "Tệp Word không có nội dung nào để nhập."
	msgTooManyImgs = "Tài liệu có hơn %d ảnh; chỉ %d ảnh đầu tiên được nhập, hãy chèn các ảnh còn lại trong trình soạn thảo."
)

// tooBig is the refusal of a document past a limit; what names the limit.
func tooBig(what string) error {
	return apperr.Errorf(apperr.TooLarge, msgTooBigFmt, what)
}

var errNotDocx = apperr.New(apperr.Invalid, MsgNotDocx)

// Doc is a converted document.
type Doc struct {
	// Title is the document's title: its Title paragraph, else its first
	// heading (left out of the body), else the title in its properties;
	// "" when it has none.
	Title string
	// Images are the pictures, in order of first appearance.
	Images []Image
	// Notes are Vietnamese remarks on what could not be carried over
	// (pictures past the limit, linked pictures).
	Notes []string
	// Legacy counts the runs converted from TCVN3 and from VNI.
	TCVN3Runs, VNIRuns int

	parts []part
}

// part is a piece of the body: HTML, or the picture at index img (html "").
type part struct {
	html string
	img  int
}

// Image is a picture of the document, still in the zip.
type Image struct {
	Name string // its file name inside the package ("image1.png")
	Alt  string // the description Word keeps for it (Alt Text), maybe ""
	f    *zip.File
	max  int64
	z    *reader
}

// Open returns the picture's bytes, refusing one past MaxImageBytes or the
// document's budget of uncompressed bytes.
func (im Image) Open() (io.ReadCloser, error) {
	return im.z.open(im.f, im.max)
}

// Placed is how a stored picture appears in the body.
type Placed struct {
	Src, Srcset, Sizes, Alt string
	Width, Height           int
}

// HTML returns the body, each picture i as place(i) in a <figure>; a
// picture for which place reports false is left out.
func (d *Doc) HTML(place func(i int) (Placed, bool)) string {
	var b strings.Builder
	for _, p := range d.parts {
		if p.html != "" || p.img < 0 {
			b.WriteString(p.html)
			continue
		}
		pl, ok := place(p.img)
		if !ok {
			continue
		}
		b.WriteString(`<figure><img src="`)
		b.WriteString(escape(pl.Src))
		b.WriteByte('"')
		if pl.Srcset != "" {
			b.WriteString(` srcset="` + escape(pl.Srcset) + `"`)
			if pl.Sizes != "" {
				b.WriteString(` sizes="` + escape(pl.Sizes) + `"`)
			}
		}
		if pl.Width > 0 && pl.Height > 0 {
			fmt.Fprintf(&b, ` width="%d" height="%d"`, pl.Width, pl.Height)
		}
		b.WriteString(` alt="` + escape(pl.Alt) + `" loading="lazy"></figure>` + "\n")
	}
	return b.String()
}

// Convert reads the .docx of size bytes from r.
func Convert(r io.ReaderAt, size int64, lim Limits) (*Doc, error) {
	lim = lim.withDefaults()
	z, err := openZip(r, size, lim)
	if err != nil {
		return nil, err
	}
	c := &converter{z: z, lim: lim, doc: &Doc{}, imageIndex: map[string]int{}}
	if err := c.run(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(c.doc.Title) == "" && len(c.doc.Images) == 0 && c.htmlBytes == 0 {
		return nil, apperr.New(apperr.Invalid, MsgEmpty)
	}
	return c.doc, nil
}

// reader is the zip with the budget of bytes still to read from it.
type reader struct {
	files  map[string]*zip.File
	budget int64
}

// sniff recognises what a file that is not a zip is, for the message.
func sniff(r io.ReaderAt, size int64) error {
	var head [8]byte
	n, _ := r.ReadAt(head[:], 0)
	if n == 8 && bytes.Equal(head[:], []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		// An OLE compound file: a Word 97–2003 .doc, or an encrypted .docx.
		return apperr.New(apperr.Invalid, MsgOldDoc)
	}
	return errNotDocx
}

// budgetReaderAt fails every read past its budget: zip.NewReader reads the
// whole central directory, one record per entry, before anything can be
// checked, so the budget bounds what a crafted directory can allocate.
type budgetReaderAt struct {
	r    io.ReaderAt
	left int64
	on   bool
}

var errDirectory = errors.New("docx: central directory too large")

func (b *budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if b.on {
		if int64(len(p)) > b.left {
			return 0, errDirectory
		}
		b.left -= int64(len(p))
	}
	return b.r.ReadAt(p, off)
}

func openZip(r io.ReaderAt, size int64, lim Limits) (*reader, error) {
	if size < 22 {
		return nil, errNotDocx
	}
	var sig [4]byte
	if _, err := r.ReadAt(sig[:], 0); err != nil || binary.LittleEndian.Uint32(sig[:]) != 0x04034b50 {
		return nil, sniff(r, size)
	}
	// The end record's search reads at most 64 KiB; the directory is
	// read through a 4 KiB buffer.
	br := &budgetReaderAt{r: r, left: lim.MaxDirectory + 70<<10, on: true}
	zr, err := zip.NewReader(br, size)
	if errors.Is(err, errDirectory) {
		return nil, tooBig("mục lục của tệp nén quá lớn")
	}
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, MsgDamaged, err)
	}
	br.on = false
	if len(zr.File) > lim.MaxEntries {
		return nil, tooBig(fmt.Sprintf("hơn %d tệp thành phần", lim.MaxEntries))
	}
	z := &reader{files: make(map[string]*zip.File, len(zr.File)), budget: lim.MaxUncompressed}
	for _, f := range zr.File {
		z.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if z.files["[Content_Types].xml"] == nil || z.files["word/document.xml"] == nil {
		if z.files["EncryptionInfo"] != nil {
			return nil, apperr.New(apperr.Invalid, MsgEncrypted)
		}
		return nil, errNotDocx
	}
	return z, nil
}

// open opens a file of the zip, refusing it when it would take more than
// max bytes or more than the remaining budget; reading stops there even
// when the file's header lies about its size.
func (z *reader) open(f *zip.File, max int64) (io.ReadCloser, error) {
	if int64(f.UncompressedSize64) > max || f.UncompressedSize64 > uint64(max) {
		return nil, tooBig(fmt.Sprintf("tệp thành phần %s lớn hơn %s", path.Base(f.Name), sizeText(max)))
	}
	if int64(f.UncompressedSize64) > z.budget {
		return nil, tooBig(fmt.Sprintf("nội dung giải nén lớn hơn %s", sizeText(z.budget)))
	}
	if f.Flags&0x1 != 0 {
		return nil, apperr.New(apperr.Invalid, MsgEncrypted)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, MsgDamaged, err)
	}
	z.budget -= int64(f.UncompressedSize64)
	return &limitedFile{rc: rc, left: int64(f.UncompressedSize64), name: path.Base(f.Name)}, nil
}

// limitedFile refuses to read more than its header declared (archive/zip
// checks too, but only once the extra bytes are inflated).
type limitedFile struct {
	rc   io.ReadCloser
	left int64
	name string
}

func (l *limitedFile) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		n, err := l.rc.Read(one[:])
		if n > 0 || errors.Is(err, zip.ErrFormat) { // archive/zip's refusal of bytes past the size
			return 0, tooBig("tệp thành phần " + l.name + " dài hơn khai báo")
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, apperr.Wrap(apperr.Invalid, MsgDamaged, err)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, apperr.Wrap(apperr.Invalid, MsgDamaged, err)
	}
	return n, err
}

func (l *limitedFile) Close() error { return l.rc.Close() }

// part opens the XML part name ("" and nil when the package has none).
func (z *reader) part(name string, max int64) (io.ReadCloser, error) {
	f := z.files[name]
	if f == nil {
		return nil, nil
	}
	return z.open(f, max)
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
