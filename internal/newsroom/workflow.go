package newsroom

import (
	"context"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// Step is a step of the editorial workflow.
type Step string

// The steps, as the workflow table names them.
const (
	StepSubmit         Step = "submit"
	StepReturn         Step = "return"
	StepPassToApproval Step = "pass_to_approval"
	StepPublish        Step = "publish"
	StepSchedule       Step = "schedule"
	StepForcePublish   Step = "force_publish"
	StepWithdraw       Step = "withdraw"
	StepPublishDue     Step = "publish_due" // the scheduler, at the scheduled time
)

// rule is one row of the workflow table: the right a step needs, the
// stages it may start from and the stage it leads to.
type rule struct {
	need user.Action // "" for the scheduler's own step
	what string      // the step in Vietnamese, for "Không thể …"
	from []content.Status
	to   content.Status
}

// workflow is the editorial state machine, step × stage → stage. The
// stage is the working text's (see stage): the article's own status until
// it is first published, then its pending revision's. Withdraw acts on
// the public text instead, whatever revision is pending; the scheduler's
// step takes a scheduled article (FindDueArticles) live.
//
//	                  draft  submitted  returned  approval  scheduled  published
//	submit            sub.   –          sub.      –         –          –
//	return            –      ret.       –         ret.      –          –
//	pass_to_approval  –      appr.      –         –         –          –
//	publish           –      –          –         publ.     –          –
//	schedule          –      –          –         sched.    –          –
//	force_publish     publ.  publ.      publ.     publ.     publ.      –
//	withdraw          –      –          –         –         –          withdrawn
//	publish_due       –      –          –         –         publ.      –
var workflow = map[Step]rule{
	StepSubmit: {user.ActionArticleSubmit, "gửi biên tập",
		[]content.Status{content.StatusDraft, content.StatusReturned}, content.StatusSubmitted},
	StepReturn: {user.ActionArticleReturn, "trả lại",
		[]content.Status{content.StatusSubmitted, content.StatusApproval}, content.StatusReturned},
	StepPassToApproval: {user.ActionArticlePassToApproval, "chuyển duyệt",
		[]content.Status{content.StatusSubmitted}, content.StatusApproval},
	StepPublish: {user.ActionArticlePublish, "đăng",
		[]content.Status{content.StatusApproval}, content.StatusPublished},
	StepSchedule: {user.ActionArticleSchedule, "hẹn giờ đăng",
		[]content.Status{content.StatusApproval}, content.StatusScheduled},
	StepForcePublish: {user.ActionArticleForcePublish, "đăng bắt buộc",
		[]content.Status{content.StatusDraft, content.StatusSubmitted, content.StatusReturned, content.StatusApproval, content.StatusScheduled}, content.StatusPublished},
	StepWithdraw: {user.ActionArticleWithdraw, "gỡ bỏ",
		[]content.Status{content.StatusPublished}, content.StatusWithdrawn},
	StepPublishDue: {"", "đăng theo giờ hẹn",
		[]content.Status{content.StatusScheduled}, content.StatusPublished},
}

// editable lists, for each editing right, the stages in which it lets
// the working text be changed. A live article without a pending revision
// may always be edited: the edit starts one.
var editable = map[user.Action][]content.Status{
	user.ActionArticleEditAny: {content.StatusDraft, content.StatusSubmitted, content.StatusReturned, content.StatusApproval, content.StatusScheduled},
	user.ActionArticleEditOwn: {content.StatusDraft, content.StatusReturned},
}

// Next is the stage step leads to from stage from, and whether the
// workflow allows the step there at all (rights aside).
func Next(step Step, from content.Status) (content.Status, bool) {
	r, ok := workflow[step]
	if !ok || !in(from, r.from...) {
		return "", false
	}
	return r.to, true
}

// stage is where an article's working text stands: its own status while it
// was never published, or its pending revision's stage after that.
func stage(a content.Article) content.Status {
	if a.PendingRevisionID != 0 {
		return a.PendingStage
	}
	return a.Status
}

// live reports whether the article has a published (or withdrawn) text of
// its own, so that edits go to a pending revision.
func live(a content.Article) bool {
	return a.Status == content.StatusPublished || a.Status == content.StatusWithdrawn
}

func stageError(a content.Article, what string) error {
	return apperr.Errorf(apperr.Conflict, "Không thể %s: bài viết đang ở trạng thái «%s».", what, stage(a).Label())
}

func in(st content.Status, set ...content.Status) bool {
	for _, x := range set {
		if st == x {
			return true
		}
	}
	return false
}

// mayEdit reports whether a may change the working text now.
func (s *Service) mayEdit(a Actor, art content.Article) bool {
	own := art.OwnerID == a.UserID && a.UserID != 0
	st := stage(art)
	switch {
	case s.can(a, art.SiteID, user.ActionArticleEditAny):
		return in(st, editable[user.ActionArticleEditAny]...) || live(art) && art.PendingRevisionID == 0
	case own && s.can(a, art.SiteID, user.ActionArticleEditOwn):
		return in(st, editable[user.ActionArticleEditOwn]...) || live(art) && art.PendingRevisionID == 0
	}
	return false
}

// transition runs the step of the workflow table: it moves the working
// text from one of the rule's stages to its next one, after checking the
// actor's right to act; edit adds the step's own changes.
func (s *Service) transition(ctx context.Context, a Actor, siteID, id int64, step Step,
	edit func(art *content.Article, c *Change) error) (content.Article, error) {
	rule := workflow[step]
	art, err := s.store.FindArticleByID(ctx, siteID, id)
	if err != nil {
		return art, err
	}
	if !s.can(a, siteID, rule.need) {
		return art, errForbidden
	}
	if !in(stage(art), rule.from...) {
		return art, stageError(art, rule.what)
	}
	c := &Change{Article: &art}
	if art.PendingRevisionID != 0 {
		art.PendingStage = rule.to
	} else {
		art.Status = rule.to
	}
	if edit != nil {
		if err := edit(&art, c); err != nil {
			return art, err
		}
	}
	if c.Audit == nil {
		c.Audit = s.entry(a, art, string(rule.need), nil)
	}
	return art, s.apply(ctx, c)
}
