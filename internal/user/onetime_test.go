package user

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"trangtin/internal/apperr"
)

func TestCreateUserOneTimeAndResetPassword(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	u, pw, err := s.CreateUserOneTime(ctx, "lan@ubnd.gov.vn", "Phạm Thị Lan", RoleReporter, 4)
	if err != nil {
		t.Fatal(err)
	}
	if !u.MustChangePassword || len(pw) != 23 {
		t.Fatalf("created %+v with password %q", u, pw)
	}
	if _, err := s.Authenticate(ctx, "lan@ubnd.gov.vn", pw, "10.0.0.1"); err != nil {
		t.Fatalf("sign in with the one-time password: %v", err)
	}
	_, _, err = s.CreateUserOneTime(ctx, "lan@ubnd.gov.vn", "Lan khác", RoleReporter, 4)
	wantCode(t, err, apperr.Conflict, "")
	_, _, err = s.CreateUserOneTime(ctx, "lan2@ubnd.gov.vn", "", RoleEditor, 4)
	wantCode(t, err, apperr.Invalid, "")

	if err := s.SetPassword(ctx, u.ID, goodPassword); err != nil {
		t.Fatal(err)
	}
	token, _, err := s.StartSession(ctx, u, "10.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	pw2, err := s.ResetPassword(ctx, u.ID)
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
	_, err = s.ResetPassword(ctx, 999)
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

func (s *policyStore) SavePolicy(_ context.Context, siteID int64, p Policy) error {
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
	if p := ps.Get(3); !p.RequireSecondFactor {
		t.Fatalf("Get: %+v", p)
	}
	ps.Get(3)
	if st.reads.Load() != 1 {
		t.Errorf("%d reads within the cache's lifetime, want 1", st.reads.Load())
	}
	// Saved here: applies at once.
	if err := ps.Save(context.Background(), 3, Policy{AllowSelfApproval: true}); err != nil {
		t.Fatal(err)
	}
	if p := ps.Get(3); p != (Policy{AllowSelfApproval: true}) || st.reads.Load() != 1 {
		t.Errorf("after Save: %+v, %d reads", p, st.reads.Load())
	}
	// Changed by another node: seen once the cache expires.
	st.p[3] = Policy{RequireSecondFactor: true}
	now = now.Add(2 * time.Minute)
	if p := ps.Get(3); !p.RequireSecondFactor {
		t.Errorf("after expiry: %+v", p)
	}
	// The store down: the last known policy is kept, and the error reported.
	st.fail.Store(true)
	now = now.Add(2 * time.Minute)
	if p := ps.Get(3); !p.RequireSecondFactor || errs.Load() != 1 {
		t.Errorf("store down: %+v, %d errors", p, errs.Load())
	}
}
