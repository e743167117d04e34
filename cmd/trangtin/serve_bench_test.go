package main

import (
	"context"
	"io"
	"net/http"
	"testing"

	"trangtin/internal/config"
)

// discardWriter is a ResponseWriter that keeps nothing but the status.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }

// BenchmarkServeCachedArticle serves the reference article from the page
// cache through the whole handler `trangtin serve` builds: route
// recording, the client address, the JSON access log (into io.Discard),
// the metrics, shedding, the security headers, the host rules and the
// module gate. Its CPU per request is what the province benchmark's
// cached-throughput ratio compares with a server that only writes the
// same bytes.
func BenchmarkServeCachedArticle(b *testing.B) {
	cfg := config.Config{DataDir: b.TempDir(), LogLevel: "info", MetricsAddr: "127.0.0.1:0"}
	a, err := newApp(context.Background(), cfg, newLogger(io.Discard, "info"), io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	req, err := http.NewRequest("GET", "http://localhost:8080"+seedURL, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.RemoteAddr = "127.0.0.1:40000"
	req.Header.Set("Accept-Encoding", "gzip")
	serve := func() *discardWriter {
		w := &discardWriter{h: http.Header{}}
		a.handler.ServeHTTP(w, req)
		return w
	}
	if w := serve(); w.status != 0 && w.status != http.StatusOK {
		b.Fatalf("first request: status %d", w.status)
	}
	if w := serve(); w.h.Get("X-Cache") == "" && w.status != 0 && w.status != http.StatusOK {
		b.Fatalf("second request: status %d", w.status)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if w := serve(); w.status != 0 && w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
}
