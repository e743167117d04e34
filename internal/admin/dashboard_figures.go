package admin

import (
	"context"
	"net/http"
	"strconv"

	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

// The dashboard's figures: the numbers that call for action, each linking
// to the list that holds what it counts. A user sees only the figures of
// what their role may do on the site.

// Figure is one number of the dashboard.
type Figure struct {
	Label string
	Count string // "12"
	URL   string // the filtered list
	Hint  string
	Alert bool // something is late: shown as a problem
}

// The question list's deadline filters (?trang-thai=…).
const (
	deadlineOverdue = "qua-han"
	deadlineSoon    = "sap-den-han"
)

// maxOpenQuestions bounds the open questions read to count deadlines: a
// site has a few dozen at most.
const maxOpenQuestions = 1000

// maxOpenConsultations bounds the drafts whose comments are counted.
const maxOpenConsultations = 200

func (s *Server) figures(ctx context.Context, acc *account) ([]Figure, error) {
	var out []Figure
	site := acc.Site.ID
	count := func(n int) string { return strconv.Itoa(n) }
	if s.content != nil && s.newsroom != nil {
		if s.can(acc, user.ActionArticlePassToApproval) {
			n, err := s.content.Store().CountArticles(ctx, content.ArticleFilter{SiteID: site, Stage: content.StatusSubmitted})
			if err != nil {
				return nil, err
			}
			out = append(out, Figure{Label: "Bài chờ biên tập", Count: count(n), URL: pathArticles + "/?trang-thai=" + string(content.StatusSubmitted),
				Hint: "Bài phóng viên đã gửi, chờ biên tập viên sửa và chuyển duyệt."})
		}
		if s.can(acc, user.ActionArticlePublish) {
			n, err := s.content.Store().CountArticles(ctx, content.ArticleFilter{SiteID: site, Stage: content.StatusApproval})
			if err != nil {
				return nil, err
			}
			out = append(out, Figure{Label: "Bài chờ duyệt", Count: count(n), URL: pathArticles + "/?trang-thai=" + string(content.StatusApproval),
				Hint: "Bài chờ Ban biên tập duyệt và đăng."})
		}
	}
	if s.questions != nil && s.can(acc, user.ActionQuestionModerate) {
		qs, _, err := s.questions.Store().FindQuestions(ctx, question.Filter{SiteID: site, Statuses: []question.Status{question.StatusNew, question.StatusAccepted}, Limit: maxOpenQuestions})
		if err != nil {
			return nil, err
		}
		d := s.questions.CountDeadlines(qs, s.questions.Now())
		out = append(out,
			Figure{Label: "Câu hỏi quá hạn", Count: count(d.Overdue), URL: pathQuestions + "?trang-thai=" + deadlineOverdue, Alert: d.Overdue > 0,
				Hint: "Câu hỏi chưa trả lời đã quá hạn 15 ngày làm việc."},
			Figure{Label: "Câu hỏi sắp đến hạn", Count: count(d.DueSoon), URL: pathQuestions + "?trang-thai=" + deadlineSoon,
				Hint: "Câu hỏi chưa trả lời, hạn trả lời trong " + strconv.Itoa(question.DueSoonDays) + " ngày làm việc tới."})
	}
	if s.consultations != nil && s.can(acc, user.ActionConsultationManage) {
		cs, _, err := s.consultations.Store().FindConsultations(ctx, consultation.Filter{SiteID: site, Limit: maxOpenConsultations})
		if err != nil {
			return nil, err
		}
		n := 0
		for _, c := range cs {
			counts, err := s.consultations.Store().CountComments(ctx, site, c.ID)
			if err != nil {
				return nil, err
			}
			n += counts[consultation.CommentPending]
		}
		out = append(out, Figure{Label: "Góp ý chờ duyệt", Count: count(n), URL: pathConsultations,
			Hint: "Ý kiến góp ý dự thảo của người dân chờ duyệt trước khi công khai."})
	}
	if s.visits != nil && s.can(acc, user.ActionRatingView) {
		f, err := s.visits.Figures(ctx, site)
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{Label: "Hôm nay: lượt truy cập", Count: strconv.FormatInt(f.Today, 10), URL: pathRatings,
			Hint: "Lượt truy cập trang trong ngày hôm nay (giờ Việt Nam)."})
	}
	return out, nil
}

// questionsByDeadline is the question list filtered by deadline: the open
// questions overdue, or due within question.DueSoonDays working days,
// soonest first as the store lists them.
func (s *Server) questionsByDeadline(w http.ResponseWriter, r *http.Request, acc *account, filter string) error {
	qs, _, err := s.questions.Store().FindQuestions(r.Context(), question.Filter{SiteID: acc.Site.ID,
		Statuses: []question.Status{question.StatusNew, question.StatusAccepted}, Limit: maxOpenQuestions})
	if err != nil {
		return err
	}
	p := QuestionsPage{Layout: s.layout(acc, "Hỏi đáp", pathQuestions), Filter: filter, PageNo: 1}
	for _, o := range queueFilters {
		p.Filters = append(p.Filters, Option{Value: o.value, Label: o.label, Selected: o.value == filter})
	}
	now := s.questions.Now()
	for _, q := range qs {
		overdue := q.Overdue(now)
		if filter == deadlineOverdue && !overdue || filter == deadlineSoon && !s.questions.DueSoon(q, now) {
			continue
		}
		p.Rows = append(p.Rows, QuestionRow{ID: q.ID, URL: pathQuestions + "/" + strconv.FormatInt(q.ID, 10), Subject: q.Subject, Field: q.Field,
			Status: q.Status, Unit: q.Unit, Received: when(q.ReceivedAt), Due: when(q.DueAt), Overdue: overdue})
		if overdue {
			p.Overdue++
		}
	}
	p.Total = len(p.Rows)
	return s.render(w, http.StatusOK, "questions", p)
}
