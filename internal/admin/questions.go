package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

const pathQuestions = "/quan-tri/hoi-dap"

// QuestionRow is a question in the queue. Sender is the name only when
// the user may see personal data.
type QuestionRow struct {
	ID       int64
	URL      string
	Subject  string
	Field    string
	Status   question.Status
	Unit     string
	Received When
	Due      When
	Overdue  bool
}

// QuestionsPage is the moderation queue.
type QuestionsPage struct {
	Layout
	Filters []Option
	Filter  string
	Rows    []QuestionRow
	Total   int
	Overdue int
	PrevURL string
	NextURL string
	PageNo  int
	Notice  string
}

// QuestionPage is one question with the staff's actions.
type QuestionPage struct {
	Layout
	Form
	Q            question.Question
	Received     When
	Due          When
	Answered     When
	Published    When
	Overdue      bool
	ShowPersonal bool
	PublicName   string
	Reason       string
	CanModerate  bool
	CanPublish   bool
	CanDraft     bool     // a member of the question's unit: draft and send the answer
	Units        []Option // the site's active units to assign to; empty: a name is typed
	UnitsURL     string   // the units page, for those who keep it
	Note         string   // the note to the unit, as typed (return)
	Notice       string
	Unit         string              // as typed
	Subject      string              // as typed in the edit form
	Body         string              // as typed in the edit form
	Attachment   *QuestionAttachment // the sender's photo or PDF (question_attachment.go); nil: none, or not for this user
	Leaks        bool                // the text to publish holds the sender's contact data
	Suspect      bool                // the text to publish looks as if it holds some contact data
	Answer       string              // as typed
	AnsweredBy   string              // as typed
	Reasons      []Option
	Stale        bool // the action was refused: someone changed the question meanwhile
}

func (s *Server) registerQuestions(mux *http.ServeMux) {
	if s.questions == nil {
		return
	}
	// A unit member needs no role: the queue, the question and its
	// drafting steps are open to them for their unit's questions
	// (questionPage and question.Apply check each question).
	guard := func(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
		return s.requireUser(s.requireCanOrUnit(user.ActionQuestionModerate, s.adapt.Handle(h)))
	}
	mux.Handle("GET "+pathQuestions, guard(s.questionQueue))
	mux.Handle("GET "+pathQuestions+"/{id}", guard(s.questionView))
	mux.Handle("POST "+pathQuestions+"/{id}/{action}", guard(s.questionAct))
	mux.Handle("GET "+pathQuestions+"/{id}/tep-dinh-kem", guard(s.questionAttachmentFile))
	s.registerConsultations(mux)
}

var queueFilters = []struct{ value, label string }{
	{"", "Cần xử lý (chờ tiếp nhận và đang xử lý)"},
	{deadlineOverdue, "Quá hạn trả lời"},
	{deadlineSoon, "Sắp đến hạn trả lời"},
	{"new", "Chờ tiếp nhận"},
	{"accepted", "Đang xử lý"},
	{"answered", "Đã trả lời, chưa công khai"},
	{"published", "Đã công khai"},
	{"rejected", "Không tiếp nhận"},
	{"all", "Tất cả"},
}

const queuePage = 30

func (s *Server) questionQueue(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	filter := r.URL.Query().Get("trang-thai")
	f := question.Filter{SiteID: acc.Site.ID, Limit: queuePage}
	switch filter {
	case "":
		f.Statuses = []question.Status{question.StatusNew, question.StatusAccepted}
	case "all":
	case "new", "accepted", "answered", "published", "rejected":
		f.Statuses = []question.Status{question.Status(filter)}
	case deadlineOverdue, deadlineSoon:
		return s.questionsByDeadline(w, r, acc, filter) // dashboard_figures.go
	default:
		return apperr.New(apperr.Invalid, "Bộ lọc trạng thái không hợp lệ.")
	}
	page := 1
	if v := r.URL.Query().Get("trang"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return apperr.New(apperr.Invalid, "Số trang không hợp lệ.")
		}
		page = n
	}
	f.Offset = (page - 1) * queuePage
	if !s.can(acc, user.ActionQuestionModerate) {
		// A unit member's queue: their units' questions only.
		f.Units = unitIDs(s.memberUnits(r.Context(), acc))
	}
	qs, total, err := s.questions.Store().FindQuestions(r.Context(), f)
	if err != nil {
		return err
	}
	p := QuestionsPage{Layout: s.layout(acc, "Hỏi đáp", pathQuestions), Filter: filter, Total: total, PageNo: page}
	for _, o := range queueFilters {
		p.Filters = append(p.Filters, Option{Value: o.value, Label: o.label, Selected: o.value == filter})
	}
	now := s.questions.Now()
	for _, q := range qs {
		row := QuestionRow{ID: q.ID, URL: pathQuestions + "/" + strconv.FormatInt(q.ID, 10), Subject: q.Subject, Field: q.Field,
			Status: q.Status, Unit: q.Unit, Received: when(q.ReceivedAt), Due: when(q.DueAt), Overdue: q.Overdue(now)}
		if row.Overdue {
			p.Overdue++
		}
		p.Rows = append(p.Rows, row)
	}
	link := func(n int) string {
		v := url.Values{}
		if filter != "" {
			v.Set("trang-thai", filter)
		}
		if n > 1 {
			v.Set("trang", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return pathQuestions
		}
		return pathQuestions + "?" + v.Encode()
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page*queuePage < total {
		p.NextURL = link(page + 1)
	}
	return s.render(w, http.StatusOK, "questions", p)
}

var actionNotices = map[string]string{
	"accept": "Đã tiếp nhận câu hỏi.", "reject": "Đã chuyển câu hỏi sang “Không tiếp nhận”.", "assign": "Đã giao đơn vị trả lời.",
	"draft": "Đã lưu bản nháp câu trả lời.", "submit": "Đã gửi câu trả lời để biên tập viên xem xét.", "return": "Đã trả lại câu trả lời cho đơn vị.",
	"answer": "Đã lưu câu trả lời.", "edit": "Đã sửa nội dung sẽ công khai.", "publish": "Đã công khai câu hỏi và câu trả lời.", "unpublish": "Đã thôi công khai câu hỏi.",
}

func (s *Server) questionPage(r *http.Request, id int64) (QuestionPage, error) {
	acc := accountFrom(r.Context())
	q, err := s.questions.Store().FindQuestionByID(r.Context(), acc.Site.ID, id)
	if err != nil {
		return QuestionPage{}, err
	}
	actor := s.questionActor(r, acc)
	if !actor.MayHandle(q) {
		return QuestionPage{}, question.ErrNotFound
	}
	p := QuestionPage{Layout: s.layout(acc, q.Subject, pathQuestions), Q: q,
		Received: when(q.ReceivedAt), Due: when(q.DueAt), Answered: when(q.AnsweredAt), Published: when(q.PublishedAt),
		Overdue: q.Overdue(s.questions.Now()), ShowPersonal: s.seesPersonalData(acc), PublicName: q.PublicName(),
		CanModerate: s.can(acc, user.ActionQuestionModerate), CanPublish: s.can(acc, user.ActionQuestionPublish),
		Unit: q.Unit, Answer: q.Answer, AnsweredBy: q.AnsweredBy, Subject: q.Subject, Body: q.Body,
		Leaks: q.LeaksContact(), Suspect: q.MaySuggestContact()}
	if !p.ShowPersonal {
		// The page must not carry what the user may not see.
		p.Q.Name, p.Q.Phone, p.Q.Email, p.Q.Address = "", "", "", ""
	}
	if q.Status == question.StatusRejected {
		p.Reason = question.ReasonLabel(q.RejectReason)
	}
	p.Reasons = []Option{{Value: "", Label: "Chọn lý do"},
		{Value: question.ReasonSpam, Label: question.ReasonLabel(question.ReasonSpam)},
		{Value: question.ReasonOutOfScope, Label: question.ReasonLabel(question.ReasonOutOfScope)}}
	p.CanDraft = actor.MemberOf(q)
	if p.CanModerate {
		if err := s.unitChoices(r, acc, &p); err != nil {
			return p, err
		}
	}
	p.Form.Order = []string{"subject", "body", "reason", "unit", "answer", "answered_by", "note"}
	return p, s.questionAttachment(r, &p)
}

// seesPersonalData reports whether acc may see senders' phone, email and
// address. No built-in role moderates without it today; a site that splits
// the two (e.g. a reception desk) gets the masked pages.
func (s *Server) seesPersonalData(acc *account) bool {
	if s.personalData != nil {
		return s.personalData(acc)
	}
	return s.can(acc, user.ActionPersonalDataView)
}

func questionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "Không tìm thấy câu hỏi.")
	}
	return id, nil
}

func (s *Server) questionView(w http.ResponseWriter, r *http.Request) error {
	id, err := questionID(r)
	if err != nil {
		return err
	}
	p, err := s.questionPage(r, id)
	if err != nil {
		return err
	}
	p.Notice = actionNotices[r.URL.Query().Get("xong")]
	return s.render(w, http.StatusOK, "question", p)
}

func (s *Server) questionAct(w http.ResponseWriter, r *http.Request) error {
	id, err := questionID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	acc := accountFrom(r.Context())
	a := question.Action{Kind: r.PathValue("action"), Reason: r.PostForm.Get("reason"), Unit: r.PostForm.Get("unit"),
		Answer: r.PostForm.Get("answer"), AnsweredBy: r.PostForm.Get("answered_by"), Note: r.PostForm.Get("note"),
		Subject: r.PostForm.Get("subject"), Body: r.PostForm.Get("body"), Version: formVersion(r),
		Origin: s.sites.Origin(&acc.Site, "https")}
	if v := r.PostForm.Get("unit_id"); r.PostForm.Has("unit_id") {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			n = -1 // not one of the site's units: Apply refuses it
		}
		a.UnitID = n
	}
	if _, ok := actionNotices[a.Kind]; !ok {
		return apperr.New(apperr.NotFound, "Không có thao tác này.")
	}
	actor := s.questionActor(r, acc)
	_, err = s.questions.Apply(r.Context(), acc.Site.ID, id, a, actor)
	var e *apperr.Error
	if err != nil && errors.As(err, &e) && (e.Code == apperr.Invalid || e.Code == apperr.Conflict) {
		p, perr := s.questionPage(r, id)
		if perr != nil {
			return perr
		}
		for k, v := range e.Fields {
			p.Form.add(k, v)
		}
		if len(e.Fields) == 0 {
			p.Form.Alert = e.Message
		}
		p.Stale = errors.Is(err, question.ErrStale)
		// Keep what was typed. The page shows the question as now stored
		// (and carries its version), so acting again acts on it.
		switch a.Kind {
		case "assign":
			p.Unit = a.Unit
		case "answer", "draft", "submit":
			p.Answer, p.AnsweredBy = a.Answer, a.AnsweredBy
		case "return":
			p.Note = a.Note
		case "edit":
			p.Subject, p.Body = a.Subject, a.Body
		}
		status := http.StatusUnprocessableEntity
		if e.Code == apperr.Conflict {
			status = http.StatusConflict
		}
		return s.render(w, status, "question", p)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, pathQuestions+"/"+strconv.FormatInt(id, 10)+"?xong="+a.Kind, http.StatusSeeOther)
	return nil
}
