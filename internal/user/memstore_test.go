package user

import (
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// memStore is an in-memory UserStore, SessionStore and LoginAttemptStore
// for this package's tests. The real ones live in internal/store.
type memStore struct {
	mu       sync.Mutex
	nextID   int64
	users    map[int64]User
	members  []Membership
	sessions map[string]Session
	failures map[string][]loginRow
	locks    map[string]time.Time
	rowID    int64
	touches  int
}

func newMemStore() *memStore {
	return &memStore{
		users:    map[int64]User{},
		sessions: map[string]Session{},
		failures: map[string][]loginRow{},
		locks:    map[string]time.Time{},
	}
}

var (
	_ UserStore         = (*memStore)(nil)
	_ SessionStore      = (*memStore)(nil)
	_ LoginAttemptStore = (*memStore)(nil)
)

func (m *memStore) emailTakenBy(email string, id int64) bool {
	for _, u := range m.users {
		if u.Email == email && u.ID != id {
			return true
		}
	}
	return false
}

func (m *memStore) CreateUser(_ context.Context, u *User, grant *Membership, _ *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.emailTakenBy(u.Email, 0) {
		return apperr.New(apperr.Conflict, "email taken")
	}
	m.nextID++
	u.ID, u.Version = m.nextID, 1
	m.users[u.ID] = *u
	if grant != nil {
		grant.UserID = u.ID
		m.members = append(m.members, *grant)
	}
	return nil
}

func (m *memStore) UpdateUser(_ context.Context, u *User, _ *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.users[u.ID]
	if !ok {
		return apperr.New(apperr.NotFound, "no user")
	}
	if m.emailTakenBy(u.Email, u.ID) {
		return apperr.New(apperr.Conflict, "email taken")
	}
	if old.Version != u.Version {
		return ErrStale
	}
	u.Version++
	nu := *u
	nu.CreatedAt, nu.TOTPLastStep = old.CreatedAt, old.TOTPLastStep
	m.users[u.ID] = nu
	return nil
}

func (m *memStore) FindUserByID(_ context.Context, id int64) (User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[id]
	if !ok {
		return User{}, apperr.New(apperr.NotFound, "Không tìm thấy tài khoản.")
	}
	return u, nil
}

func (m *memStore) FindUserByEmail(_ context.Context, email string) (User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.users {
		if u.Email == email {
			return u, nil
		}
	}
	return User{}, apperr.New(apperr.NotFound, "Không tìm thấy tài khoản.")
}

func (m *memStore) FindUsers(_ context.Context, f UserFilter) ([]User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []User
	for _, u := range m.users {
		if f.Query != "" && !strings.Contains(u.Email, strings.ToLower(f.Query)) && !strings.Contains(strings.ToLower(u.Name), strings.ToLower(f.Query)) {
			continue
		}
		if f.SiteID != 0 || f.Role != "" {
			if !slices.ContainsFunc(m.members, func(ms Membership) bool {
				return ms.UserID == u.ID && (f.SiteID == 0 || ms.SiteID == f.SiteID) && (f.Role == "" || ms.Role == f.Role)
			}) {
				continue
			}
		}
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}
	if f.Offset >= len(out) {
		return nil, nil
	}
	out = out[f.Offset:]
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memStore) UseTOTPStep(_ context.Context, userID, step int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[userID]
	if !ok {
		return apperr.New(apperr.NotFound, "no user")
	}
	if step <= u.TOTPLastStep {
		return apperr.New(apperr.Conflict, "step used")
	}
	u.TOTPLastStep = step
	m.users[userID] = u
	return nil
}

func (m *memStore) SetMembership(_ context.Context, ms Membership, _ *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !slices.Contains(m.members, ms) {
		m.members = append(m.members, ms)
	}
	return nil
}

func (m *memStore) RemoveMembership(_ context.Context, ms Membership, _ *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.members = slices.DeleteFunc(m.members, func(x Membership) bool { return x == ms })
	return nil
}

func (m *memStore) ChangeMemberships(_ context.Context, userID, version int64, add, remove []Membership, _ *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[userID]
	switch {
	case !ok:
		return apperr.New(apperr.NotFound, "no user")
	case u.Version != version:
		return ErrStale
	}
	u.Version++
	m.users[userID] = u
	for _, ms := range add {
		if !slices.Contains(m.members, ms) {
			m.members = append(m.members, ms)
		}
	}
	m.members = slices.DeleteFunc(m.members, func(x Membership) bool { return slices.Contains(remove, x) })
	return nil
}

func (m *memStore) FindMemberships(_ context.Context, userID int64) ([]Membership, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Membership
	for _, ms := range m.members {
		if ms.UserID == userID {
			out = append(out, ms)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].SiteID != out[j].SiteID {
			return out[i].SiteID < out[j].SiteID
		}
		return out[i].Role < out[j].Role
	})
	return out, nil
}

func (m *memStore) CreateSession(_ context.Context, s Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.sessions[s.TokenHash]; ok {
		return apperr.New(apperr.Conflict, "session exists")
	}
	m.sessions[s.TokenHash] = s
	return nil
}

func (m *memStore) FindSessionByTokenHash(_ context.Context, h string) (Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[h]
	if !ok {
		return Session{}, apperr.New(apperr.NotFound, "no session")
	}
	return s, nil
}

func (m *memStore) TouchSession(_ context.Context, h string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[h]
	if !ok {
		return apperr.New(apperr.NotFound, "no session")
	}
	s.LastSeen = at
	m.sessions[h] = s
	m.touches++
	return nil
}

func (m *memStore) DeleteSession(_ context.Context, h string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, h)
	return nil
}

func (m *memStore) DeleteUserSessions(_ context.Context, userID int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for h, s := range m.sessions {
		if s.UserID == userID {
			delete(m.sessions, h)
		}
	}
	return nil
}

func (m *memStore) DeleteSessionsBefore(_ context.Context, expiredAt, idleSince time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for h, s := range m.sessions {
		if !s.ExpiresAt.After(expiredAt) || !s.LastSeen.After(idleSince) {
			delete(m.sessions, h)
			n++
		}
	}
	return n, nil
}

// loginRow is a failed or pending sign-in attempt.
type loginRow struct {
	id      int64
	at      time.Time
	pending bool
}

func (m *memStore) ReserveLoginAttempt(_ context.Context, key string, at, since time.Time, limit int) (int64, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if until := m.locks[key]; at.Before(until) {
		return 0, until, nil
	}
	n := 0
	for _, r := range m.failures[key] {
		if !r.at.Before(since) {
			n++
		}
	}
	if n >= limit {
		return 0, time.Time{}, nil
	}
	m.rowID++
	m.failures[key] = append(m.failures[key], loginRow{id: m.rowID, at: at, pending: true})
	return m.rowID, time.Time{}, nil
}

// settle applies f to the row with the given id, wherever it is.
func (m *memStore) settle(id int64, f func(rows []loginRow, i int) []loginRow) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, rows := range m.failures {
		for i, r := range rows {
			if r.id == id {
				m.failures[k] = f(rows, i)
				return
			}
		}
	}
}

func (m *memStore) FailLoginAttempt(_ context.Context, id int64) error {
	m.settle(id, func(rows []loginRow, i int) []loginRow { rows[i].pending = false; return rows })
	return nil
}

func (m *memStore) ForgetLoginAttempt(_ context.Context, id int64) error {
	m.settle(id, func(rows []loginRow, i int) []loginRow {
		if !rows[i].pending {
			return rows
		}
		return slices.Delete(rows, i, i+1)
	})
	return nil
}

func (m *memStore) RecordLoginFailure(_ context.Context, key string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rowID++
	m.failures[key] = append(m.failures[key], loginRow{id: m.rowID, at: at})
	return nil
}

func (m *memStore) CountLoginFailures(_ context.Context, key string, since time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, r := range m.failures[key] {
		if !r.pending && !r.at.Before(since) {
			n++
		}
	}
	return n, nil
}

func (m *memStore) ClearLoginFailures(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failures[key] = slices.DeleteFunc(m.failures[key], func(r loginRow) bool { return !r.pending })
	if len(m.failures[key]) == 0 {
		delete(m.failures, key)
	}
	return nil
}

func (m *memStore) DeleteLoginFailuresBefore(_ context.Context, before time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, rows := range m.failures {
		rows = slices.DeleteFunc(rows, func(r loginRow) bool { return r.at.Before(before) })
		if len(rows) == 0 {
			delete(m.failures, k)
		} else {
			m.failures[k] = rows
		}
	}
	return nil
}

func (m *memStore) SetLockedUntil(_ context.Context, key string, until time.Time, _ *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if until.IsZero() {
		delete(m.locks, key)
	} else {
		m.locks[key] = until
	}
	return nil
}

func (m *memStore) FindLockedUntil(_ context.Context, key string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.locks[key], nil
}

// fakeClock is a settable time source.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// cheapArgon keeps the tests fast; the real parameters are exercised by
// TestHashRoundTripDefault and BenchmarkHashPassword.
var cheapArgon = Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func newTestService() (*Service, *memStore, *fakeClock) {
	st := newMemStore()
	clock := &fakeClock{t: time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)}
	s := NewService(st, st, st, clock.Now)
	s.argon = cheapArgon
	return s, st, clock
}
