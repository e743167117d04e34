package web

import (
	"net/http"
	"net/url"

	"trangtin/internal/apperr"
	"trangtin/internal/contactform"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
)

// The Liên hệ page: the agency's address, phone and e-mail from the site's
// information, a map only when asked for (a link: nothing of the map's
// site loads before a click), and a form whose messages go to the staff,
// never to the public.

const (
	contactPath = "/lien-he"
	contactSent = "/lien-he/da-gui"
)

// ContactPage is /lien-he and its result.
type ContactPage struct {
	Layout
	Form      PublicForm
	Honeypot  string
	MaxLength map[string]int
	MapURL    string // a map search of the address; "" without one
	Sent      bool
}

var contactOrder = []string{"name", "phone", "email", "subject", "body"}

func (s *Server) registerContact(mux *http.ServeMux) {
	if s.contact == nil {
		return
	}
	mux.Handle("GET "+contactPath, s.adapt.Handle(s.contactForm))
	mux.Handle("POST "+contactPath, s.adapt.Handle(s.sendContact))
	mux.Handle("GET "+contactSent, s.adapt.Handle(s.contactThanks))
}

func (s *Server) contactPage(r *http.Request, f PublicForm) (ContactPage, error) {
	site, l, err := s.qaLayout(r, "Liên hệ", Crumb{Name: "Liên hệ"})
	if err != nil {
		return ContactPage{}, err
	}
	l.Description = "Địa chỉ, điện thoại, thư điện tử của " + site.Name + " và biểu mẫu gửi thư liên hệ."
	if f.Values == nil {
		f.Values = map[string]string{}
	}
	f.Order = contactOrder
	p := ContactPage{Layout: l, Form: f, Honeypot: guard.HoneypotField, MaxLength: map[string]int{
		"name": contactform.MaxName, "phone": contactform.MaxPhone, "email": contactform.MaxEmail,
		"subject": contactform.MaxSubject, "body": contactform.MaxBody}}
	if site.Address != "" {
		p.MapURL = "https://www.openstreetmap.org/search?query=" + url.QueryEscape(site.Address)
	}
	return p, nil
}

func (s *Server) contactForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.contactPage(r, PublicForm{})
	if err != nil {
		return err
	}
	return s.renderPage(w, http.StatusOK, view{"contact", p})
}

func (s *Server) sendContact(w http.ResponseWriter, r *http.Request) error {
	fatal, formErr := formError(readForm(r))
	if fatal != nil {
		return fatal
	}
	f := PublicForm{Values: formValues(r, contactOrder...)}
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	in := contactform.Input{Name: f.Values["name"], Phone: f.Values["phone"], Email: f.Values["email"],
		Subject: f.Values["subject"], Body: f.Values["body"]}
	switch {
	case site.Archived():
		err = apperr.New(apperr.Conflict, msgArchivedForms)
	case formErr != nil:
		err = formErr
	case guard.Trapped(r.PostForm.Get(guard.HoneypotField)):
		err = apperr.New(apperr.Invalid, guard.MsgTrapped)
	default:
		if err = contactform.Validate(&in); err == nil {
			if err = s.qa.guard.Take(r.Context(), guardContact, clientAddr(r)); err == nil {
				_, err = s.contact.Send(r.Context(), site.ID, in)
			}
		}
	}
	if err != nil {
		status, ok := formFailure(&f, err)
		if !ok {
			return err
		}
		httpx.SetRetryAfter(w, err)
		p, lerr := s.contactPage(r, f)
		if lerr != nil {
			return lerr
		}
		p.Title = "Lỗi: " + p.Title
		return s.renderPage(w, status, view{"contact", p})
	}
	// POST-redirect-GET: a refresh of the thanks page sends nothing again.
	http.Redirect(w, r, contactSent, http.StatusSeeOther)
	return nil
}

func (s *Server) contactThanks(w http.ResponseWriter, r *http.Request) error {
	p, err := s.contactPage(r, PublicForm{})
	if err != nil {
		return err
	}
	p.Title, p.Sent = "Đã gửi thư liên hệ", true
	return s.renderPage(w, http.StatusOK, view{"contact", p})
}
