package user

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/vi"
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
	return &Service{
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

// Messages shown to users.
const (
	msgBadLogin      = "Email hoặc mật khẩu không đúng."
	msgLocked        = "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau %d phút hoặc liên hệ quản trị viên để được mở khoá."
	msgIPLimited     = "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng chờ %d phút rồi thử lại."
	msgDisabled      = "Tài khoản đã bị vô hiệu hoá. Vui lòng liên hệ quản trị viên."
	msgSessionEnded  = "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."
	msgBadCode       = "Mã xác thực không đúng hoặc đã được sử dụng."
	msgNoTOTP        = "Tài khoản chưa bật xác thực hai lớp."
	msgEnrolBadCode  = "Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại và thử lại."
	msgEmailTaken    = "Địa chỉ email này đã được dùng cho một tài khoản khác."
	msgNoName        = "Vui lòng nhập họ và tên."
	msgLongName      = "Họ và tên quá dài."
	msgNeedSite      = "Vui lòng chọn trang cho vai trò này."
	msgBadCurrent    = "Mật khẩu hiện tại không đúng."
	msgLastAdmin     = "Không thể gỡ hoặc khoá quản trị hệ thống cuối cùng."
	msgCheckFields   = "Thông tin chưa hợp lệ, vui lòng kiểm tra lại các trường được đánh dấu."
	firstAdminEmail  = "admin@localhost"
	firstAdminName   = "Quản trị hệ thống"
	maxUserAgentRune = 512
)

// fieldErrors collects validation problems so all of them are reported at once.
type fieldErrors map[string]string

func (fe fieldErrors) add(err error) {
	if e, ok := err.(*apperr.Error); ok {
		for k, v := range e.Fields {
			if _, seen := fe[k]; !seen {
				fe[k] = v
			}
		}
	}
}

func (fe fieldErrors) check(ok bool, field, msg string) {
	if _, seen := fe[field]; !ok && !seen {
		fe[field] = msg
	}
}

func (fe fieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Message: msgCheckFields, Fields: fe}
}

// cleanName is the hygiene of a user's name: vi.Line, inner runs of
// white space made one space.
func cleanName(s string) string { return strings.Join(strings.Fields(vi.Line(s)), " ") }

// --- password hashing, bounded ---

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
	return VerifyPassword(password, encoded)
}

// dummy returns a hash to verify against when the email has no account, so
// that the answer takes as long as for a real account.
func (s *Service) dummy() (string, error) {
	s.dummyOnce.Do(func() {
		s.dummyHash, s.dummyErr = s.argon.Hash("trangtin: no such account")
	})
	return s.dummyHash, s.dummyErr
}

// --- accounts ---

// CreateUser creates an account with a role on a site. RoleAdmin is
// platform-wide, so its siteID is ignored (stored as 0); every other role
// needs a site. Problems with the email, name, password and site are
// reported together as apperr.Invalid with Fields; a taken email is
// apperr.Conflict.
func (s *Service) CreateUser(ctx context.Context, email, name, password string, role Role, siteID int64) (User, error) {
	return s.createUser(ctx, email, name, password, role, siteID, false, nil)
}

// createUser creates the account, its role and the audit entry a (nil:
// none) in one transaction.
func (s *Service) createUser(ctx context.Context, email, name, password string, role Role, siteID int64, mustChange bool, a *audit.Entry) (User, error) {
	fe := fieldErrors{}
	email, err := NormalizeEmail(email)
	fe.add(err)
	name = cleanName(name)
	fe.check(name != "", "name", msgNoName)
	fe.check(utf8.RuneCountInString(name) <= MaxName, "name", msgLongName)
	fe.add(ValidatePassword(password, email))
	if _, err := ParseRole(string(role)); err != nil {
		fe.check(false, "role", apperr.MessageOf(err))
	}
	if role.PlatformWide() {
		siteID = 0
	} else {
		fe.check(siteID > 0, "site", msgNeedSite)
	}
	if err := fe.err(); err != nil {
		return User{}, err
	}
	if _, err := s.users.FindUserByEmail(ctx, email); err == nil {
		return User{}, emailTaken()
	} else if !apperr.Is(err, apperr.NotFound) {
		return User{}, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return User{}, err
	}
	now := s.now()
	u := User{Email: email, Name: name, PasswordHash: hash, MustChangePassword: mustChange, CreatedAt: now, UpdatedAt: now}
	if err := s.users.CreateUser(ctx, &u, &Membership{SiteID: siteID, Role: role}, a); err != nil {
		return User{}, err
	}
	return u, nil
}

func emailTaken() error {
	return ErrEmailTaken
}

// EnsureFirstAdmin creates the first platform administrator,
// admin@localhost with a random password it must change at first sign-in,
// when no account exists yet. The caller prints the password once; it is
// stored only hashed. When accounts exist it does nothing (created false).
func (s *Service) EnsureFirstAdmin(ctx context.Context) (email, oneTimePassword string, created bool, err error) {
	existing, err := s.users.FindUsers(ctx, UserFilter{Limit: 1})
	if err != nil {
		return "", "", false, err
	}
	if len(existing) > 0 {
		return "", "", false, nil
	}
	pw, err := randomPassword()
	if err != nil {
		return "", "", false, err
	}
	u, err := s.createUser(ctx, firstAdminEmail, firstAdminName, pw, RoleAdmin, 0, true, nil)
	if apperr.Is(err, apperr.Conflict) {
		return "", "", false, nil // another node got there first
	}
	if err != nil {
		return "", "", false, err
	}
	return u.Email, pw, true, nil
}

// randomPassword returns 20 characters (100 bits) from an alphabet without
// look-alikes, in groups of five: "k7dmx-4pq2z-…", easy to copy from a
// terminal.
func randomPassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789" // 32 symbols, 5 bits each
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", apperr.Wrap(apperr.Internal, "", err)
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(alphabet[c&31])
	}
	return sb.String(), nil
}

// FindUserByID returns the account with the given id.
func (s *Service) FindUserByID(ctx context.Context, id int64) (User, error) {
	return s.users.FindUserByID(ctx, id)
}

// FindUsers returns the accounts matching f.
func (s *Service) FindUsers(ctx context.Context, f UserFilter) ([]User, error) {
	return s.users.FindUsers(ctx, f)
}

// FindMemberships returns the user's roles.
func (s *Service) FindMemberships(ctx context.Context, userID int64) ([]Membership, error) {
	return s.users.FindMemberships(ctx, userID)
}

// UpdateProfile changes a user's email and name.
func (s *Service) UpdateProfile(ctx context.Context, userID int64, email, name string) (User, error) {
	fe := fieldErrors{}
	email, err := NormalizeEmail(email)
	fe.add(err)
	name = cleanName(name)
	fe.check(name != "", "name", msgNoName)
	fe.check(utf8.RuneCountInString(name) <= MaxName, "name", msgLongName)
	if err := fe.err(); err != nil {
		return User{}, err
	}
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return User{}, err
	}
	if email != u.Email {
		if other, err := s.users.FindUserByEmail(ctx, email); err == nil && other.ID != u.ID {
			return User{}, emailTaken()
		} else if err != nil && !apperr.Is(err, apperr.NotFound) {
			return User{}, err
		}
	}
	u.Email, u.Name, u.UpdatedAt = email, name, s.now()
	return u, s.users.UpdateUser(ctx, &u, nil)
}

// SetPassword gives the user a new password (checked against the policy),
// clears MustChangePassword and ends all the user's sessions; the caller
// starts a new one for the current browser if it wants to.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string) error {
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := ValidatePassword(password, u.Email); err != nil {
		return err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	u.PasswordHash, u.MustChangePassword, u.UpdatedAt = hash, false, s.now()
	if err := s.users.UpdateUser(ctx, &u, nil); err != nil {
		return err
	}
	return s.sessions.DeleteUserSessions(ctx, u.ID)
}

// ChangePassword is SetPassword for users changing their own password:
// the current one must be given.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, password string) error {
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	ok, err := s.verify(ctx, current, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return &apperr.Error{Code: apperr.Invalid, Message: msgBadCurrent, Fields: map[string]string{"current_password": msgBadCurrent}}
	}
	return s.SetPassword(ctx, userID, password)
}

// SetDisabled disables or re-enables an account. Disabling ends its
// sessions. The last enabled platform administrator cannot be disabled.
func (s *Service) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	if disabled && !u.Disabled {
		if err := s.checkNotLastAdmin(ctx, u.ID); err != nil {
			return err
		}
	}
	u.Disabled, u.UpdatedAt = disabled, s.now()
	if err := s.users.UpdateUser(ctx, &u, nil); err != nil {
		return err
	}
	if disabled {
		return s.sessions.DeleteUserSessions(ctx, u.ID)
	}
	return nil
}

// SetMembership gives a user a role on a site (siteID 0 for RoleAdmin).
func (s *Service) SetMembership(ctx context.Context, m Membership, a *audit.Entry) error {
	if err := validMembership(m); err != nil {
		return err
	}
	if _, err := s.users.FindUserByID(ctx, m.UserID); err != nil {
		return err
	}
	return s.users.SetMembership(ctx, m, a)
}

// RemoveMembership takes a role away. The last platform administrator
// keeps theirs.
func (s *Service) RemoveMembership(ctx context.Context, m Membership, a *audit.Entry) error {
	if err := validMembership(m); err != nil {
		return err
	}
	if m.Role == RoleAdmin {
		if err := s.checkNotLastAdmin(ctx, m.UserID); err != nil {
			return err
		}
	}
	return s.users.RemoveMembership(ctx, m, a)
}

func validMembership(m Membership) error {
	if _, err := ParseRole(string(m.Role)); err != nil {
		return err
	}
	if m.Role.PlatformWide() != (m.SiteID == 0) || m.SiteID < 0 {
		return apperr.New(apperr.Invalid, msgNeedSite)
	}
	return nil
}

// checkNotLastAdmin refuses when userID is an enabled platform
// administrator and no other enabled one exists.
func (s *Service) checkNotLastAdmin(ctx context.Context, userID int64) error {
	admins, err := s.users.FindUsers(ctx, UserFilter{Role: RoleAdmin, Limit: 1000})
	if err != nil {
		return err
	}
	isAdmin, others := false, 0
	for _, a := range admins {
		switch {
		case a.ID == userID:
			isAdmin = true
		case !a.Disabled:
			others++
		}
	}
	if isAdmin && others == 0 {
		return apperr.New(apperr.Conflict, msgLastAdmin)
	}
	return nil
}

// --- signing in ---

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

// --- sessions ---

const tokenBytes = 32

// newToken returns a random token for the browser and the hash to store.
func newToken() (token, hash string, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", apperr.Wrap(apperr.Internal, "", err)
	}
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(b), hex.EncodeToString(sum[:]), nil
}

// TokenHash returns the stored identifier of a browser's session token.
// A token that cannot be one is apperr.Unauthorized.
func TokenHash(token string) (string, error) {
	b, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(b) != tokenBytes {
		return "", apperr.New(apperr.Unauthorized, msgSessionEnded)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// StartSession signs u in from a browser and returns the token to put in
// its cookie (32 random bytes, base64url) and the session. Only the token's
// SHA-256 is stored. SecondFactorDone starts false: see NextStep.
func (s *Service) StartSession(ctx context.Context, u User, ip, userAgent string) (string, Session, error) {
	if u.Disabled {
		return "", Session{}, apperr.New(apperr.Forbidden, msgDisabled)
	}
	token, hash, err := newToken()
	if err != nil {
		return "", Session{}, err
	}
	now := s.now()
	sess := Session{
		TokenHash: hash,
		UserID:    u.ID,
		CreatedAt: now,
		LastSeen:  now,
		ExpiresAt: now.Add(s.limits.SessionLifetime),
		IP:        truncate(ip, 64),
		UserAgent: truncate(userAgent, maxUserAgentRune),
	}
	if err := s.sessions.CreateSession(ctx, sess); err != nil {
		return "", Session{}, err
	}
	return token, sess, nil
}

// SessionByToken returns the session for a browser's token. An unknown,
// malformed, idle (unused for Limits.IdleTimeout) or expired (older than
// Limits.SessionLifetime) token is apperr.Unauthorized, and an idle or
// expired session is deleted. LastSeen is moved forward at most once per
// Limits.TouchEvery.
func (s *Service) SessionByToken(ctx context.Context, token string) (Session, error) {
	hash, err := TokenHash(token)
	if err != nil {
		return Session{}, err
	}
	sess, err := s.sessions.FindSessionByTokenHash(ctx, hash)
	if apperr.Is(err, apperr.NotFound) {
		return Session{}, apperr.New(apperr.Unauthorized, msgSessionEnded)
	}
	if err != nil {
		return Session{}, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeen) >= s.limits.IdleTimeout {
		// Best effort: the session is refused either way, and PurgeExpired
		// removes whatever is left.
		_ = s.sessions.DeleteSession(ctx, hash)
		return Session{}, apperr.New(apperr.Unauthorized, msgSessionEnded)
	}
	if now.Sub(sess.LastSeen) >= s.limits.TouchEvery {
		if err := s.sessions.TouchSession(ctx, hash, now); err != nil {
			return Session{}, err
		}
		sess.LastSeen = now
	}
	return sess, nil
}

// EndSession signs a browser out. An unknown or malformed token is not an
// error.
func (s *Service) EndSession(ctx context.Context, token string) error {
	hash, err := TokenHash(token)
	if err != nil {
		return nil
	}
	return s.sessions.DeleteSession(ctx, hash)
}

// EndUserSessions signs a user out everywhere.
func (s *Service) EndUserSessions(ctx context.Context, userID int64) error {
	return s.sessions.DeleteUserSessions(ctx, userID)
}

// PurgeExpired deletes ended sessions and forgotten sign-in failures; the
// scheduler calls it now and then.
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.now()
	if _, err := s.sessions.DeleteSessionsBefore(ctx, now, now.Add(-s.limits.IdleTimeout)); err != nil {
		return err
	}
	return s.attempts.DeleteLoginFailuresBefore(ctx, now.Add(-max(s.limits.AccountWindow, s.limits.IPWindow)))
}

// --- second factor ---

// SignInStep is what a signed-in browser must do before using the area.
type SignInStep int

const (
	StepDone      SignInStep = iota // fully signed in
	StepTOTPCode                    // enter a code from the authenticator app
	StepTOTPSetup                   // the site requires TOTP: set it up first
)

// NextStep tells what the session still lacks. A user who turned TOTP on is
// always asked for a code; one who did not is sent to set it up when the
// policy requires it for their roles (NeedsSecondFactor).
func NextStep(u User, memberships []Membership, sess Session, policy Policy) SignInStep {
	switch {
	case sess.SecondFactorDone:
		return StepDone
	case u.HasTOTP():
		return StepTOTPCode
	case NeedsSecondFactor(memberships, policy):
		return StepTOTPSetup
	}
	return StepDone
}

// VerifySecondFactor checks a TOTP code for the session behind token. On
// success the session is replaced by a new one with SecondFactorDone set
// (a new token, so one captured before the second factor is useless) and
// the new token is returned. A code is accepted once only: the step it
// belongs to is recorded and older steps are refused. Wrong codes count
// towards the account lock and the address limit like wrong passwords.
func (s *Service) VerifySecondFactor(ctx context.Context, token, code, ip string) (string, Session, error) {
	sess, err := s.SessionByToken(ctx, token)
	if err != nil {
		return "", Session{}, err
	}
	if sess.SecondFactorDone {
		return token, sess, nil
	}
	u, err := s.users.FindUserByID(ctx, sess.UserID)
	if err != nil {
		return "", Session{}, err
	}
	if !u.HasTOTP() {
		return "", Session{}, apperr.New(apperr.Conflict, msgNoTOTP)
	}
	now := s.now()
	att, err := s.reserve(ctx, accountKey(u, u.Email), ip, now)
	if err != nil {
		return "", Session{}, err
	}
	step, ok := matchTOTP(u.TOTPSecret, code, now)
	if ok {
		if err := s.users.UseTOTPStep(ctx, u.ID, step); apperr.Is(err, apperr.Conflict) {
			ok = false // replayed
		} else if err != nil {
			return "", Session{}, s.forget(ctx, att, err)
		}
	}
	if !ok {
		err := s.loginFailed(ctx, att, now)
		if apperr.Is(err, apperr.Unauthorized) {
			err = &apperr.Error{Code: apperr.Unauthorized, Message: msgBadCode, Fields: map[string]string{"code": msgBadCode}}
		}
		return "", Session{}, err
	}
	if err := s.loginSucceeded(ctx, att); err != nil {
		return "", Session{}, err
	}
	newTok, hash, err := newToken()
	if err != nil {
		return "", Session{}, err
	}
	next := sess
	next.TokenHash, next.LastSeen, next.SecondFactorDone = hash, now, true
	if err := s.sessions.CreateSession(ctx, next); err != nil {
		return "", Session{}, err
	}
	if err := s.sessions.DeleteSession(ctx, sess.TokenHash); err != nil {
		return "", Session{}, err
	}
	return newTok, next, nil
}

// EnableTOTP turns the second factor on with secret (from NewTOTPSecret,
// shown to the user as a QR code of TOTPURI) once the user has proved the
// app is set up by typing its current code.
func (s *Service) EnableTOTP(ctx context.Context, userID int64, secret, code string) error {
	if _, err := decodeSecret(secret); err != nil {
		return apperr.Wrap(apperr.Invalid, msgBadSecret, err)
	}
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	step, ok := matchTOTP(secret, code, s.now())
	if !ok {
		return &apperr.Error{Code: apperr.Invalid, Message: msgEnrolBadCode, Fields: map[string]string{"code": msgEnrolBadCode}}
	}
	u.TOTPSecret, u.UpdatedAt = strings.ToUpper(strings.ReplaceAll(secret, " ", "")), s.now()
	if err := s.users.UpdateUser(ctx, &u, nil); err != nil {
		return err
	}
	// The enrolment code is spent too. An older recorded step is not an error.
	if err := s.users.UseTOTPStep(ctx, u.ID, step); err != nil && !apperr.Is(err, apperr.Conflict) {
		return err
	}
	return nil
}

// DisableTOTP turns the second factor off. The caller must have checked
// the user's password again, or be an administrator helping a user who
// lost their phone.
func (s *Service) DisableTOTP(ctx context.Context, userID int64) error {
	u, err := s.users.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	u.TOTPSecret, u.UpdatedAt = "", s.now()
	return s.users.UpdateUser(ctx, &u, nil)
}
