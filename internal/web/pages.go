package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/content"
	"trangtin/internal/rating"
)

const (
	othersCount = 10
	perPage     = 15
)

// layout fills the menu and breadcrumbs shared by every page, and the
// right column on the pages that show it. current is the slug of the top
// category to mark in the menu.
func (s *Server) layout(ctx context.Context, site content.Site, l Layout, current string) (Layout, error) {
	l, err := s.layoutMenu(ctx, site, l, current)
	if err == nil && l.withColumn {
		l.Column, err = s.column(ctx, &site, &l)
	}
	return l, err
}

func (s *Server) layoutMenu(ctx context.Context, site content.Site, l Layout, current string) (Layout, error) {
	l.Visits = s.visitFigures(ctx, site.ID)
	l.Today, l.TodayISO = s.today()
	l.Archive = s.archiveBanner(&site)
	l.Look = s.look(site.ID)
	if configured, err := s.furnitureLayout(ctx, site, &l, current); configured || err != nil {
		l.Menu = s.dropOffModules(site.ID, l.Menu)
		return l, err
	}
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return l, err
	}
	for _, c := range content.NewTree(cats).Roots() {
		if c.Hidden {
			continue // hidden from the navigation by the site administrator
		}
		l.Menu = append(l.Menu, MenuItem{Name: c.Name, URL: categoryURL(c), Current: c.Slug == current})
	}
	pages, err := s.svc.Store().FindPages(ctx, site.ID)
	if err != nil {
		return l, err
	}
	for _, p := range pages {
		if p.InMenu {
			l.Menu = append(l.Menu, MenuItem{Name: p.Title, URL: content.PagePath(p.Slug), Current: l.Path == content.PagePath(p.Slug)})
		}
	}
	// Without a configured menu, the portal's functions that this server
	// runs follow the categories.
	for _, m := range []struct {
		on        bool
		name, url string
	}{
		{s.docs != nil, "Văn bản", pathDocuments},
		{s.eng.schedule != nil, "Lịch công tác", "/lich-cong-tac"},
		{s.qa.questions != nil, "Hỏi đáp", "/hoi-dap"},
		{s.qa.consultations != nil, "Góp ý dự thảo", "/gop-y-du-thao"},
	} {
		if m.on && s.sites.Modules(site.ID).PathOn(m.url) {
			l.Menu = append(l.Menu, MenuItem{Name: m.name, URL: m.url, Current: l.Path == m.url})
		}
	}
	return l, nil
}

// archiveBanner is the notice of an archived site, nil for any other. The
// successor's link is scheme-relative ("//host/"): the page is cached for
// both schemes.
func (s *Server) archiveBanner(site *content.Site) *ArchiveBanner {
	n := site.Notice(s.sites.ByID)
	if n == nil {
		return nil
	}
	b := &ArchiveBanner{Name: n.Name, EndedOn: n.EndedOn, SuccessorName: n.SuccessorName}
	if n.Successor != nil {
		_, hostPart, _ := strings.Cut(s.sites.Origin(n.Successor, "https"), "://")
		b.SuccessorURL = "//" + hostPart + "/"
	}
	return b
}

func (s *Server) home(r *http.Request, site content.Site, l Layout) (view, error) {
	ctx := r.Context()
	l, err := s.layout(ctx, site, l, "")
	if err != nil {
		return view{}, err
	}
	p := HomePage{Layout: l}
	if p.Sections, err = s.homeSections(ctx, site, &p.Layout); err != nil {
		return view{}, err
	}
	return view{"home", p}, nil
}

func (s *Server) article(r *http.Request, site content.Site, l Layout) (view, error) {
	ctx := r.Context()
	a, err := s.svc.PublicArticle(ctx, site.ID, r.PathValue("slug"))
	if err != nil {
		return view{}, err
	}
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return view{}, err
	}
	path := content.NewTree(cats).Path(a.CategoryID)
	top := ""
	for _, c := range path {
		l.Crumbs = append(l.Crumbs, Crumb{Name: c.Name, URL: categoryURL(c)})
	}
	if len(path) > 0 {
		top = path[0].Slug
	}
	l.Title = a.Title
	l.Description = a.Summary
	if l.Description == "" {
		l.Description = excerpt(a.Body, 200)
	}
	if len(path) > 0 {
		l.Meta = articleMeta(l, a, path[len(path)-1].Name)
	} else {
		l.Meta = articleMeta(l, a, "")
	}
	copyOf, err := s.copyOrigin(ctx, &site, &l, a)
	if err != nil {
		return view{}, err
	}
	if l, err = s.layout(ctx, site, l, top); err != nil {
		return view{}, err
	}
	p := ArticlePage{Layout: l, Article: a, Body: template.HTML(a.Body), Copy: copyOf}
	switch {
	case copyOf != nil && copyOf.Updated != "":
		p.Updated, p.UpdatedISO = copyOf.Updated, copyOf.UpdatedISO
	case !a.CorrectedAt.IsZero():
		p.Updated, p.UpdatedISO = correctedAt(a.CorrectedAt)
	}
	p.Rating = s.ratingWidget(&site, rating.Article, a.ID)
	if u, err := url.Parse(a.SourceURL); err == nil && a.SourceURL != "" {
		p.SourceHost = u.Host
	}
	if p.Others, err = s.svc.PublicArticles(ctx, site.ID, []int64{a.CategoryID}, a.ID, othersCount, 0); err != nil {
		return view{}, err
	}
	if p.Newer, p.Older, err = s.svc.Neighbours(ctx, a); err != nil {
		return view{}, err
	}
	if p.Related, err = s.svc.Related(ctx, a, relatedCount); err != nil {
		return view{}, err
	}
	if s.eng.visits != nil && s.moduleOn(site.ID, content.ModuleViews) {
		n, err := s.eng.visits.ArticleViews(ctx, a.ID)
		if err != nil {
			return view{}, err
		}
		p.Views = groupDigits(n)
	}
	p.Share = shareLinks(l.Origin + articleURL(a))
	return view{"article", p}, nil
}

// relatedCount is how many related articles an article page lists.
const relatedCount = 5

// shareLinks are the addresses that share u on Facebook and Zalo from the
// visitor's browser, opened only when clicked.
func shareLinks(u string) ShareLinks {
	d, _ := json.Marshal(map[string]string{"url": u})
	return ShareLinks{URL: u,
		Facebook: "https://www.facebook.com/sharer/sharer.php?u=" + url.QueryEscape(u),
		Zalo:     "https://button-share.zalo.me/share_external?layout=1&color=blue&customize=false&d=" + url.QueryEscape(base64.StdEncoding.EncodeToString(d)) + "&shareType=0"}
}

// saveArticle sends the article as a stand-alone HTML file to keep.
func (s *Server) saveArticle(w http.ResponseWriter, r *http.Request) error {
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	a, err := s.svc.PublicArticle(r.Context(), site.ID, r.PathValue("slug"))
	if err != nil {
		return err
	}
	body, err := s.execute(view{"saved", SavedArticle{Site: *site, Article: a, Body: template.HTML(a.Body), URL: s.origin(r, site) + articleURL(a)}})
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+a.Slug+`.html"`)
	h.Set("Cache-Control", "no-cache")
	w.Write(body)
	return nil
}

// pager links up to two pages either side of the current one, plus the
// first and last.
func pager(base string, page, pages, total int) Pager {
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	link := func(n int) string {
		if n == 1 {
			return base
		}
		return base + sep + "trang=" + strconv.Itoa(n)
	}
	p := Pager{Page: page, Pages: pages, Total: total}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page < pages {
		p.NextURL = link(page + 1)
	}
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= page-2 && n <= page+2) {
			p.Links = append(p.Links, PageLink{Number: n, URL: link(n), Current: n == page})
		}
	}
	return p
}

func (s *Server) staticPage(r *http.Request, site content.Site, l Layout) (view, error) {
	ctx := r.Context()
	pg, err := s.svc.Store().FindPageBySlug(ctx, site.ID, r.PathValue("slug"))
	if err != nil {
		return view{}, err
	}
	l.Title = pg.Title
	l.Crumbs = []Crumb{{Name: pg.Title}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	return view{"page", StaticPage{Layout: l, Page: pg, Body: template.HTML(pg.Body)}}, nil
}
