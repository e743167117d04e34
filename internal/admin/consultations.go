package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

const pathConsultations = "/quan-tri/gop-y-du-thao"

// ConsultationRow is a draft in the staff list.
type ConsultationRow struct {
	ID       int64
	URL      string
	Title    string
	Status   consultation.Status
	Phase    string
	Opens    When
	Closes   When
	Pending  int
	Approved int
}

// ConsultationsPage lists drafts.
type ConsultationsPage struct {
	Layout
	Rows []ConsultationRow
}

// ConsultationForm is the draft's editable fields as typed.
type ConsultationForm struct {
	Title, Summary, Agency, Opens, Closes string
}

// ConsultationFile is an attachment in the staff page.
type ConsultationFile struct {
	ID   int64
	Name string
	URL  string
}

// ConsultationComment is a comment as staff see it.
type ConsultationComment struct {
	ID      int64
	Name    string
	Contact string // "" without ActionPersonalDataView
	Body    string
	Status  consultation.CommentStatus
	At      When
	Version int64 // the comment's edit version, carried by its forms
}

// ConsultationPage creates or edits a draft, moderates its comments and
// writes the summary.
type ConsultationPage struct {
	Layout
	Form
	New         bool
	ID          int64
	Version     int64 // the draft's edit version, carried by its forms
	Action      string
	Values      ConsultationForm
	Status      consultation.Status
	Phase       string
	PublicURL   string
	Files       []ConsultationFile
	Pending     []ConsultationComment
	Decided     []ConsultationComment
	Report      string
	ReportShown bool
	CanPublish  bool
	Notice      string
}

func (s *Server) registerConsultations(mux *http.ServeMux) {
	if s.consultations == nil {
		return
	}
	guard := func(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
		return s.requireUser(s.requireCan(user.ActionConsultationManage, s.adapt.Handle(h)))
	}
	mux.Handle("GET "+pathConsultations, guard(s.consultationList))
	mux.Handle("GET "+pathConsultations+"/moi", guard(s.consultationNew))
	mux.Handle("POST "+pathConsultations+"/moi", guard(s.consultationCreate))
	mux.Handle("GET "+pathConsultations+"/{id}", guard(s.consultationView))
	mux.Handle("POST "+pathConsultations+"/{id}", guard(s.consultationSave))
	mux.Handle("POST "+pathConsultations+"/{id}/trang-thai", guard(s.consultationStatus))
	mux.Handle("POST "+pathConsultations+"/{id}/tep", guard(s.consultationUpload))
	mux.Handle("POST "+pathConsultations+"/{id}/tep/{file}/go", guard(s.consultationDetach))
	mux.Handle("POST "+pathConsultations+"/{id}/tong-hop", guard(s.consultationReport))
	mux.Handle("POST "+pathConsultations+"/{id}/y-kien/{comment}", guard(s.consultationModerate))
}

func consultationURL(id int64) string { return pathConsultations + "/" + strconv.FormatInt(id, 10) }

func (s *Server) consultationActor(r *http.Request) consultation.Actor {
	acc := accountFrom(r.Context())
	return consultation.Actor{User: acc.User, IP: s.clientIP(r), Can: func(a user.Action) bool { return s.can(acc, a) }}
}

func (s *Server) consultationList(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	cs, _, err := s.consultations.Store().FindConsultations(r.Context(), consultation.Filter{SiteID: acc.Site.ID, Limit: 200})
	if err != nil {
		return err
	}
	p := ConsultationsPage{Layout: s.layout(acc, "Lấy ý kiến dự thảo", pathConsultations)}
	now := s.consultations.Now()
	for _, c := range cs {
		counts, err := s.consultations.Store().CountComments(r.Context(), acc.Site.ID, c.ID)
		if err != nil {
			return err
		}
		p.Rows = append(p.Rows, ConsultationRow{ID: c.ID, URL: consultationURL(c.ID), Title: c.Title, Status: c.Status,
			Phase: c.PhaseAt(now).Label(), Opens: when(c.OpensAt), Closes: when(c.ClosesAt),
			Pending: counts[consultation.CommentPending], Approved: counts[consultation.CommentApproved]})
	}
	return s.render(w, http.StatusOK, "consultations", p)
}

func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return vi.DayOf(t).Numeric()
}

// readDraft reads the form; dates are whole days in Vietnam time, the
// close date included to its last second.
func readDraft(r *http.Request) (ConsultationForm, consultation.Draft, map[string]string) {
	v := ConsultationForm{Title: r.PostForm.Get("title"), Summary: r.PostForm.Get("summary"), Agency: r.PostForm.Get("agency"),
		Opens: strings.TrimSpace(r.PostForm.Get("opens")), Closes: strings.TrimSpace(r.PostForm.Get("closes"))}
	d := consultation.Draft{Title: v.Title, Summary: v.Summary, Agency: v.Agency}
	bad := map[string]string{}
	if v.Opens != "" {
		day, err := vi.ParseDay(v.Opens)
		if err != nil {
			bad["opens"] = vi.FieldMessage("Ngày bắt đầu lấy ý kiến", v.Opens, err)
		} else {
			d.OpensAt = day.Start()
		}
	}
	if v.Closes != "" {
		day, err := vi.ParseDay(v.Closes)
		if err != nil {
			bad["closes"] = vi.FieldMessage("Ngày kết thúc lấy ý kiến", v.Closes, err)
		} else {
			d.ClosesAt = day.AddDays(1).Start().Add(-time.Second)
		}
	}
	return v, d, bad
}

func (s *Server) consultationPage(r *http.Request, id int64) (ConsultationPage, error) {
	acc := accountFrom(r.Context())
	p := ConsultationPage{Form: Form{Order: []string{"title", "summary", "agency", "opens", "closes", "file", "report"}},
		CanPublish: s.can(acc, user.ActionDocumentPublish)}
	if id == 0 {
		p.Layout, p.New, p.Action = s.layout(acc, "Tạo dự thảo lấy ý kiến", pathConsultations), true, pathConsultations+"/moi"
		return p, nil
	}
	ctx := r.Context()
	c, err := s.consultations.Store().FindConsultationByID(ctx, acc.Site.ID, id)
	if err != nil {
		return p, err
	}
	p.Layout, p.ID, p.Action, p.Status = s.layout(acc, c.Title, pathConsultations), c.ID, consultationURL(c.ID), c.Status
	p.Version = c.Version
	p.Values = ConsultationForm{Title: c.Title, Summary: c.Summary, Agency: c.Agency, Opens: dateValue(c.OpensAt), Closes: dateValue(c.ClosesAt)}
	p.Phase = c.PhaseAt(s.consultations.Now()).Label()
	p.Report, p.ReportShown = c.Report, c.ReportPublished
	if c.Status == consultation.StatusPublished {
		p.PublicURL = "/gop-y-du-thao/" + strconv.FormatInt(c.ID, 10)
	}
	if s.media != nil {
		files, err := s.media.Files(ctx, acc.Site.ID, c.Files)
		if err != nil {
			return p, err
		}
		for _, fid := range c.Files {
			if it, ok := files[fid]; ok {
				p.Files = append(p.Files, ConsultationFile{ID: it.ID, Name: it.FileName, URL: FileDownloadURL(it.FileKey)})
			}
		}
	}
	cms, err := s.consultations.Store().FindComments(ctx, acc.Site.ID, c.ID)
	if err != nil {
		return p, err
	}
	personal := s.seesPersonalData(acc)
	for _, cm := range cms {
		row := ConsultationComment{ID: cm.ID, Name: cm.PublicName(), Body: cm.Body, Status: cm.Status, At: when(cm.CreatedAt), Version: cm.Version}
		if personal {
			row.Name = cm.Name
			row.Contact = strings.Trim(cm.Email+" · "+cm.Phone, " ·")
		}
		if cm.Status == consultation.CommentPending {
			p.Pending = append(p.Pending, row)
		} else {
			p.Decided = append(p.Decided, row)
		}
	}
	return p, nil
}

func consultationID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "Không tìm thấy mục này.")
	}
	return id, nil
}

var consultationNotices = map[string]string{
	"tao": "Đã tạo dự thảo. Hãy đính kèm tệp rồi đăng để lấy ý kiến.", "luu": "Đã lưu dự thảo.", "tep": "Đã đính kèm tệp.",
	"go-tep": "Đã bỏ tệp khỏi dự thảo.", "dang": "Đã đăng dự thảo.", "go": "Đã gỡ dự thảo khỏi trang.",
	"tong-hop": "Đã lưu bản tổng hợp ý kiến.", "duyet": "Đã duyệt ý kiến.", "loai": "Đã không duyệt ý kiến.",
}

// consultationDone is the notice key (see consultationNotices) shown after
// a draft or a comment is moved to a status.
var consultationDone = map[string]string{
	string(consultation.StatusPublished): "dang", string(consultation.StatusWithdrawn): "go",
	string(consultation.CommentApproved): "duyet", string(consultation.CommentRejected): "loai",
}

func (s *Server) consultationNew(w http.ResponseWriter, r *http.Request) error {
	p, err := s.consultationPage(r, 0)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "consultation", p)
}

func (s *Server) consultationView(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.consultationPage(r, id)
	if err != nil {
		return err
	}
	p.Notice = consultationNotices[r.URL.Query().Get("xong")]
	return s.render(w, http.StatusOK, "consultation", p)
}

// reshow renders the page again with err's problems, or returns err when
// it is not the user's to fix.
func (s *Server) reshowConsultation(w http.ResponseWriter, r *http.Request, id int64, err error, keep func(p *ConsultationPage)) error {
	var e *apperr.Error
	if !errors.As(err, &e) || (e.Code != apperr.Invalid && e.Code != apperr.Conflict && e.Code != apperr.TooLarge) {
		return err
	}
	p, perr := s.consultationPage(r, id)
	if perr != nil {
		return perr
	}
	for k, v := range e.Fields {
		p.Form.add(k, v)
	}
	if len(e.Fields) == 0 {
		p.Form.Alert = e.Message
	}
	if keep != nil {
		keep(&p)
	}
	status := http.StatusUnprocessableEntity
	if e.Code == apperr.Conflict {
		status = http.StatusConflict
	}
	return s.render(w, status, "consultation", p)
}

func (s *Server) saveDraft(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	acc := accountFrom(r.Context())
	v, d, bad := readDraft(r)
	d.Version = formVersion(r)
	var err error
	var c consultation.Consultation
	if len(bad) > 0 {
		err = &apperr.Error{Code: apperr.Invalid, Message: "Dự thảo chưa lưu được.", Fields: bad}
	} else if id == 0 {
		c, err = s.consultations.Create(r.Context(), acc.Site.ID, d, s.consultationActor(r))
	} else {
		c, err = s.consultations.Edit(r.Context(), acc.Site.ID, id, d, s.consultationActor(r))
	}
	if err != nil {
		return s.reshowConsultation(w, r, id, err, func(p *ConsultationPage) { p.Values = v })
	}
	done := "luu"
	if id == 0 {
		done = "tao"
	}
	http.Redirect(w, r, consultationURL(c.ID)+"?xong="+done, http.StatusSeeOther)
	return nil
}

func (s *Server) consultationCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveDraft(w, r, 0)
}

func (s *Server) consultationSave(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r, "id")
	if err != nil {
		return err
	}
	return s.saveDraft(w, r, id)
}

func (s *Server) consultationStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	acc := accountFrom(r.Context())
	st, err := consultation.ParseStatus(r.PostForm.Get("status"))
	if err != nil {
		return err
	}
	if _, err := s.consultations.SetStatus(r.Context(), acc.Site.ID, id, formVersion(r), st, s.consultationActor(r)); err != nil {
		return s.reshowConsultation(w, r, id, err, nil)
	}
	http.Redirect(w, r, consultationURL(id)+"?xong="+consultationDone[string(st)], http.StatusSeeOther)
	return nil
}

func (s *Server) consultationUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r, "id")
	if err != nil {
		return err
	}
	if s.media == nil {
		return apperr.New(apperr.Unavailable, "Chưa cấu hình nơi lưu tệp.")
	}
	acc := accountFrom(r.Context())
	if !s.can(acc, user.ActionMediaUpload) && !s.can(acc, user.ActionConsultationManage) {
		return apperr.New(apperr.Forbidden, "")
	}
	file, hdr, err := readUpload(w, r, s.fileBodyLimit(), "Vui lòng chọn tệp dự thảo để đính kèm.", "Tệp đính kèm quá lớn.")
	if err != nil {
		var e *apperr.Error
		if errors.As(err, &e) {
			return s.reshowConsultation(w, r, id, &apperr.Error{Code: apperr.Invalid, Message: e.Message, Fields: map[string]string{"file": e.Message}}, nil)
		}
		return err
	}
	defer file.Close()
	c, err := s.consultations.Store().FindConsultationByID(r.Context(), acc.Site.ID, id)
	if err != nil {
		return err
	}
	version := formVersion(r)
	if version != c.Version {
		// Checked before the file is stored; AttachFile checks again.
		return s.reshowConsultation(w, r, id, consultation.ErrStale, nil)
	}
	it, err := s.media.UploadFile(r.Context(), acc.Site.ID, acc.User.ID, hdr.Filename, file, s.uploadAudit(r, acc, hdr.Filename))
	if err != nil {
		var e *apperr.Error
		if errors.As(err, &e) && e.Code == apperr.Invalid || apperr.Is(err, apperr.TooLarge) {
			msg := "Tệp không hợp lệ."
			if e != nil && e.Message != "" {
				msg = e.Message
			}
			return s.reshowConsultation(w, r, id, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: map[string]string{"file": msg}}, nil)
		}
		return err
	}
	if _, err := s.consultations.AttachFile(r.Context(), acc.Site.ID, id, version, it.ID, s.consultationActor(r)); err != nil {
		return s.reshowConsultation(w, r, id, err, nil)
	}
	http.Redirect(w, r, consultationURL(id)+"?xong=tep", http.StatusSeeOther)
	return nil
}

func (s *Server) consultationDetach(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r, "id")
	if err != nil {
		return err
	}
	fid, err := consultationID(r, "file")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	acc := accountFrom(r.Context())
	if _, err := s.consultations.DetachFile(r.Context(), acc.Site.ID, id, formVersion(r), fid, s.consultationActor(r)); err != nil {
		return s.reshowConsultation(w, r, id, err, nil)
	}
	http.Redirect(w, r, consultationURL(id)+"?xong=go-tep", http.StatusSeeOther)
	return nil
}

func (s *Server) consultationReport(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	acc := accountFrom(r.Context())
	report, publish := r.PostForm.Get("report"), r.PostForm.Get("publish") != ""
	if _, err := s.consultations.SaveReport(r.Context(), acc.Site.ID, id, formVersion(r), report, publish, s.consultationActor(r)); err != nil {
		return s.reshowConsultation(w, r, id, err, func(p *ConsultationPage) { p.Report, p.ReportShown = report, publish })
	}
	http.Redirect(w, r, consultationURL(id)+"?xong=tong-hop", http.StatusSeeOther)
	return nil
}

func (s *Server) consultationModerate(w http.ResponseWriter, r *http.Request) error {
	id, err := consultationID(r, "id")
	if err != nil {
		return err
	}
	cid, err := consultationID(r, "comment")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	acc := accountFrom(r.Context())
	st, err := consultation.ParseCommentStatus(r.PostForm.Get("status"))
	if err != nil {
		return err
	}
	if err := s.consultations.Moderate(r.Context(), acc.Site.ID, cid, formVersion(r), st, s.consultationActor(r)); err != nil {
		return s.reshowConsultation(w, r, id, err, nil)
	}
	http.Redirect(w, r, consultationURL(id)+"?xong="+consultationDone[string(st)], http.StatusSeeOther)
	return nil
}
