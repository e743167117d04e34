package main

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"

	"golang.org/x/net/html"
)

// TestArticlePageTimeViewsShareNav: an article page shows its time of
// publication with the date, its view count (counted per visitor, stored
// as numbers only), share links that load nothing of another site before
// a click, the category's newer and older articles and related articles
// by shared key words.
func TestArticlePageTimeViewsShareNav(t *testing.T) { eachStore(t, testArticlePageMore) }

func testArticlePageMore(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	cat := content.Category{SiteID: site.ID, Name: "Chính sách xã hội", Slug: "chinh-sach-xa-hoi-thu", Position: 90}
	if err := app.db.CreateCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	mk := func(slug, title, keywords string, at time.Time) content.Article {
		t.Helper()
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: title, Slug: slug, Body: "<p>Nội dung.</p>",
			Status: content.StatusPublished, PublishedAt: at, Keywords: keywords}
		if err := app.db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	older := mk("tin-cu-bao-tro", "Chi trả trợ cấp tháng 2", "bảo trợ xã hội", time.Date(2023, 3, 9, 0, 0, 0, 0, vi.Zone))
	mid := mk("tin-giua-bao-tro", "Hội nghị về bảo trợ xã hội", "Bảo trợ xã hội, người cao tuổi", time.Date(2023, 3, 10, 8, 30, 0, 0, vi.Zone))
	newer := mk("tin-moi-bao-tro", "Thăm hỏi người cao tuổi", "", time.Date(2023, 3, 11, 9, 0, 0, 0, vi.Zone))
	app.svc.NotifyChanged(site.ID)

	const browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
	res, page := get(t, app.URL+"/tin-tuc/"+mid.Slug, "User-Agent", browser)
	if res.StatusCode != 200 {
		t.Fatalf("GET: %d", res.StatusCode)
	}
	nodes := strings.Join(textNodes(t, page), "\n")
	for _, want := range []string{"Thứ sáu, 10/03/2023\n08:30", "Lượt xem: 0", "Tin mới hơn\n" + newer.Title, "Tin cũ hơn\n" + older.Title, "Tin liên quan\n" + older.Title} {
		if !strings.Contains(nodes, want) {
			t.Errorf("the page has no text %q\n%s", want, nodes)
		}
	}
	// A date without a time of day shows the date alone.
	if _, p := get(t, app.URL+"/tin-tuc/"+older.Slug, "User-Agent", browser); !strings.Contains(strings.Join(textNodes(t, p), "\n"), "Thứ năm, 09/03/2023\n· Lượt xem:") {
		t.Errorf("a publication at midnight shows a time of day")
	}
	doc := testenv.Must(html.Parse(strings.NewReader(page))).Get(t)
	var shares []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch n.Data {
			case "a":
				if h := attr["href"]; strings.HasPrefix(h, "https://www.facebook.com/") || strings.Contains(h, "zalo.me/") {
					shares = append(shares, h)
				}
			case "script", "iframe", "img", "link", "embed", "object":
				if n.Data == "link" && attr["rel"] != "stylesheet" && attr["rel"] != "preload" && attr["rel"] != "icon" {
					break // a canonical address or a metadata schema loads nothing
				}
				for _, k := range []string{"src", "href"} {
					if u := attr[k]; strings.HasPrefix(u, "http") || strings.HasPrefix(u, "//") {
						t.Errorf("<%s %s=%q> loads from another site before any click", n.Data, k, u)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(shares) != 2 || !strings.HasPrefix(shares[0], "https://button-share.zalo.me/share_external?") ||
		!strings.HasPrefix(shares[1], "https://www.facebook.com/sharer/sharer.php?u=http") || !strings.HasSuffix(shares[1], url.QueryEscape("/tin-tuc/"+mid.Slug)) {
		t.Errorf("share links %q", shares)
	}
	if !strings.Contains(page, `data-copy="dia-chi-bai"`) || !strings.Contains(page, `/tin-tuc/`+mid.Slug+`" readonly`) {
		t.Errorf("no copy-link button with the address to copy by hand")
	}

	// Views: one per visitor (address and browser) within the visit gap,
	// whether the page came from the cache or not; robots are not counted.
	get(t, app.URL+"/tin-tuc/"+mid.Slug, "User-Agent", browser)
	get(t, app.URL+"/tin-tuc/"+mid.Slug, "User-Agent", browser+" khác")
	get(t, app.URL+"/tin-tuc/"+mid.Slug, "User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)")
	if err := app.visits.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := app.db.ArticleViews(ctx, mid.ID); err != nil || n != 2 {
		t.Errorf("views stored: %d %v, want 2", n, err)
	}
	// A render shows the count as of then, grouped the Vietnamese way.
	if err := app.db.AddArticleViews(ctx, "2026-12", map[int64]int64{newer.ID: 1234}); err != nil {
		t.Fatal(err)
	}
	if _, p := get(t, app.URL+"/tin-tuc/"+newer.Slug, "User-Agent", browser); !strings.Contains(p, "Lượt xem: 1.234") {
		t.Errorf("the newer article does not show its 1.234 views")
	}
	// A site that does not wish to show them switches them off: the page
	// (rendered again: the switch empties the site's cached pages) shows
	// none, and the views are still counted.
	var on []content.Module
	for _, m := range content.Modules {
		if m.Module != content.ModuleViews {
			on = append(on, m.Module)
		}
	}
	if err := app.furniture.SaveModules(ctx, site.ID, on, nil); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, p := get(t, app.URL+"/tin-tuc/"+newer.Slug, "User-Agent", browser+" thứ ba"); strings.Contains(p, "Lượt xem") {
		t.Errorf("the view count shows though the site switched it off")
	}
	if err := app.visits.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := app.db.ArticleViews(ctx, newer.ID); err != nil || n != 1236 {
		t.Errorf("views with the count hidden: %d %v, want 1236", n, err)
	}
}
