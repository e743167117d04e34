package media

import (
	"bytes"
	"image"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"
)

// photo makes a w×h image with gradients and noise, so that it compresses
// about as badly as a camera photo does.
func photo(w, h int) *image.RGBA {
	m := gradient(w, h)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < len(m.Pix); i += 4 {
		n := uint8(r.IntN(24))
		m.Pix[i] += n
		m.Pix[i+1] += n / 2
		m.Pix[i+2] -= n
	}
	return m
}

func BenchmarkProcessImage(b *testing.B) {
	jpg := encodeJPEG(b, photo(4000, 3000), 90)
	b.Logf("input: 4000×3000 JPEG, %d KB", len(jpg)>>10)
	for _, s := range []struct {
		name string
		fn   func(*image.RGBA, image.Image)
	}{
		{"resample", resample},
		{"xdraw.CatmullRom", xdrawResize(draw.CatmullRom)},
		{"xdraw.ApproxBiLinear", xdrawResize(draw.ApproxBiLinear)},
	} {
		b.Run(s.name, func(b *testing.B) {
			old := resize
			resize = s.fn
			defer func() { resize = old }()
			b.ReportAllocs()
			b.SetBytes(int64(len(jpg)))
			var out int
			cpu0 := processCPU()
			for b.Loop() {
				img, err := ProcessImage(bytes.NewReader(jpg), DefaultLimits())
				if err != nil {
					b.Fatal(err)
				}
				out = 0
				for _, v := range img.Variants {
					out += len(v.Data)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
			b.ReportMetric(float64((processCPU()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(out>>10), "KB-out")
		})
	}
}

func xdrawResize(k draw.Interpolator) func(*image.RGBA, image.Image) {
	return func(dst *image.RGBA, src image.Image) {
		k.Scale(dst, dst.Rect, src, src.Bounds(), draw.Src, nil)
	}
}
