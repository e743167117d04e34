package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/redirect"
	"trangtin/internal/search"
)

// importStore is what the importers from other portals write through:
// records with their old addresses, in one transaction.
type importStore interface {
	ImportArticles(ctx context.Context, as []*content.Article, entries []redirect.Entry, pre ...*content.SearchEntry) error
	FindArticlesBySourceURL(ctx context.Context, siteID int64, urls []string) (map[string]content.Article, error)
	ArticleSlugOwners(ctx context.Context, siteID int64, slugs []string) (map[string]int64, error)
	ImportPage(ctx context.Context, p *content.Page, entries []redirect.Entry) error
	FindRedirect(ctx context.Context, siteID int64, keys []string) (redirect.Entry, error)
}

// testImports: a batch of articles and their old addresses is written
// whole or not at all, and found again by source address; a static page
// is created and updated (at its version) with its old addresses.
func testImports(t *testing.T, s content.Store) {
	st, ok := s.(importStore)
	if !ok {
		t.Fatal("the store cannot take imports")
	}
	site := newSite(t, s, "nhap")
	cat := newCategory(t, s, site.ID, "tin-tuc", 0, 1)
	art := func(n string) *content.Article {
		return &content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Bài " + n, Slug: "bai-" + n, Body: "<p>Nội dung</p>",
			SourceURL: "nukeviet:rows#" + n, Status: content.StatusPublished}
	}
	entry := func(from, to string) redirect.Entry {
		return redirect.Entry{SiteID: site.ID, From: from, ToSiteID: site.ID, To: to, Source: "nukeviet:test"}
	}
	a, b := art("1"), art("2")
	must(t, st.ImportArticles(ctx, []*content.Article{a, b}, []redirect.Entry{entry("/news/a-1.html", "/tin-tuc/bai-1"), entry("/news/a-2.html", "/tin-tuc/bai-2")}), "ImportArticles")
	if a.ID == 0 || b.ID == 0 {
		t.Fatalf("ImportArticles left IDs %d, %d", a.ID, b.ID)
	}
	found, err := st.FindArticlesBySourceURL(ctx, site.ID, []string{"nukeviet:rows#1", "nukeviet:rows#2", "nukeviet:rows#3"})
	must(t, err, "FindArticlesBySourceURL")
	if len(found) != 2 || found["nukeviet:rows#1"].ID != a.ID || found["nukeviet:rows#2"].Title != "Bài 2" || found["nukeviet:rows#2"].Body != "<p>Nội dung</p>" {
		t.Errorf("FindArticlesBySourceURL = %+v", found)
	}
	owners, err := st.ArticleSlugOwners(ctx, site.ID, []string{"bai-1", "bai-9"})
	must(t, err, "ArticleSlugOwners")
	if len(owners) != 1 || owners["bai-1"] != a.ID {
		t.Errorf("ArticleSlugOwners = %v", owners)
	}
	if e, err := st.FindRedirect(ctx, site.ID, []string{"/news/a-2.html"}); err != nil || e.To != "/tin-tuc/bai-2" {
		t.Errorf("FindRedirect after ImportArticles = %+v, %v", e, err)
	}

	// A batch where one article takes a slug another holds: nothing of
	// it is written, and the error says why.
	c, d := art("3"), art("4")
	d.Slug = "bai-1"
	a.Title = "Bài 1 sửa"
	err = st.ImportArticles(ctx, []*content.Article{a, c, d}, []redirect.Entry{entry("/news/a-3.html", "/tin-tuc/bai-3")})
	wantIs(t, err, content.ErrSlugTaken, "ImportArticles with a slug taken")
	if c.ID != 0 || d.ID != 0 {
		t.Errorf("a failed batch left IDs %d, %d", c.ID, d.ID)
	}
	found, err = st.FindArticlesBySourceURL(ctx, site.ID, []string{"nukeviet:rows#1", "nukeviet:rows#3"})
	must(t, err, "FindArticlesBySourceURL")
	if len(found) != 1 || found["nukeviet:rows#1"].Title != "Bài 1" {
		t.Errorf("a failed batch wrote: %+v", found)
	}
	if _, err := st.FindRedirect(ctx, site.ID, []string{"/news/a-3.html"}); !errors.Is(err, redirect.ErrNotFound) {
		t.Errorf("a failed batch wrote its old address: %v", err)
	}

	testImportSearchEntries(t, s, st, art)

	// A page created, then updated at its version; a stale copy is refused.
	p := content.Page{SiteID: site.ID, Title: "Giới thiệu", Slug: "gioi-thieu", Body: "<p>Xã</p>", Position: 1, InMenu: true}
	must(t, st.ImportPage(ctx, &p, []redirect.Entry{entry("/page/gioi-thieu.html", "/trang/gioi-thieu")}), "ImportPage new")
	stale := p
	p.Body = "<p>Xã An Bình</p>"
	must(t, st.ImportPage(ctx, &p, nil), "ImportPage update")
	got, err := s.FindPageBySlug(ctx, site.ID, "gioi-thieu")
	must(t, err, "FindPageBySlug")
	if got.Body != p.Body || got.Version != p.Version {
		t.Errorf("after ImportPage update: %+v, want body %q version %d", got, p.Body, p.Version)
	}
	stale.Body = "<p>Cũ</p>"
	wantIs(t, st.ImportPage(ctx, &stale, nil), content.ErrPageStale, "ImportPage of a stale copy")
}

// testImportSearchEntries: search entries computed ahead of ImportArticles
// are what the index holds; one whose article changed since is computed
// again from the article.
func testImportSearchEntries(t *testing.T, s content.Store, st importStore, art func(string) *content.Article) {
	t.Helper()
	e, f := art("5"), art("6")
	e.Body, f.Body = "<p>Lễ hội đình làng Phú Xuân</p>", "<p>Bản cũ</p>"
	e.PublishedAt, f.PublishedAt = time.Now().Add(-time.Hour), time.Now().Add(-time.Hour)
	pre := []*content.SearchEntry{content.NewSearchEntry(e), content.NewSearchEntry(f)}
	f.Body = "<p>Chợ phiên vùng cao</p>"
	must(t, st.ImportArticles(ctx, []*content.Article{e, f}, nil, pre...), "ImportArticles with search entries")
	idx, ok := s.(search.Index)
	if !ok {
		t.Fatal("the store is no search index")
	}
	for q, want := range map[string]int64{"le hoi dinh lang phu xuan": e.ID, "cho phien vung cao": f.ID, "ban cu": 0} {
		res, err := search.NewService(idx).Search(ctx, mustParse(t, q), search.Filter{SiteID: e.SiteID}, 5, 0)
		var got []int64
		for _, h := range res.Hits {
			got = append(got, h.RefID)
		}
		if err != nil || (want == 0) != (len(got) == 0) || (want != 0 && (len(got) != 1 || got[0] != want)) {
			t.Errorf("search %q after ImportArticles with search entries: %v, %v; want article %d", q, got, err, want)
		}
	}
}
