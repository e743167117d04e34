package web

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/store/sqlite"
)

// BenchmarkSitemap: the XML sitemap of a site of 100,000 articles spread
// over 48 months (BENCHMARKS.md, "Sitemaps"): building every part (what a
// first request pays, and what every change cost before the parts),
// rebuilding the one month an edit touches, and serving a kept part and
// the kept index.
//
//	go test ./internal/web/ -run '^$' -bench Sitemap -benchtime 20x
func BenchmarkSitemap(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "big.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Ensure(ctx, content.NewService(st)); err != nil {
		b.Fatal(err)
	}
	site, err := st.FindSiteByKey(ctx, demo.SiteKey)
	if err != nil {
		b.Fatal(err)
	}
	cats, err := st.FindCategories(ctx, site.ID)
	if err != nil {
		b.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	// 100,000 articles, one every 21 minutes back from a month ago: 48 months.
	start := time.Now().AddDate(0, -1, 0).UnixMicro()
	if _, err = db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
		INSERT INTO articles (site_id, category_id, title, slug, body, status, published_at, created_at, updated_at, list_fold)
		SELECT ?, ?, 'Bài số ' || i, 'bai-so-' || i, '<p>x</p>', 'published', ? - i * 1260000000, ?, ?, 'bai so ' || i FROM n`,
		site.ID, cats[0].ID, start, start, start); err != nil {
		b.Fatal(err)
	}
	db.Close()
	b.Setenv("TRANGTIN_BENCH_DB", path)
	srv := newBenchServer(b, Options{})
	b.Cleanup(srv.Close)
	h := srv.Handler()
	req := httptest.NewRequest(http.MethodGet, "/sitemap.xml", nil)
	origin := srv.sites.Origin(&site, "http")
	months, err := srv.monthsOf(ctx, site.ID)
	if err != nil || len(months) < 40 {
		b.Fatalf("%d months: %v", len(months), err)
	}
	b.Run("build every part", func(b *testing.B) {
		for b.Loop() {
			srv.sitemapParts = sitemapParts{}
			if _, err := srv.sitemap(req, site, origin); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rebuild one month", func(b *testing.B) {
		k := partKey{site.ID, origin, months[10].Year*100 + months[10].Month}
		for b.Loop() {
			srv.sitemapParts.mu.Lock()
			delete(srv.sitemapParts.m, k)
			srv.sitemapParts.mu.Unlock()
			if _, err := srv.sitemap(req, site, origin); err != nil {
				b.Fatal(err)
			}
		}
	})
	serve := func(name, path string) {
		b.Run(name, func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			r.Header.Set("Accept-Encoding", "gzip")
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s: %d", path, rec.Code)
				}
			}
		})
	}
	serve("serve a kept month", "/sitemap/"+partName(monthName(months[10]), 0))
	serve("serve the kept index", "/sitemap.xml")
}

func monthName(m content.ArticleMonth) string {
	return time.Date(m.Year, time.Month(m.Month), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}
