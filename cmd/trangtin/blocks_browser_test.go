package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/media"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestBrowserBlocks, at 1366×768 and 390×844: the home page leads with a
// featured article's photo above a row of thumbnails; the default right
// column stands beside the content on a desktop and below it on a phone,
// on the home page and an article; a site administrator moves a block up
// with its button and adds an image banner by uploading its picture (the
// form first refusing it without its text, keeping what was typed and the
// picture), and sees both on the public site. axe-core finds nothing on
// the home page, the article and /quan-tri/trang-chu.
func TestBrowserBlocks(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, demo.SiteKey)).Get(t)
	const email, password = "qt-khoi@giavien.gov.vn", "Mat-khau-khoi-trang-chu-2026"
	if _, err := app.users.CreateUser(ctx, email, "Quản trị khối", password, user.RoleSiteAdmin, site.ID); err != nil {
		t.Fatal(err)
	}
	// Three featured articles with photos: the lead story and two thumbnails.
	cats := testenv.Must(app.db.FindCategories(ctx, site.ID)).Get(t)
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	for i, title := range []string{"Huyện Gia Viễn thăm, tặng quà gia đình chính sách", "Ra quân làm đường giao thông nông thôn", "Khai mạc hội thi văn nghệ quần chúng"} {
		it, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(testPNG(t, 1200, 800)), "Ảnh: "+title, nil)
		if err != nil {
			t.Fatal(err)
		}
		a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: title, Body: "<p>Nội dung.</p>", Summary: "Tóm tắt: " + title + ".",
			Status: content.StatusPublished, Featured: true, PublishedAt: time.Now().Add(-time.Duration(i+1) * time.Minute),
			Photo: content.Photo{ID: it.ID, Src: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height, Alt: it.Alt}}
		if err := app.svc.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}

	type box struct {
		Left   float64 `json:"left"`
		Right  float64 `json:"right"`
		Top    float64 `json:"top"`
		Bottom float64 `json:"bottom"`
	}
	layout := func(p *browsertest.Page) (mainBox, column box) {
		var got struct {
			Main   box `json:"main"`
			Column box `json:"column"`
		}
		p.Eval(`(() => { const r = s => { const e = document.querySelector(s); if (!e) return {}; const b = e.getBoundingClientRect();
			return {left: b.left, right: b.right, top: b.top + scrollY, bottom: b.bottom + scrollY}; };
			return {main: r('main'), column: r('.side-column')}; })()`, &got)
		return got.Main, got.Column
	}
	for _, phone := range []bool{false, true} {
		name := "may-tinh"
		b := browsertest.New(t)
		visit := func(path string) *browsertest.Page {
			p := b.Visit(app.URL + path)
			if phone {
				p.SetMobileViewport(390, 844)
			} else {
				p.SetViewport(1366, 768)
			}
			return b.Visit(app.URL + path)
		}
		if phone {
			name = "dien-thoai"
		}
		checkColumn := func(p *browsertest.Page, what string) {
			t.Helper()
			m, c := layout(p)
			switch {
			case c.Bottom == 0:
				t.Errorf("%s (%s): no right column", what, name)
			case !phone && !(c.Left >= m.Right && c.Top < m.Bottom):
				t.Errorf("%s (desktop): the column %+v is not beside the content %+v", what, c, m)
			case phone && c.Top < m.Bottom:
				t.Errorf("%s (phone): the column %+v is not below the content %+v", what, c, m)
			}
			var overflow bool
			p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
			if overflow {
				t.Errorf("%s (%s): the page scrolls sideways", what, name)
			}
		}

		home := visit("/")
		var lead struct {
			Loaded  bool   `json:"loaded"`
			Src     string `json:"src"`
			Width   string `json:"width"`
			Lazy    string `json:"lazy"`
			Thumbs  int    `json:"thumbs"`
			Lazies  int    `json:"lazies"`
			Visible bool   `json:"visible"`
		}
		home.Eval(`(() => { const i = document.querySelector('.lead-story img'); if (!i) return {};
			const th = [...document.querySelectorAll('.lead-row img')];
			return {loaded: i.complete && i.naturalWidth > 0, src: i.currentSrc, width: i.getAttribute('width'), lazy: i.getAttribute('loading') || '',
				thumbs: th.length, lazies: th.filter(x => x.loading === 'lazy' && x.getAttribute('width') && x.getAttribute('height')).length,
				visible: i.getBoundingClientRect().top < innerHeight}; })()`, &lead)
		if !lead.Loaded || !strings.Contains(lead.Src, "/anh/") || lead.Width == "" || lead.Lazy != "" || !lead.Visible {
			t.Errorf("home (%s): the lead story's photo %+v", name, lead)
		}
		if lead.Thumbs < 2 || lead.Lazies != lead.Thumbs {
			t.Errorf("home (%s): %d thumbnails, %d lazy with their size", name, lead.Thumbs, lead.Lazies)
		}
		checkColumn(home, "home")
		home.Screenshot("khoi-trang-chu-" + name)
		home.AssertNoAxeViolations()

		art := visit(seedArticlePath)
		checkColumn(art, "article")
		if got := strings.ToLower(art.Text(".side-column #cot-van-ban-moi")); got != "văn bản mới" {
			t.Errorf("article (%s): the column's documents block is headed %q", name, got)
		}
		art.Screenshot("khoi-bai-viet-" + name)
		art.AssertNoAxeViolations()

		nrSignIn(t, b, app.URL, email, password)
		adm := visit("/quan-tri/trang-chu")
		adm.Screenshot("khoi-quan-tri-" + name)
		adm.AssertNoAxeViolations()
		if phone {
			var overflow bool
			adm.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
			if overflow {
				t.Error("/quan-tri/trang-chu scrolls sideways on a phone")
			}
			continue
		}

		// Move the schedule above the documents with its button.
		blocks, _, err := app.furniture.HomeBlocks(ctx, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sched int64
		for _, bl := range blocks {
			if bl.Kind == content.BlockSchedule {
				sched = bl.ID
			}
		}
		adm = adm.ClickAndWait(fmt.Sprintf(`form[action="/quan-tri/trang-chu/%d/len"] button`, sched))
		nrExpectNotice(t, adm, "Đã lưu")

		// An image banner without its text is refused; the picture
		// uploaded and what was typed stay.
		nrFill(t, adm, map[string]string{"kind": "image", "column": "side", "url": "https://dichvucong.gov.vn", "alt": ""})
		adm.Eval(fmt.Sprintf(`(() => {
			const bytes = Uint8Array.from(atob(%q), c => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], 'dich-vu-cong.png', {type: 'image/png'}));
			const input = document.querySelector('input[name="image_file"]');
			input.files = dt.files;
			return input.files.length; })()`, base64.StdEncoding.EncodeToString(testPNG(t, 640, 160))), nil)
		adm = adm.ClickAndWait(`form[action="/quan-tri/trang-chu"] button[type=submit]`)
		if msg := adm.Text(".error-summary"); !strings.Contains(msg, "Vui lòng nhập mô tả ảnh") {
			t.Fatalf("an image banner without alt: error summary %q", msg)
		}
		var kept struct {
			URL   string `json:"url"`
			Image string `json:"image"`
		}
		adm.Eval(`({url: document.getElementById('url').value, image: document.getElementById('image').value})`, &kept)
		if kept.URL != "https://dichvucong.gov.vn" || kept.Image == "" || kept.Image == "0" {
			t.Fatalf("the refused form lost what was sent: %+v", kept)
		}
		adm.Screenshot("khoi-quan-tri-loi-" + name)
		adm.AssertNoAxeViolations()
		nrFill(t, adm, map[string]string{"alt": "Dịch vụ công trực tuyến"})
		adm = adm.ClickAndWait(`form[action="/quan-tri/trang-chu"] button[type=submit]`)
		nrExpectNotice(t, adm, "Đã lưu")

		pub := visit("/")
		var seen struct {
			Order  []string `json:"order"`
			Alt    string   `json:"alt"`
			Href   string   `json:"href"`
			Loaded bool     `json:"loaded"`
		}
		pub.Eval(`(() => { const i = document.querySelector('.side-column .image-banner img');
			return {order: [...document.querySelectorAll('.side-column h2[id]')].map(h => h.id),
				alt: i ? i.alt : '', href: i ? i.closest('a').href : '', loaded: !!i && i.complete && i.naturalWidth > 0}; })()`, &seen)
		if seen.Alt != "Dịch vụ công trực tuyến (trang bên ngoài)" || seen.Href != "https://dichvucong.gov.vn/" || !seen.Loaded {
			t.Errorf("the image banner on the public site: %+v", seen)
		}
		if idx := func(id string) int {
			for i, x := range seen.Order {
				if x == id {
					return i
				}
			}
			return -1
		}; idx("cot-lich-cong-tac") < 0 || idx("cot-lich-cong-tac") > idx("cot-van-ban-moi") {
			t.Errorf("the schedule was moved up but the column reads %v", seen.Order)
		}
		pub.Screenshot("khoi-trang-chu-banner-anh-" + name)
		pub.AssertNoAxeViolations()
	}
}
