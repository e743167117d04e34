package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneCivilDateType: a calendar day is vi.Day. Outside internal/vi no
// product code declares a type of its own for one — a type named Day or
// Date that is not an alias of vi.Day, or a struct of Year, Month and Day
// fields — so that parsing, printing and day arithmetic live in one place.
func TestOneCivilDateType(t *testing.T) {
	root := "../.."
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
		if !measured(rel) || strings.HasPrefix(rel, "internal/vi/") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, problem := range civilDateTypes(f) {
			t.Errorf("%s: %s", rel, problem)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// civilDateTypes lists the types of f that are a calendar day of their own.
func civilDateTypes(f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, sp := range gd.Specs {
			ts := sp.(*ast.TypeSpec)
			if ts.Assign.IsValid() {
				if sel, ok := ts.Type.(*ast.SelectorExpr); ok && exprString(sel.X) == "vi" && sel.Sel.Name == "Day" {
					continue // an alias of vi.Day
				}
			}
			name := ts.Name.Name
			if name == "Day" || name == "Date" {
				out = append(out, "type "+name+" is a calendar day of its own: use vi.Day (an alias is fine)")
				continue
			}
			if st, ok := ts.Type.(*ast.StructType); ok && hasYearMonthDay(st) {
				out = append(out, "type "+name+" holds Year, Month and Day: use vi.Day")
			}
		}
	}
	return out
}

func hasYearMonthDay(st *ast.StructType) bool {
	have := map[string]bool{}
	for _, fld := range st.Fields.List {
		for _, n := range fld.Names {
			have[n.Name] = true
		}
	}
	return have["Year"] && have["Month"] && have["Day"]
}

func exprString(x ast.Expr) string {
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestOneCivilDateTypeBites: the check finds what it looks for.
func TestOneCivilDateTypeBites(t *testing.T) {
	for src, want := range map[string]int{
		"package p\ntype Date struct{ Year int; Month time.Month; Day int }\n": 1,
		"package p\ntype Day struct{ t time.Time }\n":                          1,
		"package p\ntype when struct{ Year, Month, Day int }\n":                1,
		"package p\ntype Day = vi.Day\n":                                       0,
		"package p\ntype ScheduleDay struct{ Day vi.Day; Items []int }\n":      0,
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := civilDateTypes(f); len(got) != want {
			t.Errorf("%q: %d problems %v, want %d", src, len(got), got, want)
		}
	}
}
