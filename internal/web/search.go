package web

import (
	"html/template"
	"net/http"
	"net/url"
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
}

// SearchForm holds the filters as typed, to refill the form.
type SearchForm struct {
	Category, Kind, From, To string
}

// SearchHit is one result as shown.
type SearchHit struct {
	Title   template.HTML // with the query's words marked
	URL     string
	Date    time.Time
	Kind    string
	Snippet template.HTML
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
		Form: SearchForm{Category: v.Get("chuyen-muc"), Kind: v.Get("loai"), From: v.Get("tu"), To: v.Get("den")}}
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
		d, err := time.ParseInLocation(time.DateOnly, s, vi.Zone)
		if err != nil {
			return d, apperr.Errorf(apperr.Invalid, "%s không hợp lệ, vui lòng nhập theo dạng năm-tháng-ngày, ví dụ 2023-03-10.", field)
		}
		return d, nil
	}
	if req.Filter.From, err = parseDay(req.Form.From, "Ngày bắt đầu"); err != nil {
		return req, err
	}
	if req.Filter.To, err = parseDay(req.Form.To, "Ngày kết thúc"); err != nil {
		return req, err
	}
	if !req.Filter.To.IsZero() {
		req.Filter.To = req.Filter.To.AddDate(0, 0, 1) // the end day is included
	}
	if !req.Filter.From.IsZero() && !req.Filter.To.IsZero() && !req.Filter.From.Before(req.Filter.To) {
		return req, apperr.New(apperr.Invalid, "Ngày bắt đầu phải trước ngày kết thúc.")
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
	p := SearchPage{Layout: l, Q: v.Get("q"), Categories: tree.Roots()}
	status := http.StatusOK
	if v.Has("q") {
		req, err := ParseSearchRequest(v, *site, tree)
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
			req.Filter.Kinds = s.sites.Modules(site.ID).SearchKinds(req.Filter.Kinds)
			res, err := s.srch.Search(ctx, req.Query, req.Filter, searchPerPage, (req.Page-1)*searchPerPage)
			if err != nil {
				return err
			}
			p.Ran, p.Total, p.More = true, res.Total, res.More
			p.Layout.Title = "Tìm kiếm: " + p.Q
			for _, h := range res.Hits {
				p.Hits = append(p.Hits, SearchHit{Title: FragmentsHTML(h.TitleHL), URL: hitpath.Of(h.Doc), Date: h.PublishedAt, Kind: h.Kind, Snippet: FragmentsHTML(h.Snippet)})
			}
			pages := max(1, (min(res.Total, 1000*searchPerPage)+searchPerPage-1)/searchPerPage)
			q := url.Values{}
			for _, k := range []string{"q", "chuyen-muc", "loai", "tu", "den"} {
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
