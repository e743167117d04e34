package admin

import (
	"context"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

// CookieName is the session cookie. It holds the random token; the
// database keeps only its hash.
const CookieName = "tt_phien"

// cookiePath limits the cookie to the area: the public pages never see it.
const cookiePath = "/quan-tri/"

func setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	// No Expires: the cookie ends with the browser, the session on the
	// server ends after user.Limits.IdleTimeout or SessionLifetime.
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: token, Path: cookiePath,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: httpx.IsHTTPS(r),
	})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: "", Path: cookiePath, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: httpx.IsHTTPS(r),
	})
}

func sessionToken(r *http.Request) string {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return ""
	}
	return c.Value
}

// account is the signed-in browser, as the handlers of the area see it.
type account struct {
	Token       string
	Session     user.Session
	User        user.User
	Memberships []user.Membership
	Site        content.Site // the site of the request's host

	// Read once per request by withPolicies, so that a policy that cannot
	// be read stops the request (503) instead of applying the zero Policy.
	policy       user.Policy // of Site
	secondFactor bool        // some policy makes TOTP mandatory for this user

	// The site's units that answer questions the user belongs to, read
	// once (memberUnits).
	units     []question.Unit
	unitsRead bool
}

type ctxKey int

const accountKey ctxKey = iota

func withAccount(ctx context.Context, acc *account) context.Context {
	return context.WithValue(ctx, accountKey, acc)
}

// accountFrom returns the account requireUser or withAccount put in the
// context, or nil.
func accountFrom(ctx context.Context) *account {
	acc, _ := ctx.Value(accountKey).(*account)
	return acc
}

// loadSession returns the browser's account, or nil when it has no valid
// session (no cookie, an unknown, ended or expired token, a removed or
// disabled account). A stale cookie is cleared.
func (s *Server) loadSession(w http.ResponseWriter, r *http.Request) (*account, error) {
	site, err := s.siteFor(r)
	if err != nil {
		return nil, err
	}
	token := sessionToken(r)
	if token == "" {
		return nil, nil
	}
	ctx := r.Context()
	sess, err := s.users.SessionByToken(ctx, token)
	if apperr.Is(err, apperr.Unauthorized) {
		clearSessionCookie(w, r)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := s.users.FindUserByID(ctx, sess.UserID)
	if apperr.Is(err, apperr.NotFound) || err == nil && u.Disabled {
		_ = s.users.EndSession(ctx, token)
		clearSessionCookie(w, r)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ms, err := s.users.FindMemberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &account{Token: token, Session: sess, User: u, Memberships: ms, Site: *site}, nil
}

// loadAccount is loadSession with the account's policies read (see
// withPolicies), for every page that decides what the user may do.
func (s *Server) loadAccount(w http.ResponseWriter, r *http.Request) (*account, error) {
	acc, err := s.loadSession(w, r)
	if err != nil || acc == nil {
		return acc, err
	}
	if err := s.withPolicies(acc); err != nil {
		return nil, err
	}
	return acc, nil
}

// withPolicies reads the policies that apply to acc: the policy of each
// site they hold a role on, of the platform for platform administrators,
// and of the site they are on now. Any one requiring TOTP for the user's
// roles there makes it required. A policy that cannot be read is an error
// (apperr.Unavailable), never the zero Policy.
func (s *Server) withPolicies(acc *account) error {
	p, err := s.policy(acc.Site.ID)
	if err != nil {
		return err
	}
	acc.policy, acc.secondFactor = p, false
	ids := []int64{acc.Site.ID}
	for _, m := range acc.Memberships {
		ids = append(ids, m.SiteID)
	}
	for _, id := range ids {
		var there []user.Membership
		for _, m := range acc.Memberships {
			if m.SiteID == id || m.SiteID == 0 {
				there = append(there, m)
			}
		}
		if len(there) == 0 {
			continue // no role that any policy could concern
		}
		p, err := s.policy(id)
		if err != nil {
			return err
		}
		if user.NeedsSecondFactor(there, p) {
			acc.secondFactor = true
		}
	}
	return nil
}

// step is what the session still lacks before the area opens.
func (s *Server) step(acc *account) user.SignInStep {
	p := user.Policy{RequireSecondFactor: acc.secondFactor}
	return user.NextStep(acc.User, acc.Memberships, acc.Session, p)
}

// gate returns the page the browser must go through before the rest of
// the area, or "" when it is fully signed in. A user with TOTP proves it
// first; then a one-time password is changed; then, if the site requires
// a second factor the user has not set up, it is set up. (Changing the
// password ends every session, so doing it before the set-up saves one
// code.)
func (s *Server) gate(acc *account) string {
	switch s.step(acc) {
	case user.StepTOTPCode:
		return pathCode
	case user.StepTOTPSetup:
		if acc.User.MustChangePassword {
			return pathPassword
		}
		return pathSetup
	}
	if acc.User.MustChangePassword {
		return pathPassword
	}
	return ""
}

// withNext adds next to a gate page's URL, unless it is the dashboard.
func withNext(p, next string) string {
	if next == "" || next == pathHome {
		return p
	}
	return p + "?next=" + url.QueryEscape(next)
}

// loginURL is the sign-in page that comes back to next.
func loginURL(next string) string { return pathLogin + "?next=" + url.QueryEscape(next) }

// redirectToLogin sends an anonymous visitor to sign in, coming back to
// the page they asked for (for GET) or the dashboard.
func redirectToLogin(w http.ResponseWriter, r *http.Request) {
	next := pathHome
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		next = safeNext(r.URL.RequestURI())
	}
	http.Redirect(w, r, loginURL(next), http.StatusSeeOther)
}

// safeNext returns s when it is a page of the area to go back to after
// signing in, and the dashboard otherwise: never another host
// ("//evil.example", "https://…", "/\evil"), never the sign-in pages.
func safeNext(s string) string {
	if s == "" || len(s) > 2000 || !strings.HasPrefix(s, pathHome) ||
		strings.ContainsAny(s, "\\\x00\r\n\t") || strings.HasPrefix(s, "//") {
		return pathHome
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return pathHome
	}
	p := path.Clean(u.Path)
	if p != "/quan-tri" && !strings.HasPrefix(p, pathHome) {
		return pathHome
	}
	switch p {
	case pathLogin, pathLogout, pathCode, pathSetup, pathPassword, pathSwitch:
		return pathHome
	}
	return s
}

// withAccount serves the sign-in steps that need a session but not a
// finished sign-in (second factor, password change). Anonymous visitors
// are sent to sign in.
func (s *Server) withAccount(h func(w http.ResponseWriter, r *http.Request, acc *account) error) http.Handler {
	return s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		acc, err := s.loadAccount(w, r)
		if err != nil {
			return err
		}
		if acc == nil {
			redirectToLogin(w, r)
			return nil
		}
		return h(w, r, acc)
	})
}

// requireUser lets only fully signed-in users through, with their account
// in the request's context. Anonymous visitors are sent to sign in (303,
// with next=); a session still missing its second factor, or an account
// that must change its password, is sent to that step first.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		acc, err := s.loadAccount(w, r)
		if err != nil {
			return err
		}
		if acc == nil {
			redirectToLogin(w, r)
			return nil
		}
		if g := s.gate(acc); g != "" {
			back := pathHome
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				back = safeNext(r.URL.RequestURI())
			}
			http.Redirect(w, r, withNext(g, back), http.StatusSeeOther)
			return nil
		}
		if acc.Site.Archived() && r.Method != http.MethodGet && r.Method != http.MethodHead && r.URL.Path != pathSwitch {
			// An archived site is a public record: read-only for everyone
			// until a platform administrator reopens it (site reopen).
			// Switching to another site changes nothing here.
			return content.ErrSiteArchived
		}
		next.ServeHTTP(w, r.WithContext(withAccount(r.Context(), acc)))
		return nil
	})
}

// can reports whether the signed-in user may do a on the current site.
func (s *Server) can(acc *account, a user.Action) bool {
	return !acc.User.Disabled && user.Can(acc.Memberships, acc.Site.ID, a, acc.policy)
}

// requireCan answers 403 with a Vietnamese page when the user may not do a
// on the site of the request's host. It runs inside requireUser.
func (s *Server) requireCan(a user.Action, next http.Handler) http.Handler {
	return s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		acc := accountFrom(r.Context())
		if acc == nil {
			return apperr.New(apperr.Unauthorized, "")
		}
		if !s.can(acc, a) {
			return apperr.Errorf(apperr.Forbidden,
				"Tài khoản của bạn không có quyền “%s” trên %s. Nếu bạn cần quyền này, hãy liên hệ quản trị viên của trang.",
				a.Label(), acc.Site.Name)
		}
		next.ServeHTTP(w, r)
		return nil
	})
}

// layout is the frame of a page for a signed-in user: their roles on the
// current site and the parts of the area they may use.
func (s *Server) layout(acc *account, title, current string) Layout {
	l := Layout{Title: title, Site: acc.Site}
	if s.gate(acc) != "" {
		// Not fully signed in: no navigation yet.
		return l
	}
	l.User = &CurrentUser{Name: acc.User.Name, Email: acc.User.Email, Roles: roleLabels(acc.Memberships, acc.Site.ID)}
	l.Switch = s.siteSwitch(acc)
	l.Nav = append(l.Nav, NavItem{Label: "Tổng quan", URL: pathHome, Current: current == pathHome})
	// A member of a unit that answers questions sees Hỏi đáp and Hộp thư.
	unit := len(s.memberUnits(context.Background(), acc)) > 0
	for i, g := range navGroups {
		ng := NavGroup{Label: g.label, ID: "menu-nhom-" + strconv.Itoa(i+1)}
		for _, sec := range g.items {
			if s.can(acc, sec.action) || unit && (sec.path == pathQuestions || sec.path == pathInbox) {
				ng.Items = append(ng.Items, NavItem{Label: sec.label, URL: sec.path, Description: sec.description, Current: current == sec.path})
			}
		}
		if i == len(navGroups)-1 && s.platform != nil && isPlatformAdmin(acc.Memberships) {
			ng.Items = append(ng.Items, NavItem{Label: "Nền tảng", URL: pathPlatform, Description: "Các trang thông tin của hệ thống", Current: current == pathPlatform})
		}
		if len(ng.Items) > 0 {
			l.Groups = append(l.Groups, ng)
			l.Nav = append(l.Nav, ng.Items...)
		}
	}
	return l
}

// roleLabels lists the Vietnamese names of the roles that apply on siteID,
// the platform-wide ones included, least privileged first.
func roleLabels(ms []user.Membership, siteID int64) []string {
	var out []string
	for _, role := range user.Roles {
		for _, m := range ms {
			if m.Role == role && (m.SiteID == siteID || m.SiteID == 0) {
				out = append(out, role.Label())
				break
			}
		}
	}
	return out
}
