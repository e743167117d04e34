package web

import (
	"net/http"
	"strconv"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/feed"
	"trangtin/internal/httpx"
	"trangtin/internal/vi"
)

// pathBelow is "Tin từ cơ sở": what the sites below this one (a
// province's communes and departments) published, newest first.
const pathBelow = "/tin-tu-co-so"

// BelowPage is /tin-tu-co-so.
type BelowPage struct {
	Layout
	Items []BelowItem
	Pager Pager
}

// BelowItem is one article of another site, linked on its own host.
type BelowItem struct {
	Title, URL, Site, Summary string
	PublishedAt               time.Time
	Photo                     content.Photo // photos are served on every site's host
}

// Item is the entry of the list (the "item" template).
func (b BelowItem) Item() content.ListItem {
	return content.ListItem{URL: b.URL, Title: b.Title, Date: b.PublishedAt, Photo: b.Photo, Lead: b.Summary, Site: b.Site, Heading: 2}
}

func (s *Server) registerProvince(mux *http.ServeMux) {
	mux.Handle("GET "+pathBelow, s.adapt.Handle(s.belowPage))
	mux.Handle("GET "+pathBelow+"/rss", s.adapt.Handle(s.belowFeed))
}

// below is the site of r and the ids of the sites under it (its Family
// without itself), or NotFound for a site with none: the page exists only
// where it can say something.
func (s *Server) below(r *http.Request) (*content.Site, []int64, error) {
	site, err := s.siteFor(r)
	if err != nil {
		return nil, nil, err
	}
	fam := s.sites.Family(site)[1:]
	if len(fam) == 0 {
		return nil, nil, apperr.New(apperr.NotFound, "Trang này không có trang cấp dưới.")
	}
	ids := make([]int64, len(fam))
	for i, x := range fam {
		ids[i] = x.ID
	}
	return site, ids, nil
}

// belowItems turns articles of the sites below into items linked on
// their own sites' hosts (scheme of the request).
func (s *Server) belowItems(r *http.Request, as []content.Article) []BelowItem {
	out := make([]BelowItem, 0, len(as))
	for _, a := range as {
		other := s.sites.ByID(a.SiteID)
		if other == nil {
			continue
		}
		out = append(out, BelowItem{Title: a.Title, Site: other.Name, Summary: a.Summary, PublishedAt: a.PublishedAt, Photo: a.Photo,
			URL: s.sites.Origin(other, httpx.Scheme(r)) + content.ArticlePath(a.Slug)})
	}
	return out
}

// belowPage is not page-cached: it changes with every site below, whose
// versions the cache of this site does not follow.
func (s *Server) belowPage(w http.ResponseWriter, r *http.Request) error {
	site, ids, err := s.below(r)
	if err != nil {
		return err
	}
	page := 1
	if q := r.URL.Query().Get("trang"); q != "" {
		n, ok := pageNumber(q)
		if !ok {
			return apperr.New(apperr.NotFound, "Số trang không hợp lệ.")
		}
		page = n
	}
	ctx := r.Context()
	total, err := s.svc.CountPublicArticlesAcross(ctx, ids)
	if err != nil {
		return err
	}
	pages := max(1, (total+perPage-1)/perPage)
	if page > pages {
		return apperr.New(apperr.NotFound, "Danh sách không có trang này.")
	}
	l := Layout{Site: *site, Path: pathBelow, Prefs: prefsFrom(r), Title: "Tin từ cơ sở", Crumbs: []Crumb{{Name: "Tin từ cơ sở"}},
		Origin: s.origin(r, site), Logo: s.ui.AssetURL("emblem.svg")}
	l.Meta.FeedURL, l.Meta.FeedTitle = pathBelow+"/rss", "Tin từ cơ sở - "+site.Name
	if page > 1 {
		l.Title += " - Trang " + strconv.Itoa(page)
	}
	if l, err = s.layout(ctx, *site, l, ""); err != nil {
		return err
	}
	as, err := s.svc.PublicArticlesAcross(ctx, ids, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	p := BelowPage{Layout: l, Items: s.belowItems(r, as), Pager: pager(pathBelow, page, pages, total)}
	p.Pager.Noun = "bài viết"
	body, err := s.execute(view{"tin-tu-co-so", p})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Write(body)
	return nil
}

func (s *Server) belowFeed(w http.ResponseWriter, r *http.Request) error {
	site, ids, err := s.below(r)
	if err != nil {
		return err
	}
	as, err := s.svc.PublicArticlesAcross(r.Context(), ids, feedItems, 0)
	if err != nil {
		return err
	}
	origin := s.origin(r, site)
	ch := feed.Channel{Title: "Tin từ cơ sở - " + site.Name, Link: origin + pathBelow,
		Description: "Tin mới đăng trên các trang thông tin cấp dưới của " + site.Name, Language: "vi", Generator: "trangtin"}
	for i, it := range s.belowItems(r, as) {
		if i == 0 {
			ch.LastBuild = it.PublishedAt.In(vi.Zone)
		}
		ch.Items = append(ch.Items, feed.Item{Title: it.Title, Link: it.URL, Description: it.Summary,
			Author: it.Site, PubDate: it.PublishedAt.In(vi.Zone), Categories: []string{it.Site}})
	}
	body, err := feed.RSS(ch)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Write(body)
	return nil
}
