package main

import (
	"context"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/testenv"
)

// TestRatingResolvers checks the wiring's resolvers: a public article and
// document resolve to their title and public address; a withdrawn one, or
// an unknown id, is not found, with a Vietnamese reason when it was gone.
func TestRatingResolvers(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	a := seedArticle(t, app)
	resolve := ratingResolvers(app.svc, app.docs)
	rateArticle, rateDocument := resolve["article"], resolve["document"]
	if len(resolve) != 2 || rateArticle == nil || rateDocument == nil {
		t.Fatalf("resolvers: %v", resolve)
	}
	it := testenv.Must(rateArticle(ctx, a.SiteID, a.ID)).Get(t)
	if it.Title != a.Title || it.URL != content.ArticlePath(a.Slug) {
		t.Errorf("article resolves to %+v", it)
	}
	docs := testenv.Must(app.db.FindDocuments(ctx, document.Filter{SiteID: a.SiteID, Status: document.StatusPublished, Limit: 1})).Get(t)
	if len(docs) != 1 {
		t.Fatalf("the demo has %d published documents", len(docs))
	}
	d := docs[0]
	if it := testenv.Must(rateDocument(ctx, a.SiteID, d.ID)).Get(t); it.Title != d.Title() || it.URL != d.Path() {
		t.Errorf("document resolves to %+v", it)
	}
	for kind, fn := range resolve {
		if _, err := fn(ctx, a.SiteID, 999999); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown %s: %v", kind, err)
		}
	}
	a.Status = content.StatusWithdrawn
	if err := app.db.UpdateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	_, err := rateArticle(ctx, a.SiteID, a.ID)
	if !apperr.Is(err, apperr.NotFound) || apperr.MessageOf(err) != "Bài viết này không còn được công bố." {
		t.Errorf("withdrawn article: %v", err)
	}
}
