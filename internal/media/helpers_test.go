package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"trangtin/internal/apperr"
)

// Tiny WebP files made with cwebp (libwebp 1.2): a 6×4 lossy opaque image
// and a 4×4 lossless image with a vertical alpha gradient.
var (
	webpLossy6x4 = []byte{
		0x52, 0x49, 0x46, 0x46, 0x56, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
		0x56, 0x50, 0x38, 0x20, 0x4a, 0x00, 0x00, 0x00, 0x30, 0x02, 0x00, 0x9d,
		0x01, 0x2a, 0x06, 0x00, 0x04, 0x00, 0x01, 0x40, 0x26, 0x25, 0xa8, 0x02,
		0x74, 0x4c, 0x80, 0x7e, 0x80, 0x01, 0xd9, 0xa7, 0x8d, 0x10, 0x00, 0xfe,
		0xf3, 0x63, 0x7f, 0x0c, 0x28, 0x13, 0xb9, 0x71, 0x9c, 0xb7, 0xd9, 0x4e,
		0x69, 0x48, 0x9e, 0xc0, 0x97, 0x9e, 0x20, 0x7d, 0x69, 0xbf, 0xff, 0xb4,
		0x70, 0xb4, 0x1f, 0x3e, 0x45, 0x54, 0x7f, 0xb6, 0x23, 0x6a, 0x8e, 0xda,
		0xa3, 0xd0, 0xff, 0xe8, 0xc0, 0xbe, 0x7a, 0xdc, 0x00, 0x00,
	}
	webpAlpha4x4 = []byte{
		0x52, 0x49, 0x46, 0x46, 0x3a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
		0x56, 0x50, 0x38, 0x4c, 0x2e, 0x00, 0x00, 0x00, 0x2f, 0x03, 0xc0, 0x00,
		0x10, 0x7f, 0x40, 0x90, 0x6d, 0x33, 0xb0, 0x22, 0xdc, 0x1f, 0xe9, 0x0c,
		0x83, 0x3c, 0x32, 0x03, 0x55, 0x84, 0x06, 0x00, 0xe3, 0x3b, 0x80, 0x20,
		0x00, 0x62, 0x41, 0x8b, 0x16, 0x2d, 0x5a, 0xb4, 0x68, 0xd1, 0xa2, 0x23,
		0xa2, 0xff, 0x01, 0xca, 0xe9, 0x0e,
	}
)

// fill returns a w×h opaque RGBA image filled by f(x, y).
func fill(w, h int, f func(x, y int) color.Color) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, f(x, y))
		}
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeGIF(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, m, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gradient is a w×h opaque image with some structure, for realistic sizes.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := m.PixOffset(x, y)
			m.Pix[i+0] = uint8(x * 255 / w)
			m.Pix[i+1] = uint8(y * 255 / h)
			m.Pix[i+2] = uint8((x ^ y) & 0xFF)
			m.Pix[i+3] = 0xFF
		}
	}
	return m
}

// pngHeaderOnly returns a PNG whose IHDR claims w×h RGB pixels followed by
// a tiny IDAT and IEND: what a decompression bomb looks like to DecodeConfig.
func pngHeaderOnly(w, h uint32) []byte { return pngHeader(w, h, 8, 2) }

// pngHeader is pngHeaderOnly with a given bit depth and colour type.
func pngHeader(w, h uint32, depth, colorType byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = depth, colorType
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// wantCode fails unless err is an *apperr.Error with the given code and a
// non-empty message; it returns the message.
func wantCode(t *testing.T, err error, code apperr.Code) string {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v (%T), want *apperr.Error with code %s", err, err, code)
	}
	if ae.Code != code {
		t.Fatalf("code = %s, want %s (message %q)", ae.Code, code, ae.Message)
	}
	if ae.Message == "" {
		t.Fatalf("empty message for %v", err)
	}
	return ae.Message
}

// decodeVariant decodes a variant in the image's output format.
func decodeVariant(t *testing.T, img *Image, v Variant) image.Image {
	t.Helper()
	var (
		m   image.Image
		err error
	)
	if img.Format == FormatPNG {
		m, err = png.Decode(bytes.NewReader(v.Data))
	} else {
		m, err = jpeg.Decode(bytes.NewReader(v.Data))
	}
	if err != nil {
		t.Fatalf("variant %d×%d does not decode as %s: %v", v.Width, v.Height, img.Format, err)
	}
	if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
		t.Fatalf("variant says %d×%d, decodes as %v", v.Width, v.Height, b)
	}
	return m
}
