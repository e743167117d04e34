package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
)

// TestEditingOneArticleKeepsTheOthersCached: an edit of a published
// article's body, made by another process (another node on PostgreSQL, a
// command beside the server on SQLite), shows on that article's page and
// in the feed as soon as the server hears of it, and renders no other
// page again; an edit of its title, which lists show, reaches the pages
// that list it. No stale page is served after the server heard of either
// change.
func TestEditingOneArticleKeepsTheOthersCached(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		app := startApp(t, cfg)
		ctx := context.Background()
		other, err := openStore(ctx, cfg) // the other process's own connection
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		site, err := other.FindSiteByKey(ctx, "giavien")
		if err != nil {
			t.Fatal(err)
		}
		seed, err := other.FindArticleBySlug(ctx, site.ID, strings.TrimPrefix(seedURL, "/tin-tuc/"))
		if err != nil {
			t.Fatal(err)
		}
		list, err := other.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Status: content.StatusPublished, ExcludeID: seed.ID, Limit: 1})
		if err != nil || len(list) == 0 {
			t.Fatalf("no second published article: %v", err)
		}
		edited, err := other.FindArticleByID(ctx, site.ID, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		editedURL := content.ArticlePath(edited.Slug)
		host := strings.TrimPrefix(app.URL, "http://")
		pages := []string{"/", seedURL, editedURL, "/chuyen-muc/tin-tuc-su-kien", "/rss", "/gioi-thieu", "/van-ban"}
		fetch := func(p string) string {
			t.Helper()
			rec := serveDirect(t, app, host, p)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", p, rec.Code)
			}
			return rec.Body.String()
		}
		fetchAll := func() {
			t.Helper()
			for _, p := range pages {
				fetch(p)
			}
		}
		// waitFor fetches path until it shows want, and returns when the
		// server has heard of the change.
		waitFor := func(path, want string) {
			t.Helper()
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(fetch(path), want) {
				if time.Now().After(deadline) {
					t.Fatalf("%s does not show %q 10 s after the change", path, want)
				}
				time.Sleep(5 * time.Millisecond) // a poll of the server, not a wait for a fixed time
			}
		}
		fetchAll()
		warm := app.web.CacheStats()
		fetchAll()
		if again := app.web.CacheStats(); again.Renders != warm.Renders {
			t.Fatalf("the pages did not stay cached: %d renders, then %d", warm.Renders, again.Renders)
		}

		// The body: its page and the feed (which quotes bodies) render
		// again, nothing else does.
		const marker = "Nội dung vừa được sửa ở nơi khác"
		edited.Body = "<p>" + marker + ".</p>" + edited.Body
		edited.Summary = "" // the feed quotes the body then
		if err := other.UpdateArticle(ctx, &edited); err != nil {
			t.Fatal(err)
		}
		waitFor(editedURL, marker)
		waitFor("/rss", marker)
		fetchAll() // the summary is in the lists: they render again
		base := app.web.CacheStats()
		const marker2 = "Đoạn thứ hai vừa sửa"
		edited.Body = "<p>" + marker2 + ".</p>" + edited.Body
		if err := other.UpdateArticle(ctx, &edited); err != nil {
			t.Fatal(err)
		}
		waitFor(editedURL, marker2)
		fetchAll()
		if got := app.web.CacheStats().Renders - base.Renders; got != 2 {
			t.Errorf("an edit of one article's body rendered %d pages again, want 2 (its page and the feed)", got)
		}
		if body := fetch("/rss"); !strings.Contains(body, marker2) {
			t.Error("the feed still quotes the body before the edit")
		}

		// The title: the pages that list the article show the new one.
		const title = "Tiêu đề vừa được sửa ở nơi khác"
		edited.Title = title
		if err := other.UpdateArticle(ctx, &edited); err != nil {
			t.Fatal(err)
		}
		waitFor("/", title)
		for _, p := range []string{editedURL, "/rss"} {
			if !strings.Contains(fetch(p), title) {
				t.Errorf("%s does not show the new title once the home page does", p)
			}
		}
	})
}

// TestPageCacheHitRateAfterAnEdit prints the page cache's hit rate over
// every page of the demo site that shows articles (home, categories,
// every article) fetched again after one article's body was edited:
// only that article's page is rendered again (BENCHMARKS.md, "Page cache
// after an edit").
func TestPageCacheHitRateAfterAnEdit(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := app.db.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Status: content.StatusPublished, Limit: 500})
	if err != nil || len(arts) < 2 {
		t.Fatalf("%d published articles: %v", len(arts), err)
	}
	cats, err := app.db.FindCategories(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"/"}
	for _, c := range cats {
		pages = append(pages, "/chuyen-muc/"+c.Slug)
	}
	for _, a := range arts {
		pages = append(pages, content.ArticlePath(a.Slug))
	}
	host := strings.TrimPrefix(app.URL, "http://")
	fetchAll := func() {
		t.Helper()
		for _, p := range pages {
			if rec := serveDirect(t, app, host, p); rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", p, rec.Code)
			}
		}
	}
	fetchAll()
	a, err := app.db.FindArticleByID(ctx, site.ID, arts[len(arts)/2].ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Body += "<p>Đính chính một con số.</p>"
	if err := app.db.UpdateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	before := app.web.CacheStats()
	fetchAll()
	after := app.web.CacheStats()
	hits, renders := after.Hits-before.Hits, after.Renders-before.Renders
	rate := float64(hits) / float64(len(pages))
	t.Logf("after an edit of one article's body: %d of %d pages served from the cache (hit rate %.3f), %d rendered again", hits, len(pages), rate, renders)
	if renders != 1 || hits != int64(len(pages)-1) {
		t.Errorf("%d pages rendered again and %d hits of %d, want only the edited article's page rendered", renders, hits, len(pages))
	}
}
