// Package httpx holds the HTTP plumbing shared by the public site, the
// editors' area and the API: error-returning handlers, the mapping from
// application errors to statuses, and middleware.
package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"trangtin/internal/apperr"
)

// HandlerFunc is an HTTP handler that returns an error instead of writing
// one: the Adapter turns the error into a response.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// ErrorRenderer writes an error page (or JSON) for status with a message
// that is safe to show.
type ErrorRenderer func(w http.ResponseWriter, r *http.Request, status int, message string)

// Adapter turns HandlerFuncs into http.Handlers.
type Adapter struct {
	Log    *slog.Logger
	Render ErrorRenderer
}

// Handle adapts h.
func (a Adapter) Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.Error(w, r, err)
		}
	})
}

// Error logs err with the request id and renders the safe message.
func (a Adapter) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := Status(apperr.CodeOf(err))
	if status >= 500 {
		a.Log.ErrorContext(r.Context(), "request failed", "id", RequestID(w), "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		a.Log.DebugContext(r.Context(), "request refused", "id", RequestID(w), "path", r.URL.Path, "err", err)
	}
	SetRetryAfter(w, err)
	a.Render(w, r, status, apperr.MessageOf(err))
}

// SetRetryAfter sets the Retry-After header, in whole seconds rounded up,
// when err says how long to wait (apperr.Error.RetryAfter). Handlers that
// answer a refusal themselves call it; Adapter.Error does for the others.
func SetRetryAfter(w http.ResponseWriter, err error) {
	if d := apperr.RetryAfterOf(err); d > 0 {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10))
	}
}

// Status maps an error code to an HTTP status.
func Status(code apperr.Code) int {
	switch code {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Gone:
		return http.StatusGone
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// RequestID returns the id the Log middleware gave the request that w
// answers ("" outside it).
func RequestID(w http.ResponseWriter) string {
	if info := infoOf(w); info != nil {
		return info.id
	}
	return ""
}

// Request ids are a random per-process prefix and a counter: unique across
// restarts and nodes for log correlation, and free of a system call per
// request.
var (
	idPrefix  = func() string { var b [4]byte; rand.Read(b[:]); return hex.EncodeToString(b[:]) }()
	idCounter atomic.Uint64
)

func newRequestID() string {
	var b [32]byte
	n := copy(b[:], idPrefix)
	b[n] = '-'
	return string(strconv.AppendUint(b[:n+1], idCounter.Add(1), 36))
}

// HeaderValue is h.Get(key) for a key already in canonical form (a
// constant such as "User-Agent"), without canonicalising it again: on a
// cached page that check was a noticeable part of the work per request.
func HeaderValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// AcceptsGzip reports whether the request accepts a gzip-encoded response
// (gzip listed without q=0).
func AcceptsGzip(r *http.Request) bool {
	v := HeaderValue(r.Header, "Accept-Encoding")
	switch v { // what browsers and tools send, answered without parsing
	case "gzip", "gzip, deflate", "gzip, deflate, br", "gzip, deflate, br, zstd":
		return true
	case "", "identity":
		return false
	}
	for part := range strings.SplitSeq(v, ",") {
		enc, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			continue
		}
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}
