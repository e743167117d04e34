package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"trangtin/internal/apperr"
)

// Attachment types.
const (
	TypePDF  = "pdf"
	TypeDOC  = "doc"
	TypeDOCX = "docx"
	TypeXLS  = "xls"
	TypeXLSX = "xlsx"
)

var attachmentContentTypes = map[string]string{
	TypePDF:  "application/pdf",
	TypeDOC:  "application/msword",
	TypeDOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	TypeXLS:  "application/vnd.ms-excel",
	TypeXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

var attachmentLabels = map[string]string{
	TypePDF:  "PDF",
	TypeDOC:  "Word (DOC)",
	TypeDOCX: "Word (DOCX)",
	TypeXLS:  "Excel (XLS)",
	TypeXLSX: "Excel (XLSX)",
}

const (
	msgAttachmentType  = "Chỉ chấp nhận tệp đính kèm PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX)."
	msgAttachmentEmpty = "Tệp đính kèm rỗng. Vui lòng chọn lại tệp."
	msgAttachmentMacro = "Không chấp nhận tệp Word/Excel có chứa macro. Vui lòng lưu lại thành tệp DOCX hoặc XLSX thông thường."
	msgAttachmentZip   = "Tệp nén (ZIP) không được chấp nhận. " + msgAttachmentType

	// defaultStem names a download whose own name has nothing usable left.
	defaultStem  = "tep-dinh-kem"
	maxStemRunes = 120

	// Bounds on the ZIP central directory read when checking DOCX/XLSX, so
	// a crafted archive cannot make archive/zip allocate millions of entries.
	maxZipEntries  = 20000
	maxZipDirBytes = 2 << 20
)

// Attachment is a checked file, to be stored as-is and served as a download.
type Attachment struct {
	Type        string // TypePDF, TypeDOC, TypeDOCX, TypeXLS or TypeXLSX
	FileName    string // safe download name, ending in "." + Type
	ContentType string
	Data        []byte
}

// Size is the attachment's length in bytes.
func (a Attachment) Size() int64 { return int64(len(a.Data)) }

// ContentDisposition is the value of the Content-Disposition header that
// serves the attachment as a download under its safe name (RFC 6266; a
// Vietnamese name is sent as filename*=utf-8”…).
func (a Attachment) ContentDisposition() string {
	return ContentDisposition(a.FileName)
}

// ContentDisposition returns "attachment" with the given file name.
func ContentDisposition(fileName string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": fileName}); v != "" {
		return v
	}
	return "attachment"
}

// CheckAttachment reads an attachment of at most lim.MaxAttachmentBytes and
// checks from its bytes that it is a PDF, DOC, DOCX, XLS or XLSX whose type
// agrees with the extension of name (a name without extension takes the
// detected type). Macro-enabled Office files are refused.
func CheckAttachment(name string, r io.Reader, lim Limits) (Attachment, error) {
	lim = lim.withDefaults()
	ext := nameExt(name)
	if ext != "" && attachmentContentTypes[ext] == "" {
		return Attachment{}, apperr.New(apperr.Invalid, msgAttachmentType)
	}
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxAttachmentBytes+1))
	if err != nil {
		return Attachment{}, apperr.Wrap(apperr.Invalid, msgReadFailed, err)
	}
	if int64(len(data)) > lim.MaxAttachmentBytes {
		return Attachment{}, apperr.Errorf(apperr.TooLarge,
			"Tệp đính kèm quá lớn: dung lượng tối đa là %s.", formatSize(lim.MaxAttachmentBytes))
	}
	if len(data) == 0 {
		return Attachment{}, apperr.New(apperr.Invalid, msgAttachmentEmpty)
	}

	typ, err := sniffAttachment(data, ext)
	if err != nil {
		return Attachment{}, err
	}
	if ext != "" && typ != ext {
		return Attachment{}, apperr.Errorf(apperr.Invalid,
			"Nội dung tệp không khớp với phần mở rộng .%s (tệp thực chất là %s). Vui lòng đổi tên tệp cho đúng rồi tải lên lại.",
			ext, attachmentLabels[typ])
	}
	return Attachment{
		Type:        typ,
		FileName:    SafeFileName(name, typ),
		ContentType: attachmentContentTypes[typ],
		Data:        data,
	}, nil
}

// sniffAttachment detects the type of data. ext, when not empty, breaks the
// tie for OLE2 files that carry both a Word and an Excel stream name.
func sniffAttachment(data []byte, ext string) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return TypePDF, nil
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return sniffOLE2(data, ext)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffOOXML(data)
	}
	return "", apperr.New(apperr.Invalid, msgAttachmentType)
}

// sniffOLE2 tells a Word 97–2003 document from an Excel 97–2003 workbook by
// the name of the stream each must contain ("WordDocument"; "Workbook", or
// "Book" for Excel 5), as stored, UTF-16LE and NUL-terminated, in the
// compound file's directory. Other compound files (PowerPoint, Outlook
// messages, installers) have neither.
func sniffOLE2(data []byte, ext string) (string, error) {
	isDoc := bytes.Contains(data, utf16Name("WordDocument"))
	isXLS := bytes.Contains(data, utf16Name("Workbook")) || bytes.Contains(data, utf16Name("Book"))
	switch {
	case isDoc && isXLS && ext == TypeXLS:
		return TypeXLS, nil
	case isDoc:
		return TypeDOC, nil
	case isXLS:
		return TypeXLS, nil
	}
	return "", apperr.New(apperr.Invalid, msgAttachmentType)
}

func utf16Name(s string) []byte {
	b := make([]byte, 0, 2*len(s)+2)
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return append(b, 0, 0)
}

// sniffOOXML opens data as a ZIP archive, within bounds, and recognises a
// DOCX or XLSX package by its [Content_Types].xml part and its word/ or xl/
// parts. Nothing is decompressed.
func sniffOOXML(data []byte) (string, error) {
	if err := checkZipDirectory(data); err != nil {
		return "", err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", apperr.Wrap(apperr.Invalid, msgAttachmentType, err)
	}
	var hasTypes, hasWord, hasXL, hasMacro bool
	for _, f := range zr.File {
		n := strings.ToLower(f.Name)
		switch {
		case n == "[content_types].xml":
			hasTypes = true
		case strings.HasPrefix(n, "word/"):
			hasWord = true
		case strings.HasPrefix(n, "xl/"):
			hasXL = true
		}
		if strings.HasSuffix(n, "vbaproject.bin") {
			hasMacro = true
		}
	}
	switch {
	case !hasTypes || hasWord == hasXL:
		return "", apperr.New(apperr.Invalid, msgAttachmentZip)
	case hasMacro:
		return "", apperr.New(apperr.Invalid, msgAttachmentMacro)
	case hasWord:
		return TypeDOCX, nil
	default:
		return TypeXLSX, nil
	}
}

// checkZipDirectory finds the end-of-central-directory record the way
// archive/zip does (the last signature whose comment fits) and refuses
// archives whose directory is too large to be an ordinary Office file,
// including ZIP64 ones.
func checkZipDirectory(data []byte) error {
	const eocdLen = 22
	bad := apperr.New(apperr.Invalid, msgAttachmentType)
	if len(data) < eocdLen {
		return bad
	}
	low := max(0, len(data)-eocdLen-65535)
	for i := len(data) - eocdLen; i >= low; i-- {
		if string(data[i:i+4]) != "PK\x05\x06" {
			continue
		}
		rec := data[i : i+eocdLen]
		if i+eocdLen+int(binary.LittleEndian.Uint16(rec[20:])) > len(data) {
			continue
		}
		entries := binary.LittleEndian.Uint16(rec[10:])
		dirSize := binary.LittleEndian.Uint32(rec[12:])
		if entries > maxZipEntries || dirSize > maxZipDirBytes {
			return bad
		}
		return nil
	}
	return bad
}

// nameExt returns the lower-case extension of a file name, without its dot.
func nameExt(name string) string {
	base := baseName(name)
	i := strings.LastIndexByte(base, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(base[i+1:]))
}

// baseName strips any directory part, Unix or Windows style (old browsers
// send "C:\Users\…\file.pdf").
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// SafeFileName turns an uploaded file's name into a download name ending in
// "." + ext: NFC-normalised, directory parts dropped, Vietnamese and other
// letters, digits, spaces and -_.,()[]+&#! kept, control and formatting
// characters (including right-to-left overrides), quotes and characters
// reserved on Windows removed, whitespace collapsed, leading and trailing
// dots, dashes and spaces trimmed, at most 120 characters before the
// extension. A name with nothing left becomes "tep-dinh-kem." + ext.
func SafeFileName(name, ext string) string {
	ext = strings.ToLower(ext)
	name = baseName(norm.NFC.String(strings.ToValidUTF8(name, "")))
	if i := strings.LastIndexByte(name, '.'); i >= 0 && strings.EqualFold(strings.TrimSpace(name[i+1:]), ext) {
		name = name[:i]
	}

	var b strings.Builder
	space := false
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r),
			strings.ContainsRune("-_.,()[]+&#!", r):
		default:
			continue // controls, format characters, quotes, / \ : * ? < > | …
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	stem := strings.Trim(b.String(), " .-")
	if utf8.RuneCountInString(stem) > maxStemRunes {
		stem = strings.Trim(string([]rune(stem)[:maxStemRunes]), " .-")
	}
	if stem == "" {
		stem = defaultStem
	}
	return stem + "." + ext
}
