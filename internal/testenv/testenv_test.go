package testenv

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recordTB records a Skip or a Fatal, and ends its goroutine, as the
// testing package does.
type recordTB struct {
	testing.TB
	skipped, fatal string
}

func (r *recordTB) Helper() {}

func (r *recordTB) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recordTB) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// record runs f with a recordTB in a goroutine of its own, as a test runs.
func record(t *testing.T, f func(tb testing.TB)) *recordTB {
	r := &recordTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

func TestRequireSkipsOutsideCIAndFailsUnderCI(t *testing.T) {
	missing := errors.New("no-such-thing not found")
	cases := []struct {
		name string
		run  func(tb testing.TB)
		says string
	}{
		{"Require", func(tb testing.TB) { Require(tb, "the thing", missing) }, "no-such-thing"},
		{"Postgres", func(tb testing.TB) { Postgres(tb) }, EnvPostgres},
		{"Command", func(tb testing.TB) { Command(tb, "no-such-command-of-trangtin", "no-such-package") }, "no-such-package"},
		{"StartMariaDB", func(tb testing.TB) { StartMariaDB(tb) }, "mariadb-server"},
	}
	t.Setenv(EnvPostgres, "")
	t.Setenv("TRANGTIN_MARIADBD", "/no/such/mariadbd")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("CI", "")
			if r := record(t, c.run); r.fatal != "" || !strings.Contains(r.skipped, c.says) {
				t.Errorf("outside CI: skipped %q, fatal %q; want a skip that says %q", r.skipped, r.fatal, c.says)
			}
			t.Setenv("CI", "true")
			if r := record(t, c.run); r.skipped != "" || !strings.Contains(r.fatal, c.says) {
				t.Errorf("with CI=true: skipped %q, fatal %q; want a failure that says %q", r.skipped, r.fatal, c.says)
			}
		})
	}

	t.Setenv("CI", "true")
	t.Setenv(EnvPostgres, "postgres://example")
	r := record(t, func(tb testing.TB) {
		Require(tb, "nothing", nil)
		if got := Postgres(tb); got != "postgres://example" {
			t.Errorf("Postgres() = %q", got)
		}
	})
	if r.skipped != "" || r.fatal != "" {
		t.Errorf("with nothing missing: skipped %q, fatal %q", r.skipped, r.fatal)
	}
}

func TestMust(t *testing.T) {
	r := record(t, func(tb testing.TB) {
		if got := Must(42, nil).Get(tb); got != 42 {
			t.Errorf("Must(42, nil).Get = %d", got)
		}
		Must(7, errors.New("the lookup failed")).Get(tb)
		t.Error("Get returned after an error")
	})
	if !strings.Contains(r.fatal, "the lookup failed") {
		t.Errorf("Must(…, err).Get: fatal %q, want the error", r.fatal)
	}
}

func TestPath(t *testing.T) {
	p := Path(t, "corpus/articles.jsonl")
	if !filepath.IsAbs(p) {
		t.Errorf("Path = %q, want an absolute path", p)
	}
	r := record(t, func(tb testing.TB) { Path(tb, "no/such/file") })
	if !strings.Contains(r.fatal, "no/such/file") || r.skipped != "" {
		t.Errorf("a missing file: skipped %q, fatal %q; want a failure, even outside CI", r.skipped, r.fatal)
	}
}

// eachTestFile parses every Go test file of the repository, and the
// packages that only tests import, and calls f with each; files behind a
// build constraint, which go test ./... does not build, are left out.
func eachTestFile(t *testing.T, f func(rel string, fset *token.FileSet, file *ast.File)) {
	t.Helper()
	root := Root(t)
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
		testsOnly := strings.HasPrefix(rel, "internal/browsertest/") || strings.HasPrefix(rel, "internal/store/storetest/")
		if d.IsDir() || !strings.HasSuffix(p, ".go") || !(strings.HasSuffix(p, "_test.go") || testsOnly) {
			return nil
		}
		file, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, cg := range file.Comments {
			for _, c := range cg.List {
				if c.Pos() < file.Package && strings.HasPrefix(c.Text, "//go:build") {
					return nil
				}
			}
		}
		files++
		f(rel, fset, file)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("found only %d test files under %s", files, root)
	}
}

// TestMustIsAlwaysChecked: a Must(…) whose result is not at once given to
// .Get would drop the error it was written to check.
func TestMustIsAlwaysChecked(t *testing.T) {
	eachTestFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		checked := map[ast.Expr]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Get" {
				checked[sel.X] = true
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isMust(call.Fun) && !checked[call] {
				t.Errorf("%s:%d: Must(…) without .Get(t): the error is not checked", rel, fset.Position(call.Pos()).Line)
			}
			return true
		})
	})
}

// TestEverySkipGoesThroughTestenv: a test that cannot run says so with
// Require (or Postgres, Command, Long), which fails under CI=true; a bare
// t.Skip would pass CI without running.
func TestEverySkipGoesThroughTestenv(t *testing.T) {
	eachTestFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				switch sel.Sel.Name {
				case "Skip", "Skipf", "SkipNow":
					t.Errorf("%s:%d: %s.%s: use testenv.Require (it fails under CI=true)", rel, fset.Position(call.Pos()).Line, exprName(sel.X), sel.Sel.Name)
				}
			}
			return true
		})
	})
}

func exprName(x ast.Expr) string {
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return "…"
}

// isMust reports whether fun names Must, as testenv.Must or (in this
// package) Must.
func isMust(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.Ident:
		return f.Name == "Must"
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "testenv" && f.Sel.Name == "Must"
	case *ast.IndexExpr: // Must[T](…)
		return isMust(f.X)
	}
	return false
}
