package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"trangtin/internal/config"
)

// testApp is a running server on a loopback port, with the real wiring of
// `trangtin serve`: the store from the config, the demo site, middleware.
type testApp struct {
	*app
	URL  string
	Stop func() // stops the server and closes the store; safe to call twice
}

// startApp serves cfg on 127.0.0.1 until the test ends. A zero cfg gets a
// fresh SQLite database in a temporary folder; set TRANGTIN_TEST_DB to run
// the same tests on another database URL.
func startApp(t testing.TB, cfg config.Config) *testApp {
	t.Helper()
	if cfg.DataDir == "" && cfg.DB == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.LogLevel == "" {
		cfg.LogLevel = "warn"
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := newApp(ctx, cfg, log, nil)
	if err != nil {
		cancel()
		t.Fatalf("newApp: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a.setOrigin(ln.Addr()) // as Serve does, before the test's first request
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
			a.Close()
		})
	}
	t.Cleanup(stop)
	return &testApp{app: a, URL: "http://" + ln.Addr().String(), Stop: stop}
}

// testWriter sends server logs to the test log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("%s", p)
	return len(p), nil
}

// get fetches path and returns the response with its body read.
func get(t testing.TB, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	tr := &http.Transport{DisableCompression: true}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	return res, string(body)
}
