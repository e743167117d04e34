// Package content holds the portal's content model (sites, categories,
// articles, static pages), the Store contract every database implements,
// and the Service that enforces the rules around it.
package content

import (
	"context"
	"time"

	"trangtin/internal/audit"
)

// Site is one portal: a province, a commune or a department. Every other
// record belongs to exactly one site.
type Site struct {
	ID          int64
	Key         string // short stable identifier, e.g. "giavien"
	Name        string // "Trang thông tin điện tử huyện Gia Viễn"
	Banner      string // "CHÀO MỪNG ĐẾN TRANG THÔNG TIN ĐIỆN TỬ UBND HUYỆN GIA VIỄN"
	Description string // a sentence about the site, for search engines and feeds
	Agency      string // governing agency (cơ quan chủ quản)
	Address     string
	Phone       string
	Email       string
	Responsible string // person responsible (người chịu trách nhiệm)
	Licence     string // licence line (giấy phép)
	Host        string // host name the site answers on, lower case, no port
	IsDefault   bool   // answers for hosts that match no site
	Kind        Kind   // tinh, so, xa or khac
	ParentID    int64  // 0: no parent site
	State       State  // active, archived or merged
	// SuccessorID and EndedOn (YYYY-MM-DD) describe an archived site,
	// MergedIntoID a merged one; 0 and "" otherwise.
	SuccessorID  int64
	EndedOn      string
	MergedIntoID int64
	// Version grows with every change to what the public sees of the
	// site: it is the sum of Versions, whose counters only grow.
	Version  int64
	Versions Versions
	// EditVersion is the edit version of the site's information read:
	// UpdateSite writes only over it (else ErrSiteStale) and adds one.
	// Unlike Version it counts the site's own edits only.
	EditVersion int64
	UpdatedAt   time.Time
	// Marks are the articles whose own page changed lately, as the
	// Directory last saw them (nil for a site read from the store): see
	// PageMark. Set by the Directory, not stored.
	Marks *PageMarks
}

// Versions are a site's content counters, one an area, each bumped by the
// database when a change in its area touches what the public sees: a
// draft, a revision or any other non-public write bumps none. A cached
// page depends on the areas it shows; as the counters only grow, the sum
// of a page's areas changes exactly when one of them does.
type Versions struct {
	// Site covers what every page's layout shows: the site itself, its
	// categories, static pages and settings (menu, banner links, home
	// blocks, the Giới thiệu set, leaders, Tiếp cận thông tin).
	Site      int64
	Articles  int64 // published articles (entering, changing, leaving)
	Documents int64 // published documents of the register
	Schedule  int64 // published entries of the work schedule
	// Questions moves when a published citizen's question enters, leaves
	// or changes its subject or date: what the home blocks show of them.
	Questions int64
	// Pages moves when a published article changes in what only its own
	// page (and the feeds, which quote it) shows: its body. The article
	// is marked with the new value (Site.PageMark), so that such an edit
	// makes its own page stale and leaves every other page cached.
	Pages int64
	// Successor is, for an archived site, its successor's Site counter:
	// the archive banner shows the successor's name and host. Set by the
	// Directory, not stored; not part of Sum.
	Successor int64
}

// Sum is the sum of the counters: Site.Version.
func (v Versions) Sum() int64 {
	return v.Site + v.Articles + v.Documents + v.Schedule + v.Questions + v.Pages
}

// Category is a node in a site's ordered category tree.
type Category struct {
	ID       int64
	SiteID   int64
	ParentID int64 // 0 for a top-level category
	Name     string
	Slug     string
	Position int
	Hidden   bool // left out of the public navigation; its page still answers
}

// Status is an article's place in the publishing workflow.
type Status string

const (
	StatusDraft     Status = "draft"     // nháp: being written
	StatusSubmitted Status = "submitted" // chờ biên tập: with the editors
	StatusReturned  Status = "returned"  // trả lại: back to the author with a comment
	StatusApproval  Status = "approval"  // chờ duyệt: with the editorial board
	StatusScheduled Status = "scheduled" // hẹn giờ: approved, public at PublishedAt
	StatusPublished Status = "published" // đã đăng
	StatusWithdrawn Status = "withdrawn" // gỡ bỏ: no longer public, never deleted
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusSubmitted, StatusReturned, StatusApproval, StatusScheduled, StatusPublished, StatusWithdrawn:
		return true
	}
	return false
}

// Label is the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Nháp"
	case StatusSubmitted:
		return "Chờ biên tập"
	case StatusReturned:
		return "Trả lại"
	case StatusApproval:
		return "Chờ duyệt"
	case StatusScheduled:
		return "Hẹn giờ đăng"
	case StatusPublished:
		return "Đã đăng"
	case StatusWithdrawn:
		return "Đã gỡ bỏ"
	}
	return string(s)
}

// Article is a news item.
type Article struct {
	ID          int64
	SiteID      int64
	CategoryID  int64
	Title       string
	Slug        string
	Summary     string
	Body        string // sanitised HTML
	Author      string // byline author, e.g. "Kim Thoả"
	Unit        string // byline unit, e.g. "Trung tâm VHTT&TT huyện"
	SourceURL   string // where an imported article came from
	Keywords    string // key words, separated by commas (an imported post's tags); searched
	Status      Status
	Featured    bool
	Photo       Photo // the featured photo; the zero Photo for none
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Version is the edit version read: a workflow step (ApplyChange)
	// writes only over it (else ErrStale), and every write adds one.
	Version int64

	// Workflow (see internal/newsroom).
	OwnerID           int64  // the user who wrote it
	PendingRevisionID int64  // an edit of the published text awaiting approval
	PendingStage      Status // that edit's stage
	ReviewNote        string // the last comment of an editor or approver
	WithdrawnReason   string // why it was withdrawn, for the record (editors, audit log)
	// WithdrawnNotice is what the public page of a withdrawn article tells
	// readers ("" : only that it was withdrawn).
	WithdrawnNotice string
	Replacement     string // where a withdrawn article's address now leads
	Flagged         bool   // force-published: to be reviewed later
	// CorrectedAt is when the public text was last corrected after its
	// publication (a quick correction or an approved edit); the zero time
	// when never. The article page shows it as "Cập nhật lúc …".
	CorrectedAt time.Time
}

// Byline is the credit line printed at the end of an article.
func (a Article) Byline() string {
	switch {
	case a.Author != "" && a.Unit != "":
		return a.Author + " - " + a.Unit
	case a.Author != "":
		return a.Author
	default:
		return a.Unit
	}
}

// Page is a static page such as "Giới thiệu".
type Page struct {
	ID        int64
	SiteID    int64
	Title     string
	Slug      string
	Body      string // sanitised HTML
	Position  int
	InMenu    bool
	UpdatedAt time.Time
	// Version is the edit version read: UpdatePage writes only over it
	// (else ErrPageStale) and adds one.
	Version int64
}

// ArticleFilter selects articles. The zero value of each field means "any".
type ArticleFilter struct {
	SiteID      int64
	SiteIDs     []int64 // several sites: used instead of SiteID when not empty
	CategoryIDs []int64 // any of these categories
	Status      Status
	PublicAt    time.Time // when set: published and PublishedAt <= PublicAt
	Featured    bool      // only featured articles
	ExcludeID   int64
	IDs         []int64 // only these articles (when not empty)
	// Stage matches the article's status or the stage of its pending edit
	// (a published article with an edit awaiting approval is also "approval").
	Stage   Status
	OwnerID int64 // only articles written by this user
	// Text matches articles whose title, byline author or unit contains it,
	// compared folded with vi.Fold (diacritics and case do not matter).
	Text string
	// ByUpdated orders by the last change, newest first, instead of by
	// publication time.
	ByUpdated bool
	Limit     int // 0 means the store's default (20)
	Offset    int
	// After keeps the articles that come after it in the list's order
	// (keyset pagination: as fast deep down as on the first page);
	// Before those that come before it, still returned in the list's
	// order (the page before). Offset is ignored with either.
	After, Before Cursor

	// UpdatedSince, when set, keeps articles changed at or after it and
	// orders the list oldest change first, for harvesting.
	UpdatedSince time.Time
}

// SiteStore persists sites.
type SiteStore interface {
	CreateSite(ctx context.Context, s *Site) error
	// UpdateSite saves s and appends a (when not nil) to the audit log in
	// the same transaction, if s.EditVersion is still the stored edit
	// version (else ErrSiteStale, nothing written); it then adds one to
	// s.EditVersion.
	UpdateSite(ctx context.Context, s *Site, a *audit.Entry) error
	FindSiteByID(ctx context.Context, id int64) (Site, error)
	FindSiteByKey(ctx context.Context, key string) (Site, error)
	FindSites(ctx context.Context) ([]Site, error)
	// SiteVersions returns every site's Versions (Successor left zero),
	// for cache checks.
	SiteVersions(ctx context.Context) (map[int64]Versions, error)
	// FindPageMarks returns the articles of site siteID whose own page
	// changed after the site's Pages counter stood at after, each with
	// the counter's value of its last such change, newest first, at most
	// limit of them.
	FindPageMarks(ctx context.Context, siteID, after int64, limit int) ([]PageMark, error)
	// FindSetting returns the setting key of site siteID (NotFound when
	// it was never saved).
	FindSetting(ctx context.Context, siteID int64, key string) (Setting, error)
	// FindSiteAliases returns every alias host of every site (not the
	// primary hosts, which are Site.Host).
	FindSiteAliases(ctx context.Context) ([]SiteHost, error)
	// FindSettingsByKey returns the setting key of every site that has
	// it (the Directory's module switches and identities).
	FindSettingsByKey(ctx context.Context, key string) ([]Setting, error)
}

// CategoryStore persists categories.
type CategoryStore interface {
	// CreateCategory and UpdateCategory save c and append a (when not
	// nil, naming c when it names nothing) to the audit log in the same
	// transaction.
	CreateCategory(ctx context.Context, c *Category, a *audit.Entry) error
	UpdateCategory(ctx context.Context, c *Category, a *audit.Entry) error
	FindCategoryByID(ctx context.Context, siteID, id int64) (Category, error)
	FindCategoryBySlug(ctx context.Context, siteID int64, slug string) (Category, error)
	// FindCategories returns the site's categories ordered by position, then name.
	FindCategories(ctx context.Context, siteID int64) ([]Category, error)
	// DeleteCategory removes a category that holds no article and no
	// sub-category, with its audit entry a; otherwise it changes nothing
	// and returns apperr.Conflict.
	DeleteCategory(ctx context.Context, siteID, id int64, a *audit.Entry) error
}

// ArticleStore persists articles.
type ArticleStore interface {
	CreateArticle(ctx context.Context, a *Article) error
	UpdateArticle(ctx context.Context, a *Article) error
	FindArticleByID(ctx context.Context, siteID, id int64) (Article, error)
	FindArticleBySlug(ctx context.Context, siteID int64, slug string) (Article, error)
	// ArticleNeighbours returns the public articles of a's category just
	// newer and just older than a, as of now (zero Articles for none).
	ArticleNeighbours(ctx context.Context, a Article, now time.Time) (newer, older Article, err error)
	// RelatedArticles returns up to limit public articles of a's site
	// sharing key words with a, most shared first, reading a bounded
	// window of the site's newest articles.
	RelatedArticles(ctx context.Context, a Article, now time.Time, limit int) ([]Article, error)
	FindArticleBySourceURL(ctx context.Context, siteID int64, url string) (Article, error)
	// FindArticles returns matching articles, newest published first, with
	// their bodies left empty.
	FindArticles(ctx context.Context, f ArticleFilter) ([]Article, error)
	CountArticles(ctx context.Context, f ArticleFilter) (int, error)
}

// PageStore persists static pages.
type PageStore interface {
	// CreatePage and UpdatePage append a (may be nil) to the audit log in
	// the write's transaction. UpdatePage writes only if p.Version is
	// still the stored version (else ErrPageStale, nothing written), then
	// adds one to p.Version.
	CreatePage(ctx context.Context, p *Page, a *audit.Entry) error
	UpdatePage(ctx context.Context, p *Page, a *audit.Entry) error
	FindPageBySlug(ctx context.Context, siteID int64, slug string) (Page, error)
	FindPages(ctx context.Context, siteID int64) ([]Page, error)
}

// Store is everything the content Service needs from a database.
type Store interface {
	SiteStore
	CategoryStore
	ArticleStore
	PageStore
	// Ping reports whether the database can be read.
	Ping(ctx context.Context) error
}
