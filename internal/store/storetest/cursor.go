package storetest

import (
	"fmt"
	"testing"
	"time"

	"trangtin/internal/content"
)

// testArticleCursor: reading a list page by page after a cursor (and
// back before one) gives every article once, in the list's order, the
// same as OFFSET pages, for each of the lists' orders; ties of the sort
// time are broken by id; a cursor past the end gives nothing.
func testArticleCursor(t *testing.T, s content.Store) {
	site := newSite(t, s, "con-tro")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	other := newCategory(t, s, site.ID, "khac", 0, 2)
	base := time.Date(2025, 11, 3, 2, 0, 0, 0, time.UTC)
	for i := range 23 {
		c := cat.ID
		if i%4 == 3 {
			c = other.ID
		}
		at := base.Add(time.Duration(i/3) * time.Hour) // three articles share each time
		status := content.StatusPublished
		if i == 7 {
			status = content.StatusDraft
		}
		a := content.Article{SiteID: site.ID, CategoryID: c, Title: fmt.Sprintf("Bài %d", i), Slug: fmt.Sprintf("bai-%d", i),
			Body: "<p>x</p>", Status: status, PublishedAt: at}
		must(t, s.CreateArticle(ctx, &a), "CreateArticle")
	}
	now := base.Add(48 * time.Hour)
	for _, tc := range []struct {
		name string
		f    content.ArticleFilter
	}{
		{"public", content.ArticleFilter{SiteID: site.ID, PublicAt: now}},
		{"category", content.ArticleFilter{SiteID: site.ID, CategoryIDs: []int64{cat.ID}, PublicAt: now}},
		{"by last change", content.ArticleFilter{SiteID: site.ID, ByUpdated: true}},
		{"harvest", content.ArticleFilter{SiteID: site.ID, PublicAt: now, UpdatedSince: base.Add(-time.Hour)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all := tc.f
			all.Limit = 100
			want, err := s.FindArticles(ctx, all)
			must(t, err, "FindArticles")
			if len(want) < 10 {
				t.Fatalf("the list has %d articles, want at least 10", len(want))
			}
			const per = 4
			var got []content.Article
			var pages [][]content.Article
			f := tc.f
			f.Limit = per
			for range 20 {
				page, err := s.FindArticles(ctx, f)
				must(t, err, "FindArticles after a cursor")
				if len(page) == 0 {
					break
				}
				pages = append(pages, page)
				got = append(got, page...)
				f.After = content.CursorAt(page[len(page)-1], f.ByUpdated || !f.UpdatedSince.IsZero(), len(pages)+1)
			}
			if articleIDs(got) != articleIDs(want) {
				t.Fatalf("pages read after cursors give %s, want %s", articleIDs(got), articleIDs(want))
			}
			// Walk back from the last page: each page before the first
			// article of a page is the page read before it.
			for i := len(pages) - 1; i > 0; i-- {
				b := tc.f
				b.Limit = per
				b.Before = content.CursorAt(pages[i][0], b.ByUpdated || !b.UpdatedSince.IsZero(), i)
				prev, err := s.FindArticles(ctx, b)
				must(t, err, "FindArticles before a cursor")
				if articleIDs(prev) != articleIDs(pages[i-1]) {
					t.Errorf("the page before page %d is %s, want %s", i+1, articleIDs(prev), articleIDs(pages[i-1]))
				}
			}
			// The same pages by offset.
			for i, page := range pages {
				o := tc.f
				o.Limit, o.Offset = per, i*per
				byOffset, err := s.FindArticles(ctx, o)
				must(t, err, "FindArticles by offset")
				if articleIDs(byOffset) != articleIDs(page) {
					t.Errorf("page %d: by offset %s, by cursor %s", i+1, articleIDs(byOffset), articleIDs(page))
				}
			}
		})
	}
	last := content.Cursor{At: base.Add(-time.Hour), ID: 1, Page: 9}
	rest, err := s.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, PublicAt: now, After: last})
	must(t, err, "FindArticles past the end")
	if len(rest) != 0 {
		t.Errorf("a cursor older than every article gives %d articles, want none", len(rest))
	}
}

func articleIDs(as []content.Article) string {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return fmt.Sprint(out)
}

// testArticleMonths: the months of a site's published articles, counted
// and versioned: a new published article, an edit, a move to another
// month and a withdrawal each move the version of the months they touch,
// and only those; drafts and other sites count for nothing.
func testArticleMonths(t *testing.T, s content.Store) {
	ms, ok := s.(content.MonthStore)
	if !ok {
		t.Fatal("the store does not list article months (content.MonthStore)")
	}
	site := newSite(t, s, "thang")
	other := newSite(t, s, "thang-khac")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	otherCat := newCategory(t, s, other.ID, "tin", 0, 1)
	nov := time.Date(2025, 11, 30, 23, 0, 0, 0, time.UTC)
	dec := time.Date(2025, 12, 1, 1, 0, 0, 0, time.UTC)
	add := func(siteID, catID int64, slug string, at time.Time, st content.Status) content.Article {
		a := content.Article{SiteID: siteID, CategoryID: catID, Title: slug, Slug: slug, Body: "<p>x</p>", Status: st, PublishedAt: at}
		must(t, s.CreateArticle(ctx, &a), "CreateArticle")
		return a
	}
	months := func() map[int]content.ArticleMonth {
		t.Helper()
		list, err := ms.ArticleMonths(ctx, site.ID)
		must(t, err, "ArticleMonths")
		out := map[int]content.ArticleMonth{}
		for _, m := range list {
			out[m.Year*100+m.Month] = m
		}
		return out
	}
	a := add(site.ID, cat.ID, "mot", nov, content.StatusPublished)
	add(site.ID, cat.ID, "hai", nov, content.StatusPublished)
	add(site.ID, cat.ID, "nhap", dec, content.StatusDraft)
	add(other.ID, otherCat.ID, "khac", dec, content.StatusPublished)
	m := months()
	if len(m) != 1 || m[202511].Articles != 2 {
		t.Fatalf("months after two articles of November and a draft of December: %+v", m)
	}
	before := m[202511].Version

	a.Summary = "sửa"
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle")
	m = months()
	if m[202511].Articles != 2 || m[202511].Version == before {
		t.Errorf("an edit of a November article: %+v (version was %d)", m[202511], before)
	}
	before = m[202511].Version

	a.PublishedAt = dec
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle")
	m = months()
	if m[202511].Articles != 1 || m[202512].Articles != 1 || m[202511].Version == before {
		t.Errorf("an article moved to December: %+v", m)
	}
	nov25, dec25 := m[202511].Version, m[202512].Version

	a.Status = content.StatusWithdrawn
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle")
	m = months()
	if _, ok := m[202512]; ok || m[202511].Version != nov25 {
		t.Errorf("after the December article was withdrawn: %+v (December was version %d); want November alone, unchanged", m, dec25)
	}
}
