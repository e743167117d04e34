package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/media"
)

// TestBrowserFeaturedPhoto: a published article with a featured photo
// shows it on its page (one of the stored variants chosen by srcset, the
// description as alt) and beside it on the home page and in its category,
// under the CSP, with zero axe-core violations.
func TestBrowserFeaturedPhoto(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, demo.SiteKey)
	if err != nil {
		t.Fatal(err)
	}
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	it, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(nrPhotoWithGPS(t, 1800, 1200)), "Đoàn rước kiệu qua cổng tam quan chùa Bái Đính", nil)
	if err != nil {
		t.Fatal(err)
	}
	cats, err := app.db.FindCategories(ctx, site.ID)
	if err != nil || len(cats) == 0 {
		t.Fatal(err)
	}
	a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: "Khai mạc lễ hội chùa Bái Đính", Body: "<p>Sáng nay, lễ hội khai mạc.</p>",
		Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Minute), Author: "Kim Thoả",
		Photo: content.Photo{ID: it.ID, Src: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Alt: it.Alt}}
	if err := app.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	check := func(path, selector string) {
		t.Helper()
		p := b.Visit(app.URL + path)
		var got struct {
			Loaded bool   `json:"loaded"`
			Src    string `json:"src"`
			Alt    string `json:"alt"`
		}
		p.Eval(`(() => { const i = document.querySelector(`+"`"+selector+"`"+`);
			return i ? {loaded: i.complete && i.naturalWidth > 0, src: i.currentSrc, alt: i.alt} : {}; })()`, &got)
		if !got.Loaded || !strings.Contains(got.Src, "/anh/") || got.Alt != it.Alt {
			t.Errorf("%s %s: %+v", path, selector, got)
		}
		p.Screenshot(strings.Trim(strings.ReplaceAll(path, "/", "-"), "-") + "-anh")
		p.AssertNoAxeViolations()
	}
	check(content.ArticlePath(a.Slug), ".article-photo img")
	// The demo's own stories have photos too: find this one's by its alt.
	check("/", `img.thumb[alt="`+it.Alt+`"]`)
	check(content.CategoryPath(cats[0].Slug), `img.thumb[alt="`+it.Alt+`"]`)
}
