package main

import (
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
)

// TestBrowserDocuments runs the register's public pages in headless
// Chromium under the program's CSP: axe-core (WCAG 2.1 A/AA) must find
// nothing on the list, a filtered list, a refused filter and a detail
// page, on a desktop and on a phone.
func TestBrowserDocuments(t *testing.T) {
	app := startApp(t, config.Config{})
	pages := []struct {
		name, path string
		status     int
	}{
		{"van-ban", "/van-ban", 200},
		{"van-ban-loc", "/van-ban?nam=2023&loai=K%E1%BA%BF+ho%E1%BA%A1ch", 200},
		{"van-ban-loi", "/van-ban?nam=abc", 400},
		{"van-ban-chi-tiet", "/van-ban/1-123-qd-ubnd", 200},
		{"tim-kiem-van-ban", "/tim-kiem?q=123%2FQ%C4%90-UBND&loai=van-ban", 200},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			b := browsertest.New(t)
			p := b.Visit(app.URL + pg.path)
			p.Screenshot(pg.name)
			checkRendered(t, p, pg.status)
			p.AssertNoAxeViolations()
			p.SetMobileViewport(375, 812)
			p = b.Visit(app.URL + pg.path)
			p.Screenshot(pg.name + "-di-dong")
			checkRendered(t, p, pg.status)
			p.AssertNoAxeViolations()
		})
	}
	t.Run("chi-tiet-noi-dung", func(t *testing.T) {
		b := browsertest.New(t)
		p := b.Visit(app.URL + "/van-ban/1-123-qd-ubnd")
		if got := p.Text(".doc-citation"); got != "Quyết định số 123/QĐ-UBND ngày 05 tháng 01 năm 2020 của UBND huyện Gia Viễn" {
			t.Errorf("citation %q", got)
		}
		if got := p.Text(".crumbs li:nth-child(2) a"); got != "Văn bản" {
			t.Errorf("breadcrumb %q", got)
		}
	})
}
