// Package httpx holds the HTTP plumbing shared by the public site, the
// editors' area and the API: error-returning handlers, the mapping from
// application errors to statuses, and middleware.
package httpx

import (
	"context"
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
		a.Log.ErrorContext(r.Context(), "request failed", "id", RequestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		a.Log.DebugContext(r.Context(), "request refused", "id", RequestID(r.Context()), "path", r.URL.Path, "err", err)
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

// RequestID returns the id given to the request by the Log middleware.
func RequestID(ctx context.Context) string {
	if info, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
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
	return idPrefix + "-" + strconv.FormatUint(idCounter.Add(1), 36)
}

// AcceptsGzip reports whether the request accepts a gzip-encoded response
// (gzip listed without q=0).
func AcceptsGzip(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Encoding"), ",") {
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
