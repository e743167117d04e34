package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/httpx"
)

// TestOverloadIsShed is the overload proof of issue 15: a server process
// gets four times the sign-in attempts it can serve (each costs an
// argon2id hash: a third of a second of CPU and 64 MiB) for three seconds.
// It answers what it cannot take with 503 and Retry-After rather than
// queueing it: only 422s (wrong password) and 503s come back, the peak
// resident memory stays under 1 GiB, and it is healthy afterwards.
func TestOverloadIsShed(t *testing.T) {
	bin := buildBinary(t)
	eachStore(t, func(t *testing.T, cfg config.Config) { testOverloadIsShed(t, bin, cfg) })
}

func testOverloadIsShed(t *testing.T, bin string, cfg config.Config) {
	const maxRequests = 4
	args := []string{"--addr", "127.0.0.1:0", "--data", cfg.DataDir, "--trusted-proxies", "127.0.0.1",
		"--access-log=false", "--log-level", "warn", "--max-requests", strconv.Itoa(maxRequests)}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	p := startProcess(t, bin, args...)
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var mu sync.Mutex
	next := 0
	attempt := func() (int, string, error) {
		mu.Lock()
		next++
		n := next
		mu.Unlock()
		form := url.Values{"email": {fmt.Sprintf("khach-%d@example.vn", n)}, "password": {"sai-mat-khau"}}
		req, err := http.NewRequest("POST", p.URL+"/quan-tri/dang-nhap", strings.NewReader(form.Encode()))
		if err != nil {
			return 0, "", err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
		res, err := client.Do(req)
		if err != nil {
			return 0, "", err
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusServiceUnavailable {
			if res.Header.Get("Retry-After") == "" || !strings.Contains(string(body), httpx.OverloadMessage) {
				return res.StatusCode, "", fmt.Errorf("503 without Retry-After or the message: %q %q", res.Header.Get("Retry-After"), body)
			}
		}
		return res.StatusCode, res.Header.Get("Retry-After"), err
	}

	// What the machine serves: maxRequests clients one after another.
	const probe = 16
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, probe)
	for range maxRequests {
		wg.Go(func() {
			for range probe / maxRequests {
				if status, _, err := attempt(); err != nil || status != http.StatusUnprocessableEntity {
					errs <- fmt.Errorf("probe: %d %v", status, err)
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
	rate := probe / time.Since(start).Seconds()

	// Four times that, at a fixed pace, for three seconds.
	const burst = 3 * time.Second
	interval := time.Duration(float64(time.Second) / (4 * rate))
	type result struct {
		status int
		err    error
	}
	results := make(chan result, 10000)
	tick := time.NewTicker(interval)
	end := time.Now().Add(burst)
	sent := 0
	for now := range tick.C {
		if now.After(end) {
			break
		}
		sent++
		wg.Go(func() {
			status, _, err := attempt()
			results <- result{status, err}
		})
	}
	tick.Stop()
	wg.Wait()
	close(results)
	counts := map[int]int{}
	for r := range results {
		if r.err != nil {
			t.Errorf("a request of the burst: %v", r.err)
			continue
		}
		counts[r.status]++
	}
	t.Logf("served %.1f sign-ins/s; a burst of %d at %.1f/s: %v", rate, sent, 4*rate, counts)
	if counts[http.StatusServiceUnavailable] == 0 || counts[http.StatusUnprocessableEntity] == 0 || len(counts) != 2 {
		t.Errorf("statuses %v: want both 422 (served) and 503 (shed), nothing else", counts)
	}
	if peak := peakRSS(t, p.cmd.Process.Pid); peak > 1<<30 {
		t.Errorf("peak resident memory %d MiB, want under 1 GiB", peak>>20)
	} else {
		t.Logf("peak resident memory %d MiB", peak>>20)
	}
	if res, body := get(t, p.URL+"/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("/healthz after the burst: %d %s", res.StatusCode, body)
	}
}

// peakRSS is the process's peak resident memory (VmHWM), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc/PID/status")
	return 0
}

// TestSlowBodiesHoldNoSlot: clients that send a public form's body a few
// bytes at a time (twice as many as --max-requests) do not take the slots
// pages are served in: while they send, pages and a whole form are
// answered at once, and each slow form is answered once its body is in.
func TestSlowBodiesHoldNoSlot(t *testing.T) {
	const maxRequests, slow = 2, 4
	srv := startServe(t, "--max-requests", strconv.Itoa(maxRequests), "--metrics-addr", "127.0.0.1:0", "--trusted-proxies", "127.0.0.1")
	form := url.Values{"name": {"Nguyễn Văn Dân"}, "phone": {"0912 345 678"}, "field": {"Xây dựng - Giao thông"},
		"subject": {"Câu hỏi gửi chậm"}, "body": {"Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những gì?"}}.Encode()
	addr := strings.TrimPrefix(srv.URL, "http://")
	var conns []net.Conn
	for i := range slow {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /hoi-dap/dat-cau-hoi HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nX-Forwarded-For: 10.9.0.%d\r\n\r\n%s",
			addr, len(form), i+1, form[:10])
		conns = append(conns, c)
	}
	// Wait until the server reads every slow body.
	deadline := time.Now().Add(30 * time.Second)
	for scrape(t, srv.MetricsURL)["trangtin_http_reading_requests"] != strconv.Itoa(slow) {
		if time.Now().After(deadline) {
			m := scrape(t, srv.MetricsURL)
			t.Fatalf("the server is not reading the %d slow bodies: reading %v, in flight %v, waiting %v, shed %v", slow, m["trangtin_http_reading_requests"], m["trangtin_http_requests_in_flight"], m["trangtin_http_waiting_requests"], m["trangtin_http_shed_total"])
		}
		time.Sleep(10 * time.Millisecond) // polling the metric for the reads to start
	}
	for _, path := range []string{"/", seedURL, "/hoi-dap"} {
		if res, body := get(t, srv.URL+path); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s while %d clients send slowly: %d %.100s", path, slow, res.StatusCode, body)
		}
	}
	if st, _ := postForm(t, nil, srv.URL+"/hoi-dap/dat-cau-hoi", url.Values{"name": {"Trần Thị B"}, "phone": {"0987 654 321"},
		"field": {"Xây dựng - Giao thông"}, "subject": {"Câu hỏi gửi nhanh"}, "body": {"Xin hỏi lịch tiếp công dân tháng này?"}}); st != http.StatusSeeOther {
		t.Errorf("a whole form while %d clients send slowly: %d, want 303", slow, st)
	}
	// The slow clients finish: each form is answered as usual.
	for i, c := range conns {
		if _, err := io.WriteString(c, form[10:]); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("slow client %d: %v", i, err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("slow client %d: %d, want 303", i, res.StatusCode)
		}
	}
}
