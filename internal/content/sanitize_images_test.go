package content

import (
	"strings"
	"testing"
)

func TestSanitizeDropsRemoteImages(t *testing.T) {
	for _, c := range []struct {
		in      string
		keep    []string
		drop    []string
		removed int
	}{
		{`<p>Ảnh <img src="/anh/2026/03/ab12-960.jpg" alt="Lễ hội" srcset="/anh/2026/03/ab12-480.jpg 480w, /anh/2026/03/ab12-960.jpg 960w"></p>`,
			[]string{`src="/anh/2026/03/ab12-960.jpg"`, `alt="Lễ hội"`, `480w`}, nil, 0},
		{`<p>Tin<img src="https://tracker.example.com/p.gif" width="1" height="1"> tiếp</p>`, []string{"<p>Tin tiếp</p>"}, []string{"tracker", "<img"}, 1},
		{`<img src="//cdn.example.com/anh/x.jpg" alt="x"><img src="http://baomoi.vn/a.jpg" alt="y"><img src="/anh/ok.jpg" alt="z">`,
			[]string{`src="/anh/ok.jpg"`}, []string{"cdn.example.com", "baomoi.vn"}, 2},
		{`<img src="/anh/ok.jpg" srcset="/anh/ok-480.jpg 480w, https://evil.example/x.jpg 960w" alt="z">`, nil, []string{"<img", "evil"}, 1},
		{`<img src="/anh/../quan-tri/x" alt="a"><img alt="không có src">`, nil, []string{"<img"}, 2},
		{`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="p">`, nil, []string{"<img", "data:"}, 1},
		{`<p>Không có ảnh &amp; dấu “ngoặc”</p>`, []string{`<p>Không có ảnh &amp; dấu “ngoặc”</p>`}, nil, 0},
	} {
		got, n := SanitizeHTMLCount(c.in)
		if n != c.removed {
			t.Errorf("%s: removed %d, want %d (%s)", c.in, n, c.removed, got)
		}
		for _, k := range c.keep {
			if !strings.Contains(got, k) {
				t.Errorf("%s: lost %q: %s", c.in, k, got)
			}
		}
		for _, d := range c.drop {
			if strings.Contains(got, d) {
				t.Errorf("%s: kept %q: %s", c.in, d, got)
			}
		}
		if SanitizeHTML(c.in) != got {
			t.Errorf("SanitizeHTML and SanitizeHTMLCount disagree on %s", c.in)
		}
	}
}
