package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
	"trangtin/internal/hitpath"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
	"trangtin/internal/search"
	"trangtin/internal/vi"
)

const searchPerPage = 10

// SearchPage shows the search form and, for a query, its results.
type SearchPage struct {
	Layout
	Q          string
	Categories []content.Category
	Form       SearchForm
	Error      string // why the query could not run, in Vietnamese
	Wait       string // the query was not run: this address searched too often
	Ran        bool
	Total      int
	More       bool // more than Total match
	Hits       []SearchHit
	Pager      Pager
	Wide       bool         // the site has sites below it: the form offers the province view
	Units      []SearchUnit // with the province view: the matches per site
}

// SearchUnit is one site of the province view's facet.
type SearchUnit struct {
	Name, URL string
	Count     int
	Current   bool
}

// SearchForm holds the filters as typed, to refill the form.
type SearchForm struct {
	Category, Kind, From, To string
	Scope, Unit              string // pham-vi (toan-tinh: the site and every site below it), don-vi (one of them)
}

// Advanced reports whether a filter of the folded part of the form
// ("Tìm nâng cao") is set: then the form shows it open.
func (f SearchForm) Advanced() bool {
	return f.Category != "" || f.Kind != "" || f.From != "" || f.To != "" || f.Scope != ""
}

// SearchHit is one result as shown.
type SearchHit struct {
	Title   template.HTML // with the query's words marked
	URL     string
	Date    time.Time
	Kind    string
	Snippet template.HTML
	Site    string        // the site's name, in the province view
	Photo   content.Photo // an article's featured photo
}

// SearchItem is a hit's entry in the results, for the "item" template:
// content.ListItem's shape, with the query's words marked in the title
// and the snippet.
type SearchItem struct {
	URL     string
	Title   template.HTML
	Date    time.Time
	Photo   content.Photo
	Lead    template.HTML
	Site    string
	Label   string
	Heading int
}

// Item is the hit's entry in the results: what it is before its date,
// except for an article.
func (h SearchHit) Item() SearchItem {
	it := SearchItem{URL: h.URL, Title: h.Title, Date: h.Date, Photo: h.Photo, Lead: h.Snippet, Site: h.Site, Heading: 3}
	switch h.Kind {
	case "page":
		it.Label, it.Date = "Trang giới thiệu", time.Time{}
	case "document":
		it.Label = "Văn bản ban hành"
	case "question":
		it.Label = "Hỏi đáp, công khai"
	}
	return it
}

// SearchRequest is a parsed search from a URL, shared by the page and the API.
type SearchRequest struct {
	Query  search.Query
	Filter search.Filter
	Page   int
	Form   SearchForm
}

// ParseSearchRequest reads q, chuyen-muc, loai, tu, den and trang. The
// error carries a Vietnamese message for the visitor.
func ParseSearchRequest(v url.Values, site content.Site, tree *content.Tree) (SearchRequest, error) {
	req := SearchRequest{Page: 1, Filter: search.Filter{SiteID: site.ID},
		Form: SearchForm{Category: v.Get("chuyen-muc"), Kind: v.Get("loai"), From: v.Get("tu"), To: v.Get("den"), Scope: v.Get("pham-vi"), Unit: v.Get("don-vi")}}
	var err error
	if req.Query, err = search.Parse(v.Get("q")); err != nil {
		return req, err
	}
	if p := v.Get("trang"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1000 {
			return req, apperr.New(apperr.Invalid, "Số trang không hợp lệ.")
		}
		req.Page = n
	}
	switch req.Form.Kind {
	case "":
	case "bai-viet":
		req.Filter.Kinds = []string{search.KindArticle}
	case "trang":
		req.Filter.Kinds = []string{search.KindPage}
	case "van-ban":
		req.Filter.Kinds = []string{search.KindDocument}
	case "hoi-dap":
		req.Filter.Kinds = []string{search.KindQuestion}
	default:
		return req, apperr.New(apperr.Invalid, "Loại nội dung không hợp lệ.")
	}
	switch req.Form.Scope {
	case "", "trang-nay":
	case "toan-tinh":
		if req.Form.Category != "" {
			return req, apperr.New(apperr.Invalid, "Bộ lọc chuyên mục chỉ dùng khi tìm trong trang này, không dùng khi tìm trên toàn tỉnh.")
		}
	default:
		return req, apperr.New(apperr.Invalid, "Phạm vi tìm kiếm không hợp lệ.")
	}
	if slug := req.Form.Category; slug != "" {
		c, ok := tree.FindSlug(slug)
		if !ok {
			return req, apperr.New(apperr.Invalid, "Chuyên mục không tồn tại.")
		}
		req.Filter.CategoryIDs = tree.Subtree(c.ID)
	}
	parseDay := func(s, field string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		// As typed (05/12/2026) or ISO (2026-12-05) as old links have it.
		d, err := vi.ParseDay(s)
		if err != nil {
			return time.Time{}, apperr.New(apperr.Invalid, vi.FieldMessage(field, s, err))
		}
		return d.Start(), nil
	}
	if req.Filter.From, err = parseDay(req.Form.From, "Từ ngày"); err != nil {
		return req, err
	}
	if req.Filter.To, err = parseDay(req.Form.To, "Đến ngày"); err != nil {
		return req, err
	}
	if !req.Filter.To.IsZero() {
		req.Filter.To = req.Filter.To.AddDate(0, 0, 1) // the end day is included
	}
	if !req.Filter.From.IsZero() && !req.Filter.To.IsZero() && !req.Filter.From.Before(req.Filter.To) {
		return req, apperr.New(apperr.Invalid, "«Từ ngày» phải trước hoặc bằng «Đến ngày».")
	}
	return req, nil
}

// FragmentsHTML renders fragments with the matches in <mark>.
func FragmentsHTML(frags []search.Fragment) template.HTML {
	return template.HTML(search.MarkedHTML(frags))
}

// takeSearch counts a search against the visitor's address allowance
// (guard.FormSearch), shared with /api/v1/search.
func (s *Server) takeSearch(r *http.Request) error {
	if s.qa.guard == nil {
		return nil
	}
	return s.qa.guard.Take(r.Context(), guard.FormSearch, clientAddr(r))
}

// searchPage serves /tim-kiem. It is not page-cached: queries are endless.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return err
	}
	tree := content.NewTree(cats)
	v := r.URL.Query()
	l, err := s.layout(ctx, *site, Layout{Site: *site, Path: "/tim-kiem", Prefs: prefsFrom(r), Title: "Tìm kiếm", Origin: s.origin(r, site), Logo: s.logo(site.ID)}, "")
	if err != nil {
		return err
	}
	p := SearchPage{Layout: l, Q: v.Get("q"), Categories: tree.Roots(), Wide: len(s.sites.Family(site)) > 1}
	status := http.StatusOK
	if v.Has("q") {
		req, err := ParseSearchRequest(v, *site, tree)
		var scope []*content.Site
		if err == nil {
			if scope, err = s.sites.SearchScope(site, req.Form.Scope == "toan-tinh", req.Form.Unit); err == nil {
				req.Filter.SiteID, req.Filter.SiteIDs = scope[0].ID, siteIDs(scope)
			}
		}
		p.Form = req.Form
		switch {
		case apperr.Is(err, apperr.Invalid):
			p.Error = apperr.MessageOf(err)
			status = http.StatusBadRequest
		case err != nil:
			return err
		default:
			if err := s.takeSearch(r); apperr.Is(err, apperr.RateLimited) {
				p.Wait = apperr.MessageOf(err)
				status = http.StatusTooManyRequests
				httpx.SetRetryAfter(w, err)
				break
			} else if err != nil {
				return err
			}
			req.Filter.Hidden = s.sites.HiddenKinds(scope)
			res, err := s.srch.Search(ctx, req.Query, req.Filter, searchPerPage, (req.Page-1)*searchPerPage)
			if err != nil {
				return err
			}
			p.Ran, p.Total, p.More = true, res.Total, res.More
			p.Layout.Title = "Tìm kiếm: " + p.Q
			wide := req.Form.Scope == "toan-tinh"
			if p.Hits, err = s.searchHits(r, site, res, wide); err != nil {
				return err
			}
			if wide {
				bySite := res.BySite
				if len(scope) == 1 {
					bySite = map[int64]int{scope[0].ID: res.Total}
				}
				p.Units = searchUnits(v, s.sites.Family(site), bySite, req.Form.Unit)
			}
			pages := max(1, (min(res.Total, 1000*searchPerPage)+searchPerPage-1)/searchPerPage)
			q := url.Values{}
			for _, k := range []string{"q", "chuyen-muc", "loai", "tu", "den", "pham-vi", "don-vi"} {
				if v.Get(k) != "" {
					q.Set(k, v.Get(k))
				}
			}
			p.Pager = pager("/tim-kiem?"+q.Encode(), req.Page, pages, res.Total)
		}
	}
	body, err := s.execute(view{"search", p})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(body)
	return nil
}

// siteIDs are the ids of sites when there are several, else nil (the
// search keeps Filter.SiteID).
func siteIDs(sites []*content.Site) []int64 {
	if len(sites) < 2 {
		return nil
	}
	ids := make([]int64, len(sites))
	for i, s := range sites {
		ids[i] = s.ID
	}
	return ids
}

// searchUnits is the province view's facet: each site of family with
// matches, with a link narrowing the search to it (or, for the one
// chosen, back to all). Narrowed to one unit, the counts are that unit's.
func searchUnits(v url.Values, family []*content.Site, bySite map[int64]int, unit string) []SearchUnit {
	var out []SearchUnit
	for _, site := range family {
		n := bySite[site.ID]
		if n == 0 && site.Key != unit {
			continue
		}
		q := url.Values{}
		for _, k := range []string{"q", "loai", "tu", "den"} {
			if v.Get(k) != "" {
				q.Set(k, v.Get(k))
			}
		}
		q.Set("pham-vi", "toan-tinh")
		if site.Key != unit {
			q.Set("don-vi", site.Key)
		}
		out = append(out, SearchUnit{Name: site.Name, URL: "/tim-kiem?" + q.Encode(), Count: n, Current: site.Key == unit})
	}
	return out
}

// searchHits are res's hits as shown on site; in the province view
// (wide) each names its site, and one of another site links to its host.
func (s *Server) searchHits(r *http.Request, site *content.Site, res search.Result, wide bool) ([]SearchHit, error) {
	photos, err := s.hitPhotos(r.Context(), res.Hits)
	if err != nil {
		return nil, err
	}
	var out []SearchHit
	for _, h := range res.Hits {
		hit := SearchHit{Title: FragmentsHTML(h.TitleHL), URL: hitpath.Of(h.Doc), Date: h.PublishedAt, Kind: h.Kind, Snippet: FragmentsHTML(h.Snippet)}
		if h.Kind == search.KindArticle {
			hit.Photo = photos[h.RefID].Photo
		}
		if other := s.sites.ByID(h.SiteID); wide && other != nil {
			hit.Site = other.Name
			if other.ID != site.ID {
				hit.URL = s.sites.Origin(other, httpx.Scheme(r)) + hit.URL
			}
		}
		out = append(out, hit)
	}
	return out, nil
}

// hitPhotos reads, in one query, the public articles among hits, for
// their photos.
func (s *Server) hitPhotos(ctx context.Context, hits []search.Hit) (map[int64]content.Article, error) {
	var ids, sites []int64
	for _, h := range hits {
		if h.Kind != search.KindArticle {
			continue
		}
		ids = append(ids, h.RefID)
		if !slices.Contains(sites, h.SiteID) {
			sites = append(sites, h.SiteID)
		}
	}
	return s.svc.PublicArticlesByID(ctx, sites, ids)
}
