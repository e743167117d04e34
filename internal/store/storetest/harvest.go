package storetest

import (
	"testing"
	"time"

	"trangtin/internal/content"
)

// RunHarvest checks ArticleFilter.UpdatedSince, which the open API uses
// for harvesting: only articles changed at or after the time, oldest
// change first, paged with Limit and Offset, counted alike.
func RunHarvest(t *testing.T, open Open) {
	s := open(t)
	site := newSite(t, s, "thuhoach")
	other := newSite(t, s, "khac")
	cat := newCategory(t, s, site.ID, "tin-tuc", 0, 1)
	otherCat := newCategory(t, s, other.ID, "tin-tuc", 0, 1)
	pub := time.Date(2023, 3, 10, 1, 0, 0, 0, time.UTC)

	var as []content.Article
	for i, slug := range []string{"a", "b", "c", "d"} {
		a := article(site.ID, cat.ID, slug, pub.Add(time.Duration(i)*time.Hour))
		must(t, s.CreateArticle(ctx, &a), "CreateArticle "+slug)
		as = append(as, a)
	}
	time.Sleep(5 * time.Millisecond)
	since := time.Now()
	time.Sleep(5 * time.Millisecond)
	// Changed after since, in this order: c, then a; b and d are not.
	for _, i := range []int{2, 0} {
		a, err := s.FindArticleByID(ctx, site.ID, as[i].ID)
		must(t, err, "FindArticleByID")
		a.Title += " (sửa)"
		must(t, s.UpdateArticle(ctx, &a), "UpdateArticle")
		time.Sleep(2 * time.Millisecond)
	}
	o := article(other.ID, otherCat.ID, "khac", pub)
	must(t, s.CreateArticle(ctx, &o), "CreateArticle on another site")

	f := content.ArticleFilter{SiteID: site.ID, UpdatedSince: since, Limit: 10}
	got, err := s.FindArticles(ctx, f)
	must(t, err, "FindArticles UpdatedSince")
	if slugs := slugsOf(got); len(slugs) != 2 || slugs[0] != "c" || slugs[1] != "a" {
		t.Errorf("UpdatedSince: got %v, want [c a] (oldest change first, this site only)", slugs)
	}
	for _, a := range got {
		if a.UpdatedAt.Before(since) {
			t.Errorf("%s: updated %v, before %v", a.Slug, a.UpdatedAt, since)
		}
	}
	n, err := s.CountArticles(ctx, f)
	must(t, err, "CountArticles UpdatedSince")
	if n != 2 {
		t.Errorf("CountArticles UpdatedSince = %d, want 2", n)
	}

	// Paging over the whole site: newest published first, no overlap.
	f = content.ArticleFilter{SiteID: site.ID, PublicAt: pub.Add(24 * time.Hour), Limit: 3}
	first, err := s.FindArticles(ctx, f)
	must(t, err, "FindArticles page 1")
	f.Offset = 3
	second, err := s.FindArticles(ctx, f)
	must(t, err, "FindArticles page 2")
	if a, b := slugsOf(first), slugsOf(second); len(a) != 3 || len(b) != 1 || a[0] != "d" || b[0] != "a" {
		t.Errorf("pages: %v then %v, want [d c b] then [a]", a, b)
	}
	// A time after every change keeps nothing.
	f = content.ArticleFilter{SiteID: site.ID, UpdatedSince: time.Now().Add(time.Hour)}
	if got, err := s.FindArticles(ctx, f); err != nil || len(got) != 0 {
		t.Errorf("UpdatedSince in the future: %v, %v", slugsOf(got), err)
	}
}

func slugsOf(as []content.Article) []string {
	out := []string{}
	for _, a := range as {
		out = append(out, a.Slug)
	}
	return out
}
