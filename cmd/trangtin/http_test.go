package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/testenv"
)

func TestSecurityHeaders(t *testing.T) {
	app := startApp(t, config.Config{})
	for _, path := range []string{"/", seedURL, "/khong-co", "/healthz"} {
		res, _ := get(t, app.URL+path)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
			}
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", path)
		}
	}
}

func TestConditionalAndCompressed(t *testing.T) {
	app := startApp(t, config.Config{})
	res, plain := get(t, app.URL+seedURL)
	etag := res.Header.Get("ETag")
	if res.StatusCode != 200 || etag == "" || res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("first GET: %d, ETag %q, encoding %q", res.StatusCode, etag, res.Header.Get("Content-Encoding"))
	}
	res, body := get(t, app.URL+seedURL, "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match with the current ETag: %d with %d bytes, want 304 and none", res.StatusCode, len(body))
	}
	res, _ = get(t, app.URL+seedURL, "If-None-Match", `"stale"`)
	if res.StatusCode != 200 {
		t.Errorf("If-None-Match with another ETag: %d, want 200", res.StatusCode)
	}
	res, zipped := get(t, app.URL+seedURL, "Accept-Encoding", "gzip, deflate")
	if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("ETag") == etag {
		t.Fatalf("gzip: encoding %q, ETag %q (identity ETag %q)", res.Header.Get("Content-Encoding"), res.Header.Get("ETag"), etag)
	}
	zr, err := gzip.NewReader(strings.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	unzipped := testenv.Must(io.ReadAll(zr)).Get(t)
	if string(unzipped) != plain {
		t.Error("gzip body does not decompress to the identity body")
	}
	if len(zipped) >= len(plain)/2 {
		t.Errorf("gzip body %d bytes for %d plain: compression not applied", len(zipped), len(plain))
	}
	res, _ = get(t, app.URL+seedURL, "Accept-Encoding", "gzip;q=0")
	if res.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}
}

func TestEditInvalidatesCache(t *testing.T) { eachStore(t, testEditInvalidatesCache) }

func testEditInvalidatesCache(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	_, before := get(t, app.URL+seedURL)
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	a, err := app.db.FindArticleBySlug(ctx, site.ID, strings.TrimPrefix(seedURL, "/tin-tuc/"))
	if err != nil {
		t.Fatal(err)
	}
	a.Body = "<p>Nội dung đã sửa.</p><script>alert(1)</script>"
	if err := app.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	_, after := get(t, app.URL+seedURL)
	if after == before || !strings.Contains(after, "Nội dung đã sửa.") {
		t.Fatal("the article page is stale right after an edit")
	}
	if strings.Contains(after, "alert(1)") {
		t.Error("a script in the body survived sanitising")
	}
	// The home page lists it too, and is refreshed as well.
	a.Title = "Tiêu đề mới của bài"
	if err := app.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if _, home := get(t, app.URL+"/"); !strings.Contains(home, a.Title) {
		t.Error("home page stale after a title change")
	}
	a.Status = content.StatusWithdrawn
	if err := app.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, app.URL+seedURL)
	if res.StatusCode != http.StatusGone || !strings.Contains(body, "gỡ bỏ") {
		t.Errorf("withdrawn article: %d, want 410 with a Vietnamese notice", res.StatusCode)
	}
}

func TestNotFoundAndBadInput(t *testing.T) {
	app := startApp(t, config.Config{})
	for _, path := range []string{
		"/tin-tuc/khong-co-bai-nay", "/chuyen-muc/khong-co", "/trang/khong-co", "/khong-co/gi-ca",
		"/chuyen-muc/tin-tuc-su-kien?trang=abc", "/chuyen-muc/tin-tuc-su-kien?trang=-1",
		"/chuyen-muc/tin-tuc-su-kien?trang=99999999999999999999", "/chuyen-muc/tin-tuc-su-kien?trang=500",
		"/tin-tuc/%F0%9F%98%80%27%22%3Cscript%3E", "/static/site.00000000.css", "/tin-tuc/khong-co/tai-ve",
	} {
		res, body := get(t, app.URL+path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
			continue
		}
		if !strings.HasPrefix(path, "/static/") && (!strings.Contains(body, "Không tìm thấy") || !strings.Contains(body, `lang="vi"`)) {
			t.Errorf("%s: 404 page is not the Vietnamese page:\n%.300s", path, body)
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: 404 page echoes input or a stack trace", path)
		}
	}
	res, _ := get(t, app.URL+"/chuyen-muc/tin-tuc-su-kien?trang=1&x=<script>")
	if res.StatusCode != 200 {
		t.Errorf("junk query parameter: %d, want 200", res.StatusCode)
	}
}

func TestStaticAssets(t *testing.T) {
	app := startApp(t, config.Config{})
	_, home := get(t, app.URL+"/")
	css := regexp.MustCompile(`/static/site\.[0-9a-f]{10}\.css`).FindString(home)
	if css == "" {
		t.Fatal("home page links no hashed stylesheet")
	}
	res, body := get(t, app.URL+css, "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "max-age=31536000") || res.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("%s: %d, Cache-Control %q, encoding %q", css, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Encoding"))
	}
	if len(body) == 0 {
		t.Error("empty stylesheet")
	}
	res, _ = get(t, app.URL+css, "If-None-Match", res.Header.Get("ETag"))
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("asset revalidation: %d, want 304", res.StatusCode)
	}
}

func TestDisplayPreferences(t *testing.T) {
	app := startApp(t, config.Config{})
	res, _ := get(t, app.URL+"/hien-thi?co-chu=lon&ve="+seedURL)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != seedURL {
		t.Fatalf("set size: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	cookie := res.Header.Get("Set-Cookie")
	if !strings.Contains(cookie, "hien-thi=lon") || !strings.Contains(cookie, "HttpOnly") {
		t.Fatalf("cookie %q", cookie)
	}
	_, page := get(t, app.URL+seedURL, "Cookie", "hien-thi=lon.cao")
	if !strings.Contains(page, `class="co-chu-lon tuong-phan-cao"`) {
		t.Error("page ignores the display cookie")
	}
	_, plain := get(t, app.URL+seedURL)
	if strings.Contains(plain, "co-chu-lon") {
		t.Error("a visitor without the cookie got another visitor's cached variant")
	}
	for _, evil := range []string{"//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"} {
		res, _ := get(t, app.URL+"/hien-thi?tuong-phan=cao&ve="+evil)
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("ve=%s redirected to %q, want /", evil, loc)
		}
	}
}

func TestSitePickedByHost(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	other := content.Site{Key: "xa-gia-hoa", Name: "Trang thông tin điện tử xã Gia Hòa", Host: "giahoa.example.vn"}
	if err := app.svc.SaveSite(ctx, &other, nil); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", app.URL+"/", nil)
	req.Host = "GIAHOA.example.vn:8080"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := testenv.Must(io.ReadAll(res.Body)).Get(t)
	res.Body.Close()
	if !bytes.Contains(body, []byte(other.Name)) {
		t.Error("host giahoa.example.vn did not get its own site")
	}
	if _, body := get(t, app.URL+"/"); !strings.Contains(body, demo.Site.Name) {
		t.Error("an unknown host did not get the default site")
	}
	// Articles are per site: the commune does not serve the district's article.
	req, _ = http.NewRequest("GET", app.URL+seedURL, nil)
	req.Host = "giahoa.example.vn"
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("another site's article: %d, want 404", res.StatusCode)
	}
}

func TestStateChangesAndLimits(t *testing.T) {
	app := startApp(t, config.Config{})
	req, _ := http.NewRequest("POST", app.URL+"/", strings.NewReader("x=1"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
	req, _ = http.NewRequest("POST", app.URL+"/", bytes.NewReader(make([]byte, 2<<20)))
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB body: %d, want 413", res.StatusCode)
	}
	if res, body := get(t, app.URL+"/healthz"); res.StatusCode != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("healthz: %d %q", res.StatusCode, body)
	}
}

func TestCategoryPagination(t *testing.T) {
	dir := config.Config{DataDir: t.TempDir()}
	app := startApp(t, dir)
	if _, _, rejected, stderr, err := runImport(t, dir, testenv.Path(t, "corpus/articles.jsonl")); err != nil || rejected != 0 {
		t.Fatalf("import: %v %s", err, stderr)
	}
	app.sites.Refresh(context.Background())
	res, page := get(t, app.URL+"/chuyen-muc/tin-tuc-su-kien")
	if res.StatusCode != 200 || !strings.Contains(page, `href="/chuyen-muc/tin-tuc-su-kien?trang=2" rel="next"`) {
		t.Fatalf("page 1: %d, no link to page 2", res.StatusCode)
	}
	n := strings.Count(page, `<h2 class="item-title"><a href="/tin-tuc/`)
	if n != 15 {
		t.Errorf("page 1 lists %d articles, want 15", n)
	}
	res, page2 := get(t, app.URL+"/chuyen-muc/tin-tuc-su-kien?trang=2")
	if res.StatusCode != 200 || !strings.Contains(page2, `rel="prev"`) || page2 == page {
		t.Errorf("page 2: %d", res.StatusCode)
	}
}
