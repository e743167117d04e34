package vi

import (
	"regexp"
	"testing"
)

// FuzzSlug: a slug is lowercase ASCII letters and digits joined by single
// hyphens, at most 120 bytes, and the slug of a slug is itself.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Hội nghị thực hiện chính sách bảo trợ xã hội", "ĐẢNG CỘNG SẢN VIỆT NAM", "  --a--b--  ", "Quyết định số 12/2026/QĐ-UBND", "ǅ ﬁ Ⅻ ² ½", ""} {
		f.Add(s)
	}
	shape := regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*)?$`)
	f.Fuzz(func(t *testing.T, title string) {
		s := Slug(title)
		if !shape.MatchString(s) || len(s) > slugMax {
			t.Fatalf("Slug(%q) = %q", title, s)
		}
		if again := Slug(s); again != s {
			t.Fatalf("Slug(%q) = %q, Slug of that = %q", title, s, again)
		}
	})
}
