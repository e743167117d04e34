package admin

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneSpellingOfXoa: the interface writes "xóa" (delete), never the
// other placement of the tone mark (on the a), in any template, script or
// Go source (its strings are what users read).
func TestOneSpellingOfXoa(t *testing.T) {
	const otherXoa, otherXoaNFD = "xo\u00e1", "xoa\u0301"
	checked := 0
	for _, dir := range []string{"../../internal", "../../ui", "../../cmd"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			switch filepath.Ext(path) {
			case ".go", ".html", ".js", ".json":
			default:
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			checked++
			for i, line := range strings.Split(string(b), "\n") {
				l := strings.ToLower(line)
				if strings.Contains(l, otherXoa) || strings.Contains(l, otherXoaNFD) {
					t.Errorf("%s:%d writes «xo\u00e1»: the interface writes «xóa»", path, i+1)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 100 {
		t.Fatalf("checked only %d files: the walk is broken", checked)
	}
}
