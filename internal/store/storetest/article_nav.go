package storetest

import (
	"fmt"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/visits"
)

// ArticleNavStore is what the article page's neighbours, related articles
// and view counts need from one database.
type ArticleNavStore interface {
	content.Store
	visits.ViewStore
}

// RunArticleNav runs the conformance suite of the article page's
// "Tin mới hơn / Tin cũ hơn" (public articles of the same category only,
// ties broken by ID), "Tin liên quan" (shared key words, folded; most
// shared first) and view counts.
func RunArticleNav(t *testing.T, open func(t *testing.T) ArticleNavStore) {
	t.Run("Neighbours", func(t *testing.T) { testNeighbours(t, open(t)) })
	t.Run("Related", func(t *testing.T) { testRelated(t, open(t)) })
	t.Run("Views", func(t *testing.T) { testArticleViews(t, open(t)) })
}

func navArticle(t *testing.T, s content.Store, site, cat int64, slug string, at time.Time, status content.Status, keywords string) content.Article {
	t.Helper()
	a := content.Article{SiteID: site, CategoryID: cat, Title: "Bài " + slug, Slug: slug, Body: "<p>x</p>", Status: status,
		PublishedAt: at, Keywords: keywords}
	must(t, s.CreateArticle(ctx, &a), "CreateArticle "+slug)
	return a
}

func testNeighbours(t *testing.T, s ArticleNavStore) {
	site := newSite(t, s, "lan-can")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	other := newCategory(t, s, site.ID, "khac", 0, 2)
	base := time.Date(2026, 3, 10, 1, 30, 0, 0, time.UTC)
	now := base.Add(48 * time.Hour)
	old := navArticle(t, s, site.ID, cat.ID, "cu", base.Add(-time.Hour), content.StatusPublished, "")
	navArticle(t, s, site.ID, other.ID, "chuyen-muc-khac", base.Add(-time.Minute), content.StatusPublished, "")
	navArticle(t, s, site.ID, cat.ID, "nhap", base.Add(-30*time.Minute), content.StatusDraft, "")
	mid := navArticle(t, s, site.ID, cat.ID, "giua", base, content.StatusPublished, "")
	same := navArticle(t, s, site.ID, cat.ID, "cung-gio", base, content.StatusPublished, "") // same time, larger ID: newer
	navArticle(t, s, site.ID, cat.ID, "hen-gio", now.Add(time.Hour), content.StatusPublished, "")
	newer, older, err := s.ArticleNeighbours(ctx, mid, now)
	must(t, err, "ArticleNeighbours")
	if newer.ID != same.ID || older.ID != old.ID {
		t.Errorf("neighbours of the middle article: newer %q, older %q; want %q and %q", newer.Slug, older.Slug, same.Slug, old.Slug)
	}
	newer, older, err = s.ArticleNeighbours(ctx, same, now)
	must(t, err, "ArticleNeighbours")
	if newer.ID != 0 || older.ID != mid.ID {
		t.Errorf("neighbours of the newest: newer %q (a future one must not show), older %q", newer.Slug, older.Slug)
	}
	newer, older, err = s.ArticleNeighbours(ctx, old, now)
	must(t, err, "ArticleNeighbours")
	if newer.ID != mid.ID || older.ID != 0 {
		t.Errorf("neighbours of the oldest: newer %q (not the draft), older %q", newer.Slug, older.Slug)
	}
}

func testRelated(t *testing.T, s ArticleNavStore) {
	site := newSite(t, s, "lien-quan")
	site2 := newSite(t, s, "lien-quan-2")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	cat2 := newCategory(t, s, site2.ID, "tin", 0, 1)
	at := time.Date(2026, 3, 10, 1, 30, 0, 0, time.UTC)
	now := at.Add(24 * time.Hour)
	a := navArticle(t, s, site.ID, cat.ID, "goc", at, content.StatusPublished, "Bảo trợ xã hội, người cao tuổi, Gia Viễn")
	two := navArticle(t, s, site.ID, cat.ID, "hai-tu", at.Add(-2*time.Hour), content.StatusPublished, "bao tro xa hoi,  Người cao tuổi ")
	one := navArticle(t, s, site.ID, cat.ID, "mot-tu", at.Add(-time.Hour), content.StatusPublished, "gia viễn, lễ hội")
	navArticle(t, s, site.ID, cat.ID, "khong-chung", at.Add(-time.Minute), content.StatusPublished, "lễ hội")
	navArticle(t, s, site.ID, cat.ID, "nhap", at.Add(-time.Minute), content.StatusDraft, "bảo trợ xã hội")
	navArticle(t, s, site2.ID, cat2.ID, "trang-khac", at.Add(-time.Minute), content.StatusPublished, "bảo trợ xã hội")
	got, err := s.RelatedArticles(ctx, a, now, 5)
	must(t, err, "RelatedArticles")
	if len(got) != 2 || got[0].ID != two.ID || got[1].ID != one.ID {
		var slugs []string
		for _, x := range got {
			slugs = append(slugs, x.Slug)
		}
		t.Errorf("related %v, want [hai-tu mot-tu] (two shared, then one; not itself, a draft or another site's)", slugs)
	}
	if got, err := s.RelatedArticles(ctx, a, now, 1); err != nil || len(got) != 1 || got[0].ID != two.ID {
		t.Errorf("limit 1: %v %v", got, err)
	}
	plain := navArticle(t, s, site.ID, cat.ID, "khong-tu-khoa", at, content.StatusPublished, "")
	if got, err := s.RelatedArticles(ctx, plain, now, 5); err != nil || len(got) != 0 {
		t.Errorf("an article without key words: %v %v", got, err)
	}
	// More articles sharing key words: the limit holds.
	for i := range 3 {
		navArticle(t, s, site.ID, cat.ID, fmt.Sprintf("moi-%d", i), at.Add(time.Duration(i+1)*time.Minute), content.StatusPublished, "bảo trợ xã hội")
	}
	if got, err := s.RelatedArticles(ctx, a, now, 10); err != nil || len(got) != 5 {
		t.Errorf("after three more: %d related, %v; want 5", len(got), err)
	}
}

func testArticleViews(t *testing.T, s ArticleNavStore) {
	if n, err := s.ArticleViews(ctx, 42); err != nil || n != 0 {
		t.Fatalf("never viewed: %d %v", n, err)
	}
	must(t, s.AddArticleViews(ctx, "2026-03", map[int64]int64{42: 3, 43: 1}), "AddArticleViews")
	must(t, s.AddArticleViews(ctx, "2026-03", map[int64]int64{42: 4}), "AddArticleViews")
	must(t, s.AddArticleViews(ctx, "2026-03", nil), "AddArticleViews nothing")
	for id, want := range map[int64]int64{42: 7, 43: 1, 44: 0} {
		if n, err := s.ArticleViews(ctx, id); err != nil || n != want {
			t.Errorf("article %d: %d views, %v; want %d", id, n, err, want)
		}
	}
}
