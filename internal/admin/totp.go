package admin

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/user"
)

const (
	msgNeedCode    = "Vui lòng nhập mã gồm 6 chữ số từ ứng dụng xác thực."
	msgCodeDigits  = "Mã xác thực gồm đúng 6 chữ số."
	msgTOTPEnabled = "Đã bật xác thực hai lớp. Để hoàn tất đăng nhập, hãy chờ ứng dụng hiện mã mới (khoảng 30 giây) rồi nhập mã đó."
	msgPwChanged   = "Đã đổi mật khẩu. Vui lòng nhập mã xác thực để tiếp tục."
)

var codeFields = []string{"code"}

// cleanCode removes the spaces and dashes people type or paste within a
// code, and checks what is left is six digits.
func cleanCode(s string) (string, string) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		return "", msgNeedCode
	}
	if len(s) != user.TOTPDigits || strings.Trim(s, "0123456789") != "" {
		return "", msgCodeDigits
	}
	return s, ""
}

// codeForm asks for the code of a user who has TOTP on.
func (s *Server) codeForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	next := safeNext(r.URL.Query().Get("next"))
	if g := s.gate(acc); g != pathCode {
		http.Redirect(w, r, orNext(g, next), http.StatusSeeOther)
		return nil
	}
	p := CodePage{Layout: s.layout(acc, "Xác thực hai lớp", ""), Form: Form{Order: codeFields}, Next: next}
	switch {
	case r.URL.Query().Has("da-bat"):
		p.Notice = msgTOTPEnabled
	case r.URL.Query().Has("da-doi-mat-khau"):
		p.Notice = msgPwChanged
	}
	return s.render(w, http.StatusOK, "code", p)
}

// orNext is the gate page g with next, or next itself when there is no gate.
func orNext(g, next string) string {
	if g == "" {
		return next
	}
	return withNext(g, next)
}

// verifyCode checks the code; the service replaces the session by a new
// one marked as having passed the second factor.
func (s *Server) verifyCode(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"))
	if g := s.gate(acc); g != pathCode {
		http.Redirect(w, r, orNext(g, next), http.StatusSeeOther)
		return nil
	}
	p := CodePage{Layout: s.layout(acc, "Xác thực hai lớp", ""), Form: Form{Order: codeFields}, Next: next}
	code, problem := cleanCode(r.PostFormValue("code"))
	if problem != "" {
		p.add("code", problem)
		p.Title = "Lỗi: " + p.Title
		return s.render(w, http.StatusUnprocessableEntity, "code", p)
	}
	token, _, err := s.users.VerifySecondFactor(r.Context(), acc.Token, code, s.clientIP(r))
	if err != nil {
		var status int
		var e *apperr.Error
		if errors.As(err, &e) {
			switch {
			case e.Code == apperr.Unauthorized && e.Fields["code"] != "":
				status = http.StatusUnprocessableEntity
				p.add("code", e.Fields["code"])
			case e.Code == apperr.RateLimited:
				status = http.StatusTooManyRequests
				p.Alert, p.AlertFields = e.Message, codeFields
			case e.Code == apperr.Unauthorized: // the session ended meanwhile
				clearSessionCookie(w, r)
				http.Redirect(w, r, pathLogin+"?het-phien=1&next="+url.QueryEscape(next), http.StatusSeeOther)
				return nil
			}
		}
		if status == 0 {
			return err
		}
		s.record(r, acc.Site.ID, acc.User, "login.second_factor_fail", map[string]string{"reason": string(apperr.CodeOf(err))})
		p.Title = "Lỗi: " + p.Title
		return s.render(w, status, "code", p)
	}
	setSessionCookie(w, r, token)
	s.record(r, acc.Site.ID, acc.User, "login.second_factor_ok", nil)
	acc.Token = token
	acc.Session.SecondFactorDone = true
	http.Redirect(w, r, orNext(s.gate(acc), next), http.StatusSeeOther)
	return nil
}

// setupAllowed reports whether the user may turn TOTP on now: when the
// site requires it, or of their own choice once fully signed in. It is
// never offered to a user who has it, so a stolen password cannot replace
// the secret.
func (s *Server) setupAllowed(acc *account) bool {
	if acc.User.HasTOTP() {
		return false
	}
	g := s.gate(acc)
	return g == pathSetup || g == ""
}

// setupForm shows a new secret, as a link an authenticator app opens on the
// phone and as text to type in, and asks for the first code.
func (s *Server) setupForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	next := safeNext(r.URL.Query().Get("next"))
	if !s.setupAllowed(acc) {
		http.Redirect(w, r, orNext(s.gate(acc), next), http.StatusSeeOther)
		return nil
	}
	secret, err := user.NewTOTPSecret()
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "setup", s.setupPage(acc, secret, next))
}

func (s *Server) setupPage(acc *account, secret, next string) SetupPage {
	issuer := acc.Site.Name
	if issuer == "" {
		issuer = "trangtin"
	}
	return SetupPage{
		Layout:   s.layout(acc, "Bật xác thực hai lớp", ""),
		Form:     Form{Order: codeFields},
		Next:     next,
		Required: s.gate(acc) == pathSetup,
		Secret:   secret,
		Grouped:  group(secret, 4),
		Issuer:   issuer,
		Account:  acc.User.Email,
		// Built here from our own issuer, email and secret, all escaped by
		// TOTPURI: safe as a link.
		URI: template.URL(user.TOTPURI(issuer, acc.User.Email, secret)),
	}
}

// setup turns TOTP on once the user typed a code from the app.
func (s *Server) setup(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"))
	if !s.setupAllowed(acc) {
		http.Redirect(w, r, orNext(s.gate(acc), next), http.StatusSeeOther)
		return nil
	}
	secret := strings.ToUpper(strings.Join(strings.Fields(r.PostFormValue("secret")), ""))
	if _, err := user.TOTPCode(secret, s.now()); err != nil {
		// The hidden field was altered: start again with a new secret.
		if secret, err = user.NewTOTPSecret(); err != nil {
			return err
		}
	}
	p := s.setupPage(acc, secret, next)
	code, problem := cleanCode(r.PostFormValue("code"))
	if problem != "" {
		p.add("code", problem)
		p.Title = "Lỗi: " + p.Title
		return s.render(w, http.StatusUnprocessableEntity, "setup", p)
	}
	a := s.auditEntry(r, acc, "user.totp_enable", "user:"+strconv.FormatInt(acc.User.ID, 10), nil)
	if err := s.users.EnableTOTP(r.Context(), acc.User.ID, secret, code, a); err != nil {
		var e *apperr.Error
		if errors.As(err, &e) && e.Code == apperr.Invalid && e.Fields["code"] != "" {
			p.add("code", e.Fields["code"])
			p.Title = "Lỗi: " + p.Title
			return s.render(w, http.StatusUnprocessableEntity, "setup", p)
		}
		return err
	}
	// The session was opened without a second factor, and the code just
	// typed is spent: the next code from the app finishes the sign-in.
	http.Redirect(w, r, pathCode+"?da-bat=1&next="+url.QueryEscape(next), http.StatusSeeOther)
	return nil
}

// group splits s into space-separated groups of n characters.
func group(s string, n int) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%n == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}
