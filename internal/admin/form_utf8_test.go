package admin

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// TestFormNotUTF8ShownAgain: bytes that are not UTF-8 in a submitted
// article used to be dropped silently and the article saved. The editor
// is shown again with a clear message, what was typed kept and the bad
// bytes marked, and nothing is stored.
func TestFormNotUTF8ShownAgain(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	res := c.post(pathNewArticle, draftForm(f.cat.ID, "Hội nghị \xff\xfe tổng kết", "<p>Nội dung \xc3 đầy đủ.</p>"))
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422 (the form again)\n%.800s", res.status, res.body)
	}
	page := html.UnescapeString(res.body)
	for _, want := range []string{httpx.MsgFieldNotUTF8, "Hội nghị � tổng kết", "Nội dung � đầy đủ.", "Tóm tắt."} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	as, err := f.db.FindArticles(context.Background(), content.ArticleFilter{SiteID: f.siteA.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 0 {
		t.Errorf("an article was stored: %q", as[0].Title)
	}
}

// TestFormNotUTF8Refused: the other forms of the area refuse such text
// with a Vietnamese page saying what is wrong (and keep nothing).
func TestFormNotUTF8Refused(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.siteAdmin)
	res := c.post(pathCategory+"/moi", url.Values{"name": {"Văn hoá \x80 Xã hội"}, "parent": {"0"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400\n%.800s", res.status, res.body)
	}
	if page := html.UnescapeString(res.body); !strings.Contains(page, httpx.MsgFormNotUTF8) {
		t.Errorf("page lacks the message:\n%.800s", res.body)
	}
	cats, err := f.db.FindCategories(context.Background(), f.siteA.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, cat := range cats {
		if strings.HasPrefix(cat.Name, "Văn hoá") {
			t.Errorf("a category was stored: %q", cat.Name)
		}
	}
}
