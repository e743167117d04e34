package crawl

import (
	"bytes"
	"errors"
	"mime"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"trangtin/internal/vi"
)

// Page is what a profile finds on an article page.
type Page struct {
	URL         *url.URL
	Canonical   *url.URL // its <link rel=canonical>, when on the same host; nil otherwise
	Title       string
	Date        time.Time // zero when none was found or read
	DateText    string    // the date as written, for a report
	Lead        string
	Body        string // HTML, the old site's addresses made absolute
	Photo       *url.URL
	PhotoAlt    string
	Pictures    []*url.URL // every <img> of the body, absolute
	Attachments []*url.URL // links of the body to documents (.pdf, .doc …)
	Category    string     // the last link of the breadcrumb
	CategoryURL *url.URL
}

// errNotHTML: the answer is not an HTML page.
var errNotHTML = errors.New("không phải trang HTML")

// parseHTML decodes an answer (its charset from the header or the page)
// into a tree.
func parseHTML(resp *Response) (*html.Node, error) {
	mt, _, _ := mime.ParseMediaType(resp.ContentType)
	if mt != "" && mt != "text/html" && mt != "application/xhtml+xml" {
		return nil, errNotHTML
	}
	if mt == "" && !bytes.Contains(bytes.ToLower(resp.Body[:min(len(resp.Body), 1024)]), []byte("<html")) {
		return nil, errNotHTML
	}
	r, err := charset.NewReader(bytes.NewReader(resp.Body), resp.ContentType)
	if err != nil {
		return nil, err
	}
	return html.Parse(r)
}

// docExt are the documents a body links to that are its attachments.
var docExt = map[string]bool{".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".odt": true, ".ods": true, ".rar": true, ".zip": true}

// Extract reads an article page with p. missing names a required part the
// page lacks ("" when it has them all).
func (p *Profile) Extract(doc *html.Node, u *url.URL) (pg Page, missing string) {
	pg.URL = u
	if n := cascadia.Query(doc, cascadia.MustCompile(`link[rel=canonical]`)); n != nil {
		if c, err := u.Parse(attr(n, "href")); err == nil && strings.EqualFold(c.Host, u.Host) && c.String() != u.String() {
			pg.Canonical = c
		}
	}
	first := func(name string) *html.Node {
		if g, ok := p.sel[name]; ok {
			return cascadia.Query(doc, g)
		}
		return nil
	}
	t := first("title")
	if t == nil {
		return pg, "title"
	}
	pg.Title = text(t)
	if pg.Title == "" {
		return pg, "title"
	}
	b := first("body")
	if b == nil {
		return pg, "body"
	}
	if d := first("date"); d != nil {
		pg.DateText = firstNonEmpty(attr(d, "datetime"), attr(d, "content"), text(d))
		pg.Date, _ = ParseDate(pg.DateText, vi.Zone)
	}
	if l := first("lead"); l != nil {
		pg.Lead = text(l)
	}
	if ph := first("photo"); ph != nil {
		img := ph
		if img.Data != "img" {
			img = cascadia.Query(ph, cascadia.MustCompile("img"))
		}
		if img != nil {
			if src, err := u.Parse(imgSrc(img)); err == nil && imgSrc(img) != "" {
				pg.Photo, pg.PhotoAlt = src, strings.TrimSpace(attr(img, "alt"))
			}
		}
	}
	if g, ok := p.sel["category"]; ok {
		for _, a := range cascadia.QueryAll(doc, g) {
			name, href := text(a), attr(a, "href")
			cu, err := u.Parse(href)
			if name == "" || err != nil || cu.Path == "" || cu.Path == "/" || cu.String() == u.String() || p.furniture(name) {
				continue
			}
			pg.Category, pg.CategoryURL = name, cu
		}
	}
	if g, ok := p.sel["remove"]; ok {
		for _, n := range cascadia.QueryAll(b, g) {
			if n.Parent != nil {
				n.Parent.RemoveChild(n)
			}
		}
	}
	pg.Pictures, pg.Attachments = absolutize(b, u)
	var buf bytes.Buffer
	for c := b.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			return pg, "body"
		}
	}
	pg.Body = strings.TrimSpace(buf.String())
	return pg, ""
}

// absolutize makes every picture and link address of the body b absolute
// (on u), returning its pictures and the documents it links to, each
// once.
func absolutize(b *html.Node, u *url.URL) (pictures, attachments []*url.URL) {
	seen := map[string]bool{}
	for n := range b.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "img":
			src := imgSrc(n)
			abs, err := u.Parse(src)
			if src == "" || err != nil || strings.HasPrefix(src, "data:") {
				continue
			}
			setAttr(n, "src", abs.String())
			delAttr(n, "data-src")
			delAttr(n, "srcset")
			if !seen[abs.String()] {
				seen[abs.String()] = true
				pictures = append(pictures, abs)
			}
		case "a":
			href := attr(n, "href")
			abs, err := u.Parse(href)
			if href == "" || err != nil || strings.HasPrefix(href, "#") || (abs.Scheme != "http" && abs.Scheme != "https") {
				continue
			}
			setAttr(n, "href", abs.String())
			if docExt[strings.ToLower(path.Ext(abs.Path))] && !seen[abs.String()] {
				seen[abs.String()] = true
				attachments = append(attachments, abs)
			}
		}
	}
	return pictures, attachments
}

func (p *Profile) furniture(name string) bool {
	for _, f := range p.Furniture {
		if strings.EqualFold(strings.TrimSpace(f), name) {
			return true
		}
	}
	return false
}

// Links are the addresses the nodes of sel link to, absolute.
func (p *Profile) LinksOf(doc *html.Node, base *url.URL, sel string) []*url.URL {
	g, ok := p.sel[sel]
	if !ok {
		return nil
	}
	var out []*url.URL
	for _, a := range cascadia.QueryAll(doc, g) {
		href := attr(a, "href")
		if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(href, "javascript:") {
			continue
		}
		if u, err := base.Parse(href); err == nil {
			u.Fragment = ""
			out = append(out, u)
		}
	}
	return out
}

func imgSrc(n *html.Node) string {
	return strings.TrimSpace(firstNonEmpty(attr(n, "src"), attr(n, "data-src")))
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func delAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			out = append(out, a)
		}
	}
	n.Attr = out
}

// text is the text of n, its spaces collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

var (
	dayPart  = regexp.MustCompile(`(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})`)
	clock    = regexp.MustCompile(`\b(\d{1,2})\s*[:hg]\s*(\d{2})\b`)
	isoStamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}`)
)

// ParseDate reads the date of an article as Vietnamese portals write it,
// in zone unless it names its own offset: "Thứ hai, 05/12/2026 - 08:30",
// "05/12/2026 08:30", "08:30 05/12/2026", "Thứ Hai - 05/12/2026 08:30",
// "05-12-2026 08h30", "05/12/2026" (midnight), or an ISO time
// ("2026-12-05T08:30:00+07:00", as datetime attributes carry).
func ParseDate(s string, zone *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(vi.NFC(s))
	if isoStamp.MatchString(s) {
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
			if t, err := time.Parse(layout, s); err == nil {
				if !strings.ContainsAny(s[10:], "Z+") && strings.Count(s[10:], "-") == 0 {
					t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, zone)
				}
				return t.UTC(), true
			}
		}
	}
	m := dayPart.FindStringSubmatchIndex(s)
	if m == nil {
		return time.Time{}, false
	}
	d, err := vi.ParseDay(s[m[2]:m[3]] + "/" + s[m[4]:m[5]] + "/" + s[m[6]:m[7]])
	if err != nil {
		return time.Time{}, false
	}
	hour, minute := 0, 0
	rest := s[:m[0]] + " " + s[m[1]:]
	if c := clock.FindStringSubmatch(rest); c != nil {
		hour, minute = atoi(c[1]), atoi(c[2])
		if hour > 23 || minute > 59 {
			hour, minute = 0, 0
		}
	}
	y, mo, day := d.Date()
	return time.Date(y, mo, day, hour, minute, 0, 0, zone).UTC(), true
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
