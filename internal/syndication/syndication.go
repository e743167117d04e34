// Package syndication shares published articles between the sites of a
// province (issue 11, item 7). A site's editorial board proposes one of
// its published articles to its parent site; the parent (a province
// portal) pushes one of its own down to chosen or all of its children.
// Nothing appears on a site without an action of that site's editorial
// board or its standing opt-in ("Nhận tin từ đơn vị cấp trên"): an offer
// waits in the receiving board's inbox until it is accepted, into a
// category of that site's choosing, or refused with a comment the
// offering site reads. An accepted offer is a copy: an article of the
// receiving site, published by that acceptance, that names its source
// ("Nguồn: …", a canonical link to the original). A correction of the
// source (a new published text) reaches every copy, and withdrawing the
// source withdraws them, in the source change's own transaction (the
// store calls Correct and Withdraw from its workflow write).
package syndication

import (
	"context"
	"fmt"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
)

// Direction is which way an offer goes between a site and its parent.
type Direction string

const (
	Up   Direction = "up"   // a site proposes to its parent
	Down Direction = "down" // a parent pushes to a child
)

// State is where an offer stands.
type State string

const (
	Proposed State = "proposed" // waits for the receiving board
	Accepted State = "accepted" // the receiving site holds a copy
	Refused  State = "refused"  // refused, with a comment
)

// Label is the state in Vietnamese.
func (s State) Label() string {
	switch s {
	case Proposed:
		return "Chờ xử lý"
	case Accepted:
		return "Đã nhận"
	case Refused:
		return "Từ chối"
	}
	return string(s)
}

// Syndication is one offer of a published article of SourceSiteID to
// TargetSiteID.
type Syndication struct {
	ID              int64
	SourceSiteID    int64
	SourceArticleID int64
	TargetSiteID    int64
	Direction       Direction
	State           State
	CopyArticleID   int64 // the receiving site's copy, once accepted
	CategoryID      int64 // the copy's category, once accepted
	Comment         string
	ProposedBy      int64
	ProposedAt      time.Time
	DecidedBy       int64 // 0: the receiving site's standing opt-in
	DecidedAt       time.Time
	UpdatedAt       time.Time // when a correction last reached the copy

	// Read with the offer (not written): the source article as it is now.
	SourceTitle  string
	SourceSlug   string
	SourceStatus content.Status
}

// Filter selects offers; zero fields match any.
type Filter struct {
	SourceSiteID    int64
	TargetSiteID    int64
	SourceArticleID int64
	State           State
	Limit           int // 0: 50
}

// Source is what the public page of a copy shows about its original.
type Source struct {
	SiteID    int64 // the site that holds the original now
	ArticleID int64
	Slug      string
	Status    content.Status
	UpdatedAt time.Time // when a correction last reached the copy
}

// Receiving is a site's standing opt-in to what its parent pushes.
type Receiving struct {
	On         bool
	CategoryID int64 // 0: the site's "Tin tỉnh" category, created on first need
}

// Write is everything one action writes, applied by the store in a single
// transaction: new offers (ID 0) and decisions on proposed ones, with the
// copies they create, the inbox notices and one audit entry an item.
type Write struct {
	Items   []Item
	Notices []newsroom.Notice
}

// Item is one offer written. A decided offer (S.ID set) is written only
// while it is still proposed, else ErrHandled. When Copy is set the source
// article must still be published at SourceVersion (else ErrSourceChanged
// or ErrNotPublished); Copy is then created, published, with Revision as
// its first revision, and S.CopyArticleID set. When Copy.CategoryID is 0,
// Category (by its slug) is used, created when the site lacks it.
type Item struct {
	S             *Syndication
	SourceVersion int64
	Copy          *content.Article
	Revision      *newsroom.Revision
	Category      *content.Category
	Audit         *audit.Entry // Object "syndication:<id>" when empty
}

// Store is what syndication needs from a database.
type Store interface {
	FindSyndication(ctx context.Context, id int64) (Syndication, error)
	FindSyndications(ctx context.Context, f Filter) ([]Syndication, error)
	CountSyndications(ctx context.Context, f Filter) (int, error)
	WriteSyndication(ctx context.Context, w *Write) error
	// FindCopySource returns the original of the copy copyID of siteID,
	// ErrNotACopy when it is none.
	FindCopySource(ctx context.Context, siteID, copyID int64) (Source, error)
	// FindReceived lists the site's public copies received from above
	// (pushed down or proposed down and accepted), newest first.
	FindReceived(ctx context.Context, siteID int64, publicAt time.Time, limit int) ([]content.Article, error)
	FindReceiving(ctx context.Context, siteID int64) (Receiving, error)
	SaveReceiving(ctx context.Context, siteID int64, r Receiving, a *audit.Entry) error
}

// The errors a store returns that callers tell apart, each with the
// sentence the user reads.
var (
	ErrNotFound      = apperr.New(apperr.NotFound, "Không tìm thấy đề xuất liên thông.")
	ErrNotACopy      = apperr.New(apperr.NotFound, "Bài viết này không phải bản liên thông.")
	ErrHandled       = apperr.New(apperr.Conflict, "Đề xuất này đã được xử lý trước đó; không thể nhận hoặc từ chối lại.")
	ErrDuplicate     = apperr.New(apperr.Conflict, "Bài viết này đã được gửi tới đơn vị đó rồi; mỗi bài chỉ gửi một lần tới mỗi đơn vị.")
	ErrNotPublished  = apperr.New(apperr.Conflict, "Chỉ liên thông được bài đang đăng công khai; bài này chưa đăng hoặc đã gỡ.")
	ErrSourceChanged = apperr.New(apperr.Conflict, "Bài gốc vừa được sửa hoặc gỡ trong lúc bạn thao tác. Vui lòng tải lại trang và thử lại.")
)

// CategoryName is the receiving site's default category of articles from
// above, created when first needed.
const CategoryName = "Tin tỉnh"

// maxDepth bounds how far a change travels along copies of copies (a
// commune's article accepted by the province and pushed on to communes).
const MaxDepth = 4

// Correct makes copy carry the new public text of src, keeping the
// copy's own site, category, address and status (a copy its own board
// withdrew stays withdrawn), and returns the copy's revision of it.
func Correct(copy *content.Article, src content.Article, at time.Time) *newsroom.Revision {
	copy.Title, copy.Summary, copy.Body = src.Title, src.Summary, src.Body
	copy.Author, copy.Unit, copy.Photo, copy.Keywords = src.Author, src.Unit, src.Photo, src.Keywords
	copy.CorrectedAt = at
	return &newsroom.Revision{
		Draft: newsroom.Draft{CategoryID: copy.CategoryID, Title: copy.Title, Summary: copy.Summary, Body: copy.Body,
			Author: copy.Author, Unit: copy.Unit, Featured: copy.Featured, Photo: copy.Photo},
		Stage: copy.Status, Note: "Cập nhật theo bản đính chính của bài gốc", CreatedAt: at,
	}
}

// Withdraw takes a published copy down because its source was, and
// reports whether it changed (a copy not published is left alone).
func Withdraw(copy *content.Article, src content.Article) bool {
	if copy.Status != content.StatusPublished {
		return false
	}
	copy.Status = content.StatusWithdrawn
	copy.WithdrawnReason = "Bài gốc đã được gỡ bỏ"
	if src.WithdrawnReason != "" {
		copy.WithdrawnReason += ": " + src.WithdrawnReason
	}
	copy.WithdrawnNotice = "Bài gốc đã được gỡ bỏ."
	if src.WithdrawnNotice != "" {
		copy.WithdrawnNotice = "Bài gốc đã được gỡ bỏ: " + src.WithdrawnNotice
	}
	copy.Replacement = ""
	return true
}

// PropagationAudit is the audit entry of a change carried to a copy:
// by whoever changed the source (cause), on the copy's site.
func PropagationAudit(cause *audit.Entry, copy content.Article, src content.Article, withdrawn bool) *audit.Entry {
	e := &audit.Entry{SiteID: copy.SiteID, Object: fmt.Sprintf("article:%d", copy.ID), Action: "syndication.correct",
		Detail: map[string]string{"source_article": fmt.Sprint(src.ID), "source_site": fmt.Sprint(src.SiteID)}}
	if withdrawn {
		e.Action = "syndication.withdraw"
	}
	if cause != nil {
		e.At, e.ActorID, e.Actor, e.IP = cause.At, cause.ActorID, cause.Actor, cause.IP
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	return e
}
