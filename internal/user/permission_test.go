package user

import (
	"fmt"
	"testing"
)

const (
	Y = true
	N = false
)

// c holds the expected answers for one role on one action: {on the site
// the role is held on, on another site, on siteID 0 (platform-level things)}.
type c struct{ same, other, platform bool }

// matrixRow lists, for one action, the expected answer for each role.
type matrixRow struct {
	anonymous, reporter, editor, approver, siteAdmin, admin c
	action                                                  Action
}

// The whole role × action table, written out cell by cell. Site 1 holds
// each role; site 2 is "another site"; site 0 is the platform.
var matrix = map[string][]matrixRow{
	"default policy": {
		// anonymous  reporter    editor      approver    site-admin  admin
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleCreate},
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleEditOwn},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleEditAny},
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleSubmit},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleReturn},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticlePassToApproval},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticlePublish},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleSchedule},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleWithdraw},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleForcePublish},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, ActionArticleApproveOwn},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionCategoryManage},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionMenuManage},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionSiteSettings},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionUserManage},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionAuditView},
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionMediaUpload},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionMediaManage},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionDocumentEdit},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionDocumentPublish},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionQuestionModerate},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionQuestionPublish},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionPersonalDataView},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionScheduleManage},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionConsultationManage},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionRatingView},
	},
	"self-approval allowed": {
		// Only approve_own changes: approvers (on their site) and admins get it.
		// anonymous  reporter    editor      approver    site-admin  admin
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleCreate},
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleEditOwn},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleEditAny},
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleSubmit},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleReturn},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticlePassToApproval},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticlePublish},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleSchedule},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleWithdraw},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleForcePublish},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionArticleApproveOwn}, // changed
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionCategoryManage},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionMenuManage},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionSiteSettings},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionUserManage},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionAuditView},
		{c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionMediaUpload},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionMediaManage},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionDocumentEdit},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionDocumentPublish},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionQuestionModerate},
		{c{N, N, N}, c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionQuestionPublish},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionPersonalDataView},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionScheduleManage},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{N, N, N}, c{Y, Y, Y}, ActionConsultationManage},
		{c{N, N, N}, c{N, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, N, N}, c{Y, Y, Y}, ActionRatingView},
	},
}

func TestCanMatrix(t *testing.T) {
	const site, otherSite = 1, 2
	policies := map[string]Policy{
		"default policy":        {},
		"self-approval allowed": {AllowSelfApproval: true},
	}
	for name, rows := range matrix {
		policy := policies[name]
		seen := map[Action]bool{}
		for _, row := range rows {
			seen[row.action] = true
			perRole := []struct {
				who    string
				ms     []Membership
				expect c
			}{
				{"anonymous", nil, row.anonymous},
				{"reporter", []Membership{{UserID: 1, SiteID: site, Role: RoleReporter}}, row.reporter},
				{"editor", []Membership{{UserID: 1, SiteID: site, Role: RoleEditor}}, row.editor},
				{"approver", []Membership{{UserID: 1, SiteID: site, Role: RoleApprover}}, row.approver},
				{"site-admin", []Membership{{UserID: 1, SiteID: site, Role: RoleSiteAdmin}}, row.siteAdmin},
				{"admin", []Membership{{UserID: 1, SiteID: 0, Role: RoleAdmin}}, row.admin},
			}
			for _, r := range perRole {
				for _, cell := range []struct {
					where  string
					siteID int64
					want   bool
				}{
					{"same site", site, r.expect.same},
					{"other site", otherSite, r.expect.other},
					{"platform", 0, r.expect.platform},
				} {
					t.Run(fmt.Sprintf("%s/%s/%s/%s", name, r.who, row.action, cell.where), func(t *testing.T) {
						if got := Can(r.ms, cell.siteID, row.action, policy); got != cell.want {
							t.Errorf("Can(%s, site %d, %s) = %v, want %v", r.who, cell.siteID, row.action, got, cell.want)
						}
					})
				}
			}
		}
		for _, a := range Actions {
			if !seen[a] {
				t.Errorf("%s: action %s missing from the matrix", name, a)
			}
		}
		if len(rows) != len(Actions) {
			t.Errorf("%s: matrix has %d rows, Actions has %d", name, len(rows), len(Actions))
		}
	}
}

func TestCanMultipleMemberships(t *testing.T) {
	// Reporter on site 1, editor on site 2, site admin and approver on site 3.
	ms := []Membership{
		{UserID: 7, SiteID: 1, Role: RoleReporter},
		{UserID: 7, SiteID: 2, Role: RoleEditor},
		{UserID: 7, SiteID: 3, Role: RoleSiteAdmin},
		{UserID: 7, SiteID: 3, Role: RoleApprover},
	}
	tests := []struct {
		site int64
		a    Action
		want bool
	}{
		{1, ActionArticleCreate, Y},
		{1, ActionArticleEditAny, N},
		{2, ActionArticleEditAny, Y},
		{2, ActionArticlePublish, N},
		{3, ActionArticlePublish, Y},
		{3, ActionUserManage, Y},
		{1, ActionUserManage, N},
		{4, ActionArticleCreate, N},
		{0, ActionAuditView, N},
	}
	for _, tt := range tests {
		if got := Can(ms, tt.site, tt.a, Policy{}); got != tt.want {
			t.Errorf("Can(site %d, %s) = %v, want %v", tt.site, tt.a, got, tt.want)
		}
	}
	// A membership with an admin role but a site id is malformed and grants
	// nothing beyond what the site roles give.
	bad := []Membership{{UserID: 1, SiteID: 5, Role: RoleAdmin}}
	if Can(bad, 5, ActionArticlePublish, Policy{}) {
		t.Error("admin role with a site id must not grant anything")
	}
	if Can(ms, 1, Action("article.delete"), Policy{}) || Can([]Membership{{SiteID: 0, Role: RoleAdmin}}, 1, Action("nope"), Policy{}) {
		t.Error("unknown actions must be refused, even to admins")
	}
}

func TestCanGrant(t *testing.T) {
	admin := []Membership{{UserID: 1, SiteID: 0, Role: RoleAdmin}}
	siteAdmin := []Membership{{UserID: 2, SiteID: 1, Role: RoleSiteAdmin}}
	approver := []Membership{{UserID: 3, SiteID: 1, Role: RoleApprover}}
	tests := []struct {
		name string
		ms   []Membership
		site int64
		role Role
		want bool
	}{
		{"admin grants admin", admin, 0, RoleAdmin, Y},
		{"admin grants approver anywhere", admin, 9, RoleApprover, Y},
		{"admin cannot grant admin on a site", admin, 1, RoleAdmin, N},
		{"admin cannot grant a site role on the platform", admin, 0, RoleEditor, N},
		{"site admin grants approver on own site", siteAdmin, 1, RoleApprover, Y},
		{"site admin grants site-admin on own site", siteAdmin, 1, RoleSiteAdmin, Y},
		{"site admin cannot grant on another site", siteAdmin, 2, RoleReporter, N},
		{"site admin cannot grant admin", siteAdmin, 0, RoleAdmin, N},
		{"approver cannot grant", approver, 1, RoleReporter, N},
		{"anonymous cannot grant", nil, 1, RoleReporter, N},
		{"unknown role", admin, 1, Role("owner"), N},
	}
	for _, tt := range tests {
		if got := CanGrant(tt.ms, tt.site, tt.role); got != tt.want {
			t.Errorf("%s: CanGrant = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNeedsSecondFactor(t *testing.T) {
	on, off := Policy{RequireSecondFactor: true}, Policy{}
	tests := []struct {
		role   Role
		policy Policy
		want   bool
	}{
		{RoleReporter, on, N},
		{RoleEditor, on, N},
		{RoleApprover, on, Y},
		{RoleSiteAdmin, on, Y},
		{RoleAdmin, on, Y},
		{RoleApprover, off, N},
		{RoleAdmin, off, N},
	}
	for _, tt := range tests {
		ms := []Membership{{UserID: 1, SiteID: 1, Role: tt.role}}
		if got := NeedsSecondFactor(ms, tt.policy); got != tt.want {
			t.Errorf("NeedsSecondFactor(%s, %+v) = %v, want %v", tt.role, tt.policy, got, tt.want)
		}
	}
	if NeedsSecondFactor(nil, on) {
		t.Error("no memberships: no second factor required")
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in    string
		want  Role
		label string
	}{
		{"reporter", RoleReporter, "Phóng viên / Cộng tác viên"},
		{"editor", RoleEditor, "Biên tập viên"},
		{" Approver ", RoleApprover, "Phê duyệt (Ban biên tập)"},
		{"site-admin", RoleSiteAdmin, "Quản trị trang"},
		{"admin", RoleAdmin, "Quản trị hệ thống"},
	}
	for _, tt := range tests {
		got, err := ParseRole(tt.in)
		if err != nil || got != tt.want || got.Label() != tt.label {
			t.Errorf("ParseRole(%q) = %q (%q), %v; want %q (%q)", tt.in, got, got.Label(), err, tt.want, tt.label)
		}
	}
	for _, bad := range []string{"", "owner", "siteadmin", "site_admin", "root"} {
		if _, err := ParseRole(bad); err == nil {
			t.Errorf("ParseRole(%q) succeeded", bad)
		}
	}
	for _, a := range Actions {
		if a.Label() == string(a) {
			t.Errorf("action %s has no Vietnamese label", a)
		}
	}
}
