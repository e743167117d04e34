package api

import (
	"net/http"
	"slices"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// The site furniture as JSON: the main menu, the banner links, the
// leaders' profiles and the Tiếp cận thông tin section, read-only.

// MenuNode is one item of GET /api/v1/menu.
type MenuNode struct {
	Label    string     `json:"label"`
	URL      string     `json:"url"` // "" for a heading that only groups its children
	External bool       `json:"external"`
	Children []MenuNode `json:"children"`
}

// MenuResponse is the body of GET /api/v1/menu. An empty list means the
// site shows its top categories instead.
type MenuResponse struct {
	Items []MenuNode `json:"items"`
}

// LinkJSON is a banner link.
type LinkJSON struct {
	Title    string `json:"title"`
	URL      string `json:"url"`
	ImageURL string `json:"image_url"`
	External bool   `json:"external"`
}

// LeaderJSON is a leader's profile.
type LeaderJSON struct {
	Name     string `json:"name"`
	Position string `json:"position"`
	PhotoURL string `json:"photo_url"`
	Bio      string `json:"bio"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
}

// AccessInfoJSON is the body of GET /api/v1/access-info.
type AccessInfoJSON struct {
	Unit          string `json:"unit"`
	Officer       string `json:"officer"`
	Address       string `json:"address"`
	Phone         string `json:"phone"`
	Email         string `json:"email"`
	IntroHTML     string `json:"intro_html"`
	HowToAskHTML  string `json:"how_to_ask_html"`
	OnRequestHTML string `json:"on_request_html"`
}

// registerFurniture adds the furniture's routes when the store keeps it.
func (s *Server) registerFurniture(mux *http.ServeMux) {
	store, ok := s.svc.Store().(content.FurnitureStore)
	if !ok {
		return
	}
	a := furnitureAPI{sites: s.sites, f: content.NewFurniture(store, nil)}
	mux.Handle("GET /api/v1/menu", cors(s.adapt.Handle(a.menu)))
	mux.Handle("GET /api/v1/links", cors(s.adapt.Handle(a.links)))
	mux.Handle("GET /api/v1/leaders", cors(s.adapt.Handle(a.leaders)))
	mux.Handle("GET /api/v1/access-info", cors(s.adapt.Handle(a.accessInfo)))
}

// furnitureAPI answers the furniture's routes.
type furnitureAPI struct {
	sites *content.Directory
	f     *content.Furniture
}

// siteID is the site the request's host names.
func (a furnitureAPI) siteID(r *http.Request) (int64, error) {
	st, err := a.sites.ForHost(r.Host)
	if err != nil {
		return 0, err
	}
	return st.ID, nil
}

// menu answers the menu as a tree of two levels; a link to an about page
// points at its place under the about section.
func (a furnitureAPI) menu(w http.ResponseWriter, r *http.Request) error {
	f := a.f
	id, err := a.siteID(r)
	if err != nil {
		return err
	}
	items, err := f.Menu(r.Context(), id)
	if err != nil {
		return err
	}
	// A switched-off module leaves the menu (its sub-items with it).
	mods := a.sites.Modules(id)
	items = slices.DeleteFunc(items, func(m content.MenuItem) bool { return !mods.PathOn(m.URL()) })
	about, err := f.About(r.Context(), id)
	if err != nil {
		return err
	}
	node := func(m content.MenuItem) MenuNode {
		n := MenuNode{Label: m.Label, URL: m.URL(), External: m.Kind == content.LinkURL, Children: []MenuNode{}}
		if m.Kind == content.LinkPage && slices.Contains(about.PageSlugs, m.Target) {
			n.URL = content.AboutPagePath(m.Target)
		}
		return n
	}
	out := MenuResponse{Items: []MenuNode{}}
	index := map[int64]int{}
	for _, m := range items {
		if m.ParentID == 0 {
			index[m.ID] = len(out.Items)
			out.Items = append(out.Items, node(m))
		}
	}
	for _, m := range items {
		if i, ok := index[m.ParentID]; ok && m.ParentID != 0 {
			out.Items[i].Children = append(out.Items[i].Children, node(m))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a furnitureAPI) links(w http.ResponseWriter, r *http.Request) error {
	f := a.f
	id, err := a.siteID(r)
	if err != nil {
		return err
	}
	bs, err := f.Banners(r.Context(), id)
	if err != nil {
		return err
	}
	var all []LinkJSON
	for _, b := range bs {
		if b.Enabled {
			all = append(all, LinkJSON{Title: b.Title, URL: b.URL, ImageURL: b.ImageURL, External: !strings.HasPrefix(b.URL, "/")})
		}
	}
	return writePage(w, r, all)
}

func (a furnitureAPI) leaders(w http.ResponseWriter, r *http.Request) error {
	f := a.f
	id, err := a.siteID(r)
	if err != nil {
		return err
	}
	ls, err := f.Leaders(r.Context(), id)
	if err != nil {
		return err
	}
	var all []LeaderJSON
	for _, l := range ls {
		all = append(all, LeaderJSON{Name: l.Name, Position: l.Position, PhotoURL: l.PhotoURL, Bio: l.Bio, Phone: l.Phone, Email: l.Email})
	}
	return writePage(w, r, all)
}

func (a furnitureAPI) accessInfo(w http.ResponseWriter, r *http.Request) error {
	f := a.f
	id, err := a.siteID(r)
	if err != nil {
		return err
	}
	x, err := f.AccessInfo(r.Context(), id)
	if err != nil {
		return err
	}
	if x.Unit == "" && x.Officer == "" {
		return apperr.New(apperr.NotFound, "Trang chưa có mục Tiếp cận thông tin.")
	}
	writeJSON(w, http.StatusOK, AccessInfoJSON{Unit: x.Unit, Officer: x.Officer, Address: x.Address, Phone: x.Phone, Email: x.Email,
		IntroHTML: x.Intro, HowToAskHTML: x.HowToAsk, OnRequestHTML: x.Unpublished})
	return nil
}

// writePage answers one page (page, per_page) of a short list kept whole.
// These lists have no updated_since: they are small enough to fetch whole.
func writePage[T any](w http.ResponseWriter, r *http.Request, all []T) error {
	p, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	if !p.UpdatedSince.IsZero() {
		return apperr.New(apperr.Invalid, "Danh sách này không hỗ trợ tham số updated_since.")
	}
	writeJSON(w, http.StatusOK, pageOf(all, p))
	return nil
}
