package wordpress

import "testing"

// TestUnlegacy: TCVN3 and VNI text is found and converted; Unicode
// Vietnamese, English and French text is left alone.
func TestUnlegacy(t *testing.T) {
	for _, c := range []struct{ in, want, enc string }{
		{"Th«ng b¸o kÕt qu¶ tuyÓn dông", "Thông báo kết quả tuyển dụng", "TCVN3"},
		{"Thoâng baùo keát quaû tuyeån duïng", "Thông báo kết quả tuyển dụng", "VNI"},
		{"Thông báo kết quả tuyển dụng", "Thông báo kết quả tuyển dụng", ""},
		{"Thông báo", "Thông báo", ""},
		{"Hội nghị «Dân vận khéo»", "Hội nghị «Dân vận khéo»", ""},
		{"Café à la française", "Café à la française", ""},
		{"Annual report 2024", "Annual report 2024", ""},
	} {
		got, enc := unlegacy(c.in)
		if got != c.want || enc != c.enc {
			t.Errorf("unlegacy(%q) = %q, %q; want %q, %q", c.in, got, enc, c.want, c.enc)
		}
	}
}
