package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
)

// addCommune creates the commune site gia-hung with a primary host and an
// alias through the site rules, as `trangtin site add` does, and makes the
// running app see it.
func addCommune(t *testing.T, app *testApp) *content.Site {
	t.Helper()
	ctx := context.Background()
	s := &content.Site{Key: "gia-hung", Name: "Trang thông tin điện tử xã Gia Hưng", Kind: content.KindCommune, Host: "giahung.ninhbinh.gov.vn"}
	if err := content.NewSites(app.db).Add(ctx, []content.NewSite{{Site: s, Aliases: []string{"giahung.gov.vn"}}}, audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAliasRedirectsToPrimaryHost: an alias answers 301 to the same path
// and query on the primary host (the request's port kept), for public
// pages, the API and the editors' area alike; an alias added later is
// picked up by the running server.
func TestAliasRedirectsToPrimaryHost(t *testing.T) {
	app := startApp(t, config.Config{})
	site := addCommune(t, app)
	for _, c := range []struct{ host, target, want string }{
		{"giahung.gov.vn", "/chuyen-muc/tin-tuc-su-kien?trang=2&utm_source=zalo", "http://giahung.ninhbinh.gov.vn/chuyen-muc/tin-tuc-su-kien?trang=2&utm_source=zalo"},
		{"GiaHung.gov.vn.:8080", "/tim-kiem?q=b%E1%BA%A3o+tr%E1%BB%A3", "http://giahung.ninhbinh.gov.vn:8080/tim-kiem?q=b%E1%BA%A3o+tr%E1%BB%A3"},
		{"giahung.gov.vn", "/api/v1/articles?limit=5", "http://giahung.ninhbinh.gov.vn/api/v1/articles?limit=5"},
		{"giahung.gov.vn", "/quan-tri/dang-nhap", "http://giahung.ninhbinh.gov.vn/quan-tri/dang-nhap"},
	} {
		rec := serveDirect(t, app, c.host, c.target)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != c.want {
			t.Errorf("GET %s on %s: %d to %q, want 301 to %q", c.target, c.host, rec.Code, rec.Header().Get("Location"), c.want)
		}
	}
	if rec := serveDirect(t, app, site.Host, "/"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), site.Name) {
		t.Errorf("primary host: %d, want the commune's home page", rec.Code)
	}
	// The demo has no primary host: an alias could lead nowhere.
	if _, err := content.NewSites(app.db).AddHost(context.Background(), "giavien", "giavien.vn", audit.Entry{Actor: "test"}); err == nil || !strings.Contains(err.Error(), "chưa có tên miền chính") {
		t.Errorf("an alias for a site without a primary host: %v", err)
	}
	// An alias added while serving.
	if _, err := content.NewSites(app.db).AddHost(context.Background(), "gia-hung", "xagiahung.vn", audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rec := serveDirect(t, app, "xagiahung.vn", "/trang/gioi-thieu?a=1"); rec.Code != http.StatusMovedPermanently ||
		rec.Header().Get("Location") != "http://giahung.ninhbinh.gov.vn/trang/gioi-thieu?a=1" {
		t.Errorf("new alias: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}

// unsetDefault makes the app's demo site answer only its own host (it has
// none), as an installation where no site is marked default.
func unsetDefault(t *testing.T, app *testApp) {
	t.Helper()
	ctx := context.Background()
	demo := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	demo.IsDefault = false
	if err := app.db.UpdateSite(ctx, &demo, nil); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestUnknownHostWithoutDefault: with no site marked default, a host no
// site owns gets the fixed 404 page on every path (public pages, the
// API, the editors' area), while the sites' own hosts and /healthz still
// answer; 5,000 distinct unknown Host headers leave the page cache and
// the site directory as they were.
func TestUnknownHostWithoutDefault(t *testing.T) {
	app := startApp(t, config.Config{})
	site := addCommune(t, app)
	unsetDefault(t, app)
	if rec := serveDirect(t, app, site.Host, "/"); rec.Code != http.StatusOK {
		t.Fatalf("the commune's host: %d", rec.Code)
	}
	if rec := serveDirect(t, app, "may-la.example.net", "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("/healthz on an unknown host: %d", rec.Code)
	}
	paths := []string{"/", "/rss", seedURL, "/api/v1/articles", "/quan-tri/dang-nhap", "/sitemap.xml", "/khong-co"}
	sites, hosts := app.sites.Size()
	before := app.web.CacheStats()
	const n = 5000
	for i := range n {
		h, p := fmt.Sprintf("may-%d.example.net", i), paths[i%len(paths)]
		rec := serveDirect(t, app, h, p)
		if rec.Code != http.StatusNotFound {
			t.Fatalf("GET %s on %s: %d, want 404", p, h, rec.Code)
		}
		if i%101 == 0 && (!strings.Contains(rec.Body.String(), "Không có trang thông tin điện tử nào ở địa chỉ này") || strings.Contains(rec.Body.String(), h)) {
			t.Errorf("GET %s on %s: %q, want the fixed page", p, h, rec.Body.String())
		}
	}
	after := app.web.CacheStats()
	s2, h2 := app.sites.Size()
	t.Logf("%d unknown hosts: page cache %+v before, %+v after; directory %d sites / %d hosts before, %d / %d after", n, before, after, sites, hosts, s2, h2)
	if after.Entries != before.Entries || after.Bytes != before.Bytes || after.Renders != before.Renders {
		t.Errorf("the page cache went from %+v to %+v", before, after)
	}
	if s2 != sites || h2 != hosts {
		t.Errorf("the site directory went from %d sites / %d hosts to %d / %d", sites, hosts, s2, h2)
	}
}

// TestUnknownHostWithDefault: the site marked default answers every host
// no site owns, under its own canonical host, and 5,000 distinct Host
// headers leave the page cache and the site directory as they were.
func TestUnknownHostWithDefault(t *testing.T) {
	app := startApp(t, config.Config{})
	site := addCommune(t, app)
	if err := content.NewSites(app.db).SetDefault(context.Background(), "gia-hung", audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	sites, hosts := app.sites.Size()
	floodCheck(t, app, "distinct unknown hosts, a default site", 5000, nil,
		func(i int) (string, string) { return fmt.Sprintf("may-%d.example.net", i), "/" },
		func(i int, rec *httptest.ResponseRecorder) {
			if i%97 == 0 && (!strings.Contains(rec.Body.String(), site.Name) ||
				!strings.Contains(rec.Body.String(), `<link rel="canonical" href="http://giahung.ninhbinh.gov.vn/">`)) {
				t.Errorf("request %d: not the default site under its own host", i)
			}
		})
	if s2, h2 := app.sites.Size(); s2 != sites || h2 != hosts {
		t.Errorf("the site directory went from %d sites / %d hosts to %d / %d", sites, hosts, s2, h2)
	}
}
