package user

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
)

// Browser sessions: tokens, idle and absolute expiry.

// Messages and limits of sessions.
const (
	msgSessionEnded  = "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."
	maxUserAgentRune = 512
)

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
	return s.startSession(ctx, u, ip, userAgent, false, time.Time{})
}

// startSession is StartSession with the second factor done or not, and
// an absolute expiry no later than until (the zero time: no bound but
// Limits.SessionLifetime).
func (s *Service) startSession(ctx context.Context, u User, ip, userAgent string, secondFactor bool, until time.Time) (string, Session, error) {
	if u.Disabled {
		return "", Session{}, apperr.New(apperr.Forbidden, msgDisabled)
	}
	token, hash, err := newToken()
	if err != nil {
		return "", Session{}, err
	}
	now := s.now()
	sess := Session{
		TokenHash:        hash,
		UserID:           u.ID,
		CreatedAt:        now,
		LastSeen:         now,
		ExpiresAt:        now.Add(s.limits.SessionLifetime),
		IP:               truncate(ip, 64),
		UserAgent:        truncate(userAgent, maxUserAgentRune),
		SecondFactorDone: secondFactor,
	}
	if !until.IsZero() && until.Before(sess.ExpiresAt) {
		sess.ExpiresAt = until
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
	if err := s.sessions.DeleteUserSessions(ctx, userID); err != nil {
		return err
	}
	if s.handoffs != nil {
		return s.handoffs.DeleteUserHandoffs(ctx, userID)
	}
	return nil
}

// PurgeExpired deletes ended sessions and forgotten sign-in failures; the
// scheduler calls it now and then.
func (s *Service) PurgeExpired(ctx context.Context) error {
	now := s.now()
	if _, err := s.sessions.DeleteSessionsBefore(ctx, now, now.Add(-s.limits.IdleTimeout)); err != nil {
		return err
	}
	if s.handoffs != nil {
		// Kept a while past their expiry, so that a late redemption is
		// told "expired" rather than "invalid".
		if _, err := s.handoffs.DeleteHandoffsBefore(ctx, now.Add(-time.Hour)); err != nil {
			return err
		}
	}
	return s.attempts.DeleteLoginFailuresBefore(ctx, now.Add(-max(s.limits.AccountWindow, s.limits.IPWindow)))
}
