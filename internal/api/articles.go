package api

import (
	"net/http"
	"strconv"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// Article is a published article in a list.
type Article struct {
	ID           int64     `json:"id"`
	Title        string    `json:"title"`
	Slug         string    `json:"slug"`
	URL          string    `json:"url"`
	Summary      string    `json:"summary"`
	Author       string    `json:"author"`
	Unit         string    `json:"unit"`
	CategoryID   int64     `json:"category_id"`
	CategoryName string    `json:"category_name"`
	Featured     bool      `json:"featured"`
	PublishedAt  time.Time `json:"published_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	SourceURL    string    `json:"source_url,omitempty"`
}

// ArticleList is a page of articles: a List with the cursor of the next
// page.
type ArticleList struct {
	List[Article]
	// NextCursor is the value of ?after= that gives the next page, read
	// from where this one ends (as fast deep down as on page 1); empty
	// when this page is not full.
	NextCursor string `json:"next_cursor,omitempty"`
}

// ArticleDetail is one article with its body.
type ArticleDetail struct {
	Article
	Image    string `json:"image,omitempty"` // absolute URL of its first photo
	BodyHTML string `json:"body_html"`       // sanitised when saved
}

// articles: GET /api/v1/articles?page=&per_page=&updated_since=&category=&after=
// Without updated_since the newest published come first; with it, the
// oldest change first, so a harvester can page forward from its last run.
// after is the next_cursor of the page before: the next page read from
// where that one ended (keyset pagination), instead of by page number.
func (s *Server) articles(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	p, err := parseList(r.URL.Query(), "category", "after")
	if err != nil {
		return err
	}
	var after content.Cursor
	if raw := r.URL.Query().Get("after"); raw != "" {
		if r.URL.Query().Has("page") {
			return apperr.New(apperr.Invalid, "Dùng một trong hai tham số page hoặc after, không dùng cả hai.")
		}
		if after, err = content.ParseCursor(raw); err != nil {
			return apperr.New(apperr.Invalid, "Tham số after phải là giá trị next_cursor của trang trước.")
		}
		p.Page = after.Page
	}
	ctx := r.Context()
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return err
	}
	tree := content.NewTree(cats)
	f := content.ArticleFilter{SiteID: site.ID, PublicAt: time.Now(), UpdatedSince: p.UpdatedSince, Limit: p.PerPage, Offset: p.offset(), After: after}
	if slug := r.URL.Query().Get("category"); slug != "" {
		c, ok := tree.FindSlug(slug)
		if !ok {
			return apperr.New(apperr.Invalid, "Chuyên mục không tồn tại.")
		}
		f.CategoryIDs = tree.Subtree(c.ID)
	}
	total, err := s.svc.Store().CountArticles(ctx, f)
	if err != nil {
		return err
	}
	as, err := s.svc.Store().FindArticles(ctx, f)
	if err != nil {
		return err
	}
	base := s.origin(r, site)
	out := ArticleList{List: List[Article]{Items: []Article{}, Page: p.Page, PerPage: p.PerPage, Total: total}}
	for _, a := range as {
		out.Items = append(out.Items, articleJSON(a, tree, base))
	}
	if len(as) == p.PerPage && p.Page < content.MaxCursorPage {
		out.NextCursor = content.CursorAt(as[len(as)-1], !p.UpdatedSince.IsZero(), p.Page+1).String()
	}
	return writeTagged(w, r, out)
}

// article: GET /api/v1/articles/{id}, a published article only.
func (s *Server) article(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.New(apperr.Invalid, "Mã bài viết phải là số nguyên dương.")
	}
	ctx := r.Context()
	a, err := s.svc.PublicArticleByID(ctx, site.ID, id)
	if err != nil {
		return err
	}
	cats, err := s.svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return err
	}
	base := s.origin(r, site)
	d := ArticleDetail{Article: articleJSON(a, content.NewTree(cats), base), BodyHTML: a.Body}
	if img := content.LeadImage(a.Body); img != "" {
		d.Image = img
		if img[0] == '/' && (len(img) < 2 || img[1] != '/') {
			d.Image = base + img
		}
	}
	return writeTagged(w, r, d)
}

func articleJSON(a content.Article, tree *content.Tree, base string) Article {
	out := Article{
		ID: a.ID, Title: a.Title, Slug: a.Slug, URL: base + content.ArticlePath(a.Slug), Summary: a.Summary,
		Author: a.Author, Unit: a.Unit, CategoryID: a.CategoryID, Featured: a.Featured,
		PublishedAt: a.PublishedAt.In(vi.Zone), UpdatedAt: a.UpdatedAt.In(vi.Zone), SourceURL: a.SourceURL,
	}
	if c, ok := tree.Find(a.CategoryID); ok {
		out.CategoryName = c.Name
	}
	return out
}
