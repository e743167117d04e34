package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// soak sends mixed traffic to base at a fixed rate (requests a second,
// open loop: a slow answer does not slow the sender) for d: pages (80%),
// searches (10%), citizens' questions and ratings (10%), each search and
// form from an address of its own in X-Forwarded-For (the server must
// trust 127.0.0.1). Every 10 s it prints the requests, errors (transport
// errors and statuses other than the page's expected one) and latency of
// the interval, and the server's resident memory and goroutines read from
// metrics (its /metrics URL); at the end a summary.
func soak(base, metrics string, rate int, d time.Duration, articleID string) error {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 512},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var (
		sent, errs, dropped atomic.Int64
		mu                  sync.Mutex
		lat                 []time.Duration
		firstErr            string
	)
	do := func(i int64) {
		req, want := soakRequest(base, articleID, i)
		took, err := fetchWant(client, req, want)
		mu.Lock()
		lat = append(lat, took)
		if err != nil {
			errs.Add(1)
			if firstErr == "" {
				firstErr = err.Error()
			}
		}
		mu.Unlock()
	}
	var samples []sample
	take := func(at time.Duration) {
		mu.Lock()
		l := lat
		lat = nil
		mu.Unlock()
		slices.Sort(l)
		s := sample{at: at, n: sent.Load(), e: errs.Load()}
		if len(l) > 0 {
			s.p50, s.p99 = l[len(l)/2], l[len(l)*99/100]
		}
		s.rss, s.gorout = scrape(client, metrics, "process_resident_memory_bytes"), scrape(client, metrics, "go_goroutines")
		samples = append(samples, s)
		fmt.Printf("%5.0fs  %8d requests  %5d errors  p50 %6.1f ms  p99 %7.1f ms  RSS %6.1f MiB  goroutines %5.0f\n",
			at.Seconds(), s.n, s.e, float64(s.p50.Microseconds())/1000, float64(s.p99.Microseconds())/1000, s.rss/(1<<20), s.gorout)
	}
	const maxOutstanding = 2000
	var outstanding atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	sampleEvery := time.NewTicker(10 * time.Second)
	defer sampleEvery.Stop()
	take(0)
	var i int64
loop:
	for {
		select {
		case <-sampleEvery.C:
			take(time.Since(start).Round(time.Second))
		case now := <-tick.C:
			if now.Sub(start) >= d {
				break loop
			}
			// The ticker drops ticks when the sender falls behind: send
			// what is due since the start.
			due := int64(now.Sub(start).Seconds() * float64(rate))
			for ; i < due; i++ {
				if outstanding.Load() >= maxOutstanding {
					dropped.Add(1)
					errs.Add(1)
					continue
				}
				sent.Add(1)
				outstanding.Add(1)
				n := i
				wg.Go(func() { defer outstanding.Add(-1); do(n) })
			}
		}
	}
	wg.Wait()
	take(time.Since(start).Round(time.Second))
	elapsed := time.Since(start)
	printSoakSummary(samples, sent.Load(), errs.Load(), dropped.Load(), maxOutstanding, elapsed, firstErr)
	return nil
}

// scrape reads one unlabelled metric from a Prometheus exposition; -1
// when it cannot.
func scrape(c *http.Client, metrics, name string) float64 {
	res, err := c.Get(metrics)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scrape:", err)
		return -1
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// The soak's pages and search words, taken in turn.
var (
	soakPages = []string{"/", "/tin-tuc/hoi-nghi-thuc-hien-chinh-sach-bao-tro-xa-hoi-tren-dia-ban-huyen", "/chuyen-muc/tin-tuc-su-kien",
		"/van-ban", "/lich-cong-tac", "/rss", "/sitemap.xml", "/hoi-dap", "/trang/gioi-thieu", "/so-do-cong"}
	soakWords = []string{"hội nghị", "bảo trợ", "xã hội", "huyện", "chính sách", "nong thon", "giao duc", "y te", "đất đai", "thủ tục"}
)

// soakRequest is the soak's i-th request and the status it expects: of
// every 20, 16 pages, 2 searches, a question and a rating.
func soakRequest(base, articleID string, i int64) (*http.Request, int) {
	method, path, want := "GET", "", http.StatusOK
	var body string
	switch k := i % 20; {
	case k < 16:
		path = soakPages[int(i/20)%len(soakPages)]
	case k < 18:
		path = "/tim-kiem?q=" + url.QueryEscape(soakWords[int(i/20)%len(soakWords)])
	case k == 18:
		method, path, want = "POST", "/hoi-dap/dat-cau-hoi", http.StatusSeeOther
		body = url.Values{"name": {"Nguyễn Văn Dân"}, "phone": {"0912 345 678"}, "field": {"Xây dựng - Giao thông"},
			"subject": {fmt.Sprintf("Câu hỏi thử tải số %d", i)}, "body": {"Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những gì?"}}.Encode()
	default:
		method, path, want = "POST", "/danh-gia", http.StatusSeeOther
		body = url.Values{"loai": {"article"}, "ma": {articleID}, "diem": {strconv.Itoa(int(i%5) + 1)}}.Encode()
	}
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (soak)")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
	if method == "POST" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, want
}

// sample is the soak's figures at one moment.
type sample struct {
	at          time.Duration
	n, e        int64
	p50, p99    time.Duration
	rss, gorout float64
}

// fetchWant sends req, reads the answer and says how long that took; an
// error when it cannot, or when the status is not want.
func fetchWant(client *http.Client, req *http.Request, want int) (time.Duration, error) {
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return time.Since(start), err
	}
	defer res.Body.Close()
	_, err = io.Copy(io.Discard, res.Body)
	took := time.Since(start)
	if err == nil && res.StatusCode != want {
		err = fmt.Errorf("%s %s: %d", req.Method, req.URL.RequestURI(), res.StatusCode)
	}
	return took, err
}

// printSoakSummary prints the soak's totals and the spread of resident
// memory and goroutines after the first sample.
func printSoakSummary(samples []sample, sent, errs, dropped int64, maxOutstanding int, elapsed time.Duration, firstErr string) {
	var rssMin, rssMax, gMin, gMax float64 = samples[1].rss, 0, samples[1].gorout, 0
	for _, s := range samples[1:] {
		rssMin, rssMax = min(rssMin, s.rss), max(rssMax, s.rss)
		gMin, gMax = min(gMin, s.gorout), max(gMax, s.gorout)
	}
	fmt.Printf("\n%d requests in %s (%.0f/s), %d errors (%d not sent: %d outstanding), RSS %.1f–%.1f MiB after the first 10 s (spread %.1f%%), goroutines %.0f–%.0f\n",
		sent, elapsed.Round(time.Second), float64(sent)/elapsed.Seconds(), errs, dropped, maxOutstanding,
		rssMin/(1<<20), rssMax/(1<<20), 100*(rssMax-rssMin)/rssMin, gMin, gMax)
	if firstErr != "" {
		fmt.Println("first error:", firstErr)
	}
}
