package httpx

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"trangtin/internal/apperr"
)

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                     false,
		"gzip":                 true,
		"deflate, gzip;q=1.0":  true,
		"br, GZIP":             true,
		"gzip;q=0":             false,
		"gzip; q=0.0":          false,
		"gzip;q=0.5":           true,
		"identity":             false,
		"x-gzip-not":           false,
		"gzip;q=abc":           false,
		"deflate;q=0.5, gzip ": true,
		// the fast path's values
		"gzip, deflate":           true,
		"gzip, deflate, br":       true,
		"gzip, deflate, br, zstd": true,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := AcceptsGzip(r); got != want {
			t.Errorf("AcceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestAdapterNeverShowsTheCause(t *testing.T) {
	var logged bytes.Buffer
	var shown struct {
		status int
		msg    string
	}
	a := Adapter{
		Log: slog.New(slog.NewTextHandler(&logged, nil)),
		Render: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
			shown.status, shown.msg = status, msg
		},
	}
	secret := errors.New("pq: password authentication failed for user admin at 10.0.0.5")
	for _, tc := range []struct {
		err    error
		status int
		msg    string
	}{
		{secret, 500, apperr.DefaultMessage(apperr.Internal)},
		{apperr.Wrap(apperr.NotFound, "Không tìm thấy bài viết.", secret), 404, "Không tìm thấy bài viết."},
		{apperr.New(apperr.Gone, ""), 410, apperr.DefaultMessage(apperr.Gone)},
		{apperr.New(apperr.RateLimited, "Chờ một lát."), 429, "Chờ một lát."},
	} {
		logged.Reset()
		h := a.Handle(func(w http.ResponseWriter, r *http.Request) error { return tc.err })
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
		if shown.status != tc.status || shown.msg != tc.msg {
			t.Errorf("%v: shown %d %q, want %d %q", tc.err, shown.status, shown.msg, tc.status, tc.msg)
		}
		if strings.Contains(shown.msg, "password") {
			t.Errorf("the cause leaked to the visitor: %q", shown.msg)
		}
		if tc.status == 500 && !strings.Contains(logged.String(), "password authentication failed") {
			t.Errorf("a 500's cause is not in the log: %s", logged.String())
		}
	}
}

func TestRecoverTurnsPanicInto500(t *testing.T) {
	var logged bytes.Buffer
	a := Adapter{Log: slog.New(slog.NewTextHandler(&logged, nil)), Render: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		w.WriteHeader(status)
		w.Write([]byte(msg))
	}}
	h := Recover(a)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "boom") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Errorf("panic gave %d %q", rec.Code, rec.Body.String())
	}
	if !strings.Contains(logged.String(), "boom") {
		t.Error("panic not logged")
	}
}

func TestRequestIDsAreUniqueAndLogged(t *testing.T) {
	var logged bytes.Buffer
	var ids []string
	h := Log(&logged)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ids = append(ids, RequestID(w))
		w.WriteHeader(204)
	}))
	for i := 0; i < 3; i++ {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/a", nil))
	}
	if ids[0] == "" || ids[0] == ids[1] || ids[1] == ids[2] {
		t.Errorf("ids %v", ids)
	}
	if strings.Count(logged.String(), `"status":204`) != 3 || !strings.Contains(logged.String(), ids[2]) {
		t.Errorf("access log: %s", logged.String())
	}
}

func TestLimitBody(t *testing.T) {
	var readErr error
	h := LimitBody(10)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = r.Body.Read(make([]byte, 100))
		for readErr == nil {
			_, readErr = r.Body.Read(make([]byte, 100))
		}
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11))))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("declared 11 bytes over a 10 limit: %d", rec.Code)
	}
	r := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 50)))
	r.ContentLength = -1 // chunked: the size is known only while reading
	h.ServeHTTP(httptest.NewRecorder(), r)
	if !IsTooLarge(readErr) {
		t.Errorf("reading past the limit: %v, want a MaxBytesError", readErr)
	}
}
