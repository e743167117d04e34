package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// routedHandler is the server's shape: RealClient, Log and Metrics
// outside, a mux (with a nested one, like the editors' area) inside.
func routedHandler(log io.Writer, m *Metrics) http.Handler {
	inner := http.NewServeMux()
	inner.HandleFunc("GET /quan-tri/bai-viet/{id}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("bài")) })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tin-tuc/{slug}", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("tin")) })
	mux.HandleFunc("GET /hong", func(w http.ResponseWriter, r *http.Request) { panic("hỏng") })
	mux.Handle("/quan-tri/", RecordRoute(inner))
	recover := Recover(Adapter{Log: slog.New(slog.DiscardHandler), Render: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		w.WriteHeader(status)
	}})
	return Chain(RecordRoute(mux), RealClient([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}), Log(log), m.Middleware, recover)
}

func TestAccessLogHasRouteAndClient(t *testing.T) {
	var logged bytes.Buffer
	h := routedHandler(&logged, NewMetrics(prometheus.NewRegistry()))
	req := httptest.NewRequest("GET", "http://giavien.gov.vn/tin-tuc/hoi-nghi", nil)
	req.RemoteAddr = "10.1.2.3:5555"
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	h.ServeHTTP(httptest.NewRecorder(), req)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/quan-tri/bai-viet/42", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/khong-co", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/hong", nil))
	var lines []map[string]any
	for line := range strings.Lines(logged.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		lines = append(lines, m)
	}
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), logged.String())
	}
	first := lines[0]
	for k, want := range map[string]any{"msg": "http", "route": "/tin-tuc/{slug}", "path": "/tin-tuc/hoi-nghi", "host": "giavien.gov.vn",
		"client": "203.0.113.7", "status": float64(200), "bytes": float64(len("tin")), "method": "GET"} {
		if first[k] != want {
			t.Errorf("%s = %v, want %v", k, first[k], want)
		}
	}
	for _, k := range []string{"time", "took", "id"} {
		if first[k] == nil {
			t.Errorf("no %s in %v", k, first)
		}
	}
	for i, want := range []string{"/quan-tri/bai-viet/{id}", Unmatched, "/hong"} {
		if got := lines[i+1]["route"]; got != want {
			t.Errorf("line %d: route %v, want %v", i+2, got, want)
		}
	}
	if lines[3]["status"] != float64(500) {
		t.Errorf("a panic is logged with status %v, want 500", lines[3]["status"])
	}
}

func TestAccessLogOff(t *testing.T) {
	h := routedHandler(nil, NewMetrics(prometheus.NewRegistry()))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/tin-tuc/x", nil))
	if w.Code != 200 || w.Header().Get("X-Request-Id") == "" {
		t.Errorf("without the access log: %d, id %q", w.Code, w.Header().Get("X-Request-Id"))
	}
}

// TestMetricsLabelsAreRoutes: any number of paths, hosts and methods give
// the series of the routes, methods and statuses only.
func TestMetricsLabelsAreRoutes(t *testing.T) {
	reg := prometheus.NewRegistry()
	h := routedHandler(nil, NewMetrics(reg))
	for i := range 1000 {
		for _, p := range []string{"/tin-tuc/a", "/quan-tri/bai-viet/", "/khong-co/", "/hong?"} {
			req := httptest.NewRequest("GET", p+strings.Repeat("x", i%50)+string(rune('a'+i%26)), nil)
			req.Host = strings.Repeat("h", i%40) + ".vn"
			if i%3 == 0 {
				req.Method = "M" + strings.Repeat("X", i%20)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
		}
	}
	// routes: /tin-tuc/{slug}, /quan-tri/bai-viet/{id}, unmatched (mux 404s
	// and 405s), /hong; methods GET, other.
	if n := testutil.CollectAndCount(reg, "trangtin_http_requests_total"); n > 12 {
		t.Errorf("%d request series", n)
	}
	if n := testutil.CollectAndCount(reg, "trangtin_http_request_duration_seconds"); n != 4 {
		t.Errorf("%d latency series, want 4 (one per route)", n)
	}
}

func TestRouteOfPattern(t *testing.T) {
	for pattern, want := range map[string]string{
		"":                      Unmatched,
		"/":                     "/",
		"GET /tin-tuc/{slug}":   "/tin-tuc/{slug}",
		"POST  /danh-gia":       "/danh-gia",
		"giavien.gov.vn/trang/": "/trang/",
		"GET example.vn/{$}":    "/{$}",
		"GET /anh/{key...}":     "/anh/{key...}",
	} {
		if got := (&routeSlot{pattern: pattern}).route(); got != want {
			t.Errorf("route(%q) = %q, want %q", pattern, got, want)
		}
	}
}

// TestAccessLineIsSlogJSON checks the hand-built access-log line against
// what slog's JSONHandler writes for the same values, on strings a
// stranger can send: quotes, backslashes, control characters, invalid
// UTF-8, U+2028 and Vietnamese.
func TestAccessLineIsSlogJSON(t *testing.T) {
	at := time.Date(2026, 12, 7, 19, 40, 1, 123456789, time.FixedZone("ICT", 7*3600))
	for _, s := range []string{"giavien.gov.vn", `a"b\c`, "dòng\nmới\r\t\x00\x1f\x7f", "hỏng\xff\xfe", "tách\u2028dòng\u2029", "/tin-tuc/{slug}", ""} {
		var want bytes.Buffer
		log := slog.New(slog.NewJSONHandler(&want, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				a.Value = slog.TimeValue(at)
			}
			return a
		}}))
		log.LogAttrs(context.Background(), slog.LevelInfo, "http",
			slog.String("id", s), slog.String("method", s), slog.String("host", s), slog.String("route", s),
			slog.String("path", s), slog.Int("status", 404), slog.Int64("bytes", 1234), slog.Duration("took", 1500*time.Microsecond),
			slog.String("client", s))
		got := appendAccessLine(nil, at, s, s, s, s, s, 404, 1234, 1500*time.Microsecond, s)
		if string(got) != want.String() {
			t.Errorf("for %q:\n got %s\nwant %s", s, got, want.String())
		}
		if !json.Valid(bytes.TrimSpace(got)) {
			t.Errorf("for %q: not valid JSON: %s", s, got)
		}
	}
}

// TestLogTimeIsRFC3339Nano checks the access log's cached time formatting
// against time.RFC3339Nano: fractions with and without trailing zeros,
// none, the same second in two zones, and seconds in turn.
func TestLogTimeIsRFC3339Nano(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	base := time.Date(2026, 12, 7, 23, 59, 59, 0, time.UTC)
	var times []time.Time
	for _, ns := range []int{0, 1, 10, 100_000_000, 123_456_789, 999_999_999, 500_000, 120} {
		at := base.Add(time.Duration(ns))
		times = append(times, at, at.In(ict), at.Add(time.Second), at.In(time.Local), at)
	}
	for _, at := range times {
		want := at.Format(time.RFC3339Nano)
		if got := string(appendLogTime([]byte("x"), at)); got != "x"+want {
			t.Errorf("%v: got %q, want %q", at, got, "x"+want)
		}
	}
}
