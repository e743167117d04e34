package content_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

var ctx = context.Background()

func newService(t *testing.T) (*content.Service, content.Site, content.Category) {
	t.Helper()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := content.NewService(db)
	site := content.Site{Key: "giavien", Name: "Gia Viễn"}
	if err := svc.SaveSite(ctx, &site, nil); err != nil {
		t.Fatal(err)
	}
	cat := content.Category{SiteID: site.ID, Name: "Tin tức - Sự kiện"}
	if err := svc.SaveCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	return svc, site, cat
}

func TestSaveArticleSlugsAreUniqueAndVietnamese(t *testing.T) {
	svc, site, cat := newService(t)
	var slugs []string
	for i := 0; i < 3; i++ {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Hội nghị bảo trợ xã hội", Status: content.StatusPublished}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		slugs = append(slugs, a.Slug)
	}
	want := []string{"hoi-nghi-bao-tro-xa-hoi", "hoi-nghi-bao-tro-xa-hoi-2", "hoi-nghi-bao-tro-xa-hoi-3"}
	if strings.Join(slugs, " ") != strings.Join(want, " ") {
		t.Errorf("slugs %v, want %v", slugs, want)
	}
	// Saving an article again keeps its slug.
	a := testenv.Must(svc.Store().FindArticleBySlug(ctx, site.ID, want[1])).Get(t)
	a.Summary = "Sửa"
	if err := svc.SaveArticle(ctx, &a); err != nil || a.Slug != want[1] {
		t.Errorf("resave: slug %q, err %v", a.Slug, err)
	}
	// A title with no Latin letters still gets a slug.
	emoji := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "🎉🎉", Status: content.StatusDraft}
	if err := svc.SaveArticle(ctx, &emoji); err != nil || emoji.Slug != "bai-viet" {
		t.Errorf("emoji title: slug %q, err %v", emoji.Slug, err)
	}
}

func TestSaveArticleNormalisesAndSanitises(t *testing.T) {
	svc, site, cat := newService(t)
	a := content.Article{
		SiteID: site.ID, CategoryID: cat.ID, Status: content.StatusPublished,
		Title: "  Ho\u0300a bi\u0300nh  ", // NFD with spaces
		Body: `<p onclick="x()" style="color:red">Chữ <b>đậm</b></p><script>alert(1)</script>` +
			`<img src="https://tracker.example/p.gif" width="1" height="1" onerror="x()"><iframe src="https://x"></iframe><a href="javascript:alert(1)">x</a>`,
	}
	if err := svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if a.Title != "Hòa bình" {
		t.Errorf("title %q, want NFC without surrounding spaces", a.Title)
	}
	for _, bad := range []string{"<script", "onclick", "style=", "onerror", "<iframe", "javascript:"} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("body keeps %q: %s", bad, a.Body)
		}
	}
	if !strings.Contains(a.Body, "<b>đậm</b>") {
		t.Errorf("body lost allowed markup: %s", a.Body)
	}
	if a.PublishedAt.IsZero() {
		t.Error("a published article got no publication time")
	}
}

func TestValidationReportsEveryField(t *testing.T) {
	svc, site, _ := newService(t)
	a := content.Article{SiteID: site.ID, Title: strings.Repeat("x", content.MaxTitle+1), Status: "bogus", Slug: "Có Dấu"}
	err := svc.SaveArticle(ctx, &a)
	if !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("got %v, want Invalid", err)
	}
	var e *apperr.Error
	if !errors.As(err, &e) {
		t.Fatal("not an *apperr.Error")
	}
	for _, f := range []string{"title", "status", "slug", "category"} {
		if e.Fields[f] == "" {
			t.Errorf("no message for field %s: %v", f, e.Fields)
		}
	}
	if a.ID != 0 {
		t.Error("an invalid article was stored")
	}
	n := testenv.Must(svc.Store().CountArticles(ctx, content.ArticleFilter{SiteID: site.ID})).Get(t)
	if n != 0 {
		t.Errorf("%d articles stored after a rejected save", n)
	}
	bad := content.Category{SiteID: site.ID, Name: "Con", ParentID: 9999}
	if err := svc.SaveCategory(ctx, &bad, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("category with unknown parent: %v", err)
	}
	badSite := content.Site{Key: "Có dấu", Name: ""}
	if err := svc.SaveSite(ctx, &badSite, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad site: %v", err)
	}
}

func TestPublicRules(t *testing.T) {
	svc, site, cat := newService(t)
	save := func(title string, status content.Status, pub time.Time) content.Article {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: title, Status: status, PublishedAt: pub}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	live := save("Đã đăng", content.StatusPublished, time.Now().Add(-time.Hour))
	draft := save("Bản nháp", content.StatusDraft, time.Time{})
	future := save("Hẹn giờ", content.StatusPublished, time.Now().Add(time.Hour))
	gone := save("Gỡ bỏ", content.StatusWithdrawn, time.Now().Add(-time.Hour))

	if _, err := svc.PublicArticle(ctx, site.ID, live.Slug); err != nil {
		t.Errorf("published article not public: %v", err)
	}
	for _, a := range []content.Article{draft, future} {
		if _, err := svc.PublicArticle(ctx, site.ID, a.Slug); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s: %v, want NotFound", a.Title, err)
		}
	}
	if _, err := svc.PublicArticle(ctx, site.ID, gone.Slug); !apperr.Is(err, apperr.Gone) {
		t.Errorf("withdrawn: %v, want Gone", err)
	}
	list, err := svc.PublicArticles(ctx, site.ID, nil, 0, 10, 0)
	if err != nil || len(list) != 1 || list[0].ID != live.ID {
		t.Errorf("public list %v, err %v; want only the live article", list, err)
	}
}

func TestOnChangeFires(t *testing.T) {
	svc, site, cat := newService(t)
	var got []int64
	svc.OnChange(func(id int64) { got = append(got, id) })
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Tin", Status: content.StatusDraft}
	if err := svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	bad := content.Article{SiteID: site.ID, Title: ""}
	svc.SaveArticle(ctx, &bad)
	if len(got) != 1 || got[0] != site.ID {
		t.Errorf("OnChange calls %v, want one for site %d (none for the rejected save)", got, site.ID)
	}
}

func TestTree(t *testing.T) {
	cats := []content.Category{
		{ID: 1, Name: "Tin tức", Slug: "tin-tuc"},
		{ID: 2, ParentID: 1, Name: "Trong huyện", Slug: "trong-huyen"},
		{ID: 3, ParentID: 2, Name: "Xã", Slug: "xa"},
		{ID: 4, Name: "Giới thiệu", Slug: "gioi-thieu"},
		{ID: 5, ParentID: 99, Name: "Mồ côi", Slug: "mo-coi"},
		{ID: 6, ParentID: 7, Name: "Vòng A", Slug: "a"},
		{ID: 7, ParentID: 6, Name: "Vòng B", Slug: "b"},
	}
	tr := content.NewTree(cats)
	var roots []int64
	for _, c := range tr.Roots() {
		roots = append(roots, c.ID)
	}
	if len(roots) != 3 || roots[0] != 1 || roots[1] != 4 || roots[2] != 5 {
		t.Errorf("roots %v, want [1 4 5] (orphan shown at the top)", roots)
	}
	if sub := tr.Subtree(1); len(sub) != 3 {
		t.Errorf("Subtree(1) = %v, want 1, 2, 3", sub)
	}
	path := tr.Path(3)
	if len(path) != 3 || path[0].ID != 1 || path[2].ID != 3 {
		t.Errorf("Path(3) = %v", path)
	}
	if p := tr.Path(6); len(p) > len(cats)+1 {
		t.Errorf("a cycle made Path run away: %d steps", len(p))
	}
	if c, ok := tr.FindSlug("xa"); !ok || c.ID != 3 {
		t.Errorf("FindSlug(xa) = %v %v", c, ok)
	}
}

func TestTextToHTML(t *testing.T) {
	got := content.TextToHTML("Dòng một\ntiếp tục\n\n\nĐoạn <hai> & \"ba\"\r\n\r\n  ")
	want := "<p>Dòng một tiếp tục</p>\n<p>Đoạn &lt;hai&gt; &amp; &#34;ba&#34;</p>\n"
	if got != want {
		t.Errorf("TextToHTML = %q, want %q", got, want)
	}
}

func TestParseImportLine(t *testing.T) {
	for _, tc := range []struct {
		line, wantErr string
	}{
		{`{"url":"https://a.vn/x","title":"T","body":"B","date":"2023-03-10"}`, ""},
		{`{"url":"https://a.vn/x","title":"T","body":"B","date":null,"author":null}`, ""},
		{`not json`, "không phải JSON"},
		{`{"url":"https://a.vn/x","title":"T","body":"B"} {"x":1}`, "dữ liệu thừa"},
		{`{"url":"ftp://a.vn/x","title":"T","body":"B"}`, "url"},
		{`{"url":"https://a.vn/x","title":" ","body":"B"}`, "tiêu đề"},
		{`{"url":"https://a.vn/x","title":"T","body":""}`, "nội dung"},
		{`{"url":"https://a.vn/x","title":"T","body":"B","date":"2023-02-30"}`, "yyyy-mm-dd"},
	} {
		_, err := content.ParseImportLine([]byte(tc.line))
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.line, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(apperr.MessageOf(err), tc.wantErr)):
			t.Errorf("%s: error %v, want one mentioning %q", tc.line, err, tc.wantErr)
		}
	}
}

// TestPublicArticlesAcrossSubcategories: the merged per-category lists give
// exactly what one ordered query over the subtree gives, page by page.
func TestPublicArticlesAcrossSubcategories(t *testing.T) {
	svc, site, top := newService(t)
	var ids = []int64{top.ID}
	for i := 0; i < 3; i++ {
		c := content.Category{SiteID: site.ID, ParentID: top.ID, Name: fmt.Sprintf("Con %d", i)}
		if err := svc.SaveCategory(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	base := time.Now().Add(-100 * time.Hour)
	for i := 0; i < 40; i++ {
		a := content.Article{SiteID: site.ID, CategoryID: ids[i%4], Title: fmt.Sprintf("Bài %d", i), Status: content.StatusPublished,
			PublishedAt: base.Add(time.Duration(i*7%40) * time.Hour)} // shuffled dates
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	for _, page := range []struct{ limit, offset int }{{5, 0}, {15, 0}, {15, 15}, {15, 30}, {10, 38}} {
		got, err := svc.PublicArticles(ctx, site.ID, ids, 0, page.limit, page.offset)
		if err != nil {
			t.Fatal(err)
		}
		want, err := svc.Store().FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, CategoryIDs: ids, PublicAt: time.Now(), Limit: page.limit, Offset: page.offset})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%+v: %d articles, want %d", page, len(got), len(want))
		}
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Errorf("%+v: position %d is %q, want %q", page, i, got[i].Title, want[i].Title)
			}
		}
	}
}

// longTitle's slug is 119 bytes: with "-2" after it, the numbered slug used
// to be 121 bytes and fail its own check on the next save.
const longTitle = "Hội nghị triển khai thực hiện Nghị quyết của Hội đồng nhân dân huyện về phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh năm 2026 trên địa bàn huyện Gia Viễn"

// TestLongTitleSavesAgainUnderANumberedSlug: articles sharing a title whose
// slug is cut at the limit each get a slug that fits and passes, and each
// can be saved again (the editor saving twice).
func TestLongTitleSavesAgainUnderANumberedSlug(t *testing.T) {
	svc, site, cat := newService(t)
	if n := len(vi.Slug(longTitle)); n < vi.SlugMax-2 {
		t.Fatalf("the title's slug is %d bytes: it no longer tests the limit", n)
	}
	seen := map[string]bool{}
	for i := 0; i < 12; i++ {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: longTitle, Status: content.StatusPublished}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatalf("article %d: %v", i+1, err)
		}
		if len(a.Slug) > vi.SlugMax || vi.Slug(a.Slug) != a.Slug || seen[a.Slug] {
			t.Errorf("article %d: slug %q (%d bytes)", i+1, a.Slug, len(a.Slug))
		}
		seen[a.Slug] = true
		slug := a.Slug
		a.Summary = "Sửa lần hai"
		if err := svc.SaveArticle(ctx, &a); err != nil || a.Slug != slug {
			t.Errorf("article %d saved again: slug %q, err %v", i+1, a.Slug, err)
		}
	}
}

// TestImportLongTitlesTwice: a re-import updates articles whose titles share
// a slug cut at the limit, rejecting none.
func TestImportLongTitlesTwice(t *testing.T) {
	svc, site, _ := newService(t)
	for round := 1; round <= 2; round++ {
		im, err := svc.NewImporter(ctx, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			rec := content.ImportRecord{URL: fmt.Sprintf("https://giavien.gov.vn/tin/%d", i), Title: longTitle, Body: "Nội dung."}
			if _, err := im.Import(ctx, rec); err != nil {
				t.Errorf("round %d, record %d: %v", round, i, err)
			}
		}
	}
}

// TestLegacyNumberedSlugStillSaves: an article stored under a numbered
// slug past the limit (before the fix) keeps its public address and can
// be saved.
func TestLegacyNumberedSlugStillSaves(t *testing.T) {
	svc, site, cat := newService(t)
	legacy := vi.Slug(longTitle) + "-2"
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: longTitle, Slug: legacy, Body: "<p>x</p>", Status: content.StatusPublished, PublishedAt: time.Now()}
	if err := svc.Store().CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	a.Summary = "Sửa"
	if err := svc.SaveArticle(ctx, &a); err != nil || a.Slug != legacy {
		t.Errorf("legacy slug: %q, %v", a.Slug, err)
	}
	for _, bad := range []string{vi.Slug(longTitle) + "-x", strings.Repeat("a", 200), "a--2", "-2"} {
		b := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Khác", Slug: bad, Status: content.StatusDraft}
		if err := svc.SaveArticle(ctx, &b); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("slug %q: %v, want refused", bad, err)
		}
	}
}
