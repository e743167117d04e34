package crawl

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"trangtin/internal/vi"
)

// fakeClock is a clock the test moves: After reports each wait asked for
// on waits, and fires when Advance reaches it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	pending []fakeTimer
	waits   chan time.Duration
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 12, 5, 8, 30, 0, 0, time.UTC), waits: make(chan time.Duration, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	ch := make(chan time.Time, 1)
	c.pending = append(c.pending, fakeTimer{at: c.now.Add(d), ch: ch})
	c.mu.Unlock()
	c.waits <- d
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	left := c.pending[:0]
	for _, p := range c.pending {
		if p.at.After(c.now) {
			left = append(left, p)
		} else {
			p.ch <- c.now
		}
	}
	c.pending = left
}

// nextWait is the next wait a goroutine asked the clock for.
func (c *fakeClock) nextWait(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-c.waits:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no wait was asked for")
		return 0
	}
}

func (c *fakeClock) noWait(t *testing.T) {
	t.Helper()
	select {
	case d := <-c.waits:
		t.Fatalf("a wait of %v was asked for, want none", d)
	default:
	}
}

// TestLimiter: slots one interval apart on a schedule: the first at once,
// the next after the interval however many ask at the same time, none
// owed for the time a slow request took; a Crawl-delay slows it, a hold
// (Retry-After) pushes the next slot, and a cancelled wait returns.
func TestLimiter(t *testing.T) {
	c := newFakeClock()
	l := NewLimiter(time.Second, c)
	ctx := context.Background()
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	c.noWait(t)
	done := make(chan error, 2)
	go func() { done <- l.Wait(ctx) }()
	if d := c.nextWait(t); d != time.Second {
		t.Fatalf("second slot after %v, want 1s", d)
	}
	go func() { done <- l.Wait(ctx) }()
	if d := c.nextWait(t); d != 2*time.Second {
		t.Fatalf("third slot after %v, want 2s", d)
	}
	c.Advance(2 * time.Second)
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	// A request that took 5 s: the next slot is free at once, the one
	// after it a second later.
	c.Advance(5 * time.Second)
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	c.noWait(t)
	l.SlowTo(3 * time.Second)
	l.SlowTo(time.Second) // never faster again
	go func() { done <- l.Wait(ctx) }()
	if d := c.nextWait(t); d != time.Second {
		t.Fatalf("slot after %v, want the 1 s already promised", d)
	}
	c.Advance(time.Second)
	<-done
	go func() { done <- l.Wait(ctx) }()
	if d := c.nextWait(t); d != 3*time.Second {
		t.Fatalf("slot after %v, want the Crawl-delay of 3 s", d)
	}
	c.Advance(3 * time.Second)
	<-done
	l.Hold(c.Now().Add(time.Minute))
	cctx, cancel := context.WithCancel(ctx)
	go func() { done <- l.Wait(cctx) }()
	if d := c.nextWait(t); d != time.Minute {
		t.Fatalf("slot after %v, want the hold of 1 min", d)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func answer(req *http.Request, status int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: header, Body: io.NopCloser(strings.NewReader(body)), Request: req}
}

// TestFetchRetries: a 429 is tried again after its Retry-After, a 503
// without one after a back-off doubling each time, a time-out after the
// back-off; a 404 and a refused connection are not, an answer past the
// limit is refused; every request names trangtin, and an
// address robots.txt disallows or of another host is never asked for.
func TestFetchRetries(t *testing.T) {
	c := newFakeClock()
	base := &url.URL{Scheme: "http", Host: "cu.example.vn", Path: "/"}
	var mu sync.Mutex
	var asked []string
	replies := map[string][]*http.Response{}
	f := NewFetcher(base, NewLimiter(time.Millisecond, c), c, Limits{Backoff: 2 * time.Second, Retries: 3, PageBytes: 100}, UserAgent("https://anbinh.gov.vn/"),
		roundTrip(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			defer mu.Unlock()
			if ua := r.Header.Get("User-Agent"); ua != "trangtin-import/1.0 (trangtin portal importer; +https://anbinh.gov.vn/)" {
				t.Errorf("User-Agent %q", ua)
			}
			asked = append(asked, r.URL.Path)
			list := replies[r.URL.Path]
			resp := list[0]
			replies[r.URL.Path] = list[1:]
			switch resp.StatusCode {
			case -1:
				return nil, timeoutError{}
			case -2:
				return nil, errors.New("connection refused")
			}
			resp.Request = r
			return resp, nil
		}))
	f.robots = ParseRobots([]byte("User-agent: *\nDisallow: /noi-bo/\n"), f.agent)
	ok := func(body string) *http.Response {
		return answer(nil, 200, http.Header{"Content-Type": {"text/html"}}, body)
	}
	replies["/a"] = []*http.Response{answer(nil, 429, http.Header{"Retry-After": {"7"}}, ""), ok("<html>a</html>")}
	replies["/b"] = []*http.Response{answer(nil, 503, nil, ""), answer(nil, 502, nil, ""), ok("<html>b</html>")}
	replies["/c"] = []*http.Response{answer(nil, 404, nil, "")}
	replies["/d"] = []*http.Response{ok(strings.Repeat("x", 101))}
	replies["/e"] = []*http.Response{{StatusCode: -1}, ok("<html>e</html>")}
	replies["/f"] = []*http.Response{{StatusCode: -2}}
	get := func(p string) (*Response, error) {
		type result struct {
			r   *Response
			err error
		}
		ch := make(chan result, 1)
		go func() {
			r, err := f.Get(context.Background(), base.ResolveReference(&url.URL{Path: p}), 0)
			ch <- result{r, err}
		}()
		for {
			select {
			case res := <-ch:
				return res.r, res.err
			case d := <-c.waits:
				c.Advance(d)
				mu.Lock()
				asked = append(asked, "wait "+d.String())
				mu.Unlock()
			}
		}
	}
	if r, err := get("/a"); err != nil || string(r.Body) != "<html>a</html>" {
		t.Fatalf("/a: %v", err)
	}
	if r, err := get("/b"); err != nil || string(r.Body) != "<html>b</html>" {
		t.Fatalf("/b: %v", err)
	}
	var fe *FetchError
	if _, err := get("/c"); !errors.As(err, &fe) || fe.Status != 404 {
		t.Fatalf("/c: %v", err)
	}
	if _, err := get("/d"); err == nil || !strings.Contains(err.Error(), "lớn quá giới hạn") {
		t.Fatalf("/d: %v", err)
	}
	if r, err := get("/e"); err != nil || string(r.Body) != "<html>e</html>" {
		t.Fatalf("/e: %v", err)
	}
	if _, err := get("/f"); err == nil || !strings.Contains(err.Error(), "không kết nối được") {
		t.Fatalf("/f: %v", err)
	}
	if _, err := get("/noi-bo/x.html"); err == nil || !strings.Contains(err.Error(), "robots.txt") {
		t.Fatalf("disallowed: %v", err)
	}
	if _, err := f.Get(context.Background(), &url.URL{Scheme: "http", Host: "khac.example.vn", Path: "/a"}, 0); err == nil {
		t.Fatal("another host was fetched")
	}
	want := "/a wait 7s /a wait 1ms /b wait 2s /b wait 4s /b wait 1ms /c wait 1ms /d wait 1ms /e wait 2s /e wait 1ms /f" // 1 ms: the limiter's interval
	if got := strings.Join(asked, " "); got != want {
		t.Errorf("requests and waits:\n%s\nwant\n%s", got, want)
	}
}

// TestRobots: the group naming trangtin wins over *, the longest rule
// wins, * and $ in patterns, Crawl-delay and Sitemap lines.
func TestRobots(t *testing.T) {
	r := ParseRobots([]byte(`# comments
User-agent: Googlebot
Disallow: /

User-agent: *
Disallow: /admin/
Crawl-delay: 5

User-agent: trangtin-import
User-agent: other
Disallow: /news/noi-bo/
Allow: /news/noi-bo/cong-khai
Disallow: /*.pdf$
Crawl-delay: 2.5
Sitemap: https://cu.example.vn/sitemap.xml
`), UserAgent(""))
	if r.Delay != 2500*time.Millisecond || len(r.Sitemaps) != 1 {
		t.Errorf("delay %v, sitemaps %v", r.Delay, r.Sitemaps)
	}
	for p, want := range map[string]bool{"/admin/x": true, "/news/noi-bo/a.html": false, "/news/noi-bo/cong-khai-1.html": true,
		"/uploads/a.pdf": false, "/uploads/a.pdf?x=1": true, "/": true} {
		u, _ := url.Parse("https://cu.example.vn" + p)
		if got := r.Allowed(u); got != want {
			t.Errorf("Allowed(%s) = %v, want %v", p, got, want)
		}
	}
	star := ParseRobots([]byte("User-agent: *\nDisallow: /admin/\nCrawl-delay: 5\n"), UserAgent(""))
	if u, _ := url.Parse("http://x/admin/a"); star.Allowed(u) || star.Delay != 5*time.Second {
		t.Error("the * group was not applied")
	}
}

// TestParseDate: the date forms of Vietnamese portals, in the site's zone.
func TestParseDate(t *testing.T) {
	at := time.Date(2026, 12, 5, 8, 30, 0, 0, vi.Zone)
	for _, s := range []string{"Thứ hai, 05/12/2026 - 08:30", "05/12/2026 08:30", "08:30 05/12/2026", "Thứ Bảy - 5/12/2026 8:30",
		"Cập nhật: 05-12-2026 08h30", "2026-12-05T08:30:00+07:00", "2026-12-05T01:30:00Z", "2026-12-05 08:30", "Ngày đăng: 05.12.2026 | 08:30"} {
		got, ok := ParseDate(s, vi.Zone)
		if !ok || !got.Equal(at) {
			t.Errorf("ParseDate(%q) = %v %v, want %v", s, got, ok, at)
		}
	}
	if got, ok := ParseDate("05/12/2026", vi.Zone); !ok || !got.Equal(time.Date(2026, 12, 5, 0, 0, 0, 0, vi.Zone)) {
		t.Errorf("a date alone: %v", got)
	}
	for _, s := range []string{"", "hôm qua", "31/02/2026 08:30", "5/13/2026"} {
		if got, ok := ParseDate(s, vi.Zone); ok {
			t.Errorf("ParseDate(%q) = %v, want none", s, got)
		}
	}
}

// TestBuiltinProfiles: the built-in profiles compile, and the NukeViet one
// reads a page of NukeViet 4's detail.tpl shape and knows its addresses.
func TestBuiltinProfiles(t *testing.T) {
	for name := range Builtin {
		if _, err := LoadProfile(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	p, err := LoadProfile("nukeviet")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{"/news/kinh-te/hoi-nghi-12.html": true, "/vi/news/a/b/c-3.html": true,
		"/index.php?language=vi&nv=news&op=kinh-te/hoi-nghi-12": true, "/news/kinh-te/": false, "/news/kinh-te/page-2": false} {
		if p.IsArticle(path) != want {
			t.Errorf("IsArticle(%s) != %v", path, want)
		}
	}
	doc, err := html.Parse(strings.NewReader(`<ul class="breadcrumbs"><li><a href="/">Trang nhất</a></li><li><a href="/news/kinh-te/">Kinh tế</a></li></ul>
<div class="news_column panel"><div class="panel-body"><h1 class="title margin-bottom-lg" itemprop="headline">Hội nghị</h1>
<div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">Thứ hai, 05/12/2026 - 08:30</span></div></div>
<div class="hometext m-bottom">Tóm tắt</div>
<div id="news-bodyhtml"><p>Nội dung <img src="../../uploads/a.jpg"> <a href="/uploads/b.pdf">tệp</a></p><script>x()</script></div></div></div>`))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("http://cu.example.vn/news/kinh-te/hoi-nghi-12.html")
	pg, missing := p.Extract(doc, u)
	if missing != "" || pg.Title != "Hội nghị" || pg.Lead != "Tóm tắt" || pg.Category != "Kinh tế" || pg.CategoryURL.Path != "/news/kinh-te/" ||
		!pg.Date.Equal(time.Date(2026, 12, 5, 8, 30, 0, 0, vi.Zone)) || len(pg.Pictures) != 1 || pg.Pictures[0].String() != "http://cu.example.vn/uploads/a.jpg" ||
		len(pg.Attachments) != 1 || strings.Contains(pg.Body, "script") {
		t.Errorf("extracted %+v (missing %q)", pg, missing)
	}
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }
