package main

import (
	"fmt"
	"io"
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
