package user

import (
	"context"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// CreateUserOneTime creates an account with a role on a site and a
// generated one-time password, which the caller shows once to the
// administrator who created it; the new user must change it at first
// sign-in. Errors are those of CreateUser.
// The audit entry a (nil: none) is written with the account.
func (s *Service) CreateUserOneTime(ctx context.Context, email, name string, role Role, siteID int64, a *audit.Entry) (User, string, error) {
	pw, err := randomPassword()
	if err != nil {
		return User{}, "", err
	}
	u, err := s.createUser(ctx, email, name, pw, role, siteID, true, a)
	if err != nil {
		return u, "", err
	}
	return u, pw, nil
}

// ResetPassword replaces the user's password by a generated one-time
// password that must be changed at the next sign-in, and ends all the
// user's sessions. The caller shows the password once.
// version is the account's edit version the administrator's page showed
// (ErrStale when it changed since; 0: the version just read). The audit
// entry a (nil: none) is written with the new password.
func (s *Service) ResetPassword(ctx context.Context, userID, version int64, a *audit.Entry) (string, error) {
	u, err := s.findAt(ctx, userID, version)
	if err != nil {
		return "", err
	}
	pw, err := randomPassword()
	if err != nil {
		return "", err
	}
	hash, err := s.hash(ctx, pw)
	if err != nil {
		return "", err
	}
	u.PasswordHash, u.MustChangePassword, u.UpdatedAt = hash, true, s.now()
	if err := s.users.UpdateUser(ctx, &u, a); err != nil {
		return "", err
	}
	return pw, s.sessions.DeleteUserSessions(ctx, u.ID)
}

// MakeSiteAdmin makes email an administrator of site siteID, as the
// first administrator of a new site gets it (trangtin site add
// --admin-email, the platform area's new-site form): an account that
// exists gets the role (audited as user.role), otherwise a new account
// named name is created with a one-time password, returned once to be
// handed over (audited as user.create); password is "" for an existing
// account. a is the audit template (actor, IP; nil: none): its Action
// and SiteID are set here.
func (s *Service) MakeSiteAdmin(ctx context.Context, email, name string, siteID int64, a *audit.Entry) (u User, password string, err error) {
	email, err = NormalizeEmail(email)
	if err != nil {
		return User{}, "", err
	}
	var entry *audit.Entry
	if a != nil {
		e := *a
		e.SiteID = siteID
		entry = &e
	}
	if u, err := s.users.FindUserByEmail(ctx, email); err == nil {
		if entry != nil {
			entry.Action = "user.role"
		}
		return u, "", s.SetMembership(ctx, Membership{UserID: u.ID, SiteID: siteID, Role: RoleSiteAdmin}, entry)
	} else if !apperr.Is(err, apperr.NotFound) {
		return User{}, "", err
	}
	if entry != nil {
		entry.Action = "user.create"
	}
	// The name is made from the site's, which may be longer than a
	// person's may be.
	if r := []rune(cleanName(name)); len(r) > MaxName {
		name = string(r[:MaxName])
	}
	return s.CreateUserOneTime(ctx, email, name, RoleSiteAdmin, siteID, entry)
}

// CreateAccountOneTime creates an account without any role and with a
// generated one-time password, which the caller shows once: a member of a
// unit that answers citizens' questions, whose only right comes from the
// unit. Errors are those of CreateUser.
func (s *Service) CreateAccountOneTime(ctx context.Context, email, name string, a *audit.Entry) (User, string, error) {
	pw, err := randomPassword()
	if err != nil {
		return User{}, "", err
	}
	fe := fieldErrors{}
	email, err = NormalizeEmail(email)
	fe.add(err)
	name = cleanName(name)
	fe.check(name != "", "name", msgNoName)
	fe.check(utf8.RuneCountInString(name) <= MaxName, "name", msgLongName)
	if err := fe.err(); err != nil {
		return User{}, "", err
	}
	if _, err := s.users.FindUserByEmail(ctx, email); err == nil {
		return User{}, "", emailTaken()
	} else if !apperr.Is(err, apperr.NotFound) {
		return User{}, "", err
	}
	hash, err := s.hash(ctx, pw)
	if err != nil {
		return User{}, "", err
	}
	now := s.now()
	u := User{Email: email, Name: name, PasswordHash: hash, MustChangePassword: true, CreatedAt: now, UpdatedAt: now}
	if err := s.users.CreateUser(ctx, &u, nil, a); err != nil {
		return User{}, "", err
	}
	return u, pw, nil
}
