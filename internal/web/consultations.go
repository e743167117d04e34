package web

import (
	"net/http"
	"strconv"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
)

// ConsultationListPage is /gop-y-du-thao.
type ConsultationListPage struct {
	Layout
	Items []ConsultationItem
	Pager Pager
}

// ConsultationItem is a published draft as the public sees it.
type ConsultationItem struct {
	ID                int64
	Title, Summary    string
	Agency            string
	OpensAt, ClosesAt time.Time
	Phase             consultation.Phase
}

// URL is the draft's public address.
func (c ConsultationItem) URL() string { return "/gop-y-du-thao/" + strconv.FormatInt(c.ID, 10) }

func consultationItem(c consultation.Consultation, now time.Time) ConsultationItem {
	return ConsultationItem{ID: c.ID, Title: c.Title, Summary: c.Summary, Agency: c.Agency, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, Phase: c.PhaseAt(now)}
}

// PublicFile is an attachment's link.
type PublicFile struct {
	Name, URL string
	Size      int64
}

// PublicComment is an approved comment: the name as allowed, no contact.
type PublicComment struct {
	Name string
	Body string
	At   time.Time
}

// ConsultationPage is /gop-y-du-thao/{id} with its comment form.
type ConsultationPage struct {
	Layout
	Item     ConsultationItem
	Files    []PublicFile
	Comments []PublicComment
	Report   string // the published summary of comments
	Form     PublicForm
	Honeypot string
	Sent     bool   // a comment was just received
	Closed   string // why the form is not shown
}

func (s *Server) registerConsultations(mux *http.ServeMux) {
	if s.qa.consultations == nil {
		return
	}
	mux.Handle("GET /gop-y-du-thao", s.adapt.Handle(s.consultationList))
	mux.Handle("GET /gop-y-du-thao/{id}", s.adapt.Handle(s.consultationDetail))
	mux.Handle("POST /gop-y-du-thao/{id}", s.adapt.Handle(s.comment))
}

func (s *Server) consultationList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	site, l, err := s.qaLayout(r, "Lấy ý kiến dự thảo", Crumb{Name: "Lấy ý kiến dự thảo"})
	if err != nil {
		return err
	}
	l.Description = "Dự thảo văn bản đang và đã lấy ý kiến nhân dân."
	cs, total, err := s.qa.consultations.Store().FindConsultations(r.Context(), consultation.Filter{SiteID: site.ID,
		Statuses: []consultation.Status{consultation.StatusPublished}, Limit: questionsPerPage, Offset: (page - 1) * questionsPerPage})
	if err != nil {
		return err
	}
	pages := max(1, (total+questionsPerPage-1)/questionsPerPage)
	if page > pages {
		return apperr.New(apperr.NotFound, "Không có trang này trong danh sách dự thảo.")
	}
	now := s.qa.consultations.Now()
	p := ConsultationListPage{Layout: l, Pager: pager("/gop-y-du-thao", page, pages, total)}
	p.Pager.Noun = "dự thảo"
	for _, c := range cs {
		p.Items = append(p.Items, consultationItem(c, now))
	}
	return s.renderPage(w, http.StatusOK, view{"consultations", p})
}

var commentOrder = []string{"name", "email", "phone", "body"}

func (s *Server) consultationPage(r *http.Request, f PublicForm) (ConsultationPage, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return ConsultationPage{}, apperr.New(apperr.NotFound, "Không tìm thấy dự thảo này.")
	}
	site, err := s.siteFor(r)
	if err != nil {
		return ConsultationPage{}, err
	}
	ctx := r.Context()
	c, err := s.qa.consultations.Public(ctx, site.ID, id)
	if err != nil {
		return ConsultationPage{}, err
	}
	_, l, err := s.qaLayout(r, c.Title, Crumb{Name: "Lấy ý kiến dự thảo", URL: "/gop-y-du-thao"}, Crumb{Name: c.Title})
	if err != nil {
		return ConsultationPage{}, err
	}
	now := s.qa.consultations.Now()
	if f.Values == nil {
		f.Values = map[string]string{}
	}
	f.Order = commentOrder
	p := ConsultationPage{Layout: l, Item: consultationItem(c, now), Form: f, Honeypot: guard.HoneypotField}
	if err := consultation.CheckOpen(c, now); err != nil {
		p.Closed = apperr.MessageOf(err)
	}
	if l.Archive != nil {
		p.Closed = msgArchivedForms
	}
	if c.ReportPublished {
		p.Report = c.Report
	}
	if s.media != nil {
		files, err := s.media.Files(ctx, site.ID, c.Files)
		if err != nil {
			return p, err
		}
		for _, fid := range c.Files {
			if it, ok := files[fid]; ok {
				p.Files = append(p.Files, PublicFile{Name: it.FileName, URL: it.URL(), Size: it.Size})
			}
		}
	}
	cms, err := s.qa.consultations.Store().FindComments(ctx, site.ID, c.ID, consultation.CommentApproved)
	if err != nil {
		return p, err
	}
	for _, cm := range cms {
		p.Comments = append(p.Comments, PublicComment{Name: cm.PublicName(), Body: cm.Body, At: cm.CreatedAt})
	}
	return p, nil
}

func (s *Server) consultationDetail(w http.ResponseWriter, r *http.Request) error {
	p, err := s.consultationPage(r, PublicForm{})
	if err != nil {
		return err
	}
	p.Sent = takeFlash(w, r, flashComment, r.URL.Path) != ""
	return s.renderPage(w, http.StatusOK, view{"consultation", p})
}

func (s *Server) comment(w http.ResponseWriter, r *http.Request) error {
	fatal, formErr := formError(readForm(r))
	if fatal != nil {
		return fatal
	}
	f := PublicForm{Values: formValues(r, "name", "email", "phone", "show_name", "body")}
	p, err := s.consultationPage(r, f)
	if err != nil {
		return err
	}
	in := consultation.CommentInput{Name: f.Values["name"], Email: f.Values["email"], Phone: f.Values["phone"],
		ShowName: f.Values["show_name"] != "", Body: f.Values["body"]}
	switch {
	case p.Closed != "":
		err = apperr.New(apperr.Conflict, p.Closed)
	case formErr != nil:
		err = formErr
	case guard.Trapped(r.PostForm.Get(guard.HoneypotField)):
		err = apperr.New(apperr.Invalid, guard.MsgTrapped)
	default:
		if err = consultation.ValidateComment(&in); err == nil {
			if err = s.qa.guard.Take(r.Context(), guardComment, clientAddr(r)); err == nil {
				_, err = s.qa.consultations.SubmitComment(r.Context(), p.Site.ID, p.Item.ID, in)
			}
		}
	}
	if err != nil {
		status, ok := formFailure(&p.Form, err)
		if !ok {
			return err
		}
		httpx.SetRetryAfter(w, err)
		p.Form.Order = commentOrder
		p.Title = "Lỗi: " + p.Title
		return s.renderPage(w, status, view{"consultation", p})
	}
	// POST-redirect-GET: a refresh of the page shown next sends nothing again.
	setFlash(w, r, flashComment, r.URL.Path, "1")
	http.Redirect(w, r, r.URL.Path+"#gop-y", http.StatusSeeOther)
	return nil
}
