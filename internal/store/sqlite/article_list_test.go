package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/store/sqlite"
)

// TestListFoldIsFilledForOlderArticles: articles written before migration
// 0009 have an empty list_fold; opening the store fills it, so the admin
// list's text filter finds them.
func TestListFoldIsFilledForOlderArticles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	site := content.Site{Key: "k", Name: "N"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.CreateSite(ctx, &site))
	cat := content.Category{SiteID: site.ID, Name: "Tin", Slug: "tin"}
	must(db.CreateCategory(ctx, &cat, nil))
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Lễ hội Hoa Lư", Slug: "le-hoi", Status: content.StatusDraft}
	must(db.CreateArticle(ctx, &a))
	db.Close()

	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE articles SET list_fold = ''`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountArticles(ctx, content.ArticleFilter{SiteID: site.ID, Text: "hoa lu"})
	if err != nil || n != 1 {
		t.Fatalf("after reopening: %d found, %v; want 1", n, err)
	}
}
