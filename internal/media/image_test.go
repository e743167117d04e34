package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/apperr"
)

// Distinctive EXIF payloads that must not survive processing.
var (
	secretMake = "SECRETPHONE\x00"
	gpsLat     = rationals(21, 1, 1, 1, 283456, 10000)   // 21° 1' 28.3456"
	gpsLon     = rationals(105, 1, 51, 1, 123456, 10000) // 105° 51' 12.3456"
)

func rationals(v ...uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.BigEndian.PutUint32(b[4*i:], x)
	}
	return b
}

// exifSegment builds an APP1 Exif segment: a big-endian TIFF header, IFD0
// with Make, Orientation and a GPSInfo pointer, and a GPS IFD with
// latitude and longitude.
func exifSegment(orientation uint16) []byte {
	type entry struct {
		tag, typ uint16
		count    uint32
		value    []byte // inline when ≤ 4 bytes, else stored after the IFD
	}
	be := binary.BigEndian
	short := func(v uint16) []byte { b := make([]byte, 4); be.PutUint16(b, v); return b }
	long := func(v uint32) []byte { b := make([]byte, 4); be.PutUint32(b, v); return b }

	var t bytes.Buffer
	t.WriteString("MM\x00\x2a")
	t.Write(long(8))
	// writeIFD writes an IFD at the current offset; out-of-line values follow it.
	writeIFD := func(entries []entry) {
		start := uint32(t.Len())
		dataOff := start + 2 + 12*uint32(len(entries)) + 4
		var data bytes.Buffer
		binary.Write(&t, be, uint16(len(entries)))
		for _, e := range entries {
			binary.Write(&t, be, e.tag)
			binary.Write(&t, be, e.typ)
			binary.Write(&t, be, e.count)
			if len(e.value) <= 4 {
				v := make([]byte, 4)
				copy(v, e.value)
				t.Write(v)
			} else {
				t.Write(long(dataOff + uint32(data.Len())))
				data.Write(e.value)
			}
		}
		t.Write(long(0)) // no next IFD
		t.Write(data.Bytes())
	}
	const ifd0Entries = 3
	gpsOffset := uint32(8 + 2 + 12*ifd0Entries + 4 + len(secretMake))
	writeIFD([]entry{
		{0x010F, 2, uint32(len(secretMake)), []byte(secretMake)}, // Make
		{0x0112, 3, 1, short(orientation)},                       // Orientation
		{0x8825, 4, 1, long(gpsOffset)},                          // GPSInfo
	})
	if uint32(t.Len()) != gpsOffset {
		panic("GPS IFD offset miscalculated")
	}
	writeIFD([]entry{
		{0x0001, 2, 2, []byte("N\x00")}, // GPSLatitudeRef
		{0x0002, 5, 3, gpsLat},          // GPSLatitude
		{0x0003, 2, 2, []byte("E\x00")}, // GPSLongitudeRef
		{0x0004, 5, 3, gpsLon},          // GPSLongitude
	})

	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	be.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// withExif inserts an Exif segment right after the SOI marker of a JPEG.
func withExif(jpg []byte, orientation uint16) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, exifSegment(orientation)...)
	return append(out, jpg[2:]...)
}

func TestExifFixtureIsReadable(t *testing.T) {
	jpg := withExif(encodeJPEG(t, gradient(16, 8), 90), 6)
	if got := scanJPEG(jpg).orientation; got != 6 {
		t.Fatalf("fixture orientation = %d, want 6", got)
	}
	if !bytes.Contains(jpg, gpsLat) || !bytes.Contains(jpg, []byte("Exif")) {
		t.Fatal("fixture lacks its GPS data")
	}
	// The standard decoder ignores the segment.
	if _, err := jpeg.Decode(bytes.NewReader(jpg)); err != nil {
		t.Fatal(err)
	}
}

func TestProcessImageStripsExifAndGPS(t *testing.T) {
	jpg := withExif(encodeJPEG(t, gradient(1200, 800), 90), 6)
	img, err := ProcessImage(bytes.NewReader(jpg), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if img.Format != FormatJPEG || img.Width != 800 || img.Height != 1200 {
		t.Fatalf("got %s %d×%d, want jpeg 800×1200 (orientation 6 rotates)", img.Format, img.Width, img.Height)
	}
	want := [][2]int{{480, 720}, {800, 1200}}
	if len(img.Variants) != len(want) {
		t.Fatalf("%d variants, want %d", len(img.Variants), len(want))
	}
	for i, v := range img.Variants {
		if v.Width != want[i][0] || v.Height != want[i][1] {
			t.Errorf("variant %d is %d×%d, want %d×%d", i, v.Width, v.Height, want[i][0], want[i][1])
		}
		for _, secret := range [][]byte{[]byte("Exif"), []byte("MM\x00\x2a"), []byte("SECRETPHONE"), gpsLat, gpsLon} {
			if bytes.Contains(v.Data, secret) {
				t.Errorf("variant %d still contains %q", v.Width, secret)
			}
		}
		if bytes.Contains(v.Data, []byte{0xFF, 0xE1}) && scanJPEG(v.Data).orientation != 1 {
			t.Errorf("variant %d carries an APP1 segment", v.Width)
		}
		decodeVariant(t, img, v)
	}
}

func TestProcessImageOrientation(t *testing.T) {
	red, green := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}
	blue, white := color.RGBA{0, 0, 255, 255}, color.RGBA{255, 255, 255, 255}
	// Raw 64×32: top-left red, top-right green, bottom-left blue, bottom-right white.
	raw := fill(64, 32, func(x, y int) color.Color {
		switch {
		case x < 32 && y < 16:
			return red
		case y < 16:
			return green
		case x < 32:
			return blue
		}
		return white
	})
	jpg := encodeJPEG(t, raw, 95)
	// Expected upright corners: top-left, top-right, bottom-left, bottom-right.
	tests := []struct {
		o       uint16
		corners [4]color.RGBA
	}{
		{1, [4]color.RGBA{red, green, blue, white}},
		{2, [4]color.RGBA{green, red, white, blue}},
		{3, [4]color.RGBA{white, blue, green, red}},
		{4, [4]color.RGBA{blue, white, red, green}},
		{5, [4]color.RGBA{red, blue, green, white}},
		{6, [4]color.RGBA{blue, red, white, green}},
		{7, [4]color.RGBA{white, green, blue, red}},
		{8, [4]color.RGBA{green, white, red, blue}},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(int(tt.o)), func(t *testing.T) {
			img, err := ProcessImage(bytes.NewReader(withExif(jpg, tt.o)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			w, h := 64, 32
			if tt.o >= 5 {
				w, h = 32, 64
			}
			if img.Width != w || img.Height != h || len(img.Variants) != 1 {
				t.Fatalf("got %d×%d with %d variants, want %d×%d with 1", img.Width, img.Height, len(img.Variants), w, h)
			}
			m := decodeVariant(t, img, img.Variants[0])
			pts := []image.Point{{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}}
			for i, p := range pts {
				if !near(m.At(p.X, p.Y), tt.corners[i], 40) {
					t.Errorf("pixel at %v = %v, want about %v", p, m.At(p.X, p.Y), tt.corners[i])
				}
			}
		})
	}
}

func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, w uint8) bool { x := int(a>>8) - int(w); return x <= tol && x >= -tol }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

func TestProcessImageRefusesPixelBombBeforeDecoding(t *testing.T) {
	bomb := pngHeaderOnly(20000, 20000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	img, err := ProcessImage(bytes.NewReader(bomb), DefaultLimits())
	runtime.ReadMemStats(&after)
	if img != nil {
		t.Fatal("a 20000×20000 PNG was accepted")
	}
	msg := wantCode(t, err, apperr.TooLarge)
	if !strings.Contains(msg, "Ảnh quá lớn") || !strings.Contains(msg, "20.000×20.000") {
		t.Errorf("message %q does not explain the size", msg)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 50<<20 {
		t.Errorf("refusing the bomb allocated %d MB", d>>20)
	}
	t.Logf("allocated %d KB to refuse %d-byte bomb: %s", (after.TotalAlloc-before.TotalAlloc)>>10, len(bomb), msg)
}

func TestProcessImageDimensionLimits(t *testing.T) {
	tests := []struct {
		name     string
		w, h     uint32
		lim      Limits
		contains string
	}{
		{"pixels", 10000, 10000, Limits{}, "40 megapixel"},
		{"side", 12001, 10, Limits{}, "12.000"},
		{"custom pixels", 2000, 1000, Limits{MaxPixels: 1_500_000}, "1,5 megapixel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ProcessImage(bytes.NewReader(pngHeaderOnly(tt.w, tt.h)), tt.lim)
			if msg := wantCode(t, err, apperr.TooLarge); !strings.Contains(msg, tt.contains) {
				t.Errorf("message %q lacks %q", msg, tt.contains)
			}
		})
	}
	t.Run("16-bit RGBA", func(t *testing.T) {
		_, err := ProcessImage(bytes.NewReader(pngHeader(5000, 5000, 16, 6)), Limits{}) // 25 MP, 200 MB decoded
		if msg := wantCode(t, err, apperr.TooLarge); !strings.Contains(msg, "16 bit") {
			t.Errorf("message %q does not mention 16 bit", msg)
		}
	})
	t.Run("16-bit RGBA within budget", func(t *testing.T) {
		_, err := ProcessImage(bytes.NewReader(pngHeader(1000, 1000, 16, 6)), Limits{}) // passes the check; the tiny IDAT then fails
		wantCode(t, err, apperr.Invalid)
	})

	// A real, highly compressible PNG: refused from its header too.
	big := encodePNG(t, image.NewGray(image.Rect(0, 0, 3000, 3000)))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := ProcessImage(bytes.NewReader(big), Limits{MaxPixels: 1_000_000})
	runtime.ReadMemStats(&after)
	wantCode(t, err, apperr.TooLarge)
	if d := after.TotalAlloc - before.TotalAlloc; d > 4<<20 { // the file itself is ~40 KB; pixels would be 9 MB
		t.Errorf("refusing a %d-byte 9-megapixel PNG allocated %d KB", len(big), d>>10)
	}
}

func TestProcessImageByteLimit(t *testing.T) {
	jpg := encodeJPEG(t, gradient(400, 300), 95)
	lim := Limits{MaxImageBytes: 8 << 10}
	if len(jpg) <= 8<<10 {
		t.Fatalf("fixture too small: %d bytes", len(jpg))
	}
	_, err := ProcessImage(bytes.NewReader(jpg), lim)
	if msg := wantCode(t, err, apperr.TooLarge); !strings.Contains(msg, "8 KB") {
		t.Errorf("message %q does not state the limit", msg)
	}

	// An endless upload is read no further than the limit.
	cr := &countingReader{}
	_, err = ProcessImage(cr, lim)
	wantCode(t, err, apperr.TooLarge)
	if cr.n > 8<<10+1 {
		t.Errorf("read %d bytes of an endless upload, limit %d", cr.n, 8<<10)
	}
}

type countingReader struct{ n int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0xFF
	}
	c.n += int64(len(p))
	return len(p), nil
}

func TestProcessImageRefusesNonImages(t *testing.T) {
	jpg := encodeJPEG(t, gradient(200, 100), 90)
	png := encodePNG(t, gradient(200, 100))
	tooManyScans := []byte{0xFF, 0xD8}
	for range maxJPEGScans + 1 {
		tooManyScans = append(tooManyScans, 0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0x12, 0x34)
	}
	tests := []struct {
		name string
		data []byte
		msg  string
	}{
		{"html named photo.jpg", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), msgNotImage},
		{"svg with script", []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>`), msgSVG},
		{"svg with bom and upper case", []byte("\xEF\xBB\xBF\n  <SVG onload=\"alert(1)\"></SVG>"), msgSVG},
		{"pdf", []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), msgNotImage},
		{"bmp", append([]byte("BM"), make([]byte, 60)...), msgNotImage},
		{"text", []byte("Xin chào, đây là văn bản."), msgNotImage},
		{"heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), msgHEIF},
		{"empty", nil, msgEmptyImage},
		{"truncated jpeg", jpg[:len(jpg)/2], msgCorrupt},
		{"jpeg header only", jpg[:20], msgCorrupt},
		{"jpeg magic only", []byte{0xFF, 0xD8, 0xFF}, msgCorrupt},
		{"truncated png", png[:len(png)/2], msgCorrupt},
		{"png signature only", png[:8], msgCorrupt},
		{"too many scans", tooManyScans, msgJPEGScans},
		{"riff but not webp payload", []byte("RIFF\x10\x00\x00\x00WEBPVP8 \x04\x00\x00\x00abcd"), msgCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := ProcessImage(bytes.NewReader(tt.data), DefaultLimits())
			if img != nil {
				t.Fatal("accepted")
			}
			if msg := wantCode(t, err, apperr.Invalid); msg != tt.msg {
				t.Errorf("message = %q, want %q", msg, tt.msg)
			}
		})
	}
}

func TestProcessImageFormats(t *testing.T) {
	opaque := gradient(40, 30)
	alpha := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for i := range alpha.Pix {
		alpha.Pix[i] = uint8(i)
	}
	for i := 3; i < len(alpha.Pix); i += 4 {
		alpha.Pix[i] = uint8(i / 20) // varying transparency
	}
	pal := image.NewPaletted(image.Rect(0, 0, 40, 30), color.Palette{color.RGBA{200, 0, 0, 255}, color.RGBA{0, 0, 200, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 2)
	}
	palT := image.NewPaletted(image.Rect(0, 0, 40, 30), color.Palette{color.RGBA{200, 0, 0, 255}, color.Transparent})
	for i := range palT.Pix {
		palT.Pix[i] = uint8(i % 2)
	}
	gray := image.NewGray(image.Rect(0, 0, 40, 30))

	tests := []struct {
		name   string
		data   []byte
		format string
		w, h   int
	}{
		{"jpeg", encodeJPEG(t, opaque, 90), FormatJPEG, 40, 30},
		{"grey jpeg", encodeJPEG(t, gray, 90), FormatJPEG, 40, 30},
		{"opaque png becomes jpeg", encodePNG(t, opaque), FormatJPEG, 40, 30},
		{"png with alpha stays png", encodePNG(t, alpha), FormatPNG, 40, 30},
		{"opaque gif becomes jpeg", encodeGIF(t, pal), FormatJPEG, 40, 30},
		{"transparent gif becomes png", encodeGIF(t, palT), FormatPNG, 40, 30},
		{"lossy webp becomes jpeg", webpLossy6x4, FormatJPEG, 6, 4},
		{"webp with alpha becomes png", webpAlpha4x4, FormatPNG, 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := ProcessImage(bytes.NewReader(tt.data), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if img.Format != tt.format || img.Width != tt.w || img.Height != tt.h || len(img.Variants) != 1 {
				t.Fatalf("got %s %d×%d (%d variants), want %s %d×%d", img.Format, img.Width, img.Height, len(img.Variants), tt.format, tt.w, tt.h)
			}
			if sniffImage(img.Variants[0].Data) != img.Format {
				t.Errorf("variant bytes are %q, want %s", sniffImage(img.Variants[0].Data), img.Format)
			}
			m := decodeVariant(t, img, img.Variants[0])
			if tt.format == FormatPNG && isOpaque(m) {
				t.Error("transparency was lost")
			}
			wantCT, wantExt := "image/jpeg", ".jpg"
			if tt.format == FormatPNG {
				wantCT, wantExt = "image/png", ".png"
			}
			if img.ContentType() != wantCT || img.Ext() != wantExt {
				t.Errorf("ContentType, Ext = %s, %s", img.ContentType(), img.Ext())
			}
		})
	}
}

func TestProcessImageVariants(t *testing.T) {
	tests := []struct {
		w, h int
		want [][2]int
	}{
		{3000, 1500, [][2]int{{480, 240}, {960, 480}, {1600, 800}, {2400, 1200}}},
		{2000, 1000, [][2]int{{480, 240}, {960, 480}, {1600, 800}, {2000, 1000}}},
		{1600, 900, [][2]int{{480, 270}, {960, 540}, {1600, 900}}},
		{1000, 3000, [][2]int{{480, 1440}, {960, 2880}, {1000, 3000}}},
		{481, 10, [][2]int{{480, 10}, {481, 10}}},
		{480, 100, [][2]int{{480, 100}}},
		{300, 200, [][2]int{{300, 200}}},
		{3, 1, [][2]int{{3, 1}}},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.w)+"x"+strconv.Itoa(tt.h), func(t *testing.T) {
			img, err := ProcessImage(bytes.NewReader(encodeJPEG(t, gradient(tt.w, tt.h), 80)), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if img.Width != tt.w || img.Height != tt.h {
				t.Errorf("size %d×%d, want %d×%d", img.Width, img.Height, tt.w, tt.h)
			}
			var got [][2]int
			for _, v := range img.Variants {
				got = append(got, [2]int{v.Width, v.Height})
				decodeVariant(t, img, v)
			}
			if !equalPairs(got, tt.want) {
				t.Fatalf("variants %v, want %v", got, tt.want)
			}
			if l := img.Largest(); l.Width != tt.want[len(tt.want)-1][0] {
				t.Errorf("Largest is %d wide", l.Width)
			}
		})
	}
}

func equalPairs(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSrcset(t *testing.T) {
	img := &Image{Variants: []Variant{{Width: 480}, {Width: 960}, {Width: 1600}}}
	got := img.Srcset(func(v Variant) string { return "/tep/ab/cd/abcd-" + strconv.Itoa(v.Width) + ".jpg" })
	want := "/tep/ab/cd/abcd-480.jpg 480w, /tep/ab/cd/abcd-960.jpg 960w, /tep/ab/cd/abcd-1600.jpg 1600w"
	if got != want {
		t.Errorf("Srcset = %q\nwant     %q", got, want)
	}
	got = Srcset([]int{480, 2400}, func(w int) string { return "/a b,c/" + strconv.Itoa(w) })
	if want := "/a%20b%2Cc/480 480w, /a%20b%2Cc/2400 2400w"; got != want {
		t.Errorf("Srcset = %q, want %q", got, want)
	}
	if got := Srcset(nil, func(int) string { return "x" }); got != "" {
		t.Errorf("empty Srcset = %q", got)
	}
}

func TestExifOrientationMalformed(t *testing.T) {
	good := exifSegment(6)[10:] // TIFF body
	if got := exifOrientation(good); got != 6 {
		t.Fatalf("orientation = %d, want 6", got)
	}
	for n := 0; n < len(good); n++ {
		if got := exifOrientation(good[:n]); got != 1 && got != 6 {
			t.Errorf("truncated at %d: orientation %d", n, got)
		}
	}
	bad := append([]byte{}, good...)
	bad[4], bad[5], bad[6], bad[7] = 0xFF, 0xFF, 0xFF, 0xF0 // IFD0 offset far beyond the end
	if got := exifOrientation(bad); got != 1 {
		t.Errorf("bad offset: orientation %d", got)
	}
	bad = append([]byte{}, good...)
	bad[8], bad[9] = 0xFF, 0xFF // 65535 entries
	if got := exifOrientation(bad); got != 1 && got != 6 {
		t.Errorf("huge count: orientation %d", got)
	}
}

func TestFormatHelpers(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 20000: "20.000", 1234567: "1.234.567", -1500: "-1.500"} {
		if got := formatInt(n); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{20 << 20: "20 MB", 3 << 19: "1,5 MB", 8 << 10: "8 KB", 10: "10 byte"} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
