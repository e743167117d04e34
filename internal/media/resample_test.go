package media

import (
	"image"
	"image/color"
	"math"
	"testing"

	"golang.org/x/image/draw"
)

func TestResampleFlatStaysFlat(t *testing.T) {
	c := color.RGBA{12, 200, 77, 255}
	for _, size := range [][4]int{{1000, 700, 480, 336}, {7, 5, 3, 2}, {3, 3, 3, 3}, {1, 1, 1, 1}, {5, 1, 2, 1}} {
		src := fill(size[0], size[1], func(int, int) color.Color { return c })
		dst := image.NewRGBA(image.Rect(0, 0, size[2], size[3]))
		resample(dst, src)
		for i := 0; i < len(dst.Pix); i += 4 {
			if got := (color.RGBA{dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3]}); got != c {
				t.Fatalf("%v: pixel %d = %v, want %v", size, i/4, got, c)
			}
		}
	}
}

// A one-pixel checkerboard shrunk 2.5× must average to grey; a sampler that
// ignores the ratio shows moiré instead.
func TestResampleAntialiases(t *testing.T) {
	src := fill(1000, 1000, func(x, y int) color.Color {
		if (x+y)%2 == 0 {
			return color.White
		}
		return color.Black
	})
	spread := func(m *image.RGBA) float64 {
		var sum, sq float64
		n := 0
		for i := 0; i < len(m.Pix); i += 4 {
			v := float64(m.Pix[i])
			sum += v
			sq += v * v
			n++
		}
		mean := sum / float64(n)
		return math.Sqrt(sq/float64(n) - mean*mean)
	}
	ours := image.NewRGBA(image.Rect(0, 0, 400, 400))
	resample(ours, src)
	naive := image.NewRGBA(image.Rect(0, 0, 400, 400))
	draw.ApproxBiLinear.Scale(naive, naive.Rect, src, src.Bounds(), draw.Src, nil)
	if s := spread(ours); s > 8 {
		t.Errorf("resample: standard deviation %.1f, want a near-uniform grey", s)
	}
	t.Logf("standard deviation: resample %.1f, ApproxBiLinear %.1f", spread(ours), spread(naive))
}

func TestResampleKeepsPremultipliedValid(t *testing.T) {
	// Sharp edges between opaque colour and full transparency make the
	// filter's negative lobes overshoot; colour must never exceed alpha.
	src := image.NewRGBA(image.Rect(0, 0, 300, 300))
	for y := 0; y < 300; y++ {
		for x := 0; x < 300; x++ {
			if (x/7+y/5)%2 == 0 {
				src.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
			}
		}
	}
	for _, w := range []int{299, 170, 97, 31} {
		dst := image.NewRGBA(image.Rect(0, 0, w, w))
		resample(dst, src)
		for i := 0; i < len(dst.Pix); i += 4 {
			if a := dst.Pix[i+3]; dst.Pix[i] > a || dst.Pix[i+1] > a || dst.Pix[i+2] > a {
				t.Fatalf("width %d: pixel %d = %v", w, i/4, dst.Pix[i:i+4])
			}
		}
	}
}

func TestComputeWeightsBounds(t *testing.T) {
	for _, c := range [][2]int{{4000, 2400}, {2400, 1600}, {960, 480}, {7, 3}, {3, 7}, {1, 5}, {12000, 1}, {5, 5}} {
		f := computeWeights(c[0], c[1])
		for o := range c[1] {
			var sum int32
			for _, w := range f.of(o) {
				sum += w
			}
			if sum != weightOne || f.start[o] < 0 || f.start[o]+f.count[o] > c[0] || f.count[o] < 1 {
				t.Fatalf("%v output %d: start %d count %d sum %d", c, o, f.start[o], f.count[o], sum)
			}
		}
	}
}
