package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/audit"
	"trangtin/internal/config"
)

// TestBehindTrustedProxy starts the app as `serve --trusted-proxies
// 127.0.0.1` (the test's requests come from 127.0.0.1, as from a reverse
// proxy on the same host): the proxy's X-Forwarded-For separates visitors
// for the citizen-form limit and the audit trail, and X-Forwarded-Proto:
// https makes links and cookies https.
func TestBehindTrustedProxy(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) { testProxy(t, cfg, true) })
}

// TestProxyHeadersIgnoredByDefault: without --trusted-proxies the same
// headers change nothing, so a visitor cannot forge its address.
func TestProxyHeadersIgnoredByDefault(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) { testProxy(t, cfg, false) })
}

// serveConfig parses args as `trangtin serve` does, on cfg's store.
func serveConfig(t *testing.T, cfg config.Config, args ...string) config.Config {
	t.Helper()
	var c config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.Flags(fs, true)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	c.DataDir, c.DB = cfg.DataDir, cfg.DB
	return c
}

// send posts form (or GETs when form is nil) with the headers, as a
// browser behind the proxy would, without following redirects.
func send(t *testing.T, u string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	method, body := http.MethodGet, io.Reader(nil)
	if form != nil {
		method, body = http.MethodPost, strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func testProxy(t *testing.T, cfg config.Config, trusted bool) {
	var args []string
	if trusted {
		args = []string{"--trusted-proxies", "127.0.0.1, 10.0.0.0/8"}
	}
	app := startApp(t, serveConfig(t, cfg, args...))
	ctx := context.Background()
	const first, second = "198.51.100.11", "198.51.100.22"

	// (a) The question form allows 5 submissions per address: the 6th from
	// the first visitor is refused, the second visitor is not held back.
	// The first visitor's requests pass a second, trusted proxy hop, as
	// through a load balancer, and carry a different forged leftmost entry
	// each time, which must not earn a fresh allowance.
	for i := 1; i <= 6; i++ {
		fromFirst := []string{"X-Forwarded-For", fmt.Sprintf("203.0.113.%d, %s, 10.1.1.1", i, first)}
		res, body := send(t, app.URL+"/hoi-dap/dat-cau-hoi", askForm(fmt.Sprintf("Câu hỏi thử số %d qua proxy", i)), fromFirst...)
		want := http.StatusSeeOther // stored: on to the page that shows the tracking code
		if i == 6 {
			want = http.StatusTooManyRequests
		}
		if res.StatusCode != want {
			t.Fatalf("first visitor, submission %d: status %d, want %d\n%.300s", i, res.StatusCode, want, body)
		}
	}
	res, body := send(t, app.URL+"/hoi-dap/dat-cau-hoi", askForm("Câu hỏi của người thứ hai"), "X-Forwarded-For", second)
	switch {
	case trusted && (res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/hoi-dap/da-gui"):
		t.Errorf("second visitor behind the proxy: status %d → %q, want 303 to the tracking code\n%.300s", res.StatusCode, res.Header.Get("Location"), body)
	case !trusted && res.StatusCode != http.StatusTooManyRequests:
		t.Errorf("forged X-Forwarded-For without --trusted-proxies: status %d, want 429 (same address)", res.StatusCode)
	}

	// The audit trail records the visitor's address.
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	res, _ = send(t, app.URL+"/quan-tri/dang-nhap", url.Values{"email": {"khong-co@example.vn"}, "password": {"sai mật khẩu"}}, "X-Forwarded-For", second)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("failed sign-in: status %d, want 422", res.StatusCode)
	}
	entries, _, err := app.db.FindAudit(ctx, audit.Filter{SiteID: site.ID, Action: "login.fail"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit: %d entries, %v", len(entries), err)
	}
	wantIP := "127.0.0.1"
	if trusted {
		wantIP = second
	}
	if entries[0].IP != wantIP {
		t.Errorf("audit IP %q, want %q", entries[0].IP, wantIP)
	}

	// (b) X-Forwarded-Proto: https makes absolute links https. Pages are
	// cached by origin: the plain request before and after keeps http.
	wantScheme := "http://"
	if trusted {
		wantScheme = "https://"
	}
	for _, tc := range []struct {
		header []string
		want   string
	}{
		{nil, "http://"},
		{[]string{"X-Forwarded-Proto", "https"}, wantScheme},
		{nil, "http://"},
		{[]string{"X-Forwarded-Proto", "https"}, wantScheme},
	} {
		res, body := send(t, app.URL+"/", nil, tc.header...)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET / %v: status %d", tc.header, res.StatusCode)
		}
		if !strings.Contains(body, `<link rel="canonical" href="`+tc.want) {
			t.Errorf("GET / %v: canonical link not %s", tc.header, tc.want)
		}
		if got := res.Header.Get("Strict-Transport-Security") != ""; got != (tc.want == "https://") {
			t.Errorf("GET / %v: Strict-Transport-Security %v", tc.header, got)
		}
	}
	res, body = send(t, app.URL+"/sitemap.xml", nil, "X-Forwarded-Proto", "https")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<loc>"+wantScheme) {
		t.Errorf("sitemap behind https proxy: status %d, want <loc>%s…", res.StatusCode, wantScheme)
	}

	// The session cookie is Secure when the visitor came over https.
	email, password := app.firstAdmin[0], app.firstAdmin[1]
	if email == "" {
		t.Fatal("no first administrator created")
	}
	res, _ = send(t, app.URL+"/quan-tri/dang-nhap", url.Values{"email": {email}, "password": {password}},
		"X-Forwarded-Proto", "https", "X-Forwarded-For", first)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: status %d, want 303", res.StatusCode)
	}
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "tt_phien" {
			session = c
		}
	}
	if session == nil || session.Secure != trusted {
		t.Errorf("session cookie %+v: want Secure %v", session, trusted)
	}
}

// TestTrustedProxiesFlagValidated: a bad list stops `serve` with an error
// naming the flag and the bad entries, before anything starts.
func TestTrustedProxiesFlagValidated(t *testing.T) {
	_, _, err := parse("serve", []string{"--trusted-proxies", "127.0.0.1,nginx,10.0.0.0/40"}, io.Discard, true, nil)
	if err == nil {
		t.Fatal("serve accepted --trusted-proxies with a host name and a bad prefix")
	}
	for _, want := range []string{"--trusted-proxies", `"nginx"`, `"10.0.0.0/40"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	t.Setenv("TRANGTIN_TRUSTED_PROXIES", "::1, 192.0.2.0/24")
	cfg, _, err := parse("serve", nil, io.Discard, true, nil)
	if err != nil || cfg.TrustedProxies != "::1, 192.0.2.0/24" {
		t.Errorf("TRANGTIN_TRUSTED_PROXIES: %q, %v", cfg.TrustedProxies, err)
	}
}
