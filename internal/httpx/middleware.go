package httpx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"
)

// Chain applies middleware so that the first one listed runs first.
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Log gives each request an id (X-Request-Id) and, unless log is nil,
// writes one structured access-log line per request: time, id, method,
// host, route pattern (see RecordRoute), path, status, bytes, duration
// and the client's address (after RealClient, the visitor behind a
// trusted proxy).
func Log(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			id := newRequestID()
			w.Header().Set("X-Request-Id", id)
			r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
			if log == nil {
				next.ServeHTTP(w, r)
				return
			}
			r, slot := withRoute(r)
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			log.LogAttrs(r.Context(), slog.LevelInfo, "http",
				slog.String("id", id),
				slog.String("method", r.Method),
				slog.String("host", r.Host),
				slog.String("route", slot.route()),
				slog.String("path", r.URL.Path),
				slog.Int("status", status),
				slog.Int64("bytes", sw.size),
				slog.Duration("took", time.Since(start)),
				slog.String("client", clientAddr(r.RemoteAddr)),
			)
		})
	}
}

// clientAddr is the address part of a RemoteAddr.
func clientAddr(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}

// Recover turns a panic into a logged 500 with a safe page.
func Recover(a Adapter) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					a.Log.Error("panic", "id", RequestID(r.Context()), "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
					a.Render(w, r, http.StatusInternalServerError, "Đã có lỗi xảy ra. Chúng tôi đã ghi nhận và sẽ khắc phục sớm.")
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// ContentSecurityPolicy allows only the site's own scripts, styles, images
// and forms: no inline script or style, no framing.
//
// default-src 'self' covers scripts, styles, fonts and connections, which
// therefore need no directive of their own; keeping every header short
// matters because a cached page's headers and compressed body then fit in
// one write. frame-src lets the site's own script (site.js) put a YouTube
// player in an article once the reader clicks its video: bodies hold only
// a link (the sanitiser allows no frame), so nothing is requested from
// YouTube before that click.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-src https://www.youtube-nocookie.com; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders are set on every response. The values are shared slices
// assigned straight into the header map: this runs on every request,
// cached pages included.
// (Framing is refused by the CSP's frame-ancestors, which every current
// browser honours, so X-Frame-Options would only repeat it.)
var securityHeaders = map[string][]string{
	"Content-Security-Policy": {ContentSecurityPolicy},
	"X-Content-Type-Options":  {"nosniff"},
	"Referrer-Policy":         {"strict-origin-when-cross-origin"},
}

var hsts = []string{"max-age=31536000"}

// SecurityHeaders sets the headers every response carries.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityHeaders {
			h[k] = v
		}
		if IsHTTPS(r) {
			h["Strict-Transport-Security"] = hsts
		}
		next.ServeHTTP(w, r)
	})
}

// LimitBody caps request bodies at n bytes; reading past it fails, and the
// handler's error becomes a 413 through apperr.TooLarge.
func LimitBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				http.Error(w, "Dữ liệu gửi lên quá lớn.", http.StatusRequestEntityTooLarge)
				return
			}
			if r.ContentLength != 0 { // -1 (unknown) or a body within the limit
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// IsTooLarge reports whether err came from reading past a LimitBody cap.
func IsTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// CrossOriginMessage is shown when a state-changing request from another
// site is refused.
const CrossOriginMessage = "Yêu cầu bị từ chối vì được gửi từ một trang web khác. Nếu bạn gửi biểu mẫu từ chính trang này, vui lòng tải lại trang và gửi lại."

// CrossOrigin refuses cross-origin state-changing requests, as
// http.CrossOriginProtection judges them, with a 403 error page drawn by
// the adapter that pick chooses for the request (the public site's, the
// editors' area's) rather than the standard library's English text.
func CrossOrigin(pick func(*http.Request) Adapter) func(http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := pick(r)
		a.Log.DebugContext(r.Context(), "cross-origin request refused", "id", RequestID(r.Context()), "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec-fetch-site", r.Header.Get("Sec-Fetch-Site"))
		a.Render(w, r, http.StatusForbidden, CrossOriginMessage)
	}))
	return p.Handler
}
