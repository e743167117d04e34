package httpx

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestShedding(t *testing.T) {
	entered := make(chan string, 10)
	release := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- r.URL.Path
		if r.URL.Path != "/healthz" {
			<-release
		}
		w.Write([]byte("ok"))
	})
	s := &Shedding{Max: 2, Queue: 1, Wait: time.Minute, RetryAfter: 1500 * time.Millisecond,
		Exempt: func(r *http.Request) bool { return r.URL.Path == "/healthz" }}
	shed := s.Shed(h)
	serve := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		shed.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w
	}
	var wg sync.WaitGroup
	results := make(chan int, 3)
	for _, p := range []string{"/a", "/b"} {
		wg.Go(func() { results <- serve(p).Code })
	}
	<-entered
	<-entered
	wg.Go(func() { results <- serve("/c").Code }) // waits for a slot
	for s.Waiting() != 1 {
		time.Sleep(time.Millisecond) // polling for the third request to queue
	}
	if s.InFlight() != 2 {
		t.Errorf("in flight %d, want 2", s.InFlight())
	}
	// Full, and the queue too: shed at once.
	w := serve("/d")
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "2" || !strings.Contains(w.Body.String(), "quá tải") {
		t.Errorf("over the limit: %d, Retry-After %q, %q", w.Code, w.Header().Get("Retry-After"), w.Body.String())
	}
	// The health check goes through.
	if w := serve("/healthz"); w.Code != http.StatusOK {
		t.Errorf("/healthz under overload: %d", w.Code)
	}
	<-entered
	close(release)
	wg.Wait()
	close(results)
	for code := range results {
		if code != http.StatusOK {
			t.Errorf("a request let in or queued: %d", code)
		}
	}
	if s.ShedCount() != 1 || s.InFlight() != 0 || s.Waiting() != 0 {
		t.Errorf("after: shed %d, in flight %d, waiting %d", s.ShedCount(), s.InFlight(), s.Waiting())
	}
}

// TestSheddingWaitIsBounded: a queued request is shed when no slot frees
// within Wait.
func TestSheddingWaitIsBounded(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	s := &Shedding{Max: 1, Queue: 5, Wait: 20 * time.Millisecond}
	shed := s.Shed(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	done := make(chan struct{})
	go func() {
		shed.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		close(done)
	}()
	<-entered
	w := httptest.NewRecorder()
	shed.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "1" {
		t.Errorf("after waiting in vain: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	close(release)
	<-done
}
