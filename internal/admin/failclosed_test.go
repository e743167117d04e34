package admin

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"trangtin/internal/user"
)

// flakyPolicies is the database's policy table that can be made to fail
// its reads.
type flakyPolicies struct {
	user.PolicyStore
	fail atomic.Bool
}

func (p *flakyPolicies) FindPolicy(ctx context.Context, siteID int64) (user.Policy, error) {
	if p.fail.Load() {
		return user.Policy{}, errors.New("database is locked")
	}
	return p.PolicyStore.FindPolicy(ctx, siteID)
}

const msgPolicyDown = "không đọc được quy định tài khoản"

// TestPolicyReadErrorFailsClosed: when the account policy cannot be read,
// sign-in and the signed-in area answer 503 with a Vietnamese page; they
// never go on under the zero Policy, which drops the second factor the
// site requires.
func TestPolicyReadErrorFailsClosed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.db.SavePolicy(ctx, f.siteA.ID, user.Policy{RequireSecondFactor: true}); err != nil {
		t.Fatal(err)
	}
	store := &flakyPolicies{PolicyStore: f.db}
	srv, err := New(Deps{Users: f.users, Sites: f.sites, Audit: f.db, Policies: user.NewPolicies(store, 0, nil)})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	f.addUser("duyet@giavien.gov.vn", "Trưởng Ban", user.RoleApprover, f.siteA.ID)
	f.addUser("pv@giavien.gov.vn", "Phóng Viên", user.RoleReporter, f.siteA.ID)

	// The policy unreadable from the start: nothing is cached to fall
	// back on.
	store.fail.Store(true)
	approver := f.client("a.test")
	res := approver.login("duyet@giavien.gov.vn", testPassword, "")
	if res.status == http.StatusSeeOther && res.location() == pathHome {
		t.Errorf("sign-in with the policy unreadable skipped the second factor the site requires")
	}
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, msgPolicyDown) {
		t.Errorf("sign-in with the policy unreadable: %d → %q, want 503 with the message\n%.300s", res.status, res.location(), res.body)
	}
	if res.cookie(CookieName) != nil {
		t.Error("a session was started although the policy could not be read")
	}

	// Readable again: the approver is asked to set up the second factor.
	store.fail.Store(false)
	res = approver.login("duyet@giavien.gov.vn", testPassword, "")
	if res.status != http.StatusSeeOther || res.location() != pathSetup {
		t.Errorf("sign-in with the policy readable: %d → %q, want 303 → %s", res.status, res.location(), pathSetup)
	}
	reporter := f.client("a.test")
	reporter.mustLogin("pv@giavien.gov.vn", pathHome)

	// Unreadable while signed in: every page of the area stops.
	store.fail.Store(true)
	res = reporter.get(pathHome)
	if res.status != http.StatusServiceUnavailable || !strings.Contains(res.body, msgPolicyDown) {
		t.Errorf("the area with the policy unreadable: %d, want 503 with the message", res.status)
	}
	store.fail.Store(false)
	if res := reporter.get(pathHome); res.status != http.StatusOK {
		t.Errorf("the area with the policy readable again: %d", res.status)
	}
}
