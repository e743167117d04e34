package storetest

import (
	"fmt"
	"testing"
	"time"

	"trangtin/internal/content"
)

// DeepCategory is the size of the category BenchDeepPages reads, and
// DeepPage the deep page it reads (15 articles a page, as the public
// category page).
const (
	DeepCategory = 100_000
	DeepPage     = 5_000
	deepPerPage  = 15
)

// DeepSite makes the site and category that a benchmark fills with
// DeepCategory published articles (by SQL of its engine: through
// CreateArticle it would take minutes).
func DeepSite(b testing.TB, s content.Store) (content.Site, content.Category) {
	b.Helper()
	site := content.Site{Key: "sau", Name: "Trang sâu", Host: "sau.example.vn"}
	if err := s.CreateSite(ctx, &site); err != nil {
		b.Fatal(err)
	}
	c := content.Category{SiteID: site.ID, Name: "Tin tức", Slug: "tin-tuc", Position: 1}
	if err := s.CreateCategory(ctx, &c, nil); err != nil {
		b.Fatal(err)
	}
	return site, c
}

// BenchDeepPages measures a category's page 1 and page DeepPage read by
// OFFSET (the code before issue 16) and by cursor, in the same run, and
// the count the page's pager makes; it fails if the two ways give
// different pages.
func BenchDeepPages(b *testing.B, s content.Store, siteID, catID int64) {
	now := time.Now()
	base := content.ArticleFilter{SiteID: siteID, CategoryIDs: []int64{catID}, PublicAt: now, Limit: deepPerPage}
	before := base
	before.Limit, before.Offset = 1, (DeepPage-1)*deepPerPage-1
	last, err := s.FindArticles(ctx, before)
	if err != nil || len(last) != 1 {
		b.Fatalf("the last article of page %d: %v (%d)", DeepPage-1, err, len(last))
	}
	byOffset, byCursor := base, base
	byOffset.Offset = (DeepPage - 1) * deepPerPage
	byCursor.After = content.CursorAt(last[0], false, DeepPage)
	a, err1 := s.FindArticles(ctx, byOffset)
	c, err2 := s.FindArticles(ctx, byCursor)
	if err1 != nil || err2 != nil || len(a) != deepPerPage || articleIDs(a) != articleIDs(c) {
		b.Fatalf("page %d by offset %s (%v), by cursor %s (%v)", DeepPage, articleIDs(a), err1, articleIDs(c), err2)
	}
	run := func(name string, f content.ArticleFilter) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.FindArticles(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("offset/page=1", base)
	run(fmt.Sprintf("offset/page=%d", DeepPage), byOffset)
	run(fmt.Sprintf("cursor/page=%d", DeepPage), byCursor)
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.CountArticles(ctx, base); err != nil {
				b.Fatal(err)
			}
		}
	})
}
