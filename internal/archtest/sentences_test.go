package archtest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// The domain owns every sentence a user reads: a store returns codes and
// the domain's sentinel errors, never Vietnamese text of its own. So no
// store source file holds a Vietnamese letter with a diacritic. The
// conformance suite (internal/store/storetest) is test code whatever its
// file names, and its Vietnamese is test data; it is not measured.

// accented reports whether r is a Latin letter with a diacritic (đ, ơ, ư
// and the precomposed tone marks included) or a combining diacritic, as
// Vietnamese is written composed or decomposed.
func accented(r rune) bool {
	switch {
	case r >= 0x00C0 && r <= 0x024F: // Latin-1 Supplement, Extended-A and -B
		return unicode.IsLetter(r)
	case r >= 0x0300 && r <= 0x036F: // combining diacritical marks
		return true
	case r >= 0x1E00 && r <= 0x1EFF: // Latin Extended Additional (ạ, ế, ữ…)
		return true
	}
	return false
}

// vietnameseIn returns the 1-based numbers of the lines of src that hold
// an accented letter.
func vietnameseIn(src []byte) []int {
	var lines []int
	for i, line := range strings.Split(string(src), "\n") {
		if strings.IndexFunc(line, accented) >= 0 {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// storeSentences lists the lines of non-test Go files under dir (relative
// to root) that hold Vietnamese.
func storeSentences(root, dir string) ([]string, int, error) {
	var probs []string
	files := 0
	err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "storetest" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(root, path)
		for _, n := range vietnameseIn(src) {
			probs = append(probs, fmt.Sprintf("%s:%d: Vietnamese text in a store: return a code or the domain's sentinel error", filepath.ToSlash(rel), n))
		}
		return nil
	})
	return probs, files, err
}

func TestStoresWriteNoSentences(t *testing.T) {
	probs, files, err := storeSentences("../..", "internal/store")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
	if files < 20 {
		t.Fatalf("measured only %d store files; is the walk rooted at the repository?", files)
	}
}

func TestStoresWriteNoSentencesBites(t *testing.T) {
	dir := t.TempDir()
	must := func(name, src string) {
		t.Helper()
		p := filepath.Join(dir, "internal/store", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must("sqlstore/a.go", "package sqlstore\n\nconst what = \"văn bản\"\n")
	must("sqlstore/b.go", "package sqlstore\n\nconst ok = \"van ban\" // plain ASCII is fine\n")
	must("sqlstore/c_test.go", "package sqlstore\n\nconst inTest = \"Không tìm thấy\"\n")
	must("storetest/d.go", "package storetest\n\nconst data = \"Nguyễn Văn A\"\n")
	must("postgres/e.go", "package postgres\n\n// decomposed: e + combining circumflex\nconst s = \"Le\u0302\"\nconst d = \"đ\"\n")
	probs, _, err := storeSentences(dir, "internal/store")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"internal/store/postgres/e.go:4:",
		"internal/store/postgres/e.go:5:",
		"internal/store/sqlstore/a.go:3:",
	}
	if len(probs) != len(want) {
		t.Fatalf("found %q, want %q", probs, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(probs[i], w) {
			t.Errorf("problem %d = %q, want it to start %q", i, probs[i], w)
		}
	}
}
