package user

import (
	"context"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// The second factor (TOTP): the sign-in step it adds, enrolment.

// Messages about the second factor.
const (
	msgBadCode      = "Mã xác thực không đúng hoặc đã được sử dụng."
	msgNoTOTP       = "Tài khoản chưa bật xác thực hai lớp."
	msgEnrolBadCode = "Mã xác thực không đúng. Hãy kiểm tra giờ trên điện thoại và thử lại."
)

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
// app is set up by typing its current code. a (may be nil) is written to
// the audit log with the change.
func (s *Service) EnableTOTP(ctx context.Context, userID int64, secret, code string, a *audit.Entry) error {
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
	if err := s.users.UpdateUser(ctx, &u, a); err != nil {
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
