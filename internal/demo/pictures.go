package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// The demo's photos are drawn here, at first start, rather than shipped:
// simple flat illustrations (a few kilobytes as PNG) of the scenes the
// stories tell, which the media pipeline then turns into its JPEG
// variants like any upload. Nothing in them is a real photograph, and
// their descriptions say so ("Hình minh họa: …").

// Scene names a picture the demo can draw.
type Scene string

// The scenes.
const (
	SceneMeeting  Scene = "hoi-truong"   // a meeting hall, the flag behind the table
	SceneRoad     Scene = "duong"        // a new road between rice fields
	SceneRiver    Scene = "de-song"      // a river dyke under rain clouds
	SceneField    Scene = "dong-lua"     // a ripe rice field at harvest
	SceneSchool   Scene = "truong-hoc"   // a school with its yard and flag
	SceneLagoon   Scene = "dam-van-long" // limestone peaks over the lagoon, a boat
	SceneFestival Scene = "ngay-hoi"     // flags and lanterns over a village yard
)

// canvas is an RGBA picture with a few drawing helpers.
type canvas struct{ *image.RGBA }

func newCanvas(w, h int) canvas { return canvas{image.NewRGBA(image.Rect(0, 0, w, h))} }

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

// rect fills [x0,x1)×[y0,y1).
func (c canvas) rect(x0, y0, x1, y1 int, col color.RGBA) {
	for y := max(y0, 0); y < min(y1, c.Rect.Dy()); y++ {
		for x := max(x0, 0); x < min(x1, c.Rect.Dx()); x++ {
			c.SetRGBA(x, y, col)
		}
	}
}

// vgrad fills the rows y0..y1 with a vertical gradient.
func (c canvas) vgrad(y0, y1 int, top, bottom color.RGBA) {
	for y := max(y0, 0); y < min(y1, c.Rect.Dy()); y++ {
		t := float64(y-y0) / float64(max(y1-y0-1, 1))
		mix := func(a, b uint8) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }
		c.rect(0, y, c.Rect.Dx(), y+1, rgb(mix(top.R, bottom.R), mix(top.G, bottom.G), mix(top.B, bottom.B)))
	}
}

// poly fills the polygon of points (x, y pairs), even-odd rule.
func (c canvas) poly(col color.RGBA, pts ...float64) {
	n := len(pts) / 2
	minY, maxY := math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i++ {
		minY, maxY = math.Min(minY, pts[2*i+1]), math.Max(maxY, pts[2*i+1])
	}
	for y := max(int(minY), 0); y <= min(int(maxY), c.Rect.Dy()-1); y++ {
		fy := float64(y) + 0.5
		var xs []float64
		for i := 0; i < n; i++ {
			x0, y0 := pts[2*i], pts[2*i+1]
			x1, y1 := pts[2*((i+1)%n)], pts[2*((i+1)%n)+1]
			if (y0 <= fy) != (y1 <= fy) {
				xs = append(xs, x0+(fy-y0)*(x1-x0)/(y1-y0))
			}
		}
		for i := 1; i < len(xs); i++ {
			for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
				xs[j], xs[j-1] = xs[j-1], xs[j]
			}
		}
		for i := 0; i+1 < len(xs); i += 2 {
			c.rect(int(math.Round(xs[i])), y, int(math.Round(xs[i+1])), y+1, col)
		}
	}
}

// disc fills a circle.
func (c canvas) disc(cx, cy, r float64, col color.RGBA) {
	for y := int(cy - r); y <= int(cy+r); y++ {
		dy := float64(y) + 0.5 - cy
		if dy*dy > r*r {
			continue
		}
		dx := math.Sqrt(r*r - dy*dy)
		c.rect(int(math.Round(cx-dx)), y, int(math.Round(cx+dx)), y+1, col)
	}
}

// star fills a five-pointed star.
func (c canvas) star(cx, cy, r float64, col color.RGBA) {
	var pts []float64
	for i := 0; i < 10; i++ {
		rr := r
		if i%2 == 1 {
			rr = r * 0.38
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		pts = append(pts, cx+rr*math.Cos(a), cy+rr*math.Sin(a))
	}
	c.poly(col, pts...)
}

// person draws a small standing figure; hat gives a conical nón lá.
func (c canvas) person(x, y, s float64, shirt color.RGBA, hat bool) {
	c.poly(shirt, x-s*0.35, y, x+s*0.35, y, x+s*0.25, y-s*1.1, x-s*0.25, y-s*1.1)
	c.disc(x, y-s*1.3, s*0.22, rgb(224, 178, 140))
	if hat {
		c.poly(rgb(236, 220, 170), x-s*0.5, y-s*1.3, x+s*0.5, y-s*1.3, x, y-s*1.85)
	}
}

// mountains draws the limestone peaks of Gia Viễn along the horizon.
func (c canvas) mountains(base float64, col color.RGBA) {
	w := float64(c.Rect.Dx())
	for i, p := range [][3]float64{{0.05, 0.55, 0.11}, {0.2, 0.35, 0.09}, {0.42, 0.6, 0.12}, {0.63, 0.4, 0.08}, {0.85, 0.5, 0.12}} {
		x, h, half := p[0]*w, p[1]*base, p[2]*w
		shade := col
		if i%2 == 1 {
			shade = rgb(col.R+12, col.G+12, col.B+12)
		}
		c.poly(shade, x-half, base, x-half*0.55, base-h*0.8, x-half*0.2, base-h, x+half*0.25, base-h*0.92, x+half*0.6, base-h*0.6, x+half, base)
	}
}

var sky, skyLow = rgb(122, 180, 228), rgb(200, 226, 242)

// painters draw each scene on a canvas of w×h pixels (fw×fh as floats).
var painters = map[Scene]func(c canvas, w, h int, fw, fh float64){
	SceneMeeting:  drawMeeting,
	SceneRoad:     drawRoad,
	SceneRiver:    drawRiver,
	SceneField:    drawField,
	SceneSchool:   drawSchool,
	SceneLagoon:   drawLagoon,
	SceneFestival: drawFestival,
}

// Draw paints scene at w×h pixels (a plain sky for an unknown scene).
func Draw(scene Scene, w, h int) *image.RGBA {
	c := newCanvas(w, h)
	if paint, ok := painters[scene]; ok {
		paint(c, w, h, float64(w), float64(h))
	} else {
		c.vgrad(0, h, sky, skyLow)
	}
	return c.RGBA
}

func drawMeeting(c canvas, w, h int, fw, fh float64) {
	c.rect(0, 0, w, h, rgb(240, 232, 214))
	c.rect(int(fw*0.2), int(fh*0.08), int(fw*0.8), int(fh*0.5), rgb(200, 16, 46))
	c.star(fw*0.5, fh*0.29, fh*0.14, rgb(255, 205, 0))
	c.rect(0, int(fh*0.62), w, h, rgb(150, 40, 40))
	c.rect(int(fw*0.08), int(fh*0.58), int(fw*0.92), int(fh*0.68), rgb(120, 72, 40))
	for i := 0; i < 7; i++ {
		c.person(fw*(0.16+0.113*float64(i)), fh*0.6, fh*0.12, rgb(40, 60, 110), false)
	}
	for i := 0; i < 9; i++ {
		c.disc(fw*(0.08+0.105*float64(i)), fh*0.92, fh*0.06, rgb(60, 45, 40))
	}
}

func drawRoad(c canvas, w, h int, fw, fh float64) {
	c.vgrad(0, int(fh*0.45), sky, skyLow)
	c.mountains(fh*0.45, rgb(96, 120, 110))
	c.rect(0, int(fh*0.45), w, h, rgb(98, 170, 72))
	c.poly(rgb(150, 150, 150), fw*0.47, fh*0.45, fw*0.53, fh*0.45, fw*0.85, fh, fw*0.15, fh)
	for y := 0.5; y < 1; y += 0.1 {
		t := (y - 0.45) / 0.55
		c.rect(int(fw*0.5-1-t*3), int(fh*y), int(fw*0.5+1+t*3), int(fh*(y+0.04)), rgb(250, 250, 250))
	}
	c.person(fw*0.25, fh*0.8, fh*0.12, rgb(230, 120, 20), true)
	c.person(fw*0.78, fh*0.75, fh*0.1, rgb(230, 120, 20), true)
}

func drawRiver(c canvas, w, h int, fw, fh float64) {
	c.vgrad(0, int(fh*0.5), rgb(110, 120, 135), rgb(170, 178, 188))
	c.mountains(fh*0.5, rgb(90, 100, 100))
	c.rect(0, int(fh*0.5), w, int(fh*0.72), rgb(120, 150, 170))
	c.poly(rgb(120, 150, 80), 0, fh*0.72, fw, fh*0.66, fw, fh, 0, fh)
	c.poly(rgb(170, 140, 90), 0, fh*0.78, fw, fh*0.72, fw, fh*0.8, 0, fh*0.86)
	for i := 0; i < 5; i++ {
		c.person(fw*(0.2+0.14*float64(i)), fh*0.78-float64(i)*fh*0.012, fh*0.1, rgb(30, 90, 50), false)
	}
}

func drawField(c canvas, w, h int, fw, fh float64) {
	c.vgrad(0, int(fh*0.4), sky, skyLow)
	c.disc(fw*0.82, fh*0.14, fh*0.07, rgb(255, 220, 90))
	c.mountains(fh*0.4, rgb(96, 120, 110))
	for i := 0; i < 8; i++ {
		col := rgb(226, 190, 60)
		if i%2 == 1 {
			col = rgb(205, 170, 45)
		}
		y0 := fh * (0.4 + 0.075*float64(i))
		c.rect(0, int(y0), w, int(y0+fh*0.075)+1, col)
	}
	for i, x := range []float64{0.2, 0.38, 0.55, 0.7} {
		c.person(fw*x, fh*(0.78+0.04*float64(i%2)), fh*0.13, rgb(60, 90, 160), true)
	}
}

func drawSchool(c canvas, w, h int, fw, fh float64) {
	c.vgrad(0, int(fh*0.55), sky, skyLow)
	c.rect(int(fw*0.1), int(fh*0.22), int(fw*0.9), int(fh*0.62), rgb(245, 210, 90))
	c.poly(rgb(170, 60, 40), fw*0.06, fh*0.24, fw*0.94, fh*0.24, fw*0.86, fh*0.12, fw*0.14, fh*0.12)
	for row := 0; row < 2; row++ {
		for i := 0; i < 8; i++ {
			x := fw * (0.14 + 0.095*float64(i))
			y := fh * (0.29 + 0.16*float64(row))
			c.rect(int(x), int(y), int(x+fw*0.05), int(y+fh*0.09), rgb(80, 120, 170))
		}
	}
	c.rect(0, int(fh*0.62), w, h, rgb(205, 200, 190))
	c.rect(int(fw*0.5), int(fh*0.3), int(fw*0.5)+3, int(fh*0.62), rgb(90, 90, 90))
	c.rect(int(fw*0.5)+3, int(fh*0.3), int(fw*0.58), int(fh*0.36), rgb(200, 16, 46))
	for i := 0; i < 9; i++ {
		c.person(fw*(0.12+0.095*float64(i)), fh*(0.86+0.04*float64(i%2)), fh*0.11, rgb(250, 250, 250), false)
	}
}

func drawLagoon(c canvas, w, h int, fw, fh float64) {
	c.vgrad(0, int(fh*0.55), sky, skyLow)
	c.mountains(fh*0.55, rgb(80, 110, 95))
	c.vgrad(int(fh*0.55), h, rgb(110, 160, 150), rgb(70, 120, 120))
	c.poly(rgb(120, 80, 50), fw*0.38, fh*0.78, fw*0.62, fh*0.78, fw*0.58, fh*0.83, fw*0.42, fh*0.83)
	c.person(fw*0.46, fh*0.78, fh*0.1, rgb(60, 60, 60), true)
	c.person(fw*0.54, fh*0.78, fh*0.1, rgb(200, 60, 60), false)
	for _, p := range [][2]float64{{0.12, 0.7}, {0.2, 0.68}, {0.84, 0.72}} {
		c.poly(rgb(250, 250, 250), fw*p[0], fh*p[1], fw*p[0]+8, fh*p[1]-4, fw*p[0]+16, fh*p[1])
	}
}

func drawFestival(c canvas, w, h int, fw, fh float64) {
	c.vgrad(0, int(fh*0.6), sky, skyLow)
	c.rect(0, int(fh*0.6), w, h, rgb(190, 170, 140))
	c.rect(int(fw*0.3), int(fh*0.3), int(fw*0.7), int(fh*0.6), rgb(150, 60, 40))
	c.poly(rgb(120, 40, 30), fw*0.25, fh*0.32, fw*0.75, fh*0.32, fw*0.62, fh*0.18, fw*0.38, fh*0.18)
	for i := 0; i < 12; i++ {
		x := fw * (0.02 + 0.083*float64(i))
		col := rgb(200, 16, 46)
		if i%3 == 1 {
			col = rgb(255, 205, 0)
		}
		c.poly(col, x, fh*0.08, x+fw*0.05, fh*0.08, x+fw*0.025, fh*0.16)
	}
	for i := 0; i < 10; i++ {
		c.person(fw*(0.07+0.095*float64(i)), fh*(0.86+0.05*float64(i%2)), fh*0.12, []color.RGBA{rgb(200, 16, 46), rgb(40, 90, 170), rgb(250, 250, 250)}[i%3], i%4 == 0)
	}
}

// PNG is scene drawn at w×h and encoded as PNG.
func PNG(scene Scene, w, h int) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, Draw(scene, w, h)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
