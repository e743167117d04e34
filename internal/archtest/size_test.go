package archtest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Size limits of the code (issue 10): no Go file over maxFileLines lines,
// and no function over maxFuncLines lines unless its doc comment says why
// in a line that starts with the marker "Long:", for example
//
//	// render writes the whole page.
//	//
//	// Long: one pass over the template's blocks in reading order; split,
//	// the order would be spread over several functions.
//	func render(…) { … }
//
// The marker must be followed by a reason. Files that are not product code
// are not measured: tests (_test.go), migrations (SQL), vendored assets
// (JavaScript) and the conformance suite internal/store/storetest, which is
// a test suite kept outside _test.go files only so both stores can run it.
const (
	maxFileLines = 600
	maxFuncLines = 80
	longMarker   = "Long:"
)

// measured reports whether the Go file at rel (slash-separated, relative
// to the repository root) is product code whose size is checked.
func measured(rel string) bool {
	switch {
	case !strings.HasSuffix(rel, ".go"), strings.HasSuffix(rel, "_test.go"):
		return false
	case strings.HasPrefix(rel, "internal/store/storetest/"):
		return false
	case strings.Contains(rel, "/migrations/"), strings.Contains(rel, "/vendor/"), strings.HasPrefix(rel, "vendor/"):
		return false
	case strings.Contains(rel, "/testdata/"), strings.HasPrefix(rel, "testdata/"):
		return false
	}
	return true
}

// justified reports whether a doc comment holds a "Long:" line with a
// reason after it.
func justified(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, line := range strings.Split(doc.Text(), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), longMarker); ok && strings.TrimSpace(rest) != "" {
			return true
		}
	}
	return false
}

// sizeProblems returns, for one Go source file, a line per breach of the
// limits.
func sizeProblems(rel string, src []byte) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var out []string
	if n := fset.File(f.Pos()).LineCount(); n > maxFileLines {
		out = append(out, fmt.Sprintf("%s: %d lines, over %d", rel, n, maxFileLines))
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
		if n > maxFuncLines && !justified(fn.Doc) {
			name := fn.Name.Name
			if fn.Recv != nil && len(fn.Recv.List) == 1 {
				name = recvName(fn.Recv.List[0].Type) + "." + name
			}
			out = append(out, fmt.Sprintf("%s:%d: func %s is %d lines, over %d without a %q line in its doc comment",
				rel, fset.Position(fn.Pos()).Line, name, n, maxFuncLines, longMarker+" why"))
		}
	}
	return out, nil
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

// knownOffenders are the breaches found when the limits were set, being
// fixed one commit at a time; the list only shrinks.
var knownOffenders = map[string]bool{}

// offenderKey names a problem line by its file, and its function if any.
func offenderKey(problem string) string {
	file, rest, _ := strings.Cut(problem, ":")
	if _, fn, ok := strings.Cut(rest, ": func "); ok {
		name, _, _ := strings.Cut(fn, " ")
		return file + " " + name
	}
	return file
}

func TestSizeLimits(t *testing.T) {
	root := "../.."
	files := 0
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !measured(rel) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		probs, err := sizeProblems(rel, src)
		if err != nil {
			return err
		}
		for _, p := range probs {
			if key := offenderKey(p); knownOffenders[key] {
				seen[key] = true
				continue
			}
			t.Error(p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for key := range knownOffenders {
		if !seen[key] {
			t.Errorf("%s is within the limits now: remove it from knownOffenders", key)
		}
	}
	if files < 50 {
		t.Fatalf("measured only %d Go files; is the walk rooted at the repository?", files)
	}
}

// TestSizeLimitsBite makes sure the measure is not vacuous: a long file,
// a long function and a long function without a reason after the marker
// are reported; a justified one and a short one are not.
func TestSizeLimitsBite(t *testing.T) {
	body := func(n int) string { return strings.Repeat("\t_ = 0\n", n) }
	long := "package p\n\nfunc f() {\n" + body(maxFuncLines-1) + "}\n"
	short := "package p\n\nfunc f() {\n" + body(maxFuncLines-2) + "}\n"
	why := "package p\n\n// f does it.\n//\n// Long: one table read best in one place.\nfunc f() {\n" + body(maxFuncLines) + "}\n"
	bare := "package p\n\n// Long:\nfunc f() {\n" + body(maxFuncLines) + "}\n"
	method := "package p\n\ntype T[X any] struct{}\n\nfunc (t *T[X]) m() {\n" + body(maxFuncLines) + "}\n"
	bigFile := "package p\n" + strings.Repeat("\n// filler\n", maxFileLines/2)
	for _, c := range []struct {
		name, src string
		want      int
		contains  string
	}{
		{"81-line func", long, 1, "func f is 81 lines"},
		{"80-line func", short, 0, ""},
		{"justified", why, 0, ""},
		{"marker without reason", bare, 1, "func f is"},
		{"generic method", method, 1, "func T.m is"},
		{"long file", bigFile, 1, "lines, over 600"},
	} {
		probs, err := sizeProblems("p/x.go", []byte(c.src))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(probs) != c.want || (c.want > 0 && !strings.Contains(probs[0], c.contains)) {
			t.Errorf("%s: got %q, want %d problem(s) containing %q", c.name, probs, c.want, c.contains)
		}
	}
	for rel, want := range map[string]bool{
		"cmd/trangtin/main.go":                         true,
		"internal/user/service.go":                     true,
		"internal/user/service_test.go":                false,
		"internal/store/storetest/user.go":             false,
		"internal/store/sqlite/migrations/0001.go":     false,
		"internal/browsertest/axe/axe.min.js":          false,
		"internal/store/sqlite/user.go":                true,
		"testdata/x.go":                                false,
		"internal/api/openapi/base.json":               false,
		"scripts/benchtool/main.go":                    true,
		"internal/search/testdata/fuzz/FuzzParse/x.go": false,
	} {
		if got := measured(rel); got != want {
			t.Errorf("measured(%q) = %v, want %v", rel, got, want)
		}
	}
}
