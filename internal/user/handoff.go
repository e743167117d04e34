package user

import (
	"context"
	"errors"
	"time"

	"trangtin/internal/apperr"
)

// Handoffs: a signed-in browser goes from one site's host to another's
// without signing in again. The session cookie is per host, so the source
// host issues a one-time token (IssueHandoff) that the browser carries to
// the target host in the address, where it is redeemed (RedeemHandoff) for
// a session of that host. Only the token's SHA-256 is stored, with the
// account, the target site and the source session: it is good for one
// site, for HandoffLifetime, once, and only while the source session is
// alive. Being in the store, it works whichever node answers either side.

// HandoffLifetime is how long a handoff token may wait to be redeemed.
const HandoffLifetime = 60 * time.Second

// Handoff is a one-time passage of a signed-in browser to another site.
type Handoff struct {
	TokenHash   string // hex SHA-256 of the 32 random token bytes
	UserID      int64
	SiteID      int64  // the site it may be redeemed on
	FromSiteID  int64  // the site it was issued on (for the audit log)
	FromSession string // the token hash of the session it was issued from
	CreatedAt   time.Time
	ExpiresAt   time.Time
	Used        bool
}

// HandoffStore persists handoffs. sqlstore.DB implements it; a
// SessionStore that does too gives the Service its handoffs.
type HandoffStore interface {
	CreateHandoff(ctx context.Context, h Handoff) error
	// UseHandoff marks the handoff used and returns it (Used now true),
	// atomically: of concurrent calls, from any node, only one gets it.
	// An unknown hash is ErrHandoffNotFound; one used already is returned
	// with ErrHandoffUsed.
	UseHandoff(ctx context.Context, tokenHash string) (Handoff, error)
	// DeleteUserHandoffs forgets every handoff of the user (signed out
	// everywhere).
	DeleteUserHandoffs(ctx context.Context, userID int64) error
	// DeleteHandoffsBefore forgets the handoffs that expired at or before
	// before, and reports how many.
	DeleteHandoffsBefore(ctx context.Context, before time.Time) (int64, error)
}

// Messages of a refused handoff.
const (
	msgHandoffInvalid  = "Liên kết chuyển trang không hợp lệ. Vui lòng đăng nhập, hoặc quay lại trang trước và chọn lại trang cần chuyển đến."
	msgHandoffUsed     = "Liên kết chuyển trang này đã được dùng. Mỗi liên kết chỉ dùng được một lần: vui lòng quay lại trang trước và chọn lại trang cần chuyển đến, hoặc đăng nhập."
	msgHandoffExpired  = "Liên kết chuyển trang đã hết hạn (chỉ dùng được trong 60 giây). Vui lòng quay lại trang trước và chọn lại trang cần chuyển đến, hoặc đăng nhập."
	msgHandoffElsewere = "Liên kết chuyển trang này dành cho một trang thông tin khác, không dùng được ở đây. Vui lòng đăng nhập, hoặc chọn lại trang cần chuyển đến."
	msgHandoffNoRole   = "Tài khoản của bạn không có vai trò nào trên trang thông tin này nên không chuyển sang được. Nếu bạn cần quyền ở đây, hãy liên hệ quản trị viên của trang."
	msgHandoffEnded    = "Phiên đăng nhập ở trang trước đã kết thúc nên không chuyển trang được. Vui lòng đăng nhập lại."
	msgHandoffOff      = "Chức năng chuyển trang chưa sẵn sàng trên máy chủ này. Vui lòng đăng nhập."
	msgHandoffOther    = "Trình duyệt này đang đăng nhập một tài khoản khác ở trang thông tin này nên không chuyển được. Hãy đăng xuất tài khoản đó trước rồi chọn lại trang cần chuyển đến."
)

// The refusals of RedeemHandoff (tell them apart with errors.Is).
var (
	// ErrHandoffNotFound is a token never issued (forged, mistyped) or
	// forgotten since.
	ErrHandoffNotFound = apperr.New(apperr.NotFound, msgHandoffInvalid)
	// ErrHandoffUsed is a token redeemed already.
	ErrHandoffUsed = apperr.New(apperr.Conflict, msgHandoffUsed)
	// ErrHandoffExpired is a token redeemed after HandoffLifetime.
	ErrHandoffExpired = apperr.New(apperr.Gone, msgHandoffExpired)
	// ErrHandoffOtherSite is a token issued for another site.
	ErrHandoffOtherSite = apperr.New(apperr.Forbidden, msgHandoffElsewere)
	// ErrHandoffNoRole is an account without a role on the target site
	// (taken away since, or never held).
	ErrHandoffNoRole = apperr.New(apperr.Forbidden, msgHandoffNoRole)
	// ErrHandoffSessionEnded is a token whose source session ended
	// (signed out, expired, the password changed) before it was redeemed.
	ErrHandoffSessionEnded = apperr.New(apperr.Unauthorized, msgHandoffEnded)
	// ErrHandoffOtherAccount is a token of one account brought to a
	// browser signed in there with another: a link made by someone else
	// must not swap the account a person works under.
	ErrHandoffOtherAccount = apperr.New(apperr.Conflict, msgHandoffOther)
)

// MayEnter reports whether a user with these memberships may work on
// the site siteID: they hold a role there, or are a platform
// administrator. It is who may switch to a site.
func MayEnter(memberships []Membership, siteID int64) bool {
	for _, m := range memberships {
		if m.Role == RoleAdmin && m.SiteID == 0 || siteID > 0 && m.SiteID == siteID {
			return true
		}
	}
	return false
}

// IssueHandoff returns a one-time token that takes the browser signed in
// with the session sess (of u, on the site fromSiteID) to the site siteID,
// to be redeemed there within HandoffLifetime. The caller checks, with
// MayEnter, that u may enter siteID; it is checked again at redemption.
func (s *Service) IssueHandoff(ctx context.Context, u User, sess Session, fromSiteID, siteID int64) (string, error) {
	if s.handoffs == nil {
		return "", apperr.New(apperr.Unavailable, msgHandoffOff)
	}
	if u.Disabled {
		return "", apperr.New(apperr.Forbidden, msgDisabled)
	}
	if sess.UserID != u.ID || sess.TokenHash == "" {
		return "", apperr.New(apperr.Unauthorized, msgSessionEnded)
	}
	token, hash, err := newToken()
	if err != nil {
		return "", err
	}
	now := s.now()
	h := Handoff{TokenHash: hash, UserID: u.ID, SiteID: siteID, FromSiteID: fromSiteID, FromSession: sess.TokenHash,
		CreatedAt: now, ExpiresAt: now.Add(HandoffLifetime)}
	if err := s.handoffs.CreateHandoff(ctx, h); err != nil {
		return "", err
	}
	return token, nil
}

// Redeemed is a handoff RedeemHandoff accepted, or the part of a refused
// one that was known (zero when the token was unknown).
type Redeemed struct {
	Handoff Handoff
	User    User
	// Token and Session are the new session of the target host.
	Token   string
	Session Session
}

// RedeemHandoff uses the handoff token on the site siteID and starts a
// session there for its account, from the client ip with userAgent;
// signedIn is the account the browser is signed in with there already (0:
// none), which must be the token's (else ErrHandoffOtherAccount). The
// new session keeps the source session's second factor and its absolute
// expiry (switching never lengthens a sign-in); the target site's own
// rules (a second factor its policy requires, the idle timeout) apply to
// it as to any session. A token is used by the first redemption, even one
// refused: forged or unknown (ErrHandoffNotFound), used already
// (ErrHandoffUsed), expired (ErrHandoffExpired), for another site
// (ErrHandoffOtherSite), brought to a browser signed in there with
// another account (ErrHandoffOtherAccount), of an account without a role there
// (ErrHandoffNoRole), disabled (apperr.Forbidden) or signed out since
// (ErrHandoffSessionEnded) gets no session. The known part of a refused
// handoff is returned with the error, for the audit log.
func (s *Service) RedeemHandoff(ctx context.Context, token string, siteID, signedIn int64, ip, userAgent string) (Redeemed, error) {
	var out Redeemed
	if s.handoffs == nil {
		return out, apperr.New(apperr.Unavailable, msgHandoffOff)
	}
	hash, err := TokenHash(token)
	if err != nil {
		return out, ErrHandoffNotFound
	}
	h, err := s.handoffs.UseHandoff(ctx, hash)
	if err != nil {
		if errors.Is(err, ErrHandoffUsed) {
			out.Handoff = h
		}
		return out, err
	}
	out.Handoff = h
	now := s.now()
	if !now.Before(h.ExpiresAt) {
		return out, ErrHandoffExpired
	}
	if h.SiteID != siteID {
		return out, ErrHandoffOtherSite
	}
	if signedIn != 0 && signedIn != h.UserID {
		return out, ErrHandoffOtherAccount
	}
	u, err := s.users.FindUserByID(ctx, h.UserID)
	if errors.Is(err, ErrNotFound) {
		return out, ErrHandoffNotFound
	}
	if err != nil {
		return out, err
	}
	out.User = u
	if u.Disabled {
		return out, apperr.New(apperr.Forbidden, msgDisabled)
	}
	ms, err := s.users.FindMemberships(ctx, u.ID)
	if err != nil {
		return out, err
	}
	if !MayEnter(ms, siteID) {
		return out, ErrHandoffNoRole
	}
	from, err := s.sessions.FindSessionByTokenHash(ctx, h.FromSession)
	if apperr.Is(err, apperr.NotFound) {
		return out, ErrHandoffSessionEnded
	}
	if err != nil {
		return out, err
	}
	if from.UserID != u.ID || !now.Before(from.ExpiresAt) || now.Sub(from.LastSeen) >= s.limits.IdleTimeout {
		return out, ErrHandoffSessionEnded
	}
	tok, sess, err := s.startSession(ctx, u, ip, userAgent, from.SecondFactorDone, from.ExpiresAt)
	if err != nil {
		return out, err
	}
	out.Token, out.Session = tok, sess
	return out, nil
}
