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
	first := &discardWriter{h: http.Header{}}
	a.handler.ServeHTTP(first, req) // renders and caches the page
	hit := &bodyWriter{h: http.Header{}}
	a.handler.ServeHTTP(hit, req)
	if hit.status != http.StatusOK || hit.h.Get("Content-Encoding") != "gzip" || len(hit.body) == 0 {
		b.Fatalf("second request: status %d, encoding %q, %d bytes", hit.status, hit.h.Get("Content-Encoding"), len(hit.body))
	}
	// The ceiling: a handler that sets the same header lines and writes the
	// same bytes, and does nothing else (as scripts/benchtool's does).
	ceiling := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range hit.h {
			h[k] = v
		}
		w.WriteHeader(http.StatusOK)
		w.Write(hit.body)
	})
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"trangtin", a.handler}, {"ceiling", ceiling}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := &discardWriter{h: http.Header{}}
				c.h.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatalf("status %d", w.status)
				}
			}
		})
	}
}

// bodyWriter keeps the status, the header and the body.
type bodyWriter struct {
	h      http.Header
	status int
	body   []byte
}

func (w *bodyWriter) Header() http.Header         { return w.h }
func (w *bodyWriter) Write(p []byte) (int, error) { w.body = append(w.body, p...); return len(p), nil }
func (w *bodyWriter) WriteHeader(code int)        { w.status = code }
