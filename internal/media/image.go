package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/webp"

	"trangtin/internal/apperr"
)

// Output formats of ProcessImage.
const (
	FormatJPEG = "jpeg"
	FormatPNG  = "png"
)

// Input formats recognised from the bytes.
const (
	inJPEG = "jpeg"
	inPNG  = "png"
	inGIF  = "gif"
	inWebP = "webp"
	inSVG  = "svg"
	inHEIF = "heif"
)

// variantWidths are the responsive widths produced for every photo, when
// narrower than the photo itself. The photo at its own width, capped at
// MaxVariantWidth, is always produced as the largest variant.
var variantWidths = []int{480, 960, 1600}

// MaxVariantWidth caps the largest variant: enough for a full-width photo on
// a high-density laptop screen, far less than a 48-megapixel phone original.
const MaxVariantWidth = 2400

const (
	jpegQuality = 85
	// maxJPEGScans refuses progressive JPEGs built to burn CPU: each scan
	// walks the whole image, ordinary encoders write at most a dozen.
	maxJPEGScans = 100
)

// resize resamples src into dst (see resample.go); a variable so that the
// benchmark can compare it with golang.org/x/image/draw's scalers.
var resize = resample

// Messages shown to editors.
const (
	msgNotImage    = "Tệp không phải ảnh JPEG, PNG, GIF hoặc WebP. Vui lòng chọn một tệp ảnh hợp lệ."
	msgSVG         = "Không chấp nhận ảnh SVG vì tệp SVG có thể chứa mã lệnh (script) nguy hiểm. Vui lòng dùng ảnh JPEG, PNG, GIF hoặc WebP."
	msgHEIF        = "Chưa hỗ trợ ảnh HEIC/AVIF (định dạng mặc định của một số điện thoại). Vui lòng chuyển ảnh sang JPEG rồi tải lên lại."
	msgCorrupt     = "Tệp ảnh bị hỏng hoặc không đầy đủ nên không đọc được. Vui lòng kiểm tra lại tệp."
	msgEmptyImage  = "Tệp ảnh rỗng. Vui lòng chọn lại ảnh."
	msgReadFailed  = "Không đọc được tệp tải lên. Vui lòng thử lại."
	msgJPEGScans   = "Ảnh JPEG có cấu trúc bất thường (quá nhiều lớp quét) nên không xử lý được. Vui lòng lưu lại ảnh bằng phần mềm khác."
	msgEncodeFault = "Không xử lý được ảnh. Vui lòng thử lại với ảnh khác."
)

// Image is a processed photo: its variants, re-encoded from pixels only.
type Image struct {
	Format   string    // FormatJPEG or FormatPNG: the format of every variant
	Width    int       // upright width of the uploaded photo, in pixels
	Height   int       // upright height of the uploaded photo, in pixels
	Variants []Variant // ascending by width; the last is the largest
}

// Variant is one encoded size of a photo.
type Variant struct {
	Width, Height int
	Data          []byte
}

// ContentType is the MIME type of the variants.
func (img *Image) ContentType() string {
	if img.Format == FormatPNG {
		return "image/png"
	}
	return "image/jpeg"
}

// Ext is the file extension of the variants, with its dot.
func (img *Image) Ext() string {
	if img.Format == FormatPNG {
		return ".png"
	}
	return ".jpg"
}

// Largest returns the widest variant.
func (img *Image) Largest() Variant { return img.Variants[len(img.Variants)-1] }

// Srcset builds the value of an <img srcset> attribute, "u1 480w, u2 960w",
// from the URL of each variant.
func (img *Image) Srcset(url func(Variant) string) string {
	var b strings.Builder
	for i, v := range img.Variants {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(srcsetURL(url(v)))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteByte('w')
	}
	return b.String()
}

// Srcset builds a srcset value from stored variant widths, for pages that
// render photos processed earlier.
func Srcset(widths []int, url func(width int) string) string {
	vs := make([]Variant, len(widths))
	for i, w := range widths {
		vs[i].Width = w
	}
	img := Image{Variants: vs}
	return img.Srcset(func(v Variant) string { return url(v.Width) })
}

// srcsetURL escapes the two characters that would split a srcset candidate.
func srcsetURL(u string) string {
	if !strings.ContainsAny(u, " ,") {
		return u
	}
	return strings.NewReplacer(" ", "%20", ",", "%2C").Replace(u)
}

// ProcessImage reads a photo of at most lim.MaxImageBytes, checks from its
// bytes that it is JPEG, PNG, GIF or WebP, refuses it before decoding if its
// dimensions exceed the limits, decodes it, turns it upright according to
// its EXIF orientation, and re-encodes it into the responsive variants.
//
// JPEG stays JPEG; PNG, GIF (first frame) and WebP become PNG when they have
// transparent pixels and JPEG otherwise. Re-encoding keeps pixels only: EXIF,
// GPS, comments, colour profiles and anything appended are dropped.
func ProcessImage(r io.Reader, lim Limits) (*Image, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxImageBytes+1))
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, msgReadFailed, err)
	}
	if int64(len(data)) > lim.MaxImageBytes {
		return nil, apperr.Errorf(apperr.TooLarge,
			"Ảnh quá lớn: dung lượng tối đa là %s. Vui lòng giảm kích thước ảnh rồi tải lên lại.", formatSize(lim.MaxImageBytes))
	}
	if len(data) == 0 {
		return nil, apperr.New(apperr.Invalid, msgEmptyImage)
	}

	format := sniffImage(data)
	switch format {
	case inJPEG, inPNG, inGIF, inWebP:
	case inSVG:
		return nil, apperr.New(apperr.Invalid, msgSVG)
	case inHEIF:
		return nil, apperr.New(apperr.Invalid, msgHEIF)
	default:
		return nil, apperr.New(apperr.Invalid, msgNotImage)
	}

	orientation := 1
	if format == inJPEG {
		info := scanJPEG(data)
		if info.scans > maxJPEGScans {
			return nil, apperr.New(apperr.Invalid, msgJPEGScans)
		}
		orientation = info.orientation
	}

	// Dimensions first: the header alone says what decoding would allocate.
	cfg, err := decodeConfig(format, data)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, msgCorrupt, err)
	}
	if err := checkDimensions(cfg.Width, cfg.Height, lim); err != nil {
		return nil, err
	}
	// 16-bit colour decodes to 8 bytes a pixel, twice the usual budget.
	if (cfg.ColorModel == color.RGBA64Model || cfg.ColorModel == color.NRGBA64Model) &&
		2*int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
		return nil, apperr.Errorf(apperr.TooLarge,
			"Ảnh 16 bit màu quá lớn: %s×%s điểm ảnh. Vui lòng lưu ảnh ở chế độ 8 bit màu hoặc thu nhỏ ảnh trước khi tải lên.",
			formatInt(int64(cfg.Width)), formatInt(int64(cfg.Height)))
	}

	src, err := decode(format, data)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, msgCorrupt, err)
	}
	b := src.Bounds()
	if b.Empty() {
		return nil, apperr.New(apperr.Invalid, msgCorrupt)
	}
	if err := checkDimensions(b.Dx(), b.Dy(), lim); err != nil { // belt and braces
		return nil, err
	}

	out := FormatJPEG
	if format != inJPEG && !isOpaque(src) {
		out = FormatPNG
	}
	img, err := makeVariants(src, orientation, out)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, msgEncodeFault, err)
	}
	return img, nil
}

// checkDimensions refuses an image whose decoded pixels would exceed the limits.
func checkDimensions(w, h int, lim Limits) error {
	if w <= 0 || h <= 0 {
		return apperr.New(apperr.Invalid, msgCorrupt)
	}
	if w > lim.MaxSide || h > lim.MaxSide {
		return apperr.Errorf(apperr.TooLarge,
			"Ảnh quá lớn: %s×%s điểm ảnh, mỗi cạnh tối đa %s điểm ảnh. Vui lòng thu nhỏ ảnh trước khi tải lên.",
			formatInt(int64(w)), formatInt(int64(h)), formatInt(int64(lim.MaxSide)))
	}
	if int64(w)*int64(h) > lim.MaxPixels {
		return apperr.Errorf(apperr.TooLarge,
			"Ảnh quá lớn: %s×%s điểm ảnh, vượt giới hạn %s megapixel. Vui lòng thu nhỏ ảnh trước khi tải lên.",
			formatInt(int64(w)), formatInt(int64(h)), formatMegapixels(lim.MaxPixels))
	}
	return nil
}

// sniffImage names the format of data from its leading bytes, or "".
func sniffImage(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return inJPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return inPNG
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return inGIF
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return inWebP
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		switch string(b[8:12]) {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis":
			return inHEIF
		}
	case isSVG(b):
		return inSVG
	}
	return ""
}

// isSVG reports whether b looks like an SVG document: markup (after an
// optional byte-order mark and whitespace) with an <svg element near the start.
func isSVG(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	if len(b) > 4096 {
		b = b[:4096]
	}
	return bytes.Contains(bytes.ToLower(b), []byte("<svg"))
}

// decodeConfig reads only the header of data, as the named format.
func decodeConfig(format string, data []byte) (cfg image.Config, err error) {
	defer recoverDecoder(&err)
	r := bytes.NewReader(data)
	switch format {
	case inJPEG:
		return jpeg.DecodeConfig(r)
	case inPNG:
		return png.DecodeConfig(r)
	case inGIF:
		return gif.DecodeConfig(r)
	case inWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("media: unknown format %q", format)
}

// decode decodes data as the named format; for GIF, the first frame.
func decode(format string, data []byte) (m image.Image, err error) {
	defer recoverDecoder(&err)
	r := bytes.NewReader(data)
	switch format {
	case inJPEG:
		return jpeg.Decode(r)
	case inPNG:
		return png.Decode(r)
	case inGIF:
		return gif.Decode(r)
	case inWebP:
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("media: unknown format %q", format)
}

// recoverDecoder turns a decoder panic on hostile input into an error.
func recoverDecoder(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("media: decoder panic: %v", r)
	}
}

// isOpaque reports whether every pixel of m is fully opaque.
func isOpaque(m image.Image) bool {
	if o, ok := m.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := m.At(x, y).RGBA(); a != 0xFFFF {
				return false
			}
		}
	}
	return true
}

// variantWidthsFor lists, ascending, the widths to produce for an upright
// width w: every standard width below w, then w capped at MaxVariantWidth.
func variantWidthsFor(w int) []int {
	var ws []int
	top := min(w, MaxVariantWidth)
	for _, v := range variantWidths {
		if v < top {
			ws = append(ws, v)
		}
	}
	return append(ws, top)
}

// makeVariants resamples src into every variant width, largest first, each
// from the previous one (a cascade costs far less than resampling the full
// photo each time), then turns each variant upright and encodes it, the
// encoding of one variant overlapping the resampling of the next.
// Orientation is applied to the variants rather than the original, which
// saves a full-size copy.
func makeVariants(src image.Image, orientation int, format string) (*Image, error) {
	sb := src.Bounds()
	rw, rh := sb.Dx(), sb.Dy() // raw, as stored in the file
	swap := orientation >= 5 && orientation <= 8
	uw, uh := rw, rh // upright, as displayed
	if swap {
		uw, uh = rh, rw
	}
	widths := variantWidthsFor(uw)
	img := &Image{Format: format, Width: uw, Height: uh, Variants: make([]Variant, len(widths))}
	errs := make([]error, len(widths))
	var wg sync.WaitGroup

	prev := src
	for i := len(widths) - 1; i >= 0; i-- {
		tw := widths[i]
		th := int((int64(uh)*int64(tw) + int64(uw)/2) / int64(uw))
		th = max(th, 1)
		dw, dh := tw, th
		if swap {
			dw, dh = th, tw
		}
		dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
		resize(dst, prev)
		prev = dst

		upright := orient(dst, orientation)
		img.Variants[i] = Variant{Width: tw, Height: th}
		wg.Go(func() { img.Variants[i].Data, errs[i] = encode(upright, format) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return img, nil
}

// encode writes m as JPEG (quality 85) or PNG. Neither encoder writes any
// metadata.
func encode(m image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if format == FormatPNG {
		err = png.Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: jpegQuality})
	}
	return buf.Bytes(), err
}

// orient returns m transformed for display according to an EXIF orientation
// (1–8); for 1 or an unknown value it returns m itself.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// Source coordinates as an affine map of destination (x, y):
	// sx = ax*x + bx*y + cx, sy = ay*x + by*y + cy.
	var ax, bx, cx, ay, by, cy int
	switch o {
	case 2: // mirror horizontally
		ax, cx, by = -1, w-1, 1
	case 3: // rotate 180°
		ax, cx, by, cy = -1, w-1, -1, h-1
	case 4: // mirror vertically
		ax, by, cy = 1, -1, h-1
	case 5: // transpose
		bx, ay = 1, 1
	case 6: // rotate 90° clockwise
		bx, ay, cy = 1, -1, h-1
	case 7: // transverse
		bx, cx, ay, cy = -1, w-1, -1, h-1
	case 8: // rotate 90° counter-clockwise
		bx, cx, ay = -1, w-1, 1
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+dw*4]
		for x := 0; x < dw; x++ {
			sx := ax*x + bx*y + cx
			sy := ay*x + by*y + cy
			si := sy*m.Stride + sx*4
			copy(row[x*4:x*4+4], m.Pix[si:si+4])
		}
	}
	return dst
}
