package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/feed"
	"trangtin/internal/httpx"
)

// sitemapSmall is how many addresses a site may have and keep one
// /sitemap.xml. Past it /sitemap.xml is an index of parts: /sitemap/trang.xml
// (the home page, categories, pages and the modules' addresses) and one
// part a month of publication (/sitemap/2025-11.xml), each built once and
// kept until an article of its month changes (article_months' version),
// so an edit rebuilds one month, not the whole site.
const sitemapSmall = 10_000

// sitemapParts keeps the built monthly parts, gzipped: by site, origin
// and month, at most one entry for each month the site has published in.
type sitemapParts struct {
	mu sync.Mutex
	m  map[partKey]*monthPart
}

type partKey struct {
	site   int64
	origin string
	month  int // YYYYMM
}

// monthPart is one month's articles as sitemap files (chunks of at most
// the part size), with what the index and the other part need of them.
type monthPart struct {
	version  int64 // article_months' version it was built from
	stamp    int64 // for a month not yet over, the site's article stamp too (scheduled articles)
	chunks   [][]byte
	etags    []string
	lastMod  time.Time
	newest   map[int64]time.Time // category (and each ancestor) → newest change in the month
	articles int
}

func (p *sitemapParts) get(k partKey) *monthPart {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[k]
}

func (p *sitemapParts) put(k partKey, mp *monthPart) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[partKey]*monthPart{}
	}
	p.m[k] = mp
}

// prune drops the parts of site and origin whose month is not in keep.
func (p *sitemapParts) prune(site int64, origin string, keep map[int]bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k := range p.m {
		if k.site == site && k.origin == origin && !keep[k.month] {
			delete(p.m, k)
		}
	}
}

// partSize is how many addresses one sitemap file holds.
func (s *Server) partSize() int {
	if s.sitemapSplit > 0 {
		return s.sitemapSplit
	}
	return feed.MaxURLs
}

// smallSite is how many addresses keep a site's sitemap in one file.
func (s *Server) smallSite() int {
	if s.sitemapSplit > 0 {
		return s.sitemapSplit
	}
	return sitemapSmall
}

// monthsOf is the site's months with published articles; stores that do
// not keep them give none (the sitemap then stays one file).
func (s *Server) monthsOf(ctx context.Context, siteID int64) ([]content.ArticleMonth, error) {
	ms, ok := s.svc.Store().(content.MonthStore)
	if !ok {
		return nil, nil
	}
	return ms.ArticleMonths(ctx, siteID)
}

// currentParts returns the site's monthly parts for origin, building the
// ones whose month changed since they were built (and only those).
func (s *Server) currentParts(ctx context.Context, site content.Site, origin string, tree *content.Tree, months []content.ArticleMonth) ([]*monthPart, error) {
	now := time.Now()
	thisMonth := now.UTC().Year()*100 + int(now.UTC().Month())
	keep := map[int]bool{}
	out := make([]*monthPart, 0, len(months))
	for _, m := range months {
		ym := m.Year*100 + m.Month
		keep[ym] = true
		var stamp int64
		if ym >= thisMonth {
			stamp = depArticles.stamp(&site)
		}
		k := partKey{site.ID, origin, ym}
		p := s.sitemapParts.get(k)
		if p == nil || p.version != m.Version || p.stamp != stamp {
			var err error
			if p, err = s.buildMonth(ctx, site, origin, tree, m, now); err != nil {
				return nil, err
			}
			p.version, p.stamp = m.Version, stamp
			s.sitemapParts.put(k, p)
		}
		out = append(out, p)
	}
	s.sitemapParts.prune(site.ID, origin, keep)
	return out, nil
}

// buildMonth reads the month's public articles, newest first, a batch at
// a time from a cursor (each batch an index range), into sitemap files.
func (s *Server) buildMonth(ctx context.Context, site content.Site, origin string, tree *content.Tree, m content.ArticleMonth, now time.Time) (*monthPart, error) {
	start := m.Start()
	top := start.AddDate(0, 1, 0).Add(-time.Microsecond)
	if now.Before(top) {
		top = now
	}
	p := &monthPart{newest: map[int64]time.Time{}}
	var urls []feed.URL
	f := content.ArticleFilter{SiteID: site.ID, PublicAt: top}
	for {
		f.Limit = min(sitemapBatch, max(m.Articles-len(urls), 0)+1)
		as, err := s.svc.Store().FindArticles(ctx, f)
		if err != nil {
			return nil, err
		}
		done := len(as) < f.Limit
		for _, a := range as {
			if a.PublishedAt.Before(start) {
				done = true
				break
			}
			mod := articleMod(a)
			urls = append(urls, feed.URL{Loc: origin + content.ArticlePath(a.Slug), LastMod: mod})
			for _, c := range tree.Path(a.CategoryID) {
				if mod.After(p.newest[c.ID]) {
					p.newest[c.ID] = mod
				}
			}
			if mod.After(p.lastMod) {
				p.lastMod = mod
			}
		}
		if done || len(as) == 0 {
			break
		}
		f.After = content.CursorAt(as[len(as)-1], false, 1)
	}
	p.articles = len(urls)
	for _, chunk := range feed.Pages(urls, s.partSize()) {
		body, err := feed.URLSet(chunk)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
		sum := sha256.Sum256(body)
		p.chunks = append(p.chunks, buf.Bytes())
		p.etags = append(p.etags, `"`+hex.EncodeToString(sum[:12])+`"`)
	}
	return p, nil
}

// articleMod is an article's last change as the sitemap gives it.
func articleMod(a content.Article) time.Time {
	if a.UpdatedAt.Before(a.PublishedAt) {
		return a.PublishedAt
	}
	return a.UpdatedAt
}

// partName is the file name of chunk i (from 0) of a part.
func partName(name string, i int) string {
	if i == 0 {
		return name + ".xml"
	}
	return name + "-" + strconv.Itoa(i+1) + ".xml"
}

// readPartName reads a part's file name: "trang" or a month ("2025-11"),
// then the chunk's number from 2 ("-2"); it gives the month as YYYYMM (0
// for trang) and the chunk from 0; ok false for any other name.
func readPartName(file string) (month, chunk int, ok bool) {
	base, found := strings.CutSuffix(file, ".xml")
	if !found || len(base) > 24 {
		return 0, 0, false
	}
	parts := strings.Split(base, "-")
	n := 1 // parts before the chunk number
	if parts[0] != "trang" {
		if len(parts[0]) != 4 || len(parts) < 2 || len(parts[1]) != 2 {
			return 0, 0, false
		}
		y, err1 := strconv.Atoi(parts[0])
		mo, err2 := strconv.Atoi(parts[1])
		if err1 != nil || err2 != nil || y < 1 || mo < 1 || mo > 12 {
			return 0, 0, false
		}
		month, n = y*100+mo, 2
	}
	switch len(parts) {
	case n:
		return month, 0, true
	case n + 1:
		i, err := strconv.Atoi(parts[n])
		return month, i - 1, err == nil && i >= 2 && strconv.Itoa(i) == parts[n]
	}
	return 0, 0, false
}

var errNoSitemapFile = apperr.New(apperr.NotFound, "Không có tệp sơ đồ này.")

// sitemapPart serves /sitemap/{part}: a month's files from the monthly
// parts (others, the handler of the trang files, for the rest).
func (s *Server) sitemapPart(others http.Handler) http.Handler {
	months := s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		month, chunk, ok := readPartName(r.PathValue("part"))
		if !ok || month == 0 {
			return errNoSitemapFile
		}
		site, err := s.siteFor(r)
		if err != nil {
			return err
		}
		ctx := r.Context()
		parts, monthList, err := s.partsOf(ctx, *site, s.sites.Origin(site, httpx.Scheme(r)))
		if err != nil {
			return err
		}
		for i, m := range monthList {
			if m.Year*100+m.Month == month && chunk < len(parts[i].chunks) {
				servePart(w, r, parts[i].chunks[chunk], parts[i].etags[chunk])
				return nil
			}
		}
		return errNoSitemapFile
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.PathValue("part"), "trang") {
			others.ServeHTTP(w, r)
			return
		}
		months.ServeHTTP(w, r)
	})
}

// partsOf lists the site's months and their current parts.
func (s *Server) partsOf(ctx context.Context, site content.Site, origin string) ([]*monthPart, []content.ArticleMonth, error) {
	months, err := s.monthsOf(ctx, site.ID)
	if err != nil {
		return nil, nil, err
	}
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return nil, nil, err
	}
	parts, err := s.currentParts(ctx, site, origin, content.NewTree(cats), months)
	return parts, months, err
}

// small reports whether a site with these months keeps one sitemap file
// (the others' addresses are few beside its articles: they are not
// counted).
func (s *Server) small(months []content.ArticleMonth) bool {
	n := 0
	for _, m := range months {
		n += m.Articles
	}
	return n <= s.smallSite() || len(months) == 0
}

// servePart writes a gzipped sitemap file, unzipped for a client that
// does not take gzip.
func servePart(w http.ResponseWriter, r *http.Request, gz []byte, etag string) {
	h := w.Header()
	h.Set("Content-Type", "application/xml; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	zipped := httpx.AcceptsGzip(r)
	if zipped {
		etag = strings.TrimSuffix(etag, `"`) + `-gz"`
	}
	h.Set("ETag", etag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if zipped {
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(gz)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(gz)
		}
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if zr, err := gzip.NewReader(bytes.NewReader(gz)); err == nil {
		io.Copy(w, zr)
	}
}

// sitemap serves /sitemap.xml: one file while the site is small, else an
// index of the parts (see sitemapSmall).
func (s *Server) sitemap(r *http.Request, site content.Site, origin string) ([]byte, error) {
	ctx := r.Context()
	months, err := s.monthsOf(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	if s.small(months) {
		urls, err := s.sitemapAll(ctx, site, origin)
		if err != nil {
			return nil, err
		}
		if len(urls) <= s.partSize() { // else many other addresses (documents…): an index too
			return feed.URLSet(urls)
		}
	}
	parts, months, err := s.partsOf(ctx, site, origin)
	if err != nil {
		return nil, err
	}
	others, err := s.otherURLs(ctx, site, origin, parts)
	if err != nil {
		return nil, err
	}
	var maps []feed.Sitemap
	for i, chunk := range feed.Pages(others, s.partSize()) {
		maps = append(maps, feed.Sitemap{Loc: origin + "/sitemap/" + partName("trang", i), LastMod: feed.LastMod(chunk)})
	}
	for i, p := range parts {
		name := fmt.Sprintf("%04d-%02d", months[i].Year, months[i].Month)
		for j := range p.chunks {
			maps = append(maps, feed.Sitemap{Loc: origin + "/sitemap/" + partName(name, j), LastMod: p.lastMod})
		}
	}
	return feed.Index(maps)
}

// sitemapOthers serves /sitemap/trang.xml (and -2…): the addresses that
// are not articles (linked from /sitemap.xml when it is an index; served
// for any site, like the monthly parts, whose number is bounded by the
// months the site has published in).
func (s *Server) sitemapOthers(r *http.Request, site content.Site, origin string) ([]byte, error) {
	month, chunk, ok := readPartName(r.PathValue("part"))
	if !ok || month != 0 {
		return nil, errNoSitemapFile
	}
	parts, _, err := s.partsOf(r.Context(), site, origin)
	if err != nil {
		return nil, err
	}
	others, err := s.otherURLs(r.Context(), site, origin, parts)
	if err != nil {
		return nil, err
	}
	chunks := feed.Pages(others, s.partSize())
	if chunk >= len(chunks) {
		return nil, errNoSitemapFile
	}
	return feed.URLSet(chunks[chunk])
}

// sitemapAll is every address of a small site: the others, then its
// articles read a batch at a time from a cursor.
func (s *Server) sitemapAll(ctx context.Context, site content.Site, origin string) ([]feed.URL, error) {
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	tree := content.NewTree(cats)
	p := &monthPart{newest: map[int64]time.Time{}}
	var articles []feed.URL
	f := content.ArticleFilter{SiteID: site.ID, PublicAt: time.Now(), Limit: sitemapBatch}
	for {
		as, err := s.svc.Store().FindArticles(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			mod := articleMod(a)
			articles = append(articles, feed.URL{Loc: origin + content.ArticlePath(a.Slug), LastMod: mod})
			for _, c := range tree.Path(a.CategoryID) {
				if mod.After(p.newest[c.ID]) {
					p.newest[c.ID] = mod
				}
			}
			if mod.After(p.lastMod) {
				p.lastMod = mod
			}
		}
		if len(as) < sitemapBatch {
			break
		}
		f.After = content.CursorAt(as[len(as)-1], false, 1)
	}
	others, err := s.otherURLs(ctx, site, origin, []*monthPart{p})
	return append(others, articles...), err
}

// otherURLs lists the addresses that are not articles: the home page
// (its last change that of the newest article), each category (that of
// the newest article inside it, subcategories included), the static
// pages, the human sitemap and the modules' addresses. parts give the
// articles' last changes.
func (s *Server) otherURLs(ctx context.Context, site content.Site, origin string, parts []*monthPart) ([]feed.URL, error) {
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	pages, err := s.svc.Store().FindPages(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	home := site.UpdatedAt
	newest := map[int64]time.Time{}
	for _, p := range parts {
		if p.lastMod.After(home) {
			home = p.lastMod
		}
		for id, t := range p.newest {
			if t.After(newest[id]) {
				newest[id] = t
			}
		}
	}
	urls := []feed.URL{{Loc: origin + "/", LastMod: home, ChangeFreq: "hourly", Priority: 1}}
	for _, c := range cats {
		urls = append(urls, feed.URL{Loc: origin + content.CategoryPath(c.Slug), LastMod: newest[c.ID], ChangeFreq: "daily", Priority: 0.8})
	}
	for _, p := range pages {
		urls = append(urls, feed.URL{Loc: origin + content.PagePath(p.Slug), LastMod: p.UpdatedAt, Priority: 0.6})
	}
	urls = append(urls, feed.URL{Loc: origin + "/so-do-cong", Priority: 0.3})
	for _, src := range s.sitemapSources {
		entries, err := src(ctx, site.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			urls = append(urls, feed.URL{Loc: origin + e.Path, LastMod: e.LastMod})
		}
	}
	return urls, nil
}
