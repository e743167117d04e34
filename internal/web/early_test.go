package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// TestEarlyAnswersCachedPagesBeforeRouting: a page cached from a plain
// GET is answered again without going through the router, with the same
// bytes and its route still in the access log; a request with a query or
// an escaped path, and a page made stale by a change, go through the
// router as before.
func TestEarlyAnswersCachedPagesBeforeRouting(t *testing.T) {
	srv := newBenchServer(t, Options{})
	mux := http.NewServeMux()
	srv.Register(mux)
	routed := 0
	var logged bytes.Buffer
	h := httpx.Chain(httpx.RecordRoute(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		routed++
		mux.ServeHTTP(w, r)
	})),
		httpx.Log(&logged),
		func(next http.Handler) http.Handler { return srv.ModuleGate(srv.adapt, next) },
	)
	get := func(target string) (int, string) {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
		return routed, rec.Body.String()
	}
	lastRoute := func() string {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
			t.Fatal(err)
		}
		s, _ := m["route"].(string)
		return s
	}

	n1, first := get(benchArticle)
	if n1 != 1 {
		t.Fatalf("the first request was routed %d times, want 1", n1)
	}
	n2, second := get(benchArticle)
	if n2 != 1 {
		t.Errorf("the cached article went through the router again (%d requests routed)", n2)
	}
	if second != first {
		t.Error("the page answered before routing differs from the routed one")
	}
	if got := lastRoute(); got != "/tin-tuc/{slug}" {
		t.Errorf("access log route of the early answer = %q, want /tin-tuc/{slug}", got)
	}
	if got := srv.hits.Load(); got != 1 {
		t.Errorf("%d cache hits counted, want 1", got)
	}

	for _, target := range []string{benchArticle + "?a=1", strings.Replace(benchArticle, "-", "%2D", 1)} {
		before := routed
		if n, body := get(target); n != before+1 || body != first {
			t.Errorf("GET %s: routed %d times (want %d), same page %v", target, n-before, 1, body == first)
		}
	}

	// A change to the site's articles makes the entry stale: the router
	// renders the page afresh.
	ctx := context.Background()
	site, err := srv.siteFor(httptest.NewRequest(http.MethodGet, "/", nil))
	if err != nil {
		t.Fatal(err)
	}
	stamp := depArticles.stamp(site)
	if err := srv.svc.AddCategory(ctx, &content.Category{SiteID: site.ID, Name: "Chuyên mục mới", Slug: "chuyen-muc-moi"}, nil); err != nil {
		t.Fatal(err)
	}
	if site, err = srv.siteFor(httptest.NewRequest(http.MethodGet, "/", nil)); err != nil || depArticles.stamp(site) == stamp {
		t.Fatalf("the new category left the article pages' stamp at %d (%v)", stamp, err)
	}
	before := routed
	if n, _ := get(benchArticle); n != before+1 {
		t.Errorf("after a change, the stale page was answered before routing")
	}
}
