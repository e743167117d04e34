//go:build ignore

// gen writes the saved pages of testdata/crawl from the corpus:
//
//	go run testdata/crawl/gen.go
//
// Three old sites, served by a throwaway nginx in cmd/trangtin's tests
// (http://OLDSITE stands for the address it serves them on):
//
//	nukeviet/  a NukeViet 4.5 site (theme default, module news): robots.txt
//	           disallowing /news/noi-bo/, a sitemap index, an RSS feed,
//	           category lists with a second page, 14 articles (one typed in
//	           TCVN3), pictures, a featured photo and a PDF attachment
//	liferay/   a Liferay "Cổng TTĐT" (asset publisher): its sitemap, a list
//	           with a next page, 10 articles, pictures kept under
//	           /documents/… without an extension
//	hong/      a NukeViet site with bad pages: one that is not HTML, one
//	           without a title, one gone, one with a picture missing
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"trangtin/internal/vi"
)

type rec struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

var root = "testdata/crawl"

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func write(rel, s string) {
	p := filepath.Join(root, rel)
	must(os.MkdirAll(filepath.Dir(p), 0o755))
	must(os.WriteFile(p, []byte(s), 0o644))
}

func picture(rel string, seed int) {
	img := image.NewRGBA(image.Rect(0, 0, 640, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 640; x++ {
			img.Set(x, y, color.RGBA{uint8(x*seed/7 + y), uint8(y * 2 / (seed + 1)), uint8((x + seed*40) / 3), 255})
		}
	}
	p := filepath.Join(root, rel)
	must(os.MkdirAll(filepath.Dir(p), 0o755))
	f, err := os.Create(p)
	must(err)
	must(jpeg.Encode(f, img, &jpeg.Options{Quality: 70}))
	must(f.Close())
}

// toTCVN3 writes s as TCVN3 bytes read as Latin-1, as a page typed with
// .VnTime and pasted shows it.
var fromUnicode = map[rune]rune{}

func init() {
	for b := rune(0x80); b <= 0xFF; b++ {
		s := []rune(vi.FromTCVN3(string(b)))
		if len(s) == 1 && s[0] != b {
			if _, ok := fromUnicode[s[0]]; !ok {
				fromUnicode[s[0]] = b
			}
		}
	}
}

func toTCVN3(s string) string {
	var b strings.Builder
	for _, r := range vi.NFC(s) {
		if m, ok := fromUnicode[r]; ok {
			b.WriteRune(m)
		} else if m, ok := fromUnicode[unicode.ToLower(r)]; ok {
			b.WriteRune(m)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// paragraphs cuts body into n paragraphs: its own when it has that many,
// else its sentences shared out.
func paragraphs(body string, n int) []string {
	var out []string
	for _, p := range strings.Split(body, "\n") {
		if p = strings.TrimSpace(p); p != "" && len(out) < n {
			out = append(out, html.EscapeString(p))
		}
	}
	if len(out) == n {
		return out
	}
	sentences := strings.SplitAfter(strings.Join(strings.Fields(body), " "), ". ")
	out = make([]string, n)
	for i, s := range sentences {
		k := i * n / len(sentences)
		out[k] = strings.TrimSpace(out[k] + " " + s)
	}
	for i := range out {
		out[i] = html.EscapeString(out[i])
		if out[i] == "" {
			out[i] = "…"
		}
	}
	return out
}

func main() {
	f, err := os.Open("testdata/corpus/articles.jsonl")
	must(err)
	var corpus []rec
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r rec
		must(json.Unmarshal(sc.Bytes(), &r))
		corpus = append(corpus, r)
	}
	must(os.RemoveAll(filepath.Join(root, "nukeviet")))
	must(os.RemoveAll(filepath.Join(root, "liferay")))
	must(os.RemoveAll(filepath.Join(root, "hong")))
	nukeviet(corpus[30:45])
	liferay(corpus[50:60])
	hong(corpus[70:72])
}

const nvHead = `<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head>
<title>%s - Cổng thông tin điện tử xã An Bình</title>
<meta charset="utf-8">
<meta name="generator" content="NukeViet v4.5">
<link rel="canonical" href="%s">
<link rel="alternate" href="http://OLDSITE/news/rss/" title="Tin Tức" type="application/rss+xml">
</head>
<body>
<div class="body-bg"><div class="wraper">
<header><div class="site-name"><a href="http://OLDSITE/">Cổng thông tin điện tử xã An Bình</a></div></header>
<nav class="second-nav" id="menusite"><div class="navbar navbar-default navbar-static-top" role="navigation">
<ul class="nav navbar-nav" id="menu-site-default">
<li><a title="Trang nhất" href="/"><em class="fa fa-lg fa-home">&nbsp;</em> Trang nhất</a></li>
<li><a title="Kinh tế" href="/news/kinh-te/">Kinh tế</a></li>
<li><a title="Văn hóa - Xã hội" href="/news/van-hoa-xa-hoi/">Văn hóa - Xã hội</a></li>
</ul></div></nav>
<div class="breadcrumbs-wrap"><div class="display">
<ul class="breadcrumbs list-none" itemscope itemtype="https://schema.org/BreadcrumbList">
<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="/" itemprop="item" title="Trang nhất"><span itemprop="name">Trang nhất</span></a></li>
%s</ul></div></div>
<section><div class="container" id="body">
`

const nvFoot = `</div></section>
<footer id="footer"><div class="copyright"><span>&copy; Bản quyền thuộc về UBND xã An Bình</span></div></footer>
</div></div>
<script src="/assets/js/jquery/jquery.min.js"></script>
</body>
</html>
`

type nvCat struct{ slug, name string }

func crumb(href, name string) string {
	return fmt.Sprintf(`<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="%s" itemprop="item" title="%s"><span class="txt" itemprop="name">%s</span></a></li>
`, href, name, name)
}

var weekdays = []string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}

func nukeviet(arts []rec) {
	cats := []nvCat{{"kinh-te", "Kinh tế"}, {"van-hoa-xa-hoi", "Văn hóa - Xã hội"}, {"noi-bo", "Nội bộ"}}
	type art struct {
		rec
		cat   nvCat
		id    int
		alias string
		path  string
		date  string
	}
	var all []art
	for i, r := range arts {
		c := cats[0]
		if i >= 8 {
			c = cats[1]
		}
		if i == 14 {
			c = cats[2]
		}
		id := 100 + i
		alias := vi.Slug(r.Title)
		if len(alias) > 60 {
			alias = strings.Trim(alias[:60], "-")
		}
		day := 1 + i
		wd := weekdays[time.Date(2026, time.November, day, 0, 0, 0, 0, time.UTC).Weekday()]
		a := art{rec: r, cat: c, id: id, alias: alias, path: fmt.Sprintf("/news/%s/%s-%d.html", c.slug, alias, id),
			date: fmt.Sprintf("%s, %02d/11/2026 - %02d:%02d", wd, day, 7+i%10, (i*7)%60)}
		all = append(all, a)
	}
	for i, a := range all {
		title := html.EscapeString(a.Title)
		ps := paragraphs(a.Body, 5)
		lead := ps[0]
		body := ps[1:]
		if i == 3 { // typed with .VnTime
			title = toTCVN3(title)
			lead = toTCVN3(lead)
			for j := range body {
				body[j] = toTCVN3(body[j])
			}
		}
		var b strings.Builder
		for j, p := range body {
			if j == 1 && i < 6 {
				fmt.Fprintf(&b, "<p style=\"text-align:center\"><img alt=\"%s\" src=\"/uploads/news/2026_12/anh-%d.jpg\" width=\"500\"></p>\n", title, i)
			}
			if j == 2 && i == 1 {
				b.WriteString(`<p>Xem chi tiết tại <a href="/uploads/news/2026_12/ke-hoach-so-12.pdf">Kế hoạch số 12/KH-UBND</a>.</p>` + "\n")
			}
			if j == 2 && i == 2 {
				fmt.Fprintf(&b, "<p>Tin liên quan: <a href=\"%s\">%s</a></p>\n", all[0].path, html.EscapeString(all[0].Title))
			}
			fmt.Fprintf(&b, "<p style=\"text-align: justify;\"><span style=\"font-family:times new roman,times,serif;\">%s</span></p>\n<p>&nbsp;</p>\n", p)
		}
		photo := ""
		if i == 0 {
			photo = `<figure class="article left pointer" onclick="modalShowByObj('#imgpreview');"><div style="width:300px;"><p class="text-center"><img alt="Ảnh đại diện" src="/assets/news/2026_12/dai-dien.jpg" class="img-thumbnail"/></p><figcaption>Ảnh đại diện</figcaption></div></figure>`
		}
		page := fmt.Sprintf(nvHead, title, "http://OLDSITE"+a.path, crumb("/news/", "Tin Tức")+crumb("/news/"+a.cat.slug+"/", a.cat.name)) +
			fmt.Sprintf(`<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
    <div class="panel-body">
        <h1 class="title margin-bottom-lg" itemprop="headline">%s</h1>
        <div class="row margin-bottom-lg">
            <div class="col-md-12">
                <span class="h5">%s</span>
            </div>
            <div class="col-md-12">
                <ul class="list-inline text-right">
                    <li><a class="dimgray" rel="nofollow" title="In ra" href="javascript: void(0)"><em class="fa fa-print fa-lg">&nbsp;</em></a></li>
                </ul>
            </div>
        </div>
        <div class="clearfix">
            %s
            <div class="hometext m-bottom" itemprop="description">%s</div>
        </div>
        <div id="news-bodyhtml" class="bodytext margin-bottom-lg">
            %s
        </div>
        <div class="margin-bottom-lg">
            <p class="h5 text-right"><strong>Tác giả: </strong>Ban biên tập</p>
        </div>
    </div>
</div>
<div class="news_column panel panel-default"><div class="panel-body"><div class="fb-like" data-layout="button_count"></div></div></div>
`, title, a.date, photo, lead, b.String()) + nvFoot
		write("nukeviet"+a.path, page)
		if i < 6 {
			picture(fmt.Sprintf("nukeviet/uploads/news/2026_12/anh-%d.jpg", i), i+1)
		}
	}
	picture("nukeviet/assets/news/2026_12/dai-dien.jpg", 9)
	write("nukeviet/uploads/news/2026_12/ke-hoach-so-12.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

	// Lists: Kinh tế in two pages (5 + 3), Văn hóa - Xã hội in one.
	list := func(c nvCat, items []art, page, pages int) string {
		var b strings.Builder
		for _, a := range items {
			fmt.Fprintf(&b, `<div class="news_column"><div class="panel panel-default clearfix"><div class="panel-body">
<h3><a href="%s" title="%s">%s</a></h3><p><em class="fa fa-clock-o">&nbsp;</em> %s</p></div></div></div>
`, a.path, html.EscapeString(a.Title), html.EscapeString(a.Title), a.date)
		}
		if pages > 1 {
			b.WriteString(`<div class="text-center"><ul class="pagination">`)
			for p := 1; p <= pages; p++ {
				href := "/news/" + c.slug + "/"
				if p > 1 {
					href += fmt.Sprintf("page-%d", p)
				}
				if p == page {
					fmt.Fprintf(&b, `<li class="active"><a href="#">%d</a></li>`, p)
				} else {
					fmt.Fprintf(&b, `<li><a href="%s">%d</a></li>`, href, p)
				}
			}
			b.WriteString("</ul></div>\n")
		}
		return fmt.Sprintf(nvHead, c.name, "http://OLDSITE/news/"+c.slug+"/", crumb("/news/", "Tin Tức")+crumb("/news/"+c.slug+"/", c.name)) + b.String() + nvFoot
	}
	write("nukeviet/news/kinh-te/index.html", list(cats[0], all[0:5], 1, 2))
	write("nukeviet/news/kinh-te/page-2.html", list(cats[0], all[5:8], 2, 2))
	write("nukeviet/news/van-hoa-xa-hoi/index.html", list(cats[1], all[8:14], 1, 1))
	write("nukeviet/news/noi-bo/index.html", list(cats[2], all[14:15], 1, 1))
	write("nukeviet/index.html", fmt.Sprintf(nvHead, "Trang nhất", "http://OLDSITE/", "")+
		`<div class="panel panel-default"><div class="panel-body"><p>Chào mừng đến Cổng thông tin điện tử xã An Bình.</p>
<ul class="related"><li><a href="`+all[9].path+`">`+html.EscapeString(all[9].Title)+`</a></li></ul></div></div>
`+nvFoot)
	write("nukeviet/robots.txt", `User-agent: *
Disallow: /admin/
Disallow: /news/noi-bo/
Crawl-delay: 0
Sitemap: http://OLDSITE/sitemap.xml
`)
	// The sitemap index names the news module's sitemap: the first six
	// articles and the one robots.txt keeps out.
	write("nukeviet/sitemap.xml", `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://OLDSITE/sitemap-news.xml</loc></sitemap>
</sitemapindex>
`)
	var sm strings.Builder
	sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
`)
	for _, a := range append(append([]art{}, all[0:6]...), all[14]) {
		fmt.Fprintf(&sm, "<url><loc>http://OLDSITE%s</loc><lastmod>2026-11-%02dT08:00:00+07:00</lastmod></url>\n", a.path, 1+a.id-100)
	}
	sm.WriteString("</urlset>\n")
	write("nukeviet/sitemap-news.xml", sm.String())
	var rss strings.Builder
	rss.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Tin Tức</title><link>http://OLDSITE/news/</link>
<description>Tin tức xã An Bình</description>
`)
	for _, a := range all[10:14] {
		fmt.Fprintf(&rss, "<item><title>%s</title><link>http://OLDSITE%s</link><guid isPermaLink=\"false\">%d</guid></item>\n", html.EscapeString(a.Title), a.path, a.id)
	}
	rss.WriteString("</channel></rss>\n")
	write("nukeviet/news/rss/index.xml", rss.String())
}

const lrHead = `<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="vi-VN">
<head>
<title>%s - Cổng Thông tin điện tử tỉnh Ninh Bình</title>
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<link href="http://OLDSITE%s" rel="canonical" />
<link href="/o/cong-ttdt-theme/images/favicon.ico" rel="Shortcut Icon" />
</head>
<body class="controls-visible yui3-skin-sam guest-site signed-out public-page site">
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner"><div id="heading"><h2 class="site-title"><a href="/web/guest/trang-chu" title="Cổng TTĐT tỉnh Ninh Bình"><span>Cổng Thông tin điện tử tỉnh Ninh Bình</span></a></h2></div>
<nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul aria-label="Trang web" role="menubar">
<li><a href="/web/guest/trang-chu" role="menuitem"><span>Trang chủ</span></a></li>
<li><a href="/web/guest/tin-tuc" role="menuitem"><span>Tin tức</span></a></li>
</ul></nav></header>
<div id="content">
<ul aria-label="Đường dẫn" class="breadcrumb breadcrumb-horizontal">
<li class="first"><a href="/web/guest/trang-chu">Trang chủ</a><span class="divider">/</span></li>
<li><a href="/web/guest/tin-tuc">Tin tức</a><span class="divider">/</span></li>
%s</ul>
<div class="columns-2" id="main-content" role="main">
<div class="portlet-layout row-fluid"><div class="portlet-column portlet-column-first span8" id="column-1">
<div class="portlet-boundary portlet-boundary_101_ portlet-static portlet-static-end portlet-borderless portlet-asset-publisher" id="p_p_id_101_INSTANCE_tintuc_">
<section class="portlet" id="portlet_101_INSTANCE_tintuc"><div class="portlet-content"><div class="portlet-content-container"><div class="portlet-body">
`

const lrFoot = `</div></div></div></section></div>
</div><div class="portlet-column portlet-column-last span4" id="column-2"></div></div>
</div></div>
<footer id="footer" role="contentinfo"><p>Cơ quan chủ quản: UBND tỉnh Ninh Bình</p></footer>
</div>
<script src="/o/frontend-js-web/liferay/aui_deprecated.js" type="text/javascript"></script>
</body>
</html>
`

func liferay(arts []rec) {
	const pub = "/web/guest/tin-tuc/-/asset_publisher/tintuc/content/"
	type art struct {
		rec
		path, date, cat string
	}
	var all []art
	for i, r := range arts {
		slug := vi.Slug(r.Title)
		if len(slug) > 70 {
			slug = strings.Trim(slug[:70], "-")
		}
		cat := "Hoạt động của lãnh đạo tỉnh"
		if i%2 == 1 {
			cat = "Tin kinh tế"
		}
		all = append(all, art{rec: r, path: pub + slug, date: fmt.Sprintf("%02d/10/2026 %02d:%02d", 10+i, 8+i%9, (i*11)%60), cat: cat})
	}
	for i, a := range all {
		title := html.EscapeString(a.Title)
		ps := paragraphs(a.Body, 5)
		var b strings.Builder
		for j, p := range ps[1:] {
			if j == 1 && i < 4 {
				fmt.Fprintf(&b, "<p style=\"text-align: center;\"><img alt=\"\" src=\"/documents/20182/0/anh-%d.jpg/5f1c2e0a-%04d-4b6e-9a51-8d6a7e3f2c1%d?t=1733%d\" style=\"width: 600px; height: 375px;\" /></p>\n<p style=\"text-align: center;\"><em>%s</em></p>\n", i, i, i, i, title)
			}
			fmt.Fprintf(&b, "<p style=\"text-align: justify;\">%s</p>\n", p)
		}
		catSlug := vi.Slug(a.cat)
		crumbs := fmt.Sprintf(`<li class="active last"><a href="/web/guest/tin-tuc/-/asset_publisher/tintuc/category/%s">%s</a></li>
`, catSlug, a.cat)
		page := fmt.Sprintf(lrHead, title, a.path, crumbs) + fmt.Sprintf(`<div class="asset-full-content clearfix default-asset-publisher show-asset-title">
<div class="taglib-header "><span class="header-back-to"><a class="icon-circle-arrow-left previous-level" href="/web/guest/tin-tuc" title="Quay lại"><span class="helper-hidden-accessible">Quay lại</span></a></span>
<h3 class="header-title"><span>%s</span></h3></div>
<div class="asset-metadata"><span class="metadata-entry metadata-publish-date date">%s</span></div>
<div class="asset-content" id="_101_INSTANCE_tintuc_%d">
<div class="journal-content-article">
<div class="sapo"><strong>%s</strong></div>
<div class="content">
%s
<p style="text-align: right;"><strong>Văn phòng UBND tỉnh</strong></p>
</div>
</div>
<div class="taglib-social-bookmarks"><ul class="unstyled"><li><a href="http://www.facebook.com/sharer.php?u=x">Facebook</a></li></ul></div>
</div>
<div class="asset-links"><h2 class="asset-links-header">Tin liên quan</h2></div>
</div>
`, title, a.date, 30000+i, ps[0], b.String()) + lrFoot
		write("liferay"+a.path+".html", page)
		if i < 4 {
			picture(fmt.Sprintf("liferay/documents/20182/0/anh-%d.jpg/5f1c2e0a-%04d-4b6e-9a51-8d6a7e3f2c1%d", i, i, i), 20+i)
		}
	}
	list := func(items []art, page int) string {
		var b strings.Builder
		b.WriteString(`<div class="asset-publisher"><div class="asset-list">` + "\n")
		for _, a := range items {
			fmt.Fprintf(&b, `<div class="asset-abstract default-asset-publisher"><h3 class="asset-title"><a href="%s">%s</a></h3><div class="asset-metadata"><span class="metadata-entry metadata-publish-date">%s</span></div></div>
`, "http://OLDSITE"+a.path+"?redirect=%2Fweb%2Fguest%2Ftin-tuc", html.EscapeString(a.Title), a.date)
		}
		b.WriteString(`</div><div class="taglib-page-iterator"><div class="pagination"><ul class="pager lfr-pagination-buttons">`)
		if page == 1 {
			b.WriteString(`<li class="next"><a href="/web/guest/tin-tuc?p_p_id=101_INSTANCE_tintuc&amp;_101_INSTANCE_tintuc_cur=2">Tiếp theo</a></li>`)
		}
		b.WriteString("</ul></div></div></div>\n")
		return fmt.Sprintf(lrHead, "Tin tức", "/web/guest/tin-tuc", "") + b.String() + lrFoot
	}
	write("liferay/web/guest/tin-tuc.html", list(all[0:6], 1))
	write("liferay/web/guest/tin-tuc.2.html", list(all[6:10], 2))
	write("liferay/web/guest/trang-chu.html", fmt.Sprintf(lrHead, "Trang chủ", "/web/guest/trang-chu", "")+"<p>Cổng Thông tin điện tử tỉnh Ninh Bình</p>\n"+lrFoot)
	write("liferay/robots.txt", "User-Agent: *\nDisallow: /c/\nDisallow: /group/\nDisallow: /*/-/asset_publisher/*/rss\nSitemap: http://OLDSITE/sitemap.xml\n")
	var sm strings.Builder
	sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
<url><loc>http://OLDSITE/web/guest/trang-chu</loc><changefreq>daily</changefreq><priority>0.5</priority></url>
<url><loc>http://OLDSITE/web/guest/tin-tuc</loc><changefreq>daily</changefreq><priority>0.5</priority></url>
`)
	for _, a := range all[:7] {
		fmt.Fprintf(&sm, "<url><loc>http://OLDSITE%s</loc><priority>0.5</priority></url>\n", a.path)
	}
	sm.WriteString("</urlset>\n")
	write("liferay/sitemap.xml", sm.String())
}

// hong: a NukeViet site whose sitemap lists a good article, one with a
// picture missing, a page that is not HTML, a page without the title, and
// one that is gone.
func hong(arts []rec) {
	var sm strings.Builder
	sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
`)
	for _, p := range []string{"/news/tin/bai-tot-1.html", "/news/tin/thieu-anh-2.html", "/news/tin/du-lieu-3.html", "/news/tin/khong-tieu-de-4.html", "/news/tin/da-xoa-5.html"} {
		fmt.Fprintf(&sm, "<url><loc>http://OLDSITE%s</loc></url>\n", p)
	}
	sm.WriteString("</urlset>\n")
	write("hong/sitemap.xml", sm.String())
	article := func(r rec, img string) string {
		ps := paragraphs(r.Body, 3)
		return fmt.Sprintf(nvHead, html.EscapeString(r.Title), "", crumb("/news/tin/", "Tin")) + fmt.Sprintf(`<div class="news_column panel panel-default"><div class="panel-body">
<h1 class="title margin-bottom-lg" itemprop="headline">%s</h1>
<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">05/12/2026 08:30</span></div></div>
<div class="clearfix"><div class="hometext m-bottom">%s</div></div>
<div id="news-bodyhtml" class="bodytext margin-bottom-lg"><p>%s</p>%s<p>%s</p></div>
</div></div>
`, html.EscapeString(r.Title), ps[0], ps[1], img, ps[2]) + nvFoot
	}
	write("hong/news/tin/bai-tot-1.html", article(arts[0], ""))
	write("hong/news/tin/thieu-anh-2.html", article(arts[1], `<p><img alt="" src="/uploads/news/2026_12/mat-anh.jpg"></p>`))
	write("hong/news/tin/du-lieu-3.html", `{"loi": "đây là dữ liệu JSON, không phải trang"}`)
	write("hong/news/tin/khong-tieu-de-4.html", fmt.Sprintf(nvHead, "Không tìm thấy", "", "")+`<div class="alert alert-danger">Bài viết không tồn tại hoặc đã bị xóa.</div>`+nvFoot)
	write("hong/robots.txt", "User-agent: *\nDisallow:\n")
	write("hong/index.html", fmt.Sprintf(nvHead, "Trang nhất", "", "")+"<p>Trang nhất</p>"+nvFoot)
}
