package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/testenv"
	"trangtin/internal/web"
)

// validateXML checks doc against a schema of internal/feed/testdata with
// xmllint; under CI a missing xmllint fails (scripts/test installs it).
func validateXML(t *testing.T, schema, doc string) {
	t.Helper()
	testenv.Command(t, "xmllint", "libxml2-utils")
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	xsd := filepath.Join("..", "..", "internal", "feed", "testdata", schema)
	if out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
		t.Errorf("xmllint --schema %s: %v\n%s", schema, err, out)
	}
}

type rssDoc struct {
	Channel struct {
		Title string `xml:"title"`
		Link  string `xml:"link"`
		Items []struct {
			Title    string   `xml:"title"`
			Link     string   `xml:"link"`
			Desc     string   `xml:"description"`
			GUID     string   `xml:"guid"`
			PubDate  string   `xml:"pubDate"`
			Category []string `xml:"category"`
			Creator  string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestFeeds(t *testing.T) { eachStore(t, testFeeds) }

func testFeeds(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)

	res, body := get(t, app.URL+"/rss")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/rss+xml") {
		t.Fatalf("/rss: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	validateXML(t, "rss-2.0.xsd", body)
	var doc rssDoc
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Channel.Title != demo.Site.Name || doc.Channel.Link != app.URL+"/" || len(doc.Channel.Items) == 0 {
		t.Fatalf("channel %q %q with %d items", doc.Channel.Title, doc.Channel.Link, len(doc.Channel.Items))
	}
	found := false
	for _, it := range doc.Channel.Items {
		if it.Link == app.URL+seedURL {
			found = true
			pub, err := time.Parse(time.RFC1123Z, it.PubDate)
			if it.Title != seedTitle || it.GUID != it.Link || err != nil || !pub.Equal(demo.Seed.Published) || it.Creator != seedByline || len(it.Category) != 1 {
				t.Errorf("seed item: %+v (%v)", it, err)
			}
			// The seed has no summary: the description is the start of its text.
			if d := strings.TrimSuffix(it.Desc, "…"); len(d) < 100 || !strings.HasPrefix(demo.Seed.Paragraphs[0], d) {
				t.Errorf("seed item description %q", it.Desc)
			}
		}
	}
	if !found {
		t.Errorf("the seed article is not in /rss")
	}

	// Conditional GET and the cache.
	res2, _ := get(t, app.URL+"/rss", "If-None-Match", res.Header.Get("Etag"))
	if res.Header.Get("Etag") == "" || res2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d (etag %q)", res2.StatusCode, res.Header.Get("Etag"))
	}

	// Compressed for clients that ask, with its own ETag.
	resGz, zipped := get(t, app.URL+"/rss", "Accept-Encoding", "gzip")
	if resGz.Header.Get("Content-Encoding") != "gzip" || resGz.Header.Get("Etag") == res.Header.Get("Etag") {
		t.Errorf("gzip: %v", resGz.Header)
	} else if zr, err := gzip.NewReader(strings.NewReader(zipped)); err != nil {
		t.Error(err)
	} else if plain, err := io.ReadAll(zr); err != nil || string(plain) != body {
		t.Errorf("the gzipped feed differs from the plain one (%v)", err)
	}

	// A category feed holds only that category's articles.
	res, body = get(t, app.URL+"/chuyen-muc/tin-tuc-su-kien/rss")
	if res.StatusCode != 200 {
		t.Fatalf("category feed: %d", res.StatusCode)
	}
	validateXML(t, "rss-2.0.xsd", body)
	doc = rssDoc{}
	xml.Unmarshal([]byte(body), &doc)
	if !strings.HasSuffix(doc.Channel.Link, "/chuyen-muc/tin-tuc-su-kien") || len(doc.Channel.Items) == 0 {
		t.Errorf("category channel %q, %d items", doc.Channel.Link, len(doc.Channel.Items))
	}
	for _, it := range doc.Channel.Items {
		if len(it.Category) != 1 || it.Category[0] != "Tin tức - Sự kiện" {
			t.Errorf("item %q of category %q in the Tin tức - Sự kiện feed", it.Title, it.Category)
		}
	}
	if res, _ := get(t, app.URL+"/chuyen-muc/khong-co/rss"); res.StatusCode != 404 {
		t.Errorf("feed of a missing category: %d", res.StatusCode)
	}

	// robots.txt keeps crawlers out of the editors' area and names the sitemap.
	res, body = get(t, app.URL+"/robots.txt")
	if res.StatusCode != 200 || !strings.Contains(body, "Disallow: /quan-tri/\n") || !strings.Contains(body, "Sitemap: "+app.URL+"/sitemap.xml\n") {
		t.Errorf("robots.txt: %d\n%s", res.StatusCode, body)
	}
}

type urlsetDoc struct {
	XMLName xml.Name
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

func TestSitemapXML(t *testing.T) { eachStore(t, testSitemapXML) }

func testSitemapXML(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	docMod := time.Date(2024, 1, 31, 8, 0, 0, 0, time.UTC)
	app.web.AddSitemapSource(func(ctx context.Context, siteID int64) ([]web.SitemapEntry, error) {
		return []web.SitemapEntry{{Path: "/van-ban/123-qd-ubnd", LastMod: docMod}}, nil
	})
	res, body := get(t, app.URL+"/sitemap.xml")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("/sitemap.xml: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	validateXML(t, "sitemap.xsd", body)
	var doc urlsetDoc
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	site, err := app.db.FindSiteByKey(ctx, demo.SiteKey)
	if err != nil {
		t.Fatal(err)
	}
	total, err := app.svc.CountPublicArticles(ctx, site.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{}
	for _, u := range doc.URLs {
		all[u.Loc] = u.LastMod
	}
	seed, err := app.db.FindArticleBySlug(ctx, site.ID, strings.TrimPrefix(seedURL, "/tin-tuc/"))
	if err != nil {
		t.Fatal(err)
	}
	mod, err := time.Parse(time.RFC3339, all[app.URL+seedURL])
	if err != nil || !mod.Equal(seed.UpdatedAt.Truncate(time.Second)) && !mod.Equal(seed.PublishedAt) {
		t.Errorf("seed lastmod %q (%v), updated %v", all[app.URL+seedURL], err, seed.UpdatedAt)
	}
	for _, want := range []string{app.URL + "/", app.URL + "/chuyen-muc/tin-tuc-su-kien", app.URL + "/trang/gioi-thieu", app.URL + "/so-do-cong"} {
		if _, ok := all[want]; !ok {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if all[app.URL+"/van-ban/123-qd-ubnd"] != "2024-01-31T08:00:00Z" {
		t.Errorf("a module's address from AddSitemapSource: %q", all[app.URL+"/van-ban/123-qd-ubnd"])
	}
	// A category's lastmod is its newest article's; the home page's the newest of all.
	catMod, err := time.Parse(time.RFC3339, all[app.URL+"/chuyen-muc/tin-tuc-su-kien"])
	if err != nil || catMod.Before(mod) {
		t.Errorf("category lastmod %q (%v) is before its article's %v", all[app.URL+"/chuyen-muc/tin-tuc-su-kien"], err, mod)
	}
	if homeMod, err := time.Parse(time.RFC3339, all[app.URL+"/"]); err != nil || homeMod.Before(catMod) {
		t.Errorf("home lastmod %q (%v) is before the category's %v", all[app.URL+"/"], err, catMod)
	}
	if len(doc.URLs) < total+3 {
		t.Errorf("sitemap has %d URLs for %d articles", len(doc.URLs), total)
	}

	// Past the limit /sitemap.xml becomes an index of parts (the other
	// addresses, then a part a month) that together hold the same
	// addresses.
	app.web.SplitSitemapAt(7)
	a := seed
	a.Summary += " (sửa)"
	if err := app.svc.SaveArticle(ctx, &a); err != nil { // a new site version: the cache is stale
		t.Fatal(err)
	}
	_, body = get(t, app.URL+"/sitemap.xml")
	validateXML(t, "siteindex.xsd", body)
	var idx urlsetDoc
	if err := xml.Unmarshal([]byte(body), &idx); err != nil {
		t.Fatal(err)
	}
	if idx.XMLName.Local != "sitemapindex" || len(idx.Sitemaps) < (len(doc.URLs)+6)/7 {
		t.Fatalf("index %s with %d files for %d URLs", idx.XMLName.Local, len(idx.Sitemaps), len(doc.URLs))
	}
	seen := map[string]bool{}
	for i, sm := range idx.Sitemaps {
		if i == 0 && sm.Loc != app.URL+"/sitemap/trang.xml" || i > 0 && !strings.HasPrefix(sm.Loc, app.URL+"/sitemap/") {
			t.Errorf("file %d: %s", i+1, sm.Loc)
		}
		res, body := get(t, sm.Loc)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", sm.Loc, res.StatusCode)
		}
		validateXML(t, "sitemap.xsd", body)
		var part urlsetDoc
		xml.Unmarshal([]byte(body), &part)
		if len(part.URLs) == 0 || len(part.URLs) > 7 {
			t.Errorf("%s: %d URLs", sm.Loc, len(part.URLs))
		}
		for _, u := range part.URLs {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != len(doc.URLs) {
		t.Errorf("the files hold %d URLs, the single sitemap %d", len(seen), len(doc.URLs))
	}
	if res, _ := get(t, app.URL+"/sitemap/2099-01.xml"); res.StatusCode != 404 {
		t.Errorf("a sitemap file past the last: %d", res.StatusCode)
	}
}

// headMeta reads the <meta>, <link> and JSON-LD of a page's head.
type headMeta struct {
	meta   map[string][]string // name or property → contents
	links  map[string][]string // rel → hrefs
	ldJSON []string
	title  string
}

func parseHead(t *testing.T, page string) headMeta {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	h := headMeta{meta: map[string][]string{}, links: map[string][]string{}}
	attr := func(n *html.Node, k string) string {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val
			}
		}
		return ""
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				k := attr(n, "name")
				if k == "" {
					k = attr(n, "property")
				}
				h.meta[k] = append(h.meta[k], attr(n, "content"))
			case "link":
				h.links[attr(n, "rel")] = append(h.links[attr(n, "rel")], attr(n, "href"))
			case "script":
				if attr(n, "type") == "application/ld+json" && n.FirstChild != nil {
					h.ldJSON = append(h.ldJSON, n.FirstChild.Data)
				}
			case "title":
				if n.FirstChild != nil {
					h.title = n.FirstChild.Data
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return h
}

func (h headMeta) one(t *testing.T, key string) string {
	t.Helper()
	if len(h.meta[key]) != 1 {
		t.Errorf("meta %s: %q, want exactly one", key, h.meta[key])
		return ""
	}
	return h.meta[key][0]
}

type ldGraph struct {
	Context string           `json:"@context"`
	Graph   []map[string]any `json:"@graph"`
}

func (g ldGraph) find(typ string) map[string]any {
	for _, n := range g.Graph {
		if n["@type"] == typ {
			return n
		}
	}
	return nil
}

func TestPageMetadata(t *testing.T) { eachStore(t, testPageMetadata) }

func testPageMetadata(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	_, page := get(t, app.URL+seedURL)
	h := parseHead(t, page)
	canon := app.URL + seedURL
	if got := h.links["canonical"]; len(got) != 1 || got[0] != canon {
		t.Errorf("canonical %q, want %q", got, canon)
	}
	if got := h.links["alternate"]; len(got) == 0 || got[0] != "/rss" {
		t.Errorf("RSS autodiscovery: %q", got)
	}
	pub := demo.Seed.Published.Format(time.RFC3339)
	for k, want := range map[string]string{
		"og:title": seedTitle, "og:type": "article", "og:url": canon, "og:locale": "vi_VN", "og:site_name": demo.Site.Name,
		"article:published_time": pub,
		"DC.title":               seedTitle + " - " + demo.Site.Name, "DC.creator": seedByline, "DC.date": pub,
		"DC.publisher": demo.Site.Agency, "DC.identifier": canon, "DC.language": "vi",
	} {
		if got := h.one(t, k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if d := h.one(t, "og:description"); d == "" || d != h.one(t, "DC.description") || !strings.HasPrefix(demo.Seed.Paragraphs[0], strings.TrimSuffix(d, "…")[:40]) {
		t.Errorf("description %q", d)
	}
	if len(h.meta["og:image"]) != 0 {
		t.Errorf("og:image %q on an article without a photo", h.meta["og:image"])
	}
	if len(h.ldJSON) != 1 {
		t.Fatalf("%d JSON-LD scripts", len(h.ldJSON))
	}
	var g ldGraph
	if err := json.Unmarshal([]byte(h.ldJSON[0]), &g); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, h.ldJSON[0])
	}
	na := g.find("NewsArticle")
	if g.Context != "https://schema.org" || na == nil || g.find("WebSite") == nil || g.find("BreadcrumbList") == nil {
		t.Fatalf("JSON-LD graph: %s", h.ldJSON[0])
	}
	author, _ := na["author"].(map[string]any)
	publisher, _ := na["publisher"].(map[string]any)
	logo, _ := publisher["logo"].(map[string]any)
	main, _ := na["mainEntityOfPage"].(map[string]any)
	if na["headline"] != seedTitle || na["datePublished"] != pub || author["name"] != seedByline ||
		publisher["name"] != demo.Site.Agency || main["@id"] != canon {
		t.Errorf("NewsArticle: %v", na)
	}
	if u, _ := logo["url"].(string); !strings.HasPrefix(u, app.URL+"/static/emblem.") {
		t.Errorf("publisher logo %q", u)
	} else if res, _ := get(t, u); res.StatusCode != 200 {
		t.Errorf("publisher logo %s: %d", u, res.StatusCode)
	}
	if mod, err := time.Parse(time.RFC3339, na["dateModified"].(string)); err != nil || mod.Before(demo.Seed.Published) {
		t.Errorf("dateModified %v: %v", na["dateModified"], err)
	}

	// A title cannot break out of the JSON-LD script, and a photo in the
	// body becomes og:image, the JSON-LD image and the feed's enclosure.
	site := testenv.Must(app.db.FindSiteByKey(ctx, demo.SiteKey)).Get(t)
	a, err := app.db.FindArticleBySlug(ctx, site.ID, strings.TrimPrefix(seedURL, "/tin-tuc/"))
	if err != nil {
		t.Fatal(err)
	}
	evil := `Hội nghị </script><script>alert("x")</script> & <!-- "trích"`
	a.Title = evil
	a.Photo = content.Photo{} // the photo of the body, not the lead photo
	a.Body = `<p><img src="/anh/2023/03/hoi-nghi.jpg" alt="Hội nghị"></p>` + a.Body
	if err := app.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	_, page = get(t, app.URL+seedURL)
	if strings.Contains(page, `<script>alert(`) {
		t.Fatal("the title broke out of the JSON-LD script")
	}
	h = parseHead(t, page)
	if len(h.ldJSON) != 1 {
		t.Fatalf("%d JSON-LD scripts after the evil title", len(h.ldJSON))
	}
	g = ldGraph{}
	if err := json.Unmarshal([]byte(h.ldJSON[0]), &g); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, h.ldJSON[0])
	}
	img := app.URL + "/anh/2023/03/hoi-nghi.jpg"
	na = g.find("NewsArticle")
	if na["headline"] != evil {
		t.Errorf("headline %q, want %q", na["headline"], evil)
	}
	if imgs, _ := na["image"].([]any); len(imgs) != 1 || imgs[0] != img {
		t.Errorf("JSON-LD image %v", na["image"])
	}
	if got := h.one(t, "og:image"); got != img {
		t.Errorf("og:image %q", got)
	}
	_, feed := get(t, app.URL+"/rss")
	if !strings.Contains(feed, `<enclosure url="`+img+`" length="0" type="image/jpeg">`) {
		t.Errorf("the feed has no enclosure for the photo:\n%s", feed)
	}
	validateXML(t, "rss-2.0.xsd", feed)

	// Other pages: website type, canonical with the page number, no NewsArticle.
	_, page = get(t, app.URL+"/chuyen-muc/tin-tuc-su-kien?x=1")
	h = parseHead(t, page)
	if got := h.links["canonical"]; len(got) != 1 || got[0] != app.URL+"/chuyen-muc/tin-tuc-su-kien" {
		t.Errorf("category canonical %q", got)
	}
	if got := h.links["alternate"]; len(got) != 2 || got[1] != "/chuyen-muc/tin-tuc-su-kien/rss" {
		t.Errorf("category feeds %q", got)
	}
	if h.one(t, "og:type") != "website" || len(h.ldJSON) != 1 || strings.Contains(h.ldJSON[0], "NewsArticle") {
		t.Errorf("category page metadata: %v %q", h.meta["og:type"], h.ldJSON)
	}
}

// TestHumanSitemap checks /so-do-cong lists categories, pages and the
// portal's functions.
func TestHumanSitemap(t *testing.T) {
	app := startApp(t, config.Config{})
	res, page := get(t, app.URL+"/so-do-cong")
	if res.StatusCode != 200 {
		t.Fatalf("/so-do-cong: %d", res.StatusCode)
	}
	for _, want := range []string{`href="/chuyen-muc/tin-tuc-su-kien"`, `href="/trang/gioi-thieu"`, `href="/van-ban"`, `href="/hoi-dap"`,
		`href="/lich-cong-tac"`, `href="/gop-y-du-thao"`, `href="/gioi-thieu"`, `href="/tiep-can-thong-tin"`, `href="/rss"`, `href="/sitemap.xml"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/so-do-cong has no %s", want)
		}
	}
}

// TestBrowserLinkedData loads the article in Chromium under the real
// Content-Security-Policy: the JSON-LD data block parses as the browser
// reads it, and the policy reported no violation (a data block is not a
// script, so 'self' without 'unsafe-inline' lets it be).
func TestBrowserLinkedData(t *testing.T) {
	app := startApp(t, config.Config{})
	b := browsertest.New(t)
	p := b.Visit(app.URL + seedArticlePath)
	var got struct {
		Headline   string   `json:"headline"`
		Blocks     int      `json:"blocks"`
		Violations []string `json:"violations"`
		CSP        bool     `json:"csp"`
	}
	p.Eval(`new Promise(resolve => {
		const blocks = document.querySelectorAll('script[type="application/ld+json"]');
		let headline = "";
		try {
			const g = JSON.parse(blocks[0].textContent)["@graph"];
			headline = (g.find(n => n["@type"] === "NewsArticle") || {}).headline || "";
		} catch (e) { headline = "parse error: " + e; }
		const violations = [];
		const obs = new ReportingObserver(reports => {
			for (const r of reports) violations.push(r.body.effectiveDirective + " " + (r.body.blockedURL || ""));
		}, {types: ["csp-violation"], buffered: true});
		obs.observe();
		// A canary inline script must be refused: proof the policy is active.
		const s = document.createElement("script");
		s.textContent = "window.__canary = 1";
		document.head.appendChild(s);
		setTimeout(() => {
			obs.takeRecords().forEach(r => violations.push(r.body.effectiveDirective + " " + (r.body.blockedURL || "")));
			resolve({headline, blocks: blocks.length, violations, csp: window.__canary === undefined});
		}, 300);
	})`, &got)
	if got.Blocks != 1 || got.Headline != seedTitle {
		t.Errorf("JSON-LD in the browser: %d blocks, headline %q", got.Blocks, got.Headline)
	}
	if !got.CSP {
		t.Fatal("an inline script ran: the Content-Security-Policy is not in force, so this test proves nothing")
	}
	// The canary's own refusal is the only violation expected.
	if len(got.Violations) != 1 || !strings.HasPrefix(got.Violations[0], "script-src") {
		t.Errorf("CSP violations: %q, want only the canary's", got.Violations)
	}
}
