package syndication

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// Service runs syndication between the sites of a directory.
type Service struct {
	store   Store
	content *content.Service
	sites   *content.Directory
	people  newsroom.People
	policy  func(siteID int64) user.Policy
	now     func() time.Time
}

// New returns the service; people finds whom to notify (nil: nobody),
// policy gives each site's rules (nil: the defaults).
func New(store Store, cs *content.Service, sites *content.Directory, people newsroom.People, policy func(int64) user.Policy) *Service {
	if policy == nil {
		policy = func(int64) user.Policy { return user.Policy{} }
	}
	return &Service{store: store, content: cs, sites: sites, people: people, policy: policy, now: time.Now}
}

// SetClock replaces the clock (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// MaxComment bounds a refusal's comment, in characters.
const MaxComment = 2000

var (
	errNoRight = apperr.New(apperr.Forbidden, "Chỉ Ban biên tập (người duyệt bài) của trang mới được đề xuất, chuyển, nhận hoặc từ chối tin liên thông.")
	errNoAdmin = apperr.New(apperr.Forbidden, "Chỉ quản trị viên của trang mới được bật hoặc tắt việc nhận tin từ đơn vị cấp trên.")
)

func (s *Service) can(a newsroom.Actor, siteID int64, act user.Action) bool {
	return user.Can(a.Memberships, siteID, act, s.policy(siteID))
}

func (s *Service) entry(a newsroom.Actor, siteID int64, action string, detail map[string]string) *audit.Entry {
	return &audit.Entry{At: s.now(), SiteID: siteID, ActorID: a.UserID, Actor: a.Name, IP: a.IP, Action: action, Detail: detail}
}

// publicSource reads the article a site offers: it must be public now.
func (s *Service) publicSource(ctx context.Context, siteID, articleID int64) (content.Article, error) {
	art, err := s.content.Store().FindArticleByID(ctx, siteID, articleID)
	if apperr.Is(err, apperr.NotFound) {
		return art, apperr.New(apperr.NotFound, "Không tìm thấy bài viết trên trang này.")
	}
	if err != nil {
		return art, err
	}
	if art.Status != content.StatusPublished || art.PublishedAt.After(s.now()) {
		return art, ErrNotPublished
	}
	return art, nil
}

// activeSite is the site id when it takes offers.
func (s *Service) activeSite(id int64) (*content.Site, error) {
	site := s.sites.ByID(id)
	if site == nil {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy đơn vị nhận tin.")
	}
	if site.State != content.StateActive {
		return nil, apperr.Errorf(apperr.Conflict, "%s không còn hoạt động (%s) nên không nhận tin liên thông.", site.Name, site.State.Label())
	}
	return site, nil
}

// Propose offers a published article of siteID to its parent site.
func (s *Service) Propose(ctx context.Context, a newsroom.Actor, siteID, articleID int64) (Syndication, error) {
	if !s.can(a, siteID, user.ActionArticlePublish) {
		return Syndication{}, errNoRight
	}
	site := s.sites.ByID(siteID)
	if site == nil {
		return Syndication{}, apperr.New(apperr.NotFound, "Không tìm thấy trang.")
	}
	if site.ParentID == 0 {
		return Syndication{}, apperr.New(apperr.Invalid, "Trang này không có đơn vị cấp trên nên không có nơi để đề xuất.")
	}
	parent, err := s.activeSite(site.ParentID)
	if err != nil {
		return Syndication{}, err
	}
	art, err := s.publicSource(ctx, siteID, articleID)
	if err != nil {
		return Syndication{}, err
	}
	syn := &Syndication{SourceSiteID: siteID, SourceArticleID: art.ID, TargetSiteID: parent.ID, Direction: Up, State: Proposed,
		ProposedBy: a.UserID, ProposedAt: s.now(), SourceTitle: art.Title}
	w := &Write{Items: []Item{{S: syn, SourceVersion: art.Version,
		Audit: s.entry(a, siteID, "syndication.propose", map[string]string{"article": fmt.Sprint(art.ID), "to": parent.Key, "title": art.Title})}}}
	w.Notices = s.notify(ctx, parent.ID, fmt.Sprintf("%s đề xuất đăng bài «%s»: xem mục Liên thông tin bài để nhận hoặc từ chối.", site.Name, art.Title))
	if err := s.store.WriteSyndication(ctx, w); err != nil {
		return Syndication{}, err
	}
	return *syn, nil
}

// PushResult says what a push did for each child.
type PushResult struct {
	Copied   []*content.Site // opted in: the copy is published there
	Proposed []*content.Site // not opted in: an offer waits in its inbox
}

// Children lists the active sites directly below siteID.
func (s *Service) Children(siteID int64) []*content.Site {
	site := s.sites.ByID(siteID)
	if site == nil {
		return nil
	}
	var out []*content.Site
	for _, c := range s.sites.Family(site)[1:] {
		if c.ParentID == siteID && c.State == content.StateActive {
			out = append(out, c)
		}
	}
	return out
}

// Push offers a published article of siteID to its children targets (all
// of them when all): each child that opted in gets a published copy at
// once, in the category it chose; any other gets an offer in its inbox.
func (s *Service) Push(ctx context.Context, a newsroom.Actor, siteID, articleID int64, targets []int64, all bool) (PushResult, error) {
	var res PushResult
	if !s.can(a, siteID, user.ActionArticlePublish) {
		return res, errNoRight
	}
	children := s.Children(siteID)
	if len(children) == 0 {
		return res, apperr.New(apperr.Invalid, "Trang này không có đơn vị cấp dưới đang hoạt động để chuyển tin.")
	}
	chosen := children
	if !all {
		chosen = nil
		for _, id := range targets {
			i := slices.IndexFunc(children, func(c *content.Site) bool { return c.ID == id })
			if i < 0 {
				return res, &apperr.Error{Code: apperr.Invalid, Message: "Chỉ chuyển được tin tới đơn vị cấp dưới trực tiếp, đang hoạt động của trang.",
					Fields: map[string]string{"don-vi": "Đơn vị đã chọn không hợp lệ."}}
			}
			if !slices.Contains(chosen, children[i]) {
				chosen = append(chosen, children[i])
			}
		}
	}
	if len(chosen) == 0 {
		return res, &apperr.Error{Code: apperr.Invalid, Message: "Vui lòng chọn ít nhất một đơn vị nhận tin, hoặc chọn «Tất cả đơn vị cấp dưới».",
			Fields: map[string]string{"don-vi": "Chọn ít nhất một đơn vị."}}
	}
	art, err := s.publicSource(ctx, siteID, articleID)
	if err != nil {
		return res, err
	}
	if all {
		// "All children" means those it was not offered to yet.
		done, err := s.OfArticle(ctx, siteID, art.ID)
		if err != nil {
			return res, err
		}
		chosen = slices.DeleteFunc(slices.Clone(chosen), func(c *content.Site) bool {
			return slices.ContainsFunc(done, func(o Syndication) bool { return o.TargetSiteID == c.ID })
		})
		if len(chosen) == 0 {
			return res, apperr.New(apperr.Conflict, "Bài này đã được gửi tới mọi đơn vị cấp dưới.")
		}
	}
	source := s.sites.ByID(siteID)
	w := &Write{}
	for _, child := range chosen {
		syn := &Syndication{SourceSiteID: siteID, SourceArticleID: art.ID, TargetSiteID: child.ID, Direction: Down, State: Proposed,
			ProposedBy: a.UserID, ProposedAt: s.now(), SourceTitle: art.Title}
		it := Item{S: syn, SourceVersion: art.Version,
			Audit: s.entry(a, siteID, "syndication.push", map[string]string{"article": fmt.Sprint(art.ID), "to": child.Key, "title": art.Title})}
		rcv, err := s.store.FindReceiving(ctx, child.ID)
		if err != nil {
			return res, err
		}
		if rcv.On {
			if err := s.prepareCopy(ctx, &it, art, child.ID, rcv.CategoryID, 0); err != nil {
				return res, err
			}
			it.Audit.Detail["copied"] = "opt-in"
			res.Copied = append(res.Copied, child)
		} else {
			w.Notices = append(w.Notices, s.notify(ctx, child.ID, fmt.Sprintf("%s chuyển bài «%s»: xem mục Liên thông tin bài để nhận hoặc từ chối.", source.Name, art.Title))...)
			res.Proposed = append(res.Proposed, child)
		}
		w.Items = append(w.Items, it)
	}
	if err := s.write(ctx, w); err != nil {
		return PushResult{}, err
	}
	return res, nil
}

// prepareCopy makes it accept its offer: a copy of art on siteID, in
// category categoryID (0: the "Tin tỉnh" category), published now by
// decider (0: the site's standing opt-in).
func (s *Service) prepareCopy(ctx context.Context, it *Item, art content.Article, siteID, categoryID, decider int64) error {
	now := s.now()
	cp := &content.Article{SiteID: siteID, CategoryID: categoryID, Title: art.Title, Summary: art.Summary, Body: art.Body,
		Author: art.Author, Unit: art.Unit, Photo: art.Photo, Keywords: art.Keywords, Status: content.StatusPublished,
		PublishedAt: now, OwnerID: decider}
	if categoryID == 0 {
		it.Category = &content.Category{SiteID: siteID, Name: CategoryName, Slug: vi.Slug(CategoryName)}
	}
	slug, err := s.content.FreeSlug(ctx, cp)
	if err != nil {
		return err
	}
	cp.Slug = slug
	it.Copy = cp
	it.Revision = &newsroom.Revision{Draft: newsroom.Draft{CategoryID: categoryID, Title: cp.Title, Summary: cp.Summary, Body: cp.Body,
		Author: cp.Author, Unit: cp.Unit, Photo: cp.Photo}, Stage: content.StatusPublished, SavedBy: decider, Note: "Nhận tin liên thông"}
	it.S.State, it.S.DecidedBy, it.S.DecidedAt, it.S.CategoryID = Accepted, decider, now, categoryID
	return nil
}

// write applies w, taking the next free address of a copy when another
// writer took it meanwhile, and tells the caches of every site it touched.
func (s *Service) write(ctx context.Context, w *Write) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = s.store.WriteSyndication(ctx, w); !errors.Is(err, content.ErrSlugTaken) {
			break
		}
		for _, it := range w.Items {
			if it.Copy != nil {
				it.Copy.Slug = ""
				if it.Copy.Slug, err = s.content.FreeSlug(ctx, it.Copy); err != nil {
					return err
				}
			}
		}
	}
	if err != nil {
		return err
	}
	for _, it := range w.Items {
		if it.Copy != nil {
			s.content.NotifyChanged(it.Copy.SiteID)
		}
	}
	return nil
}

// decided reads an offer to siteID that a may decide on.
func (s *Service) decided(ctx context.Context, a newsroom.Actor, siteID, id int64) (Syndication, error) {
	if !s.can(a, siteID, user.ActionArticlePublish) {
		return Syndication{}, errNoRight
	}
	syn, err := s.store.FindSyndication(ctx, id)
	if err != nil {
		return syn, err
	}
	if syn.TargetSiteID != siteID {
		return syn, ErrNotFound // another site's offer is none of this site's business
	}
	if syn.State != Proposed {
		return syn, ErrHandled
	}
	return syn, nil
}

// Accept takes an offer to siteID: a copy of the source, published now,
// in the site's category categoryID.
func (s *Service) Accept(ctx context.Context, a newsroom.Actor, siteID, id, categoryID int64) (Syndication, error) {
	syn, err := s.decided(ctx, a, siteID, id)
	if err != nil {
		return syn, err
	}
	if _, err := s.content.Store().FindCategoryByID(ctx, siteID, categoryID); err != nil || categoryID == 0 {
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return syn, err
		}
		return syn, &apperr.Error{Code: apperr.Invalid, Message: "Vui lòng chọn một chuyên mục của trang để đăng bài.",
			Fields: map[string]string{"chuyen-muc": "Chọn một chuyên mục có trong trang."}}
	}
	src := s.sites.ByID(syn.SourceSiteID)
	art, err := s.sourceOf(ctx, syn)
	if err != nil {
		return syn, err
	}
	it := Item{S: &syn, SourceVersion: art.Version}
	if err := s.prepareCopy(ctx, &it, art, siteID, categoryID, a.UserID); err != nil {
		return syn, err
	}
	it.Audit = s.entry(a, siteID, "syndication.accept", map[string]string{"article": fmt.Sprint(art.ID), "title": art.Title, "category": fmt.Sprint(categoryID)})
	w := &Write{Items: []Item{it}}
	if src != nil && syn.ProposedBy != 0 {
		w.Notices = []newsroom.Notice{{SiteID: src.ID, UserID: syn.ProposedBy, ArticleID: art.ID, CreatedAt: s.now(),
			Message: fmt.Sprintf("%s đã nhận đăng bài «%s».", s.siteName(siteID), art.Title)}}
	}
	if err := s.write(ctx, w); err != nil {
		return syn, err
	}
	return syn, nil
}

// sourceOf is the offered article, which must still be public.
func (s *Service) sourceOf(ctx context.Context, syn Syndication) (content.Article, error) {
	return s.publicSource(ctx, syn.SourceSiteID, syn.SourceArticleID)
}

// Refuse declines an offer to siteID with a comment the offering site
// reads.
func (s *Service) Refuse(ctx context.Context, a newsroom.Actor, siteID, id int64, comment string) (Syndication, error) {
	comment = vi.Text(comment)
	if comment == "" || len([]rune(comment)) > MaxComment {
		msg := "Vui lòng ghi lý do từ chối để đơn vị gửi tin được biết."
		if comment != "" {
			msg = fmt.Sprintf("Lý do từ chối không được dài quá %d ký tự.", MaxComment)
		}
		return Syndication{}, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"ly-do": msg}}
	}
	syn, err := s.decided(ctx, a, siteID, id)
	if err != nil {
		return syn, err
	}
	syn.State, syn.Comment, syn.DecidedBy, syn.DecidedAt = Refused, comment, a.UserID, s.now()
	it := Item{S: &syn, Audit: s.entry(a, siteID, "syndication.refuse", map[string]string{"article": fmt.Sprint(syn.SourceArticleID), "comment": comment})}
	w := &Write{Items: []Item{it}}
	if syn.ProposedBy != 0 {
		w.Notices = []newsroom.Notice{{SiteID: syn.SourceSiteID, UserID: syn.ProposedBy, ArticleID: syn.SourceArticleID, CreatedAt: s.now(),
			Message: fmt.Sprintf("%s từ chối bài «%s»: %s", s.siteName(siteID), syn.SourceTitle, comment)}}
	}
	return syn, s.store.WriteSyndication(ctx, w)
}

func (s *Service) siteName(id int64) string {
	if site := s.sites.ByID(id); site != nil {
		return site.Name
	}
	return "Đơn vị nhận tin"
}

// notify builds a notice for every approver of siteID.
func (s *Service) notify(ctx context.Context, siteID int64, msg string) []newsroom.Notice {
	if s.people == nil {
		return nil
	}
	users, err := s.people.FindUsers(ctx, user.UserFilter{SiteID: siteID, Role: user.RoleApprover, Limit: 200})
	if err != nil {
		return nil // a missed notice must not block the offer; the inbox lists offers anyway
	}
	var out []newsroom.Notice
	for _, u := range users {
		out = append(out, newsroom.Notice{SiteID: siteID, UserID: u.ID, Message: msg, CreatedAt: s.now()})
	}
	return out
}

// Incoming lists the offers to siteID (state "" for all), newest first,
// for a user who may decide on them.
func (s *Service) Incoming(ctx context.Context, a newsroom.Actor, siteID int64, state State, limit int) ([]Syndication, error) {
	if !s.can(a, siteID, user.ActionArticlePublish) {
		return nil, errNoRight
	}
	return s.store.FindSyndications(ctx, Filter{TargetSiteID: siteID, State: state, Limit: limit})
}

// Outgoing lists the offers siteID made (refusals with their comments).
func (s *Service) Outgoing(ctx context.Context, a newsroom.Actor, siteID int64, limit int) ([]Syndication, error) {
	if !s.can(a, siteID, user.ActionArticlePublish) {
		return nil, errNoRight
	}
	return s.store.FindSyndications(ctx, Filter{SourceSiteID: siteID, Limit: limit})
}

// OfArticle lists the offers made of one article of siteID.
func (s *Service) OfArticle(ctx context.Context, siteID, articleID int64) ([]Syndication, error) {
	out, err := s.store.FindSyndications(ctx, Filter{SourceArticleID: articleID, Limit: 500})
	return slices.DeleteFunc(out, func(x Syndication) bool { return x.SourceSiteID != siteID }), err
}

// Pending counts the offers waiting for siteID's board.
func (s *Service) Pending(ctx context.Context, siteID int64) (int, error) {
	return s.store.CountSyndications(ctx, Filter{TargetSiteID: siteID, State: Proposed})
}

// Receiving is siteID's standing opt-in.
func (s *Service) Receiving(ctx context.Context, siteID int64) (Receiving, error) {
	return s.store.FindReceiving(ctx, siteID)
}

// SetReceiving turns siteID's opt-in on or off; a site administrator's
// decision. categoryID 0 is the "Tin tỉnh" category.
func (s *Service) SetReceiving(ctx context.Context, a newsroom.Actor, siteID int64, r Receiving) error {
	if !s.can(a, siteID, user.ActionSiteSettings) {
		return errNoAdmin
	}
	if r.CategoryID != 0 {
		if _, err := s.content.Store().FindCategoryByID(ctx, siteID, r.CategoryID); apperr.Is(err, apperr.NotFound) {
			return &apperr.Error{Code: apperr.Invalid, Message: "Chuyên mục đã chọn không có trong trang.", Fields: map[string]string{"chuyen-muc": "Chọn một chuyên mục có trong trang."}}
		} else if err != nil {
			return err
		}
	}
	on := "off"
	if r.On {
		on = "on"
	}
	return s.store.SaveReceiving(ctx, siteID, r, s.entry(a, siteID, "syndication.receive", map[string]string{"receive": on, "category": fmt.Sprint(r.CategoryID)}))
}

// CopySource is the original of a copy of siteID; ok is false for an
// article that is no copy, or whose original is not public.
func (s *Service) CopySource(ctx context.Context, siteID, articleID int64) (src Source, site *content.Site, ok bool, err error) {
	src, err = s.store.FindCopySource(ctx, siteID, articleID)
	if errors.Is(err, ErrNotACopy) {
		return src, nil, false, nil
	}
	if err != nil {
		return src, nil, false, err
	}
	site = s.sites.ByID(src.SiteID)
	if site == nil || src.Status != content.StatusPublished {
		return src, nil, false, nil
	}
	return src, site, true, nil
}

// Received lists siteID's public copies received from above.
func (s *Service) Received(ctx context.Context, siteID int64, limit int) ([]content.Article, error) {
	return s.store.FindReceived(ctx, siteID, s.now(), limit)
}
