package httpx

import (
	"net/http"
	"strconv"
	"sync"
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
	series   sync.Map // seriesKey → *series: the vectors' children, looked up once
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
	if s, ok := m.series.Load(k); ok {
		return s.(*series)
	}
	s := &series{
		requests: m.requests.WithLabelValues(k.route, k.method, strconv.Itoa(k.status)),
		duration: m.duration.WithLabelValues(k.route),
	}
	actual, _ := m.series.LoadOrStore(k, s)
	return actual.(*series)
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
		start := time.Now()
		r, info := withInfo(w, r)
		sw, ok := w.(*statusWriter)
		if !ok {
			sw = &info.sw
		}
		m.inFlight.Inc()
		defer func() {
			m.inFlight.Dec()
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			s := m.seriesFor(seriesKey{info.route.route(), methodLabel(r.Method), status})
			s.requests.Inc()
			s.duration.Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(sw, r)
	})
}
