package admin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/user"
)

// actionCode is how an audit action code looks: "article.publish",
// "site.host.add".
var actionCode = regexp.MustCompile(`^[a-z][a-z_]*(\.[a-z_]+)+$`)

// plainCode is a code of one word ("logout").
var plainCode = regexp.MustCompile(`^[a-z][a-z_]*$`)

// notACode are the endings of strings shaped like codes that name files.
var notACode = regexp.MustCompile(`\.(html|css|js|json|xml|txt|png|jpe?g|webp|gif|svg|ico|csv|sql|go|md|gz|tar|pdf|docx?|xlsx?|bin|mod|pgdump|localhost|test|vn)$`)

// dynamicCodes completes the codes the program builds at run time from a
// literal prefix ("question." + kind). A new one must be listed here.
var dynamicCodes = map[string][]string{
	"question.":             {"accept", "reject", "assign", "answer", "edit", "publish", "unpublish"}, // question.steps
	"document.":             {"attach", "detach"},                                                     // document.Service.SetFiles
	"consultation.comment.": {"pending", "approved", "rejected"},                                      // consultation.CommentStatus
}

type codeSite struct {
	code string
	pos  string
}

// TestEveryAuditActionHasALabel walks the program's source for every
// audit action code it writes and fails on one without a Vietnamese label
// in auditLabels, so the audit log never shows a raw code. The codes are
// the string literals shaped like "object.verb" whose object is one the
// program audits (the objects of the codes given as an audit entry's
// Action, or to a function taking an action, and of the user actions the
// workflow writes); codes built at run time are completed from
// dynamicCodes and from the furniture pages' objects.
func TestEveryAuditActionHasALabel(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, dir := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || d.Name() == "storetest") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				return err
			}
			files = append(files, f)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	str := func(e ast.Expr) (string, bool) {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			s, err := strconv.Unquote(b.Value)
			return s, err == nil
		}
		return "", false
	}
	// The functions that take an action code: a parameter named action.
	takesAction := map[string]int{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			fd, ok := n.(*ast.FuncDecl)
			if !ok {
				return true
			}
			i := 0
			for _, field := range fd.Type.Params.List {
				for _, name := range field.Names {
					if name.Name == "action" {
						takesAction[fd.Name.Name] = i
					}
					i++
				}
				if len(field.Names) == 0 {
					i++
				}
			}
			return false
		})
	}
	prefixes := map[string]bool{}
	for _, a := range user.Actions {
		prefixes[strings.SplitN(string(a), ".", 2)[0]] = true
	}
	var found []codeSite
	var objects, suffixes []string
	dynamic := func(e ast.Expr, pos string) {
		be, ok := e.(*ast.BinaryExpr)
		if !ok || be.Op != token.ADD {
			return
		}
		if p, ok := str(be.X); ok && strings.HasSuffix(p, ".") {
			rest, known := dynamicCodes[p]
			if !known {
				t.Errorf("%s: action code built from %q: list its completions in dynamicCodes", pos, p)
			}
			for _, r := range rest {
				found = append(found, codeSite{p + r, pos})
			}
			prefixes[strings.SplitN(p, ".", 2)[0]] = true
		}
	}
	given := func(e ast.Expr, pos string) {
		if s, ok := str(e); ok && (actionCode.MatchString(s) || plainCode.MatchString(s)) {
			prefixes[strings.SplitN(s, ".", 2)[0]] = true
			found = append(found, codeSite{s, pos}) // "logout" has no dot
		}
		dynamic(e, pos)
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			pos := fset.Position(n.Pos()).String()
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok {
					switch k.Name {
					case "Action":
						given(n.Value, pos)
					case "object":
						if s, ok := str(n.Value); ok {
							objects = append(objects, s)
						}
					}
				}
			case *ast.BinaryExpr:
				// The furniture pages' codes: k.object + ".create".
				if sel, ok := n.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "object" && n.Op == token.ADD {
					if s, ok := str(n.Y); ok {
						suffixes = append(suffixes, s)
					}
				}
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if i, ok := takesAction[name]; ok && i < len(n.Args) && name != "SetFiles" { // its action completes "document."
					given(n.Args[i], pos)
				}
			}
			return true
		})
	}
	for _, o := range objects {
		prefixes[o] = true
		for _, s := range suffixes {
			found = append(found, codeSite{o + s, "furniture page " + o})
		}
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			b, ok := n.(*ast.BasicLit)
			if !ok {
				return true
			}
			if s, ok := str(b); ok && actionCode.MatchString(s) && !notACode.MatchString(s) && prefixes[strings.SplitN(s, ".", 2)[0]] {
				found = append(found, codeSite{s, fset.Position(n.Pos()).String()})
			}
			return true
		})
	}
	for _, a := range user.Actions {
		found = append(found, codeSite{string(a), "user.Actions (the workflow writes them)"})
	}
	if len(found) < 50 {
		t.Fatalf("found only %d action codes: the walk is broken", len(found))
	}
	var missing []string
	seen := map[string]bool{}
	for _, c := range found {
		if _, ok := auditLabels[c.code]; !ok && !seen[c.code] {
			seen[c.code] = true
			missing = append(missing, c.code+" ("+c.pos+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("audit action without a Vietnamese label in auditLabels: %s", m)
	}
}

// TestAuditLabelsAreVietnamese: no label is a raw code, and an unknown
// code still reads as Vietnamese.
func TestAuditLabelsAreVietnamese(t *testing.T) {
	for code, label := range auditLabels {
		if label == "" || actionCode.MatchString(label) || strings.Contains(label, code) {
			t.Errorf("label of %s: %q", code, label)
		}
	}
	for code, want := range map[string]string{
		"question.accept":     "Tiếp nhận câu hỏi",
		"article.publish_own": "Tự duyệt và đăng bài của mình",
		"article.quick_fix":   "Sửa nhanh bài đang đăng",
		"article.unknown_op":  "Bài viết: thao tác khác",
		"zzz.unknown":         "Thao tác khác",
	} {
		if got := actionLabel(code); got != want {
			t.Errorf("actionLabel(%q) = %q, want %q", code, got, want)
		}
	}
}
