package main

import (
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
)

// TestBrowserFurniture visits the furniture pages of the demo site in
// headless Chromium and runs axe-core (WCAG 2.1 A/AA) on each, and on the
// home page with a sub-menu of the main menu open, on a desktop and a
// phone. The sub-menu opens without script (a <details>).
func TestBrowserFurniture(t *testing.T) {
	app := startApp(t, config.Config{})
	for _, pg := range []struct{ name, path string }{
		{"gioi-thieu", "/gioi-thieu"},
		{"gioi-thieu-trang", "/gioi-thieu/co-cau-to-chuc"},
		{"lanh-dao", "/gioi-thieu/lanh-dao"},
		{"tiep-can-thong-tin", "/tiep-can-thong-tin"},
	} {
		t.Run(pg.name, func(t *testing.T) {
			t.Parallel()
			b := browsertest.New(t)
			p := b.Visit(app.URL + pg.path)
			p.Screenshot(pg.name)
			checkRendered(t, p, 200)
			p.AssertNoAxeViolations()
		})
	}
	for _, phone := range []bool{false, true} {
		name := "menu-mo"
		if phone {
			name = "menu-mo-di-dong"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := browsertest.New(t)
			p := b.Visit(app.URL + "/")
			if phone {
				p.SetMobileViewport(375, 812)
				p = b.Visit(app.URL + "/")
			}
			visible := func() bool {
				var v bool
				p.Eval(`(() => { const a = document.querySelector('.menu details a[href="/gioi-thieu/lanh-dao"]');
					return !!a && a.checkVisibility({visibilityProperty: true}) && a.getClientRects().length > 0; })()`, &v)
				return v
			}
			if visible() {
				t.Fatal("the sub-menu is open before it is asked for")
			}
			if phone { // on a phone the menu sits behind its button
				p.Click(".menu-toggle")
			}
			p.Click(".menu details summary")
			if !visible() {
				t.Fatal("clicking the menu heading did not open its sub-menu")
			}
			p.Screenshot(name)
			checkRendered(t, p, 200)
			p.AssertNoAxeViolations()

			// The headings are native <summary> elements: reachable with Tab,
			// opened with Enter or Space by the browser itself.
			var focusable bool
			p.Eval(`(() => { const s = document.querySelectorAll('.menu details summary')[1]; s.focus();
				return document.activeElement === s && s.tagName === "SUMMARY"; })()`, &focusable)
			if !focusable {
				t.Fatal("the second menu heading cannot take the keyboard focus")
			}
			p.AssertNoAxeViolations()
		})
	}
}
