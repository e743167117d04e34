package user

import (
	"slices"
	"testing"

	"trangtin/internal/apperr"
)

// TestPlanRoles: the rules of a role form, in the user package: only the
// roles the grantor may grant move, the others stay; other sites are left
// alone; an account keeps at least one role; a grantor cannot take away
// their own last right to manage accounts on the site.
func TestPlanRoles(t *testing.T) {
	const site, other = 1, 2
	const adminID, targetID = 10, 20
	siteAdmin := []Membership{{UserID: adminID, SiteID: site, Role: RoleSiteAdmin}}
	m := func(siteID int64, r Role) Membership { return Membership{UserID: targetID, SiteID: siteID, Role: r} }
	set := func(rs ...Role) map[Role]bool {
		out := map[Role]bool{}
		for _, r := range rs {
			out[r] = true
		}
		return out
	}

	// Reporter → editor: one added, one removed, additions listed first.
	p, err := PlanRoles(adminID, siteAdmin, targetID, []Membership{m(site, RoleReporter), m(other, RoleApprover)}, site, set(RoleEditor))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Add, []Membership{m(site, RoleEditor)}) || !slices.Equal(p.Remove, []Membership{m(site, RoleReporter)}) {
		t.Errorf("reporter → editor: add %v, remove %v", p.Add, p.Remove)
	}
	if !slices.Contains(p.After, m(other, RoleApprover)) || !slices.Contains(p.After, m(site, RoleEditor)) || len(p.After) != 2 {
		t.Errorf("after: %v", p.After)
	}

	// A platform role is not a site administrator's to grant…
	if _, err := PlanRoles(adminID, siteAdmin, targetID, []Membership{m(site, RoleReporter)}, site, set(RoleReporter, RoleAdmin)); !apperr.Is(err, apperr.Forbidden) {
		t.Errorf("site admin grants admin: %v, want Forbidden", err)
	}
	// …nor to take away: the form cannot show it, so its absence keeps it.
	p, err = PlanRoles(adminID, siteAdmin, targetID, []Membership{m(site, RoleReporter), m(0, RoleAdmin)}, site, set(RoleReporter))
	if err != nil || len(p.Remove) != 0 || !slices.Contains(p.After, m(0, RoleAdmin)) {
		t.Errorf("platform role kept: %+v, %v", p, err)
	}

	// No role left at all: refused; a role on another site is enough.
	if _, err := PlanRoles(adminID, siteAdmin, targetID, []Membership{m(site, RoleReporter)}, site, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("last role removed: %v, want Invalid", err)
	}
	if p, err := PlanRoles(adminID, siteAdmin, targetID, []Membership{m(site, RoleReporter), m(other, RoleEditor)}, site, nil); err != nil || len(p.Remove) != 1 {
		t.Errorf("last role here, one elsewhere: %+v, %v", p, err)
	}

	// The grantor's own last right to manage accounts here: refused, unless
	// another role still gives it (a platform administrator).
	own := []Membership{{UserID: adminID, SiteID: site, Role: RoleSiteAdmin}, {UserID: adminID, SiteID: site, Role: RoleEditor}}
	if _, err := PlanRoles(adminID, own, adminID, own, site, set(RoleEditor)); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("own last site-admin role removed: %v, want Invalid", err)
	}
	platform := append(slices.Clone(own), Membership{UserID: adminID, SiteID: 0, Role: RoleAdmin})
	if p, err := PlanRoles(adminID, platform, adminID, platform, site, set(RoleEditor, RoleAdmin)); err != nil || len(p.Remove) != 1 {
		t.Errorf("platform admin drops the site role: %+v, %v", p, err)
	}
	// Someone else's site-admin role can go.
	if _, err := PlanRoles(adminID, siteAdmin, targetID, []Membership{m(site, RoleSiteAdmin), m(site, RoleEditor)}, site, set(RoleEditor)); err != nil {
		t.Errorf("another's site-admin role removed: %v", err)
	}
}
