// Package web serves the public pages of every site: home, articles,
// categories and static pages, rendered on the server in Vietnamese and kept
// in an in-memory page cache that an edit invalidates at once.
package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/contactform"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/question"
	"trangtin/internal/rating"
	"trangtin/internal/redirect"
	"trangtin/internal/schedule"
	"trangtin/internal/search"
	"trangtin/internal/syndication"
	"trangtin/internal/visits"
	"trangtin/ui"
)

// Server is the public site.
type Server struct {
	svc   *content.Service
	sites *content.Directory
	ui    *ui.UI
	log   *slog.Logger
	old   HostRules // the redirect table, for addresses no route answers
	cache *pageCache
	adapt httpx.Adapter
	srch  *search.Service

	health func(ctx context.Context) ([]string, error)
	media  *media.Library

	sitemapSplit   int                // addresses before /sitemap.xml is an index, and per part; 0: the defaults
	sitemapParts   sitemapParts       // the built monthly parts of large sites
	categoryCounts categoryCounts     // public articles by category, for the pagers
	sitemapSources []SitemapSource    // other modules' addresses for /sitemap.xml
	docs           *document.Service  // the documents register; nil: no /van-ban pages
	furn           *content.Furniture // nil: no configured furniture
	layoutCache    sync.Map           // site ID → *layoutReads (furniture.go)
	dayNum         dayNumber          // today's number, for pages showing the schedule (blocks.go)
	columnCache    sync.Map           // site ID → *columnReads: the right column as last rendered (column.go)
	mux            *http.ServeMux     // the mux Register added the routes to
	eng            engagement         // work schedule, ratings, visit counter (engagement.go)
	qa             qaDeps
	syn            *syndication.Service // nil: no syndication (syndication.go)
	contact        *contactform.Service

	now      func() time.Time // the clock: the top bar's date (today.go)
	day      dayClock         // empties the page cache when the day changes
	flight   flight           // one render per missed page at a time (cache.go)
	renders  atomic.Int64     // pages rendered for the cache
	hits     atomic.Int64     // requests answered from the cache
	onRender func(key string)
}

// Options are what New builds the public site from: the required
// services, then the optional ones (nil leaves their pages out) and the
// tuning. The editors' area (admin.Options) and the API (api.Options) are
// built the same way.
type Options struct {
	Content *content.Service   // required
	Sites   *content.Directory // required: the site is picked by the request's host
	Search  *search.Service    // required
	UI      *ui.UI             // required: templates and static assets
	Log     *slog.Logger       // nil: discard

	CacheEntries int // 0: 20,000 pages
	CacheBytes   int // 0: 256 MiB
	// Health, when set, adds lines to /healthz?chi-tiet (the scheduler's
	// state, overdue items); a non-nil error makes /healthz answer 503.
	Health func(ctx context.Context) ([]string, error)
	// Media serves uploaded photos (/anh/…), videos (/video/…) and files (/tep/…).
	Media *media.Library
	// Documents serves the documents register (/van-ban).
	Documents *document.Service
	// Furniture is the configured menu, banner links, home blocks and the
	// Giới thiệu and Tiếp cận thông tin sections.
	Furniture *content.Furniture
	// Schedule, Ratings and Visits, when set, serve /lich-cong-tac, the
	// rating widget and the footer's visit counter.
	Schedule *schedule.Service
	Ratings  *rating.Service
	Visits   *visits.Counter
	// Questions and Consultations serve /hoi-dap and /gop-y-du-thao.
	Questions     *question.Service
	Consultations *consultation.Service
	// Contact, when set, serves the Liên hệ page and its form.
	Contact *contactform.Service
	// Guard holds back floods per client address: the public forms,
	// ratings (once per item and address) and search. nil: no limits.
	Guard *guard.Limiter
	// Redirects is the permanent table of old addresses, looked up for an
	// address no route answers before the 404 page. nil: none.
	Redirects redirect.Finder
	// Syndication names the original of a copy received from another site
	// ("Nguồn", its canonical address) and fills the "Tin tỉnh" home
	// block. nil: none.
	Syndication *syndication.Service
}

// New returns the public site; it fails when a required service is missing.
func New(opt Options) (*Server, error) {
	if opt.Content == nil || opt.Sites == nil || opt.Search == nil || opt.UI == nil {
		return nil, errors.New("web: Options.Content, Sites, Search and UI are required")
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.CacheEntries == 0 {
		opt.CacheEntries = 20000
	}
	if opt.CacheBytes == 0 {
		opt.CacheBytes = 256 << 20
	}
	s := &Server{svc: opt.Content, sites: opt.Sites, srch: opt.Search, ui: opt.UI, log: opt.Log,
		cache: newPageCache(opt.CacheEntries, opt.CacheBytes), health: opt.Health, media: opt.Media, furn: opt.Furniture}
	s.adapt = httpx.Adapter{Log: opt.Log, Render: s.renderError}
	s.docs = opt.Documents
	s.syn = opt.Syndication
	s.eng = engagement{schedule: opt.Schedule, ratings: opt.Ratings, visits: opt.Visits}
	s.qa = qaDeps{questions: opt.Questions, consultations: opt.Consultations, guard: opt.Guard}
	s.contact = opt.Contact
	s.old = HostRules{Sites: opt.Sites, Redirects: opt.Redirects, Log: func(err error) { opt.Log.Error("redirect lookup", "err", err) }}
	s.now = time.Now
	s.startDayClock()
	return s, nil
}

// Adapter renders errors as the site's Vietnamese error page.
func (s *Server) Adapter() httpx.Adapter { return s.adapt }

// siteFor picks the site by the request's host, or the default site.
func (s *Server) siteFor(r *http.Request) (*content.Site, error) { return s.sites.ForHost(r.Host) }

// Handler returns the public site's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return s.ModuleGate(s.adapt, mux)
}

// Register adds the public site's routes to mux; one mux for the whole
// server saves a second routing pass on every request.
func (s *Server) Register(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.page(s.home, depArticles|depHome, nil))
	mux.Handle("GET /tin-tuc/{slug}", s.page(s.article, depArticles|depArticle, nil))
	mux.Handle("GET /tin-tuc/{slug}/tai-ve", s.adapt.Handle(s.saveArticle))
	mux.Handle("GET /chuyen-muc/{slug}", s.page(s.category, depArticles, categoryQuery))
	mux.Handle("GET /trang/{slug}", s.page(s.staticPage, 0, nil))
	mux.Handle("GET /tim-kiem", s.adapt.Handle(s.searchPage))
	s.registerFeeds(mux)
	s.registerDocuments(mux)
	mux.HandleFunc("GET /hien-thi", s.handlePrefs)
	s.registerFurniture(mux)
	mux.HandleFunc("GET /static/", s.ui.ServeAsset)
	s.registerLook(mux)
	mux.HandleFunc("GET /healthz", s.healthz)
	s.registerQuestions(mux)
	s.registerContact(mux)
	s.registerProvince(mux)
	siteID := func(r *http.Request) (int64, error) {
		site, err := s.siteFor(r)
		if err != nil {
			return 0, err
		}
		return site.ID, nil
	}
	s.registerEngagement(mux)
	mux.Handle("GET /anh/{key...}", ImageHandler(s.media, s.adapt))
	mux.Handle(VideoPattern, VideoHandler(s.media, s.adapt))
	mux.Handle(FilePattern, FileHandler(s.media, siteID, s.adapt))
	mux.Handle("/", s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		if site, err := s.siteFor(r); err == nil && s.old.moved(w, r, site) {
			return nil // an old address of an imported or merged site
		}
		return apperr.New(apperr.NotFound, "Không tìm thấy trang bạn yêu cầu. Đường dẫn có thể đã thay đổi hoặc không còn tồn tại.")
	}))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.svc.Store().Ping(ctx); err != nil {
		s.log.Error("healthz", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database unavailable")
		return
	}
	var lines []string
	if s.health != nil {
		var err error
		if lines, err = s.health(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, err)
			for _, l := range lines {
				fmt.Fprintln(w, l)
			}
			return
		}
	}
	fmt.Fprintln(w, "ok")
	if r.URL.Query().Has("chi-tiet") {
		for _, l := range lines {
			fmt.Fprintln(w, l)
		}
	}
}

// view is what a page function returns: the template and its data.
type view struct {
	name string
	data any
}

// pageFunc builds a page for the site; it reads only the parameters that
// its queryRule keeps, so the cache key covers everything it depends on.
type pageFunc func(r *http.Request, site content.Site, l Layout) (view, error)

// queryRule returns the canonical form of the query parameters a page
// reads ("" or "?a=1&b=2", each value in its parsed form, the others
// dropped), and false when a value cannot be valid: the page then sees the
// request as it came and its answer (an error) is not cached.
type queryRule func(u *url.URL) (string, bool)

// page serves a cached page, rendering it on a miss; d are the content
// areas it shows besides the layout, q the query it reads (nil: none).
func (s *Server) page(fn pageFunc, d deps, q queryRule) http.Handler {
	return s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		site, err := s.siteFor(r)
		if err != nil {
			return err
		}
		s.countVisit(r, site.ID)
		prefs := prefsFrom(r)
		query, ok := canonical(q, r.URL)
		scheme := httpx.Scheme(r)
		d, err := s.pageDeps(r.Context(), site, d)
		if err != nil {
			return err
		}
		stamp := s.pageStamp(site, d, 0)
		key := ""
		if ok {
			// The key is built on the stack: a hit allocates nothing for it.
			var buf [256]byte
			k := pageKey(buf[:0], site.ID, prefs, scheme, r.URL.Path, query)
			if e := s.cache.peekBytes(k); e != nil && e.version == s.pageStamp(site, d, e.article) {
				s.serveHit(w, r, e)
				return nil
			}
			key = string(k)
		}
		if d&depArticle != 0 {
			// The render's own stamp: a request after an edit of an
			// article's body does not wait for a render begun before.
			stamp += site.Versions.Pages
		}
		p := pageReq{site: site, prefs: prefs, scheme: scheme, path: r.URL.Path + query, query: query, key: key, stamp: stamp, canonical: ok, deps: d}
		if query == "" && r.URL.RawPath == "" {
			p.route = r.Pattern // the page may be answered before routing
		}
		return s.renderCached(w, r, fn, p)
	})
}

// pageKey appends the cache key of a page: the site, the display
// preferences, the scheme, the path and its canonical query.
func pageKey(b []byte, siteID int64, prefs Prefs, scheme, path, query string) []byte {
	b = strconv.AppendInt(b, siteID, 10)
	b = append(append(append(append(append(append(b, '|'), prefs.value()...), '|'), scheme...), '|'), path...)
	return append(b, query...)
}

// serveHit answers a request with a cached page, counting the hit and,
// on an article, its view.
func (s *Server) serveHit(w http.ResponseWriter, r *http.Request, e *entry) {
	s.hits.Add(1)
	if e.article != 0 {
		s.countView(r, e.article)
	}
	e.serve(w, r, http.StatusOK)
}

// early answers a GET of a cached page before the request is routed, when
// it can: a request with no query and nothing escaped in its path, whose
// page page cached from a request just like it (the entry then keeps the
// route it was served under and the areas it depends on). Routing the
// request would lead to the same page function with the same key, so the
// answer is the one page would give; any other request, and any miss,
// goes on to the router. On a cached page the router, the adapter and
// their closures were a tenth of the server's work per request
// (BENCHMARKS.md, "Province").
func (s *Server) early(w http.ResponseWriter, r *http.Request, site *content.Site) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead || r.URL.RawQuery != "" || r.URL.RawPath != "" || r.URL.ForceQuery {
		return false
	}
	var buf [256]byte
	e := s.cache.peekBytes(pageKey(buf[:0], site.ID, prefsFrom(r), httpx.Scheme(r), r.URL.Path, ""))
	if e == nil || e.route == "" || e.version != s.pageStamp(site, e.deps, e.article) {
		return false
	}
	s.countVisit(r, site.ID)
	httpx.SetRoute(w, e.route)
	s.serveHit(w, r, e)
	return true
}

// pageReq is what page knows of a request it could not answer from the
// cache.
type pageReq struct {
	site        *content.Site
	prefs       Prefs
	scheme      string
	path, query string // path with its canonical query; the query alone
	key         string
	stamp       int64  // the render's: see page
	canonical   bool   // false: the query cannot be valid, render uncached
	deps        deps   // the areas the page shows
	route       string // the pattern it was routed by, when early may answer it
}

// renderCached renders a page for the cache (or, for a query that cannot be
// valid, for this request only).
func (s *Server) renderCached(w http.ResponseWriter, r *http.Request, fn pageFunc, p pageReq) error {
	render := func(r *http.Request) (rendered, error) {
		// Canonical links, OpenGraph and JSON-LD are absolute.
		l := Layout{Site: *p.site, Path: p.path, Prefs: p.prefs, Origin: s.sites.Origin(p.site, p.scheme), Logo: s.logo(p.site.ID), Description: p.site.Description,
			withColumn: true}
		v, err := fn(r, *p.site, l)
		if to, ok := replacement(err); ok {
			return rendered{redirect: to}, nil
		}
		if err != nil {
			return rendered{}, err
		}
		body, err := s.execute(v)
		if err != nil {
			return rendered{}, err
		}
		var article int64
		if a, ok := v.data.(ArticlePage); ok {
			article = a.Article.ID
		}
		// Stamped with the versions read before the content was: a
		// change made meanwhile makes the page stale at once.
		e := newEntry(body, s.pageStamp(p.site, p.deps, article))
		e.deps, e.route, e.article = p.deps, p.route, article
		return rendered{e: e}, nil
	}
	if !p.canonical {
		res, err := render(r)
		return answer(w, r, res, err)
	}
	return s.miss(w, r, p.key, p.stamp, p.query, render)
}

// canonical applies q (nil: the page reads no parameter).
func canonical(q queryRule, u *url.URL) (string, bool) {
	if q == nil {
		return "", true
	}
	return q(u)
}

// replacement reports where a withdrawn article's address now leads.
func replacement(err error) (string, bool) {
	var e *apperr.Error
	if apperr.Is(err, apperr.Gone) && errors.As(err, &e) && e.Fields["replacement"] != "" {
		return e.Fields["replacement"], true
	}
	return "", false
}

// maxPageNumber bounds the page numbers of lists.
const maxPageNumber = 100000

// pageNumber parses a ?trang= value: 1 to maxPageNumber, in any decimal
// spelling Atoi accepts ("02", "+2").
func pageNumber(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 1 && n <= maxPageNumber
}

// pageQuery is the queryRule of a paged list: ?trang=N with N in decimal,
// nothing for page 1; any other parameter dropped.
func pageQuery(u *url.URL) (string, bool) {
	if u.RawQuery == "" {
		return "", true
	}
	v := u.Query().Get("trang")
	if v == "" {
		return "", true
	}
	n, ok := pageNumber(v)
	switch {
	case !ok:
		return "", false
	case n == 1:
		return "", true
	}
	return "?trang=" + strconv.Itoa(n), true
}

// execute renders v into memory, so a template error never sends half a page.
func (s *Server) execute(v view) ([]byte, error) {
	t, ok := s.ui.Page(v.name)
	if !ok {
		return nil, fmt.Errorf("no template %q", v.name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v.data); err != nil {
		return nil, fmt.Errorf("render %s: %w", v.name, err)
	}
	return buf.Bytes(), nil
}

// renderError shows a Vietnamese error page in the site's layout.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	heading := "Đã có lỗi xảy ra"
	switch status {
	case http.StatusNotFound:
		heading = "Không tìm thấy trang"
	case http.StatusForbidden:
		heading = "Yêu cầu bị từ chối"
	case http.StatusGone:
		heading = "Nội dung đã được gỡ bỏ"
	case http.StatusBadRequest:
		heading = "Yêu cầu chưa hợp lệ"
	case http.StatusServiceUnavailable:
		heading = "Hệ thống đang bận"
	}
	w.Header().Set("Cache-Control", "no-store")
	if site, err := s.siteFor(r); err == nil {
		l, lerr := s.layout(r.Context(), *site, Layout{Site: *site, Path: "/", Prefs: prefsFrom(r), Title: heading}, "")
		if lerr == nil {
			if body, err := s.execute(view{"error", ErrorPage{Layout: l, Heading: heading, Message: msg}}); err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(status)
				w.Write(body)
				return
			}
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "%s\n%s\n", heading, msg)
}

// Funcs are the template functions of the public pages
// (content.PageFuncs, which the editors' preview shares).
func Funcs() template.FuncMap { return template.FuncMap(content.PageFuncs()) }

func articleURL(a content.Article) string   { return content.ArticlePath(a.Slug) }
func categoryURL(c content.Category) string { return content.CategoryPath(c.Slug) }
