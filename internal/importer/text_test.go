package importer

import "testing"

func TestDetectLegacy(t *testing.T) {
	cases := []struct{ in, font, want string }{
		{"Héi nghÞ tæng kÕt c«ng t¸c n¨m 2019", TCVN3, "Hội nghị tổng kết công tác năm 2019"},
		{"Hoäi nghò toång keát coâng taùc naêm 2019", VNI, "Hội nghị tổng kết công tác năm 2019"},
		{"Hội nghị tổng kết công tác năm 2019", "", "Hội nghị tổng kết công tác năm 2019"},
		{"Cà phê Việt", "", "Cà phê Việt"},
	}
	for _, c := range cases {
		font := DetectLegacy(c.in)
		if font != c.font || FromLegacy(font, c.in) != c.want {
			t.Errorf("%q: font %q → %q; want %q → %q", c.in, font, FromLegacy(font, c.in), c.font, c.want)
		}
	}
	long := "The quick brown fox jumps over the lazy dog, again and again, in Paris © 2019 «quoted»."
	if f := DetectLegacy(long); f != "" {
		t.Errorf("English text with © and « » taken for %s", f)
	}
}

func TestDropEmptyParagraphs(t *testing.T) {
	in := "<p><span>Xin chào</span></p>\n<p> </p><p></p><p>\u00a0</p><p>&nbsp;<span> </span></p><p><img src=\"/anh/a.jpg\" alt=\"\"></p><p>Hết</p>"
	want := "<p><span>Xin chào</span></p>\n<p><img src=\"/anh/a.jpg\" alt=\"\"></p><p>Hết</p>"
	if got := DropEmptyParagraphs(in); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
