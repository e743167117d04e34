package httpx

import (
	"context"
	"net/http"
	"strings"
)

// infoKey holds the *requestInfo of a request under way.
type infoKey struct{}

// requestInfo is what the outer middleware (Log, Metrics) keep of a
// request under way, in one allocation and one context value: its id,
// the slot for its route and the writer that records its status.
type requestInfo struct {
	id    string
	idv   [1]string // id as a header value, without a slice of its own
	route routeSlot
	sw    statusWriter
}

// routeSlot receives the pattern the innermost ServeMux matched.
type routeSlot struct{ pattern string }

// withInfo gives r its requestInfo, or returns the one an outer middleware
// gave it; w becomes the info's status writer on the first call.
func withInfo(w http.ResponseWriter, r *http.Request) (*http.Request, *requestInfo) {
	if info, ok := r.Context().Value(infoKey{}).(*requestInfo); ok {
		return r, info
	}
	info := &requestInfo{}
	info.sw.ResponseWriter = w
	return r.WithContext(context.WithValue(r.Context(), infoKey{}, info)), info
}

// RecordRoute wraps a ServeMux so that the outer middleware (Log,
// Metrics) learn the pattern it matched. A mux sets Request.Pattern on the
// request it was given, which the middleware outside never see (each
// passes on a copy); so after the mux ran, its pattern goes into the slot
// the outermost middleware put in the context. With nested muxes (the
// editors' area) the innermost wins: it returns first.
func RecordRoute(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { // also when the handler panics: Recover answers 500 for this route
			if info, ok := r.Context().Value(infoKey{}).(*requestInfo); ok && info.route.pattern == "" && r.Pattern != "" {
				info.route.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// SetRoute records pattern as r's route for the access log and the
// metrics, for a request answered without going through the mux (see
// web.Server.early). A route already recorded is kept.
func SetRoute(r *http.Request, pattern string) {
	if info, ok := r.Context().Value(infoKey{}).(*requestInfo); ok && info.route.pattern == "" {
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
