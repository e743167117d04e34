package archtest

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const module = "trangtin"

// layer names the group a package of this module belongs to.
func layer(pkg string) string {
	p := strings.TrimPrefix(pkg, module+"/")
	switch {
	case p == "cmd/trangtin":
		return "cmd"
	case p == "internal/apperr":
		return "apperr"
	case p == "internal/config":
		return "config"
	case p == "internal/httpx":
		return "httpx"
	case p == "ui":
		return "ui"
	case p == "internal/browsertest", p == "internal/archtest", p == "internal/store/storetest", p == "internal/testenv":
		return "testsupport"
	case strings.HasPrefix(p, "scripts/"):
		return "tools" // measuring tools beside the product; nothing imports them
	case p == "internal/store/migrate":
		return "migrate"
	case p == "internal/store/sqlstore":
		return "sqlstore" // the queries both engines share; only engines import it
	case strings.HasPrefix(p, "internal/store/"), p == "internal/media/localfs":
		return "store"
	case p == "internal/web", p == "internal/admin", p == "internal/api", p == "internal/jobs":
		return "app"
	default:
		return "domain" // content, user, media, search, feed, vi, demo …
	}
}

// allowed lists, for each layer, the layers its packages may import.
var allowed = map[string][]string{
	"cmd":         {"app", "domain", "store", "migrate", "config", "httpx", "ui", "apperr"},
	"app":         {"domain", "httpx", "ui", "apperr", "config"},
	"domain":      {"domain", "apperr"},
	"store":       {"domain", "migrate", "apperr", "sqlstore"},
	"sqlstore":    {"domain", "apperr"},
	"migrate":     {},
	"httpx":       {"apperr"},
	"ui":          {"httpx"},
	"apperr":      {},
	"config":      {},
	"testsupport": {"domain", "apperr", "testsupport"},
	"tools":       {},
}

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
	for _, p := range listPackages(t) {
		from := layer(p.path)
		if from == "tools" {
			continue // may use anything; checked below that nothing uses it
		}
		for _, imp := range p.imports {
			if imp != module && !strings.HasPrefix(imp, module+"/") {
				continue
			}
			to := layer(imp)
			if to == "tools" {
				t.Errorf("%s imports the tool %s", p.path, imp)
				continue
			}
			ok := false
			for _, a := range allowed[from] {
				ok = ok || a == to
			}
			if !ok {
				t.Errorf("%s (%s) imports %s (%s): against the dependency direction in design.md", p.path, from, imp, to)
			}
			if from == "app" && to == "app" {
				t.Errorf("%s imports %s: web, admin, api and jobs must not import each other", p.path, imp)
			}
		}
		if from == "domain" {
			for _, d := range p.deps {
				for _, bad := range forbiddenInDomain {
					if d == bad || strings.HasPrefix(d, bad+"/") {
						t.Errorf("domain package %s depends on %s", p.path, d)
					}
				}
			}
		}
	}
}

// TestLayerRulesBite makes sure the classification is not vacuous: a few
// imports that must be refused are refused.
func TestLayerRulesBite(t *testing.T) {
	for _, c := range []struct{ from, to string }{
		{"trangtin/internal/content", "trangtin/internal/store/sqlite"},
		{"trangtin/internal/content", "trangtin/internal/web"},
		{"trangtin/internal/web", "trangtin/internal/store/postgres"},
		{"trangtin/internal/store/sqlite", "trangtin/internal/web"},
		{"trangtin/internal/apperr", "trangtin/internal/vi"},
	} {
		from, to := layer(c.from), layer(c.to)
		for _, a := range allowed[from] {
			if a == to {
				t.Errorf("%s → %s is allowed, want refused", c.from, c.to)
			}
		}
	}
}
