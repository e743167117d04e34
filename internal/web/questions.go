package web

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/question"
	"trangtin/internal/vi"
)

// qaDeps are the citizens' services: Hỏi đáp and Lấy ý kiến dự thảo.
type qaDeps struct {
	questions     *question.Service
	consultations *consultation.Service
	guard         *guard.Limiter
}

// Forms named for the limiter.
const (
	guardQuestion = "hoi-dap"
	guardComment  = "gop-y"
	guardContact  = "lien-he"
	guardTrack    = guard.FormTrack // a short code is guessable: lookups are held back
)

const questionsPerPage = 10

// PublicForm carries what a visitor typed and what is wrong with it.
type PublicForm struct {
	Values map[string]string
	Errors map[string]string
	Order  []string // field names in page order, for the error summary
	Alert  string   // a problem with the form as a whole
}

// Value is what was typed in a field.
func (f PublicForm) Value(name string) string { return f.Values[name] }

// Error is the message for a field, or "".
func (f PublicForm) Error(name string) string { return f.Errors[name] }

// Checked reports whether a checkbox was ticked.
func (f PublicForm) Checked(name string) bool { return f.Values[name] != "" }

// HasErrors reports whether there is anything to show.
func (f PublicForm) HasErrors() bool { return len(f.Errors) > 0 || f.Alert != "" }

// Summary lists the field errors in page order.
func (f PublicForm) Summary() []FieldMessage {
	var out []FieldMessage
	for _, n := range f.Order {
		if m, ok := f.Errors[n]; ok {
			out = append(out, FieldMessage{Field: n, Message: m})
		}
	}
	return out
}

// FieldMessage is one line of an error summary.
type FieldMessage struct{ Field, Message string }

// QuestionListPage is /hoi-dap.
type QuestionListPage struct {
	Layout
	Questions []PublicQuestion
	Pager     Pager
	Fields    []string // the lĩnh vực to filter by
	Field     string   // the one chosen; "": all
}

// PublicQuestion is a question as the public sees it: nothing of the
// sender but the name they allowed (or initials), no contact, no address.
type PublicQuestion struct {
	ID          int64
	Subject     string
	Body        string
	Field       string
	Asker       string
	ReceivedAt  time.Time
	Answer      string
	AnsweredBy  string
	PublishedAt time.Time
}

// URL is the question's public address.
func (q PublicQuestion) URL() string { return question.Path(q.ID) }

// MaskQuestion keeps only what may be published.
func MaskQuestion(q question.Question) PublicQuestion {
	return PublicQuestion{ID: q.ID, Subject: q.Subject, Body: q.Body, Field: q.Field, Asker: q.PublicName(),
		ReceivedAt: q.ReceivedAt, Answer: q.Answer, AnsweredBy: q.AnsweredBy, PublishedAt: q.PublishedAt}
}

// QuestionPage is /hoi-dap/{id}.
type QuestionPage struct {
	Layout
	Question PublicQuestion
}

// AskPage is /hoi-dap/dat-cau-hoi, and its result.
type AskPage struct {
	Layout
	Form      PublicForm
	Fields    []string
	Honeypot  string
	Code      string // set once the question is stored
	Mailed    bool   // the code also went to the sender's e-mail
	DueAt     time.Time
	Shown     bool // the sent page was opened again: the code was shown before
	MaxBody   int
	MaxLength map[string]int
	// MaxAttachment is the size limit of the attachment, as shown ("5 MB").
	MaxAttachment string
}

// TrackPage is /hoi-dap/tra-cuu.
type TrackPage struct {
	Layout
	Form     PublicForm
	Found    bool
	Subject  string
	Status   string
	Received time.Time
	DueAt    time.Time
	Unit     string
	Answer   string
	Rejected string
	URL      string // the public page, once published
}

func (s *Server) registerQuestions(mux *http.ServeMux) {
	if s.qa.questions == nil {
		return
	}
	mux.Handle("GET /hoi-dap", s.adapt.Handle(s.questionList))
	mux.Handle("GET /hoi-dap/{id}", s.adapt.Handle(s.questionDetail))
	mux.Handle("GET /hoi-dap/dat-cau-hoi", s.adapt.Handle(s.askForm))
	mux.Handle("POST /hoi-dap/dat-cau-hoi", s.adapt.Handle(s.ask))
	mux.Handle("GET "+questionSent, s.adapt.Handle(s.askSent))
	mux.Handle("GET /hoi-dap/tra-cuu", s.adapt.Handle(s.trackForm))
	mux.Handle("POST /hoi-dap/tra-cuu", s.adapt.Handle(s.track))
	s.registerConsultations(mux)
}

// clientAddr is the visitor's address for the limiter.
func clientAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// renderPage renders a dynamic (uncached) page with status.
func (s *Server) renderPage(w http.ResponseWriter, status int, v view) error {
	body, err := s.execute(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}

// pageParam reads ?trang=, 1 when absent; a bad value is Invalid.
func pageParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("trang")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, apperr.New(apperr.Invalid, "Số trang không hợp lệ.")
	}
	return n, nil
}

func (s *Server) qaLayout(r *http.Request, title string, crumbs ...Crumb) (content.Site, Layout, error) {
	site, err := s.siteFor(r)
	if err != nil {
		return content.Site{}, Layout{}, err
	}
	l, err := s.layout(r.Context(), *site, Layout{Site: *site, Path: r.URL.Path, Prefs: prefsFrom(r), Title: title, Crumbs: crumbs}, "")
	return *site, l, err
}

func (s *Server) questionList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	site, l, err := s.qaLayout(r, "Hỏi đáp", Crumb{Name: "Hỏi đáp"})
	if err != nil {
		return err
	}
	l.Description = "Câu hỏi của người dân, doanh nghiệp và câu trả lời của cơ quan."
	field, base, err := questionFieldParam(r.URL)
	if err != nil {
		return err
	}
	qs, total, err := s.qa.questions.Store().FindQuestions(r.Context(), question.Filter{SiteID: site.ID, Field: field,
		Statuses: []question.Status{question.StatusPublished}, Limit: questionsPerPage, Offset: (page - 1) * questionsPerPage})
	if err != nil {
		return err
	}
	pages := max(1, (total+questionsPerPage-1)/questionsPerPage)
	if page > pages {
		return apperr.New(apperr.NotFound, "Không có trang này trong danh sách hỏi đáp.")
	}
	p := QuestionListPage{Layout: l, Pager: pager(base, page, pages, total), Fields: question.Fields, Field: field}
	if field != "" {
		p.Path = base
	}
	p.Pager.Noun = "câu hỏi"
	for _, q := range qs {
		p.Questions = append(p.Questions, MaskQuestion(q))
	}
	return s.renderPage(w, http.StatusOK, view{"questions", p})
}

// questionFieldParam reads ?linh-vuc=, which must name one of the fields
// (anything else is Invalid, never a query run with it), and returns the
// list's address with it, for the pager's links.
func questionFieldParam(u *url.URL) (field, base string, err error) {
	field = u.Query().Get("linh-vuc")
	if field == "" {
		return "", "/hoi-dap", nil
	}
	if !question.ValidField(field) {
		return "", "", apperr.New(apperr.Invalid, "Lĩnh vực không có trong danh sách lĩnh vực hỏi đáp.")
	}
	return field, "/hoi-dap?linh-vuc=" + url.QueryEscape(field), nil
}

func (s *Server) questionDetail(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.New(apperr.NotFound, "Không tìm thấy câu hỏi này.")
	}
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	q, err := s.qa.questions.Published(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	_, l, err := s.qaLayout(r, q.Subject, Crumb{Name: "Hỏi đáp", URL: "/hoi-dap"}, Crumb{Name: q.Subject})
	if err != nil {
		return err
	}
	return s.renderPage(w, http.StatusOK, view{"question", QuestionPage{Layout: l, Question: MaskQuestion(q)}})
}

var askOrder = []string{"name", "phone", "email", "address", "field", "subject", "body", "attachment"}

func (s *Server) askPage(r *http.Request, f PublicForm) (AskPage, error) {
	_, l, err := s.qaLayout(r, "Đặt câu hỏi", Crumb{Name: "Hỏi đáp", URL: "/hoi-dap"}, Crumb{Name: "Đặt câu hỏi"})
	if err != nil {
		return AskPage{}, err
	}
	return s.askPageFor(l, f)
}

func (s *Server) askPageFor(l Layout, f PublicForm) (AskPage, error) {
	if f.Values == nil {
		f.Values = map[string]string{}
	}
	f.Order = askOrder
	return AskPage{Layout: l, Form: f, Fields: question.Fields, Honeypot: guard.HoneypotField, MaxAttachment: strconv.Itoa(media.DefaultMaxPrivateBytes>>20) + " MB", MaxLength: map[string]int{
		"name": question.MaxName, "phone": question.MaxPhone, "email": question.MaxEmail, "address": question.MaxAddress,
		"subject": question.MaxSubject, "body": question.MaxBody}}, nil
}

func (s *Server) askForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.askPage(r, PublicForm{})
	if err != nil {
		return err
	}
	return s.renderPage(w, http.StatusOK, view{"question-ask", p})
}

// readForm parses a public POST; the program caps the body. Text that is
// not UTF-8 is an error the form can be shown again with (see
// httpx.CheckFormUTF8 and formError).
func readForm(r *http.Request) error {
	parse := r.ParseForm
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// The question form, with its attachment; the program caps the
		// body (MaxAskBody), files past 64 KiB wait on disk.
		parse = func() error { return r.ParseMultipartForm(64 << 10) }
	}
	if err := parse(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.Wrap(apperr.TooLarge, "Nội dung gửi lên quá dài.", err)
		}
		return apperr.Wrap(apperr.Invalid, "Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và thử lại.", err)
	}
	return httpx.CheckFormUTF8(r)
}

// formError splits readForm's error: one to return at once (the form could
// not be read at all), or one to show the form again with, what was read.
func formError(err error) (fatal, again error) {
	if httpx.IsFormNotUTF8(err) {
		return nil, err
	}
	return err, nil
}

func formValues(r *http.Request, names ...string) map[string]string {
	v := map[string]string{}
	for _, n := range names {
		v[n] = r.PostForm.Get(n)
	}
	return v
}

// formFailure turns err into a re-shown form and its status, or reports
// false when err is not the visitor's to fix.
func formFailure(f *PublicForm, err error) (int, bool) {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return 0, false
	}
	switch e.Code {
	case apperr.Invalid:
		if len(e.Fields) > 0 {
			f.Errors = e.Fields
		} else {
			f.Alert = e.Message
		}
		if errors.Is(err, httpx.ErrFormNotUTF8) {
			f.Alert = e.Message // the field may not be on the page
		}
		return http.StatusUnprocessableEntity, true
	case apperr.RateLimited:
		f.Alert = e.Message
		return http.StatusTooManyRequests, true
	case apperr.Conflict:
		f.Alert = e.Message
		return http.StatusConflict, true
	}
	return 0, false
}

func (s *Server) ask(w http.ResponseWriter, r *http.Request) error {
	fatal, formErr := formError(readForm(r))
	if fatal != nil {
		return fatal
	}
	f := PublicForm{Values: formValues(r, "name", "phone", "email", "address", "show_name", "subject", "body", "field")}
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	in := question.Input{Name: f.Values["name"], Phone: f.Values["phone"], Email: f.Values["email"], Address: f.Values["address"],
		ShowName: f.Values["show_name"] != "", Subject: f.Values["subject"], Body: f.Values["body"], Field: f.Values["field"]}
	var code, mailed string
	var due time.Time
	switch {
	case site.Archived():
		err = apperr.New(apperr.Conflict, msgArchivedForms)
	case formErr != nil:
		err = formErr
	case guard.Trapped(r.PostForm.Get(guard.HoneypotField)):
		err = apperr.New(apperr.Invalid, guard.MsgTrapped)
	default:
		if err = question.Validate(&in); err == nil {
			if err = s.qa.guard.Take(r.Context(), guardQuestion, clientAddr(r)); err == nil {
				var q question.Question
				q, code, err = s.submitQuestion(r, site.ID, in)
				due, mailed = q.DueAt, "0"
				if q.Email != "" {
					mailed = "1"
				}
			}
		}
	}
	if err != nil {
		status, ok := formFailure(&f, err)
		if !ok {
			return err
		}
		httpx.SetRetryAfter(w, err)
		p, lerr := s.askPage(r, f)
		if lerr != nil {
			return lerr
		}
		p.Title = "Lỗi: " + p.Title
		return s.renderPage(w, status, view{"question-ask", p})
	}
	// POST-redirect-GET: the code goes to the sent page in a flash cookie,
	// never in the address (it would reach logs and history), and a
	// refresh of that page sends nothing again.
	setFlash(w, r, flashQuestion, questionSent, code+"."+due.In(vi.Zone).Format("20060102")+"."+mailed)
	http.Redirect(w, r, questionSent, http.StatusSeeOther)
	return nil
}

// askSent shows the tracking code of the question just sent, once. Opened
// again (a refresh, a bookmark) it says the code was already shown and how
// to track the question; it never stores anything.
func (s *Server) askSent(w http.ResponseWriter, r *http.Request) error {
	p, err := s.askPage(r, PublicForm{})
	if err != nil {
		return err
	}
	p.Title = "Đã gửi câu hỏi"
	if m := sentFlash.FindStringSubmatch(takeFlash(w, r, flashQuestion, questionSent)); m != nil {
		if d, err := time.ParseInLocation("20060102", m[2], vi.Zone); err == nil {
			p.Code, p.DueAt, p.Mailed = m[1], d, m[3] == "1"
		}
	}
	p.Shown = p.Code == ""
	return s.renderPage(w, http.StatusOK, view{"question-ask", p})
}

func (s *Server) trackPage(r *http.Request, f PublicForm) (TrackPage, error) {
	_, l, err := s.qaLayout(r, "Tra cứu câu hỏi", Crumb{Name: "Hỏi đáp", URL: "/hoi-dap"}, Crumb{Name: "Tra cứu câu hỏi"})
	if f.Values == nil {
		f.Values = map[string]string{}
	}
	f.Order = []string{"code", "contact"}
	return TrackPage{Layout: l, Form: f}, err
}

func (s *Server) trackForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.trackPage(r, PublicForm{})
	if err != nil {
		return err
	}
	return s.renderPage(w, http.StatusOK, view{"question-track", p})
}

// track looks a question up by its code. The code travels in a POST body,
// not in the address, so it stays out of logs and browser history.
func (s *Server) track(w http.ResponseWriter, r *http.Request) error {
	fatal, formErr := formError(readForm(r))
	if fatal != nil {
		return fatal
	}
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	f := PublicForm{Values: formValues(r, "code", "contact")}
	var q question.Question
	if err = formErr; err == nil {
		if err = s.qa.guard.Take(r.Context(), guardTrack, clientAddr(r)); err == nil {
			q, err = s.qa.questions.Track(r.Context(), site.ID, f.Values["code"], f.Values["contact"])
		}
	}
	if err != nil {
		status := http.StatusUnprocessableEntity
		httpx.SetRetryAfter(w, err)
		if apperr.Is(err, apperr.NotFound) {
			status = http.StatusNotFound
			var e *apperr.Error
			errors.As(err, &e)
			f.Errors = e.Fields
		} else if _, ok := formFailure(&f, err); !ok {
			return err
		}
		p, lerr := s.trackPage(r, f)
		if lerr != nil {
			return lerr
		}
		return s.renderPage(w, status, view{"question-track", p})
	}
	// Found: the contact details typed are not shown back (the page may
	// stay open on a shared computer); the code is.
	f.Values["contact"] = ""
	p, err := s.trackPage(r, f)
	if err != nil {
		return err
	}
	p.Found, p.Subject, p.Status, p.Received, p.DueAt, p.Unit = true, q.Subject, q.Status.Label(), q.ReceivedAt, q.DueAt, q.Unit
	if q.Status == question.StatusAnswered || q.Status == question.StatusPublished {
		p.Answer = q.Answer
	}
	if q.Status == question.StatusRejected {
		p.Rejected = question.ReasonLabel(q.RejectReason)
	}
	if q.Status == question.StatusPublished {
		p.URL = MaskQuestion(q).URL()
	}
	return s.renderPage(w, http.StatusOK, view{"question-track", p})
}
