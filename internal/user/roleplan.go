package user

import (
	"slices"

	"trangtin/internal/apperr"
)

// RolePlan is how an account comes to hold the roles a form asks for.
type RolePlan struct {
	After       []Membership // the account's memberships once done
	Add, Remove []Membership // the changes; Add first, so a failure halfway never leaves fewer roles than before and after
}

// PlanRoles works out how the account userID, holding current, comes to
// hold on site siteID exactly the roles in want, as asked by the account
// grantorID holding grantor. Only the roles the grantor may grant there
// (CanGrant; RoleAdmin is held on site 0) change: the others stay as they
// are, and asking to change one of them is Forbidden. Memberships on other
// sites are untouched. Refused (Invalid, with a message for the form):
// leaving the account without any role, and the grantor taking away their
// own last right to manage accounts on the site.
func PlanRoles(grantorID int64, grantor []Membership, userID int64, current []Membership, siteID int64, want map[Role]bool) (RolePlan, error) {
	var p RolePlan
	for _, m := range current {
		if m.SiteID != siteID && m.SiteID != 0 {
			p.After = append(p.After, m) // other sites: untouched
		}
	}
	for _, role := range Roles {
		m := Membership{UserID: userID, SiteID: siteID, Role: role}
		if role.PlatformWide() {
			m.SiteID = 0
		}
		had := slices.Contains(current, m)
		switch {
		case !CanGrant(grantor, m.SiteID, role):
			if want[role] && !had {
				return RolePlan{}, apperr.Errorf(apperr.Forbidden, "Bạn không được cấp vai trò “%s”.", role.Label())
			}
			if had {
				p.After = append(p.After, m) // a role the grantor may not touch stays, whatever the form says
			}
		case want[role] == had:
			if had {
				p.After = append(p.After, m)
			}
		case want[role]:
			p.Add = append(p.Add, m)
			p.After = append(p.After, m)
		default:
			p.Remove = append(p.Remove, m)
		}
	}
	if userID == grantorID && len(p.Remove) > 0 && !Can(p.After, siteID, ActionUserManage, Policy{}) {
		return RolePlan{}, apperr.New(apperr.Invalid, "Bạn không thể tự gỡ vai trò quản trị cuối cùng của mình trên trang này: hãy nhờ một quản trị viên khác.")
	}
	if len(p.After) == 0 {
		return RolePlan{}, apperr.New(apperr.Invalid, "Tài khoản phải còn ít nhất một vai trò. Nếu người này không còn làm việc, hãy vô hiệu hoá tài khoản.")
	}
	return p, nil
}
