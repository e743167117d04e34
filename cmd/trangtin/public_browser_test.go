package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/media"
	"trangtin/internal/testenv"
)

// photoLike is a JPEG that compresses as a photograph does: smooth
// shading with grain, not flat colour (far smaller) nor noise (far
// larger), so page weights measured with it are a photo's.
func photoLike(t *testing.T, w, h int, seed uint64) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 1))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := m.PixOffset(x, y)
			g := int(r.IntN(17)) - 8
			m.Pix[i+0] = uint8(min(255, max(0, 60+x*150/w+g)))
			m.Pix[i+1] = uint8(min(255, max(0, 90+y*120/h+g)))
			m.Pix[i+2] = uint8(min(255, max(0, 40+(x+y)*100/(w+h)+g)))
			m.Pix[i+3] = 0xFF
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// weekdayDate is the top bar's date: "Thứ hai, 07/12/2026".
var weekdayDate = regexp.MustCompile(`^(Thứ (hai|ba|tư|năm|sáu|bảy)|Chủ nhật), \d\d/\d\d/\d{4}$`)

// TestBrowserPublicLook: on a desktop (1366×768) and a phone (390×844),
// with screenshots kept, an article shows its lead photo with its caption,
// the sapo under the title, the time and the share links; a category and
// the search results list photo left, title, date and sapo; the top bar
// shows today's date and the links to Sơ đồ cổng and Đăng nhập; on the
// phone the menu sits behind a button that opens and closes by keyboard;
// nothing shifts while the page loads; a site's banner image replaces
// the masthead with its name kept for screen readers; axe-core finds
// nothing on home, article, category and search. It logs the weight of
// the home page and the article (first view, every resource).
func TestBrowserPublicLook(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, demo.SiteKey)).Get(t)
	cats := testenv.Must(app.db.FindCategories(ctx, site.ID)).Get(t)
	news, ok := content.NewTree(cats).FindSlug("tin-tuc-su-kien")
	if !ok {
		t.Fatal("the demo has no tin-tuc-su-kien category")
	}
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	var arts []content.Article
	for i, title := range []string{"Khai mạc lễ hội chùa Bái Đính năm 2026", "Ra quân làm thủy lợi nội đồng vụ Đông Xuân", "Trao nhà đại đoàn kết cho hộ nghèo xã Gia Hưng"} {
		it, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(photoLike(t, 1800, 1200, uint64(i+1))), "Ảnh minh họa bài "+title, nil)
		if err != nil {
			t.Fatal(err)
		}
		a := content.Article{SiteID: site.ID, CategoryID: news.ID, Title: title, Body: "<p>Sáng nay, hàng nghìn người dân và du khách dự khai mạc.</p>",
			Summary: "Sáng 7/12, UBND huyện tổ chức khai mạc với sự tham dự của đông đảo nhân dân.", Status: content.StatusPublished,
			PublishedAt: time.Now().Add(-time.Duration(i+1) * time.Minute), Author: "Kim Thoả",
			Photo: content.Photo{ID: it.ID, Src: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Alt: it.Alt, Caption: "Ảnh: Kim Thoả"}}
		if err := app.svc.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	lead := arts[0]
	searchPath := "/tim-kiem?" + url.Values{"q": {"Bái Đính"}}.Encode()

	for _, vp := range []struct {
		suffix string
		w, h   int
		phone  bool
	}{{"", 1366, 768, false}, {"-di-dong", 390, 844, true}} {
		b := browsertest.New(t)
		visit := func(path string) *browsertest.Page {
			p := b.Visit(app.URL + path)
			if vp.phone {
				p.SetMobileViewport(vp.w, vp.h)
			} else {
				p.SetViewport(vp.w, vp.h)
			}
			return b.Visit(app.URL + path)
		}

		// The article.
		p := visit(content.ArticlePath(lead.Slug))
		checkRendered(t, p, 200)
		var art struct {
			Loaded, Lazy            bool
			Src, Caption, Sapo      string
			SapoWeight              int
			TitleBottom, SapoTop    float64
			PhotoTop, CaptionTop    float64
			Time                    string
			Share                   []string
			Today, Sitemap, Sign    string
			Reuse                   string
			Shift                   float64
			CaptionShown, SapoShown bool
		}
		p.Eval(`new Promise(done => {
			let shift = 0;
			new PerformanceObserver(l => { for (const e of l.getEntries()) shift += e.value; }).observe({type: "layout-shift", buffered: true});
			setTimeout(() => {
				const img = document.querySelector(".article-photo img"), cap = document.querySelector(".article-photo figcaption");
				const sapo = document.querySelector(".article-summary"), h1 = document.querySelector("h1");
				const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
				done({
					loaded: img.complete && img.naturalWidth > 0, lazy: img.loading === "lazy", src: img.currentSrc,
					caption: cap.textContent.trim(), captionShown: shown(cap), captionTop: cap.getBoundingClientRect().top,
					sapo: sapo.textContent.trim(), sapoShown: shown(sapo), sapoWeight: +getComputedStyle(sapo).fontWeight,
					titleBottom: h1.getBoundingClientRect().bottom, sapoTop: sapo.getBoundingClientRect().top, photoTop: img.getBoundingClientRect().top,
					time: document.querySelector(".article-meta time").textContent.trim(),
					share: [...document.querySelectorAll(".share-links a")].map(a => a.textContent.trim()),
					today: document.querySelector(".topbar .today").textContent.trim(),
					sitemap: document.querySelector('.top-links a[href="/so-do-cong"]').textContent.trim(),
					sign: document.querySelector('.top-links a[href="/quan-tri/dang-nhap"]').textContent.trim(),
					reuse: document.querySelector(".footer .reuse").textContent.trim(),
					shift,
				});
			}, 0);
		})`, &art)
		if !art.Loaded || !strings.Contains(art.Src, "/anh/") || art.Lazy {
			t.Errorf("%s: the lead photo: loaded %v, lazy %v, %q", vp.suffix, art.Loaded, art.Lazy, art.Src)
		}
		if art.Caption != "Ảnh: Kim Thoả" || !art.CaptionShown || art.CaptionTop <= art.PhotoTop {
			t.Errorf("%s: the caption %q (shown %v) is not under the photo", vp.suffix, art.Caption, art.CaptionShown)
		}
		if art.Sapo != lead.Summary || !art.SapoShown || art.SapoWeight < 700 || art.SapoTop < art.TitleBottom || art.SapoTop > art.PhotoTop {
			t.Errorf("%s: the sapo %q (shown %v, weight %d) is not bold between the title and the photo", vp.suffix, art.Sapo, art.SapoShown, art.SapoWeight)
		}
		if !regexp.MustCompile(`^Thứ .+, \d\d/\d\d/\d{4} \d\d:\d\d$`).MatchString(art.Time) {
			t.Errorf("%s: the article's time %q", vp.suffix, art.Time)
		}
		if strings.Join(art.Share, ",") != "Zalo (mở cửa sổ mới),Facebook (mở cửa sổ mới)" {
			t.Errorf("%s: share links %q", vp.suffix, art.Share)
		}
		if !weekdayDate.MatchString(art.Today) || art.Sitemap != "Sơ đồ cổng" || art.Sign != "Đăng nhập" {
			t.Errorf("%s: the top bar: %q, %q, %q", vp.suffix, art.Today, art.Sitemap, art.Sign)
		}
		if art.Reuse != "Ghi rõ nguồn “"+site.Name+"” khi phát hành lại thông tin từ trang này." {
			t.Errorf("%s: the footer's line on reuse: %q", vp.suffix, art.Reuse)
		}
		if art.Shift != 0 {
			t.Errorf("%s: the article page shifted while loading (layout shift %.4f)", vp.suffix, art.Shift)
		}
		p.Screenshot("bai-viet-anh" + vp.suffix)
		p.AssertNoAxeViolations()

		// A category and the search results: photo left of the title.
		for _, pg := range []struct{ name, path string }{{"chuyen-muc-anh", content.CategoryPath(news.Slug)}, {"tim-kiem-anh", searchPath}} {
			p := visit(pg.path)
			checkRendered(t, p, 200)
			var list struct {
				Items, Photos         int
				PhotoRight, TitleLeft float64
				PhotoTop, TitleBottom float64
				Lazy, Sized, HasLead  bool
				Date                  string
			}
			p.Eval(`(() => {
				const it = document.querySelector(".item.has-photo"), img = it.querySelector("img.thumb"), title = it.querySelector(".item-title");
				const ir = img.getBoundingClientRect(), tr = title.getBoundingClientRect();
				return {items: document.querySelectorAll(".item").length, photos: document.querySelectorAll(".item.has-photo").length,
					photoRight: ir.right, titleLeft: tr.left, photoTop: ir.top, titleBottom: tr.bottom,
					lazy: img.loading === "lazy", sized: img.hasAttribute("width") && img.hasAttribute("height"),
					hasLead: !!it.querySelector(".item-lead"), date: (it.querySelector(".item-meta time") || {}).textContent || ""};
			})()`, &list)
			if list.Photos < 1 || list.PhotoRight > list.TitleLeft || list.PhotoTop > list.TitleBottom {
				t.Errorf("%s%s: the photo is not left of the title: %+v", pg.name, vp.suffix, list)
			}
			if !list.Lazy || !list.Sized || !list.HasLead || !weekdayDate.MatchString(strings.TrimSpace(list.Date)) {
				t.Errorf("%s%s: the entry: %+v", pg.name, vp.suffix, list)
			}
			p.Screenshot(pg.name + vp.suffix)
			p.AssertNoAxeViolations()
		}

		// Home.
		p = visit("/")
		checkRendered(t, p, 200)
		p.Screenshot("trang-chu-anh" + vp.suffix)
		p.AssertNoAxeViolations()

		// The menu: behind a button on the phone, open on the desktop.
		var menu struct {
			Button   string `json:"button"`
			Expanded string `json:"expanded"`
			Shown    bool   `json:"shown"`
			Focused  bool   `json:"focused"`
			Links    int    `json:"links"`
		}
		readMenu := `(() => { const b = document.querySelector(".menu-toggle"), m = document.getElementById("menu-chinh");
			return {button: getComputedStyle(b).display, expanded: b.getAttribute("aria-expanded"), shown: m.getClientRects().length > 0,
				focused: document.activeElement === b, links: [...m.querySelectorAll("a, summary")].filter(e => e.getClientRects().length > 0).length}; })()`
		p.Eval(readMenu, &menu)
		if !vp.phone {
			if menu.Button != "none" || !menu.Shown {
				t.Errorf("desktop: the menu is not shown open without a button: %+v", menu)
			}
			continue
		}
		if menu.Button == "none" || menu.Expanded != "false" || menu.Shown {
			t.Fatalf("phone: the menu is not folded behind its button: %+v", menu)
		}
		p.PressOn(".menu-toggle", kb.Enter)
		p.Wait(`document.querySelector(".menu-toggle").getAttribute("aria-expanded") === "true"`, nil)
		p.Eval(readMenu, &menu)
		if !menu.Shown || menu.Links < 5 || !menu.Focused {
			t.Errorf("phone: Enter on the button did not open the menu: %+v", menu)
		}
		p.Screenshot("trang-chu-menu-mo" + vp.suffix)
		p.AssertNoAxeViolations()
		p.PressOn(".menu-toggle", kb.Escape)
		p.Wait(`document.querySelector(".menu-toggle").getAttribute("aria-expanded") === "false"`, nil)
		p.Eval(readMenu, &menu)
		if menu.Shown || !menu.Focused {
			t.Errorf("phone: Escape did not close the menu and keep the focus on its button: %+v", menu)
		}
		p.PressOn(".menu-toggle", " ")
		p.Wait(`document.querySelector(".menu-toggle").getAttribute("aria-expanded") === "true"`, nil)
		p.Click(".menu-toggle")
		p.Wait(`document.querySelector(".menu-toggle").getAttribute("aria-expanded") === "false"`, nil)
	}

	// Without JavaScript the phone shows the whole menu and no button.
	{
		b := browsertest.New(t)
		p := b.Visit(app.URL + "/")
		p.SetMobileViewport(390, 844)
		p.DisableScripts()
		p = b.Visit(app.URL + "/")
		var got struct {
			Button   string `json:"button"`
			Shown    bool   `json:"shown"`
			NoScript bool   `json:"noScript"`
		}
		p.Eval(`({button: getComputedStyle(document.querySelector(".menu-toggle")).display,
			shown: document.getElementById("menu-chinh").getClientRects().length > 0,
			noScript: matchMedia("(scripting: none)").matches})`, &got)
		if !got.NoScript || got.Button != "none" || !got.Shown {
			t.Errorf("phone without scripts: the menu is not shown whole: %+v", got)
		}
		p.Screenshot("trang-chu-khong-script-di-dong") // axe-core, a script, cannot run here
	}

	// Page weight, first view (a fresh browser, nothing cached): every
	// resource the page loads, as transferred.
	for _, path := range []string{"/", content.ArticlePath(lead.Slug)} {
		b := browsertest.New(t)
		p := b.Visit(app.URL + "/healthz")
		p.SetViewport(1366, 768)
		p = b.Visit(app.URL + path)
		var w struct {
			Total, HTML, Images int
			Count               int
			FCP, Shift          float64
		}
		p.Eval(`new Promise(done => {
			let shift = 0;
			new PerformanceObserver(l => { for (const e of l.getEntries()) shift += e.value; }).observe({type: "layout-shift", buffered: true});
			setTimeout(() => {
				const nav = performance.getEntriesByType("navigation")[0], res = performance.getEntriesByType("resource");
				const img = res.filter(r => r.initiatorType === "img").reduce((s, r) => s + r.transferSize, 0);
				const fcp = performance.getEntriesByName("first-contentful-paint")[0];
				done({html: nav.transferSize, images: img, total: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0), count: res.length + 1,
					fcp: fcp ? fcp.startTime : -1, shift});
			}, 200);
		})`, &w)
		t.Logf("page weight %s at 1366×768, first view: %d requests, %.1f KB (HTML %.1f KB, images %.1f KB); first contentful paint %.0f ms; layout shift %.3f",
			path, w.Count, float64(w.Total)/1024, float64(w.HTML)/1024, float64(w.Images)/1024, w.FCP, w.Shift)
		if w.Total > 300*1024 {
			t.Errorf("%s weighs %.1f KB on first view, over the 300 KB goal", path, float64(w.Total)/1024)
		}
	}

	// A banner image in place of the masthead: the site's name stays as
	// text for screen readers, the top bar stays.
	banner, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(photoLike(t, 1600, 200, 9)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	furn := content.NewFurniture(app.db, nil)
	if err := furn.SaveIdentity(ctx, site.ID, &content.Identity{Banner: content.IdentityImage{MediaID: banner.ID, Src: banner.URL(),
		Srcset: banner.Srcset(), Width: banner.Width, Height: banner.Height}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for _, phone := range []bool{false, true} {
		b := browsertest.New(t)
		p := b.Visit(app.URL + "/")
		if phone {
			p.SetMobileViewport(390, 844)
		} else {
			p.SetViewport(1366, 768)
		}
		p = b.Visit(app.URL + "/")
		var got struct {
			Loaded bool   `json:"loaded"`
			Name   string `json:"name"`
			Today  string `json:"today"`
		}
		p.Eval(`(() => { const i = document.querySelector(".masthead-image img");
			return {loaded: !!i && i.complete && i.naturalWidth > 0, name: document.querySelector(".masthead-image").textContent.trim(),
				today: document.querySelector(".topbar .today").textContent.trim()}; })()`, &got)
		if !got.Loaded || got.Name != site.Name || !weekdayDate.MatchString(got.Today) {
			t.Errorf("banner image (phone %v): %+v", phone, got)
		}
		p.Screenshot(fmt.Sprintf("trang-chu-bieu-ngu-anh%s", map[bool]string{true: "-di-dong"}[phone]))
		p.AssertNoAxeViolations()
	}
}
