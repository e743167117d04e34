package storetest

import (
	"errors"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
)

// testSentinelErrors: the conflicts callers must tell apart are the
// domain's sentinel errors, recognised with errors.Is: a slug another
// article, page or category of the site holds (content.ErrSlugTaken, not
// any other conflict), the deletion of a category in use
// (content.ErrCategoryInUse) and a workflow step over an article changed
// meanwhile (content.ErrStale).
func testSentinelErrors(t *testing.T, s content.Store) {
	site := newSite(t, s, "loi")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Một", Slug: "mot", Status: content.StatusDraft}
	must(t, s.CreateArticle(ctx, &a), "CreateArticle")
	dup := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Một nữa", Slug: "mot", Status: content.StatusDraft}
	if err := s.CreateArticle(ctx, &dup); !errors.Is(err, content.ErrSlugTaken) {
		t.Errorf("article with a taken slug: %v, want content.ErrSlugTaken", err)
	}
	src := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Hai", Slug: "hai", SourceURL: "https://x.vn/1", Status: content.StatusDraft}
	must(t, s.CreateArticle(ctx, &src), "CreateArticle with a source")
	same := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Ba", Slug: "ba", SourceURL: "https://x.vn/1", Status: content.StatusDraft}
	if err := s.CreateArticle(ctx, &same); err == nil || errors.Is(err, content.ErrSlugTaken) {
		t.Errorf("article with a taken source address: %v, want a conflict that is not ErrSlugTaken", err)
	}
	p := content.Page{SiteID: site.ID, Title: "Giới thiệu", Slug: "gioi-thieu"}
	must(t, s.CreatePage(ctx, &p, nil), "CreatePage")
	p2 := content.Page{SiteID: site.ID, Title: "Giới thiệu 2", Slug: "gioi-thieu"}
	if err := s.CreatePage(ctx, &p2, nil); !errors.Is(err, content.ErrSlugTaken) {
		t.Errorf("page with a taken slug: %v, want content.ErrSlugTaken", err)
	}
	c2 := content.Category{SiteID: site.ID, Name: "Tin 2", Slug: "tin"}
	if err := s.CreateCategory(ctx, &c2, nil); !errors.Is(err, content.ErrSlugTaken) {
		t.Errorf("category with a taken slug: %v, want content.ErrSlugTaken", err)
	}
	if err := s.DeleteCategory(ctx, site.ID, cat.ID, nil); !errors.Is(err, content.ErrCategoryInUse) {
		t.Errorf("deleting a category in use: %v, want content.ErrCategoryInUse", err)
	}
	if ns, ok := s.(newsroom.Store); ok {
		// Another writer changes the article; a copy read before, even one
		// whose updated_at matches the stored one to the microsecond (two
		// writes in one clock tick), is stale: the version decides, not
		// the clock.
		read := a
		other := a
		other.Title = "Bản của người khác"
		must(t, s.UpdateArticle(ctx, &other), "UpdateArticle")
		cur, err := s.FindArticleByID(ctx, site.ID, a.ID)
		must(t, err, "FindArticleByID")
		if cur.Version != read.Version+1 {
			t.Errorf("Version after an update = %d, want %d", cur.Version, read.Version+1)
		}
		read.UpdatedAt = cur.UpdatedAt
		read.Title = "Bản cũ"
		if err := ns.ApplyChange(ctx, &newsroom.Change{Article: &read}); !errors.Is(err, content.ErrStale) {
			t.Errorf("a step over a changed article: %v, want content.ErrStale", err)
		}
		cur.Title = "Bản mới"
		must(t, ns.ApplyChange(ctx, &newsroom.Change{Article: &cur}), "ApplyChange over the current version")
	}
}
