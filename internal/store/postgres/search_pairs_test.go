package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/store/postgres"
)

// TestSearchSideBySideBeyondTheCap checks the pairs branch (migration
// 0047): past search.MaxCount matches the candidates are the newest
// matches and the newest title matches, and a query of several words
// must still bring the older article that holds them side by side,
// however many newer ones hold them apart; a phrase must match that
// article alone.
func TestSearchSideBySideBeyondTheCap(t *testing.T) {
	ctx := context.Background()
	db := open(t).(*postgres.DB)
	site := content.Site{Key: "a", Name: "A"}
	if err := db.CreateSite(ctx, &site); err != nil {
		t.Fatal(err)
	}
	cat := content.Category{SiteID: site.ID, Name: "C", Slug: "c"}
	if err := db.CreateCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour)
	add := func(slug, title, body string) content.Article {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: title, Slug: slug,
			Body: "<p>" + body + "</p>", Status: content.StatusPublished, PublishedAt: at}
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	target := add("target", "Thăm hỏi gia đình chính sách", "Đồng chí Tô Lâm đến thăm xã.")
	for i := range search.MaxCount + 50 {
		add(fmt.Sprintf("d%d", i), fmt.Sprintf("Bản tin số %d", i), "Tô điểm cảnh quan, bảo vệ rừng và lâm sản.")
	}
	for _, in := range []string{"to lam", "tô lâm", `"to lam"`} {
		q, err := search.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		got, total, err := db.SearchCandidates(ctx, q, search.Filter{SiteID: site.ID, Now: time.Now()}, 200)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !slices.ContainsFunc(got, func(c search.Candidate) bool { return c.RefID == target.ID }) {
			t.Errorf("%s: %d candidates of %d matches, without the article holding the words side by side", in, len(got), total)
		}
		if in == `"to lam"` && (total != 1 || len(got) != 1) {
			t.Errorf("%s: %d candidates, total %d, want the one article holding the phrase", in, len(got), total)
		}
	}
}
