package web

// The cost of the visit counter on a page cache hit. Run with
//
//	go test -run '^$' -bench 'ArticleCachedVisits' -benchmem -count 5 ./internal/web
//
// "off" serves the cached reference article without a counter; "one" with
// the counter and the same visitor on every request (the common case of a
// reader moving between pages); "many" with a different address on each of
// 4,096 requests in turn, so the counter's sets keep changing ("off-many"
// is its baseline: 4,096 request objects are colder in the CPU caches than
// one). cpu-ns/op
// is the process's CPU time per request, steadier than ns/op when other
// programs share the machine.
//
// Measured 2026-11-28 on the shared 2-core machine (load ~15), medians of
// 5, cpu-ns/op: off 2,200; one 2,430 (+230 ns); off-many 2,690; many 3,100
// (+450 ns). Wall time (ns/op) was too noisy there to compare. The counter
// alone (BenchmarkHit in internal/visits) is 0 allocations.

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"trangtin/internal/visits"
)

// discardVisits is a store that keeps nothing: flushing is not measured.
type discardVisits struct{}

func (discardVisits) AddVisits(context.Context, int64, string, string, int64) error { return nil }
func (discardVisits) ReportOnline(context.Context, int64, string, int64, time.Time) error {
	return nil
}
func (discardVisits) VisitFigures(context.Context, int64, string, string, time.Time) (visits.Figures, error) {
	return visits.Figures{}, nil
}

const benchUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

func BenchmarkArticleCachedVisits(b *testing.B) {
	run := func(b *testing.B, counter *visits.Counter, addrs int) {
		srv := newBenchServer(b, Options{Visits: counter})
		h := srv.Handler()
		reqs := make([]*http.Request, addrs)
		for i := range reqs {
			reqs[i] = httptest.NewRequest(http.MethodGet, benchArticle, nil)
			reqs[i].Header.Set("User-Agent", benchUA)
			reqs[i].RemoteAddr = "10." + strconv.Itoa(i/65536) + "." + strconv.Itoa(i/256%256) + "." + strconv.Itoa(i%256) + ":51000"
		}
		serveOnce(b, h, reqs[0], "")
		buf := make([]byte, 0, 256<<10)
		b.ReportAllocs()
		i := 0
		cpu := processCPU()
		for b.Loop() {
			rec := httptest.NewRecorder()
			rec.Body = bytes.NewBuffer(buf[:0])
			h.ServeHTTP(rec, reqs[i%addrs])
			i++
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
		b.ReportMetric(float64(processCPU()-cpu)/float64(i), "cpu-ns/op")
		if srv.cache.len() == 0 {
			b.Fatal("the page was not cached")
		}
	}
	b.Run("off", func(b *testing.B) { run(b, nil, 1) })
	b.Run("one", func(b *testing.B) { run(b, visits.New(discardVisits{}, visits.Options{}), 1) })
	b.Run("off-many", func(b *testing.B) { run(b, nil, 4096) })
	b.Run("many", func(b *testing.B) { run(b, visits.New(discardVisits{}, visits.Options{}), 4096) })
}
