package web

import (
	"bytes"
	"html/template"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/visits"
	"trangtin/ui"
)

// TestEveryTemplateRenders parses every template and executes each page
// with its view model, so a misspelt field fails here, not for a visitor.
func TestEveryTemplateRenders(t *testing.T) {
	u, err := ui.Load("", Funcs())
	if err != nil {
		t.Fatal(err)
	}
	site := content.Site{Name: "Trang thông tin điện tử huyện gia viễn", Banner: "CHÀO MỪNG", Agency: "UBND", Phone: "0229 3640 000", Email: "a@b.vn", Address: "Me", Responsible: "X", Licence: "GP"}
	cat := content.Category{ID: 1, Name: "Tin tức - Sự kiện", Slug: "tin-tuc-su-kien"}
	art := content.Article{ID: 1, Title: "Hội nghị", Slug: "hoi-nghi", Body: "<p>Nội dung</p>", Author: "Kim Thoả", Unit: "Trung tâm VHTT&TT huyện",
		SourceURL: "https://giavien.ninhbinh.gov.vn/x", PublishedAt: time.Date(2023, 3, 10, 3, 0, 0, 0, time.UTC), Summary: "Tóm tắt",
		Photo: content.Photo{ID: 3, Src: "/anh/x-960.jpg", Srcset: "/anh/x-480.jpg 480w, /anh/x-960.jpg 960w", Width: 960, Height: 640, Alt: "Ảnh", Caption: "Ảnh: Kim Thoả"}}
	links := []LinkItem{{Title: "Dịch vụ công quốc gia", URL: "https://dichvucong.gov.vn", ImageURL: "/anh/y.jpg", External: true}}
	l := Layout{Site: site, Menu: []MenuItem{{Name: "Tin tức", URL: "/chuyen-muc/tin-tuc", Current: true},
		{Name: "Giới thiệu", URL: "/gioi-thieu", Active: true, Children: []MenuItem{{Name: "Lịch sử", URL: "/x", Current: true}, {Name: "Chính phủ", URL: "https://chinhphu.vn", External: true}}}},
		Links: links, Path: "/x", Title: "T",
		Today: "Thứ hai, 07/12/2026", TodayISO: "2026-12-07",
		Prefs: Prefs{Size: "lon", HighContrast: true}, Crumbs: []Crumb{{Name: "Tin tức", URL: "/chuyen-muc/tin-tuc"}, {Name: "Hội nghị"}}}
	l.Visits = formatFigures(visits.Figures{Online: 3, Today: 1234, Month: 56789, Total: 1234567})
	photoArt := art
	photoArt.Photo = content.Photo{ID: 3, Src: "/anh/a-800.jpg", Srcset: "/anh/a-400.jpg 400w, /anh/a-800.jpg 800w", Width: 800, Height: 533, Alt: "Ảnh"}
	// The right column with a block of every kind it may show.
	column := []HomeSection{{Kind: "notices", ID: "cot-a", Title: "Thông báo", MoreURL: "/chuyen-muc/thong-bao", Articles: []content.Article{art}},
		{Kind: "documents", ID: "cot-b", Title: "Văn bản mới", MoreURL: "/van-ban", Documents: []BlockDocument{{URL: "/van-ban/1-x", Number: "1/QĐ", Abstract: "Về việc", IssuedOn: "01/12/2026", IssuedISO: "2026-12-01"}}},
		{Kind: "schedule", ID: "cot-c", Title: "Lịch", MoreURL: "/lich-cong-tac", Days: []BlockDay{{Label: "Thứ hai, 07/12", ISO: "2026-12-07", Today: true, Entries: []BlockEntry{{When: "Sáng 08:00", Leader: "A", Content: "Họp"}}}}},
		{Kind: "schedule", ID: "cot-c2", Title: "Lịch"},
		{Kind: "questions", ID: "cot-d", Title: "Hỏi đáp", MoreURL: "/hoi-dap", Questions: []BlockQuestion{{URL: "/hoi-dap/1", Subject: "Hỏi", PublishedAt: art.PublishedAt}}},
		{Kind: "questions", ID: "cot-d2", Title: "Hỏi đáp"},
		{Kind: "image", Image: &ImageBanner{URL: "https://dichvucong.gov.vn", Alt: "Dịch vụ công trực tuyến", External: true, Photo: photoArt.Photo}},
		{Kind: "links", ID: "cot-e", Title: "Liên kết website", Links: links},
		{Kind: "visits", ID: "cot-f", Title: "Lượt truy cập", Visits: l.Visits}}
	for i := range column {
		l.Column = append(l.Column, ColumnPart{Section: &column[i]})
	}
	l.Column = append(l.Column, ColumnPart{HTML: "<p>Khối đã dựng sẵn</p>"})
	views := map[string]any{
		"home": HomePage{Layout: l, Sections: []HomeSection{{Kind: "featured", ID: "a", Title: "Tin nổi bật", Articles: []content.Article{art}},
			{Kind: "latest", ID: "b", Title: "Tin mới", Articles: []content.Article{art}}, {Kind: "links", ID: "c", Title: "Liên kết", Links: links},
			{Kind: "blocks", Blocks: []CategoryBlock{{Category: cat, Articles: []content.Article{art}, ID: "d", Title: cat.Name}}},
			{Kind: "featured", ID: "e", Title: "Tin nổi bật", Lead: &photoArt, Articles: []content.Article{photoArt, art}},
			{Kind: "photos", ID: "f", Title: "Ảnh", Articles: []content.Article{photoArt}}}},
		"about":       AboutPage{Layout: l, Intro: "<p>x</p>", Pages: []AboutLink{{Title: "Lịch sử", URL: "/gioi-thieu/lich-su"}}, Leaders: true},
		"about-page":  AboutSubPage{Layout: l, Page: content.Page{Title: "Lịch sử"}, Body: "<p>x</p>", Nav: []AboutLink{{Title: "Lịch sử", URL: "/gioi-thieu/lich-su", Current: true}}},
		"leaders":     LeadersPage{Layout: l, Leaders: []LeaderView{{Leader: content.Leader{Name: "Nguyễn Văn A", Position: "Chủ tịch", PhotoURL: "/anh/x.jpg", Phone: "0229 1", Email: "a@b.vn"}, Bio: []string{"x"}, Anchor: "l1"}}},
		"access-info": AccessInfoPage{Layout: l, Info: content.AccessInfo{Unit: "Văn phòng", Officer: "B", Phone: "1", Email: "c@d.vn", Address: "Me"}, Sections: []SectionLink{{"Văn bản", "/van-ban", "x"}}, Unpublished: "<p>y</p>"},
		"article": ArticlePage{Layout: l, Article: art, Body: template.HTML(art.Body), SourceHost: "giavien.ninhbinh.gov.vn", Others: []content.Article{art}, Rating: testRatingWidget(),
			Newer: art, Older: art, Related: []content.Article{art}, Views: "1.234", Share: shareLinks("http://x/tin-tuc/hoi-nghi"),
			Updated: "14:05, 12/12/2026", UpdatedISO: "2026-12-12T14:05:00+07:00"},
		"category": CategoryPage{Layout: l, Category: cat, Children: []content.Category{cat}, Articles: []content.Article{art}, Pager: pager("/chuyen-muc/tin-tuc", 2, 3, 40)},
		"page":     StaticPage{Layout: l, Page: content.Page{Title: "Giới thiệu"}, Body: "<p>x</p>"},
		"error":    ErrorPage{Layout: l, Heading: "Không tìm thấy trang", Message: "Không có."},
		"search": SearchPage{Layout: l, Q: "bảo trợ", Categories: []content.Category{cat}, Form: SearchForm{Category: "tin-tuc-su-kien", Kind: "bai-viet"},
			Error: "Lỗi", Ran: true, Total: 1, Hits: []SearchHit{{Title: "<mark>Bảo</mark>", URL: "/tin-tuc/x", Date: art.PublishedAt, Kind: "article", Snippet: "x", Photo: art.Photo, Site: "Xã Gia Hưng"},
				{Title: "Giới thiệu", URL: "/trang/gioi-thieu", Kind: "page"}, {Title: "Văn bản", URL: "/van-ban/1-1", Date: art.PublishedAt, Kind: "document"}},
			Pager: pager("/tim-kiem?q=x", 1, 2, 11), Wide: true, Units: []SearchUnit{{Name: "Xã Gia Hưng", URL: "/tim-kiem?q=x&don-vi=gia-hung&pham-vi=toan-tinh", Count: 1, Current: true}}},
		"sitemap": SitemapPage{Layout: l, Categories: []SitemapNode{{Category: cat, Children: []SitemapNode{{Category: cat}}}}, Pages: []content.Page{{Title: "Giới thiệu", Slug: "gioi-thieu"}}, Sections: Sections},
		"saved":   SavedArticle{Site: site, Article: art, Body: template.HTML(art.Body), URL: "http://x/tin-tuc/hoi-nghi"},

		"tin-tu-co-so": BelowPage{Layout: l, Items: []BelowItem{{Title: "Hội nghị", URL: "http://giahung.ninhbinh.gov.vn/tin-tuc/hoi-nghi", Site: "Xã Gia Hưng",
			Summary: "Tóm tắt", PublishedAt: art.PublishedAt, Photo: art.Photo}}, Pager: pager("/tin-tu-co-so", 1, 2, 20)},

		"schedule":      testSchedulePage(l),
		"rating-thanks": RatingThanksPage{Layout: l, Counted: true, Title: "Hội nghị", BackURL: "/tin-tuc/hoi-nghi", ItemKind: "bài viết"},
	}
	maps.Copy(views, documentTemplateSamples(l))
	maps.Copy(views, questionTemplateSamples(l))
	for _, name := range u.PageNames() {
		if _, ok := views[name]; !ok {
			t.Errorf("template %s has no view model in this test", name)
		}
	}
	for name, data := range views {
		tpl, ok := u.Page(name)
		if !ok {
			t.Errorf("no template %s", name)
			continue
		}
		var b strings.Builder
		if err := tpl.Execute(&b, data); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		out := b.String()
		if name != "saved" && (!strings.Contains(out, `<html lang="vi" class="co-chu-lon tuong-phan-cao">`) || !strings.Contains(out, site.Name)) {
			t.Errorf("%s: layout missing", name)
		}
		if strings.Contains(out, "style=") || strings.Contains(out, "<style") || strings.Contains(out, "<script>") {
			t.Errorf("%s: inline style or script, which the CSP forbids", name)
		}
	}
}

func TestThemeOverride(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	os.WriteFile(filepath.Join(dir, "templates", "error.html"), []byte(`{{template "layout" .}}{{define "content"}}<p>Giao diện riêng: {{.Message}}</p>{{end}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "static", "site.css"), []byte("body{color:#000}"), 0o644)
	u, err := ui.Load(dir, Funcs())
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := u.Page("error")
	var b strings.Builder
	if err := tpl.Execute(&b, ErrorPage{Message: "x"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Giao diện riêng: x") {
		t.Error("theme template not used")
	}
	if a, _ := u.Asset("site.css"); string(a.Body) != "body{color:#000}" {
		t.Error("theme stylesheet not used")
	}
	if _, ok := u.Asset("site.js"); !ok {
		t.Error("embedded assets lost under a theme")
	}
	if _, err := ui.Load(filepath.Join(dir, "khong-co"), Funcs()); err == nil {
		t.Error("a missing theme folder was accepted")
	}
	os.WriteFile(filepath.Join(dir, "templates", "home.html"), []byte(`{{template "layout" .}}{{define "content"}}{{.Nope}`), 0o644)
	if _, err := ui.Load(dir, Funcs()); err == nil {
		t.Error("a broken theme template was accepted at start-up")
	}
}

func TestPageCacheVersionsAndBounds(t *testing.T) {
	c := newPageCache(3, 1<<20)
	c.put("a", newEntry([]byte("A"), 1), 0)
	if c.get("a", 1) == nil {
		t.Fatal("miss right after put")
	}
	if c.get("a", 2) != nil {
		t.Error("entry of an older site version served")
	}
	for _, k := range []string{"b", "c", "d", "e"} {
		c.put(k, newEntry([]byte(k), 1), 0)
	}
	if n := c.len(); n > 3 {
		t.Errorf("cache holds %d entries, bound is 3", n)
	}
	small := newPageCache(100, 8000)
	noise := make([]byte, 2000) // incompressible: its gzip copy is over 1,000 bytes
	rand.NewChaCha8([32]byte{1}).Read(noise)
	small.put("big", newEntry(noise, 1), 0)
	if small.get("big", 1) != nil {
		t.Error("an entry larger than an eighth of the cache was kept")
	}
	for i := 0; i < 50; i++ {
		small.put(strings.Repeat("k", i+1), newEntry([]byte(strings.Repeat("x", 60)), 1), 0)
		small.put(strings.Repeat("k", i+1), newEntry([]byte(strings.Repeat("y", 60)), 1), 0) // replaced
	}
	n, b := small.stats()
	if b > 8000 || n == 0 || n == 50 {
		t.Errorf("cache holds %d entries, %d bytes; bound is 8000 bytes, so some but not all 50", n, b)
	}
	sum := 0
	for k, e := range small.m {
		sum += e.size(k)
	}
	if sum != b {
		t.Errorf("cache counts %d bytes, its entries make %d", b, sum)
	}
}

// The cache keeps only the gzip copy of a page, at its exact size: a
// client without gzip gets the page decompressed, byte for byte, with its
// length and ETag; a gzip client gets the kept bytes without allocating.
func TestEntryKeepsGzipOnly(t *testing.T) {
	page := []byte(strings.Repeat("<p>Trang tin điện tử của tỉnh.</p>\n", 2000))
	e := newEntry(page, 1)
	if len(e.gz) != cap(e.gz) || len(e.gz) >= len(page)/4 {
		t.Fatalf("gzip copy %d bytes (capacity %d) for a page of %d", len(e.gz), cap(e.gz), len(page))
	}
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		r := httptest.NewRequest(method, "/", nil)
		w := httptest.NewRecorder()
		e.serve(w, r, http.StatusOK)
		want := page
		if method == http.MethodHead {
			want = nil
		}
		if !bytes.Equal(w.Body.Bytes(), want) || w.Header().Get("Content-Encoding") != "" ||
			w.Header().Get("Content-Length") != strconv.Itoa(len(page)) || w.Header().Get("Etag") != e.etag[0] {
			t.Errorf("%s without gzip: %d bytes, headers %v; want the page's %d", method, w.Body.Len(), w.Header(), len(want))
		}
		r.Header.Set("Accept-Encoding", "gzip")
		w = httptest.NewRecorder()
		e.serve(w, r, http.StatusOK)
		want = e.gz
		if method == http.MethodHead {
			want = nil
		}
		if !bytes.Equal(w.Body.Bytes(), want) || w.Header().Get("Content-Encoding") != "gzip" ||
			w.Header().Get("Content-Length") != strconv.Itoa(len(e.gz)) {
			t.Errorf("%s with gzip: %d bytes, headers %v", method, w.Body.Len(), w.Header())
		}
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	if n := testing.AllocsPerRun(100, func() {
		clear(w.h)
		e.serve(w, r, http.StatusOK)
	}); n != 0 {
		t.Errorf("serving a gzip client allocates %.1f times", n)
	}
}

// discardWriter is a ResponseWriter that allocates nothing.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

func TestETagMatch(t *testing.T) {
	for inm, want := range map[string]bool{`"abc"`: true, `W/"abc"`: true, `"x", "abc"`: true, `*`: true, `"abcd"`: false, ``: false} {
		if etagMatch(inm, `"abc"`) != want {
			t.Errorf("etagMatch(%q) != %v", inm, want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/tin-tuc/x": "/tin-tuc/x", "/": "/", "": "/", "//evil": "/", "/\\evil": "/", "http://evil": "/", "/a\r\nSet-Cookie: x": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPager(t *testing.T) {
	p := pager("/c", 5, 10, 150)
	var nums []int
	for _, l := range p.Links {
		nums = append(nums, l.Number)
	}
	want := []int{1, 3, 4, 5, 6, 7, 10}
	if len(nums) != len(want) {
		t.Fatalf("links %v, want %v", nums, want)
	}
	for i := range want {
		if nums[i] != want[i] {
			t.Fatalf("links %v, want %v", nums, want)
		}
	}
	if p.PrevURL != "/c?trang=4" || p.NextURL != "/c?trang=6" || p.Links[0].URL != "/c" {
		t.Errorf("pager URLs: %+v", p)
	}
	if one := pager("/c", 1, 1, 3); one.PrevURL != "" || one.NextURL != "" {
		t.Errorf("single page has prev/next: %+v", one)
	}
}

func TestPageQuery(t *testing.T) {
	for q, want := range map[string]string{"": "", "trang=2": "?trang=2", "x=1&trang=3&y=2": "?trang=3", "utm_source=zalo": "",
		// One key per page however its number is spelt; page 1 is the bare list.
		"trang=02": "?trang=2", "trang=0002": "?trang=2", "trang=%2B2": "?trang=2", "trang=1": "", "trang=001": "", "trang=": "",
		"trang=3&trang=4": "?trang=3"} {
		got, ok := pageQuery(httptest.NewRequest("GET", "/chuyen-muc/x?"+q, nil).URL)
		if got != want || !ok {
			t.Errorf("pageQuery(%q) = %q, %v; want %q, true", q, got, ok, want)
		}
	}
	for _, q := range []string{"trang=0", "trang=-1", "trang=x", "trang=1e3", "trang=100001"} {
		if got, ok := pageQuery(httptest.NewRequest("GET", "/chuyen-muc/x?"+q, nil).URL); ok {
			t.Errorf("pageQuery(%q) = %q, true; want false", q, got)
		}
	}
}

func TestPrefsCookie(t *testing.T) {
	for cookie, want := range map[string]Prefs{"lon.cao": {"lon", true}, "nho": {"nho", false}, "cao": {"", true}, "rat-lon.<x>": {}, "": {}} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", prefsCookie+"="+cookie)
		if got := prefsFrom(r); got != want {
			t.Errorf("prefsFrom(%q) = %+v, want %+v", cookie, got, want)
		}
		if want.value() != "" && prefsFromValue(t, want.value()) != want {
			t.Errorf("value %q does not round-trip", want.value())
		}
	}
}

func prefsFromValue(t *testing.T, v string) Prefs {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Cookie", prefsCookie+"="+v)
	return prefsFrom(r)
}

// TestPagerTemplate renders the shared pager: numbered links, the current
// page marked, the total with its noun only when a noun is given, nothing
// at all for a single page.
func TestPagerTemplate(t *testing.T) {
	u, err := ui.Load("", Funcs())
	if err != nil {
		t.Fatal(err)
	}
	l := Layout{Site: content.Site{Name: "Cổng"}}
	render := func(p Pager) string {
		t.Helper()
		tpl, _ := u.Page("category")
		var b strings.Builder
		if err := tpl.Execute(&b, CategoryPage{Layout: l, Pager: p}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	p := pager("/chuyen-muc/tin-tuc", 2, 3, 40)
	p.Noun = "bài viết"
	out := render(p)
	for _, want := range []string{"Trang 2/3 (40 bài viết)", `<span aria-current="page">2</span>`, `href="/chuyen-muc/tin-tuc" rel="prev"`, `rel="next"`} {
		if !strings.Contains(out, want) {
			t.Errorf("pager lacks %q", want)
		}
	}
	p.Noun = ""
	if out := render(p); !strings.Contains(out, "<p>Trang 2/3</p>") {
		t.Error("a pager without a noun shows a total")
	}
	if out := render(pager("/chuyen-muc/tin-tuc", 1, 1, 5)); strings.Contains(out, `class="pager"`) {
		t.Error("a single page has a pager")
	}
}
