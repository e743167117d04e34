package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
	"trangtin/internal/web"
)

// residentMiB is the process's resident memory (VmRSS) in MiB, after a
// full collection that returns freed memory to the system.
func residentMiB(t *testing.T) float64 {
	t.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatalf("VmRSS %q: %v", rest, err)
			}
			return float64(kb) / 1024
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// serveDirect runs one anonymous GET through the app's whole handler
// (middleware and routes as `trangtin serve` wires them), with host as the
// Host header, and returns the response.
func serveDirect(t *testing.T, app *testApp, host, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = host
	req.RemoteAddr = "192.0.2.7:4000"
	rec := httptest.NewRecorder()
	app.handler.ServeHTTP(rec, req)
	return rec
}

// maxGrowthMiB is what the issue allows the resident memory to grow by
// over 5,000 requests of one kind.
const maxGrowthMiB = 5

// floodCheck sends n requests made by target(i) and checks that the page
// cache neither gained an entry nor rendered again, and that the resident
// memory grew less than maxGrowthMiB; it prints the memory before and
// after.
func floodCheck(t *testing.T, app *testApp, what string, n int, warm []string, target func(i int) (host, path string), check func(i int, rec *httptest.ResponseRecorder)) {
	t.Helper()
	host := strings.TrimPrefix(app.URL, "http://")
	for _, p := range warm {
		if rec := serveDirect(t, app, host, p); rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", p, rec.Code)
		}
	}
	// A first round of the flood settles what any traffic allocates once
	// (pools, buffers, the visit counter's tables).
	for i := range 200 {
		h, p := target(n + i)
		serveDirect(t, app, h, p)
	}
	before, memBefore := app.web.CacheStats(), residentMiB(t)
	for i := range n {
		h, p := target(i)
		rec := serveDirect(t, app, h, p)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: GET %s (Host %s): %d", what, p, h, rec.Code)
		}
		if check != nil {
			check(i, rec)
		}
	}
	after, memAfter := app.web.CacheStats(), residentMiB(t)
	t.Logf("%s: %d requests; resident memory %.1f MiB before, %.1f MiB after (%+.1f MiB); page cache %d entries / %d bytes before, %d / %d after, %d renders",
		what, n, memBefore, memAfter, memAfter-memBefore, before.Entries, before.Bytes, after.Entries, after.Bytes, after.Renders-before.Renders)
	if after.Entries != before.Entries || after.Bytes != before.Bytes || after.Renders != before.Renders {
		t.Errorf("%s: the page cache went from %+v to %+v; every request should have been a hit on the pages already cached", what, before, after)
	}
	if memAfter-memBefore >= maxGrowthMiB {
		t.Errorf("%s: resident memory grew by %.1f MiB, want under %d MiB", what, memAfter-memBefore, maxGrowthMiB)
	}
}

// TestHostHeaderDoesNotGrowPageCache: 5,000 anonymous requests for the
// home page, the RSS feed and the sitemap, each with its own Host header
// (a site without a host of its own answers them all), are answered from
// the three pages already cached, and no made-up host name appears in
// what they send.
func TestHostHeaderDoesNotGrowPageCache(t *testing.T) {
	app := startApp(t, config.Config{})
	paths := []string{"/", "/rss", "/sitemap.xml"}
	const n = 5000
	named := 0
	floodCheck(t, app, "distinct Host headers", n, paths,
		func(i int) (string, string) { return fmt.Sprintf("may-%d.example.net", i), paths[i%len(paths)] },
		func(i int, rec *httptest.ResponseRecorder) {
			if i%97 == 0 && strings.Contains(rec.Body.String(), ".example.net") {
				named++
			}
		})
	if named > 0 {
		t.Errorf("%d of the responses checked name the request's made-up host", named)
	}
}

// TestJunkPageParamsShareOneEntry: 5,000 spellings of page 1 of a
// category (?trang=01, ?trang=001, … with parameters no page reads) are
// one page of the cache.
func TestJunkPageParamsShareOneEntry(t *testing.T) {
	app := startApp(t, config.Config{})
	const list = "/chuyen-muc/tin-tuc-su-kien"
	host := strings.TrimPrefix(app.URL, "http://")
	floodCheck(t, app, "?trang= variants", 5000, []string{list},
		func(i int) (string, string) {
			p := list + "?trang=" + strings.Repeat("0", i%4000+1) + "1"
			if i%2 == 1 {
				p += "&utm_source=zalo-" + strconv.Itoa(i)
			}
			if i%3 == 2 {
				p = list + "?x=" + strconv.Itoa(i) + "&trang=%2B" + strings.Repeat("0", i%100) + "1"
			}
			return host, p
		}, nil)
	// The canonical link of any spelling is the list's own address.
	rec := serveDirect(t, app, host, list+"?trang=0001&utm_source=x")
	if want := `<link rel="canonical" href="` + app.URL + list + `">`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("?trang=0001: page lacks %s", want)
	}
}

// TestAbsoluteLinksIgnoreHostHeader: a request naming another host gets
// the same absolute addresses as any other: canonical, og:url, JSON-LD,
// the feeds, the sitemap, robots.txt, the saved article and the API come
// from the site's canonical origin.
func TestAbsoluteLinksIgnoreHostHeader(t *testing.T) {
	app := startApp(t, config.Config{})
	const evil = "tin-gia.example.org"
	for _, p := range []string{"/", seedURL, seedURL + "/tai-ve", "/chuyen-muc/tin-tuc-su-kien", "/rss", "/chuyen-muc/tin-tuc-su-kien/rss",
		"/sitemap.xml", "/robots.txt", "/tim-kiem?q=bao+tro", "/api/v1/sites", "/api/v1/articles", "/api/v1/pages", "/api/v1/categories",
		"/api/v1/search?q=bao+tro", "/api/v1/documents"} {
		rec := serveDirect(t, app, evil, p)
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", p, rec.Code)
			continue
		}
		if strings.Contains(body, evil) {
			t.Errorf("GET %s with Host %s: the response names that host", p, evil)
		}
		if !strings.Contains(body, app.URL+"/") {
			t.Errorf("GET %s: no absolute address under %s", p, app.URL)
		}
	}
}

// TestDraftWorkDoesNotEmptyPageCache: writing a draft, saving and
// submitting it, and saving a correction of a published article (the
// newsroom's pending revision) leave every cached public page cached;
// publishing renders again the pages that list articles and no other.
func TestDraftWorkDoesNotEmptyPageCache(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := app.db.FindArticleBySlug(ctx, site.ID, strings.TrimPrefix(seedURL, "/tin-tuc/"))
	if err != nil {
		t.Fatal(err)
	}
	actor := func(role user.Role, email string) newsroom.Actor {
		u, err := app.users.CreateUser(ctx, email, "Người "+string(role), "Mat-khau-du-dai-2025", role, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		return newsroom.Actor{UserID: u.ID, Name: u.Name, Memberships: []user.Membership{{UserID: u.ID, SiteID: site.ID, Role: role}}}
	}
	reporter, editor, approver := actor(user.RoleReporter, "pv@giavien.gov.vn"), actor(user.RoleEditor, "bt@giavien.gov.vn"), actor(user.RoleApprover, "duyet@giavien.gov.vn")

	host := strings.TrimPrefix(app.URL, "http://")
	articlePages := []string{"/", seedURL, "/chuyen-muc/tin-tuc-su-kien", "/rss", "/sitemap.xml"}
	otherPages := []string{"/trang/gioi-thieu", "/gioi-thieu", "/so-do-cong", "/robots.txt", "/van-ban", "/lich-cong-tac"}
	fetchAll := func() web.CacheStats {
		t.Helper()
		for _, p := range append(append([]string{}, articlePages...), otherPages...) {
			if rec := serveDirect(t, app, host, p); rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", p, rec.Code)
			}
		}
		return app.web.CacheStats()
	}
	warm := fetchAll()
	if again := fetchAll(); again.Renders != warm.Renders {
		t.Fatalf("the pages did not stay cached: %d renders, then %d", warm.Renders, again.Renders)
	}

	const title = "Bản tin nháp chưa được đăng"
	d, err := app.newsroom.Create(ctx, reporter, site.ID, newsroom.Draft{CategoryID: seed.CategoryID, Title: title, Body: "<p>Nội dung nháp.</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.newsroom.Save(ctx, reporter, site.ID, d.ID, newsroom.Draft{CategoryID: seed.CategoryID, Title: title, Body: "<p>Nội dung nháp, sửa lần hai.</p>"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := app.newsroom.Submit(ctx, reporter, site.ID, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := app.newsroom.Save(ctx, editor, site.ID, seed.ID, newsroom.Draft{CategoryID: seed.CategoryID, Title: seed.Title + " (bản sửa)",
		Summary: seed.Summary, Body: seed.Body, Author: seed.Author, Unit: seed.Unit}, "Sửa tiêu đề"); err != nil {
		t.Fatal(err)
	}
	if after := fetchAll(); after.Renders != warm.Renders {
		t.Errorf("draft work made %d public pages render again, want none", after.Renders-warm.Renders)
	}
	if rec := serveDirect(t, app, host, seedURL); strings.Contains(rec.Body.String(), "(bản sửa)") {
		t.Error("the pending correction shows on the public page")
	}

	// Publishing: the pages that list or show articles render again, the
	// others stay cached.
	if _, err := app.newsroom.PassToApproval(ctx, editor, site.ID, d.ID); err != nil {
		t.Fatal(err)
	}
	before := app.web.CacheStats()
	if _, err := app.newsroom.Publish(ctx, approver, site.ID, d.ID); err != nil {
		t.Fatal(err)
	}
	after := fetchAll()
	if got := after.Renders - before.Renders; got != int64(len(articlePages)) {
		t.Errorf("publishing an article rendered %d pages again, want the %d that show articles %v", got, len(articlePages), articlePages)
	}
	if rec := serveDirect(t, app, host, "/"); !strings.Contains(rec.Body.String(), title) {
		t.Error("the home page does not show the article just published")
	}
	// A change of the layout (a category renamed) renders everything.
	cat, err := app.db.FindCategoryByID(ctx, site.ID, seed.CategoryID)
	if err != nil {
		t.Fatal(err)
	}
	cat.Name += " (mới)"
	if err := app.svc.SaveCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	before = app.web.CacheStats()
	if got := fetchAll().Renders - before.Renders; got != int64(len(articlePages)+len(otherPages)) {
		t.Errorf("renaming a category rendered %d pages again, want all %d", got, len(articlePages)+len(otherPages))
	}
}

// TestMemoryLimitFollowsCacheBudget: serve sets a soft memory limit sized
// from --cache-mb, unless GOMEMLIMIT is set.
func TestMemoryLimitFollowsCacheBudget(t *testing.T) {
	prevGC, prevLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(prevGC); debug.SetMemoryLimit(prevLimit) })
	cfg, _, err := parse("serve", []string{"--cache-mb", "64"}, io.Discard, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	gc, limit := setMemoryLimits(cfg, getenv)
	if want := int64(2 * (64 + 64) << 20); gc != gcPercent || limit != want {
		t.Errorf("--cache-mb 64: GOGC %d, memory limit %d; want %d and %d (256 MiB)", gc, limit, gcPercent, want)
	}
	if def := config.Defaults.CacheMB; memoryLimit(def<<20) != 384<<20 {
		t.Errorf("default cache of %d MiB: limit %d MiB, want 384", def, memoryLimit(def<<20)>>20)
	}
	debug.SetMemoryLimit(1 << 40)
	debug.SetGCPercent(50)
	env["GOMEMLIMIT"], env["GOGC"] = "1GiB", "50"
	if gc, limit := setMemoryLimits(cfg, getenv); gc != 50 || limit != 1<<40 {
		t.Errorf("with GOGC and GOMEMLIMIT set: GOGC %d, limit %d; the environment must win", gc, limit)
	}
	if _, _, err := parse("serve", []string{"--cache-mb", "0"}, io.Discard, true, nil); err == nil || !strings.Contains(err.Error(), "--cache-mb") {
		t.Errorf("--cache-mb 0: %v, want an error naming the flag", err)
	}
	t.Setenv("TRANGTIN_CACHE_MB", "96")
	if cfg, _, err := parse("serve", nil, io.Discard, true, nil); err != nil || cfg.CacheBytes() != 96<<20 {
		t.Errorf("TRANGTIN_CACHE_MB=96: %d bytes, %v", cfg.CacheBytes(), err)
	}
	t.Setenv("TRANGTIN_CACHE_MB", "nhiều")
	if _, _, err := parse("serve", nil, io.Discard, true, nil); err == nil || !strings.Contains(err.Error(), "--cache-mb") {
		t.Errorf("TRANGTIN_CACHE_MB=nhiều: %v, want an error naming the option", err)
	}
}

// TestSiteURLIsCanonicalOrigin: with --site-url, a site without a host of
// its own (the demo) links to that origin whatever the request's host and
// scheme.
func TestSiteURLIsCanonicalOrigin(t *testing.T) {
	cfg, _, err := parse("serve", []string{"--site-url", "https://GiaVien.gov.vn/", "--data", t.TempDir()}, io.Discard, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	app := startApp(t, cfg)
	for p, want := range map[string]string{
		"/":             `<link rel="canonical" href="https://giavien.gov.vn/">`,
		seedURL:         `"og:url" content="https://giavien.gov.vn` + seedURL + `"`,
		"/rss":          "<link>https://giavien.gov.vn" + seedURL + "</link>",
		"/robots.txt":   "Sitemap: https://giavien.gov.vn/sitemap.xml",
		"/api/v1/sites": `"url":"https://giavien.gov.vn/"`,
	} {
		rec := serveDirect(t, app, "127.0.0.1:9", p)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d, want %s in\n%.600s", p, rec.Code, want, rec.Body.String())
		}
	}
}
