package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
)

// TestCategoryPagesByCursor: a category's first numberedPages pages have
// numbers; from the last of them "Trang sau" goes on by cursor to the
// end, every public article once and in order, and "Trang trước" comes
// back by cursor. Pages read by cursor are not kept in the page cache
// (a stranger can make any number of cursors); a cursor that was not
// made by the server gets a 400 with a Vietnamese message, a page number
// past the numbered ones a 404 that says what to do.
func TestCategoryPagesByCursor(t *testing.T) {
	srv := newBenchServer(t, Options{})
	t.Cleanup(srv.Close)
	ctx := context.Background()
	st := srv.svc.Store()
	sites, err := st.FindSites(ctx)
	if err != nil || len(sites) == 0 {
		t.Fatalf("FindSites: %v, %d sites", err, len(sites))
	}
	site := sites[0]
	cat := content.Category{SiteID: site.ID, Name: "Lưu trữ", Slug: "luu-tru", Position: 99}
	if err := st.CreateCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	const n = numberedPages*perPage + 2*perPage + 4 // two full pages and a short one past the numbered ones
	base := time.Now().Add(-time.Hour)
	for i := range n {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: fmt.Sprintf("Bài lưu trữ số %d", i), Slug: fmt.Sprintf("luu-tru-%d", i),
			Body: "<p>x</p>", Status: content.StatusPublished, PublishedAt: base.Add(-time.Duration(i/2) * time.Minute)}
		if err := st.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	want, err := st.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, CategoryIDs: []int64{cat.ID}, PublicAt: time.Now(), Limit: n + 1})
	if err != nil || len(want) != n {
		t.Fatalf("FindArticles: %v, %d articles", err, len(want))
	}
	h := srv.Handler()
	slugRe := regexp.MustCompile(`href="/tin-tuc/(luu-tru-\d+)"`)
	nextRe := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	prevRe := regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)
	slugs := func(page string) []string {
		var out []string
		for _, m := range slugRe.FindAllStringSubmatch(page, -1) {
			if len(out) == 0 || out[len(out)-1] != m[1] {
				out = append(out, m[1])
			}
		}
		return out
	}
	var got []string
	var pages []string // the addresses read
	path := "/chuyen-muc/luu-tru"
	for path != "" && len(pages) < 30 {
		code, page := getPage(t, h, path)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, code)
		}
		if len(pages) == numberedPages-1 && !strings.Contains(page, "Trang "+fmt.Sprint(numberedPages)+"/") {
			t.Errorf("GET %s does not say it is page %d", path, numberedPages)
		}
		pages = append(pages, path)
		got = append(got, slugs(page)...)
		path = ""
		if m := nextRe.FindStringSubmatch(page); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	var wantSlugs []string
	for _, a := range want {
		wantSlugs = append(wantSlugs, a.Slug)
	}
	if strings.Join(got, " ") != strings.Join(wantSlugs, " ") {
		t.Fatalf("the pages from the first to the last give\n%v\nwant\n%v", got, wantSlugs)
	}
	if len(pages) != numberedPages+3 || !strings.Contains(pages[numberedPages], "?sau=") || strings.Contains(pages[numberedPages-1], "?sau=") {
		t.Errorf("the pages read: %v; want %d numbered, then three by cursor", pages, numberedPages)
	}

	// Back from the last page by "Trang trước": the same pages.
	entries := srv.CacheStats().Entries
	path = pages[len(pages)-1]
	for i := len(pages) - 1; i > 0; i-- {
		code, page := getPage(t, h, path)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, code)
		}
		m := prevRe.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("GET %s has no link to the page before", path)
		}
		path = html.UnescapeString(m[1])
		_, before := getPage(t, h, path)
		_, earlier := getPage(t, h, pages[i-1])
		if strings.Join(slugs(before), " ") != strings.Join(slugs(earlier), " ") {
			t.Errorf("page %d by «Trang trước» (%s) lists %v, by «Trang sau» (%s) %v", i, path, slugs(before), pages[i-1], slugs(earlier))
		}
	}
	if path != "/chuyen-muc/luu-tru" {
		t.Errorf("«Trang trước» from page 2 leads to %s", path)
	}
	if now := srv.CacheStats().Entries; now != entries {
		t.Errorf("reading pages by cursor changed the page cache from %d to %d entries", entries, now)
	}

	for _, tc := range []struct {
		query string
		code  int
		say   string
	}{
		{"?sau=xyz", http.StatusBadRequest, "Đường dẫn phân trang không hợp lệ"},
		{"?truoc=" + strings.Repeat("A", 200), http.StatusBadRequest, "Đường dẫn phân trang không hợp lệ"},
		{"?sau=" + content.Cursor{At: base, ID: 1, Page: 0}.String(), http.StatusBadRequest, "Đường dẫn phân trang không hợp lệ"},
		{"?trang=11", http.StatusNotFound, "rồi bấm «Trang sau»"},
		{"?sau=" + content.Cursor{At: base.Add(-24 * time.Hour), ID: 1, Page: 40}.String(), http.StatusNotFound, "Chuyên mục không có trang này."},
	} {
		code, page := getPage(t, h, "/chuyen-muc/luu-tru"+tc.query)
		if code != tc.code || !strings.Contains(page, html.EscapeString(tc.say)) && !strings.Contains(page, tc.say) {
			t.Errorf("GET %s: %d, want %d saying %q", tc.query, code, tc.code, tc.say)
		}
	}
	if now := srv.CacheStats().Entries; now != entries {
		t.Errorf("bad cursors changed the page cache from %d to %d entries", entries, now)
	}
}
