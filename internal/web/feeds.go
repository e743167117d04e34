package web

import (
	"context"
	"mime"
	"net/http"
	"path"
	"strconv"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/feed"
	"trangtin/internal/httpx"
	"trangtin/internal/vi"
)

const (
	feedItems    = 20
	sitemapBatch = 1000
)

// Section is one of the portal's functions that the human sitemap lists.
type Section struct{ Name, URL, About string }

// Sections are the portal's functions required by the decree, in the
// order the human sitemap lists them.
var Sections = []Section{
	{"Giới thiệu", "/gioi-thieu", "Chức năng, nhiệm vụ, cơ cấu tổ chức và lãnh đạo cơ quan"},
	{"Văn bản", "/van-ban", "Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành"},
	{"Hỏi đáp", "/hoi-dap", "Gửi câu hỏi và xem câu trả lời của cơ quan"},
	{"Lịch công tác", "/lich-cong-tac", "Lịch làm việc hằng tuần của lãnh đạo"},
	{"Góp ý dự thảo", "/gop-y-du-thao", "Lấy ý kiến nhân dân về dự thảo văn bản"},
	{"Tiếp cận thông tin", "/tiep-can-thong-tin", "Danh mục thông tin công khai, đầu mối cung cấp thông tin"},
	{"Tìm kiếm", "/tim-kiem", "Tìm bài viết và trang trên cổng"},
	{"Liên hệ", "/lien-he", "Địa chỉ, điện thoại, thư điện tử của cơ quan và gửi thư liên hệ"},
}

// SitemapPage is the human sitemap (sơ đồ cổng).
type SitemapPage struct {
	Layout
	Categories []SitemapNode
	Pages      []content.Page
	Sections   []Section
}

// SitemapNode is a category with its subcategories.
type SitemapNode struct {
	Category content.Category
	Children []SitemapNode
}

// registerFeeds adds the feeds, sitemaps and robots.txt.
func (s *Server) registerFeeds(mux *http.ServeMux) {
	const rss, xml = "application/rss+xml; charset=utf-8", "application/xml; charset=utf-8"
	mux.Handle("GET /rss", s.xmlPage(rss, depArticles|depPages, s.siteFeed))
	mux.Handle("GET /chuyen-muc/{slug}/rss", s.xmlPage(rss, depArticles|depPages, s.categoryFeed))
	// The sitemap lists articles and the other modules' addresses: the
	// documents register is the only one whose changes are versioned.
	mux.Handle("GET /sitemap.xml", s.xmlPage(xml, depArticles|depDocuments, s.sitemap))
	mux.Handle("GET /sitemap/{part}", s.sitemapPart(s.xmlPage(xml, depArticles|depDocuments, s.sitemapOthers)))
	mux.Handle("GET /robots.txt", s.xmlPage("text/plain; charset=utf-8", 0, func(r *http.Request, site content.Site, origin string) ([]byte, error) {
		return feed.Robots([]string{"/quan-tri/", "/tim-kiem", "/hien-thi"}, origin+"/sitemap.xml"), nil
	}))
	mux.Handle("GET /so-do-cong", s.page(s.sitemapPage, 0, nil))
}

// SitemapSource lists a module's public addresses for /sitemap.xml: the
// documents register, published questions and so on.
type SitemapSource func(ctx context.Context, siteID int64) ([]SitemapEntry, error)

// SitemapEntry is one address of a SitemapSource.
type SitemapEntry struct {
	Path    string    // site-relative, e.g. "/van-ban/123-qd-ubnd"
	LastMod time.Time // zero when unknown
}

// AddSitemapSource adds a module's addresses to /sitemap.xml. Call it
// while registering routes, before the server takes requests.
func (s *Server) AddSitemapSource(src SitemapSource) {
	s.sitemapSources = append(s.sitemapSources, src)
}

// SplitSitemapAt sets how many addresses a site has before /sitemap.xml
// becomes an index of parts (sitemapSmall by default), and how many one
// part holds (the protocol's 50,000 by default); tests set it low.
func (s *Server) SplitSitemapAt(n int) { s.sitemapSplit = n }

// xmlPage serves a generated document from the page cache, like the HTML
// pages: rebuilt only when the content areas d it lists changed.
func (s *Server) xmlPage(ctype string, d deps, fn func(r *http.Request, site content.Site, origin string) ([]byte, error)) http.Handler {
	hdr := []string{ctype}
	return s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		site, err := s.siteFor(r)
		if err != nil {
			return err
		}
		scheme := httpx.Scheme(r)
		stamp := d.stamp(site)
		key := strconv.FormatInt(site.ID, 10) + "|feed|" + scheme + "|" + r.URL.Path
		if s.hit(w, r, key, stamp) {
			return nil
		}
		return s.miss(w, r, key, stamp, "", func(r *http.Request) (rendered, error) {
			body, err := fn(r, *site, s.sites.Origin(site, scheme))
			if err != nil {
				return rendered{}, err
			}
			e := newEntry(body, stamp)
			e.ctype, e.vary = hdr, hdrVaryEnc
			return rendered{e: e}, nil
		})
	})
}

func (s *Server) siteFeed(r *http.Request, site content.Site, origin string) ([]byte, error) {
	return s.rss(r, site, origin, feed.Channel{
		Title:       site.Name,
		Link:        origin + "/",
		Description: "Tin mới đăng trên " + site.Name,
	}, nil)
}

func (s *Server) categoryFeed(r *http.Request, site content.Site, origin string) ([]byte, error) {
	cats, err := s.svc.Store().FindCategories(r.Context(), site.ID)
	if err != nil {
		return nil, err
	}
	tree := content.NewTree(cats)
	c, ok := tree.FindSlug(r.PathValue("slug"))
	if !ok {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy chuyên mục.")
	}
	return s.rss(r, site, origin, feed.Channel{
		Title:       c.Name + " - " + site.Name,
		Link:        origin + content.CategoryPath(c.Slug),
		Description: "Tin mới trong chuyên mục " + c.Name + " của " + site.Name,
	}, tree.Subtree(c.ID))
}

// rss fills ch with the newest public articles of the categories (all
// when nil) and renders it.
func (s *Server) rss(r *http.Request, site content.Site, origin string, ch feed.Channel, categoryIDs []int64) ([]byte, error) {
	ctx := r.Context()
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	tree := content.NewTree(cats)
	as, err := s.svc.PublicArticles(ctx, site.ID, categoryIDs, 0, feedItems, 0)
	if err != nil {
		return nil, err
	}
	ch.Language = "vi"
	ch.Generator = "trangtin"
	for i, a := range as {
		if i == 0 {
			ch.LastBuild = a.PublishedAt.In(vi.Zone)
		}
		it := feed.Item{
			Title:       a.Title,
			Link:        origin + content.ArticlePath(a.Slug),
			Description: a.Summary,
			Author:      a.Byline(),
			PubDate:     a.PublishedAt.In(vi.Zone),
		}
		if c, ok := tree.Find(a.CategoryID); ok {
			it.Categories = []string{c.Name}
		}
		// The list leaves bodies out; the photo is in the body.
		full, err := s.svc.Store().FindArticleByID(ctx, site.ID, a.ID)
		if err != nil {
			return nil, err
		}
		if it.Description == "" {
			it.Description = excerpt(full.Body, 300)
		}
		if img := content.LeadImage(full.Body); img != "" {
			it.Enclosure = &feed.Enclosure{URL: absolute(origin, img), Type: imageType(img)}
		}
		ch.Items = append(ch.Items, it)
	}
	return feed.RSS(ch)
}

// imageType guesses a photo's MIME type from its address.
func imageType(u string) string {
	if t := mime.TypeByExtension(path.Ext(u)); t != "" {
		return t
	}
	return "image/jpeg"
}

// sitemapPage is the human sitemap: categories, static pages and the
// portal's functions.
func (s *Server) sitemapPage(r *http.Request, site content.Site, l Layout) (view, error) {
	ctx := r.Context()
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return view{}, err
	}
	tree := content.NewTree(cats)
	var nodes func(parent []content.Category) []SitemapNode
	nodes = func(cs []content.Category) []SitemapNode {
		var out []SitemapNode
		for _, c := range cs {
			out = append(out, SitemapNode{Category: c, Children: nodes(tree.Children(c.ID))})
		}
		return out
	}
	pages, err := s.svc.Store().FindPages(ctx, site.ID)
	if err != nil {
		return view{}, err
	}
	l.Title = "Sơ đồ cổng"
	l.Description = "Sơ đồ các chuyên mục, trang và chức năng của " + site.Name
	l.Crumbs = []Crumb{{Name: "Sơ đồ cổng"}}
	if l, err = s.layout(ctx, site, l, ""); err != nil {
		return view{}, err
	}
	return view{"sitemap", SitemapPage{Layout: l, Categories: nodes(tree.Roots()), Pages: pages, Sections: s.sectionsOn(site.ID)}}, nil
}
