package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/user"
)

const (
	msgNeedCurrent  = "Vui lòng nhập mật khẩu hiện tại."
	msgBadCurrent   = "Mật khẩu hiện tại không đúng."
	msgNeedNew      = "Vui lòng nhập mật khẩu mới."
	msgNeedConfirm  = "Vui lòng nhập lại mật khẩu mới."
	msgNoMatch      = "Mật khẩu nhập lại không khớp với mật khẩu mới."
	msgSameAsBefore = "Mật khẩu mới phải khác mật khẩu hiện tại."
)

var passwordFields = []string{"current_password", "new_password", "confirm_password"}

// passwordAllowed: the page is the gate, or the user is fully signed in.
func (s *Server) passwordAllowed(acc *account) bool {
	g := s.gate(acc)
	return g == pathPassword || g == ""
}

func (s *Server) passwordPage(acc *account, next string) PasswordPage {
	return PasswordPage{
		Layout:    s.layout(acc, "Đổi mật khẩu", ""),
		Form:      Form{Order: passwordFields},
		Next:      next,
		Forced:    acc.User.MustChangePassword,
		MinLength: user.MinPassword,
	}
}

// passwordForm asks for the current and a new password; an account made
// with a one-time password comes here before anything else.
func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	next := safeNext(r.URL.Query().Get("next"))
	if !s.passwordAllowed(acc) {
		http.Redirect(w, r, orNext(s.gate(acc), next), http.StatusSeeOther)
		return nil
	}
	return s.render(w, http.StatusOK, "password", s.passwordPage(acc, next))
}

// checkPasswordForm notes on p what is wrong with the form before the
// current password is tried: a missing field, a new password equal to the
// old one or too weak, a confirmation that differs.
func checkPasswordForm(p *PasswordPage, email, current, pw, confirm string) {
	if current == "" {
		p.add("current_password", msgNeedCurrent)
	}
	switch {
	case pw == "":
		p.add("new_password", msgNeedNew)
	case pw == current:
		p.add("new_password", msgSameAsBefore)
	default:
		if err := user.ValidatePassword(pw, email); err != nil {
			p.add("new_password", apperr.MessageOf(err))
		}
	}
	switch {
	case confirm == "":
		p.add("confirm_password", msgNeedConfirm)
	case confirm != pw:
		p.add("confirm_password", msgNoMatch)
	}
}

// restartSession opens a new session for this browser after the password
// change ended them all, and returns the account as seen through it.
func (s *Server) restartSession(w http.ResponseWriter, r *http.Request, acc *account) (*account, error) {
	ctx := r.Context()
	u, err := s.users.FindUserByID(ctx, acc.User.ID)
	if err != nil {
		return nil, err
	}
	token, sess, err := s.users.StartSession(ctx, u, s.clientIP(r), r.UserAgent())
	if err != nil {
		return nil, err
	}
	setSessionCookie(w, r, token)
	fresh := &account{Token: token, Session: sess, User: u, Memberships: acc.Memberships, Site: acc.Site,
		policy: acc.policy, secondFactor: acc.secondFactor}
	return fresh, nil
}

// changePassword checks the current password the way signing in does
// (throttled, so a stolen session cannot guess it), sets the new one, which
// ends every session of the account, and signs this browser in again.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"))
	if !s.passwordAllowed(acc) {
		http.Redirect(w, r, orNext(s.gate(acc), next), http.StatusSeeOther)
		return nil
	}
	p := s.passwordPage(acc, next)
	current, pw, confirm := r.PostFormValue("current_password"), r.PostFormValue("new_password"), r.PostFormValue("confirm_password")
	checkPasswordForm(&p, acc.User.Email, current, pw, confirm)
	if !p.OK() {
		p.Title = "Lỗi: " + p.Title
		return s.render(w, http.StatusUnprocessableEntity, "password", p)
	}

	ctx := r.Context()
	if _, err := s.users.Authenticate(ctx, acc.User.Email, current, s.clientIP(r)); err != nil {
		var e *apperr.Error
		if !errors.As(err, &e) {
			return err
		}
		status := http.StatusUnprocessableEntity
		switch e.Code {
		case apperr.Unauthorized:
			p.add("current_password", msgBadCurrent)
		case apperr.RateLimited:
			status = http.StatusTooManyRequests
			p.Alert, p.AlertFields = e.Message, []string{"current_password"}
		default:
			return err
		}
		s.record(r, acc.Site.ID, acc.User, "password.change_fail", map[string]string{"reason": string(e.Code)})
		p.Title = "Lỗi: " + p.Title
		return s.render(w, status, "password", p)
	}
	if err := s.users.SetPassword(ctx, acc.User.ID, pw, s.auditEntry(r, acc, "password.change", "user:"+strconv.FormatInt(acc.User.ID, 10), nil)); err != nil {
		var e *apperr.Error
		if errors.As(err, &e) && e.Code == apperr.Invalid {
			p.add("new_password", e.Message)
			return s.render(w, http.StatusUnprocessableEntity, "password", p)
		}
		return err
	}

	// Every session of the account has ended; open one for this browser.
	fresh, err := s.restartSession(w, r, acc)
	if err != nil {
		return err
	}
	switch g := s.gate(fresh); g {
	case "":
		http.Redirect(w, r, pathHome+"?da-doi-mat-khau=1", http.StatusSeeOther)
	case pathCode:
		http.Redirect(w, r, pathCode+"?da-doi-mat-khau=1&next="+url.QueryEscape(next), http.StatusSeeOther)
	default:
		http.Redirect(w, r, withNext(g, next), http.StatusSeeOther)
	}
	return nil
}
