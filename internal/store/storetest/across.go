package storetest

import (
	"fmt"
	"testing"
	"time"

	"trangtin/internal/content"
)

// testArticlesAcrossSites: ArticleFilter.SiteIDs lists the public
// articles of those sites and no other, newest first, through both ways
// the service reads them (one query per site merged, and one query over
// all when the page is deep), which must agree.
func testArticlesAcrossSites(t *testing.T, s content.Store) {
	svc := content.NewService(s)
	day := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	var ids []int64
	for i, key := range []string{"xa-a", "xa-b", "xa-c"} {
		site := newSite(t, s, key)
		cat := content.Category{SiteID: site.ID, Name: "Tin tức"}
		must(t, svc.SaveCategory(ctx, &cat, nil), "SaveCategory")
		for j := 0; j < 3; j++ {
			st := content.StatusPublished
			if j == 2 {
				st = content.StatusDraft
			}
			a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: fmt.Sprintf("%s bài %d", key, j), Status: st,
				Body: "<p>.</p>", PublishedAt: day.Add(time.Duration(j*3+i) * time.Hour)}
			must(t, svc.SaveArticle(ctx, &a), "SaveArticle")
		}
		if i < 2 {
			ids = append(ids, site.ID)
		}
	}
	// Published at hour j*3+i: newest first, the two sites' four are
	// xa-b 1 (4h), xa-a 1 (3h), xa-b 0 (1h), xa-a 0 (0h); xa-c's are out.
	want := []string{"xa-b bài 1", "xa-a bài 1", "xa-b bài 0", "xa-a bài 0"}
	n, err := svc.CountPublicArticlesAcross(ctx, ids)
	must(t, err, "CountPublicArticlesAcross")
	if n != 4 {
		t.Errorf("count across two sites: %d, want 4", n)
	}
	merged, err := svc.PublicArticlesAcross(ctx, ids, 3, 1)
	must(t, err, "PublicArticlesAcross (merged)")
	deep, err := s.FindArticles(ctx, content.ArticleFilter{SiteIDs: ids, PublicAt: time.Now(), Limit: 3, Offset: 1})
	must(t, err, "FindArticles SiteIDs")
	for name, got := range map[string][]content.Article{"merged": merged, "one query": deep} {
		var titles []string
		for _, a := range got {
			titles = append(titles, a.Title)
		}
		if fmt.Sprint(titles) != fmt.Sprint(want[1:4]) {
			t.Errorf("%s: %q, want %q", name, titles, want[1:4])
		}
	}
}
