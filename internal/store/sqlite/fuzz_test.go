package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/store/sqlite"
)

// FuzzSearch sends arbitrary input through the whole search path on a
// real FTS5 index: it is either refused by Parse with a Vietnamese
// message, or searched without any error from the engine.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{`bảo trợ "xã hội" -huyện`, `NEAR(a b)`, `a AND b OR c NOT d`, `"`, `*^:`, `{title}: x`, "😀", "\xff", `-"x y"`, `a-b`, `"a" "b`} {
		f.Add(s)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	svc := content.NewService(db)
	site := content.Site{Key: "a", Name: "A"}
	cat := content.Category{Name: "Tin"}
	if err := svc.SaveSite(ctx, &site, nil); err != nil {
		f.Fatal(err)
	}
	cat.SiteID = site.ID
	if err := svc.SaveCategory(ctx, &cat, nil); err != nil {
		f.Fatal(err)
	}
	for _, title := range []string{"Hội nghị bảo trợ xã hội", "Đường giao thông nông thôn", "Quyết định 123/QĐ-UBND"} {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: title, Body: "<p>" + title + " AND OR NOT NEAR</p>", Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			f.Fatal(err)
		}
	}
	srch := search.NewService(db)
	f.Fuzz(func(t *testing.T, in string) {
		q, err := search.Parse(in)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) || apperr.MessageOf(err) == "" {
				t.Fatalf("Parse(%q): %v", in, err)
			}
			return
		}
		if _, err := srch.Search(ctx, q, search.Filter{SiteID: site.ID}, 10, 0); err != nil {
			t.Fatalf("Search(%q) parsed as %+v: %v", in, q, err)
		}
	})
}
