package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"trangtin/internal/config"
)

// TestSIGTERMIsGraceful runs the real binary and stops it with SIGTERM
// while two requests are under way: one whose client goes on sending its
// body, one whose client stalls. The listener closes at once (a new
// connection is refused), the first request finishes and its write (a
// rating) is kept, the stalled one is cut when --shutdown-timeout is
// reached rather than holding the stop, the visit counts are flushed, and
// the process exits with status 0.
func TestSIGTERMIsGraceful(t *testing.T) {
	bin := buildBinary(t)
	data := t.TempDir()
	p := startProcess(t, bin, "--addr", "127.0.0.1:0", "--data", data, "--metrics-addr", "127.0.0.1:0", "--shutdown-timeout", "5s")
	host := strings.TrimPrefix(p.URL, "http://")

	// Two visits to count, as a browser makes them.
	for range 2 {
		res, _ := get(t, p.URL+seedURL, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("seed article: %d", res.StatusCode)
		}
	}
	_, page := get(t, p.URL+seedURL)
	m := regexp.MustCompile(`name="ma" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no rating form on the seed article")
	}
	articleID := m[1]

	// The two requests under way: headers and part of the body sent.
	body := url.Values{"loai": {"article"}, "ma": {articleID}, "diem": {"4"}}.Encode()
	open := func() net.Conn {
		c, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		fmt.Fprintf(c, "POST /danh-gia HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nUser-Agent: Mozilla/5.0\r\n\r\n%s",
			host, len(body), body[:5])
		return c
	}
	slow, stalled := open(), open()
	// Wait until the server is in both handlers (reading their bodies).
	deadline := time.Now().Add(30 * time.Second)
	for {
		if v := scrape(t, p.MetricsURL)["trangtin_http_requests_in_flight"]; v == "2" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the two requests are not under way after 30 s")
		}
		time.Sleep(10 * time.Millisecond) // polling the gauge for the event
	}

	p.signal(t, syscall.SIGTERM)
	p.waitLog(t, `"msg":"shutting down"`, 30*time.Second)
	// Nothing new is accepted: the listener closes at once.
	for {
		c, err := net.Dial("tcp", host)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline.Add(30 * time.Second)) {
			t.Fatal("still accepting connections after SIGTERM")
		}
		time.Sleep(10 * time.Millisecond) // polling for the listener to close
	}
	// The slow client finishes: its request is answered.
	if _, err := io.WriteString(slow, body[5:]); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(slow), nil)
	if err != nil {
		t.Fatalf("the request under way at SIGTERM got no answer: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/danh-gia/cam-on") {
		t.Errorf("the request under way at SIGTERM: %d %s, want 303 to the thanks page", res.StatusCode, res.Header.Get("Location"))
	}
	// The stalled one is cut at the bound, and the process ends well.
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0:\n%s", code, p.Stderr())
	}
	stalled.SetReadDeadline(time.Now().Add(10 * time.Second))
	if n, err := stalled.Read(make([]byte, 1)); n != 0 || err == nil {
		t.Errorf("the stalled connection: read %d bytes, %v; want it closed", n, err)
	}
	log := p.Stderr()
	for _, want := range []string{"their connections are cut", `"msg":"stopped accepting requests; finishing the background work"`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}

	// What was acknowledged is kept: the rating, and the visits counted in
	// memory (flushed at the stop).
	db := openRaw(t, config.Config{DataDir: data})
	var c4 int
	if err := db.QueryRow("SELECT c4 FROM rating_counts WHERE kind = 'article' AND item_id = ?", articleID).Scan(&c4); err != nil {
		t.Fatalf("the rating acknowledged during the stop: %v", err)
	}
	if c4 != 1 {
		t.Errorf("%d ratings of 4 stored, want 1", c4)
	}
	var total int
	if err := db.QueryRow("SELECT COALESCE(SUM(count), 0) FROM visit_counts WHERE period = 'total'").Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total < 1 {
		t.Errorf("%d visits stored; the visits made before the stop were not flushed", total)
	}
}
