package content_test

import (
	"errors"
	"strings"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
)

// TestBylineLength: the author's and the unit's names are limited by the
// content rules, for every caller (the editors' form used to be the only
// place that checked them, so the workflow, an import or the API could
// store a name of any length). A name at the limit passes.
func TestBylineLength(t *testing.T) {
	svc, site, cat := newService(t)
	long := strings.Repeat("ư", content.MaxName+1)
	for _, c := range []struct{ field, author, unit string }{
		{"author", long, "Trung tâm"},
		{"unit", "Kim Thoả", long},
	} {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Tin", Author: c.author, Unit: c.unit}
		err := svc.PrepareArticle(ctx, &a)
		var e *apperr.Error
		if !errors.As(err, &e) || e.Code != apperr.Invalid || e.Fields[c.field] == "" {
			t.Errorf("%s of %d letters: %v, want Invalid naming %s", c.field, content.MaxName+1, err, c.field)
			continue
		}
		if e.Fields[c.field] != map[string]string{"author": "Tên tác giả quá dài.", "unit": "Tên đơn vị quá dài."}[c.field] {
			t.Errorf("%s: message %q", c.field, e.Fields[c.field])
		}
		if err := svc.SaveArticle(ctx, &a); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("saved with a long %s: %v", c.field, err)
		}
	}
	if n := testenv.Must(svc.Store().CountArticles(ctx, content.ArticleFilter{SiteID: site.ID})).Get(t); n != 0 {
		t.Errorf("%d articles stored with a long byline", n)
	}
	ok := strings.Repeat("ư", content.MaxName)
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Tin", Author: " " + ok + " ", Unit: ok}
	if err := svc.PrepareArticle(ctx, &a); err != nil || a.Author != ok {
		t.Errorf("a name at the limit: %v (author %d letters)", err, len([]rune(a.Author)))
	}
}
