package main

import (
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
)

// The pages of the demo site that the browser tests visit.
const (
	seedArticlePath = "/tin-tuc/hoi-nghi-thuc-hien-chinh-sach-bao-tro-xa-hoi-tren-dia-ban-huyen"
	seedArticleDate = "Thứ sáu, 10/03/2023"
	seedByline      = "Kim Thoả - Trung tâm VHTT&TT huyện"
)

// checkRendered asserts that the page got its status, that site.css applied
// (a stylesheet blocked by the Content-Security-Policy, or not found, would
// leave the masthead transparent), and that the emblem image loaded.
func checkRendered(t *testing.T, p *browsertest.Page, wantStatus int) {
	t.Helper()
	if p.Status != wantStatus {
		t.Errorf("%s: status %d, want %d", p.URL, p.Status, wantStatus)
	}
	var got struct {
		Sheets   int    `json:"sheets"`
		SiteCSS  bool   `json:"siteCSS"`
		Masthead string `json:"masthead"`
		Emblem   bool   `json:"emblem"`
		Lang     string `json:"lang"`
		Overflow int    `json:"overflow"`
	}
	p.Eval(`(() => {
		const sheets = [...document.styleSheets];
		const mh = document.querySelector(".masthead");
		const em = document.querySelector("img.emblem");
		return {
			sheets: sheets.length,
			siteCSS: sheets.some(s => /\/site[^/]*\.css/.test(s.href || "") && s.cssRules.length > 0),
			masthead: mh ? getComputedStyle(mh).backgroundColor : "",
			emblem: !!em && em.complete && em.naturalWidth > 0,
			lang: document.documentElement.lang,
			overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
		};
	})()`, &got)
	if got.Sheets < 1 || !got.SiteCSS {
		t.Errorf("%s: site.css not loaded (%d stylesheets)", p.URL, got.Sheets)
	}
	if got.Masthead == "" || got.Masthead == "transparent" || got.Masthead == "rgba(0, 0, 0, 0)" {
		t.Errorf("%s: masthead background %q: site.css did not apply", p.URL, got.Masthead)
	}
	if !got.Emblem {
		t.Errorf("%s: the emblem image did not load", p.URL)
	}
	if got.Lang != "vi" {
		t.Errorf("%s: <html lang=%q>, want \"vi\"", p.URL, got.Lang)
	}
	if got.Overflow > 0 {
		t.Errorf("%s: the page is %dpx wider than the viewport (horizontal scrolling)", p.URL, got.Overflow)
	}
}

// TestBrowserPages visits the public pages in headless Chromium, saves a
// screenshot of each, and runs axe-core: WCAG 2.1 A/AA must find nothing,
// also on a phone and in high contrast with large text.
func TestBrowserPages(t *testing.T) {
	app := startApp(t, config.Config{})

	pages := []struct {
		name, path string
		status     int
	}{
		{"trang-chu", "/", 200},
		{"bai-viet", seedArticlePath, 200},
		{"chuyen-muc", "/chuyen-muc/tin-tuc-su-kien", 200},
		// A page read by cursor (past the numbered ones): its pager links by cursor.
		{"chuyen-muc-con-tro", "/chuyen-muc/tin-tuc-su-kien?sau=" + content.Cursor{At: time.Now().Add(time.Hour), ID: 1 << 40, Page: 12}.String(), 200},
		{"chuyen-muc-con-tro-sai", "/chuyen-muc/tin-tuc-su-kien?sau=sai", 400},
		{"gioi-thieu", "/trang/gioi-thieu", 200},
		{"so-do-cong", "/so-do-cong", 200},
		{"khong-tim-thay", "/khong-co-trang-nay", 404},
		{"tim-kiem", "/tim-kiem?q=bao+tro+xa+hoi", 200},
		{"tim-kiem-khong-co", "/tim-kiem?q=khongcotunay&loai=bai-viet", 200},
		{"tim-kiem-loi", "/tim-kiem?q=%22%22", 400},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			t.Parallel()
			b := browsertest.New(t)
			p := b.Visit(app.URL + pg.path)
			p.Screenshot(pg.name)
			checkRendered(t, p, pg.status)
			p.AssertNoAxeViolations()
		})
	}

	t.Run("bai-viet-di-dong", func(t *testing.T) {
		t.Parallel()
		b := browsertest.New(t)
		p := b.Visit(app.URL + "/")
		p.SetMobileViewport(375, 812)
		for _, pg := range []struct{ name, path string }{
			{"trang-chu-di-dong", "/"},
			{"bai-viet-di-dong", seedArticlePath},
		} {
			p = b.Visit(app.URL + pg.path)
			p.Screenshot(pg.name)
			checkRendered(t, p, 200)
			var width int
			p.Eval(`document.documentElement.clientWidth`, &width)
			if width != 375 {
				t.Errorf("%s: viewport width %d, want 375", pg.path, width)
			}
			p.AssertNoAxeViolations()
		}
	})

	t.Run("bai-viet-tuong-phan-cao-chu-lon", func(t *testing.T) {
		t.Parallel()
		b := browsertest.New(t)
		p := b.Visit(app.URL + seedArticlePath)

		// The switches are plain links that set a cookie and come back.
		p = p.ClickAndWait(".display-tools a.contrast")
		p.Text("html.tuong-phan-cao #noi-dung")
		if got := p.Text(".display-tools a.contrast"); got != "Tương phản thường" {
			t.Errorf("contrast link after the switch: %q, want %q", got, "Tương phản thường")
		}
		p = p.ClickAndWait(".display-tools a.size-large")
		p.Text("html.co-chu-lon #noi-dung")

		var cls string
		p.Eval(`document.documentElement.className`, &cls)
		for _, want := range []string{"tuong-phan-cao", "co-chu-lon"} {
			if !strings.Contains(" "+cls+" ", " "+want+" ") {
				t.Errorf("<html class=%q>: missing %q", cls, want)
			}
		}
		var current string
		p.Eval(`document.querySelector(".display-tools a[aria-current]").className`, &current)
		if current != "size-large" {
			t.Errorf("the current text size link has class %q, want the A+ link (size-large)", current)
		}
		p.Screenshot("bai-viet-tuong-phan-cao-chu-lon")
		checkRendered(t, p, 200) // p.Status is that of the first Visit
		p.AssertNoAxeViolations()

		// The cookie holds for the other pages too.
		p = b.Visit(app.URL + "/")
		p.Eval(`document.documentElement.className`, &cls)
		if !strings.Contains(cls, "tuong-phan-cao") || !strings.Contains(cls, "co-chu-lon") {
			t.Errorf("home page after the switches: <html class=%q>", cls)
		}
		p.Screenshot("trang-chu-tuong-phan-cao-chu-lon")
		p.AssertNoAxeViolations()

		// And on a phone.
		p.SetMobileViewport(375, 812)
		p = b.Visit(app.URL + seedArticlePath)
		p.Screenshot("bai-viet-tuong-phan-cao-chu-lon-di-dong")
		checkRendered(t, p, 200)
		p.AssertNoAxeViolations()
	})
}

// TestBrowserArticle checks the article page as the reader sees it: the
// parts of the reference page in order, the print button that the script
// shows, and the skip link.
func TestBrowserArticle(t *testing.T) {
	app := startApp(t, config.Config{})
	b := browsertest.New(t)
	p := b.Visit(app.URL + seedArticlePath)
	if p.Status != 200 {
		t.Fatalf("status %d", p.Status)
	}

	title := strings.TrimSpace(p.Text("main h1"))
	if !strings.HasPrefix(title, "Hội nghị thực hiện chính sách bảo trợ xã hội") {
		t.Errorf("title %q", title)
	}
	// innerText applies text-transform, so "Bài viết khác" reads in capitals.
	main := strings.ToLower(p.Text("main"))
	last := -1
	for _, want := range []string{title, seedArticleDate, seedByline, "Bài viết khác"} {
		i := strings.Index(main, strings.ToLower(want))
		switch {
		case i < 0:
			t.Errorf("the rendered article has no %q:\n%s", want, main)
		case i < last:
			t.Errorf("%q is out of order in the rendered article:\n%s", want, main)
		default:
			last = i
		}
	}
	var others struct {
		Heading string `json:"heading"`
		Links   int    `json:"links"`
	}
	p.Eval(`(() => {
		const h = [...document.querySelectorAll("main h2")].find(h => h.textContent.trim() === "Bài viết khác");
		const sec = h && h.closest("section");
		return {
			heading: h ? h.tagName : "",
			links: sec ? sec.querySelectorAll("a[href]").length : 0,
		};
	})()`, &others)
	if others.Heading != "H2" {
		t.Errorf("no \"Bài viết khác\" heading")
	}
	if others.Links < 1 {
		t.Errorf("\"Bài viết khác\" lists no links")
	}

	// The print button is hidden in the HTML and shown by site.js, which
	// also proves that the script loaded under the Content-Security-Policy.
	var print struct {
		Hidden  bool   `json:"hidden"`
		Display string `json:"display"`
		Width   int    `json:"width"`
	}
	p.Eval(`(() => {
		const b = document.querySelector("[data-print]");
		return {hidden: b.hidden, display: getComputedStyle(b).display, width: Math.round(b.getBoundingClientRect().width)};
	})()`, &print)
	if print.Hidden || print.Display == "none" || print.Width == 0 {
		t.Errorf("the print button is not visible after the script ran: %+v", print)
	}
	if got := p.Text("[data-print]"); got != "In bài viết" {
		t.Errorf("print button text %q", got)
	}

	// The skip link is the first element that Tab reaches, becomes visible
	// when focused, and leads to the main content. A headless tab has no
	// focus until it gets real input, and without it :focus never matches,
	// so click some plain text first.
	p.Click("main h1")
	var skip struct {
		Class   string `json:"class"`
		Href    string `json:"href"`
		Target  bool   `json:"target"`
		Visible bool   `json:"visible"`
	}
	p.Eval(`(() => {
		const focusable = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';
		const first = [...document.querySelectorAll(focusable)].find(e => !e.hidden && e.getClientRects().length > 0);
		first.focus();
		const r = first.getBoundingClientRect();
		return {
			class: first.className,
			href: first.getAttribute("href"),
			target: document.querySelector("main#noi-dung") !== null,
			visible: document.activeElement === first && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight,
		};
	})()`, &skip)
	if skip.Class != "skip" || skip.Href != "#noi-dung" {
		t.Errorf("the first focusable element is %+v, want the skip link to #noi-dung", skip)
	}
	if !skip.Target {
		t.Errorf("no <main id=\"noi-dung\">")
	}
	if !skip.Visible {
		t.Errorf("the focused skip link is not on screen")
	}
	p.Screenshot("bai-viet-skip-link")
	p.Click("a.skip")
	var active string
	p.Wait(`location.hash === "#noi-dung" && document.activeElement.id === "noi-dung" && location.hash + " " + document.activeElement.id`, &active)
	if active != "#noi-dung noi-dung" {
		t.Errorf("after following the skip link: hash and focus %q, want %q", active, "#noi-dung noi-dung")
	}
}
