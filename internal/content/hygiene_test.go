package content_test

import (
	"strings"
	"testing"

	"trangtin/internal/content"
)

// hasControl reports a C0 control character other than tab, LF and CR, or
// DEL, in s.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f })
}

// TestControlCharactersAreDropped: NUL, ESC and the other C0 controls
// typed or pasted into a title, a name or a body used to be stored as
// they came. Single-line fields lose them (tab and line breaks become
// spaces), multi-line ones keep only tab and line breaks, HTML bodies
// lose them too, character references included.
func TestControlCharactersAreDropped(t *testing.T) {
	svc, site, cat := newService(t)
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Status: content.StatusDraft,
		Title:   "Hội nghị\x00 tổng kết\x1b[2J\nnăm 2026",
		Summary: "Dòng một\x07\nDòng hai",
		Author:  "Kim\x08 Thoả",
		Body:    "<p>Nội dung\x00 có \x1b[31mmàu&#27; và chuông&#7;</p>\n<p>Đoạn\thai\x7f</p>"}
	if err := svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Store().FindArticleByID(ctx, site.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Hội nghị tổng kết[2J năm 2026" {
		t.Errorf("title %q", got.Title)
	}
	if got.Summary != "Dòng một\nDòng hai" {
		t.Errorf("summary %q", got.Summary)
	}
	if got.Author != "Kim Thoả" {
		t.Errorf("author %q", got.Author)
	}
	if hasControl(got.Body) || !strings.Contains(got.Body, "Nội dung có [31mmàu") || !strings.Contains(got.Body, "Đoạn\thai") {
		t.Errorf("body %q", got.Body)
	}
	if got.Slug != "hoi-nghi-tong-ket-2j-nam-2026" {
		t.Errorf("slug %q", got.Slug)
	}

	p := content.Page{SiteID: site.ID, Title: "Giới thiệu\x00\x1b", Body: "<p>Chức năng\x0c nhiệm vụ</p>"}
	if err := svc.SavePage(ctx, &p, nil); err != nil {
		t.Fatal(err)
	}
	if p.Title != "Giới thiệu" || hasControl(p.Body) {
		t.Errorf("page %q %q", p.Title, p.Body)
	}
	c := content.Category{SiteID: site.ID, Name: "\x1bVăn hoá\x00 - Xã hội"}
	if err := svc.SaveCategory(ctx, &c, nil); err != nil {
		t.Fatal(err)
	}
	if c.Name != "Văn hoá - Xã hội" {
		t.Errorf("category %q", c.Name)
	}
	site.Name, site.Description = "Gia Viễn\x00", "Mô tả\x1b\r\ndòng hai"
	if err := svc.SaveSite(ctx, &site, nil); err != nil {
		t.Fatal(err)
	}
	if site.Name != "Gia Viễn" || site.Description != "Mô tả\r\ndòng hai" {
		t.Errorf("site %q %q", site.Name, site.Description)
	}
	// A title of nothing but control characters is no title.
	empty := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "\x00\x1b", Body: "<p>x</p>"}
	if err := svc.SaveArticle(ctx, &empty); err == nil {
		t.Error("a title of control characters was accepted")
	}
}

func TestFurnitureControlCharactersAreDropped(t *testing.T) {
	f, _, site, _ := newFurniture(t)
	l := content.Leader{Name: "Nguyễn\x00 Văn An", Position: "Chủ tịch\x1b", Bio: "Sinh năm 1970.\x07\n\nQuê Ninh Bình."}
	if err := f.SaveLeader(ctx, site.ID, &l, nil); err != nil {
		t.Fatal(err)
	}
	if l.Name != "Nguyễn Văn An" || l.Position != "Chủ tịch" || l.Bio != "Sinh năm 1970.\n\nQuê Ninh Bình." {
		t.Errorf("leader %q %q %q", l.Name, l.Position, l.Bio)
	}
	ai := content.AccessInfo{Unit: "Văn phòng\x00", Intro: "<p>Đầu\x1b mối</p>"}
	if err := f.SaveAccessInfo(ctx, site.ID, &ai, nil); err != nil {
		t.Fatal(err)
	}
	if ai.Unit != "Văn phòng" || hasControl(ai.Intro) {
		t.Errorf("access info %q %q", ai.Unit, ai.Intro)
	}
}

// TestImportDropsControlCharacters: the JSONL import goes through the same
// rules (JSON's \u0000 and \u001b escapes decode to the characters).
func TestImportDropsControlCharacters(t *testing.T) {
	svc, site, _ := newService(t)
	rec, err := content.ParseImportLine([]byte(`{"url":"https://giavien.gov.vn/tin/1","title":"Tin\u0000 mới\u001b[0m","author":"Ban\u0007 biên tập","category":"Thời sự\u0000","body":"Đoạn một\u0000.\n\nĐoạn\u001b hai."}`))
	if err != nil {
		t.Fatal(err)
	}
	im, err := svc.NewImporter(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Import(ctx, rec); err != nil {
		t.Fatal(err)
	}
	a, err := svc.Store().FindArticleBySourceURL(ctx, site.ID, "https://giavien.gov.vn/tin/1")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Tin mới[0m" || a.Author != "Ban biên tập" || hasControl(a.Body) || !strings.Contains(a.Body, "Đoạn một.") {
		t.Errorf("imported %q %q %q", a.Title, a.Author, a.Body)
	}
	cats, err := svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		if hasControl(c.Name) {
			t.Errorf("category %q", c.Name)
		}
	}
}
