package admin

import (
	"net/http"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/user"
)

const (
	msgNeedEmail    = "Vui lòng nhập địa chỉ email."
	msgNeedPassword = "Vui lòng nhập mật khẩu."
	msgSignedOut    = "Bạn đã đăng xuất."
	msgSessionEnded = "Phiên đăng nhập đã kết thúc, vui lòng đăng nhập lại."
)

var loginFields = []string{"email", "password"}

// loginForm shows the sign-in form; a browser already signed in goes on.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.loadAccount(w, r)
	if err != nil {
		return err
	}
	next := safeNext(r.URL.Query().Get("next"))
	if acc != nil {
		if g := s.gate(acc); g != "" {
			http.Redirect(w, r, withNext(g, next), http.StatusSeeOther)
		} else {
			http.Redirect(w, r, next, http.StatusSeeOther)
		}
		return nil
	}
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	p := LoginPage{Layout: Layout{Title: "Đăng nhập", Site: *site}, Form: Form{Order: loginFields}, Next: next}
	switch {
	case r.URL.Query().Has("da-dang-xuat"):
		p.Notice = msgSignedOut
	case r.URL.Query().Has("het-phien"):
		p.Notice = msgSessionEnded
	}
	return s.render(w, http.StatusOK, "login", p)
}

// login checks the email and password. The service gives the same answer
// for an unknown email and a wrong password, and throttles both.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	typed := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	p := LoginPage{Layout: Layout{Title: "Đăng nhập", Site: *site}, Form: Form{Order: loginFields}, Email: clip(typed, user.MaxEmail+10), Next: next}

	if typed == "" {
		p.add("email", msgNeedEmail)
	} else if _, err := user.NormalizeEmail(typed); err != nil {
		p.add("email", apperr.MessageOf(err))
	}
	if password == "" {
		p.add("password", msgNeedPassword)
	}
	if !p.OK() {
		p.Title = "Lỗi: " + p.Title
		return s.render(w, http.StatusUnprocessableEntity, "login", p)
	}

	ip := s.clientIP(r)
	u, err := s.users.Authenticate(r.Context(), typed, password, ip)
	if err != nil {
		return s.loginFailed(w, r, site.ID, typed, p, err)
	}

	// The policies are read before a session exists: one that cannot be
	// read stops the sign-in (503) rather than skip a second factor.
	ms, err := s.users.FindMemberships(r.Context(), u.ID)
	if err != nil {
		return err
	}
	acc := &account{User: u, Memberships: ms, Site: *site}
	if err := s.withPolicies(acc); apperr.Is(err, apperr.Unavailable) {
		p.Alert, p.Title = apperr.MessageOf(err), "Lỗi: "+p.Title
		return s.render(w, http.StatusServiceUnavailable, "login", p)
	} else if err != nil {
		return err
	}
	// A browser signing in again drops its old session.
	if old := sessionToken(r); old != "" {
		_ = s.users.EndSession(r.Context(), old)
	}
	token, sess, err := s.users.StartSession(r.Context(), u, ip, r.UserAgent())
	if apperr.Is(err, apperr.Unavailable) {
		p.Alert, p.Title = apperr.MessageOf(err), "Lỗi: "+p.Title
		return s.render(w, http.StatusServiceUnavailable, "login", p)
	}
	if err != nil {
		return err
	}
	setSessionCookie(w, r, token)
	acc.Token, acc.Session = token, sess
	var detail map[string]string
	if s.step(acc) != user.StepDone {
		detail = map[string]string{"second_factor": "pending"}
	}
	s.record(r, site.ID, u, "login.ok", detail)
	g := s.gate(acc)
	if g != "" {
		http.Redirect(w, r, withNext(g, next), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// loginFailed answers a sign-in the service refused with err: the form
// again with the reason, and an audit entry, except when the database is
// unavailable.
func (s *Server) loginFailed(w http.ResponseWriter, r *http.Request, siteID int64, typed string, p LoginPage, err error) error {
	status, reason := 0, ""
	switch apperr.CodeOf(err) {
	case apperr.Unauthorized:
		status, reason = http.StatusUnprocessableEntity, "wrong_credentials"
	case apperr.RateLimited:
		status, reason = http.StatusTooManyRequests, "throttled"
	case apperr.Forbidden:
		status, reason = http.StatusForbidden, "disabled"
	case apperr.Unavailable: // the database is busy, down or out of space
		p.Alert, p.Title = apperr.MessageOf(err), "Lỗi: "+p.Title
		return s.render(w, http.StatusServiceUnavailable, "login", p)
	default:
		return err
	}
	s.record(r, siteID, user.User{Email: clip(typed, maxAuditEmail)}, "login.fail",
		map[string]string{"email": clip(typed, maxAuditEmail), "reason": reason})
	p.Alert = apperr.MessageOf(err)
	if reason == "wrong_credentials" {
		p.AlertFields = loginFields
	}
	p.Title = "Lỗi: " + p.Title
	return s.render(w, status, "login", p)
}

// logout ends the browser's session and clears its cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	acc, err := s.loadSession(w, r) // signing out needs no policy
	if err != nil {
		return err
	}
	if acc != nil {
		if err := s.users.EndSession(r.Context(), acc.Token); err != nil {
			return err
		}
		s.record(r, acc.Site.ID, acc.User, "logout", nil)
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, pathLogin+"?da-dang-xuat=1", http.StatusSeeOther)
	return nil
}
