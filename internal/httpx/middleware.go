package httpx

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
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
	info   *requestInfo // the request's info, which holds this writer
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

// Log gives each request an id (X-Request-Id) and, unless out is nil,
// writes one access-log line per request to out: a JSON object like the
// lines of slog's JSONHandler (time, level, msg "http"), with the id,
// method, host, route pattern (see RecordRoute), path, status, bytes,
// duration in nanoseconds ("took") and the client's address (after
// RealClient, the visitor behind a trusted proxy). Each line is one Write,
// so a writer shared with other logs never splits it.
//
// The line is built by hand rather than through slog: on a cached page the
// access log was the largest part of the middleware's cost (BENCHMARKS.md,
// "Province").
func Log(out io.Writer) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw, info := withInfo(w)
			info.id = newRequestID()
			info.idv[0] = info.id
			w.Header()["X-Request-Id"] = info.idv[:]
			if out == nil {
				next.ServeHTTP(sw, r)
				return
			}
			next.ServeHTTP(sw, r)
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			bp := lineBufs.Get().(*[]byte)
			b := appendAccessLine((*bp)[:0], info.start, info.id, r.Method, r.Host, info.route.route(), r.URL.Path,
				status, sw.size, time.Since(info.start), clientAddr(r.RemoteAddr))
			out.Write(b)
			*bp = b
			lineBufs.Put(bp)
		})
	}
}

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// appendAccessLine appends one access-log line, ending in a newline.
func appendAccessLine(b []byte, t time.Time, id, method, host, route, path string, status int, size int64, took time.Duration, client string) []byte {
	b = append(b, `{"time":"`...)
	b = appendLogTime(b, t)
	b = append(b, `","level":"INFO","msg":"http","id":`...)
	b = appendJSONString(b, id)
	b = append(b, `,"method":`...)
	b = appendJSONString(b, method)
	b = append(b, `,"host":`...)
	b = appendJSONString(b, host)
	b = append(b, `,"route":`...)
	b = appendJSONString(b, route)
	b = append(b, `,"path":`...)
	b = appendJSONString(b, path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, size, 10)
	b = append(b, `,"took":`...)
	b = strconv.AppendInt(b, int64(took), 10)
	b = append(b, `,"client":`...)
	b = appendJSONString(b, client)
	return append(b, "}\n"...)
}

// appendLogTime appends t as time.RFC3339Nano formats it. The date, the
// time to the second and the zone are formatted once a second and kept;
// only the fraction is written for each line (formatting the whole was a
// tenth of the access log's cost).
func appendLogTime(b []byte, t time.Time) []byte {
	sec := t.Unix()
	st := lastLogSecond.Load()
	if st == nil || st.unix != sec || st.loc != t.Location() {
		st = &logSecond{unix: sec, loc: t.Location(),
			text: t.AppendFormat(nil, "2006-01-02T15:04:05"), zone: t.AppendFormat(nil, "Z07:00")}
		lastLogSecond.Store(st)
	}
	b = append(b, st.text...)
	if ns := t.Nanosecond(); ns != 0 {
		var frac [10]byte
		frac[0] = '.'
		for i := 9; i > 0; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := len(frac)
		for frac[n-1] == '0' {
			n--
		}
		b = append(b, frac[:n]...)
	}
	return append(b, st.zone...)
}

// logSecond is one second of access-log time, formatted.
type logSecond struct {
	unix       int64
	loc        *time.Location
	text, zone []byte
}

var lastLogSecond atomic.Pointer[logSecond]

// appendJSONString appends s as a JSON string, escaped as slog's
// JSONHandler escapes it: quotes, backslashes and control characters
// escaped, each invalid byte replaced by U+FFFD, U+2028 and U+2029
// escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\ufffd"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
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
					a.Log.Error("panic", "id", RequestID(w), "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
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
// YouTube before that click. Uploaded videos (<video> of /video/…) need
// no media-src of their own either: default-src 'self' is their
// media-src 'self', and nothing of another origin plays.
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
		a.Log.DebugContext(r.Context(), "cross-origin request refused", "id", RequestID(w), "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "sec-fetch-site", r.Header.Get("Sec-Fetch-Site"))
		a.Render(w, r, http.StatusForbidden, CrossOriginMessage)
	}))
	return p.Handler
}
