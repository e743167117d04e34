package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"compress/gzip"

	"trangtin/internal/content"
)

// countingStore counts the article lists read, which is what building a
// sitemap part costs.
type countingStore struct {
	content.Store
	finds atomic.Int64
}

func (c *countingStore) FindArticles(ctx context.Context, f content.ArticleFilter) ([]content.Article, error) {
	c.finds.Add(1)
	return c.Store.FindArticles(ctx, f)
}

func (c *countingStore) ArticleMonths(ctx context.Context, siteID int64) ([]content.ArticleMonth, error) {
	return c.Store.(content.MonthStore).ArticleMonths(ctx, siteID)
}

type sitemapDoc struct {
	XMLName xml.Name
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// TestSitemapPartsAreBuiltOnce: past the small-site limit /sitemap.xml is
// an index of a part of other addresses and one part a month; together
// they hold every public article once. A part is built once: asking for
// it again reads no article list, and an edit of an article rebuilds its
// month's part alone. Parts are served gzipped to a client that takes
// gzip, plain to one that does not.
func TestSitemapPartsAreBuiltOnce(t *testing.T) {
	srv := newBenchServer(t, Options{})
	t.Cleanup(srv.Close)
	ctx := context.Background()
	raw := srv.svc.Store()
	store := &countingStore{Store: raw}
	srv.svc = content.NewService(store)
	srv.SplitSitemapAt(7)
	sites, err := raw.FindSites(ctx)
	if err != nil || len(sites) == 0 {
		t.Fatalf("FindSites: %v", err)
	}
	site := sites[0]
	cats, err := raw.FindCategories(ctx, site.ID)
	if err != nil || len(cats) == 0 {
		t.Fatalf("FindCategories: %v", err)
	}
	var october content.Article
	for i := range 30 {
		at := time.Date(2025, time.Month(9+i%3), 1+i, 3, 0, 0, 0, time.UTC) // September to November
		a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: fmt.Sprintf("Bài cũ %d", i), Slug: fmt.Sprintf("bai-cu-%d", i),
			Body: "<p>x</p>", Status: content.StatusPublished, PublishedAt: at}
		if err := raw.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if at.Month() == time.October {
			october = a
		}
	}
	h := srv.Handler()
	get := func(path string, gz bool) string {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
		}
		body := rec.Body.String()
		if rec.Header().Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			body = string(b)
		} else if gz {
			t.Errorf("GET %s with gzip accepted: not gzipped", path)
		}
		return body
	}
	parse := func(body string) sitemapDoc {
		t.Helper()
		var d sitemapDoc
		if err := xml.Unmarshal([]byte(body), &d); err != nil {
			t.Fatalf("%v in %s", err, body)
		}
		return d
	}
	idx := parse(get("/sitemap.xml", false))
	if idx.XMLName.Local != "sitemapindex" {
		t.Fatalf("/sitemap.xml is a %s, want an index", idx.XMLName.Local)
	}
	read := func() (map[string]string, map[string]int) {
		seen := map[string]string{}
		per := map[string]int{}
		for _, sm := range idx.Sitemaps {
			path := locPath(t, sm.Loc)
			part := parse(get(path, true))
			if len(part.URLs) == 0 || len(part.URLs) > 7 {
				t.Errorf("%s: %d addresses, want 1 to 7", path, len(part.URLs))
			}
			if plain := parse(get(path, false)); len(plain.URLs) != len(part.URLs) {
				t.Errorf("%s: %d addresses plain, %d gzipped", path, len(plain.URLs), len(part.URLs))
			}
			for _, u := range part.URLs {
				if _, dup := seen[u.Loc]; dup {
					t.Errorf("%s listed twice", u.Loc)
				}
				seen[locPath(t, u.Loc)] = u.LastMod
			}
			per[path] = len(part.URLs)
		}
		return seen, per
	}
	seen, _ := read()
	public, err := raw.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, PublicAt: time.Now(), Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range public {
		if _, ok := seen[content.ArticlePath(a.Slug)]; !ok {
			t.Errorf("the sitemap lacks %s", a.Slug)
		}
	}
	if _, ok := seen["/"]; !ok {
		t.Error("the sitemap lacks the home page")
	}

	// Again: nothing is rebuilt.
	store.finds.Store(0)
	read()
	get("/sitemap.xml", true)
	if n := store.finds.Load(); n != 0 {
		t.Errorf("serving unchanged parts again read %d article lists, want none", n)
	}

	// An edit of an October article rebuilds October's part alone.
	october.Summary = "Đã sửa"
	if err := raw.UpdateArticle(ctx, &october); err != nil {
		t.Fatal(err)
	}
	store.finds.Store(0)
	get("/sitemap/2025-09.xml", true)
	get("/sitemap/2025-11.xml", true)
	afterOthers := store.finds.Load()
	oct := parse(get("/sitemap/2025-10.xml", true))
	if afterOthers != 1 || store.finds.Load() != 1 {
		t.Errorf("after an edit in October: %d article lists read for September and November, %d in all; want October's part alone rebuilt, with one list", afterOthers, store.finds.Load())
	}
	found := false
	for _, u := range oct.URLs {
		found = found || strings.HasSuffix(u.Loc, content.ArticlePath(october.Slug))
	}
	if !found {
		t.Errorf("October's part lacks the edited article")
	}
	for _, bad := range []string{"/sitemap/2025-13.xml", "/sitemap/2031-01.xml", "/sitemap/2025-10-1.xml", "/sitemap/2025-10-02.xml", "/sitemap/trang-9.xml", "/sitemap/x.xml"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, bad, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, rec.Code)
		}
	}
}

// locPath is the path of an absolute address.
func locPath(t *testing.T, loc string) string {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil || u.Host == "" {
		t.Fatalf("%q is not an absolute address", loc)
	}
	return u.Path
}
