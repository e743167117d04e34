package httpx

import (
	"net/http"
	"strings"
	"time"
)

// requestInfo is what the outer middleware (Log, Metrics) keep of a
// request under way, in one allocation: its id, the time it began, the
// slot for its route and the writer that records its status. It travels
// with the response writer, not the request's context: putting it in the
// context meant a copy of the whole Request (and two more allocations) per
// request, a tenth of the middleware's work on a cached page. Whoever
// holds the writer (or a writer wrapping it, through Unwrap) finds it.
type requestInfo struct {
	id    string
	idv   [1]string // id as a header value, without a slice of its own
	start time.Time
	route routeSlot
	sw    statusWriter
}

// routeSlot receives the pattern the innermost ServeMux matched.
type routeSlot struct{ pattern string }

// withInfo returns the requestInfo an outer middleware gave the request
// through w, or gives it one; either way w2 is the info's status writer,
// which the middleware passes on.
func withInfo(w http.ResponseWriter) (w2 *statusWriter, info *requestInfo) {
	if info := infoOf(w); info != nil {
		return &info.sw, info
	}
	info = &requestInfo{start: time.Now()}
	info.sw.ResponseWriter = w
	info.sw.info = info
	return &info.sw, info
}

// infoOf finds the requestInfo behind w, unwrapping writers that wrap it.
func infoOf(w http.ResponseWriter) *requestInfo {
	for w != nil {
		switch v := w.(type) {
		case *statusWriter:
			return v.info
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return nil
		}
	}
	return nil
}

// RecordRoute wraps a ServeMux so that the outer middleware (Log,
// Metrics) learn the pattern it matched. A mux sets Request.Pattern on the
// request it was given, which the middleware outside may never see (one
// may pass on a copy); so after the mux ran, its pattern goes into the
// slot of the request's info. With nested muxes (the editors' area) the
// innermost wins: it returns first.
func RecordRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { // also when the handler panics: Recover answers 500 for this route
			if info := infoOf(w); info != nil && info.route.pattern == "" && r.Pattern != "" {
				info.route.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// SetRoute records pattern as the route of the request w answers, for the
// access log and the metrics, when it is answered without going through
// the mux (see web.Server.early). A route already recorded is kept.
func SetRoute(w http.ResponseWriter, pattern string) {
	if info := infoOf(w); info != nil && info.route.pattern == "" {
		info.route.pattern = pattern
	}
}

// Unmatched is the route of a request no pattern matched (the mux's own
// 404 and redirects, or a request refused before routing).
const Unmatched = "unmatched"

// route is the path part of a pattern: "GET /tin-tuc/{slug}" is
// "/tin-tuc/{slug}". The method and any host are dropped, so a label made
// from it takes only the values the code registered.
func (s *routeSlot) route() string {
	p := s.pattern
	if i := strings.IndexByte(p, ' '); i >= 0 {
		p = strings.TrimLeft(p[i+1:], " \t")
	}
	if i := strings.IndexByte(p, '/'); i > 0 {
		p = p[i:] // a host pattern ("example.com/…")
	}
	if p == "" {
		return Unmatched
	}
	return p
}

// methodLabel bounds the method label: a stranger may send any token.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}
