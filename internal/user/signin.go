package user

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// Signing in with a password, and the throttling of failed attempts
// (per account key and per client address).

// Messages about signing in.
const (
	msgBadLogin  = "Email hoặc mật khẩu không đúng."
	msgLocked    = "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau %d phút hoặc liên hệ quản trị viên để được mở khoá."
	msgIPLimited = "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng chờ %d phút rồi thử lại."
	msgDisabled  = "Tài khoản đã bị vô hiệu hoá. Vui lòng liên hệ quản trị viên."
)

func accountKey(u User, email string) string {
	if u.ID != 0 {
		return "user:" + strconv.FormatInt(u.ID, 10)
	}
	return "email:" + email
}

func ipKey(ip string) string { return "ip:" + ip }

func minutesLeft(d time.Duration) int { return max(1, int((d+time.Minute-1)/time.Minute)) }

// Authenticate checks an email and password from the sign-in form, sent
// from the client address ip.
//
// It never tells whether the email has an account: an unknown email gets
// the same message, takes about as long (a dummy hash is checked) and is
// throttled and locked the same way as a real one. After
// Limits.AccountFailures failures within Limits.AccountWindow the account
// is locked for Limits.LockFor (apperr.RateLimited) unless an administrator
// calls Unlock; after Limits.IPFailures failures from one address within
// Limits.IPWindow, that address is refused (apperr.RateLimited). A wrong
// password is apperr.Unauthorized; a disabled account with the right
// password is apperr.Forbidden. A hash made with old parameters is
// replaced on success.
//
// The attempt is reserved (counted) before the password is checked, so
// that however many sign-ins arrive at once, at most Limits.AccountFailures
// passwords are checked for an account within the window, and none once
// it is locked.
func (s *Service) Authenticate(ctx context.Context, email, password, ip string) (User, error) {
	now := s.now()
	var u User
	email, err := NormalizeEmail(email)
	if err != nil {
		email = "invalid" // one shared bucket for everything that is not an address
	} else if u, err = s.users.FindUserByEmail(ctx, email); err != nil {
		if !apperr.Is(err, apperr.NotFound) {
			return User{}, err
		}
		u = User{}
	}
	att, err := s.reserve(ctx, accountKey(u, email), ip, now)
	if err != nil {
		return User{}, err
	}

	hash := u.PasswordHash
	if u.ID == 0 {
		if hash, err = s.dummy(); err != nil {
			return User{}, s.forget(ctx, att, err)
		}
	}
	ok := false
	if utf8.RuneCountInString(password) <= MaxPassword {
		if ok, err = s.verify(ctx, password, hash); err != nil {
			return User{}, s.forget(ctx, att, err)
		}
	} else if _, err := s.verify(ctx, "", hash); err != nil { // same time, certain failure
		return User{}, s.forget(ctx, att, err)
	}
	if !ok || u.ID == 0 {
		return User{}, s.loginFailed(ctx, att, now)
	}
	if u.Disabled {
		return User{}, s.forget(ctx, att, apperr.New(apperr.Forbidden, msgDisabled))
	}
	if err := s.loginSucceeded(ctx, att); err != nil {
		return User{}, err
	}
	if s.argon.NeedsRehash(u.PasswordHash) {
		// Best effort: failing to upgrade the hash must not stop the
		// sign-in; it is tried again next time.
		if h, err := s.hash(ctx, password); err == nil {
			old := u.PasswordHash
			u.PasswordHash = h
			if s.users.UpdateUser(ctx, &u, nil) != nil {
				u.PasswordHash = old
			}
		}
	}
	return u, nil
}

// attempt is a sign-in try reserved before its password or code is
// checked: against the account key and, when known, the client address.
type attempt struct {
	key         string
	keyID, ipID int64
}

// reserve counts an attempt for the address ip (when known) and the account
// key before anything is checked, refusing it (apperr.RateLimited) when the
// address has used its failures or the account is locked or has as many
// attempts under way or failed as it may. Nothing is counted when refused.
func (s *Service) reserve(ctx context.Context, key, ip string, now time.Time) (attempt, error) {
	l := s.limits
	att := attempt{key: key}
	if ip != "" {
		id, _, err := s.attempts.ReserveLoginAttempt(ctx, ipKey(ip), now, now.Add(-l.IPWindow), l.IPFailures)
		if err != nil {
			return att, err
		}
		if id == 0 {
			return att, apperr.Errorf(apperr.RateLimited, msgIPLimited, minutesLeft(l.IPWindow))
		}
		att.ipID = id
	}
	id, until, err := s.attempts.ReserveLoginAttempt(ctx, key, now, now.Add(-l.AccountWindow), l.AccountFailures)
	if err == nil && id == 0 {
		// Locked, or the last allowed attempts are being checked right
		// now: if they fail, the lock lasts LockFor from then.
		left := l.LockFor
		if now.Before(until) {
			left = until.Sub(now)
		}
		err = apperr.Errorf(apperr.RateLimited, msgLocked, minutesLeft(left))
	}
	if err != nil {
		return att, s.forget(ctx, attempt{ipID: att.ipID}, err)
	}
	att.keyID = id
	return att, nil
}

// forget drops the attempt's reservations, which were not failures (the
// check did not run, or the password was right for a disabled account),
// and returns cause. It works even when ctx has ended, so that a
// cancelled request does not leave its reservations to count.
func (s *Service) forget(ctx context.Context, att attempt, cause error) error {
	ctx = context.WithoutCancel(ctx)
	for _, id := range []int64{att.keyID, att.ipID} {
		if id != 0 {
			if err := s.attempts.ForgetLoginAttempt(ctx, id); err != nil && cause == nil {
				cause = err
			}
		}
	}
	return cause
}

// loginSucceeded settles a successful attempt: the address's reservation
// is dropped, and the account's failures are forgotten.
func (s *Service) loginSucceeded(ctx context.Context, att attempt) error {
	if err := s.forget(ctx, att, nil); err != nil {
		return err
	}
	return s.attempts.ClearLoginFailures(ctx, att.key)
}

// loginFailed settles a failed password or code: its reservations become
// failures of the account key and the address, the key is locked when it
// has failed too often, and the error to show is returned.
func (s *Service) loginFailed(ctx context.Context, att attempt, now time.Time) error {
	l := s.limits
	for _, id := range []int64{att.ipID, att.keyID} {
		if id != 0 {
			if err := s.attempts.FailLoginAttempt(ctx, id); err != nil {
				return err
			}
		}
	}
	n, err := s.attempts.CountLoginFailures(ctx, att.key, now.Add(-l.AccountWindow))
	if err != nil {
		return err
	}
	if n < l.AccountFailures {
		return apperr.New(apperr.Unauthorized, msgBadLogin)
	}
	if err := s.attempts.SetLockedUntil(ctx, att.key, now.Add(l.LockFor), nil); err != nil {
		return err
	}
	if err := s.attempts.ClearLoginFailures(ctx, att.key); err != nil {
		return err
	}
	return apperr.Errorf(apperr.RateLimited, msgLocked, minutesLeft(l.LockFor))
}

// Unlock lifts the lock on an account and forgets its failed sign-ins.
// The audit entry a (nil: none) is written with the lifting of the lock.
func (s *Service) Unlock(ctx context.Context, userID int64, a *audit.Entry) error {
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	key := accountKey(u, u.Email)
	if err := s.attempts.SetLockedUntil(ctx, key, time.Time{}, a); err != nil {
		return err
	}
	return s.attempts.ClearLoginFailures(ctx, key)
}

// LockedUntil returns when the account's lock ends, or the zero time if it
// is not locked.
func (s *Service) LockedUntil(ctx context.Context, userID int64) (time.Time, error) {
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return time.Time{}, err
	}
	until, err := s.attempts.FindLockedUntil(ctx, accountKey(u, u.Email))
	if err != nil || !s.now().Before(until) {
		return time.Time{}, err
	}
	return until, nil
}
