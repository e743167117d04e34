package user

import (
	"fmt"
	"testing"
)

// TestCanOverThreeSites extends the role × action table to three sites
// and to accounts with roles on several: each role (and pairs of roles)
// held on A only, on A and B, or on A with another on B, for every action
// on sites A, B and C. What a role may do on a site it holds comes from
// the single-site table (matrix, "same" column); a role never reaches a
// site it is not held on; MayEnter (who may switch to a site) agrees.
func TestCanOverThreeSites(t *testing.T) {
	const a, b, cc = 11, 12, 13
	sites := []int64{a, b, cc}
	allowed := map[Role]map[Action]bool{}
	for _, row := range matrix["default policy"] {
		for role, cell := range map[Role]c{RoleReporter: row.reporter, RoleEditor: row.editor, RoleApprover: row.approver, RoleSiteAdmin: row.siteAdmin} {
			if allowed[role] == nil {
				allowed[role] = map[Action]bool{}
			}
			allowed[role][row.action] = cell.same
		}
	}
	siteRoles := []Role{RoleReporter, RoleEditor, RoleApprover, RoleSiteAdmin}
	type holding map[int64][]Role
	type tcase struct {
		name string
		h    holding
	}
	var cases []tcase
	for _, r := range siteRoles {
		cases = append(cases, tcase{fmt.Sprintf("%s on A", r), holding{a: {r}}}, tcase{fmt.Sprintf("%s on A and B", r), holding{a: {r}, b: {r}}})
		for _, r2 := range siteRoles {
			if r2 != r {
				cases = append(cases, tcase{fmt.Sprintf("%s on A, %s on B", r, r2), holding{a: {r}, b: {r2}}})
			}
		}
	}
	cases = append(cases, tcase{"site-admin and approver on C", holding{cc: {RoleSiteAdmin, RoleApprover}}})

	n := 0
	for _, tc := range cases {
		var ms []Membership
		for site, roles := range tc.h {
			for _, r := range roles {
				ms = append(ms, Membership{UserID: 9, SiteID: site, Role: r})
			}
		}
		for _, site := range sites {
			if got, want := MayEnter(ms, site), len(tc.h[site]) > 0; got != want {
				t.Errorf("%s: MayEnter(site %d) = %v, want %v", tc.name, site, got, want)
			}
			for _, act := range Actions {
				want := false
				for _, r := range tc.h[site] {
					want = want || allowed[r][act]
				}
				if got := Can(ms, site, act, Policy{}); got != want {
					t.Errorf("%s: Can(site %d, %s) = %v, want %v", tc.name, site, act, got, want)
				}
				n++
			}
		}
	}
	admin := []Membership{{UserID: 1, SiteID: 0, Role: RoleAdmin}}
	for _, site := range sites {
		if !MayEnter(admin, site) {
			t.Errorf("a platform administrator may not enter site %d", site)
		}
		for _, act := range Actions {
			if want := act != ActionArticleApproveOwn; Can(admin, site, act, Policy{}) != want {
				t.Errorf("platform administrator: Can(site %d, %s) != %v", site, act, want)
			}
		}
	}
	if MayEnter(nil, a) || MayEnter([]Membership{{UserID: 1, SiteID: a, Role: RoleEditor}}, 0) {
		t.Error("MayEnter lets in an account without a role, or onto no site")
	}
	t.Logf("%d role × action × site cells", n)
}
