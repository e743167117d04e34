package admin

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// TestBrowserFurnitureAdmin uses the menu page in a real browser, under
// the program's CSP, and runs axe-core (WCAG 2.1 A/AA) on it with a
// nested menu, in its error state, on a phone, and on the other
// furniture pages.
func TestBrowserFurnitureAdmin(t *testing.T) {
	f := newFurnFixture(t)
	ctx := context.Background()
	refs := content.MenuRefs{CategorySlugs: map[string]bool{f.cat.Slug: true}}
	top := content.MenuItem{Label: "Giới thiệu", Kind: content.LinkPath, Target: "/gioi-thieu"}
	if err := f.furn.SaveMenuItem(ctx, f.siteA.ID, &top, refs, nil); err != nil {
		t.Fatal(err)
	}
	var news content.MenuItem
	for _, m := range []content.MenuItem{
		{ParentID: top.ID, Label: "Lịch sử", Kind: content.LinkPath, Target: "/gioi-thieu/lich-su"},
		{ParentID: top.ID, Label: "Cổng Chính phủ", Kind: content.LinkURL, Target: "https://chinhphu.vn"},
		{Label: "Tin tức", Kind: content.LinkCategory, Target: f.cat.Slug},
	} {
		if err := f.furn.SaveMenuItem(ctx, f.siteA.ID, &m, refs, nil); err != nil {
			t.Fatal(err)
		}
		news = m
	}
	srv := httptest.NewServer(httpx.SecurityHeaders(f.h))
	defer srv.Close()

	b := browsertest.New(t)
	p := b.Visit(srv.URL + pathLogin)
	fill(t, p, map[string]string{"email": f.adminA.Email, "password": testPassword})
	p = p.ClickAndWait("button[type=submit]")
	p.Text(".user-name")

	p = b.Visit(srv.URL + pathMenu)
	if h1 := p.Text("h1"); h1 != "Menu" {
		t.Fatalf("menu page heading %q", h1)
	}
	p.Screenshot("quan-tri-menu")
	p.AssertNoAxeViolations()

	// Move "Tin tức" up with its button: the page comes back with it first.
	p = p.ClickAndWait(`form[action="` + pathMenu + "/" + itoa(news.ID) + `/len"] button`)
	if notice := p.Text(".notice"); !strings.Contains(notice, "Đã lưu") {
		t.Fatalf("after moving: notice %q", notice)
	}
	if first := p.Text(".furn-list .furn-title"); first != "Tin tức" {
		t.Errorf("first item after moving up: %q", first)
	}

	// The error state: empty name, bad address.
	fill(t, p, map[string]string{"label": "", "kind": "url", "target_url": "dichvucong"})
	p = p.ClickAndWait("#bieu-mau ~ form button[type=submit]")
	if msg := p.Text(".error-summary"); !strings.Contains(msg, "Vui lòng nhập tên mục menu.") {
		t.Fatalf("error summary %q", msg)
	}
	p.Screenshot("quan-tri-menu-loi")
	p.AssertNoAxeViolations()

	p.SetMobileViewport(390, 844)
	p = b.Visit(srv.URL + pathMenu)
	var overflow bool
	p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
	if overflow {
		t.Error("the menu page scrolls sideways on a phone")
	}
	p.Screenshot("quan-tri-menu-dien-thoai")
	p.AssertNoAxeViolations()

	p.SetViewport(browsertest.WindowWidth, browsertest.WindowHeight)
	for _, path := range []string{pathBanners, pathBlocks, pathAbout, pathAboutPages, pathLeaders, pathAccessInfo} {
		p = b.Visit(srv.URL + path)
		p.Screenshot(strings.ReplaceAll(strings.TrimPrefix(path, "/quan-tri/"), "/", "-"))
		p.AssertNoAxeViolations()
	}
}
