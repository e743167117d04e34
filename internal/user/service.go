package user

import (
	"context"
	"runtime"
	"sync"
	"time"

	"trangtin/internal/apperr"
)

// Limits are the Service's throttling and session time limits.
type Limits struct {
	// AccountFailures failed sign-ins within AccountWindow lock the account
	// (or the unknown address) for LockFor, unless an administrator unlocks it.
	AccountFailures int
	AccountWindow   time.Duration
	LockFor         time.Duration
	// IPFailures failed sign-ins from one address within IPWindow make
	// further attempts from it be refused until the window has moved on.
	IPFailures int
	IPWindow   time.Duration
	// IdleTimeout ends a session not used for this long; SessionLifetime
	// ends it this long after sign-in whatever the activity.
	IdleTimeout     time.Duration
	SessionLifetime time.Duration
	// TouchEvery is how stale LastSeen may get before it is written again,
	// so that browsing does not write to the database on every request.
	TouchEvery time.Duration
}

// DefaultLimits returns the limits used unless SetLimits says otherwise.
func DefaultLimits() Limits {
	return Limits{
		AccountFailures: 5,
		AccountWindow:   15 * time.Minute,
		LockFor:         15 * time.Minute,
		IPFailures:      20,
		IPWindow:        15 * time.Minute,
		IdleTimeout:     8 * time.Hour,
		SessionLifetime: 7 * 24 * time.Hour,
		TouchEvery:      time.Minute,
	}
}

// Service applies the account rules (validation, password policy and
// hashing, throttling, sessions, second factor) on top of the stores.
// Permission checks are the caller's: use Can before calling the methods
// that manage other people's accounts.
type Service struct {
	users    UserStore
	sessions SessionStore
	attempts LoginAttemptStore
	handoffs HandoffStore // nil: the sessions store keeps no handoffs
	now      func() time.Time
	limits   Limits
	argon    Argon2Params

	// slots bounds how many password hashes run at once: each takes
	// Argon2Params.Memory of RAM and a core for tens of milliseconds.
	slots chan struct{}

	dummyOnce sync.Once
	dummyHash string
	dummyErr  error

	onCheck func() // OnPasswordCheck
}

// NewService returns a Service over the stores. clock is the time source
// (nil means time.Now); tests pass a fake one.
func NewService(users UserStore, sessions SessionStore, attempts LoginAttemptStore, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	handoffs, _ := sessions.(HandoffStore)
	return &Service{
		handoffs: handoffs,
		users:    users,
		sessions: sessions,
		attempts: attempts,
		now:      clock,
		limits:   DefaultLimits(),
		argon:    DefaultArgon2,
		slots:    make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
	}
}

// SetLimits replaces the limits. Call it before the Service is used.
func (s *Service) SetLimits(l Limits) { s.limits = l }

// Limits returns the limits in force.
func (s *Service) Limits() Limits { return s.limits }

// OnPasswordCheck sets a function called before every password check
// (each argon2id comparison), so that tests can count and hold them. Call
// it before the Service is used.
func (s *Service) OnPasswordCheck(f func()) { s.onCheck = f }

// msgCheckFields introduces the field-by-field problems of a form.
const msgCheckFields = "Thông tin chưa hợp lệ, vui lòng kiểm tra lại các trường được đánh dấu."

// The password hashing below is bounded: see Service.slots.

func (s *Service) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-ctx.Done():
		return nil, apperr.Wrap(apperr.Unavailable, "", ctx.Err())
	}
}

func (s *Service) hash(ctx context.Context, password string) (string, error) {
	release, err := s.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return s.argon.Hash(password)
}

func (s *Service) verify(ctx context.Context, password, encoded string) (bool, error) {
	if s.onCheck != nil {
		s.onCheck()
	}
	release, err := s.acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return checkStoredHash(password, encoded)
}

// dummy returns a hash to verify against when the email has no account, so
// that the answer takes as long as for a real account.
func (s *Service) dummy() (string, error) {
	s.dummyOnce.Do(func() {
		s.dummyHash, s.dummyErr = s.argon.Hash("trangtin: no such account")
	})
	return s.dummyHash, s.dummyErr
}
