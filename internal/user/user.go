// Package user holds the people who work in the editors' area: accounts,
// their roles on each site, what each role may do, password hashing,
// server-side sessions, sign-in throttling and the optional TOTP second
// factor.
//
// Like package content it is pure domain code: it defines small Store
// interfaces that the database packages implement, and a Service that
// enforces the rules on top of them. It knows nothing of HTTP, cookies,
// templates or SQL.
package user

import (
	"context"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/contact"
)

// Role is what a user may do on one site.
type Role string

const (
	// RoleReporter writes articles and submits them (phóng viên, cộng tác viên).
	RoleReporter Role = "reporter"
	// RoleEditor corrects, returns with comments and passes to approval.
	RoleEditor Role = "editor"
	// RoleApprover is the editorial board: publishes, schedules, withdraws.
	RoleApprover Role = "approver"
	// RoleSiteAdmin manages a site's categories, menus, information and users.
	// It is an administrator, not the editorial board: it cannot publish.
	RoleSiteAdmin Role = "site-admin"
	// RoleAdmin administers the whole platform; its membership has SiteID 0.
	RoleAdmin Role = "admin"
)

// Roles lists every role, least privileged first.
var Roles = []Role{RoleReporter, RoleEditor, RoleApprover, RoleSiteAdmin, RoleAdmin}

// ParseRole reads a role as written on the command line or in a form.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", apperr.New(apperr.Invalid, "Vai trò không hợp lệ. Chọn một trong: reporter, editor, approver, site-admin, admin.")
	}
	return r, nil
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleReporter, RoleEditor, RoleApprover, RoleSiteAdmin, RoleAdmin:
		return true
	}
	return false
}

// PlatformWide reports whether the role applies to every site (SiteID 0).
func (r Role) PlatformWide() bool { return r == RoleAdmin }

// Label is the role's name shown to users.
func (r Role) Label() string {
	switch r {
	case RoleReporter:
		return "Phóng viên / Cộng tác viên"
	case RoleEditor:
		return "Biên tập viên"
	case RoleApprover:
		return "Phê duyệt (Ban biên tập)"
	case RoleSiteAdmin:
		return "Quản trị trang"
	case RoleAdmin:
		return "Quản trị hệ thống"
	}
	return string(r)
}

// User is an account in the editors' area.
type User struct {
	ID           int64
	Email        string // lower case, NFC; unique
	Name         string // "Nguyễn Thị Kim Thoả"
	PasswordHash string // argon2id in PHC string format
	// MustChangePassword is set on accounts created with a generated
	// password; the admin area asks for a new one before anything else.
	MustChangePassword bool
	TOTPSecret         string // base32; empty when the second factor is off
	// TOTPLastStep is the last 30-second step whose code was accepted, so a
	// code cannot be replayed. Written only through UserStore.UseTOTPStep.
	TOTPLastStep int64
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// Version is the edit version read: UpdateUser writes only over it
	// (else ErrStale) and adds one.
	Version int64
}

// HasTOTP reports whether the user has turned on the second factor.
func (u User) HasTOTP() bool { return u.TOTPSecret != "" }

// Membership gives a user a role on a site. A user may hold several roles
// on several sites. RoleAdmin is platform-wide and always has SiteID 0;
// every other role has a SiteID > 0.
type Membership struct {
	UserID int64
	SiteID int64
	Role   Role
}

// Session is a signed-in browser. The token handed to the browser is never
// stored: only its SHA-256, which is the session's identifier.
type Session struct {
	TokenHash string // hex SHA-256 of the 32 random token bytes
	UserID    int64
	CreatedAt time.Time
	LastSeen  time.Time // updated at most once a minute
	ExpiresAt time.Time // absolute expiry, whatever the activity
	IP        string
	UserAgent string
	// SecondFactorDone is true once a TOTP code was verified for this session.
	SecondFactorDone bool
}

// UserFilter selects users. The zero value of each field means "any".
type UserFilter struct {
	SiteID int64  // only users with a membership on this site (> 0)
	Role   Role   // only users holding this role (on SiteID, if set)
	Query  string // part of the name or email
	Limit  int    // 0 means the store's default (50)
	Offset int
}

// UserStore persists accounts and their memberships.
type UserStore interface {
	// CreateUser inserts u and sets u.ID, with its first role grant (when
	// not nil; its UserID is set) and the audit entry a (when not nil,
	// naming u when it names nothing) in the same transaction. A taken
	// email is apperr.Conflict.
	CreateUser(ctx context.Context, u *User, grant *Membership, a *audit.Entry) error
	// UpdateUser saves every field of u except ID, CreatedAt and
	// TOTPLastStep, if u.Version is still the stored version (else
	// ErrStale, nothing written), then adds one to u.Version. A taken
	// email is ErrEmailTaken.
	// The audit entry a of UpdateUser, SetMembership, RemoveMembership
	// (and SetLockedUntil) is written in the change's transaction.
	UpdateUser(ctx context.Context, u *User, a *audit.Entry) error
	FindUserByID(ctx context.Context, id int64) (User, error)
	// FindUserByEmail matches the lower-case email exactly.
	FindUserByEmail(ctx context.Context, email string) (User, error)
	// FindUsers returns matching users ordered by name, then ID.
	FindUsers(ctx context.Context, f UserFilter) ([]User, error)
	// UseTOTPStep records step as the user's last used TOTP step if it is
	// later than the stored one, atomically; otherwise it changes nothing
	// and returns apperr.Conflict (the code was already used).
	UseTOTPStep(ctx context.Context, userID, step int64) error

	// SetMembership adds m; adding one that exists is not an error.
	SetMembership(ctx context.Context, m Membership, a *audit.Entry) error
	// RemoveMembership removes m; removing one that does not exist is not
	// an error.
	RemoveMembership(ctx context.Context, m Membership, a *audit.Entry) error
	// ChangeMemberships adds add and removes remove (each as SetMembership
	// and RemoveMembership would) and adds one to the account's edit
	// version, if it is still version (else ErrStale, nothing written),
	// with the audit entry a, all in one transaction.
	ChangeMemberships(ctx context.Context, userID, version int64, add, remove []Membership, a *audit.Entry) error
	// FindMemberships returns the user's memberships ordered by site, then role.
	FindMemberships(ctx context.Context, userID int64) ([]Membership, error)
}

// SessionStore persists server-side sessions.
type SessionStore interface {
	CreateSession(ctx context.Context, s Session) error
	// FindSessionByTokenHash returns apperr.NotFound for an unknown hash.
	FindSessionByTokenHash(ctx context.Context, tokenHash string) (Session, error)
	// TouchSession sets the session's LastSeen.
	TouchSession(ctx context.Context, tokenHash string, lastSeen time.Time) error
	// DeleteSession removes one session; an unknown hash is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// DeleteUserSessions signs the user out everywhere.
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteSessionsBefore removes sessions with ExpiresAt <= expiredAt or
	// LastSeen <= idleSince, and reports how many it removed.
	DeleteSessionsBefore(ctx context.Context, expiredAt, idleSince time.Time) (int64, error)
}

// LoginAttemptStore remembers failed sign-ins and locked accounts. Keys are
// opaque strings made by this package: "user:42" for an account,
// "email:x@y.vn" for an address that has no account (so that it is throttled
// the same way and its absence is not revealed), "ip:203.0.113.5" for a
// client address.
//
// A sign-in reserves its attempt before the password is checked
// (ReserveLoginAttempt), so that however many arrive at once, from however
// many nodes, at most the limit of them are checked; the reservation then
// becomes a failure (FailLoginAttempt) or is forgotten (ForgetLoginAttempt).
type LoginAttemptStore interface {
	// ReserveLoginAttempt records a pending attempt for key at at and
	// returns its id (> 0), unless the key is locked at at (its lock ends
	// after at) or already has limit attempts, failed or pending, at or
	// after since; then it records nothing and returns 0 and the lock's end
	// (the zero time when refused for the count alone). The check and the
	// record are atomic per key: concurrent calls, from any node, never
	// reserve more than limit together.
	ReserveLoginAttempt(ctx context.Context, key string, at, since time.Time, limit int) (id int64, lockedUntil time.Time, err error)
	// FailLoginAttempt turns the pending attempt id into a failure at the
	// time it was reserved. An id no longer stored is not an error.
	FailLoginAttempt(ctx context.Context, id int64) error
	// ForgetLoginAttempt removes the pending attempt id (it succeeded, or
	// was never checked). An id no longer stored is not an error.
	ForgetLoginAttempt(ctx context.Context, id int64) error
	// RecordLoginFailure records a failure without a reservation.
	RecordLoginFailure(ctx context.Context, key string, at time.Time) error
	// CountLoginFailures counts the key's failures at or after since;
	// pending attempts are not failures (yet).
	CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	// ClearLoginFailures forgets the key's failures. Pending attempts stay:
	// whoever reserved them settles them.
	ClearLoginFailures(ctx context.Context, key string) error
	// DeleteLoginFailuresBefore forgets every failure, and every pending
	// attempt (left by a crash), older than before.
	DeleteLoginFailuresBefore(ctx context.Context, before time.Time) error
	// SetLockedUntil locks the key until the given time; the zero time unlocks.
	SetLockedUntil(ctx context.Context, key string, until time.Time, a *audit.Entry) error
	// FindLockedUntil returns the key's lock, or the zero time if it has
	// none (never apperr.NotFound).
	FindLockedUntil(ctx context.Context, key string) (time.Time, error)
}

// Limits on field lengths, in characters.
const (
	MaxEmail = contact.MaxEmail
	MaxName  = 200
)

// NormalizeEmail trims, NFC-normalises and lower-cases an address and
// checks its form, returning an apperr.Invalid with a Vietnamese message
// for the "email" field when it is not an address. Host names without a dot
// (admin@localhost) are accepted.
func NormalizeEmail(s string) (string, error) {
	e, ok := contact.NormalizeEmail(s)
	if !ok {
		return e, &apperr.Error{Code: apperr.Invalid, Message: msgBadEmail, Fields: map[string]string{"email": msgBadEmail}}
	}
	return e, nil
}

const msgBadEmail = "Địa chỉ email không hợp lệ (ví dụ đúng: ten@ubnd.gov.vn)."
