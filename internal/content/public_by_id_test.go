package content_test

import (
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// TestPublicArticleByID: by id, as the API reads it, an article is public
// by the same rule as by its address: published and its time reached. A
// draft, one published for later, a withdrawn one and another site's are
// not found.
func TestPublicArticleByID(t *testing.T) {
	svc, site, cat := newService(t)
	other := content.Site{Key: "khac", Name: "Trang khác"}
	if err := svc.SaveSite(ctx, &other, nil); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	add := func(title string, st content.Status, at time.Time) content.Article {
		t.Helper()
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: title, Status: st, PublishedAt: at}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		return a
	}
	live := add("Đã đăng", content.StatusPublished, now.Add(-time.Hour))
	if a, err := svc.PublicArticleByID(ctx, site.ID, live.ID); err != nil || a.ID != live.ID {
		t.Errorf("published: %v", err)
	}
	for _, a := range []content.Article{
		add("Nháp", content.StatusDraft, time.Time{}),
		add("Hẹn giờ", content.StatusPublished, now.Add(time.Hour)),
		add("Đã gỡ", content.StatusWithdrawn, now.Add(-time.Hour)),
	} {
		if _, err := svc.PublicArticleByID(ctx, site.ID, a.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s: %v, want NotFound", a.Title, err)
		}
	}
	if _, err := svc.PublicArticleByID(ctx, other.ID, live.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another site's: %v, want NotFound", err)
	}
}
