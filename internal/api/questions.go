package api

import (
	"net/http"
	"strconv"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/question"
)

// citizen is the API of the citizens' services: published questions and
// answers, and drafts for comment. Personal data never leaves it: a
// question's sender appears only as the name they allowed, or initials.
type citizen struct {
	sites         *content.Directory
	questions     *question.Service
	consultations *consultation.Service
	media         *media.Library
	adapt         httpx.Adapter
}

// newCitizen returns the citizens' API; lib (may be nil) lists drafts' files.
func newCitizen(sites *content.Directory, qs *question.Service, cs *consultation.Service, lib *media.Library, adapt httpx.Adapter) *citizen {
	return &citizen{sites: sites, questions: qs, consultations: cs, media: lib, adapt: adapt}
}

// register adds the routes to mux.
func (c *citizen) register(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/questions", cors(c.adapt.Handle(c.questionList)))
	mux.Handle("GET /api/v1/questions/{id}", cors(c.adapt.Handle(c.questionOne)))
	mux.Handle("GET /api/v1/consultations", cors(c.adapt.Handle(c.consultationList)))
	mux.Handle("GET /api/v1/consultations/{id}", cors(c.adapt.Handle(c.consultationOne)))
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "Không tìm thấy mục này.")
	}
	return id, nil
}

// QuestionJSON is a published question.
type QuestionJSON struct {
	ID          int64     `json:"id"`
	Subject     string    `json:"subject"`
	Question    string    `json:"question"`
	Field       string    `json:"field"`
	Asker       string    `json:"asker"`
	Answer      string    `json:"answer"`
	AnsweredBy  string    `json:"answered_by"`
	ReceivedAt  time.Time `json:"received_at"`
	PublishedAt time.Time `json:"published_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	URL         string    `json:"url"`
}

func questionJSON(q question.Question) QuestionJSON {
	return QuestionJSON{ID: q.ID, Subject: q.Subject, Question: q.Body, Field: q.Field, Asker: q.PublicName(),
		Answer: q.Answer, AnsweredBy: q.AnsweredBy, ReceivedAt: q.ReceivedAt, PublishedAt: q.PublishedAt, UpdatedAt: q.UpdatedAt,
		URL: question.Path(q.ID)}
}

func (c *citizen) questionList(w http.ResponseWriter, r *http.Request) error {
	p, err := parseList(r.URL.Query())
	if err != nil {
		return err
	}
	site, err := c.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	qs, total, err := c.questions.Store().FindQuestions(r.Context(), question.Filter{SiteID: site.ID,
		Statuses: []question.Status{question.StatusPublished}, UpdatedSince: p.UpdatedSince, Limit: p.PerPage, Offset: p.offset()})
	if err != nil {
		return err
	}
	out := List[QuestionJSON]{Items: []QuestionJSON{}, Page: p.Page, PerPage: p.PerPage, Total: total}
	for _, q := range qs {
		out.Items = append(out.Items, questionJSON(q))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (c *citizen) questionOne(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	site, err := c.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	q, err := c.questions.Published(r.Context(), site.ID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, questionJSON(q))
	return nil
}
