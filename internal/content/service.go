package content

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// Service applies the content rules (validation, NFC, sanitising, unique
// slugs, what is public) on top of a Store, and tells subscribers when a
// site's content changes so caches can drop it at once.
type Service struct {
	store Store
	now   func() time.Time

	mu        sync.RWMutex
	listeners []func(siteID int64)
}

// NewService returns a Service over store.
func NewService(store Store) *Service {
	return &Service{store: store, now: time.Now}
}

// Store returns the underlying store.
func (s *Service) Store() Store { return s.store }

// OnChange registers fn to be called after any write to a site's content.
func (s *Service) OnChange(fn func(siteID int64)) {
	s.mu.Lock()
	s.listeners = append(s.listeners, fn)
	s.mu.Unlock()
}

func (s *Service) changed(siteID int64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, fn := range s.listeners {
		fn(siteID)
	}
}

// Limits on field lengths, in characters.
const (
	MaxTitle   = 500
	MaxSummary = 2000
	MaxName    = 300
	MaxBody    = 2 << 20
	// MaxSiteField bounds each of a site's footer fields (description,
	// banner, agency, address, phone, e-mail, responsible, licence).
	MaxSiteField = 500
)

// fieldErrors collects validation problems so all of them are reported at once.
type fieldErrors map[string]string

func (fe fieldErrors) check(ok bool, field, msg string) {
	if !ok {
		if _, seen := fe[field]; !seen {
			fe[field] = msg
		}
	}
}

func (fe fieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Message: "Thông tin chưa hợp lệ, vui lòng kiểm tra lại các trường được đánh dấu.", Fields: fe}
}

// clean and cleanText are the text hygiene of every field the content
// services store: vi.Line for single-line fields, vi.Text for multi-line
// ones (control characters dropped, NFC, trimmed). HTML bodies go through
// SanitizeHTML, which drops the control characters itself.
func clean(s string) string { return vi.Line(s) }

func cleanText(s string) string { return vi.Text(s) }

func maxLen(s string, n int) bool { return utf8.RuneCountInString(s) <= n }

// SaveSite validates and creates or updates a site; an update writes its
// audit entry a (nil: none) in the same transaction.
func (s *Service) SaveSite(ctx context.Context, site *Site, a *audit.Entry) error {
	if err := PrepareSite(site); err != nil {
		return err
	}
	var err error
	if site.ID == 0 {
		err = s.store.CreateSite(ctx, site)
	} else {
		err = s.store.UpdateSite(ctx, site, a)
	}
	if err != nil {
		return err
	}
	s.changed(site.ID)
	return nil
}

// SaveCategory validates and creates or updates a category, with its audit
// entry a (nil: none) in the same transaction. An empty slug is made from
// the name.
func (s *Service) SaveCategory(ctx context.Context, c *Category, a *audit.Entry) error {
	c.Name = clean(c.Name)
	if c.Slug == "" {
		c.Slug = vi.Slug(c.Name)
	}
	fe := fieldErrors{}
	fe.check(c.Name != "", "name", "Vui lòng nhập tên chuyên mục.")
	fe.check(maxLen(c.Name, MaxName), "name", "Tên chuyên mục quá dài.")
	fe.check(c.Slug != "" && vi.Slug(c.Slug) == c.Slug, "slug", "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.")
	if c.ParentID != 0 {
		if c.ParentID == c.ID {
			fe.check(false, "parent", "Chuyên mục không thể là cha của chính nó.")
		} else if _, err := s.store.FindCategoryByID(ctx, c.SiteID, c.ParentID); err != nil {
			fe.check(false, "parent", "Chuyên mục cha không tồn tại.")
		} else if cycle, err := s.wouldCycle(ctx, c); err != nil {
			return err
		} else {
			fe.check(!cycle, "parent", "Không thể chuyển chuyên mục vào bên trong chính nó hoặc chuyên mục con của nó.")
		}
	}
	if err := fe.err(); err != nil {
		return err
	}
	var err error
	if c.ID == 0 {
		err = s.store.CreateCategory(ctx, c, a)
	} else {
		err = s.store.UpdateCategory(ctx, c, a)
	}
	if err != nil {
		return err
	}
	s.changed(c.SiteID)
	return nil
}

// SaveArticle validates, normalises and sanitises a, gives it a unique slug
// when it has none, and creates or updates it.
func (s *Service) SaveArticle(ctx context.Context, a *Article) error {
	if err := s.PrepareArticle(ctx, a); err != nil {
		return err
	}
	if err := s.writeWithUniqueSlug(ctx, a); err != nil {
		return err
	}
	s.changed(a.SiteID)
	return nil
}

// PrepareArticle normalises (NFC, trimmed), sanitises and validates a
// without writing it, reporting every problem at once.
func (s *Service) PrepareArticle(ctx context.Context, a *Article) error {
	a.Title = clean(a.Title)
	a.Summary = cleanText(a.Summary)
	a.Author = clean(a.Author)
	a.Unit = clean(a.Unit)
	a.SourceURL = clean(a.SourceURL)
	a.Keywords = clean(a.Keywords)
	a.Body = SanitizeHTML(vi.NFC(a.Body))
	if a.Status == "" {
		a.Status = StatusDraft
	}
	fe := fieldErrors{}
	fe.check(a.Title != "", "title", "Vui lòng nhập tiêu đề.")
	fe.check(maxLen(a.Title, MaxTitle), "title", fmt.Sprintf("Tiêu đề không được dài quá %d ký tự.", MaxTitle))
	fe.check(maxLen(a.Summary, MaxSummary), "summary", fmt.Sprintf("Tóm tắt không được dài quá %d ký tự.", MaxSummary))
	fe.check(maxLen(a.Author, MaxName), "author", "Tên tác giả quá dài.")
	fe.check(maxLen(a.Unit, MaxName), "unit", "Tên đơn vị quá dài.")
	fe.check(maxLen(a.Keywords, MaxSummary), "keywords", "Danh sách từ khóa quá dài.")
	fe.check(len(a.Body) <= MaxBody, "body", "Nội dung quá dài.")
	fe.check(a.Status.Valid(), "status", "Trạng thái không hợp lệ.")
	fe.check(a.Slug == "" || validArticleSlug(a.Slug), "slug", "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.")
	if err := cleanPhoto(&a.Photo); err != nil {
		fe.check(false, "photo", apperr.MessageOf(err))
	}
	if a.CategoryID == 0 {
		fe.check(false, "category", "Vui lòng chọn chuyên mục.")
	} else if _, err := s.store.FindCategoryByID(ctx, a.SiteID, a.CategoryID); err != nil {
		fe.check(false, "category", "Chuyên mục không tồn tại.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	if a.Status == StatusPublished && a.PublishedAt.IsZero() {
		a.PublishedAt = s.now()
	}
	return nil
}

// validArticleSlug reports whether s may be an article's slug: its own
// Slug, or a numbered slug stored before vi.NumberedSlug kept the number
// within vi.SlugMax (a 120-byte slug with "-2" after it). Those are
// accepted as they are: they are public addresses already.
func validArticleSlug(s string) bool {
	if vi.Slug(s) == s {
		return true
	}
	base, num, ok := cutNumber(s)
	return ok && len(base) <= vi.SlugMax && len(num) <= 4 && vi.Slug(base) == base
}

// cutNumber splits "base-123" into "base" and "123".
func cutNumber(s string) (base, num string, ok bool) {
	i := strings.LastIndexByte(s, '-')
	if i <= 0 || i == len(s)-1 {
		return "", "", false
	}
	for _, c := range s[i+1:] {
		if c < '0' || c > '9' {
			return "", "", false
		}
	}
	return s[:i], s[i+1:], true
}

// FreeSlug returns the first of base, base-2, base-3 … that no other
// article of the site holds (base comes from the title when empty),
// shortening base to make room for the number (vi.NumberedSlug).
func (s *Service) FreeSlug(ctx context.Context, a *Article) (string, error) {
	base := a.Slug
	if base == "" {
		if base = vi.Slug(a.Title); base == "" {
			base = "bai-viet"
		}
	}
	for n := 1; n <= 1000; n++ {
		slug := vi.NumberedSlug(base, n)
		other, err := s.store.FindArticleBySlug(ctx, a.SiteID, slug)
		switch {
		case apperr.Is(err, apperr.NotFound):
			return slug, nil
		case err != nil:
			return "", err
		case other.ID == a.ID:
			return slug, nil
		}
	}
	return "", apperr.New(apperr.Conflict, "Không tạo được đường dẫn riêng cho bài viết.")
}

// NotifyChanged tells subscribers that a site's content changed through
// another path than this Service (the newsroom's workflow writes).
func (s *Service) NotifyChanged(siteID int64) { s.changed(siteID) }

// writeWithUniqueSlug creates or updates a under a free slug, trying the
// next one when another writer took it first.
func (s *Service) writeWithUniqueSlug(ctx context.Context, a *Article) error {
	for attempt := 0; attempt < 5; attempt++ {
		slug, err := s.FreeSlug(ctx, a)
		if err != nil {
			return err
		}
		a.Slug = slug
		if a.ID == 0 {
			err = s.store.CreateArticle(ctx, a)
		} else {
			err = s.store.UpdateArticle(ctx, a)
		}
		if errors.Is(err, ErrSlugTaken) {
			continue // lost a race for this slug
		}
		return err
	}
	return apperr.New(apperr.Conflict, "Không tạo được đường dẫn riêng cho bài viết.")
}

// SavePage validates and creates or updates a static page, with its audit
// entry a (may be nil).
func (s *Service) SavePage(ctx context.Context, p *Page, a *audit.Entry) error {
	p.Title = clean(p.Title)
	p.Body = SanitizeHTML(vi.NFC(p.Body))
	if p.Slug == "" {
		p.Slug = vi.Slug(p.Title)
	}
	fe := fieldErrors{}
	fe.check(p.Title != "", "title", "Vui lòng nhập tiêu đề.")
	fe.check(maxLen(p.Title, MaxTitle), "title", "Tiêu đề quá dài.")
	fe.check(p.Slug != "" && vi.Slug(p.Slug) == p.Slug, "slug", "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.")
	if err := fe.err(); err != nil {
		return err
	}
	var err error
	if p.ID == 0 {
		err = s.store.CreatePage(ctx, p, a)
	} else {
		err = s.store.UpdatePage(ctx, p, a)
	}
	if err != nil {
		return err
	}
	s.changed(p.SiteID)
	return nil
}

// PublicArticle returns the article a visitor may read at slug: NotFound
// when there is none or it is not yet public, Gone when it was withdrawn.
func (s *Service) PublicArticle(ctx context.Context, siteID int64, slug string) (Article, error) {
	a, err := s.store.FindArticleBySlug(ctx, siteID, slug)
	if err != nil {
		return Article{}, err
	}
	switch {
	case a.Status == StatusWithdrawn:
		// The notice for readers; the reason is for the record only.
		msg := "Bài viết này đã được gỡ bỏ."
		if a.WithdrawnNotice != "" {
			msg += " " + a.WithdrawnNotice
		}
		return Article{}, &apperr.Error{Code: apperr.Gone, Message: msg, Fields: map[string]string{"replacement": a.Replacement}}
	case !s.public(a):
		return Article{}, apperr.New(apperr.NotFound, "Không tìm thấy bài viết.")
	}
	return a, nil
}

// public reports whether a visitor may read a now: published, and its
// publication time reached (a scheduled article is not yet public).
func (s *Service) public(a Article) bool {
	return a.Status == StatusPublished && !a.PublishedAt.After(s.now())
}

// Neighbours returns the public articles of a's category published just
// after and just before a ("Tin mới hơn", "Tin cũ hơn").
func (s *Service) Neighbours(ctx context.Context, a Article) (newer, older Article, err error) {
	return s.store.ArticleNeighbours(ctx, a, s.now())
}

// Related returns up to limit public articles sharing key words with a.
func (s *Service) Related(ctx context.Context, a Article, limit int) ([]Article, error) {
	return s.store.RelatedArticles(ctx, a, s.now(), limit)
}

// PublicArticleByID returns the article id when a visitor may read it now:
// NotFound when there is none or it is not public, a withdrawn one
// included (an address by id has no page that says why).
func (s *Service) PublicArticleByID(ctx context.Context, siteID, id int64) (Article, error) {
	a, err := s.store.FindArticleByID(ctx, siteID, id)
	if err != nil {
		return Article{}, err
	}
	if !s.public(a) {
		return Article{}, apperr.New(apperr.NotFound, "Không tìm thấy bài viết.")
	}
	return a, nil
}

// PublicArticles lists public articles of the site, newest first, in the
// given categories (all when none), skipping excludeID.
//
// For several categories (a category and its sub-categories), a single
// query with an IN list cannot walk the (category, published_at) index in
// order, so the database would sort every article of the subtree; instead
// each category gives its newest offset+limit (an index range each) and
// the lists are merged here. Deep pages fall back to the single query.
func (s *Service) PublicArticles(ctx context.Context, siteID int64, categoryIDs []int64, excludeID int64, limit, offset int) ([]Article, error) {
	f := ArticleFilter{SiteID: siteID, CategoryIDs: categoryIDs, PublicAt: s.now(), ExcludeID: excludeID, Limit: limit, Offset: offset}
	if len(categoryIDs) <= 1 || offset+limit > 200 {
		return s.store.FindArticles(ctx, f)
	}
	parts := make([]ArticleFilter, len(categoryIDs))
	for i, id := range categoryIDs {
		parts[i] = f
		parts[i].CategoryIDs = []int64{id}
	}
	return s.newest(ctx, parts, limit, offset)
}

// PublicArticlesNear is the page of limit public articles of the site in
// the given categories (all when none), newest first, that comes just
// after the cursor after, or just before the cursor before: keyset
// pagination, as fast on page 5,000 as on page 1 (each category is one
// index range starting at the cursor, merged as in PublicArticles).
func (s *Service) PublicArticlesNear(ctx context.Context, siteID int64, categoryIDs []int64, limit int, after, before Cursor) ([]Article, error) {
	f := ArticleFilter{SiteID: siteID, CategoryIDs: categoryIDs, PublicAt: s.now(), Limit: limit, After: after, Before: before}
	if len(categoryIDs) <= 1 {
		return s.store.FindArticles(ctx, f)
	}
	parts := make([]ArticleFilter, len(categoryIDs))
	for i, id := range categoryIDs {
		parts[i] = f
		parts[i].CategoryIDs = []int64{id}
	}
	all, err := s.merged(ctx, parts, limit)
	if err != nil || len(all) <= limit {
		return all, err
	}
	if after.IsZero() && !before.IsZero() {
		return all[len(all)-limit:], nil // the ones nearest the cursor
	}
	return all[:limit], nil
}

// PublicArticlesAcross lists the public articles of several sites,
// newest first: what the sites below a province portal published.
func (s *Service) PublicArticlesAcross(ctx context.Context, siteIDs []int64, limit, offset int) ([]Article, error) {
	f := ArticleFilter{SiteIDs: siteIDs, PublicAt: s.now(), Limit: limit, Offset: offset}
	if len(siteIDs) <= 1 || offset+limit > 200 {
		return s.store.FindArticles(ctx, f)
	}
	parts := make([]ArticleFilter, len(siteIDs))
	for i, id := range siteIDs {
		parts[i] = f
		parts[i].SiteIDs, parts[i].SiteID = nil, id
	}
	return s.newest(ctx, parts, limit, offset)
}

// CountPublicArticlesAcross counts the public articles of several sites.
func (s *Service) CountPublicArticlesAcross(ctx context.Context, siteIDs []int64) (int, error) {
	return s.store.CountArticles(ctx, ArticleFilter{SiteIDs: siteIDs, PublicAt: s.now()})
}

// newest is the page limit, offset of the articles that the filters
// parts select together, newest first: each part is one indexed query
// for its first offset+limit, merged here (one query over the union
// would sort every match).
func (s *Service) newest(ctx context.Context, parts []ArticleFilter, limit, offset int) ([]Article, error) {
	all, err := s.merged(ctx, parts, offset+limit)
	if err != nil {
		return nil, err
	}
	if offset >= len(all) {
		return nil, nil
	}
	return all[offset:min(len(all), offset+limit)], nil
}

// merged reads up to n articles of each filter in parts (their Offset
// ignored) and returns them all, newest first.
func (s *Service) merged(ctx context.Context, parts []ArticleFilter, n int) ([]Article, error) {
	var all []Article
	for _, one := range parts {
		one.Limit, one.Offset = n, 0
		list, err := s.store.FindArticles(ctx, one)
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].PublishedAt.Equal(all[j].PublishedAt) {
			return all[i].PublishedAt.After(all[j].PublishedAt)
		}
		return all[i].ID > all[j].ID
	})
	return all, nil
}

// PublicArticlesByID returns, by id, those of the articles ids that are
// public on one of the sites (a search's hits, to show their photos).
func (s *Service) PublicArticlesByID(ctx context.Context, siteIDs, ids []int64) (map[int64]Article, error) {
	out := make(map[int64]Article, len(ids))
	if len(ids) == 0 || len(siteIDs) == 0 {
		return out, nil
	}
	list, err := s.store.FindArticles(ctx, ArticleFilter{SiteIDs: siteIDs, IDs: ids, PublicAt: s.now(), Limit: len(ids)})
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		out[a.ID] = a
	}
	return out, nil
}

// FeaturedArticles lists the site's public featured articles, newest first.
func (s *Service) FeaturedArticles(ctx context.Context, siteID int64, limit int) ([]Article, error) {
	return s.store.FindArticles(ctx, ArticleFilter{SiteID: siteID, PublicAt: s.now(), Featured: true, Limit: limit})
}

// CountPublicArticles counts public articles in the given categories.
func (s *Service) CountPublicArticles(ctx context.Context, siteID int64, categoryIDs []int64) (int, error) {
	return s.store.CountArticles(ctx, ArticleFilter{SiteID: siteID, CategoryIDs: categoryIDs, PublicAt: s.now()})
}
