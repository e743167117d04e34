package user

import (
	"context"
	"crypto/rand"
	"slices"
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// Accounts: creating, editing, disabling and the roles of users.

// Messages about accounts.
const (
	msgEmailTaken   = "Địa chỉ email này đã được dùng cho một tài khoản khác."
	msgNoName       = "Vui lòng nhập họ và tên."
	msgLongName     = "Họ và tên quá dài."
	msgNeedSite     = "Vui lòng chọn trang cho vai trò này."
	msgBadCurrent   = "Mật khẩu hiện tại không đúng."
	msgLastAdmin    = "Không thể gỡ hoặc khoá quản trị hệ thống cuối cùng."
	firstAdminEmail = "admin@localhost"
	firstAdminName  = "Quản trị hệ thống"
)

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

// FindUserByEmail returns the account of the address (normalised), or
// apperr.NotFound.
func (s *Service) FindUserByEmail(ctx context.Context, email string) (User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	return s.users.FindUserByEmail(ctx, e)
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
// starts a new one for the current browser if it wants to. a (may be nil)
// is written to the audit log with the change.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string, a *audit.Entry) error {
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
	if err := s.users.UpdateUser(ctx, &u, a); err != nil {
		return err
	}
	return s.sessions.DeleteUserSessions(ctx, u.ID)
}

// ChangePassword is SetPassword for users changing their own password:
// the current one must be given.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, password string, a *audit.Entry) error {
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
	return s.SetPassword(ctx, userID, password, a)
}

// SetDisabled disables or re-enables an account. Disabling ends its
// sessions. The last enabled platform administrator cannot be disabled.
// version is the account's edit version the administrator's page showed:
// an account changed since is ErrStale (0 acts on the version just read,
// for callers with no page). a (may be nil) is written to the audit log
// with the change.
func (s *Service) SetDisabled(ctx context.Context, userID, version int64, disabled bool, a *audit.Entry) error {
	u, err := s.findAt(ctx, userID, version)
	if err != nil {
		return err
	}
	if disabled && !u.Disabled {
		if err := s.checkNotLastAdmin(ctx, u.ID); err != nil {
			return err
		}
	}
	u.Disabled, u.UpdatedAt = disabled, s.now()
	if err := s.users.UpdateUser(ctx, &u, a); err != nil {
		return err
	}
	if disabled {
		return s.sessions.DeleteUserSessions(ctx, u.ID)
	}
	return nil
}

// findAt reads the account userID as a change starts from it: version
// is the edit version the caller's page showed, and an account changed
// since is ErrStale (0: the version just read). The store checks the
// version read again when it writes.
func (s *Service) findAt(ctx context.Context, userID, version int64) (User, error) {
	u, err := s.users.FindUserByID(ctx, userID)
	if err == nil && version != 0 && version != u.Version {
		err = ErrStale
	}
	return u, err
}

// SetRoles makes the changes of a RolePlan (Add, then Remove) to the
// account userID in one transaction with the audit entry a (may be nil),
// and adds one to the account's edit version, so that a roles form shown
// before is refused. version is the edit version the administrator's page
// showed (ErrStale when the account changed since; 0: the version just
// read). The last platform administrator keeps the role.
func (s *Service) SetRoles(ctx context.Context, userID, version int64, add, remove []Membership, a *audit.Entry) error {
	for _, m := range slices.Concat(add, remove) {
		if err := validMembership(m); err != nil {
			return err
		}
		if m.UserID != userID {
			return apperr.New(apperr.Invalid, "Vai trò không thuộc tài khoản này.")
		}
	}
	u, err := s.findAt(ctx, userID, version)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(remove, func(m Membership) bool { return m.Role == RoleAdmin }) {
		if err := s.checkNotLastAdmin(ctx, userID); err != nil {
			return err
		}
	}
	return s.users.ChangeMemberships(ctx, userID, u.Version, add, remove, a)
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
