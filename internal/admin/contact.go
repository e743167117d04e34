package admin

import (
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/contactform"
	"trangtin/internal/user"
)

// pathContact lists the messages sent with the public Liên hệ form: the
// senders' personal data, for the staff allowed to see it.
const pathContact = "/quan-tri/lien-he"

// ContactRow is one message.
type ContactRow struct {
	contactform.Message
	At When
}

// ContactPage is the list of messages.
type ContactPage struct {
	Layout
	Rows    []ContactRow
	Total   int
	PageNo  int
	PrevURL string
	NextURL string
}

const contactPage = 20

func (s *Server) registerContact(mux *http.ServeMux) {
	if s.contact == nil {
		return
	}
	mux.Handle("GET "+pathContact, s.requireUser(s.requireCan(user.ActionPersonalDataView, s.adapt.Handle(s.contactList))))
}

func (s *Server) contactList(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	if !s.seesPersonalData(acc) {
		return apperr.New(apperr.Forbidden, "Tài khoản của bạn không có quyền xem thông tin cá nhân của người gửi.")
	}
	page := 1
	if v := r.URL.Query().Get("trang"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return apperr.New(apperr.Invalid, "Số trang không hợp lệ.")
		}
		page = n
	}
	ms, total, err := s.contact.Store().FindContactMessages(r.Context(), acc.Site.ID, contactPage, (page-1)*contactPage)
	if err != nil {
		return err
	}
	p := ContactPage{Layout: s.layout(acc, "Thư liên hệ", pathContact), Total: total, PageNo: page}
	for _, m := range ms {
		p.Rows = append(p.Rows, ContactRow{Message: m, At: when(m.CreatedAt)})
	}
	link := func(n int) string {
		if n == 1 {
			return pathContact
		}
		return pathContact + "?trang=" + strconv.Itoa(n)
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page*contactPage < total {
		p.NextURL = link(page + 1)
	}
	return s.render(w, http.StatusOK, "contact", p)
}
