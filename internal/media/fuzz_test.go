package media

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"testing"

	"trangtin/internal/apperr"
)

func FuzzProcessImage(f *testing.F) {
	pal := image.NewPaletted(image.Rect(0, 0, 5, 3), color.Palette{color.Black, color.Transparent})
	jpg := encodeJPEG(f, gradient(17, 9), 80)
	f.Add(jpg)
	f.Add(withExif(jpg, 6))
	f.Add(jpg[:len(jpg)/2])
	f.Add(encodePNG(f, gradient(7, 5)))
	f.Add(encodeGIF(f, pal))
	f.Add(webpLossy6x4)
	f.Add(webpAlpha4x4)
	f.Add(pngHeaderOnly(20000, 20000))
	f.Add([]byte("<svg><script>alert(1)</script></svg>"))
	f.Add([]byte("<html></html>"))
	f.Add([]byte{})

	// Small limits keep each iteration cheap; the code paths are the same.
	lim := Limits{MaxImageBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 2000}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := ProcessImage(bytes.NewReader(data), lim)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || (ae.Code != apperr.Invalid && ae.Code != apperr.TooLarge) || ae.Message == "" {
				t.Fatalf("error is not an Invalid/TooLarge apperr: %#v", err)
			}
			if img != nil {
				t.Fatal("both an image and an error")
			}
			return
		}
		if img == nil || len(img.Variants) == 0 || (img.Format != FormatJPEG && img.Format != FormatPNG) {
			t.Fatalf("bad result %+v", img)
		}
		prev := 0
		for _, v := range img.Variants {
			if v.Width <= prev || v.Height <= 0 || len(v.Data) == 0 || sniffImage(v.Data) != img.Format {
				t.Fatalf("bad variant %d×%d (%d bytes)", v.Width, v.Height, len(v.Data))
			}
			prev = v.Width
		}
	})
}
