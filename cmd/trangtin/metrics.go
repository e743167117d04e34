package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"trangtin/internal/httpx"
	"trangtin/internal/search"
	"trangtin/internal/web"
)

// metrics is the server's Prometheus registry (its own, not the global
// default, so that tests and several apps in one process stay apart) and
// the instruments the wiring feeds. It is served on its own listener
// (--metrics-addr), never on the public one.
type metrics struct {
	reg    *prometheus.Registry
	http   *httpx.Metrics
	search prometheus.Histogram
	// backupTime, when set (by the backup code), is when the last good
	// backup was made; ok false: none yet. Nil: no backup metric.
	backupTime atomic.Pointer[func() (time.Time, bool)]
}

// pooled is a store with connection pools (sqlite, postgres).
type pooled interface {
	Stats() map[string]sql.DBStats
	MailQueue(ctx context.Context) (pending, retrying, gaveUp int64, err error)
}

// newMetrics registers the Go runtime and process collectors, the HTTP
// metrics and the application's gauges, read at scrape time.
func (a *app) newMetrics() {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := &metrics{reg: reg, http: httpx.NewMetrics(reg)}
	m.search = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "trangtin_search_duration_seconds",
		Help:    "Time the search index takes to find the candidates of a search.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	})
	reg.MustRegister(m.search)
	a.metrics = m
}

// register adds the collectors that read the wired services; called once
// the services exist.
func (m *metrics) register(a *app) {
	cache := func(f func(s web.CacheStats) float64) func() float64 {
		return func() float64 { return f(a.web.CacheStats()) }
	}
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "trangtin_page_cache_hits_total", Help: "Requests answered from the page cache."},
			cache(func(s web.CacheStats) float64 { return float64(s.Hits) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "trangtin_page_cache_misses_total", Help: "Pages rendered for the page cache (one per miss, concurrent misses of a page share one)."},
			cache(func(s web.CacheStats) float64 { return float64(s.Renders) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_page_cache_bytes", Help: "Bytes held by the page cache, counted against --cache-mb."},
			cache(func(s web.CacheStats) float64 { return float64(s.Bytes) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_page_cache_entries", Help: "Pages held by the page cache."},
			cache(func(s web.CacheStats) float64 { return float64(s.Entries) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_page_cache_limit_bytes", Help: "The page cache's budget (--cache-mb)."},
			func() float64 { return float64(a.cfg.CacheBytes()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_sites_load_seconds", Help: "How long the last full load of the site directory took (done when a site's version moves)."},
			func() float64 { return a.sites.LastLoad().Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_scheduler_lag_seconds", Help: "Seconds since the publishing scheduler last completed a run (it runs every second); from the start when it never did."},
			func() float64 {
				last := a.scheduler.LastRun()
				if last.IsZero() {
					last = a.started
				}
				return time.Since(last).Seconds()
			}),
		&stateCollector{a: a},
	)
}

// registerShedding exports the load shedding's figures.
func (m *metrics) registerShedding(s *httpx.Shedding) {
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "trangtin_http_shed_total", Help: "Requests answered 503 because the server was at --max-requests with a full queue."},
			func() float64 { return float64(s.ShedCount()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_http_waiting_requests", Help: "Requests waiting for one of the --max-requests slots."},
			func() float64 { return float64(s.Waiting()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_http_max_requests", Help: "Requests handled at once at most (--max-requests)."},
			func() float64 { return float64(s.Max) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "trangtin_http_reading_requests", Help: "Requests whose body is being read before they take a slot."},
			func() float64 { return float64(s.Reading()) }),
	)
}

// SetBackupTime lets the backup code report its last good backup; the
// metric trangtin_backup_age_seconds appears once it is set.
func (m *metrics) SetBackupTime(f func() (time.Time, bool)) { m.backupTime.Store(&f) }

// timedIndex measures the search index's queries.
type timedIndex struct {
	search.Index
	h prometheus.Histogram
}

func (t timedIndex) SearchCandidates(ctx context.Context, q search.Query, f search.Filter, limit int) ([]search.Candidate, int, error) {
	start := time.Now()
	c, n, err := t.Index.SearchCandidates(ctx, q, f, limit)
	t.h.Observe(time.Since(start).Seconds())
	return c, n, err
}

var _ search.TextLoader = timedIndex{} // else the SQLite store's snippets would have no text

// LoadText passes search.TextLoader through (the snippets' text of a store
// that does not keep it in its index); a store without it needs nothing.
func (t timedIndex) LoadText(ctx context.Context, hits []search.Hit) error {
	if tl, ok := t.Index.(search.TextLoader); ok {
		return tl.LoadText(ctx, hits)
	}
	return nil
}

// stateCollector reads, at each scrape, what lives in the database or the
// pools: overdue scheduled articles, the mail queue, connection pools,
// the age of the last backup.
type stateCollector struct{ a *app }

var (
	descOverdue  = prometheus.NewDesc("trangtin_scheduler_overdue_articles", "Scheduled articles more than 30 s past their publication time and still unpublished (at most 100 counted).", nil, nil)
	descMailQ    = prometheus.NewDesc("trangtin_mail_queue_messages", "Notice e-mail waiting in the outbox; state pending (all waiting) or retrying (waiting after a failed attempt).", []string{"state"}, nil)
	descMailFail = prometheus.NewDesc("trangtin_mail_given_up_messages", "Notice e-mail given up on after its retries, kept 30 days.", nil, nil)
	descScrapeOK = prometheus.NewDesc("trangtin_state_scrape_success", "1 when the database figures of this scrape could be read, by part.", []string{"part"}, nil)
	descOpen     = prometheus.NewDesc("trangtin_db_open_connections", "Open database connections, by pool.", []string{"pool"}, nil)
	descInUse    = prometheus.NewDesc("trangtin_db_in_use_connections", "Database connections in use, by pool.", []string{"pool"}, nil)
	descIdle     = prometheus.NewDesc("trangtin_db_idle_connections", "Idle database connections, by pool.", []string{"pool"}, nil)
	descMaxOpen  = prometheus.NewDesc("trangtin_db_max_open_connections", "Most connections the pool opens (0: no limit).", []string{"pool"}, nil)
	descWaits    = prometheus.NewDesc("trangtin_db_wait_count_total", "Times a query waited for a free connection, by pool.", []string{"pool"}, nil)
	descWaitSec  = prometheus.NewDesc("trangtin_db_wait_seconds_total", "Time spent waiting for a free connection, by pool.", []string{"pool"}, nil)
	descBackup   = prometheus.NewDesc("trangtin_backup_age_seconds", "Seconds since the last good backup.", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descOverdue, descMailQ, descMailFail, descScrapeOK, descOpen, descInUse, descIdle, descMaxOpen, descWaits, descWaitSec, descBackup} {
		ch <- d
	}
}

// scrapeTimeout bounds the database reads of one scrape.
const scrapeTimeout = 5 * time.Second

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	ok := func(part string, err error) {
		v := 1.0
		if err != nil {
			v = 0
			c.a.log.Warn("metrics: read "+part, "err", err)
		}
		ch <- prometheus.MustNewConstMetric(descScrapeOK, prometheus.GaugeValue, v, part)
	}
	over, err := c.a.newsroom.Overdue(ctx, overdueGrace)
	if err == nil {
		ch <- prometheus.MustNewConstMetric(descOverdue, prometheus.GaugeValue, float64(len(over)))
	}
	ok("overdue", err)
	if p, isPooled := c.a.db.(pooled); isPooled {
		pending, retrying, gaveUp, err := p.MailQueue(ctx)
		if err == nil {
			ch <- prometheus.MustNewConstMetric(descMailQ, prometheus.GaugeValue, float64(pending), "pending")
			ch <- prometheus.MustNewConstMetric(descMailQ, prometheus.GaugeValue, float64(retrying), "retrying")
			ch <- prometheus.MustNewConstMetric(descMailFail, prometheus.GaugeValue, float64(gaveUp))
		}
		ok("mail", err)
		for pool, s := range p.Stats() {
			ch <- prometheus.MustNewConstMetric(descOpen, prometheus.GaugeValue, float64(s.OpenConnections), pool)
			ch <- prometheus.MustNewConstMetric(descInUse, prometheus.GaugeValue, float64(s.InUse), pool)
			ch <- prometheus.MustNewConstMetric(descIdle, prometheus.GaugeValue, float64(s.Idle), pool)
			ch <- prometheus.MustNewConstMetric(descMaxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections), pool)
			ch <- prometheus.MustNewConstMetric(descWaits, prometheus.CounterValue, float64(s.WaitCount), pool)
			ch <- prometheus.MustNewConstMetric(descWaitSec, prometheus.CounterValue, s.WaitDuration.Seconds(), pool)
		}
	}
	if f := c.a.metrics.backupTime.Load(); f != nil {
		if t, done := (*f)(); done {
			ch <- prometheus.MustNewConstMetric(descBackup, prometheus.GaugeValue, time.Since(t).Seconds())
		}
	}
}

// metricsServer serves /metrics on ln until ctx ends; its own timeouts,
// as small as a scrape needs.
func (a *app) serveMetrics(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.metrics.reg, promhttp.HandlerOpts{
		ErrorLog:            promLogger{a},
		MaxRequestsInFlight: 4,
		Timeout:             scrapeTimeout + 5*time.Second,
	}))
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      scrapeTimeout + 10*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("metrics listener: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// promLogger sends promhttp's errors to the server log.
type promLogger struct{ a *app }

func (l promLogger) Println(v ...any) { l.a.log.Warn("metrics: " + fmt.Sprint(v...)) }
