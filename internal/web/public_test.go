package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

// getPage serves one GET through h and returns the status and body.
func getPage(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// fixedClock is a clock tests move by hand.
type fixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fixedClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fixedClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// TestTopBarDateFollowsTheDay: every page's top bar shows today's date in
// Vietnam time, with the links to Sơ đồ cổng and Đăng nhập, and the
// footer the line on reuse with the site's name. A cached page is not
// served past midnight: the day change empties the page cache, and a page
// whose render began before it is not kept.
func TestTopBarDateFollowsTheDay(t *testing.T) {
	srv := newBenchServer(t, Options{})
	t.Cleanup(srv.Close)
	clock := &fixedClock{t: time.Date(2026, 12, 7, 23, 59, 0, 0, vi.Zone)}
	srv.now = clock.now
	srv.dayChanged() // the server's day is the clock's
	h := srv.Handler()
	const monday = `<time datetime="2026-12-07">Thứ hai, 07/12/2026</time>`
	const tuesday = `<time datetime="2026-12-08">Thứ ba, 08/12/2026</time>`

	for _, path := range []string{"/", benchArticle, "/tim-kiem?q=bao+tro"} {
		code, page := getPage(t, h, path)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, code)
		}
		for _, want := range []string{`<p class="today">` + monday + `</p>`, `<a href="/so-do-cong">Sơ đồ cổng</a>`,
			`<a href="/quan-tri/dang-nhap" rel="nofollow">Đăng nhập</a>`,
			`<p class="reuse">Ghi rõ nguồn “` + demo.Site.Name + `” khi phát hành lại thông tin từ trang này.</p>`} {
			if !strings.Contains(page, want) {
				t.Errorf("GET %s: the page lacks %s", path, want)
			}
		}
	}
	if _, page := getPage(t, h, "/"); !strings.Contains(page, monday) || srv.CacheStats().Hits == 0 {
		t.Fatalf("the home page was not served from the cache (%+v)", srv.CacheStats())
	}

	// Midnight in Vietnam (17:00 UTC): the timer's call empties the cache.
	clock.set(time.Date(2026, 12, 8, 0, 0, 1, 0, vi.Zone))
	srv.dayChanged()
	if st := srv.CacheStats(); st.Entries != 0 {
		t.Errorf("after the day changed the cache holds %d pages", st.Entries)
	}
	for _, path := range []string{"/", benchArticle} {
		if _, page := getPage(t, h, path); !strings.Contains(page, tuesday) || strings.Contains(page, monday) {
			t.Errorf("GET %s after midnight: the top bar does not show the new day", path)
		}
	}

	// A render under way when the day changes is served but not kept.
	clock.set(time.Date(2026, 12, 8, 23, 59, 59, 0, vi.Zone))
	srv.dayChanged()
	srv.onRender = func(string) {
		clock.set(time.Date(2026, 12, 9, 0, 0, 0, 0, vi.Zone))
		srv.dayChanged()
	}
	getPage(t, h, "/chuyen-muc/tin-tuc-su-kien")
	srv.onRender = nil
	if st := srv.CacheStats(); st.Entries != 0 {
		t.Errorf("a page rendered across midnight was kept (%d entries)", st.Entries)
	}
	if _, page := getPage(t, h, "/chuyen-muc/tin-tuc-su-kien"); !strings.Contains(page, "Thứ tư, 09/12/2026") {
		t.Error("the category page after midnight does not show the new day")
	}
}

// TestUntilNextDay: the timer aims at the next midnight in Vietnam.
func TestUntilNextDay(t *testing.T) {
	for _, c := range []struct {
		now  time.Time
		want time.Duration
	}{
		{time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC), time.Hour},                      // 23:00 in Vietnam
		{time.Date(2026, 12, 7, 17, 0, 0, 0, time.UTC), 24 * time.Hour},                 // midnight exactly
		{time.Date(2026, 12, 31, 16, 59, 59, 0, time.UTC), time.Second},                 // one second to the new year
		{time.Date(2026, 12, 7, 17, 0, 0, 1, time.UTC), 24*time.Hour - time.Nanosecond}, // just past midnight
	} {
		if got := untilNextDay(c.now); got != c.want {
			t.Errorf("untilNextDay(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}

// photoArticle publishes, in the demo's news category, an article with a
// featured photo (its caption) and a sapo.
func photoArticle(t *testing.T, srv *Server, slug string, photo bool) content.Article {
	t.Helper()
	ctx := context.Background()
	site := testenv.Must(srv.svc.Store().FindSiteByKey(ctx, demo.SiteKey)).Get(t)
	cats := testenv.Must(srv.svc.Store().FindCategories(ctx, site.ID)).Get(t)
	news, ok := content.NewTree(cats).FindSlug("tin-tuc-su-kien")
	if !ok {
		t.Fatal("the demo has no tin-tuc-su-kien category")
	}
	a := content.Article{SiteID: site.ID, CategoryID: news.ID, Slug: slug, Title: "Khai mạc lễ hội chùa Bái Đính " + slug,
		Summary: "Sáng nay, lễ hội chùa Bái Đính khai mạc với hàng nghìn du khách.", Body: "<p>Nội dung bài.</p>",
		Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Minute)}
	if photo {
		a.Photo = content.Photo{ID: 7, Src: "/anh/ab/cd-1600.jpg", Srcset: "/anh/ab/cd-480.jpg 480w, /anh/ab/cd-960.jpg 960w, /anh/ab/cd-1600.jpg 1600w",
			Width: 1600, Height: 1067, Alt: "Đoàn rước kiệu qua cổng tam quan", Caption: "Ảnh: Kim Thoả"}
	}
	if err := srv.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

var (
	// itemRe is one entry of a list: its photo, if any, after its text.
	itemRe     = regexp.MustCompile(`(?s)<li class="item( has-photo)?">\s*<h([23]) class="item-title"><a href="([^"]+)">.*?</li>`)
	thumbRe    = regexp.MustCompile(`<img class="thumb" src="/anh/ab/cd-1600.jpg" srcset="[^"]+ 480w, [^"]+" sizes="\(min-width: 48rem\) 12rem, 7.5rem" alt="Đoàn rước kiệu qua cổng tam quan" width="1600" height="1067" loading="lazy"`)
	leadRe     = regexp.MustCompile(`<p class="item-lead">Sáng nay, lễ hội chùa Bái Đính khai mạc với hàng nghìn du khách.</p>`)
	itemDateRe = regexp.MustCompile(`<p class="item-meta"><time datetime="[^"]+">Thứ [^<]+, \d\d/\d\d/\d{4}</time></p>`)
)

// items returns the list entries of page linking to path.
func items(page, path string) []string {
	var out []string
	for _, m := range itemRe.FindAllStringSubmatch(page, -1) {
		if m[3] == path {
			out = append(out, m[0])
		}
	}
	return out
}

// TestListItemsShowPhotoTitleDateSapo: a category, the search results and
// "Bài viết khác" show an article as one entry, photo left (lazy, its
// srcset, width and height), title, date and sapo; an article without a
// photo shows no empty box. The article page shows the sapo under the
// title and the lead photo with its caption, loaded first.
func TestListItemsShowPhotoTitleDateSapo(t *testing.T) {
	srv := newBenchServer(t, Options{})
	t.Cleanup(srv.Close)
	h := srv.Handler()
	with := photoArticle(t, srv, "le-hoi-co-anh", true)
	without := photoArticle(t, srv, "le-hoi-khong-anh", false)

	check := func(where, page, path string, heading string, photo bool) {
		t.Helper()
		got := items(page, path)
		if len(got) != 1 {
			t.Fatalf("%s: %d entries link %s, want one", where, len(got), path)
		}
		it := got[0]
		if m := itemRe.FindStringSubmatch(it); m[2] != heading || (m[1] != "") != photo {
			t.Errorf("%s: entry %q: heading h%s (want h%s), photo class %q", where, it, m[2], heading, m[1])
		}
		if thumbRe.MatchString(it) != photo || strings.Contains(it, "<img") != photo {
			t.Errorf("%s: the entry's photo (want %v):\n%s", where, photo, it)
		}
		if !itemDateRe.MatchString(it) && !strings.Contains(where, "search") {
			t.Errorf("%s: the entry has no date:\n%s", where, it)
		}
		if !leadRe.MatchString(it) && !strings.Contains(where, "search") {
			t.Errorf("%s: the entry has no sapo:\n%s", where, it)
		}
	}
	_, cat := getPage(t, h, "/chuyen-muc/tin-tuc-su-kien")
	check("category", cat, content.ArticlePath(with.Slug), "2", true)
	check("category", cat, content.ArticlePath(without.Slug), "2", false)

	_, other := getPage(t, h, content.ArticlePath(without.Slug))
	others := other[strings.Index(other, `id="bai-viet-khac"`):]
	check("Bài viết khác", others, content.ArticlePath(with.Slug), "3", true)

	q := url.Values{"q": {"Bái Đính le-hoi-co-anh"}}
	_, found := getPage(t, h, "/tim-kiem?"+q.Encode())
	check("search", found, content.ArticlePath(with.Slug), "3", true)
	if hit := items(found, content.ArticlePath(with.Slug)); len(hit) != 1 || !strings.Contains(hit[0], "<mark>Bái</mark>") || strings.Contains(hit[0], "&lt;mark") {
		t.Errorf("search: the entry does not mark the query's words:\n%v", hit)
	}

	_, art := getPage(t, h, content.ArticlePath(with.Slug))
	title := strings.Index(art, `<h1 class="article-title">`)
	sapo := strings.Index(art, `<p class="article-summary">Sáng nay, lễ hội chùa Bái Đính khai mạc với hàng nghìn du khách.</p>`)
	fig := strings.Index(art, `<figure class="article-photo">`)
	body := strings.Index(art, `<div class="article-body">`)
	if title < 0 || sapo < title || fig < sapo || body < fig {
		t.Errorf("article page: title %d, sapo %d, photo %d, body %d: want them in that order", title, sapo, fig, body)
	}
	for _, want := range []string{
		`<img src="/anh/ab/cd-1600.jpg" srcset="/anh/ab/cd-480.jpg 480w, /anh/ab/cd-960.jpg 960w, /anh/ab/cd-1600.jpg 1600w" sizes="(min-width: 50rem) 46rem, calc(100vw - 2rem)" alt="Đoàn rước kiệu qua cổng tam quan" width="1600" height="1067" fetchpriority="high">`,
		`<figcaption>Ảnh: Kim Thoả</figcaption>`,
	} {
		if !strings.Contains(art, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
	if fig >= 0 && strings.Contains(art[fig:strings.Index(art[fig:], "</figure>")+fig], "loading=") {
		t.Error("the lead photo, in view at once, is lazy")
	}
}
