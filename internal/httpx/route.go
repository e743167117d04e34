package httpx

import (
	"context"
	"net/http"
	"strings"
)

// routeKey holds the *routeSlot of a request under way.
type routeKey struct{}

// routeSlot receives the pattern the innermost ServeMux matched.
type routeSlot struct{ pattern string }

// withRoute gives r a slot for its route, or reuses the one an outer
// middleware gave it.
func withRoute(r *http.Request) (*http.Request, *routeSlot) {
	if s, ok := r.Context().Value(routeKey{}).(*routeSlot); ok {
		return r, s
	}
	s := &routeSlot{}
	return r.WithContext(context.WithValue(r.Context(), routeKey{}, s)), s
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
			if s, ok := r.Context().Value(routeKey{}).(*routeSlot); ok && s.pattern == "" && r.Pattern != "" {
				s.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
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
