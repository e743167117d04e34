package api

import (
	"net/http"
)

func (s *Server) registerVisits(mux *http.ServeMux) {
	if s.visits != nil {
		mux.Handle("GET /api/v1/visits", cors(s.adapt.Handle(s.visitFigures)))
	}
}

// visitFigures: GET /api/v1/visits, the footer's figures as numbers:
// visitors online now, visits today, this month and in all (Vietnam time).
// Nothing about any visitor is kept, so nothing more can be given.
func (s *Server) visitFigures(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	f, err := s.visits.Figures(r.Context(), site.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, f)
	return nil
}
