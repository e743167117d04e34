package user

import (
	"context"
	"sync"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// PolicyStore persists each site's Policy; siteID 0 holds the platform's,
// which applies to platform administrators.
type PolicyStore interface {
	// FindPolicy returns the site's stored policy, or the zero Policy when
	// none was ever saved (never apperr.NotFound).
	FindPolicy(ctx context.Context, siteID int64) (Policy, error)
	// SavePolicy stores the site's policy, replacing the previous one, and
	// appends a (when not nil) to the audit log in the same transaction.
	SavePolicy(ctx context.Context, siteID int64, p Policy, a *audit.Entry) error
}

// Policies reads the stored policies through a short-lived cache, so the
// admin area can ask on every request without a query each time. A change
// saved through Save applies at once on this node, within the cache's
// lifetime on the others.
type Policies struct {
	store  PolicyStore
	ttl    time.Duration
	now    func() time.Time
	onErr  func(error)
	mu     sync.Mutex
	cached map[int64]cachedPolicy
}

type cachedPolicy struct {
	p  Policy
	at time.Time
}

// NewPolicies reads policies from store, keeping each for ttl. onErr, when
// set, hears about a store that cannot be read.
func NewPolicies(store PolicyStore, ttl time.Duration, onErr func(error)) *Policies {
	return &Policies{store: store, ttl: ttl, now: time.Now, onErr: onErr, cached: map[int64]cachedPolicy{}}
}

// msgPolicyUnavailable is shown when a site's policy cannot be read: the
// request stops rather than go on under rules that may be too lax.
const msgPolicyUnavailable = "Hệ thống tạm thời không đọc được quy định tài khoản của trang nên chưa thể tiếp tục. Vui lòng thử lại sau ít phút."

// Get returns the site's policy. When the store cannot be read (and the
// cached copy is older than the cache's lifetime) it returns an
// apperr.Unavailable error, never a guess: the zero Policy would let an
// administrator in without the second factor the site requires.
func (ps *Policies) Get(siteID int64) (Policy, error) {
	ps.mu.Lock()
	c, ok := ps.cached[siteID]
	ps.mu.Unlock()
	if ok && ps.now().Sub(c.at) < ps.ttl {
		return c.p, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p, err := ps.store.FindPolicy(ctx, siteID)
	if err != nil {
		if ps.onErr != nil {
			ps.onErr(err)
		}
		return Policy{}, apperr.Wrap(apperr.Unavailable, msgPolicyUnavailable, err)
	}
	ps.mu.Lock()
	ps.cached[siteID] = cachedPolicy{p: p, at: ps.now()}
	ps.mu.Unlock()
	return p, nil
}

// Strictest is the policy that allows least: no self-approval, a second
// factor required.
var Strictest = Policy{AllowSelfApproval: false, RequireSecondFactor: true}

// GetOrStrictest returns the site's policy, or Strictest when it cannot be
// read: for callers that can only answer yes or no (may this user do
// that?), so that a store error refuses rather than allows.
func (ps *Policies) GetOrStrictest(siteID int64) Policy {
	p, err := ps.Get(siteID)
	if err != nil {
		return Strictest
	}
	return p
}

// Find reads the site's policy from the store, bypassing the cache.
func (ps *Policies) Find(ctx context.Context, siteID int64) (Policy, error) {
	return ps.store.FindPolicy(ctx, siteID)
}

// Save stores the site's policy, with its audit entry a, and applies it at
// once on this node.
func (ps *Policies) Save(ctx context.Context, siteID int64, p Policy, a *audit.Entry) error {
	if err := ps.store.SavePolicy(ctx, siteID, p, a); err != nil {
		return err
	}
	ps.mu.Lock()
	ps.cached[siteID] = cachedPolicy{p: p, at: ps.now()}
	ps.mu.Unlock()
	return nil
}
