package web

import (
	"html/template"

	"trangtin/internal/content"
)

// Layout is what every public page shows around its content.
type Layout struct {
	Site        content.Site
	Menu        []MenuItem
	Title       string // page title, without the site name
	Description string
	Path        string // this page's path and canonical query
	Prefs       Prefs
	Crumbs      []Crumb

	Origin     string     // scheme and host for absolute links, e.g. "https://giavien.gov.vn"
	Logo       string     // the emblem's asset path, for JSON-LD
	Meta       Meta       // OpenGraph, Dublin Core and JSON-LD details
	Links      []LinkItem // banner links, shown in a strip above the footer
	LinksShown bool       // the page shows them itself (a home block)
	// Column is the right-hand column's blocks (beside the content on a
	// desktop, below it on a phone); nil on pages without it.
	Column  []ColumnPart
	Visits  *VisitFigures  // the footer's counter; nil when not counted
	Archive *ArchiveBanner // the site is an archived public record
	Look    *SiteLook      // the site's identity; nil: the default look
	// Today is the top bar's date, "Thứ hai, 07/12/2026" (Vietnam time),
	// and TodayISO its datetime, "2026-12-07" (see today.go).
	Today, TodayISO string
	// CanonicalURL, when set, is the page's canonical address on another
	// site (a copy received from it names its original).
	CanonicalURL string

	withColumn bool           // the page shows the right column (a cached content page)
	blockIDs   map[string]int // the blocks' heading ids given so far
}

// ColumnPart is a piece of the right column: blocks rendered once per
// change of what they show (HTML), or one rendered with the page
// (Section: the visit counter, whose figures are the page's own).
type ColumnPart struct {
	HTML    template.HTML
	Section *HomeSection
}

// ArchiveBanner is the notice on every page of an archived site.
type ArchiveBanner struct {
	Name, EndedOn string // the site's name; "01/07/2025" or ""
	SuccessorName string // "" when no successor is named
	SuccessorURL  string
}

// msgArchivedForms is what a form of an archived site says instead.
const msgArchivedForms = "Trang thông tin này đã ngừng hoạt động và chỉ còn để tra cứu: không nhận câu hỏi, góp ý hay đánh giá mới."

// MenuItem is one entry of the main menu.
type MenuItem struct {
	Name, URL string
	Current   bool
	External  bool       // leads to another site
	Active    bool       // a sub-item is the current page
	Children  []MenuItem // the sub-menu
}

// Crumb is one step of the breadcrumb trail; the last has no URL.
type Crumb struct{ Name, URL string }

// HomePage is the site's front page.
type HomePage struct {
	Layout
	Sections []HomeSection // the configured blocks, in order
}

// CategoryBlock is a top category with its newest articles, on the home page.
type CategoryBlock struct {
	Category content.Category
	Articles []content.Article
	ID       string // the heading's id
	Title    string
}

// ArticlePage shows one article.
type ArticlePage struct {
	Layout
	Article    content.Article
	Body       template.HTML // sanitised when saved
	SourceHost string
	Copy       *CopyOrigin // the article is a copy received from another site
	// Updated is when the public text was last corrected, "14:05,
	// 12/12/2026" (Vietnam time), shown under the date as "Cập nhật lúc
	// …"; "" when never.
	Updated, UpdatedISO string
	Others              []content.Article
	Rating              *RatingWidget // the satisfaction rating form
	// Newer and Older are the category's neighbours (zero: none);
	// Related share key words with the article.
	Newer, Older content.Article
	Related      []content.Article
	// Views is the article's view count as of the render, "1.234"; ""
	// when views are not counted. A cached page keeps it until the
	// site's articles change (see README, "Lượt xem").
	Views string
	Share ShareLinks
}

// ShareLinks are plain links: nothing of another site loads before a
// click.
type ShareLinks struct {
	URL      string // the article's absolute address
	Facebook string
	Zalo     string
}

// SavedArticle is the stand-alone file a visitor saves.
type SavedArticle struct {
	Site    content.Site
	Article content.Article
	Body    template.HTML
	URL     string
}

// CategoryPage lists a category's articles, a page at a time.
type CategoryPage struct {
	Layout
	Category content.Category
	Children []content.Category
	Articles []content.Article
	Pager    Pager
}

// Pager is the pagination of a listing.
type Pager struct {
	Page, Pages, Total int
	PrevURL, NextURL   string
	Links              []PageLink
	Noun               string // what the list counts ("bài viết"); "" shows no total
}

// PageLink is one numbered link of a Pager.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// StaticPage shows a static page.
type StaticPage struct {
	Layout
	Page content.Page
	Body template.HTML
}

// ErrorPage explains an error in Vietnamese.
type ErrorPage struct {
	Layout
	Heading string
	Message string
}

// ArchivedForms is what a form of an archived site says instead.
func (Layout) ArchivedForms() string { return msgArchivedForms }
