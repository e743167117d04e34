package admin

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestEveryInputHasAType: the area's stylesheet styles text fields by
// their type (input[type="text"] …): an <input> without one is drawn as
// the browser's bare default, unlike every other field (the Hỏi đáp pages
// had three).
func TestEveryInputHasAType(t *testing.T) {
	input := regexp.MustCompile(`<input\b[^>]*>`)
	names, err := fs.Glob(adminFS(), "templates/*.html")
	if err != nil || len(names) < 10 {
		t.Fatalf("templates: %v %d", err, len(names))
	}
	for _, name := range names {
		b, err := fs.ReadFile(adminFS(), name)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range input.FindAllString(string(b), -1) {
			if !strings.Contains(tag, ` type="`) {
				t.Errorf("%s: %s has no type, so the area's field style misses it", name, tag)
			}
		}
	}
}
