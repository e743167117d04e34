package web

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strconv"

	"trangtin/internal/httpx"
	"trangtin/internal/visits"
)

// VisitFigures are the footer's counter, formatted.
type VisitFigures struct {
	Online, Today, Month, Total string
}

func formatFigures(f visits.Figures) *VisitFigures {
	return &VisitFigures{Online: groupDigits(f.Online), Today: groupDigits(f.Today), Month: groupDigits(f.Month), Total: groupDigits(f.Total)}
}

// groupDigits writes n the Vietnamese way, 1.234.567.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 || len(s) <= 3 {
		return s
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// countVisit counts a page request: a hash, a shard lock and an atomic
// add in memory (see package visits); nothing is written here.
func (s *Server) countVisit(r *http.Request, siteID int64) {
	if s.eng.visits == nil || r.Method != http.MethodGet {
		return
	}
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	s.eng.visits.Hit(siteID, addr, httpx.HeaderValue(r.Header, "User-Agent"))
}

// countView counts a view of the article page served: the same hash in
// memory as a visit, per article; nothing is written here.
func (s *Server) countView(r *http.Request, articleID int64) {
	if s.eng.visits == nil || r.Method != http.MethodGet {
		return
	}
	s.eng.visits.View(articleID, clientAddr(r), httpx.HeaderValue(r.Header, "User-Agent"))
}

// visitFigures are the figures a page is rendered with. The page may stay
// in the cache for a while with them; site.js refreshes them from
// /luot-truy-cap when scripts run.
func (s *Server) visitFigures(ctx context.Context, siteID int64) *VisitFigures {
	if s.eng.visits == nil {
		return nil
	}
	f, err := s.eng.visits.Figures(ctx, siteID)
	if err != nil {
		s.log.Warn("visit figures", "err", err)
		return nil
	}
	return formatFigures(f)
}

// visitsJSON answers the footer's script with the current figures, from
// memory (refreshed at each flush).
func (s *Server) visitsJSON(w http.ResponseWriter, r *http.Request) error {
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	f, err := s.eng.visits.Figures(r.Context(), site.ID)
	if err != nil {
		return err
	}
	v := formatFigures(f)
	body, err := json.Marshal(map[string]string{"online": v.Online, "today": v.Today, "month": v.Month, "total": v.Total})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
	return nil
}
