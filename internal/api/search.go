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
}

// searchKinds are the values of the search's kind parameter; the OpenAPI
// enum lists the same.
var searchKinds = []string{search.KindArticle, search.KindPage, search.KindDocument, search.KindQuestion}

// msgSearchKind names every kind, so the message cannot fall behind the list.
var msgSearchKind = "Tham số kind chỉ nhận " + strings.Join(searchKinds[:len(searchKinds)-1], ", ") + " hoặc " + searchKinds[len(searchKinds)-1] + "."

// search: GET /api/v1/search?q=&category=&kind=article|page|document|question&from=&to=&page=&per_page=
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
	f := search.Filter{SiteID: site.ID}
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
	if slug := v.Get("category"); slug != "" {
		cats, err := s.svc.Store().FindCategories(r.Context(), site.ID)
		if err != nil {
			return err
		}
		tree := content.NewTree(cats)
		c, ok := tree.FindSlug(slug)
		if !ok {
			return apperr.New(apperr.Invalid, "Chuyên mục không tồn tại.")
		}
		f.CategoryIDs = tree.Subtree(c.ID)
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
	f.Kinds = s.sites.Modules(site.ID).SearchKinds(f.Kinds)
	res, err := s.srch.Search(r.Context(), q, f, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	base := s.origin(r, site)
	out := SearchResponse{Query: q.Raw, Total: res.Total, More: res.More, Page: page, PerPage: perPage, Hits: []SearchHit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, SearchHit{
			Kind: h.Kind, ID: h.RefID, Title: h.Title, URL: base + hitpath.Of(h.Doc), Date: h.PublishedAt.In(vi.Zone),
			Snippet: search.PlainFragments(h.Snippet), SnippetHTML: search.MarkedHTML(h.Snippet), Score: h.Score, SourceURL: h.SourceURL,
		})
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
