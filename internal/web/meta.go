package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/html"

	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/vi"
)

// Meta is what a page says about itself in <head> beyond its title and
// description: OpenGraph, Dublin Core (the decree's page metadata) and
// JSON-LD.
type Meta struct {
	Type      string // OpenGraph type: "website" when empty, "article" for articles
	Image     string // absolute URL of the page's photo, if it has one
	Creator   string // the author; the site's agency when empty
	Published time.Time
	Modified  time.Time
	Section   string // an article's category
	FeedURL   string // the category's own feed, besides the site's
	FeedTitle string
}

// Head is what the layout's <head> says about the page beyond its title;
// the template reads it through Layout.Head.
type Head struct {
	Canonical   string
	OGTitle     string
	OGType      string
	Description string
	Image       string
	Published   time.Time // articles only
	Modified    time.Time
	Section     string
	FeedURL     string
	FeedTitle   string
	SiteName    string
	DCTitle     string
	Creator     string
	Date        time.Time
	Publisher   string
	LinkedData  template.JS
}

// Head gathers the page's metadata. Templates guard it with {{with .Head}},
// so a look-alike view model (the editors' preview) can return nil and
// show none.
func (l Layout) Head() *Head {
	h := &Head{
		Canonical: l.Canonical(), OGTitle: l.Title, OGType: l.OGType(), Description: l.Description, Image: l.Meta.Image,
		Section: l.Meta.Section, FeedURL: l.Meta.FeedURL, FeedTitle: l.Meta.FeedTitle, SiteName: l.Site.Name,
		DCTitle: l.FullTitle(), Creator: l.Creator(), Date: l.Date(), Publisher: l.Publisher(), LinkedData: l.LinkedData(),
	}
	if h.OGTitle == "" {
		h.OGTitle = l.Site.Name
	}
	if h.OGType == "article" {
		h.Published, h.Modified = l.Meta.Published, l.Meta.Modified
	}
	return h
}

// origin is the scheme and host of the site's absolute links: the site's
// own host name when it has one, else the server's canonical origin
// (content.Directory.Origin), never the request's Host header.
func (s *Server) origin(r *http.Request, site *content.Site) string {
	return s.sites.Origin(site, httpx.Scheme(r))
}

// Canonical is the page's absolute address, or "" when the origin is not
// known (error pages).
func (l Layout) Canonical() string {
	if l.CanonicalURL != "" {
		return l.CanonicalURL
	}
	if l.Origin == "" {
		return ""
	}
	return l.Origin + l.Path
}

// OGType is the OpenGraph type.
func (l Layout) OGType() string {
	if l.Meta.Type == "" {
		return "website"
	}
	return l.Meta.Type
}

// FullTitle is the page title as the <title> element shows it.
func (l Layout) FullTitle() string {
	if l.Title == "" {
		return l.Site.Name
	}
	return l.Title + " - " + l.Site.Name
}

// Publisher is the body that publishes the site: its governing agency, or
// the site itself.
func (l Layout) Publisher() string {
	if l.Site.Agency != "" {
		return l.Site.Agency
	}
	return l.Site.Name
}

// Creator is the page's author for DC.creator.
func (l Layout) Creator() string {
	if l.Meta.Creator != "" {
		return l.Meta.Creator
	}
	return l.Publisher()
}

// Date is the page's date for DC.date: publication of an article, else
// the last change of the site.
func (l Layout) Date() time.Time {
	if !l.Meta.Published.IsZero() {
		return l.Meta.Published
	}
	return l.Site.UpdatedAt
}

// LinkedData is the page's JSON-LD: the WebSite, the breadcrumb trail and,
// for an article, the NewsArticle. json.Marshal escapes <, > and & as
// \u003c…, so no text can close the <script> element around it.
func (l Layout) LinkedData() template.JS {
	if l.Origin == "" {
		return ""
	}
	home := l.Origin + "/"
	publisher := map[string]any{"@type": "GovernmentOrganization", "name": l.Publisher(), "url": home}
	if l.Logo != "" {
		publisher["logo"] = map[string]any{"@type": "ImageObject", "url": l.Origin + l.Logo}
	}
	graph := []any{map[string]any{
		"@type": "WebSite", "@id": home + "#website", "url": home, "name": l.Site.Name, "inLanguage": "vi",
		"publisher": publisher,
		"potentialAction": map[string]any{
			"@type": "SearchAction", "target": l.Origin + "/tim-kiem?q={search_term_string}", "query-input": "required name=search_term_string",
		},
	}}
	if len(l.Crumbs) > 0 {
		items := []any{map[string]any{"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": home}}
		for i, c := range l.Crumbs {
			it := map[string]any{"@type": "ListItem", "position": i + 2, "name": c.Name}
			if c.URL != "" {
				it["item"] = l.Origin + c.URL
			} else {
				it["item"] = l.Canonical()
			}
			items = append(items, it)
		}
		graph = append(graph, map[string]any{"@type": "BreadcrumbList", "itemListElement": items})
	}
	if l.Meta.Type == "article" {
		a := map[string]any{
			"@type": "NewsArticle", "headline": l.Title, "url": l.Canonical(), "inLanguage": "vi",
			"mainEntityOfPage": map[string]any{"@type": "WebPage", "@id": l.Canonical()},
			"datePublished":    l.Meta.Published.In(vi.Zone).Format(time.RFC3339),
			"dateModified":     l.Meta.Modified.In(vi.Zone).Format(time.RFC3339),
			"publisher":        publisher,
			"isPartOf":         map[string]any{"@id": home + "#website"},
		}
		if l.Meta.Creator != "" {
			a["author"] = map[string]any{"@type": "Person", "name": l.Meta.Creator}
		} else {
			a["author"] = publisher
		}
		if l.Description != "" {
			a["description"] = l.Description
		}
		if l.Meta.Image != "" {
			a["image"] = []string{l.Meta.Image}
		}
		if l.Meta.Section != "" {
			a["articleSection"] = l.Meta.Section
		}
		graph = append(graph, a)
	}
	b, err := json.Marshal(map[string]any{"@context": "https://schema.org", "@graph": graph})
	if err != nil {
		return ""
	}
	// Marshal already escapes <, > and &; these two end a JavaScript line.
	b = bytes.ReplaceAll(b, []byte("\u2028"), []byte(`\u2028`))
	b = bytes.ReplaceAll(b, []byte("\u2029"), []byte(`\u2029`))
	return template.JS(b)
}

// articleMeta fills the metadata of an article's page.
func articleMeta(l Layout, a content.Article, section string) Meta {
	m := Meta{Type: "article", Creator: a.Byline(), Published: a.PublishedAt, Modified: a.UpdatedAt, Section: section}
	if m.Modified.Before(m.Published) {
		m.Modified = m.Published
	}
	if img := content.LeadImage(a.Body); img != "" {
		m.Image = absolute(l.Origin, img)
	}
	return m
}

// absolute resolves a site-relative URL against origin.
func absolute(origin, u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return origin + u
	}
	return u
}

// excerpt is the start of an HTML body as plain text, cut at a word
// boundary near n characters: the description of an article without a
// summary.
func excerpt(body string, n int) string {
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	for b.Len() < 4*n {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.TextToken {
			b.Write(z.Text())
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	var out []string
	size := 0
	for _, w := range words {
		if size+len([]rune(w)) > n && len(out) > 0 {
			return strings.Join(out, " ") + "…"
		}
		out = append(out, w)
		size += len([]rune(w)) + 1
	}
	return strings.Join(out, " ")
}
