package api

import (
	"net/http"
	"strconv"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// Site is a portal's public identity: the information its footer shows.
type Site struct {
	ID          int64     `json:"id"`
	Key         string    `json:"key"`
	Name        string    `json:"name"`
	Banner      string    `json:"banner"`
	Agency      string    `json:"agency"`
	Address     string    `json:"address"`
	Phone       string    `json:"phone"`
	Email       string    `json:"email"`
	Responsible string    `json:"responsible"`
	Licence     string    `json:"licence"`
	URL         string    `json:"url"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Category is a node of a site's category tree.
type Category struct {
	ID       int64  `json:"id"`
	ParentID int64  `json:"parent_id"` // 0 for a top category
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	Position int    `json:"position"`
	URL      string `json:"url"`
	FeedURL  string `json:"feed_url"`
}

// Page is a static page; the list leaves the body out.
type Page struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	Slug      string    `json:"slug"`
	URL       string    `json:"url"`
	Position  int       `json:"position"`
	InMenu    bool      `json:"in_menu"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PageDetail is a static page with its body.
type PageDetail struct {
	Page
	BodyHTML string `json:"body_html"`
}

func (s *Server) siteJSON(r *http.Request, st content.Site) Site {
	return Site{ID: st.ID, Key: st.Key, Name: st.Name, Banner: st.Banner, Agency: st.Agency, Address: st.Address,
		Phone: st.Phone, Email: st.Email, Responsible: st.Responsible, Licence: st.Licence,
		URL: s.origin(r, &st) + "/", UpdatedAt: st.UpdatedAt.In(vi.Zone)}
}

// sitesList: GET /api/v1/sites, every portal this server runs.
func (s *Server) sitesList(w http.ResponseWriter, r *http.Request) error {
	p, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	all, err := s.svc.Store().FindSites(r.Context())
	if err != nil {
		return err
	}
	var items []Site
	for _, st := range all {
		if p.UpdatedSince.IsZero() || !st.UpdatedAt.Before(p.UpdatedSince) {
			items = append(items, s.siteJSON(r, st))
		}
	}
	return writeTagged(w, r, pageOf(items, p))
}

// siteOne: GET /api/v1/sites/{id}
func (s *Server) siteOne(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.New(apperr.Invalid, "Mã trang phải là số nguyên dương.")
	}
	st, err := s.svc.Store().FindSiteByID(r.Context(), id)
	if err != nil {
		return err
	}
	return writeTagged(w, r, s.siteJSON(r, st))
}

// categories: GET /api/v1/categories, the site's tree in menu order.
func (s *Server) categories(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	p, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	if !p.UpdatedSince.IsZero() {
		return apperr.New(apperr.Invalid, "Chuyên mục không hỗ trợ tham số updated_since.")
	}
	cats, err := s.svc.Store().FindCategories(r.Context(), site.ID)
	if err != nil {
		return err
	}
	base := s.origin(r, site)
	var items []Category
	var walk func([]content.Category)
	tree := content.NewTree(cats)
	walk = func(cs []content.Category) {
		for _, c := range cs {
			items = append(items, categoryJSON(c, base))
			walk(tree.Children(c.ID))
		}
	}
	walk(tree.Roots())
	return writeTagged(w, r, pageOf(items, p))
}

func categoryJSON(c content.Category, base string) Category {
	u := base + content.CategoryPath(c.Slug)
	return Category{ID: c.ID, ParentID: c.ParentID, Name: c.Name, Slug: c.Slug, Position: c.Position, URL: u, FeedURL: u + "/rss"}
}

// category: GET /api/v1/categories/{id}
func (s *Server) category(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.New(apperr.Invalid, "Mã chuyên mục phải là số nguyên dương.")
	}
	c, err := s.svc.Store().FindCategoryByID(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	return writeTagged(w, r, categoryJSON(c, s.origin(r, site)))
}

// pages: GET /api/v1/pages
func (s *Server) pages(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	p, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	all, err := s.svc.Store().FindPages(r.Context(), site.ID)
	if err != nil {
		return err
	}
	base := s.origin(r, site)
	var items []Page
	for _, pg := range all {
		if p.UpdatedSince.IsZero() || !pg.UpdatedAt.Before(p.UpdatedSince) {
			items = append(items, pageJSON(pg, base))
		}
	}
	return writeTagged(w, r, pageOf(items, p))
}

func pageJSON(pg content.Page, base string) Page {
	return Page{ID: pg.ID, Title: pg.Title, Slug: pg.Slug, URL: base + content.PagePath(pg.Slug), Position: pg.Position,
		InMenu: pg.InMenu, UpdatedAt: pg.UpdatedAt.In(vi.Zone)}
}

// page: GET /api/v1/pages/{slug}
func (s *Server) page(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	pg, err := s.svc.Store().FindPageBySlug(r.Context(), site.ID, r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeTagged(w, r, PageDetail{Page: pageJSON(pg, s.origin(r, site)), BodyHTML: pg.Body})
}
