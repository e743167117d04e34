package user

// Action is something a user may be allowed to do on a site.
type Action string

const (
	ActionArticleCreate         Action = "article.create"
	ActionArticleEditOwn        Action = "article.edit_own"
	ActionArticleEditAny        Action = "article.edit_any"
	ActionArticleSubmit         Action = "article.submit"
	ActionArticleReturn         Action = "article.return"
	ActionArticlePassToApproval Action = "article.pass_to_approval"
	ActionArticlePublish        Action = "article.publish"
	ActionArticleSchedule       Action = "article.schedule"
	ActionArticleWithdraw       Action = "article.withdraw"
	ActionArticleForcePublish   Action = "article.force_publish"
	// ActionArticleApproveOwn is needed, on top of publish or schedule, to
	// approve an article one wrote oneself. Nobody holds it unless the site's
	// Policy.AllowSelfApproval is set.
	ActionArticleApproveOwn Action = "article.approve_own"
	ActionCategoryManage    Action = "category.manage"
	ActionMenuManage        Action = "menu.manage"
	ActionSiteSettings      Action = "site.settings"
	ActionUserManage        Action = "user.manage"
	ActionAuditView         Action = "audit.view"
	ActionMediaUpload       Action = "media.upload"
	// ActionMediaManage edits the description and caption of any record of
	// the media library and deletes records no published content shows;
	// whoever uploads edits their own uploads.
	ActionMediaManage Action = "media.manage"

	// The registers and citizen services of issue 5.
	ActionDocumentEdit       Action = "document.edit"       // enter and correct documents (văn bản)
	ActionDocumentPublish    Action = "document.publish"    // publish, supersede or withdraw them
	ActionQuestionModerate   Action = "question.moderate"   // moderate, assign and answer citizens' questions
	ActionQuestionPublish    Action = "question.publish"    // publish answered questions
	ActionPersonalDataView   Action = "personal_data.view"  // see senders' phone, email and address
	ActionScheduleManage     Action = "schedule.manage"     // the leaders' work schedule
	ActionConsultationManage Action = "consultation.manage" // drafts for consultation and their comments
	ActionRatingView         Action = "rating.view"         // satisfaction ratings and visit figures
)

// Actions lists every action.
var Actions = []Action{
	ActionArticleCreate, ActionArticleEditOwn, ActionArticleEditAny, ActionArticleSubmit,
	ActionArticleReturn, ActionArticlePassToApproval, ActionArticlePublish, ActionArticleSchedule,
	ActionArticleWithdraw, ActionArticleForcePublish, ActionArticleApproveOwn,
	ActionCategoryManage, ActionMenuManage, ActionSiteSettings, ActionUserManage,
	ActionAuditView, ActionMediaUpload, ActionMediaManage,
	ActionDocumentEdit, ActionDocumentPublish, ActionQuestionModerate, ActionQuestionPublish,
	ActionPersonalDataView, ActionScheduleManage, ActionConsultationManage, ActionRatingView,
}

// Label is the action's name shown to users, e.g. in the permission table.
func (a Action) Label() string {
	switch a {
	case ActionArticleCreate:
		return "Viết bài mới"
	case ActionArticleEditOwn:
		return "Sửa bài của mình"
	case ActionArticleEditAny:
		return "Sửa bài của người khác"
	case ActionArticleSubmit:
		return "Gửi bài chờ biên tập"
	case ActionArticleReturn:
		return "Trả bài kèm ý kiến"
	case ActionArticlePassToApproval:
		return "Chuyển bài chờ duyệt"
	case ActionArticlePublish:
		return "Duyệt và đăng bài"
	case ActionArticleSchedule:
		return "Hẹn giờ đăng bài"
	case ActionArticleWithdraw:
		return "Gỡ bài đã đăng"
	case ActionArticleForcePublish:
		return "Đăng bài bắt buộc (có ghi lý do)"
	case ActionArticleApproveOwn:
		return "Tự duyệt bài của mình"
	case ActionCategoryManage:
		return "Quản lý chuyên mục"
	case ActionMenuManage:
		return "Quản lý menu"
	case ActionSiteSettings:
		return "Cấu hình thông tin trang"
	case ActionUserManage:
		return "Quản lý người dùng"
	case ActionAuditView:
		return "Xem nhật ký hệ thống"
	case ActionMediaUpload:
		return "Tải lên ảnh và tệp"
	case ActionMediaManage:
		return "Sửa và xóa ảnh, tệp trong thư viện"
	case ActionDocumentEdit:
		return "Nhập và sửa văn bản"
	case ActionDocumentPublish:
		return "Công bố, thay thế và gỡ văn bản"
	case ActionQuestionModerate:
		return "Tiếp nhận, phân công và trả lời câu hỏi"
	case ActionQuestionPublish:
		return "Công khai câu hỏi đã trả lời"
	case ActionPersonalDataView:
		return "Xem thông tin cá nhân của người gửi"
	case ActionScheduleManage:
		return "Quản lý lịch công tác"
	case ActionConsultationManage:
		return "Quản lý lấy ý kiến dự thảo"
	case ActionRatingView:
		return "Xem đánh giá và lượt truy cập"
	}
	return string(a)
}

// Policy holds a site's choices that change what roles may do.
type Policy struct {
	// AllowSelfApproval lets approvers approve articles they wrote
	// themselves. Off by default: an article needs a second pair of eyes.
	AllowSelfApproval bool
	// RequireSecondFactor makes the TOTP second factor mandatory for
	// approvers, site administrators and platform administrators.
	RequireSecondFactor bool
}

var (
	reporterActions = []Action{ActionArticleCreate, ActionArticleEditOwn, ActionArticleSubmit, ActionMediaUpload}
	editorActions   = append(append([]Action{}, reporterActions...),
		ActionArticleEditAny, ActionArticleReturn, ActionArticlePassToApproval,
		ActionDocumentEdit, ActionQuestionModerate, ActionPersonalDataView, ActionScheduleManage,
		ActionConsultationManage, ActionRatingView, ActionMediaManage)
	approverActions = append(append([]Action{}, editorActions...),
		ActionArticlePublish, ActionArticleSchedule, ActionArticleWithdraw, ActionArticleForcePublish,
		ActionArticleApproveOwn, ActionDocumentPublish, ActionQuestionPublish)
	// A site administrator administers: the site's structure, information,
	// people and audit trail. It does not write, edit or publish: publishing
	// is the editorial board's decision, which the law wants recorded as
	// such. A site administrator who also sits on the board is given
	// RoleApprover as a second membership on the same site.
	siteAdminActions = []Action{ActionCategoryManage, ActionMenuManage, ActionSiteSettings, ActionUserManage, ActionAuditView,
		ActionRatingView}
)

// grants is the role × action table. RoleAdmin is handled in Can: it may do
// every action on every site.
var grants = map[Role]map[Action]bool{
	RoleReporter:  set(reporterActions),
	RoleEditor:    set(editorActions),
	RoleApprover:  set(approverActions),
	RoleSiteAdmin: set(siteAdminActions),
}

func set(as []Action) map[Action]bool {
	m := make(map[Action]bool, len(as))
	for _, a := range as {
		m[a] = true
	}
	return m
}

func knownAction(a Action) bool {
	for _, k := range Actions {
		if k == a {
			return true
		}
	}
	return false
}

// Can reports whether a user with the given memberships may do a on the
// site siteID. A role on one site grants nothing on another; RoleAdmin
// (SiteID 0) grants every action on every site, including siteID 0, which
// stands for platform-level things such as the platform audit log.
//
// ActionArticleApproveOwn is refused to everyone, administrators included,
// unless opts.AllowSelfApproval: separating author and approver is a rule of
// the site, not a privilege. An approver or administrator can still
// force-publish, with a written reason that is logged and flagged.
//
// Callers must also check that the account is not disabled; Can looks only
// at memberships.
func Can(memberships []Membership, siteID int64, a Action, opts Policy) bool {
	if !knownAction(a) {
		return false
	}
	if a == ActionArticleApproveOwn && !opts.AllowSelfApproval {
		return false
	}
	for _, m := range memberships {
		if m.Role == RoleAdmin && m.SiteID == 0 {
			return true
		}
		if siteID > 0 && m.SiteID == siteID && grants[m.Role][a] {
			return true
		}
	}
	return false
}

// CanGrant reports whether a user with the given memberships may give (or
// take away) role on siteID. Platform administrators may grant any role;
// a site administrator may grant any role but RoleAdmin on their own site.
func CanGrant(memberships []Membership, siteID int64, role Role) bool {
	if !role.Valid() || role.PlatformWide() != (siteID == 0) {
		return false
	}
	for _, m := range memberships {
		if m.Role == RoleAdmin && m.SiteID == 0 {
			return true
		}
		if m.Role == RoleSiteAdmin && siteID > 0 && m.SiteID == siteID && !role.PlatformWide() {
			return true
		}
	}
	return false
}

// NeedsSecondFactor reports whether the policy makes TOTP mandatory for a
// user with these memberships: approvers, site administrators and platform
// administrators, when policy.RequireSecondFactor is set. A user with
// memberships on several sites should be checked against the policy of each
// (any true means required). Users who turned TOTP on themselves are always
// asked for a code, whatever this returns.
func NeedsSecondFactor(memberships []Membership, policy Policy) bool {
	if !policy.RequireSecondFactor {
		return false
	}
	for _, m := range memberships {
		switch m.Role {
		case RoleApprover, RoleSiteAdmin, RoleAdmin:
			return true
		}
	}
	return false
}
