package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// The site furniture on the public pages: the configured main menu (with
// one level of sub-menus, opened by <details> so it works by keyboard and
// on a phone without script), the banner links strip, the home page's
// blocks, the Giới thiệu set, the leaders' profiles and the "Tiếp cận
// thông tin" section.

// LinkItem is a banner link ("Dịch vụ công quốc gia" …).
type LinkItem struct {
	Title    string
	URL      string
	ImageURL string
	External bool // leads to another site: said to screen readers
}

// AboutPage is /gioi-thieu: the introduction and the pages of the set.
type AboutPage struct {
	Layout
	Intro   template.HTML
	Pages   []AboutLink
	Leaders bool // the set has leaders' profiles
}

// AboutLink is one entry of the Giới thiệu set's navigation.
type AboutLink struct {
	Title, URL string
	Current    bool
}

// AboutSubPage is a static page read inside the Giới thiệu set.
type AboutSubPage struct {
	Layout
	Page content.Page
	Body template.HTML
	Nav  []AboutLink
}

// LeadersPage is /gioi-thieu/lanh-dao.
type LeadersPage struct {
	Layout
	Leaders []LeaderView
	Nav     []AboutLink
}

// LeaderView is one leader's profile.
type LeaderView struct {
	content.Leader
	Bio    []string // paragraphs
	Anchor string   // the heading's id
}

// AccessInfoPage is /tiep-can-thong-tin.
type AccessInfoPage struct {
	Layout
	Info        content.AccessInfo
	Intro       template.HTML
	HowToAsk    template.HTML
	Unpublished template.HTML
	Sections    []SectionLink
}

// SectionLink is a section of the site where information is published.
type SectionLink struct {
	Name, URL, Description string
}

// registerFurniture adds the furniture's pages to mux.
func (s *Server) registerFurniture(mux *http.ServeMux) {
	s.mux = mux
	mux.Handle("GET "+content.AboutPath, s.page(s.aboutPage, 0, nil))
	mux.Handle("GET "+content.LeadersPath, s.page(s.leadersPage, 0, nil))
	mux.Handle("GET "+content.AboutPath+"/{slug}", s.page(s.aboutSubPage, 0, nil))
	mux.Handle("GET "+content.AccessInfoPath, s.page(s.accessInfoPage, 0, nil))
}

// furnitureLayout fills the configured menu and the banner links, and
// reports whether the site has a menu configured.
func (s *Server) furnitureLayout(ctx context.Context, site content.Site, l *Layout, current string) (bool, error) {
	if s.furn == nil {
		return false, nil
	}
	f, err := s.layoutFurniture(ctx, site)
	if err != nil {
		return false, err
	}
	l.Links = linkItems(f.banners)
	if len(f.menu) == 0 {
		return false, nil
	}
	items, about := slices.Clone(f.menu), f.about
	path := l.Path
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	view := func(m content.MenuItem) MenuItem {
		v := MenuItem{Name: m.Label, URL: m.URL()}
		if m.Kind == content.LinkPage && slices.Contains(about.PageSlugs, m.Target) {
			v.URL = content.AboutPagePath(m.Target) // read inside the Giới thiệu set
		}
		v.External = m.Kind == content.LinkURL
		v.Current = v.URL != "" && (v.URL == path || m.Kind == content.LinkCategory && m.Target == current)
		return v
	}
	// A category hidden by the site administrator leaves the configured
	// menu too; its page still answers.
	items = slices.DeleteFunc(items, func(m content.MenuItem) bool { return m.Kind == content.LinkCategory && f.hidden[m.Target] })
	index := map[int64]int{}
	for _, m := range items {
		if m.ParentID == 0 {
			index[m.ID] = len(l.Menu)
			l.Menu = append(l.Menu, view(m))
		}
	}
	for _, m := range items {
		if i, ok := index[m.ParentID]; ok && m.ParentID != 0 && m.URL() != "" {
			c := view(m)
			l.Menu[i].Children = append(l.Menu[i].Children, c)
			if c.Current {
				l.Menu[i].Active = true
			}
		}
	}
	kept := l.Menu[:0]
	for _, m := range l.Menu {
		if m.URL == "" && len(m.Children) == 0 {
			continue // a heading with nothing under it
		}
		if m.Active { // a parent marked current while a child is too: the child is the page
			m.Current = false
		}
		kept = append(kept, m)
	}
	l.Menu = kept
	return true, nil
}

func linkItems(bs []content.Banner) []LinkItem {
	var out []LinkItem
	for _, b := range bs {
		if b.Enabled {
			out = append(out, LinkItem{Title: b.Title, URL: b.URL, ImageURL: b.ImageURL, External: !strings.HasPrefix(b.URL, "/")})
		}
	}
	return out
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// aboutNav is the navigation of the Giới thiệu set, marking path.
func (s *Server) aboutNav(ctx context.Context, siteID int64, path string) ([]AboutLink, content.About, bool, error) {
	about, err := s.furn.About(ctx, siteID)
	if err != nil {
		return nil, about, false, err
	}
	leaders, err := s.furn.Leaders(ctx, siteID)
	if err != nil {
		return nil, about, false, err
	}
	pages, err := s.svc.Store().FindPages(ctx, siteID)
	if err != nil {
		return nil, about, false, err
	}
	titles := map[string]string{}
	for _, p := range pages {
		titles[p.Slug] = p.Title
	}
	nav := []AboutLink{{Title: "Giới thiệu chung", URL: content.AboutPath}}
	for _, slug := range about.PageSlugs {
		if t, ok := titles[slug]; ok {
			nav = append(nav, AboutLink{Title: t, URL: content.AboutPagePath(slug)})
		}
	}
	if len(leaders) > 0 {
		nav = append(nav, AboutLink{Title: "Lãnh đạo", URL: content.LeadersPath})
	}
	for i := range nav {
		nav[i].Current = nav[i].URL == path
	}
	empty := about.Intro == "" && len(nav) == 1
	return nav, about, !empty, nil
}

const msgNoAbout = "Trang chưa có phần giới thiệu."

func (s *Server) aboutPage(r *http.Request, site content.Site, l Layout) (view, error) {
	if s.furn == nil {
		return view{}, apperr.New(apperr.NotFound, msgNoAbout)
	}
	ctx := r.Context()
	nav, about, ok, err := s.aboutNav(ctx, site.ID, content.AboutPath)
	if err != nil {
		return view{}, err
	}
	if !ok {
		return view{}, apperr.New(apperr.NotFound, msgNoAbout)
	}
	l.Title = "Giới thiệu"
	l.Crumbs = []Crumb{{Name: "Giới thiệu"}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	p := AboutPage{Layout: l, Intro: template.HTML(about.Intro)}
	for _, n := range nav[1:] {
		if n.URL == content.LeadersPath {
			p.Leaders = true
			continue
		}
		p.Pages = append(p.Pages, n)
	}
	return view{"about", p}, nil
}

func (s *Server) aboutSubPage(r *http.Request, site content.Site, l Layout) (view, error) {
	if s.furn == nil {
		return view{}, apperr.New(apperr.NotFound, msgNoAbout)
	}
	ctx := r.Context()
	slug := r.PathValue("slug")
	nav, about, _, err := s.aboutNav(ctx, site.ID, content.AboutPagePath(slug))
	if err != nil {
		return view{}, err
	}
	inSet := false
	for _, s := range about.PageSlugs {
		inSet = inSet || s == slug
	}
	if !inSet {
		return view{}, apperr.New(apperr.NotFound, "Không tìm thấy trang trong phần Giới thiệu.")
	}
	pg, err := s.svc.Store().FindPageBySlug(ctx, site.ID, slug)
	if err != nil {
		return view{}, err
	}
	l.Title = pg.Title
	l.Crumbs = []Crumb{{Name: "Giới thiệu", URL: content.AboutPath}, {Name: pg.Title}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	return view{"about-page", AboutSubPage{Layout: l, Page: pg, Body: template.HTML(pg.Body), Nav: nav}}, nil
}

func (s *Server) leadersPage(r *http.Request, site content.Site, l Layout) (view, error) {
	if s.furn == nil {
		return view{}, apperr.New(apperr.NotFound, msgNoAbout)
	}
	ctx := r.Context()
	leaders, err := s.furn.Leaders(ctx, site.ID)
	if err != nil {
		return view{}, err
	}
	if len(leaders) == 0 {
		return view{}, apperr.New(apperr.NotFound, "Trang chưa có thông tin lãnh đạo.")
	}
	nav, _, _, err := s.aboutNav(ctx, site.ID, content.LeadersPath)
	if err != nil {
		return view{}, err
	}
	l.Title = "Lãnh đạo"
	l.Crumbs = []Crumb{{Name: "Giới thiệu", URL: content.AboutPath}, {Name: "Lãnh đạo"}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	p := LeadersPage{Layout: l, Nav: nav}
	for _, ld := range leaders {
		v := LeaderView{Leader: ld, Anchor: "lanh-dao-" + strconv.FormatInt(ld.ID, 10)}
		for _, para := range strings.Split(ld.Bio, "\n\n") {
			if para = strings.TrimSpace(para); para != "" {
				v.Bio = append(v.Bio, para)
			}
		}
		p.Leaders = append(p.Leaders, v)
	}
	return view{"leaders", p}, nil
}

// infoSections are the sections the Access to Information Law expects a
// portal to publish information in, in the order the page lists them;
// only those this server serves are shown.
var infoSections = []SectionLink{
	{"Văn bản", "/van-ban", "Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành và văn bản hành chính của cơ quan."},
	{"Lịch công tác", "/lich-cong-tac", "Lịch làm việc hằng tuần của lãnh đạo."},
	{"Hỏi đáp", "/hoi-dap", "Câu hỏi của người dân, doanh nghiệp và trả lời của cơ quan."},
	{"Góp ý dự thảo", "/gop-y-du-thao", "Dự thảo văn bản đang lấy ý kiến nhân dân."},
	{"Giới thiệu", content.AboutPath, "Chức năng, nhiệm vụ, cơ cấu tổ chức và thông tin lãnh đạo."},
	{"Tin tức", "/", "Tin tức, sự kiện về hoạt động của cơ quan và địa phương."},
}

// served reports whether the server answers GET path with something other
// than the catch-all "not found".
func (s *Server) served(path string) bool {
	if s.mux == nil {
		return false
	}
	_, pattern := s.mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}, Host: "x"})
	return pattern != "" && pattern != "/"
}

func (s *Server) accessInfoPage(r *http.Request, site content.Site, l Layout) (view, error) {
	if s.furn == nil {
		return view{}, apperr.New(apperr.NotFound, "Trang chưa có mục Tiếp cận thông tin.")
	}
	ctx := r.Context()
	info, err := s.furn.AccessInfo(ctx, site.ID)
	if err != nil {
		return view{}, err
	}
	l.Title = "Tiếp cận thông tin"
	l.Crumbs = []Crumb{{Name: "Tiếp cận thông tin"}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	p := AccessInfoPage{Layout: l, Info: info, Intro: template.HTML(info.Intro), HowToAsk: template.HTML(info.HowToAsk), Unpublished: template.HTML(info.Unpublished)}
	_, _, hasAbout, err := s.aboutNav(ctx, site.ID, "")
	if err != nil {
		return view{}, err
	}
	for _, sec := range infoSections {
		if sec.URL == content.AboutPath && !hasAbout {
			continue
		}
		if s.served(sec.URL) && s.sites.Modules(site.ID).PathOn(sec.URL) {
			p.Sections = append(p.Sections, sec)
		}
	}
	if p.Info.Unit == "" && p.Info.Officer == "" {
		// Not yet written: the site's own contact details stand in.
		p.Info.Unit, p.Info.Phone, p.Info.Email, p.Info.Address = site.Agency, site.Phone, site.Email, site.Address
	}
	return view{"access-info", p}, nil
}

// layoutReads is what every page's layout reads of a site's furniture and
// categories, kept per site for as long as the site's layout version
// (Versions.Site) stands: any change to the furniture or the categories
// bumps it (database triggers), so an uncached page does not read them
// again, and publishing an article does not make them stale.
type layoutReads struct {
	version int64
	blocks  []content.HomeBlock // the home page's and the right column's blocks (shared: never change)
	deps    blockDeps           // what the blocks show besides the layout
	banners []content.Banner
	menu    []content.MenuItem // shared: clone before changing
	about   content.About
	hidden  map[string]bool // slugs of hidden categories
	tree    *content.Tree   // the categories, for the blocks (shared: read only)
}

func (s *Server) layoutFurniture(ctx context.Context, site content.Site) (*layoutReads, error) {
	if v, ok := s.layoutCache.Load(site.ID); ok {
		if f := v.(*layoutReads); f.version == site.Versions.Site {
			return f, nil
		}
	}
	f := &layoutReads{version: site.Versions.Site, hidden: map[string]bool{}}
	var err error
	if f.banners, err = s.furn.Banners(ctx, site.ID); err != nil {
		return nil, err
	}
	var configured bool
	if f.blocks, configured, err = s.furn.HomeBlocks(ctx, site.ID); err != nil {
		return nil, err
	}
	if !configured {
		f.blocks = withProvinceBlock(f.blocks)
	}
	if f.menu, err = s.furn.Menu(ctx, site.ID); err != nil {
		return nil, err
	}
	if f.about, err = s.furn.About(ctx, site.ID); err != nil {
		return nil, err
	}
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		if c.Hidden {
			f.hidden[c.Slug] = true
		}
	}
	f.tree = content.NewTree(cats)
	f.deps = depsOfBlocks(f.blocks, f.tree)
	s.layoutCache.Store(site.ID, f)
	return f, nil
}
