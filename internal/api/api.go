// Package api is the read-only JSON API under /api/v1/. It shares no code
// with the public pages beyond the domain services.
package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/question"
	"trangtin/internal/rating"
	"trangtin/internal/schedule"
	"trangtin/internal/search"
	"trangtin/internal/visits"
)

// Server is the API.
type Server struct {
	svc     *content.Service
	sites   *content.Directory
	srch    *search.Service
	adapt   httpx.Adapter
	docs    *document.Service // nil: no /api/v1/documents
	media   *media.Library
	eng     engagement      // schedule and ratings (schedule.go)
	visits  *visits.Counter // nil: no /api/v1/visits
	guard   *guard.Limiter  // nil: searches are not limited
	citizen *citizen        // nil: no questions or consultations
}

// Options are what New builds the API from: the required services, then
// the optional ones, each adding its routes when set. The public site
// (web.Options) and the editors' area (admin.Options) are built the same
// way.
type Options struct {
	Content *content.Service   // required
	Sites   *content.Directory // required: the site is picked by the request's host
	Search  *search.Service    // required
	Log     *slog.Logger       // nil: discard

	// Documents serves the documents register; Media lists its
	// attachments (and the consultations' files).
	Documents *document.Service
	Media     *media.Library
	// Schedule and Ratings serve the work schedule and the rating totals;
	// Visits the visit counter's figures.
	Schedule *schedule.Service
	Ratings  *rating.Service
	Visits   *visits.Counter
	// Guard limits searches per client address with the public site's
	// allowance (guard.FormSearch): a search beyond it is answered 429
	// with a JSON error and Retry-After.
	Guard *guard.Limiter
	// Questions and Consultations serve the citizens' services:
	// published questions and answers, drafts for comment.
	Questions     *question.Service
	Consultations *consultation.Service
}

// clientAddr is the visitor's address for the limiter: httpx.RealClient
// has already put the visitor's in RemoteAddr behind a trusted proxy.
func clientAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// New returns the API; it fails when a required service is missing.
func New(o Options) (*Server, error) {
	if o.Content == nil || o.Sites == nil || o.Search == nil {
		return nil, errors.New("api: Options.Content, Sites and Search are required")
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{svc: o.Content, sites: o.Sites, srch: o.Search, docs: o.Documents, media: o.Media,
		eng: engagement{schedule: o.Schedule, ratings: o.Ratings}, visits: o.Visits, guard: o.Guard}
	s.adapt = httpx.Adapter{Log: o.Log, Render: renderError}
	if o.Questions != nil && o.Consultations != nil {
		s.citizen = newCitizen(o.Sites, o.Questions, o.Consultations, o.Media, s.adapt)
	}
	return s, nil
}

// Register adds the API's routes, all under /api/, to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/search", cors(s.adapt.Handle(s.search)))
	s.registerHarvest(mux)
	s.registerDocuments(mux)
	s.registerFurniture(mux)
	s.registerEngagement(mux)
	s.registerVisits(mux)
	if s.citizen != nil {
		s.citizen.register(mux)
	}
	mux.Handle("/api/", cors(s.adapt.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return apperr.New(apperr.NotFound, "Không có địa chỉ API này.")
	})))
}

// cors lets any origin read the API: it is public, read-only data.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "ETag, Retry-After")
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			h.Set("Access-Control-Max-Age", "86400")
			h.Set("Access-Control-Allow-Headers", "If-None-Match")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// errorBody is every error's JSON shape.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	var b errorBody
	b.Error.Code = string(codeOf(status))
	b.Error.Message = msg
	writeJSON(w, status, b)
}

func codeOf(status int) apperr.Code {
	for _, c := range []apperr.Code{apperr.NotFound, apperr.Invalid, apperr.Conflict, apperr.Forbidden, apperr.Unauthorized,
		apperr.Gone, apperr.TooLarge, apperr.RateLimited, apperr.Unavailable} {
		if httpx.Status(c) == status {
			return c
		}
	}
	return apperr.Internal
}

// writeJSON encodes v into memory first, so an encoding error is never
// half a response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"Đã có lỗi xảy ra."}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
