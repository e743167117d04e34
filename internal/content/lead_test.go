package content

import "testing"

func TestLeadImage(t *testing.T) {
	for body, want := range map[string]string{
		"":                    "",
		"<p>Không có ảnh</p>": "",
		`<p>x</p><img alt="a" src="/anh/1.jpg"><img src="/anh/2.jpg">`: "/anh/1.jpg",
		`<img src="data:image/png;base64,xx"><img src="/anh/3.webp"/>`: "/anh/3.webp",
		`<figure><img src=""><img src="https://x.vn/a.png"></figure>`:  "https://x.vn/a.png",
	} {
		if got := LeadImage(body); got != want {
			t.Errorf("LeadImage(%q) = %q, want %q", body, got, want)
		}
	}
}
