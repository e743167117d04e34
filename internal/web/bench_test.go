package web

// Benchmarks of the public pages on a real SQLite store holding the demo
// site (or a copy of the database named by TRANGTIN_BENCH_DB, see
// BENCHMARKS.md). Run them with
//
//	go test -run '^$' -bench . -benchmem ./internal/web
//
// "Uncached" benchmarks use a Server whose page cache admits nothing:
// Options{CacheBytes: 1} makes every page bigger than the cache's
// per-entry cap (an eighth of CacheBytes), so pageCache.put refuses it and
// each request takes the whole miss path that a first visit takes in
// production: site lookup, the store queries, template execution, the
// gzip and ETag of the new entry, the response. Only the map insertion is
// skipped. No write, no refresh and no cookie variant is involved, and the
// benchmarks check afterwards that the cache stayed empty.
//
// "Cached" benchmarks warm the cache with one request and then measure hits.
// Their B/op and allocs/op include httptest's recorder (a few small
// allocations; its body buffer is reused).

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/document"
	"trangtin/internal/httpx"
	"trangtin/internal/question"
	"trangtin/internal/schedule"
	"trangtin/internal/search"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/vi"
	"trangtin/internal/workday"
	"trangtin/ui"
)

// benchArticle is the demo site's reference article.
const benchArticle = "/tin-tuc/hoi-nghi-thuc-hien-chinh-sach-bao-tro-xa-hoi-tren-dia-ban-huyen"

// newBenchServer opens a SQLite database in b.TempDir(), fills it with the
// demo site, and returns a Server over it with opt. When TRANGTIN_BENCH_DB
// names a database file, a copy of it is used instead of an empty one (the
// demo site is then created only if it has no site).
func newBenchServer(b testing.TB, opt Options) *Server {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "trangtin.db")
	if src := os.Getenv("TRANGTIN_BENCH_DB"); src != "" {
		copyFile(b, src, path)
		if _, err := os.Stat(src + "-wal"); err == nil {
			copyFile(b, src+"-wal", path+"-wal")
		}
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := content.NewService(db)
	if _, err := demo.Ensure(ctx, svc); err != nil {
		b.Fatal(err)
	}
	u, err := ui.Load("", Funcs())
	if err != nil {
		b.Fatal(err)
	}
	sites, err := content.NewDirectory(ctx, svc, nil)
	if err != nil {
		b.Fatal(err)
	}
	if opt.Furniture == nil { // as in production: the demo's menu, links and Giới thiệu set
		opt.Furniture = content.NewFurniture(db, svc.NotifyChanged)
	}
	// As in production, the modules the blocks of the right column show.
	if opt.Documents == nil {
		opt.Documents = document.NewService(db, nil)
	}
	if opt.Schedule == nil {
		opt.Schedule = schedule.NewService(db)
	}
	if opt.Questions == nil {
		opt.Questions = question.NewService(db, workday.Vietnam(), nil)
	}
	opt.Content, opt.Sites, opt.Search, opt.UI = svc, sites, search.NewService(db), u
	srv, err := New(opt)
	if err != nil {
		b.Fatal(err)
	}
	return srv
}

func copyFile(b testing.TB, src, dst string) {
	b.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		b.Fatal(err)
	}
}

// uncached returns a Server whose cache never keeps a page.
func uncached(b *testing.B) *Server { return newBenchServer(b, Options{CacheBytes: 1}) }

// serveOnce runs one request through h and checks it answered 200 with
// want in the page.
func serveOnce(b *testing.B, h http.Handler, req *http.Request, want string) {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d\n%s", req.URL, rec.Code, rec.Body)
	}
	if rec.Header().Get("Content-Encoding") == "" && !strings.Contains(rec.Body.String(), want) {
		b.Fatalf("GET %s: page lacks %q", req.URL, want)
	}
}

// measure measures h answering req, reusing one body buffer for the recorder.
func measure(b *testing.B, h http.Handler, req *http.Request) {
	b.Helper()
	buf := make([]byte, 0, 256<<10)
	var status int
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		rec := httptest.NewRecorder()
		rec.Body = bytes.NewBuffer(buf[:0])
		h.ServeHTTP(rec, req)
		status = rec.Code
	}
	// CPU time stays comparable on a busy machine, where wall time is not.
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
	if status != http.StatusOK {
		b.Fatalf("GET %s: %d", req.URL, status)
	}
}

func benchUncached(b *testing.B, path, want string) {
	srv := uncached(b)
	h := srv.Handler()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	serveOnce(b, h, req, want)
	measure(b, h, req)
	if n := srv.cache.len(); n != 0 {
		b.Fatalf("cache holds %d pages; the uncached figure would be a cached one", n)
	}
}

// BenchmarkArticleUncached renders the reference article on every request.
func BenchmarkArticleUncached(b *testing.B) {
	benchUncached(b, benchArticle, demo.Seed.Title)
}

// BenchmarkHomeUncached renders the home page on every request.
func BenchmarkHomeUncached(b *testing.B) {
	benchUncached(b, "/", demo.Site.Banner)
}

// BenchmarkHomeUncachedEverySite renders the home page of each site with
// a host in turn, uncached: the demo province, or with TRANGTIN_BENCH_DB
// the database of scripts/bench-province (PROV_DATA), 150 communes.
func BenchmarkHomeUncachedEverySite(b *testing.B) {
	srv := uncached(b)
	h := srv.Handler()
	n, _ := srv.sites.Size()
	var hosts []string
	for id := int64(1); len(hosts) < n && id <= int64(4*n+10); id++ {
		if st := srv.sites.ByID(id); st != nil && st.Host != "" && st.State == content.StateActive {
			hosts = append(hosts, st.Host)
		}
	}
	if len(hosts) == 0 {
		b.Fatal("no site with a host")
	}
	i := 0
	b.ReportAllocs()
	cpu := processCPU()
	defer func() { b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op") }()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = hosts[i%len(hosts)]
		i++
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", req.Host, rec.Code)
		}
	}
}

// BenchmarkCategoryUncached renders page 1 of the news category, whose
// subtree holds every imported article, on every request.
func BenchmarkCategoryUncached(b *testing.B) {
	benchUncached(b, "/chuyen-muc/"+vi.Slug(content.DefaultCategoryName), content.DefaultCategoryName)
}

func benchCached(b *testing.B, h http.Handler, srv *Server, gzip bool) {
	req := httptest.NewRequest(http.MethodGet, benchArticle, nil)
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	}
	serveOnce(b, h, req, demo.Seed.Title)
	if n := srv.cache.len(); n != 1 {
		b.Fatalf("cache holds %d pages after one request, want 1", n)
	}
	measure(b, h, req)
}

// BenchmarkArticleCached serves the reference article from the page cache
// through Server.Handler.
func BenchmarkArticleCached(b *testing.B) {
	srv := newBenchServer(b, Options{})
	benchCached(b, srv.Handler(), srv, false)
}

// BenchmarkArticleCachedGzip is BenchmarkArticleCached for a client that
// accepts gzip (every browser): the stored compressed copy is sent.
func BenchmarkArticleCachedGzip(b *testing.B) {
	srv := newBenchServer(b, Options{})
	benchCached(b, srv.Handler(), srv, true)
}

// BenchmarkArticleCachedMiddleware is BenchmarkArticleCached behind the
// routing and middleware `trangtin serve` puts in front of the site (as
// newApp wires them in cmd/trangtin/serve.go; keep the two alike; the API
// is a stand-in here), with the access log formatted as JSON into
// io.Discard.
func BenchmarkArticleCachedMiddleware(b *testing.B) {
	srv := newBenchServer(b, Options{})
	mux := http.NewServeMux()
	mux.Handle("/api/", http.NotFoundHandler())
	srv.Register(mux)
	h := httpx.Chain(mux,
		httpx.Log(io.Discard),
		httpx.Recover(srv.Adapter()),
		httpx.SecurityHeaders,
		httpx.LimitBody(1<<20),
		http.NewCrossOriginProtection().Handler,
	)
	benchCached(b, h, srv, false)
}

// BenchmarkSearchUncached answers a search without diacritics, which
// finds the reference article, on every request (search pages are never
// cached).
func BenchmarkSearchUncached(b *testing.B) {
	benchUncached(b, "/tim-kiem?q=bao+tro+xa+hoi", "Tìm thấy 2 kết quả")
}
