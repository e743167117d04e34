package web

import (
	"net/http"
	"time"

	"trangtin/internal/rating"
	"trangtin/internal/schedule"
	"trangtin/internal/visits"
)

// engagement holds the optional services of the work schedule, the
// satisfaction rating and the visit counter.
type engagement struct {
	schedule *schedule.Service
	ratings  *rating.Service
	visits   *visits.Counter
	now      func() time.Time // nil: time.Now; tests set it
}

func (e engagement) clock() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

// registerEngagement adds the routes of the schedule, ratings and visit
// counter, for the services that are set.
func (s *Server) registerEngagement(mux *http.ServeMux) {
	if s.eng.schedule != nil {
		mux.Handle("GET /lich-cong-tac", s.adapt.Handle(s.schedulePage))
	}
	if s.eng.ratings != nil {
		mux.Handle("POST /danh-gia", s.adapt.Handle(s.rate))
		mux.Handle("GET /danh-gia/cam-on", s.adapt.Handle(s.rateThanks))
	}
	if s.eng.visits != nil {
		mux.Handle("GET /luot-truy-cap", s.adapt.Handle(s.visitsJSON))
	}
}
