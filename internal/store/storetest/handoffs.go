package storetest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/user"
)

// HandoffStores is a store of accounts, sessions and sign-in attempts
// that also keeps the site switcher's handoffs.
type HandoffStores interface {
	UserStores
	user.HandoffStore
}

// RunHandoffs runs the conformance suite of user.HandoffStore against
// fresh, empty, migrated stores made by open, and the handoff rules of
// user.Service over it, with two Services on the one store standing for
// two nodes.
func RunHandoffs(t *testing.T, open func(t *testing.T) HandoffStores) {
	t.Run("Store", func(t *testing.T) { testHandoffStore(t, open(t)) })
	t.Run("ConcurrentUse", func(t *testing.T) { testHandoffConcurrentUse(t, open(t)) })
	t.Run("AcrossNodes", func(t *testing.T) { testHandoffAcrossNodes(t, open(t)) })
}

func testHandoffStore(t *testing.T, s HandoffStores) {
	u := newUser(t, s, "chuyen.trang@ubnd.gov.vn", "Người Chuyển Trang")
	fine := time.Date(2025, 3, 10, 15, 4, 5, 123456789, ict)
	h := user.Handoff{TokenHash: "aa01", UserID: u.ID, SiteID: 7, FromSiteID: 3, FromSession: "bb02",
		CreatedAt: fine, ExpiresAt: fine.Add(user.HandoffLifetime)}
	must(t, s.CreateHandoff(ctx, h), "CreateHandoff")
	got, err := s.UseHandoff(ctx, "aa01")
	must(t, err, "UseHandoff")
	want := h
	want.CreatedAt, want.ExpiresAt = fine.UTC().Truncate(time.Microsecond), h.ExpiresAt.UTC().Truncate(time.Microsecond)
	want.Used = true
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("UseHandoff (-want +got):\n%s", diff)
	}
	wantTime(t, "CreatedAt", got.CreatedAt, fine)
	if again, err := s.UseHandoff(ctx, "aa01"); !errors.Is(err, user.ErrHandoffUsed) || again != got {
		t.Errorf("UseHandoff a second time: %+v, %v; want the handoff with ErrHandoffUsed", again, err)
	}
	if _, err := s.UseHandoff(ctx, "ffff"); !errors.Is(err, user.ErrHandoffNotFound) {
		t.Errorf("UseHandoff unknown: %v, want ErrHandoffNotFound", err)
	}

	// Expired ones are forgotten, live ones kept; a user's all go.
	for i, exp := range []time.Time{uBase, uBase.Add(time.Minute), uBase.Add(time.Hour)} {
		hash := string(rune('c'+i)) + "0"
		must(t, s.CreateHandoff(ctx, user.Handoff{TokenHash: hash, UserID: u.ID, SiteID: 1, FromSession: "x", CreatedAt: uBase, ExpiresAt: exp}), "CreateHandoff "+hash)
	}
	n, err := s.DeleteHandoffsBefore(ctx, uBase.Add(time.Minute))
	must(t, err, "DeleteHandoffsBefore")
	if n != 2 { // c0 and d0 (at the bound); not e0, nor aa01 (08:05:05 UTC)
		t.Errorf("DeleteHandoffsBefore removed %d, want 2", n)
	}
	if _, err := s.UseHandoff(ctx, "c0"); !errors.Is(err, user.ErrHandoffNotFound) {
		t.Errorf("an expired handoff was kept: %v", err)
	}
	must(t, s.DeleteUserHandoffs(ctx, u.ID), "DeleteUserHandoffs")
	if _, err := s.UseHandoff(ctx, "e0"); !errors.Is(err, user.ErrHandoffNotFound) {
		t.Errorf("DeleteUserHandoffs kept one: %v", err)
	}
}

// testHandoffConcurrentUse redeems one handoff from many goroutines at
// once: exactly one gets it.
func testHandoffConcurrentUse(t *testing.T, s HandoffStores) {
	u := newUser(t, s, "dong.thoi@ubnd.gov.vn", "Đồng Thời")
	must(t, s.CreateHandoff(ctx, user.Handoff{TokenHash: "9999", UserID: u.ID, SiteID: 2, FromSession: "x", CreatedAt: uBase, ExpiresAt: uBase.Add(time.Minute)}), "CreateHandoff")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.UseHandoff(ctx, "9999")
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, user.ErrHandoffUsed):
			t.Errorf("concurrent UseHandoff: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d concurrent UseHandoff got the handoff, want 1", ok, n)
	}
}

// testHandoffAcrossNodes issues a handoff on one Service and redeems it
// on another over the same store, as two nodes would.
func testHandoffAcrossNodes(t *testing.T, s HandoffStores) {
	clock := &uClock{t: uBase}
	a := user.NewService(s, s, s, clock.Now)
	b := user.NewService(s, s, s, clock.Now)
	u := newUser(t, s, "hai.nut@ubnd.gov.vn", "Hai Nút")
	must(t, s.SetMembership(ctx, user.Membership{UserID: u.ID, SiteID: 1, Role: user.RoleEditor}, nil), "SetMembership 1")
	must(t, s.SetMembership(ctx, user.Membership{UserID: u.ID, SiteID: 2, Role: user.RoleReporter}, nil), "SetMembership 2")
	_, from, err := a.StartSession(ctx, u, "203.0.113.5", "ua")
	must(t, err, "StartSession")
	token, err := a.IssueHandoff(ctx, u, from, 1, 2)
	must(t, err, "IssueHandoff")
	clock.Advance(30 * time.Second)
	got, err := b.RedeemHandoff(ctx, token, 2, 0, "203.0.113.5", "ua")
	must(t, err, "RedeemHandoff on the other node")
	if got.User.ID != u.ID || got.Token == "" || got.Session.UserID != u.ID || got.Handoff.FromSiteID != 1 {
		t.Errorf("RedeemHandoff: %+v", got)
	}
	if !got.Session.ExpiresAt.Equal(from.ExpiresAt) {
		t.Errorf("the new session ends %v, after the source session's %v", got.Session.ExpiresAt, from.ExpiresAt)
	}
	if _, err := a.SessionByToken(ctx, got.Token); err != nil {
		t.Errorf("the new session is not found by the first node: %v", err)
	}
	if _, err := a.RedeemHandoff(ctx, token, 2, 0, "203.0.113.5", "ua"); !errors.Is(err, user.ErrHandoffUsed) {
		t.Errorf("redeemed twice across nodes: %v", err)
	}
}
