package admin

import (
	"errors"
	"net/http"

	"trangtin/internal/apperr"
	"trangtin/internal/user"
)

// The site administrator's pages: users and roles (users.go), the audit
// log (audit_log.go), the site's information and account policy
// (site_settings.go) and the category tree (categories.go).

const (
	pathSiteSettings = "/quan-tri/thong-tin-trang"
)

// adminPage registers a page of the site administrator behind sign-in and
// the permission a.
func (s *Server) adminPage(mux *http.ServeMux, pattern string, a user.Action, h func(http.ResponseWriter, *http.Request, *account) error) {
	mux.Handle(pattern, s.requireUser(s.requireCan(a, s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return h(w, r, accountFrom(r.Context()))
	}))))
}

// registerSiteAdmin adds the site administrator's pages.
func (s *Server) registerSiteAdmin(mux *http.ServeMux) {
	s.registerUsers(mux)
	s.registerAuditLog(mux)
	s.registerSiteSettings(mux)
	if s.content != nil {
		s.registerCategories(mux)
	}
}

// isPlatformAdmin reports whether the memberships include RoleAdmin.
func isPlatformAdmin(ms []user.Membership) bool {
	for _, m := range ms {
		if m.Role == user.RoleAdmin && m.SiteID == 0 {
			return true
		}
	}
	return false
}

// formErr turns a domain error into the form's messages: its fields, or
// the alert. It returns the error itself when it is not about the input.
func formErr(f *Form, err error) error {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code {
	case apperr.Invalid, apperr.Conflict:
	default:
		return err
	}
	if len(e.Fields) == 0 {
		f.Alert = e.Message
		return nil
	}
	for _, name := range f.Order {
		if msg, ok := e.Fields[name]; ok {
			f.add(name, msg)
		}
	}
	if len(f.Errors) == 0 {
		f.Alert = e.Message
	}
	return nil
}
