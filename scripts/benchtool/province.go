package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// sitesCSV writes a province of n sites in the format of
// `trangtin site add --from-csv`: the portal "tinh" on tinh.localhost and
// n-1 communes xa001… on xa001.localhost…, children of the portal. It
// prints the hosts, one a line, to hostsOut.
func sitesCSV(n int, out, hostsOut string) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	h, err := os.Create(hostsOut)
	if err != nil {
		f.Close()
		return err
	}
	w := csv.NewWriter(f)
	hw := bufio.NewWriter(h)
	w.Write([]string{"key", "name", "kind", "host", "parent"})
	w.Write([]string{"tinh", "Tỉnh Thử Nghiệm", "tinh", "tinh.localhost", ""})
	fmt.Fprintln(hw, "tinh.localhost")
	for i := 1; i < n; i++ {
		key := fmt.Sprintf("xa%03d", i)
		w.Write([]string{key, fmt.Sprintf("Xã Thử Nghiệm %d", i), "xa", key + ".localhost", "tinh"})
		fmt.Fprintln(hw, key+".localhost")
	}
	w.Flush()
	return errors.Join(w.Error(), hw.Flush(), f.Close(), h.Close())
}

// firstVisits visits, one request at a time, every site named in
// hostsFile (one host a line) on the server at base: its home page, page 1
// of the first category the home page links to, and k articles linked from
// those two pages. Each address is requested once, so each answer is a
// page-cache miss: a first visitor's wait. It prints the latency
// percentiles per kind of page.
func firstVisits(base, hostsFile string, k int) error {
	data, err := os.ReadFile(hostsFile)
	if err != nil {
		return err
	}
	hosts := strings.Fields(string(data))
	client := &http.Client{Timeout: 30 * time.Second}
	get := func(host, path string) (string, time.Duration, error) {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			return "", 0, err
		}
		req.Host = host
		t0 := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return "", 0, err
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		took := time.Since(t0)
		if err == nil && res.StatusCode != http.StatusOK {
			err = fmt.Errorf("GET %s%s: %s", host, path, res.Status)
		}
		return string(b), took, err
	}
	times := map[string][]time.Duration{}
	var pages, bytes int
	for _, host := range hosts {
		home, d, err := get(host, "/")
		if err != nil {
			return err
		}
		times["home"] = append(times["home"], d)
		pages, bytes = pages+1, bytes+len(home)
		cats := categoryHref.FindAllStringSubmatch(home, -1)
		if len(cats) == 0 {
			return fmt.Errorf("%s: the home page links to no category", host)
		}
		cat, d, err := get(host, cats[0][1])
		if err != nil {
			return err
		}
		times["category"] = append(times["category"], d)
		pages, bytes = pages+1, bytes+len(cat)
		seen := map[string]bool{}
		for _, m := range articleHref.FindAllStringSubmatch(home+cat, -1) {
			if len(seen) == k {
				break
			}
			if seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			page, d, err := get(host, m[1])
			if err != nil {
				return err
			}
			times["article"] = append(times["article"], d)
			pages, bytes = pages+1, bytes+len(page)
		}
	}
	fmt.Printf("first visits: %d sites, %d pages, %.1f MB\n", len(hosts), pages, float64(bytes)/1e6)
	for _, kind := range []string{"home", "category", "article"} {
		ds := times[kind]
		slices.Sort(ds)
		fmt.Printf("%-8s n=%-5d p50 %s  p95 %s  p99 %s  max %s\n", kind, len(ds),
			ms(pct(ds, 50)), ms(pct(ds, 95)), ms(pct(ds, 99)), ms(ds[len(ds)-1]))
	}
	return nil
}

// pct is the p-th percentile of sorted ds (nearest rank).
func pct(ds []time.Duration, p int) time.Duration {
	i := (len(ds)*p + 99) / 100
	return ds[max(i-1, 0)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }

// until fetches base+path with Host host until the page contains text,
// every 2 ms for at most limit, and prints how long that took: the time a
// change takes to show, counted from this command's start.
func until(base, host, path, text string, limit time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second}
	t0 := time.Now()
	for tick := time.NewTicker(2 * time.Millisecond); ; <-tick.C {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err != nil {
			return err
		}
		req.Host = host
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			return err
		}
		if strings.Contains(string(b), text) {
			fmt.Printf("%.1f\n", float64(time.Since(t0))/1e6)
			return nil
		}
		if time.Since(t0) > limit {
			return fmt.Errorf("%s%s did not show %q within %s", host, path, text, limit)
		}
	}
}
