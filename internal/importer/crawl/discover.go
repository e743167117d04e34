package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
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

// discovery is the state of one discovery: the articles found, the
// lists, sitemaps and feeds read, and how many more may be.
type discovery struct {
	im      *Importer
	arts    *found
	visited map[string]bool
	budget  int
}

// discover reads the old site's robots.txt, sitemaps, feeds and lists of
// articles (from the start page, its menu and their next pages) and
// returns the article pages to import. An error is the old site that
// cannot be reached at all.
func (im *Importer) discover(ctx context.Context) ([]*url.URL, error) {
	if err := im.readRobots(ctx); err != nil {
		return nil, err
	}
	d := &discovery{im: im, arts: &found{seen: map[string]bool{}}, visited: map[string]bool{}, budget: im.lim.Lists}
	d.sitemaps(ctx)
	d.feeds(ctx)
	if err := d.lists(ctx); err != nil {
		return nil, err
	}
	return d.arts.urls, nil
}

// take reports whether u is still to be read, counting it.
func (d *discovery) take(u *url.URL) bool {
	k := u.String()
	if d.visited[k] || d.budget <= 0 {
		return false
	}
	d.visited[k] = true
	d.budget--
	return true
}

// candidate keeps u when it is an article page of the old site that
// robots.txt allows, without the query parameters that do not name it.
func (d *discovery) candidate(u *url.URL) {
	im := d.im
	u.Fragment = ""
	if !im.f.SameSite(u) || !im.prof.IsArticle(pathQuery(u)) || len(d.arts.urls) >= im.lim.Pages {
		return
	}
	u.RawQuery = ""
	if _, q, ok := strings.Cut(redirect.KeyOf(u), "?"); ok {
		u.RawQuery = q
	}
	if im.f.robots != nil && !im.f.robots.Allowed(u) {
		if !d.arts.seen["robots:"+u.String()] {
			d.arts.seen["robots:"+u.String()] = true
			im.rep.Warn("bài viết", u.String(), "robots.txt của trang cũ không cho phép tải: không nhập")
		}
		return
	}
	d.arts.add(u)
}

// sitemaps reads robots.txt's sitemaps, then the profile's (or
// /sitemap.xml), and the sitemaps their indexes name.
func (d *discovery) sitemaps(ctx context.Context) {
	im := d.im
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
	for i := 0; i < len(maps) && ctx.Err() == nil; i++ {
		if !d.take(maps[i]) {
			continue
		}
		resp, err := im.f.Get(ctx, maps[i], 0)
		if err != nil {
			im.quietIfMissing("sơ đồ trang", maps[i], err)
			continue
		}
		body, err := gunzipSitemap(resp.Body, im.lim.PageBytes)
		if err != nil {
			im.rep.Warn("sơ đồ trang", maps[i].String(), "không đọc được sơ đồ trang nén: "+err.Error())
			continue
		}
		locs, sub, err := readSitemap(body)
		if err != nil {
			im.rep.Warn("sơ đồ trang", maps[i].String(), "không đọc được sơ đồ trang: "+err.Error())
			continue
		}
		for _, l := range locs {
			if u, err := im.base.Parse(l); err == nil {
				d.candidate(u)
			}
		}
		for _, s := range sub {
			if u, err := im.base.Parse(s); err == nil && im.f.SameSite(u) {
				maps = append(maps, u)
			}
		}
	}
}

// feeds reads the profile's RSS feeds.
func (d *discovery) feeds(ctx context.Context) {
	im := d.im
	for _, p := range im.prof.Feeds {
		u := im.base.ResolveReference(&url.URL{Path: p})
		if ctx.Err() != nil || !d.take(u) {
			continue
		}
		resp, err := im.f.Get(ctx, u, 0)
		if err != nil {
			im.quietIfMissing("tin RSS", u, err)
			continue
		}
		for _, l := range readFeed(resp.Body) {
			if v, err := u.Parse(l); err == nil {
				d.candidate(v)
			}
		}
	}
}

// lists reads the start page, the lists its menu links to and their next
// pages. A start page that does not answer at all, when nothing was found
// before, is the old site unreachable.
func (d *discovery) lists(ctx context.Context) error {
	im := d.im
	lists := []*url.URL{im.base}
	for i := 0; i < len(lists); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.take(lists[i]) {
			continue
		}
		resp, err := im.f.Get(ctx, lists[i], 0)
		if err != nil {
			var fe *FetchError
			if i == 0 && errors.As(err, &fe) && fe.Status == 0 && len(d.arts.urls) == 0 {
				return err
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
			d.candidate(u)
		}
		for _, u := range allLinks(doc, resp.URL) {
			d.candidate(u)
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
	return nil
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

// gunzipSitemap returns a gzipped sitemap (sitemap.xml.gz, known by its
// first bytes whatever its name or type) decompressed, within max bytes
// decompressed as a plain sitemap is within max bytes read; any other
// data as it is.
func gunzipSitemap(data []byte, max int64) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("tệp gzip hỏng")
	}
	out, err := io.ReadAll(io.LimitReader(z, max+1))
	if err != nil {
		return nil, errors.New("tệp gzip hỏng hoặc bị cắt cụt")
	}
	if int64(len(out)) > max {
		return nil, fmt.Errorf("giải nén ra lớn quá giới hạn %d KB", max>>10)
	}
	return out, nil
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
