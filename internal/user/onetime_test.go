package user

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"trangtin/internal/audit"

	"trangtin/internal/apperr"
)

func TestCreateUserOneTimeAndResetPassword(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	u, pw, err := s.CreateUserOneTime(ctx, "lan@ubnd.gov.vn", "Phạm Thị Lan", RoleReporter, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !u.MustChangePassword || len(pw) != 23 {
		t.Fatalf("created %+v with password %q", u, pw)
	}
	if _, err := s.Authenticate(ctx, "lan@ubnd.gov.vn", pw, "10.0.0.1"); err != nil {
		t.Fatalf("sign in with the one-time password: %v", err)
	}
	_, _, err = s.CreateUserOneTime(ctx, "lan@ubnd.gov.vn", "Lan khác", RoleReporter, 4, nil)
	wantCode(t, err, apperr.Conflict, "")
	_, _, err = s.CreateUserOneTime(ctx, "lan2@ubnd.gov.vn", "", RoleEditor, 4, nil)
	wantCode(t, err, apperr.Invalid, "")

	if err := s.SetPassword(ctx, u.ID, goodPassword, nil); err != nil {
		t.Fatal(err)
	}
	token, _, err := s.StartSession(ctx, u, "10.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	pw2, err := s.ResetPassword(ctx, u.ID, 0, nil)
	if err != nil || pw2 == pw || len(pw2) != 23 {
		t.Fatalf("reset: %q, %v", pw2, err)
	}
	if _, err := s.SessionByToken(ctx, token); err == nil {
		t.Error("the sessions survived the reset")
	}
	if _, err := s.Authenticate(ctx, "lan@ubnd.gov.vn", goodPassword, "10.0.0.1"); err == nil {
		t.Error("the old password still works")
	}
	got, err := s.Authenticate(ctx, "lan@ubnd.gov.vn", pw2, "10.0.0.1")
	if err != nil || !got.MustChangePassword {
		t.Errorf("new one-time password: %v, must change %v", err, got.MustChangePassword)
	}
	_, err = s.ResetPassword(ctx, 999, 0, nil)
	wantCode(t, err, apperr.NotFound, "")
}

// policyStore counts reads and can fail.
type policyStore struct {
	reads atomic.Int32
	fail  atomic.Bool
	p     map[int64]Policy
}

func (s *policyStore) FindPolicy(_ context.Context, siteID int64) (Policy, error) {
	s.reads.Add(1)
	if s.fail.Load() {
		return Policy{}, errors.New("database down")
	}
	return s.p[siteID], nil
}

func (s *policyStore) SavePolicy(_ context.Context, siteID int64, p Policy, _ *audit.Entry) error {
	if s.fail.Load() {
		return errors.New("database down")
	}
	s.p[siteID] = p
	return nil
}

func TestPoliciesCache(t *testing.T) {
	st := &policyStore{p: map[int64]Policy{3: {RequireSecondFactor: true}}}
	var errs atomic.Int32
	ps := NewPolicies(st, time.Minute, func(error) { errs.Add(1) })
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ps.now = func() time.Time { return now }
	get := func() Policy {
		t.Helper()
		p, err := ps.Get(3)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		return p
	}
	if p := get(); !p.RequireSecondFactor {
		t.Fatalf("Get: %+v", p)
	}
	get()
	if st.reads.Load() != 1 {
		t.Errorf("%d reads within the cache's lifetime, want 1", st.reads.Load())
	}
	// Saved here: applies at once.
	if err := ps.Save(context.Background(), 3, Policy{AllowSelfApproval: true}, nil); err != nil {
		t.Fatal(err)
	}
	if p := get(); p != (Policy{AllowSelfApproval: true}) || st.reads.Load() != 1 {
		t.Errorf("after Save: %+v, %d reads", p, st.reads.Load())
	}
	// Changed by another node: seen once the cache expires.
	st.p[3] = Policy{RequireSecondFactor: true}
	now = now.Add(2 * time.Minute)
	if p := get(); !p.RequireSecondFactor {
		t.Errorf("after expiry: %+v", p)
	}
}

// TestPoliciesFailClosed: a policy that cannot be read is an Unavailable
// error (the request stops with 503), never the zero Policy, which would
// drop a required second factor; yes/no callers get the strictest policy.
func TestPoliciesFailClosed(t *testing.T) {
	st := &policyStore{p: map[int64]Policy{3: {RequireSecondFactor: true}}}
	var errs atomic.Int32
	ps := NewPolicies(st, time.Minute, func(error) { errs.Add(1) })
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ps.now = func() time.Time { return now }
	if p, err := ps.Get(3); err != nil || !p.RequireSecondFactor {
		t.Fatalf("Get: %+v %v", p, err)
	}
	st.fail.Store(true)
	// Within the cache's lifetime the policy read before still holds.
	if p, err := ps.Get(3); err != nil || !p.RequireSecondFactor {
		t.Errorf("cached, store down: %+v %v", p, err)
	}
	now = now.Add(2 * time.Minute)
	for _, site := range []int64{3, 4} { // expired, and never read
		p, err := ps.Get(site)
		if !apperr.Is(err, apperr.Unavailable) || apperr.MessageOf(err) == apperr.DefaultMessage(apperr.Unavailable) {
			t.Errorf("site %d, store down: %+v %v, want Unavailable with its own message", site, p, err)
		}
		if got := ps.GetOrStrictest(site); got != Strictest || !got.RequireSecondFactor || got.AllowSelfApproval {
			t.Errorf("site %d, store down: GetOrStrictest %+v", site, got)
		}
	}
	if errs.Load() != 4 {
		t.Errorf("%d errors reported, want 4", errs.Load())
	}
}

// TestMakeSiteAdmin: a new address gets an account with a one-time
// password and the site administrator's role (a name made from a long
// site name cut to fit), an existing account gets the role and no
// password, a bad address is refused before anything is written.
func TestMakeSiteAdmin(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	long := "Quản trị " + strings.Repeat("Trang thông tin điện tử xã ", 10)
	u, pw, err := s.MakeSiteAdmin(ctx, " QT@GiaHung.gov.vn ", long, 7, &audit.Entry{Actor: "nentang"})
	if err != nil || pw == "" || !u.MustChangePassword || u.Email != "qt@giahung.gov.vn" || len([]rune(u.Name)) != MaxName {
		t.Fatalf("new account %+v %q %v", u, pw, err)
	}
	if ms, err := s.FindMemberships(ctx, u.ID); err != nil || len(ms) != 1 || ms[0].Role != RoleSiteAdmin || ms[0].SiteID != 7 {
		t.Fatalf("memberships %+v %v", ms, err)
	}
	again, pw2, err := s.MakeSiteAdmin(ctx, "qt@giahung.gov.vn", "Khác", 8, nil)
	if err != nil || pw2 != "" || again.ID != u.ID {
		t.Fatalf("existing account %+v %q %v", again, pw2, err)
	}
	if ms, err := s.FindMemberships(ctx, u.ID); err != nil || len(ms) != 2 {
		t.Fatalf("memberships after the second site %+v %v", ms, err)
	}
	_, _, err = s.MakeSiteAdmin(ctx, "qt@", "Ai đó", 7, nil)
	wantCode(t, err, apperr.Invalid, "")
}
