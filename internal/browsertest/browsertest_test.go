package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"trangtin/internal/testenv"
)

const badPage = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Trang lỗi</title></head>
<body>
<img src="/logo.png">
<form action="/tim-kiem"><input type="text" name="q"><button type="submit">Tìm</button></form>
<p style="color:#b0b0b0;background:#ffffff">Chữ mờ khó đọc trên nền trắng.</p>
</body>
</html>`

const goodPage = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thông tin điện tử</title>
</head>
<body style="color:#1a1a1a;background:#ffffff">
<main>
<h1>Cổng thông tin điện tử</h1>
<p>Chào mừng quý khách đến với cổng thông tin.</p>
<img src="/logo.png" alt="Quốc huy Việt Nam">
<form action="/tim-kiem" role="search">
<label for="q">Tìm kiếm</label> <input id="q" type="search" name="q">
<button type="button" id="nut" onclick="document.getElementById('ketqua').textContent = 'Đã bấm nút'">Bấm thử</button>
</form>
<p id="ketqua">Chưa bấm</p>
</main>
</body>
</html>`

// longPage is taller than the window, for the full page screenshot.
const longPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Trang dài</title></head>
<body style="margin:0">
<main><h1>Trang dài</h1><div style="height:3000px;background:linear-gradient(#fff,#036)"></div></main>
</body></html>`

// newSite serves the test pages on 127.0.0.1.
func newSite(t *testing.T) *httptest.Server {
	t.Helper()
	var logo bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 0xc0
	}
	img.Set(4, 4, color.RGBA{R: 0xda, A: 0xff})
	if err := png.Encode(&logo, img); err != nil {
		t.Fatal(err)
	}

	mux := http.NewServeMux()
	page := func(html string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, html)
		}
	}
	mux.Handle("GET /bad", page(badPage))
	mux.Handle("GET /good", page(goodPage))
	mux.Handle("GET /long", page(longPage))
	// /hang never answers, until the test ends.
	release := make(chan struct{})
	mux.HandleFunc("GET /hang", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(logo.Bytes())
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before srv.Close
	if host, _, err := net.SplitHostPort(srv.Listener.Addr().String()); err != nil || host != "127.0.0.1" {
		t.Fatalf("test server listens on %s (%v), want 127.0.0.1", srv.Listener.Addr(), err)
	}
	return srv
}

func ruleIDs(vs []Violation) []string {
	ids := make([]string, 0, len(vs))
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestAxe(t *testing.T) {
	srv := newSite(t)
	b := New(t)

	t.Run("bad page", func(t *testing.T) {
		p := b.Visit(srv.URL + "/bad")
		vs := p.Axe()
		got := ruleIDs(vs)
		t.Logf("rules that the bad page breaks: %q", got)
		formatted := FormatViolations(vs)
		for _, want := range []string{"color-contrast", "html-has-lang", "image-alt", "label"} {
			if !slices.Contains(got, want) {
				t.Errorf("axe did not report %q on the bad page; got %q", want, got)
			}
		}
		for _, v := range vs {
			if v.Help == "" || !strings.HasPrefix(v.HelpURL, "https://dequeuniversity.com/") || len(v.Nodes) == 0 {
				t.Errorf("violation %q lacks details: %+v", v.ID, v)
			}
			if !strings.Contains(formatted, "] "+v.ID+": "+v.Help) || !strings.Contains(formatted, v.HelpURL) {
				t.Errorf("FormatViolations lacks the rule %q:\n%s", v.ID, formatted)
			}
			for _, n := range v.Nodes {
				if len(n.Target) == 0 || n.HTML == "" || n.FailureSummary == "" {
					t.Errorf("violation %q has a node without details: %+v", v.ID, n)
				}
			}
		}
		if i := slices.IndexFunc(vs, func(v Violation) bool { return v.ID == "image-alt" }); i >= 0 {
			n := vs[i].Nodes
			if len(n) != 1 || !slices.Equal(n[0].Target, []string{"img"}) || !strings.Contains(n[0].HTML, "/logo.png") {
				t.Errorf("image-alt nodes = %+v, want the one <img>", n)
			}
		}

		// A second run reuses the injected axe.
		if again := ruleIDs(p.Axe()); !slices.Equal(again, got) {
			t.Errorf("second run: %q, first run: %q", again, got)
		}
	})

	t.Run("good page", func(t *testing.T) {
		p := b.Visit(srv.URL + "/good")
		if vs := p.Axe(); len(vs) != 0 {
			t.Errorf("axe reported violations on the good page:\n%s", FormatViolations(vs))
		}
		p.AssertNoAxeViolations()
	})
}

func TestFormatViolations(t *testing.T) {
	if got := FormatViolations(nil); got != "no violations" {
		t.Errorf("FormatViolations(nil) = %q", got)
	}
	got := FormatViolations([]Violation{{
		ID:      "image-alt",
		Impact:  "critical",
		Help:    "Images must have alternative text",
		HelpURL: "https://dequeuniversity.com/rules/axe/4.14/image-alt",
		Nodes: []ViolationNode{{
			Target:         []string{"#logo"},
			HTML:           "<img id=\"logo\"\n   src=\"/logo.png\">",
			FailureSummary: "Fix any of the following:\n  Element does not have an alt attribute",
		}},
	}})
	for _, want := range []string{
		"1. [critical] image-alt: Images must have alternative text",
		"https://dequeuniversity.com/rules/axe/4.14/image-alt",
		"- #logo",
		`html: <img id="logo" src="/logo.png">`,
		"Element does not have an alt attribute",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("FormatViolations output lacks %q:\n%s", want, got)
		}
	}
}

func TestScreenshot(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	p := b.Visit(srv.URL + "/long")
	path := p.Screenshot("trang/dài")

	if dir := t.ArtifactDir(); filepath.Dir(path) != dir {
		t.Errorf("screenshot %s is not in the artifact dir %s", path, dir)
	}
	if filepath.Ext(path) != ".png" {
		t.Errorf("screenshot %s lacks the .png extension", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("screenshot %s (%d bytes) is not a PNG: starts with % x", path, len(data), data[:min(len(data), 8)])
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	// The whole page, not only the 1280x900 window.
	if cfg.Width != WindowWidth || cfg.Height < 3000 {
		t.Errorf("screenshot is %dx%d, want %dx(at least 3000)", cfg.Width, cfg.Height, WindowWidth)
	}
}

func TestPageHelpers(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	p := b.Visit(srv.URL + "/good")

	if p.Status != http.StatusOK {
		t.Errorf("Status = %d, want 200", p.Status)
	}
	if got := p.Text("h1"); got != "Cổng thông tin điện tử" {
		t.Errorf("Text(h1) = %q", got)
	}
	if got := p.Text("#ketqua"); got != "Chưa bấm" {
		t.Errorf("Text(#ketqua) before the click = %q", got)
	}
	p.Click("#nut")
	if got := p.Text("#ketqua"); got != "Đã bấm nút" {
		t.Errorf("Text(#ketqua) after the click = %q", got)
	}

	var title string
	p.Eval(`document.title`, &title)
	if title != "Cổng thông tin điện tử" {
		t.Errorf("Eval(document.title) = %q", title)
	}
	var sum int
	p.Eval(`new Promise(r => setTimeout(() => r(40 + 2), 10))`, &sum)
	if sum != 42 {
		t.Errorf("Eval of a promise = %d, want 42", sum)
	}
	var info struct {
		Lang string `json:"lang"`
		Imgs int    `json:"imgs"`
	}
	p.Eval(`({lang: document.documentElement.lang, imgs: document.images.length})`, &info)
	if info.Lang != "vi" || info.Imgs != 1 {
		t.Errorf("Eval of an object = %+v", info)
	}
	p.Eval(`void 0`, nil)

	type size struct{ W, H int }
	viewport := func() size {
		var s size
		p.Eval(`({W: window.innerWidth, H: window.innerHeight})`, &s)
		return s
	}
	if got := viewport(); got != (size{WindowWidth, WindowHeight}) {
		t.Errorf("initial viewport = %v, want %dx%d", got, WindowWidth, WindowHeight)
	}
	p.SetViewport(375, 700)
	if got := viewport(); got != (size{375, 700}) {
		t.Errorf("viewport after SetViewport(375, 700) = %v", got)
	}
	p.SetMobileViewport(390, 844)
	var mobile struct {
		W     int  `json:"w"`
		Touch bool `json:"touch"`
	}
	p.Eval(`({w: window.innerWidth, touch: navigator.maxTouchPoints > 0})`, &mobile)
	if mobile.W != 390 || !mobile.Touch {
		t.Errorf("after SetMobileViewport(390, 844): %+v", mobile)
	}
	// Axe runs on the small screen too.
	p.AssertNoAxeViolations()

	// An HTTP error is a page, not a failure of Visit.
	if p := b.Visit(srv.URL + "/khong-co"); p.Status != http.StatusNotFound {
		t.Errorf("Status of a missing page = %d, want 404", p.Status)
	}
}

// TestTimeout checks that a page or a script that never finishes fails the
// action after Browser.Timeout, and that the browser still works after it.
func TestTimeout(t *testing.T) {
	srv := newSite(t)
	b := New(t)
	b.Timeout = time.Second

	start := time.Now()
	_, err := b.TryVisit(srv.URL + "/hang")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("visit of a page that never answers: %v, want %v", err, context.DeadlineExceeded)
	}
	if d := time.Since(start); d > 3*b.Timeout {
		t.Errorf("visit of a page that never answers took %v with a timeout of %v", d, b.Timeout)
	}

	p := b.Visit(srv.URL + "/good")
	start = time.Now()
	var v int
	if err := p.eval(`new Promise(() => {})`, &v); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("eval of a promise that never settles: %v, want %v", err, context.DeadlineExceeded)
	}
	if d := time.Since(start); d > 3*b.Timeout {
		t.Errorf("eval of a promise that never settles took %v with a timeout of %v", d, b.Timeout)
	}

	b.Timeout = DefaultTimeout
	if got := b.Visit(srv.URL + "/good").Text("h1"); got != "Cổng thông tin điện tử" {
		t.Errorf("after the timeouts, h1 = %q", got)
	}
}

// TestNetworkIsolation proves that the browser reaches only 127.0.0.1 and
// localhost (and names under .localhost), and sends nothing off the machine. The first checks use targets
// that are on this machine, and that the browser would reach without the
// resolver rule. Only when they show that the rule works does the test try a
// real public host name, which then fails before any DNS lookup.
func TestNetworkIsolation(t *testing.T) {
	srv := newSite(t)
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	b := New(t)
	b.Timeout = 15 * time.Second

	mustNotResolve := func(t *testing.T, url string) {
		t.Helper()
		start := time.Now()
		p, err := b.TryVisit(url)
		if err == nil {
			t.Fatalf("the browser loaded %s (status %d); the host resolver rule does not isolate it", url, p.Status)
		}
		var le *chromedp.LoadError
		if !errors.As(err, &le) || le.ErrorText != "net::ERR_NAME_NOT_RESOLVED" {
			t.Fatalf("visit %s: %v, want a load error net::ERR_NAME_NOT_RESOLVED", url, err)
		}
		t.Logf("%s: %v after %v", url, err, time.Since(start).Round(time.Millisecond))
	}

	t.Run("localhost is allowed", func(t *testing.T) {
		p := b.Visit("http://localhost:" + port + "/good")
		if got := p.Text("h1"); got != "Cổng thông tin điện tử" {
			t.Errorf("h1 = %q", got)
		}
	})

	// A name under .localhost is this machine (the sites of the demo
	// province), mapped to 127.0.0.1 by the rule.
	t.Run("subdomain of localhost is this machine", func(t *testing.T) {
		p := b.Visit("http://canary.localhost:" + port + "/good")
		if got := p.Text("h1"); got != "Cổng thông tin điện tử" {
			t.Errorf("h1 = %q", got)
		}
	})

	// A server on another loopback address, which Go reaches: the rule
	// also covers IP literals, and the server must see no request at all.
	loopbackOK := t.Run("other loopback address is blocked", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.2:0")
		testenv.Require(t, "a second loopback address (127.0.0.2)", err)
		var hits atomic.Int32
		other := &httptest.Server{
			Listener: ln,
			Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				fmt.Fprint(w, "<!doctype html><title>other</title>")
			})},
		}
		other.Start()
		defer other.Close()
		resp, err := http.Get(other.URL + "/")
		if err != nil {
			t.Fatalf("Go cannot reach %s either, so this proves nothing: %v", other.URL, err)
		}
		resp.Body.Close()
		hits.Store(0)

		mustNotResolve(t, other.URL+"/")

		// Nor can a page on 127.0.0.1 load resources from there.
		p := b.Visit(srv.URL + "/good")
		var outcome string
		p.Eval(fmt.Sprintf(`fetch(%q, {mode: "no-cors"}).then(() => "loaded", e => "failed: " + e.message)`,
			other.URL+"/from-page"), &outcome)
		if !strings.HasPrefix(outcome, "failed") {
			t.Errorf("a fetch from the page to %s: %s", other.URL, outcome)
		}
		if n := hits.Load(); n != 0 {
			t.Errorf("the server on %s got %d request(s) from the browser", other.URL, n)
		}
	})

	if !loopbackOK {
		t.Fatal("the resolver rule does not work; not trying a public host")
	}

	t.Run("public host is blocked", func(t *testing.T) {
		mustNotResolve(t, "http://example.com/")
		mustNotResolve(t, "https://www.google.com/")
	})
}

// recordTB records a Skip or a Fatal of New, and ends its goroutine, as the
// testing package does.
type recordTB struct {
	testing.TB
	skipped, fatal string
}

func (r *recordTB) Helper() {}

func (r *recordTB) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recordTB) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestNoBrowser(t *testing.T) {
	t.Setenv(EnvChromium, filepath.Join(t.TempDir(), "no-such-chromium"))
	run := func() *recordTB {
		r := &recordTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			New(r)
			t.Errorf("New returned a browser without a binary")
		}()
		<-done
		return r
	}

	t.Setenv("CI", "")
	if r := run(); r.fatal != "" || !strings.Contains(r.skipped, "no-such-chromium") {
		t.Errorf("outside CI: skipped %q, fatal %q; want a skip that names the binary", r.skipped, r.fatal)
	}
	t.Setenv("CI", "true")
	if r := run(); r.skipped != "" || !strings.Contains(r.fatal, "no-such-chromium") {
		t.Errorf("with CI=true: skipped %q, fatal %q; want a failure that names the binary", r.skipped, r.fatal)
	}
}

func TestFindChromium(t *testing.T) {
	t.Setenv(EnvChromium, "")
	path, err := findChromium()
	testenv.Require(t, "Chromium", err)
	if !filepath.IsAbs(path) {
		t.Errorf("findChromium() = %q, want an absolute path", path)
	}
	t.Setenv(EnvChromium, path)
	if got, err := findChromium(); got != path || err != nil {
		t.Errorf("with %s=%s: %q, %v", EnvChromium, path, got, err)
	}
}

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"home":           "home",
		"trang chủ/mobi": "trang_chủ_mobi",
		"../../etc":      "etc",
		"":               "screenshot",
		"a.b-c_d":        "a.b-c_d",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// formPage posts a form whose answer is slow, and fetches /cham, also slow.
const formPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Trang một</title></head>
<body><main>
<h1>Trang một</h1>
<form method="post" action="/gui"><button type="submit" id="gui">Gửi</button></form>
<button type="button" id="nut" onclick="document.getElementById('ketqua').textContent = 'Đã bấm'">Bấm</button>
<button type="button" id="cham" onclick="fetch('/cham').then(r => r.text()).then(s => { document.getElementById('ketqua').textContent = s; })">Chậm</button>
<p id="ketqua">Chưa bấm</p>
</main></body></html>`

// slowSite serves formPage. POST /gui and GET /cham are held: each calls
// hold, and answers only when it returns, so the test decides when the
// answer comes.
func slowSite(t *testing.T, hold func()) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	held := func(next http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			hold()
			next(w, r)
		}
	}
	mux.HandleFunc("GET /mau", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, formPage)
	})
	mux.HandleFunc("POST /gui", held(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/xong", http.StatusSeeOther)
	}))
	mux.HandleFunc("GET /xong", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprint(w, `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang hai</title></head><body><main><h1>Trang hai</h1></main></body></html>`)
	})
	mux.HandleFunc("GET /cham", held(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "Đã xong")
	}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestClickAndWait checks that a click that submits a form returns the page
// that answers, through its redirect, and never the page being left; and
// that a click that navigates nowhere fails at the time limit.
func TestClickAndWait(t *testing.T) {
	// The answer to the form is held until the request has arrived and
	// ClickAndWait is seen not to have returned yet.
	var returned atomic.Bool
	srv := slowSite(t, func() {
		if returned.Load() {
			t.Error("ClickAndWait returned before the server answered")
		}
	})
	b := New(t)
	p := b.Visit(srv.URL + "/mau")
	p.Eval(`document.documentElement.classList.add('trang-cu'), true`, nil)

	next := p.ClickAndWait("#gui")
	returned.Store(true)
	if next.Status != http.StatusAccepted || next.URL != srv.URL+"/xong" {
		t.Errorf("after the submit: status %d at %s, want 202 at %s/xong", next.Status, next.URL, srv.URL)
	}
	var old bool
	next.Eval(`document.documentElement.classList.contains('trang-cu')`, &old)
	if old {
		t.Error("ClickAndWait returned while the old page was still shown")
	}
	if h1 := next.Text("h1"); h1 != "Trang hai" {
		t.Errorf("h1 after the submit = %q, want %q", h1, "Trang hai")
	}

	p = b.Visit(srv.URL + "/mau")
	quick := *b
	quick.Timeout = 2 * time.Second
	r := &recordTB{TB: t}
	quick.t = r
	done := make(chan struct{})
	go func() {
		defer close(done)
		(&Page{URL: p.URL, b: &quick}).ClickAndWait("#nut")
		t.Error("ClickAndWait returned after a click that navigates nowhere")
	}()
	<-done
	if !strings.Contains(r.fatal, "no navigation started") {
		t.Errorf("a click that navigates nowhere: fatal %q, want it to say so", r.fatal)
	}
	if got := p.Text("#ketqua"); got != "Đã bấm" {
		t.Errorf("the button was not clicked: %q", got)
	}
}

// TestWait checks that Wait sees what a script shows after a slow request,
// and that an exception or a condition that never holds fails the test.
func TestWait(t *testing.T) {
	// /cham answers only after Click has returned, so the text changes
	// while Wait waits, or later.
	clicked := make(chan struct{})
	srv := slowSite(t, func() { <-clicked })
	b := New(t)
	p := b.Visit(srv.URL + "/mau")
	p.Click("#cham")
	close(clicked)
	var got string
	p.Wait(`document.getElementById('ketqua').textContent === 'Đã xong' && 'Đã xong'`, &got)
	if got != "Đã xong" {
		t.Errorf("Wait decoded %q, want %q", got, "Đã xong")
	}

	quick := *b
	quick.Timeout = time.Second
	for _, c := range []struct{ js, want string }{
		{`khongCoBien.x`, "khongCoBien"},
		{`document.title === 'không bao giờ'`, "context deadline exceeded"},
	} {
		r := &recordTB{TB: t}
		quick.t = r
		done := make(chan struct{})
		go func() {
			defer close(done)
			(&Page{URL: p.URL, b: &quick}).Wait(c.js, nil)
			t.Errorf("Wait(%s) returned", c.js)
		}()
		<-done
		if !strings.Contains(r.fatal, c.want) {
			t.Errorf("Wait(%s): fatal %q, want %q", c.js, r.fatal, c.want)
		}
	}
}
