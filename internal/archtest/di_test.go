package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneConstructorStyle: the three HTTP front ends (web, admin, api) are
// built the same way, New(Options) (*Server, error), with every service,
// required or optional, a field of Options; none has builder methods
// (WithX) or a second public constructor.
func TestOneConstructorStyle(t *testing.T) {
	for _, pkg := range []string{"internal/web", "internal/admin", "internal/api"} {
		files, err := filepath.Glob(filepath.Join("../..", pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		var news []string
		options := false
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.GenDecl:
					for _, sp := range d.Specs {
						if ts, ok := sp.(*ast.TypeSpec); ok && ts.Name.Name == "Options" {
							_, options = ts.Type.(*ast.StructType)
						}
					}
				case *ast.FuncDecl:
					name := d.Name.Name
					switch {
					case d.Recv == nil && strings.HasPrefix(name, "New"):
						news = append(news, name)
						if name == "New" && !constructorShape(d.Type) {
							t.Errorf("%s: New must be func New(Options) (*Server, error)", pkg)
						}
					case d.Recv != nil && strings.HasPrefix(name, "With") && ast.IsExported(name):
						t.Errorf("%s: builder method %s: put the service in Options instead", pkg, name)
					}
				}
			}
		}
		if !options {
			t.Errorf("%s: no Options struct", pkg)
		}
		if len(news) != 1 || news[0] != "New" {
			t.Errorf("%s: public constructors %v, want New only", pkg, news)
		}
	}
}

// constructorShape reports whether ft is func(Options) (*Server, error).
func constructorShape(ft *ast.FuncType) bool {
	if ft.Params == nil || len(ft.Params.List) != 1 || len(ft.Params.List[0].Names) > 1 {
		return false
	}
	if id, ok := ft.Params.List[0].Type.(*ast.Ident); !ok || id.Name != "Options" {
		return false
	}
	if ft.Results == nil || len(ft.Results.List) != 2 {
		return false
	}
	star, ok := ft.Results.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	srv, ok := star.X.(*ast.Ident)
	errT, ok2 := ft.Results.List[1].Type.(*ast.Ident)
	return ok && ok2 && srv.Name == "Server" && errT.Name == "error"
}
