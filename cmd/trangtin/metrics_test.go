package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// runningServe is `trangtin serve` run in-process with its real flags.
type runningServe struct {
	URL, MetricsURL string
	stop            func()
}

// startServe runs serve with args (plus a fresh --data and loopback
// ports) and waits for the lines it prints once it serves.
func startServe(t *testing.T, args ...string) *runningServe {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	args = append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir(), "--log-level", "warn"}, args...)
	go func() {
		err := serve(ctx, args, pw, testWriter{t})
		pw.Close()
		done <- err
	}()
	rs := &runningServe{}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, pr)
	}()
	wantMetrics := slices.Contains(args, "--metrics-addr")
	urlRe := regexp.MustCompile(`http://[0-9.:]+`)
	for rs.URL == "" || (wantMetrics && rs.MetricsURL == "") {
		line, ok := <-lines
		if !ok {
			cancel()
			t.Fatalf("serve ended before serving: %v", <-done)
		}
		switch {
		case strings.HasPrefix(line, "trangtin đang chạy tại"):
			rs.URL = urlRe.FindString(line)
		case strings.Contains(line, "/metrics"):
			rs.MetricsURL = urlRe.FindString(line) + "/metrics"
		}
	}
	go func() {
		for range lines {
		}
	}()
	var once sync.Once
	rs.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(rs.stop)
	return rs
}

// scrape fetches the exposition and returns its series: every line that
// is not a comment, keyed by name and labels, with the value.
func scrape(t *testing.T, url string) map[string]string {
	t.Helper()
	res, body := get(t, url)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, body)
	}
	series := map[string]string{}
	for line := range strings.Lines(body) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("bad exposition line %q", line)
		}
		if _, dup := series[line[:i]]; dup {
			t.Fatalf("series %s twice", line[:i])
		}
		series[line[:i]] = line[i+1:]
	}
	return series
}

// names are the metric names of series.
func names(series map[string]string) map[string]bool {
	n := map[string]bool{}
	for s := range series {
		name, _, _ := strings.Cut(s, "{")
		n[name] = true
	}
	return n
}

// TestMetrics starts the real server with --metrics-addr and checks that
// /metrics on that listener (and only there) shows the named families,
// requests labelled by route pattern, and that 10,000 requests for distinct
// paths and hosts add no series; then that every metric the Grafana
// dashboard draws exists.
func TestMetrics(t *testing.T) {
	srv := startServe(t, "--metrics-addr", "127.0.0.1:0")
	if res, _ := get(t, srv.URL+"/metrics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the public listener: %d, want 404", res.StatusCode)
	}
	if res, _ := get(t, srv.URL+seedURL); res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", seedURL, res.StatusCode)
	}
	get(t, srv.URL+seedURL) // a cache hit
	if res, _ := get(t, srv.URL+"/tim-kiem?q=hội+nghị"); res.StatusCode != http.StatusOK {
		t.Fatalf("search: %d", res.StatusCode)
	}
	if res, _ := get(t, srv.URL+"/quan-tri/dang-nhap"); res.StatusCode != http.StatusOK { // the editors' area has a mux of its own
		t.Fatalf("sign-in page: %d", res.StatusCode)
	}
	series := scrape(t, srv.MetricsURL)
	have := names(series)
	for _, name := range []string{
		"trangtin_http_requests_total", "trangtin_http_request_duration_seconds_bucket", "trangtin_http_requests_in_flight",
		"trangtin_page_cache_hits_total", "trangtin_page_cache_misses_total", "trangtin_page_cache_bytes",
		"trangtin_search_duration_seconds_bucket",
		"trangtin_scheduler_lag_seconds", "trangtin_scheduler_overdue_articles", "trangtin_sites_load_seconds",
		"trangtin_mail_queue_messages", "trangtin_mail_given_up_messages",
		"trangtin_db_open_connections", "trangtin_db_in_use_connections", "trangtin_db_wait_count_total",
		"go_goroutines", "go_memstats_heap_inuse_bytes", "process_resident_memory_bytes",
	} {
		if !have[name] {
			t.Errorf("no %s in /metrics", name)
		}
	}
	// The directory was loaded once at start: the time it took is known.
	if v, err := strconv.ParseFloat(series["trangtin_sites_load_seconds"], 64); err != nil || v <= 0 {
		t.Errorf("trangtin_sites_load_seconds = %q, want the positive time of the start-up load", series["trangtin_sites_load_seconds"])
	}
	for _, s := range []string{
		`trangtin_http_requests_total{method="GET",route="/tin-tuc/{slug}",status="200"}`,
		`trangtin_http_requests_total{method="GET",route="/tim-kiem",status="200"}`,
		`trangtin_http_requests_total{method="GET",route="/quan-tri/dang-nhap",status="200"}`,
		`trangtin_http_request_duration_seconds_count{route="/tin-tuc/{slug}"}`,
		`trangtin_state_scrape_success{part="mail"}`,
		`trangtin_db_open_connections{pool="write"}`,
	} {
		if _, ok := series[s]; !ok {
			t.Errorf("no series %s", s)
		}
	}
	for _, s := range []string{"trangtin_page_cache_hits_total", "trangtin_page_cache_misses_total", "trangtin_search_duration_seconds_count"} {
		if v := series[s]; v == "" || v == "0" {
			t.Errorf("%s = %q, want > 0", s, v)
		}
	}
	for s := range series {
		if strings.Contains(s, "hoi-nghi") || strings.Contains(s, "127.0.0.1") {
			t.Errorf("a raw path or host in a label: %s", s)
		}
	}

	// Distinct paths, hosts and methods: each kind once, then 10,000.
	kinds := []func(i int) (method, path string){
		func(i int) (string, string) { return "GET", fmt.Sprintf("/khong-co-%d", i) },
		func(i int) (string, string) { return "GET", fmt.Sprintf("/tin-tuc/khong-co-%d", i) },
		func(i int) (string, string) { return "GET", fmt.Sprintf("/chuyen-muc/khong-co-%d?trang=%d", i, i) },
		func(i int) (string, string) { return "GET", fmt.Sprintf("/api/v1/articles/%d", 1000000+i) },
		func(i int) (string, string) { return "GET", fmt.Sprintf("/quan-tri/khong-co-%d", i) },
		func(i int) (string, string) { return fmt.Sprintf("XMETHOD%d", i), fmt.Sprintf("/x/%d", i) },
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(i int) error {
		method, path := kinds[i%len(kinds)](i)
		req, err := http.NewRequest(method, srv.URL+path, nil)
		if err != nil {
			return err
		}
		req.Host = fmt.Sprintf("may-%d.example.vn", i)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		return res.Body.Close()
	}
	for i := range kinds {
		if err := do(i); err != nil {
			t.Fatal(err)
		}
	}
	before := scrape(t, srv.MetricsURL)
	const n = 10000
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := len(kinds) + w; i < len(kinds)+n; i += 4 {
				if err := do(i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	after := scrape(t, srv.MetricsURL)
	if len(after) != len(before) {
		var added []string
		for s := range after {
			if _, ok := before[s]; !ok {
				added = append(added, s)
			}
		}
		slices.Sort(added)
		t.Errorf("%d series before %d requests, %d after; new: %v", len(before), n, len(after), added[:min(len(added), 20)])
	}

	// The Grafana dashboard draws only metrics the server exports.
	raw, err := os.ReadFile(filepath.Join("..", "..", "deploy", "grafana-trangtin.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("deploy/grafana-trangtin.json: %v", err)
	}
	if len(dash.Panels) == 0 {
		t.Fatal("the dashboard has no panels")
	}
	have = names(after)
	metricName := regexp.MustCompile(`\b(?:trangtin|go|process)_[a-z0-9_]+\b`)
	for _, p := range dash.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			found := metricName.FindAllString(tg.Expr, -1)
			if len(found) == 0 {
				t.Errorf("panel %q: no metric in %q", p.Title, tg.Expr)
			}
			for _, m := range found {
				if !have[m] {
					t.Errorf("panel %q draws %s, which /metrics does not have", p.Title, m)
				}
			}
		}
	}
}

// TestMetricsOffByDefault: without --metrics-addr nothing more listens and
// the public listener has no /metrics.
func TestMetricsOffByDefault(t *testing.T) {
	srv := startServe(t)
	if srv.MetricsURL != "" {
		t.Fatalf("a metrics listener without --metrics-addr: %s", srv.MetricsURL)
	}
	if res, _ := get(t, srv.URL+"/metrics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the public listener: %d, want 404", res.StatusCode)
	}
}
