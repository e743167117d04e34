package httpx

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics counts requests by route pattern, method and status, with a
// latency histogram by route. Labels come only from the patterns the code
// registered and a fixed set of methods: no path, host or query a
// visitor sends can add a series.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	// series holds the vectors' children, looked up once: a map read
	// without a lock, replaced by a copy with one more entry when a new
	// series appears (rarely: the set is bounded, see seriesKey).
	series   atomic.Pointer[map[seriesKey]*series]
	seriesMu sync.Mutex // serialises additions to series
}

// seriesKey is the labels of one request's series. Every field comes from
// the code (the registered patterns, methodLabel, the statuses handlers
// write), so the map stays as small as the set of series.
type seriesKey struct {
	route, method string
	status        int
}

type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// seriesFor returns the counter and histogram of k, resolving the labels
// only the first time: WithLabelValues hashes every label on each call,
// which a cached page would otherwise pay twice per request.
func (m *Metrics) seriesFor(k seriesKey) *series {
	if p := m.series.Load(); p != nil {
		if s, ok := (*p)[k]; ok {
			return s
		}
	}
	m.seriesMu.Lock()
	defer m.seriesMu.Unlock()
	var old map[seriesKey]*series
	if p := m.series.Load(); p != nil {
		old = *p
	}
	if s, ok := old[k]; ok {
		return s
	}
	s := &series{
		requests: m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(k.status)),
		duration: m.duration.WithLabelValues(k.route),
	}
	next := make(map[seriesKey]*series, len(old)+1)
	for key, v := range old {
		next[key] = v
	}
	next[k] = s
	m.series.Store(&next)
	return s
}

// NewMetrics registers the HTTP metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "trangtin_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "trangtin_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "trangtin_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.inFlight)
	return m
}

// Middleware observes each request; the route comes from RecordRoute
// around the mux.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw, info := withInfo(w)
		m.inFlight.Inc()
		defer func() {
			m.inFlight.Dec()
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			s := m.seriesFor(seriesKey{info.route.route(), methodLabel(r.Method), status})
			s.requests.Inc()
			s.duration.Observe(time.Since(info.start).Seconds())
		}()
		next.ServeHTTP(sw, r)
	})
}
