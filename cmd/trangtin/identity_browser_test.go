package main

import (
	"context"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestBrowserIdentity runs axe-core (WCAG 2.1 A/AA) on the two new admin
// pages (Chức năng, Nhận diện, the latter also with a refused colour) and
// on a themed public site, on a desktop and a phone; the theme's colours
// reach the page through the hashed stylesheet, under the CSP.
func TestBrowserIdentity(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	demo := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	if _, err := app.users.CreateUser(ctx, "qt@giavien.gov.vn", "Quản trị", "Mat-khau-du-dai-2025", user.RoleSiteAdmin, demo.ID); err != nil {
		t.Fatal(err)
	}
	furn := content.NewFurniture(app.db, nil)
	if err := furn.SaveIdentity(ctx, demo.ID, &content.Identity{Primary: "#0b4a8b", Accent: "#f2c14e"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for _, mobile := range []bool{false, true} {
		suffix := ""
		if mobile {
			suffix = "-di-dong"
		}
		b := browsertest.New(t)
		visit := func(path string) *browsertest.Page {
			p := b.Visit(app.URL + path)
			if mobile {
				p.SetMobileViewport(375, 812)
				p = b.Visit(app.URL + path)
			}
			return p
		}
		for _, pg := range []struct{ name, path string }{{"giao-dien-trang-chu", "/"}, {"giao-dien-bai-viet", seedArticlePath}} {
			p := visit(pg.path)
			p.Screenshot(pg.name + suffix)
			checkRendered(t, p, 200)
			var bg string
			p.Eval(`getComputedStyle(document.querySelector('.masthead')).backgroundColor`, &bg)
			if bg != "rgb(11, 74, 139)" {
				t.Errorf("%s: the masthead is %s, not the site's primary colour", pg.name, bg)
			}
			p.AssertNoAxeViolations()
		}
		nrSignIn(t, b, app.URL, "qt@giavien.gov.vn", "Mat-khau-du-dai-2025")
		for _, pg := range []struct{ name, path string }{{"quan-tri-chuc-nang", "/quan-tri/chuc-nang"}, {"quan-tri-nhan-dien", "/quan-tri/nhan-dien"}} {
			p := visit(pg.path)
			p.Screenshot(pg.name + suffix)
			if p.Status != 200 {
				t.Errorf("%s: status %d", pg.path, p.Status)
			}
			p.AssertNoAxeViolations()
		}
		p := visit("/quan-tri/nhan-dien")
		nrFill(t, p, map[string]string{"primary": "#777777"})
		p = p.ClickAndWait(`form[action="/quan-tri/nhan-dien"] button[type=submit]`)
		if got := p.Text("#primary-loi"); got == "" {
			t.Fatal("the refused colour shows no message")
		}
		var kept string
		p.Eval(`document.getElementById('primary').value`, &kept)
		if kept != "#777777" {
			t.Errorf("the refused colour came back as %q", kept)
		}
		p.Screenshot("quan-tri-nhan-dien-loi" + suffix)
		p.AssertNoAxeViolations()
	}
}
