package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Clock is the time the limiter waits on; tests give a clock of their own.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Limiter hands out request slots at most one every interval: a request
// waits for the next free slot, however long the one before it took (a
// schedule, not a pause after each request). It is safe for concurrent
// use.
type Limiter struct {
	clock Clock
	mu    sync.Mutex
	every time.Duration
	next  time.Time // the next free slot
}

// NewLimiter returns a limiter of one slot every interval on clock (nil:
// the real one).
func NewLimiter(every time.Duration, clock Clock) *Limiter {
	if clock == nil {
		clock = realClock{}
	}
	return &Limiter{clock: clock, every: every}
}

// Every is the interval in force.
func (l *Limiter) Every() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.every
}

// SlowTo makes the interval at least every (a robots.txt Crawl-delay).
func (l *Limiter) SlowTo(every time.Duration) {
	l.mu.Lock()
	l.every = max(l.every, every)
	l.mu.Unlock()
}

// Hold gives no slot before t (a 429's Retry-After, a back-off).
func (l *Limiter) Hold(t time.Time) {
	l.mu.Lock()
	if t.After(l.next) {
		l.next = t
	}
	l.mu.Unlock()
}

// Wait takes the next slot, waiting for it, or returns ctx's error.
func (l *Limiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	now := l.clock.Now()
	at := l.next
	if at.Before(now) {
		at = now
	}
	l.next = at.Add(l.every)
	l.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		select {
		case <-l.clock.After(d):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return ctx.Err()
}

// Limits bound what the crawler reads.
type Limits struct {
	PageBytes    int64         // an HTML page, a sitemap, a feed (default 4 MiB)
	PictureBytes int64         // a picture (default 20 MiB)
	Pages        int           // article pages (default 20,000)
	Lists        int           // list pages, sitemaps and feeds read (default 2,000)
	Redirects    int           // redirects followed for one request (default 5)
	Timeout      time.Duration // one request, body included (default 30 s)
	Retries      int           // tries again after a 5xx, a 429 or a time-out (default 3)
	Backoff      time.Duration // the first wait before trying again, doubled each time (default 2 s)
	MaxWait      time.Duration // the longest Retry-After honoured (default 10 min)
}

func (l Limits) withDefaults() Limits {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.PageBytes, 4<<20)
	def(&l.PictureBytes, 20<<20)
	for _, f := range []struct {
		v *int
		d int
	}{{&l.Pages, 20000}, {&l.Lists, 2000}, {&l.Redirects, 5}, {&l.Retries, 3}} {
		if *f.v <= 0 {
			*f.v = f.d
		}
	}
	for _, f := range []struct {
		v *time.Duration
		d time.Duration
	}{{&l.Timeout, 30 * time.Second}, {&l.Backoff, 2 * time.Second}, {&l.MaxWait, 10 * time.Minute}} {
		if *f.v <= 0 {
			*f.v = f.d
		}
	}
	return l
}

// FetchError is a fetch that failed: the address and why, in Vietnamese.
type FetchError struct {
	URL    string
	Status int // the HTTP status; 0 when none came
	Why    string
}

func (e *FetchError) Error() string { return e.URL + ": " + e.Why }

// Fetcher reads addresses of one old site politely: only its host, only
// what its robots.txt allows, one request per slot of the limiter, each
// response bounded, with a User-Agent naming trangtin.
type Fetcher struct {
	base    *url.URL
	client  *http.Client
	limiter *Limiter
	clock   Clock
	lim     Limits
	agent   string
	robots  *Robots
}

// UserAgent is the User-Agent of the crawler: trangtin's importer, and
// whom the old site's keepers can reach about it (contact: an address or
// an e-mail; only its printable ASCII is kept).
func UserAgent(contact string) string {
	contact = strings.Map(func(r rune) rune {
		if r < 0x21 || r > 0x7e || r == '(' || r == ')' || r == ';' {
			return -1
		}
		return r
	}, contact)
	if contact == "" {
		return "trangtin-import/1.0 (trangtin portal importer)"
	}
	return "trangtin-import/1.0 (trangtin portal importer; +" + contact + ")"
}

// NewFetcher returns a fetcher of the site at base.
func NewFetcher(base *url.URL, limiter *Limiter, clock Clock, lim Limits, agent string, transport http.RoundTripper) *Fetcher {
	if clock == nil {
		clock = realClock{}
	}
	lim = lim.withDefaults()
	f := &Fetcher{base: base, limiter: limiter, clock: clock, lim: lim, agent: agent}
	f.client = &http.Client{
		Transport: transport,
		Timeout:   lim.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > lim.Redirects {
				return fmt.Errorf("chuyển hướng quá %d lần", lim.Redirects)
			}
			if !f.SameSite(req.URL) {
				return fmt.Errorf("chuyển hướng sang trang khác (%s)", req.URL.Host)
			}
			return nil
		},
	}
	return f
}

// SameSite reports whether u is on the old site's host (either scheme).
func (f *Fetcher) SameSite(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, f.base.Host)
}

// Response is what a fetch read.
type Response struct {
	URL         *url.URL // after redirects
	ContentType string
	Body        []byte
}

// Get reads u (of the old site, allowed by its robots.txt) within max
// bytes (0: Limits.PageBytes), trying again after a server error, a 429
// (after its Retry-After), a time-out or a body cut short.
func (f *Fetcher) Get(ctx context.Context, u *url.URL, max int64) (*Response, error) {
	if !f.SameSite(u) {
		return nil, &FetchError{URL: u.String(), Why: "không thuộc trang cũ " + f.base.Host + ": không tải"}
	}
	if f.robots != nil && !f.robots.Allowed(u) {
		return nil, &FetchError{URL: u.String(), Why: "robots.txt của trang cũ không cho phép tải địa chỉ này"}
	}
	if max <= 0 {
		max = f.lim.PageBytes
	}
	backoff := f.lim.Backoff
	for try := 0; ; try++ {
		resp, retry, err := f.once(ctx, u, max)
		if err == nil || retry.IsZero() || try >= f.lim.Retries || ctx.Err() != nil {
			return resp, err
		}
		if retry.Equal(backoffNow) {
			retry = f.clock.Now().Add(backoff)
			backoff *= 2
		}
		f.limiter.Hold(retry)
	}
}

// backoffNow marks a failure to try again after the back-off.
var backoffNow = time.Unix(1, 0)

// once is one request; retry is when to try again (zero: not at all).
func (f *Fetcher) once(ctx context.Context, u *url.URL, max int64) (*Response, time.Time, error) {
	if err := f.limiter.Wait(ctx); err != nil {
		return nil, time.Time{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, time.Time{}, &FetchError{URL: u.String(), Why: "địa chỉ không hợp lệ"}
	}
	req.Header.Set("User-Agent", f.agent)
	req.Header.Set("Accept-Language", "vi")
	resp, err := f.client.Do(req)
	if err != nil {
		var ne net.Error
		why := "không kết nối được: " + err.Error()
		if errors.As(err, &ne) && ne.Timeout() {
			return nil, backoffNow, &FetchError{URL: u.String(), Why: "quá thời gian chờ trả lời"}
		}
		if ue := (*url.Error)(nil); errors.As(err, &ue) && strings.Contains(ue.Err.Error(), "chuyển hướng") {
			why = ue.Err.Error()
		}
		// Refused, no such host, a redirect refused: trying again would
		// not help.
		return nil, time.Time{}, &FetchError{URL: u.String(), Why: why}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		e := &FetchError{URL: u.String(), Status: resp.StatusCode, Why: "trang cũ báo quá tải (" + resp.Status + ")"}
		if at, ok := retryAfter(resp.Header.Get("Retry-After"), f.clock.Now(), f.lim.MaxWait); ok {
			return nil, at, e
		}
		return nil, backoffNow, e
	case resp.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, backoffNow, &FetchError{URL: u.String(), Status: resp.StatusCode, Why: "trang cũ trả lỗi " + resp.Status}
	case resp.StatusCode != http.StatusOK:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, time.Time{}, &FetchError{URL: u.String(), Status: resp.StatusCode, Why: "trang cũ trả " + resp.Status}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, backoffNow, &FetchError{URL: u.String(), Why: "đọc bị ngắt: " + err.Error()}
	}
	if int64(len(body)) > max {
		return nil, time.Time{}, &FetchError{URL: u.String(), Why: fmt.Sprintf("lớn quá giới hạn %d KB", max>>10)}
	}
	return &Response{URL: resp.Request.URL, ContentType: resp.Header.Get("Content-Type"), Body: body}, time.Time{}, nil
}

// retryAfter reads a Retry-After header (seconds or an HTTP date), no
// later than max from now.
func retryAfter(h string, now time.Time, max time.Duration) (time.Time, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return time.Time{}, false
	}
	var at time.Time
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		at = now.Add(time.Duration(s) * time.Second)
	} else if t, err := http.ParseTime(h); err == nil {
		at = t
	} else {
		return time.Time{}, false
	}
	if at.Sub(now) > max {
		at = now.Add(max)
	}
	return at, true
}
