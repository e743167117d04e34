package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"trangtin/internal/demo"
)

// TestConcurrentMissesRenderOnce: requests that arrive together for a page
// not yet cached share one render; each gets the whole page.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	srv := newBenchServer(t, Options{})
	h := srv.Handler()
	const n = 12
	// The first render waits until every request has either joined it or
	// started a render of its own, so all n overlap whatever the
	// scheduler does; without collapsing, each request renders.
	var arrived atomic.Int32
	ready := make(chan struct{})
	arrive := func() {
		if arrived.Add(1) == n {
			close(ready)
		}
	}
	var renders atomic.Int32
	srv.flight.joined = func(string, int) { arrive() }
	srv.onRender = func(string) {
		renders.Add(1)
		arrive()
		<-ready
	}
	codes, bodies := make([]int, n), make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, benchArticle, nil))
			codes[i], bodies[i] = rec.Code, rec.Body.String()
		})
	}
	wg.Wait()
	if got := renders.Load(); got != 1 {
		t.Errorf("%d concurrent requests for a cold page rendered it %d times, want once", n, got)
	}
	if st := srv.CacheStats(); st.Renders != 1 || st.Entries != 1 {
		t.Errorf("CacheStats %+v, want one render and one entry", st)
	}
	for i := range n {
		if codes[i] != http.StatusOK || bodies[i] != bodies[0] || len(bodies[i]) < 1000 {
			t.Errorf("request %d: %d, %d bytes (first: %d bytes)", i, codes[i], len(bodies[i]), len(bodies[0]))
		}
	}
	if want := demo.Seed.Title; !strings.Contains(bodies[0], want) {
		t.Errorf("the page lacks %q", want)
	}
}

// TestFlightPanic: a render that panics ends its flight; the requests
// waiting for it get an error instead of waiting for ever, and the next
// request renders afresh.
func TestFlightPanic(t *testing.T) {
	var f flight
	joined := make(chan struct{})
	f.joined = func(string, int) { close(joined) }
	k := flightKey{"k", 1, 0}
	waiter := make(chan error, 1)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not reach the rendering request")
			}
		}()
		f.do(k, func() (rendered, error) {
			go func() {
				_, err := f.do(k, func() (rendered, error) { return rendered{}, errors.New("second render") })
				waiter <- err
			}()
			<-joined
			panic("template exploded")
		})
	}()
	if err := <-waiter; !errors.Is(err, errRenderFailed) {
		t.Errorf("waiting request: %v, want errRenderFailed", err)
	}
	res, err := f.do(k, func() (rendered, error) { return rendered{redirect: "/x"}, nil })
	if err != nil || res.redirect != "/x" {
		t.Errorf("after the panic: %+v, %v; want a fresh render", res, err)
	}
}
