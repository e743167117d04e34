// Package newsroom is the editorial workflow: reporters write and submit,
// editors correct and return or pass on, the editorial board publishes,
// schedules and withdraws. Every save is a revision, every step is in the
// audit log and notifies the next person, and nothing published is ever
// deleted. Editing a published article makes a pending revision that goes
// through the same approval while the published text stays up.
package newsroom

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// Actor is who performs an action.
type Actor struct {
	UserID      int64 // 0 for the system (the scheduler)
	Name        string
	IP          string
	Memberships []user.Membership
}

// System is the scheduler acting on its own.
var System = Actor{Name: "Hệ thống (hẹn giờ)"}

// Draft is the editable text of an article.
type Draft struct {
	CategoryID int64
	Title      string
	Summary    string
	Body       string // HTML, sanitised on save
	Author     string
	Unit       string
	Featured   bool
	Photo      content.Photo // the featured photo
}

// Revision is one saved version of an article's text.
type Revision struct {
	ID        int64
	ArticleID int64
	SiteID    int64
	Number    int
	Draft     Draft
	Stage     content.Status // the stage it was saved in
	SavedBy   int64
	Note      string
	CreatedAt time.Time
}

// Notice is a message in a user's inbox.
type Notice struct {
	ID        int64
	SiteID    int64
	UserID    int64
	ArticleID int64
	Message   string
	CreatedAt time.Time
	ReadAt    time.Time
}

// Change is everything one workflow step writes, applied by the store in a
// single transaction: the article row (created when its ID is 0), an
// optional new revision (numbered by the store; with SetPending the
// article's PendingRevisionID becomes its ID), notices and the audit entry
// (whose empty Object the store sets to "article:<id>").
type Change struct {
	Article    *content.Article
	Revision   *Revision
	SetPending bool
	Notices    []Notice
	Audit      *audit.Entry
	Mail       bool // also queue an e-mail for each notice (the outbox)
}

// Store is what the workflow needs from a database.
type Store interface {
	FindArticleByID(ctx context.Context, siteID, id int64) (content.Article, error)
	FindRevision(ctx context.Context, siteID, id int64) (Revision, error)
	FindRevisions(ctx context.Context, siteID, articleID int64) ([]Revision, error)
	ApplyChange(ctx context.Context, c *Change) error
	// FindDueArticles returns scheduled articles of every site whose time
	// has come (PublishedAt <= now), oldest first.
	FindDueArticles(ctx context.Context, now time.Time, limit int) ([]content.Article, error)
	FindInbox(ctx context.Context, userID int64, limit int) ([]Notice, error)
	// FindSiteInbox is FindInbox for the notices of one site: newest
	// first, at most limit.
	FindSiteInbox(ctx context.Context, userID, siteID int64, limit int) ([]Notice, error)
	MarkNoticeRead(ctx context.Context, userID, id int64, at time.Time) error
	// DeleteWorkingRevisions removes revisions saved before before in a
	// working stage (draft, submitted, returned, approval), except each
	// article's newest revision and any pending one, and returns how many.
	DeleteWorkingRevisions(ctx context.Context, before time.Time) (int, error)
}

// People finds who to notify.
type People interface {
	FindUsers(ctx context.Context, f user.UserFilter) ([]user.User, error)
}

// Service runs the workflow.
type Service struct {
	store   Store
	content *content.Service
	people  People
	policy  func(siteID int64) user.Policy
	now     func() time.Time
	mail    bool
}

// SetMail turns the e-mail copy of every notice on or off (off by default).
func (s *Service) SetMail(on bool) { s.mail = on }

// New returns the workflow over store; content validates and announces
// changes; policy gives each site's rules (nil: the defaults).
func New(store Store, cs *content.Service, people People, policy func(siteID int64) user.Policy) *Service {
	if policy == nil {
		policy = func(int64) user.Policy { return user.Policy{} }
	}
	return &Service{store: store, content: cs, people: people, policy: policy, now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

var errForbidden = apperr.New(apperr.Forbidden, "Bạn không có quyền thực hiện thao tác này với bài viết.")

func (s *Service) can(a Actor, siteID int64, act user.Action) bool {
	return user.Can(a.Memberships, siteID, act, s.policy(siteID))
}

func (d Draft) apply(a *content.Article) {
	a.CategoryID, a.Title, a.Summary, a.Body, a.Author, a.Unit, a.Featured = d.CategoryID, d.Title, d.Summary, d.Body, d.Author, d.Unit, d.Featured
	a.Photo = d.Photo
}

func draftOf(a content.Article) Draft {
	return Draft{CategoryID: a.CategoryID, Title: a.Title, Summary: a.Summary, Body: a.Body, Author: a.Author, Unit: a.Unit, Featured: a.Featured, Photo: a.Photo}
}

// entry is the audit record of a step. For an article not yet created the
// Object is left empty and the store fills in "article:<new id>".
func (s *Service) entry(a Actor, art content.Article, action string, detail map[string]string) *audit.Entry {
	e := &audit.Entry{At: s.now(), SiteID: art.SiteID, ActorID: a.UserID, Actor: a.Name, IP: a.IP, Action: action, Detail: detail}
	if art.ID != 0 {
		e.Object = fmt.Sprintf("article:%d", art.ID)
	}
	return e
}

// apply writes c, retrying with the next free slug if another writer took
// the article's slug in between (content.ErrSlugTaken), and announces the
// change. content.ErrStale, because the article changed since it was read
// (c.Article.Version is the version read; the store writes only over
// that), is returned as is.
func (s *Service) apply(ctx context.Context, c *Change) error {
	c.Mail = s.mail
	for attempt := 0; ; attempt++ {
		slug, err := s.content.FreeSlug(ctx, c.Article)
		if err != nil {
			return err
		}
		c.Article.Slug = slug
		err = s.store.ApplyChange(ctx, c)
		if errors.Is(err, content.ErrSlugTaken) && attempt < 3 {
			continue // the slug was taken meanwhile: the next free one
		}
		if err != nil {
			return err
		}
		s.content.NotifyChanged(c.Article.SiteID)
		return nil
	}
}

// Create starts a new article as a draft owned by a.
func (s *Service) Create(ctx context.Context, a Actor, siteID int64, d Draft) (content.Article, error) {
	if !s.can(a, siteID, user.ActionArticleCreate) {
		return content.Article{}, errForbidden
	}
	art := content.Article{SiteID: siteID, Status: content.StatusDraft, OwnerID: a.UserID}
	d.apply(&art)
	if err := s.content.PrepareArticle(ctx, &art); err != nil {
		return content.Article{}, err
	}
	c := &Change{Article: &art, Revision: &Revision{Draft: draftOf(art), Stage: content.StatusDraft, SavedBy: a.UserID}}
	c.Audit = s.entry(a, art, "article.create", map[string]string{"title": art.Title})
	if err := s.apply(ctx, c); err != nil {
		return content.Article{}, err
	}
	return art, nil
}

// Save stores a new version of the working text. For a published article
// it becomes (or updates) the pending revision; the public text is kept.
func (s *Service) Save(ctx context.Context, a Actor, siteID, id int64, d Draft, note string) (content.Article, error) {
	art, err := s.store.FindArticleByID(ctx, siteID, id)
	if err != nil {
		return art, err
	}
	if !s.mayEdit(a, art) {
		if s.can(a, siteID, user.ActionArticleEditOwn) || s.can(a, siteID, user.ActionArticleEditAny) {
			return art, stageError(art, "sửa")
		}
		return art, errForbidden
	}
	st := stage(art)
	if st == content.StatusScheduled {
		st = content.StatusApproval // an edit needs approving again
	}
	probe := art
	d.apply(&probe)
	if err := s.content.PrepareArticle(ctx, &probe); err != nil {
		return art, err
	}
	rev := &Revision{Draft: draftOf(probe), SavedBy: a.UserID, Note: vi.Text(note)}
	c := &Change{Article: &art, Revision: rev}
	if live(art) {
		if art.PendingRevisionID == 0 {
			st = content.StatusDraft
		}
		art.PendingStage, rev.Stage, c.SetPending = st, st, true
	} else {
		probe.Status = st
		art, rev.Stage = probe, st
		c.Article = &art
	}
	c.Audit = s.entry(a, art, "article.save", map[string]string{"stage": string(st)})
	return art, s.apply(ctx, c)
}

// Submit sends a draft (or a returned article) to the editors.
func (s *Service) Submit(ctx context.Context, a Actor, siteID, id int64) (content.Article, error) {
	art, err := s.store.FindArticleByID(ctx, siteID, id)
	if err != nil {
		return art, err
	}
	if art.OwnerID != a.UserID && !s.can(a, siteID, user.ActionArticleEditAny) {
		return art, errForbidden
	}
	if err := s.checkAlt(ctx, art); err != nil {
		return art, err
	}
	return s.transition(ctx, a, siteID, id, StepSubmit,
		func(art *content.Article, c *Change) error {
			c.Notices = s.notify(ctx, *art, user.RoleEditor, fmt.Sprintf("Bài «%s» chờ biên tập.", art.Title))
			return nil
		})
}

// Return sends the article back to its author with a comment.
func (s *Service) Return(ctx context.Context, a Actor, siteID, id int64, comment string) (content.Article, error) {
	comment = vi.Text(comment)
	if comment == "" {
		return content.Article{}, &apperr.Error{Code: apperr.Invalid, Message: "Vui lòng ghi rõ lý do trả lại để tác giả sửa.", Fields: map[string]string{"comment": "Vui lòng nhập nhận xét."}}
	}
	return s.transition(ctx, a, siteID, id, StepReturn,
		func(art *content.Article, c *Change) error {
			art.ReviewNote = comment
			c.Notices = s.notifyUser(*art, art.OwnerID, fmt.Sprintf("Bài «%s» bị trả lại: %s", art.Title, comment))
			c.Audit = s.entry(a, *art, "article.return", map[string]string{"comment": comment})
			return nil
		})
}

// PassToApproval sends an edited article to the editorial board.
func (s *Service) PassToApproval(ctx context.Context, a Actor, siteID, id int64) (content.Article, error) {
	return s.transition(ctx, a, siteID, id, StepPassToApproval,
		func(art *content.Article, c *Change) error {
			c.Notices = s.notify(ctx, *art, user.RoleApprover, fmt.Sprintf("Bài «%s» chờ duyệt.", art.Title))
			return nil
		})
}

// MsgSelfApprovalOff is why an approver cannot publish their own article
// on a site that does not allow self-approval.
const MsgSelfApprovalOff = "Bạn không thể tự duyệt bài do mình viết: trang này yêu cầu một thành viên khác của Ban biên tập duyệt. Hãy nhờ một thành viên khác của Ban biên tập, hoặc dùng «Đăng bắt buộc» và ghi rõ lý do."

// MsgSelfApprovalConfirm asks for the second confirmation of a
// self-approval.
const MsgSelfApprovalConfirm = "Đây là bài do chính bạn viết: hãy đánh dấu ô xác nhận tự duyệt, rồi bấm lại."

// SelfApprovalNote marks the revision that went live by self-approval.
const SelfApprovalNote = "Tự duyệt (Ban biên tập một người)"

// OwnArticle reports whether a wrote art: approving it is self-approval.
func OwnArticle(a Actor, art content.Article) bool {
	return art.OwnerID == a.UserID && a.UserID != 0
}

// selfApproval refuses an approver publishing their own article unless
// the site allows it (a unit whose editorial board is one person), and
// then only with the second confirmation (confirmed). It reports whether
// the step is a self-approval, to be marked in the audit log and the
// revision.
func (s *Service) selfApproval(a Actor, art content.Article, confirmed bool) (bool, error) {
	if !OwnArticle(a, art) {
		return false, nil
	}
	if !s.can(a, art.SiteID, user.ActionArticleApproveOwn) {
		return false, apperr.New(apperr.Forbidden, MsgSelfApprovalOff)
	}
	if !confirmed {
		return false, &apperr.Error{Code: apperr.Invalid, Message: MsgSelfApprovalConfirm,
			Fields: map[string]string{"self_confirm": "Vui lòng xác nhận bạn tự duyệt bài do chính mình viết."}}
	}
	return true, nil
}

// goLive makes the working text public now or at at. The text that goes
// live is kept as a revision of its own (stage published or scheduled),
// which the retention rule never removes.
func (s *Service) goLive(ctx context.Context, a Actor, c *Change, at time.Time, status content.Status) error {
	if err := s.goLiveText(ctx, c.Article, at, status); err != nil {
		return err
	}
	c.Revision = &Revision{Draft: draftOf(*c.Article), Stage: status, SavedBy: a.UserID}
	return nil
}

func (s *Service) goLiveText(ctx context.Context, art *content.Article, at time.Time, status content.Status) error {
	if art.PendingRevisionID != 0 {
		rev, err := s.store.FindRevision(ctx, art.SiteID, art.PendingRevisionID)
		if err != nil {
			return err
		}
		rev.Draft.apply(art)
		art.PendingRevisionID, art.PendingStage = 0, ""
		if status == content.StatusScheduled {
			return apperr.New(apperr.Invalid, "Bản sửa của bài đã đăng được duyệt và thay thế ngay, không hẹn giờ.")
		}
		art.Status = content.StatusPublished
		art.CorrectedAt = s.now()
		return nil // a corrected article keeps its first publication time
	}
	art.Status = status
	art.PublishedAt = at
	art.WithdrawnReason, art.WithdrawnNotice, art.Replacement = "", "", ""
	return nil
}

// Publish makes the article (or its pending revision) public now. An
// approver's own article needs PublishOwn.
func (s *Service) Publish(ctx context.Context, a Actor, siteID, id int64) (content.Article, error) {
	return s.publish(ctx, a, siteID, id, false)
}

// PublishOwn is Publish with the second confirmation of a self-approval:
// on a site that allows it, an approver publishes an article they wrote,
// marked as such in the audit log ("article.publish_own") and in the
// revision that went live. Another's article publishes as with Publish.
func (s *Service) PublishOwn(ctx context.Context, a Actor, siteID, id int64) (content.Article, error) {
	return s.publish(ctx, a, siteID, id, true)
}

func (s *Service) publish(ctx context.Context, a Actor, siteID, id int64, confirmed bool) (content.Article, error) {
	return s.transition(ctx, a, siteID, id, StepPublish,
		func(art *content.Article, c *Change) error {
			self, err := s.selfApproval(a, *art, confirmed)
			if err != nil {
				return err
			}
			if err := s.goLive(ctx, a, c, s.now(), content.StatusPublished); err != nil {
				return err
			}
			c.Notices = s.notifyUser(*art, art.OwnerID, fmt.Sprintf("Bài «%s» đã được đăng.", art.Title))
			if self {
				c.Revision.Note = SelfApprovalNote
				c.Audit = s.entry(a, *art, "article.publish_own", map[string]string{"self_approval": "true"})
			}
			return nil
		})
}

// Schedule approves the article to go public at at (in the future). An
// approver's own article needs ScheduleOwn.
func (s *Service) Schedule(ctx context.Context, a Actor, siteID, id int64, at time.Time) (content.Article, error) {
	return s.schedule(ctx, a, siteID, id, at, false)
}

// ScheduleOwn is Schedule with the second confirmation of a
// self-approval (see PublishOwn).
func (s *Service) ScheduleOwn(ctx context.Context, a Actor, siteID, id int64, at time.Time) (content.Article, error) {
	return s.schedule(ctx, a, siteID, id, at, true)
}

func (s *Service) schedule(ctx context.Context, a Actor, siteID, id int64, at time.Time, confirmed bool) (content.Article, error) {
	if !at.After(s.now()) {
		return content.Article{}, &apperr.Error{Code: apperr.Invalid, Message: "Thời điểm hẹn giờ phải ở tương lai.", Fields: map[string]string{"at": "Chọn một thời điểm sau bây giờ."}}
	}
	return s.transition(ctx, a, siteID, id, StepSchedule,
		func(art *content.Article, c *Change) error {
			self, err := s.selfApproval(a, *art, confirmed)
			if err != nil {
				return err
			}
			if err := s.goLive(ctx, a, c, at, content.StatusScheduled); err != nil {
				return err
			}
			c.Notices = s.notifyUser(*art, art.OwnerID, fmt.Sprintf("Bài «%s» được hẹn giờ đăng.", art.Title))
			detail := map[string]string{"at": at.UTC().Format(time.RFC3339)}
			action := "article.schedule"
			if self {
				c.Revision.Note = SelfApprovalNote
				detail["self_approval"] = "true"
				action = "article.schedule_own"
			}
			c.Audit = s.entry(a, *art, action, detail)
			return nil
		})
}

// ForcePublish publishes from any stage before approval, with a written
// reason; the article is flagged for later review.
func (s *Service) ForcePublish(ctx context.Context, a Actor, siteID, id int64, reason string) (content.Article, error) {
	reason = vi.Text(reason)
	if utf8.RuneCountInString(reason) < 10 {
		return content.Article{}, &apperr.Error{Code: apperr.Invalid, Message: "Đăng bắt buộc cần ghi rõ lý do (ít nhất 10 ký tự).", Fields: map[string]string{"reason": "Vui lòng ghi lý do."}}
	}
	return s.transition(ctx, a, siteID, id, StepForcePublish,
		func(art *content.Article, c *Change) error {
			if err := s.goLive(ctx, a, c, s.now(), content.StatusPublished); err != nil {
				return err
			}
			art.Flagged = true
			c.Notices = s.notify(ctx, *art, user.RoleApprover, fmt.Sprintf("Bài «%s» được đăng bắt buộc: %s", art.Title, reason))
			c.Audit = s.entry(a, *art, "article.force_publish", map[string]string{"reason": reason})
			return nil
		})
}

// RunDue publishes every scheduled article whose time has come, on every
// site, and returns how many. It is safe to run from several nodes at
// once: an article already published by another is skipped. An article
// that cannot be published does not hold up the others: RunDue goes on
// and returns, with the count, an error naming each one that failed.
func (s *Service) RunDue(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.store.FindDueArticles(ctx, now, 100)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, art := range due {
		if ctx.Err() != nil {
			errs = append(errs, ctx.Err())
			break
		}
		art.Status = workflow[StepPublishDue].to
		c := &Change{Article: &art, Notices: s.notifyUser(art, art.OwnerID, fmt.Sprintf("Bài «%s» đã tự động đăng theo giờ hẹn.", art.Title))}
		c.Audit = s.entry(System, art, "article.publish_scheduled", map[string]string{
			"due": art.PublishedAt.UTC().Format(time.RFC3339), "late": now.Sub(art.PublishedAt).Round(time.Second).String()})
		if err := s.apply(ctx, c); apperr.Is(err, apperr.Conflict) {
			continue // another node published (or someone changed) it first
		} else if err != nil {
			errs = append(errs, fmt.Errorf("site %d article %d due %s: %w", art.SiteID, art.ID, art.PublishedAt.UTC().Format(time.RFC3339), err))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}

// Overdue lists scheduled articles more than grace past their time: the
// scheduler should have published them.
func (s *Service) Overdue(ctx context.Context, grace time.Duration) ([]content.Article, error) {
	return s.store.FindDueArticles(ctx, s.now().Add(-grace), 100)
}

// PruneRevisions applies the retention rule: revisions saved in a working
// stage more than keep ago are removed, except each article's newest and
// any pending one; every text that was published or scheduled is kept for
// good. keep <= 0 keeps everything.
func (s *Service) PruneRevisions(ctx context.Context, keep time.Duration) (int, error) {
	if keep <= 0 {
		return 0, nil
	}
	return s.store.DeleteWorkingRevisions(ctx, s.now().Add(-keep))
}

// Revisions lists an article's saved versions, newest first.
func (s *Service) Revisions(ctx context.Context, a Actor, siteID, id int64) ([]Revision, error) {
	art, err := s.store.FindArticleByID(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if art.OwnerID != a.UserID && !s.can(a, siteID, user.ActionArticleEditAny) {
		return nil, errForbidden
	}
	return s.store.FindRevisions(ctx, siteID, id)
}

// notify builds notices for every user holding role on the article's site.
func (s *Service) notify(ctx context.Context, art content.Article, role user.Role, msg string) []Notice {
	if s.people == nil {
		return nil
	}
	users, err := s.people.FindUsers(ctx, user.UserFilter{SiteID: art.SiteID, Role: role, Limit: 200})
	if err != nil {
		return nil // a missed notice must not block the workflow; the queue lists it anyway
	}
	var out []Notice
	for _, u := range users {
		out = append(out, Notice{SiteID: art.SiteID, UserID: u.ID, ArticleID: art.ID, Message: msg, CreatedAt: s.now()})
	}
	return out
}

func (s *Service) notifyUser(art content.Article, userID int64, msg string) []Notice {
	if userID == 0 {
		return nil
	}
	return []Notice{{SiteID: art.SiteID, UserID: userID, ArticleID: art.ID, Message: msg, CreatedAt: s.now()}}
}

// Inbox returns a user's newest notices.
func (s *Service) Inbox(ctx context.Context, a Actor, limit int) ([]Notice, error) {
	return s.store.FindInbox(ctx, a.UserID, limit)
}

// SiteInbox returns a user's newest notices of one site: an account with
// roles on several sites reads each site's on that site, and a busy site
// never crowds out the notices of a quiet one.
func (s *Service) SiteInbox(ctx context.Context, a Actor, siteID int64, limit int) ([]Notice, error) {
	return s.store.FindSiteInbox(ctx, a.UserID, siteID, limit)
}
