package feed

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// MaxURLs is the protocol's limit of URLs in one sitemap file; past it a
// sitemap index lists several files.
const MaxURLs = 50000

// URL is one address of a sitemap.
type URL struct {
	Loc        string    // absolute URL
	LastMod    time.Time // zero: omitted
	ChangeFreq string    // "", "always", "hourly", "daily", "weekly", "monthly", "yearly", "never"
	Priority   float64   // 0: omitted; otherwise 0.1 … 1.0
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type urlset struct {
	XMLName xml.Name `xml:"urlset"`
	NS      string   `xml:"xmlns,attr"`
	URLs    []xmlURL `xml:"url"`
}

type xmlURL struct {
	Loc        string `xml:"loc"`
	LastMod    string `xml:"lastmod,omitempty"`
	ChangeFreq string `xml:"changefreq,omitempty"`
	Priority   string `xml:"priority,omitempty"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []xmlSitemap `xml:"sitemap"`
}

type xmlSitemap struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// W3C datetime, the form the protocol asks for lastmod.
func w3c(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// URLSet renders one sitemap file. More than MaxURLs is an error: split
// with Pages and serve an index.
func URLSet(urls []URL) ([]byte, error) {
	if len(urls) > MaxURLs {
		return nil, fmt.Errorf("feed: %d URLs in one sitemap, the limit is %d", len(urls), MaxURLs)
	}
	doc := urlset{NS: sitemapNS, URLs: make([]xmlURL, 0, len(urls))}
	for _, u := range urls {
		x := xmlURL{Loc: u.Loc, LastMod: w3c(u.LastMod), ChangeFreq: u.ChangeFreq}
		if u.Priority > 0 {
			x.Priority = strconv.FormatFloat(min(u.Priority, 1), 'f', 1, 64)
		}
		doc.URLs = append(doc.URLs, x)
	}
	return marshal(doc)
}

// Sitemap is one file listed by a sitemap index.
type Sitemap struct {
	Loc     string
	LastMod time.Time
}

// Index renders a sitemap index.
func Index(maps []Sitemap) ([]byte, error) {
	if len(maps) > MaxURLs {
		return nil, fmt.Errorf("feed: %d sitemaps in one index, the limit is %d", len(maps), MaxURLs)
	}
	doc := sitemapIndex{NS: sitemapNS}
	for _, m := range maps {
		doc.Sitemaps = append(doc.Sitemaps, xmlSitemap{Loc: m.Loc, LastMod: w3c(m.LastMod)})
	}
	return marshal(doc)
}

// Pages splits urls into files of at most per URLs (MaxURLs when per <= 0).
func Pages(urls []URL, per int) [][]URL {
	if per <= 0 || per > MaxURLs {
		per = MaxURLs
	}
	var out [][]URL
	for len(urls) > per {
		out = append(out, urls[:per:per])
		urls = urls[per:]
	}
	return append(out, urls)
}

// LastMod is the newest lastmod of urls.
func LastMod(urls []URL) time.Time {
	var t time.Time
	for _, u := range urls {
		if u.LastMod.After(t) {
			t = u.LastMod
		}
	}
	return t
}

// Robots is the text of robots.txt: every crawler may read the site except
// the listed paths, and the sitemap is announced.
func Robots(disallow []string, sitemapURL string) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range disallow {
		b.WriteString("Disallow: " + p + "\n")
	}
	if len(disallow) == 0 {
		b.WriteString("Disallow:\n")
	}
	if sitemapURL != "" {
		b.WriteString("\nSitemap: " + sitemapURL + "\n")
	}
	return []byte(b.String())
}
