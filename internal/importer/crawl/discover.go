package crawl

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"trangtin/internal/redirect"
)

// found is the list of article addresses discovery makes, each once (by
// its redirect key), in the order met.
type found struct {
	urls []*url.URL
	seen map[string]bool
}

func (f *found) add(u *url.URL) bool {
	k := redirect.KeyOf(u)
	if f.seen[k] {
		return false
	}
	f.seen[k] = true
	f.urls = append(f.urls, u)
	return true
}

// discover reads the old site's robots.txt, sitemaps, feeds and lists of
// articles (from the start page, its menu and their next pages) and
// returns the article pages to import. An error is the old site that
// cannot be reached at all.
func (im *Importer) discover(ctx context.Context) ([]*url.URL, error) {
	if err := im.readRobots(ctx); err != nil {
		return nil, err
	}
	arts := &found{seen: map[string]bool{}}
	visited := map[string]bool{}
	budget := im.lim.Lists
	take := func(u *url.URL) bool {
		k := u.String()
		if visited[k] || budget <= 0 {
			return false
		}
		visited[k] = true
		budget--
		return true
	}
	candidate := func(u *url.URL) {
		u.Fragment = ""
		if !im.f.SameSite(u) || !im.prof.IsArticle(pathQuery(u)) || len(arts.urls) >= im.lim.Pages {
			return
		}
		if im.f.robots != nil && !im.f.robots.Allowed(u) {
			if !arts.seen["robots:"+u.String()] {
				arts.seen["robots:"+u.String()] = true
				im.rep.Warn("bài viết", u.String(), "robots.txt của trang cũ không cho phép tải: không nhập")
			}
			return
		}
		arts.add(u)
	}
	// Sitemaps: robots.txt's, then the profile's (or /sitemap.xml).
	var maps []*url.URL
	for _, s := range im.f.robots.Sitemaps {
		if u, err := im.base.Parse(s); err == nil && im.f.SameSite(u) {
			maps = append(maps, u)
		}
	}
	paths := im.prof.Sitemaps
	if len(paths) == 0 {
		paths = []string{"/sitemap.xml"}
	}
	for _, p := range paths {
		maps = append(maps, im.base.ResolveReference(&url.URL{Path: p}))
	}
	for i := 0; i < len(maps); i++ {
		if !take(maps[i]) {
			continue
		}
		resp, err := im.f.Get(ctx, maps[i], 0)
		if err != nil {
			im.quietIfMissing("sơ đồ trang", maps[i], err)
			continue
		}
		locs, sub, err := readSitemap(resp.Body)
		if err != nil {
			im.rep.Warn("sơ đồ trang", maps[i].String(), "không đọc được sơ đồ trang: "+err.Error())
			continue
		}
		for _, l := range locs {
			if u, err := im.base.Parse(l); err == nil {
				candidate(u)
			}
		}
		for _, s := range sub {
			if u, err := im.base.Parse(s); err == nil && im.f.SameSite(u) {
				maps = append(maps, u)
			}
		}
	}
	// Feeds.
	for _, p := range im.prof.Feeds {
		u := im.base.ResolveReference(&url.URL{Path: p})
		if !take(u) {
			continue
		}
		resp, err := im.f.Get(ctx, u, 0)
		if err != nil {
			im.quietIfMissing("tin RSS", u, err)
			continue
		}
		for _, l := range readFeed(resp.Body) {
			if v, err := u.Parse(l); err == nil {
				candidate(v)
			}
		}
	}
	// Lists: the start page, the lists its menu links to, their next pages.
	lists := []*url.URL{im.base}
	for i := 0; i < len(lists); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !take(lists[i]) {
			continue
		}
		resp, err := im.f.Get(ctx, lists[i], 0)
		if err != nil {
			if i == 0 {
				var fe *FetchError
				if errors.As(err, &fe) && fe.Status == 0 && len(arts.urls) == 0 {
					return nil, err
				}
			}
			im.rep.Warn("danh sách", lists[i].String(), "không tải được trang danh sách: "+why(err))
			continue
		}
		doc, err := parseHTML(resp)
		if err != nil {
			im.rep.Warn("danh sách", lists[i].String(), "không đọc được trang danh sách: "+why(err))
			continue
		}
		for _, u := range im.prof.LinksOf(doc, resp.URL, "links") {
			candidate(u)
		}
		for _, u := range allLinks(doc, resp.URL) {
			candidate(u)
		}
		next := im.prof.LinksOf(doc, resp.URL, "next")
		if i == 0 {
			next = append(next, im.prof.LinksOf(doc, resp.URL, "lists")...)
		}
		for _, u := range next {
			if im.f.SameSite(u) && !im.prof.IsArticle(pathQuery(u)) && (im.f.robots == nil || im.f.robots.Allowed(u)) {
				lists = append(lists, u)
			}
		}
	}
	return arts.urls, nil
}

// readRobots reads robots.txt: none (404) allows everything; an old site
// that does not answer at all stops the run.
func (im *Importer) readRobots(ctx context.Context) error {
	u := im.base.ResolveReference(&url.URL{Path: "/robots.txt"})
	im.f.robots = &Robots{}
	resp, err := im.f.Get(ctx, u, 512<<10)
	var fe *FetchError
	switch {
	case errors.As(err, &fe) && fe.Status == 0:
		return err
	case err != nil:
		if fe == nil || (fe.Status != http.StatusNotFound && fe.Status != http.StatusGone) {
			im.rep.Warn("robots.txt", u.String(), "không đọc được robots.txt ("+why(err)+"): tải như không có")
		}
		return nil
	}
	im.f.robots = ParseRobots(resp.Body, im.f.agent)
	if im.f.robots.Delay > im.f.limiter.Every() {
		im.f.limiter.SlowTo(im.f.robots.Delay)
		im.rep.Count("Crawl-delay của robots.txt (giây)", int(im.f.robots.Delay.Seconds()))
	}
	return nil
}

func (im *Importer) quietIfMissing(kind string, u *url.URL, err error) {
	var fe *FetchError
	if errors.As(err, &fe) && (fe.Status == http.StatusNotFound || fe.Status == http.StatusGone) {
		return
	}
	im.rep.Warn(kind, u.String(), "không tải được: "+why(err))
}

func why(err error) string {
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe.Why
	}
	return err.Error()
}

func pathQuery(u *url.URL) string {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// readSitemap reads a sitemap (<urlset>) or a sitemap index
// (<sitemapindex>): the pages it lists and the sitemaps it names.
func readSitemap(data []byte) (pages, maps []string, err error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var in string // "url" or "sitemap"
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if ee, ok := tok.(xml.EndElement); ok && (ee.Name.Local == "url" || ee.Name.Local == "sitemap") {
				in = ""
			}
			continue
		}
		if root == "" {
			root = se.Name.Local
			if root != "urlset" && root != "sitemapindex" {
				return nil, nil, errors.New("không phải sơ đồ trang (cần <urlset> hoặc <sitemapindex>)")
			}
		}
		switch se.Name.Local {
		case "url", "sitemap":
			in = se.Name.Local
		case "loc":
			var loc string
			if err := d.DecodeElement(&loc, &se); err != nil {
				return nil, nil, err
			}
			loc = strings.TrimSpace(loc)
			if in == "sitemap" {
				maps = append(maps, loc)
			} else if in == "url" {
				pages = append(pages, loc)
			}
		}
	}
	return pages, maps, nil
}

// readFeed reads the links of an RSS or Atom feed's items (none when it
// is neither).
func readFeed(data []byte) []string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var links []string
	inItem := false
	for {
		tok, err := d.Token()
		if err != nil {
			return links
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "item", "entry":
				inItem = true
			case "link":
				if !inItem {
					continue
				}
				for _, a := range t.Attr {
					if a.Name.Local == "href" {
						links = append(links, a.Value)
					}
				}
				var s string
				if err := d.DecodeElement(&s, &t); err == nil && strings.TrimSpace(s) != "" {
					links = append(links, strings.TrimSpace(s))
				}
			}
		case xml.EndElement:
			if t.Name.Local == "item" || t.Name.Local == "entry" {
				inItem = false
			}
		}
	}
}
