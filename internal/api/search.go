package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"trangtin/internal/hitpath"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/guard"
	"trangtin/internal/search"
	"trangtin/internal/vi"
)

// SearchResponse is the body of GET /api/v1/search.
type SearchResponse struct {
	Query   string      `json:"query"`
	Total   int         `json:"total"`
	More    bool        `json:"total_is_lower_bound"` // more than Total match
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
	Hits    []SearchHit `json:"hits"`
	// Sites counts the matches per site when site=all searched the site
	// and every site below it.
	Sites []SiteCount `json:"sites,omitempty"`
}

// SiteCount is one site of the facet.
type SiteCount struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// SearchHit is one result.
type SearchHit struct {
	Kind        string    `json:"kind"`
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	URL         string    `json:"url"`
	Date        time.Time `json:"date"`
	Snippet     string    `json:"snippet"`
	SnippetHTML string    `json:"snippet_html"`
	Score       float64   `json:"score"`
	SourceURL   string    `json:"source_url,omitempty"`
	Site        string    `json:"site"` // the key of the hit's site
}

// searchKinds are the values of the search's kind parameter; the OpenAPI
// enum lists the same.
var searchKinds = []string{search.KindArticle, search.KindPage, search.KindDocument, search.KindQuestion}

// msgSearchKind names every kind, so the message cannot fall behind the list.
var msgSearchKind = "Tham số kind chỉ nhận " + strings.Join(searchKinds[:len(searchKinds)-1], ", ") + " hoặc " + searchKinds[len(searchKinds)-1] + "."

// search: GET /api/v1/search?q=&category=&kind=article|page|document|question&from=&to=&page=&per_page=&site=all|KEY
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q, err := search.Parse(v.Get("q"))
	if err != nil {
		return err
	}
	f, scope, wide, err := s.searchScope(site, v.Get("site"))
	if err != nil {
		return err
	}
	page, err := intParam(v.Get("page"), 1, 1, 1000, "page")
	if err != nil {
		return err
	}
	perPage, err := intParam(v.Get("per_page"), 10, 1, 50, "per_page")
	if err != nil {
		return err
	}
	if k := v.Get("kind"); k != "" {
		if !slices.Contains(searchKinds, k) {
			return apperr.New(apperr.Invalid, msgSearchKind)
		}
		f.Kinds = []string{k}
	}
	if f.CategoryIDs, err = s.searchCategories(r, site, v.Get("category"), wide); err != nil {
		return err
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if raw := v.Get(p.name); raw != "" {
			d, err := time.ParseInLocation(time.DateOnly, raw, vi.Zone)
			if err != nil {
				return apperr.Errorf(apperr.Invalid, "Tham số %s phải có dạng YYYY-MM-DD.", p.name)
			}
			*p.dst = d.AddDate(0, 0, p.add)
		}
	}
	if s.guard != nil {
		if err := s.guard.Take(r.Context(), guard.FormSearch, clientAddr(r)); err != nil {
			return err
		}
	}
	f.Hidden = s.sites.HiddenKinds(scope)
	res, err := s.srch.Search(r.Context(), q, f, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	out := SearchResponse{Query: q.Raw, Total: res.Total, More: res.More, Page: page, PerPage: perPage, Hits: []SearchHit{}}
	for _, h := range res.Hits {
		hs := s.sites.ByID(h.SiteID)
		if hs == nil {
			hs = site
		}
		out.Hits = append(out.Hits, SearchHit{
			Kind: h.Kind, ID: h.RefID, Title: h.Title, URL: s.origin(r, hs) + hitpath.Of(h.Doc), Date: h.PublishedAt.In(vi.Zone),
			Snippet: search.PlainFragments(h.Snippet), SnippetHTML: search.MarkedHTML(h.Snippet), Score: h.Score, SourceURL: h.SourceURL,
			Site: hs.Key,
		})
	}
	if wide {
		out.Sites = siteCounts(scope, res)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func intParam(raw string, def, lo, hi int, name string) (int, error) {
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, apperr.Errorf(apperr.Invalid, "Tham số %s phải là số từ %d đến %d.", name, lo, hi)
	}
	return n, nil
}

// searchScope reads the site parameter: "" or this site's key, this site;
// all, this site and every site below it (the province view); another
// key, that one of them. wide is true for the last two.
func (s *Server) searchScope(site *content.Site, param string) (f search.Filter, scope []*content.Site, wide bool, err error) {
	wide = param != "" && param != site.Key
	unit := param
	if unit == "all" {
		unit = ""
	}
	if scope, err = s.sites.SearchScope(site, wide, unit); err != nil {
		return f, nil, false, err
	}
	f.SiteID = scope[0].ID
	if len(scope) > 1 {
		for _, x := range scope {
			f.SiteIDs = append(f.SiteIDs, x.ID)
		}
	}
	return f, scope, wide, nil
}

// siteCounts is the facet of a wide search: the sites with matches.
func siteCounts(scope []*content.Site, res search.Result) []SiteCount {
	var out []SiteCount
	for _, x := range scope {
		n := res.BySite[x.ID]
		if len(scope) == 1 {
			n = res.Total
		}
		if n > 0 {
			out = append(out, SiteCount{Key: x.Key, Name: x.Name, Count: n})
		}
	}
	return out
}

// searchCategories reads the category parameter: the category's subtree,
// nil for none; only in a search of one site.
func (s *Server) searchCategories(r *http.Request, site *content.Site, slug string, wide bool) ([]int64, error) {
	if slug == "" {
		return nil, nil
	}
	if wide {
		return nil, apperr.New(apperr.Invalid, "Tham số category chỉ dùng khi tìm trong một trang, không dùng với site.")
	}
	cats, err := s.svc.Store().FindCategories(r.Context(), site.ID)
	if err != nil {
		return nil, err
	}
	tree := content.NewTree(cats)
	c, ok := tree.FindSlug(slug)
	if !ok {
		return nil, apperr.New(apperr.Invalid, "Chuyên mục không tồn tại.")
	}
	return tree.Subtree(c.ID), nil
}
