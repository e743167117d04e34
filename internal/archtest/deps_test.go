package archtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "trangtin"

// The domain is two layers. The kernel is the vocabulary every module may
// use and that knows no module: Vietnamese text, working days, the audit
// chain, feeds, search, rate limits, mail, contact details. The modules
// are the portal's parts, each with its own rules and store contract; they
// may use the kernel and each other. apperr, which imports nothing, is the
// bottom of the kernel.
var (
	kernel = []string{"vi", "workday", "audit", "feed", "search", "guard", "mail", "contact", "docx"}
	// modules may import the kernel and each other.
	modules = []string{"content", "newsroom", "document", "question", "consultation", "contactform", "user", "media", "rating", "schedule", "visits", "hitpath", "redirect", "sitemerge", "syndication", "report"}
)

// layer names the group a package of this module belongs to; "" for a
// package nobody has placed yet, which TestImportDirection refuses.
func layer(pkg string) string {
	p := strings.TrimPrefix(pkg, module+"/")
	name := strings.TrimPrefix(p, "internal/")
	switch {
	case p == "cmd/trangtin":
		return "cmd"
	case p == "internal/apperr":
		return "apperr"
	case p == "internal/config":
		return "config"
	case p == "internal/httpx":
		return "httpx"
	case p == "ui", strings.HasPrefix(p, "ui/"): // ui/admin: the editors' templates
		return "ui"
	case p == "internal/browsertest", p == "internal/archtest", p == "internal/store/storetest", p == "internal/testenv",
		p == "internal/importer/nvfixture": // a NukeViet database for the importer's tests
		return "testsupport"
	case p == "internal/importer", strings.HasPrefix(p, "internal/importer/"):
		return "importer" // reading other portals into the modules; only cmd runs them
	case strings.HasPrefix(p, "scripts/"):
		return "tools" // measuring tools beside the product; nothing imports them
	case p == "internal/store/migrate":
		return "migrate"
	case p == "internal/backup":
		return "backup" // the archive format of backup and restore; imports nothing of the module
	case p == "internal/store/sqlstore":
		return "sqlstore" // the queries both engines share; only engines import it
	case strings.HasPrefix(p, "internal/store/"), p == "internal/media/localfs", p == "internal/media/s3store":
		return "store"
	case p == "internal/web", p == "internal/admin", p == "internal/api", p == "internal/jobs":
		return "app"
	case p == "internal/demo":
		return "demo" // the demo site, built with the modules; only cmd seeds it
	case slices.Contains(kernel, name):
		return "kernel"
	case slices.Contains(modules, name):
		return "module"
	}
	return ""
}

// allowed lists, for each layer, the layers its packages may import.
var allowed = map[string][]string{
	"cmd":         {"app", "demo", "module", "kernel", "store", "migrate", "backup", "config", "httpx", "ui", "apperr", "importer"},
	"importer":    {"importer", "module", "kernel", "apperr"},
	"app":         {"module", "kernel", "httpx", "ui", "apperr", "config"},
	"demo":        {"module", "kernel", "apperr"},
	"module":      {"module", "kernel", "apperr"},
	"kernel":      {"kernel", "apperr"},
	"store":       {"module", "kernel", "migrate", "apperr", "sqlstore"},
	"sqlstore":    {"module", "kernel", "apperr"},
	"migrate":     {},
	"backup":      {},
	"httpx":       {"apperr"},
	"ui":          {"httpx"},
	"apperr":      {},
	"config":      {},
	"testsupport": {"module", "kernel", "apperr", "testsupport"},
	"tools":       {},
}

// domain are the layers that know nothing of HTTP, templates or databases.
var domain = []string{"kernel", "module", "demo", "apperr"}

// forbiddenInDomain are packages no domain package may depend on, even
// indirectly: the domain knows nothing of HTTP, templates or databases.
var forbiddenInDomain = []string{"net/http", "html/template", "database/sql", "modernc.org/sqlite", "github.com/jackc/pgx/v5"}

type pkgInfo struct {
	path    string
	imports []string
	deps    []string
}

func listPackages(t *testing.T) []pkgInfo {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \",\"}}|{{join .Deps \",\"}}", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkgInfo
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "|", 3)
		if len(parts) != 3 {
			t.Fatalf("unexpected go list line %q", sc.Text())
		}
		pkgs = append(pkgs, pkgInfo{path: parts[0], imports: strings.Split(parts[1], ","), deps: strings.Split(parts[2], ",")})
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func TestImportDirection(t *testing.T) {
	for _, v := range violations(listPackages(t)) {
		t.Error(v)
	}
}

// violations lists every import of pkgs against the dependency direction.
func violations(pkgs []pkgInfo) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, p := range pkgs {
		from := layer(p.path)
		if from == "" {
			bad("%s belongs to no layer: place it in layer() (a kernel package imports no module)", p.path)
			continue
		}
		if from == "tools" {
			continue // may use anything; checked below that nothing uses it
		}
		for _, imp := range p.imports {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			to := layer(imp)
			if to == "tools" {
				bad("%s imports the tool %s", p.path, imp)
				continue
			}
			if !slices.Contains(allowed[from], to) {
				bad("%s (%s) imports %s (%s): against the dependency direction in docs/architecture.md", p.path, from, imp, to)
			}
			if from == "app" && to == "app" {
				bad("%s imports %s: web, admin, api and jobs must not import each other", p.path, imp)
			}
		}
		if !slices.Contains(domain, from) {
			continue
		}
		for _, d := range p.deps {
			for _, f := range forbiddenInDomain {
				if d == f || strings.HasPrefix(d, f+"/") {
					bad("domain package %s depends on %s", p.path, d)
				}
			}
			// The kernel's rule holds through every path, not only its
			// direct imports: go list -deps of a kernel package names no
			// module.
			if from == "kernel" || from == "apperr" {
				if to := layer(d); to == "module" || to == "demo" {
					bad("kernel package %s depends on the module %s", p.path, d)
				}
			}
		}
	}
	return out
}

// TestLayerRulesBite makes sure the classification is not vacuous: a few
// imports that must be refused are refused, by the rules and by the check
// itself.
func TestLayerRulesBite(t *testing.T) {
	for _, c := range []struct{ from, to string }{
		{"trangtin/internal/content", "trangtin/internal/store/sqlite"},
		{"trangtin/internal/content", "trangtin/internal/web"},
		{"trangtin/internal/web", "trangtin/internal/store/postgres"},
		{"trangtin/internal/store/sqlite", "trangtin/internal/web"},
		{"trangtin/internal/apperr", "trangtin/internal/vi"},
		// The kernel imports no module.
		{"trangtin/internal/search", "trangtin/internal/content"},
		{"trangtin/internal/search", "trangtin/internal/document"},
		{"trangtin/internal/vi", "trangtin/internal/question"},
		{"trangtin/internal/contact", "trangtin/internal/user"},
		{"trangtin/internal/mail", "trangtin/internal/newsroom"},
		{"trangtin/internal/workday", "trangtin/internal/demo"},
		// Nothing but cmd seeds the demo.
		{"trangtin/internal/content", "trangtin/internal/demo"},
		{"trangtin/internal/web", "trangtin/internal/demo"},
	} {
		from, to := layer(c.from), layer(c.to)
		if from == "" || to == "" {
			t.Errorf("%s → %s: unclassified (%q → %q)", c.from, c.to, from, to)
		}
		if slices.Contains(allowed[from], to) {
			t.Errorf("%s → %s is allowed, want refused", c.from, c.to)
		}
	}
	// Every name in the lists is a package of the module, in its layer.
	pkgs := listPackages(t)
	known := map[string]bool{}
	for _, p := range pkgs {
		known[p.path] = true
	}
	for want, names := range map[string][]string{"kernel": kernel, "module": modules} {
		for _, n := range names {
			path := module + "/internal/" + n
			if !known[path] {
				t.Errorf("%s lists %s, which go list does not know", want, path)
			}
			if got := layer(path); got != want {
				t.Errorf("%s is %q, want %q", path, got, want)
			}
		}
	}

	// The check itself: the way search used to build addresses, a kernel
	// package reaching a module through another kernel package, and a
	// package nobody placed are each reported; a module using a module and
	// the kernel is not.
	pkg := func(path string, imports []string, deps ...string) pkgInfo {
		return pkgInfo{path: module + "/" + path, imports: prefixed(imports), deps: prefixed(append(deps, imports...))}
	}
	for _, c := range []struct {
		name string
		pkg  pkgInfo
		want string // part of the one violation expected; "" for none
	}{
		{"kernel imports a module", pkg("internal/search", []string{"internal/vi", "internal/content", "internal/document"}),
			"internal/search (kernel) imports trangtin/internal/content (module)"},
		{"kernel reaches a module", pkg("internal/feed", []string{"internal/vi"}, "internal/rating"),
			"kernel package trangtin/internal/feed depends on the module trangtin/internal/rating"},
		{"unplaced package", pkg("internal/newthing", nil), "internal/newthing belongs to no layer"},
		{"module imports modules and the kernel", pkg("internal/consultation", []string{"internal/question", "internal/user", "internal/contact", "internal/apperr"}), ""},
		{"app imports a module", pkg("internal/web", []string{"internal/question", "internal/search", "internal/httpx"}), ""},
	} {
		got := violations([]pkgInfo{c.pkg})
		if c.want == "" {
			if len(got) != 0 {
				t.Errorf("%s: %q, want none", c.name, got)
			}
			continue
		}
		if len(got) == 0 || !strings.Contains(got[0], c.want) {
			t.Errorf("%s: %q, want one naming %q", c.name, got, c.want)
		}
	}
}

func prefixed(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = module + "/" + p
	}
	return out
}
