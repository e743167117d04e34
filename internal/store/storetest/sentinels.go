package storetest

import (
	"errors"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
	"trangtin/internal/user"
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

// testNotFoundSentinels: a missing row is the domain's sentinel, carrying
// the domain's sentence (the store writes none), on reads and on writes
// that touch no row.
func testNotFoundSentinels(t *testing.T, s content.Store) {
	site := newSite(t, s, "khongco")
	check := func(what string, err, want error) {
		t.Helper()
		if !errors.Is(err, want) || !apperr.Is(err, apperr.NotFound) || apperr.MessageOf(err) != apperr.MessageOf(want) {
			t.Errorf("%s: %v (message %q), want %v", what, err, apperr.MessageOf(err), want)
		}
	}
	_, err := s.FindArticleByID(ctx, site.ID, 999999)
	check("FindArticleByID", err, content.ErrArticleNotFound)
	_, err = s.FindCategoryByID(ctx, site.ID, 999999)
	check("FindCategoryByID", err, content.ErrCategoryNotFound)
	c := content.Category{ID: 999999, SiteID: site.ID, Name: "Không có", Slug: "khong-co"}
	check("UpdateCategory", s.UpdateCategory(ctx, &c, nil), content.ErrCategoryNotFound)
	_, err = s.FindPageBySlug(ctx, site.ID, "khong-co")
	check("FindPageBySlug", err, content.ErrPageNotFound)
	_, err = s.FindSiteByID(ctx, 999999)
	check("FindSiteByID", err, content.ErrSiteNotFound)
	if apperr.MessageOf(content.ErrArticleNotFound) != "Không tìm thấy bài viết." {
		t.Errorf("the article's sentence changed: %q", apperr.MessageOf(content.ErrArticleNotFound))
	}
	if ds, ok := s.(document.Store); ok {
		_, err := ds.FindDocumentByID(ctx, site.ID, 999999)
		check("FindDocumentByID", err, document.ErrNotFound)
	}
	if qs, ok := s.(question.Store); ok {
		_, err := qs.FindQuestionByID(ctx, site.ID, 999999)
		check("FindQuestionByID", err, question.ErrNotFound)
	}
	if us, ok := s.(user.UserStore); ok {
		_, err := us.FindUserByID(ctx, 999999)
		check("FindUserByID", err, user.ErrNotFound)
	}
	if ms, ok := s.(media.RecordStore); ok {
		_, err := ms.FindMedia(ctx, site.ID, 999999)
		check("FindMedia", err, media.ErrNotFound)
	}
}
