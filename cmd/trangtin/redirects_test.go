package main

import (
	"context"
	"net/http"

	"testing"
	"trangtin/internal/config"

	"trangtin/internal/redirect"
	"trangtin/internal/testenv"
)

// TestOldAddressesRedirect: an old address kept in the redirect table
// answers 301 to its new address on the new site's host, on the site's
// primary host and on an alias (one hop, not two); an address the portal
// answers itself is never looked up; a site merged into another serves
// only redirects.
func TestOldAddressesRedirect(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	commune := addCommune(t, app)
	demo := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	put := func(from string, toSite int64, to string) {
		t.Helper()
		key, err := redirect.Key(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.db.PutRedirects(ctx, []redirect.Entry{{SiteID: commune.ID, From: key, ToSiteID: toSite, To: to, Source: "test"}}); err != nil {
			t.Fatal(err)
		}
	}
	put("/?p=12", commune.ID, "/tin-tuc/le-hoi")
	put("/2023/05/12/le-hoi/", commune.ID, "/tin-tuc/le-hoi")
	put("/index.php?language=vi&nv=news&op=tin-tuc/le-hoi-7", commune.ID, "/tin-tuc/le-hoi-7")
	put("/tim-kiem", commune.ID, "/nowhere") // a live route: never looked up
	put("/moved-away", demo.ID, "/tin-tuc/x")

	const primary = "http://giahung.ninhbinh.gov.vn"
	for _, c := range []struct{ host, target, want string }{
		{commune.Host, "/?p=12", primary + "/tin-tuc/le-hoi"},
		{commune.Host, "/index.php?p=12&utm_source=zalo", primary + "/tin-tuc/le-hoi"},
		{commune.Host, "/2023/05/12/le-hoi", primary + "/tin-tuc/le-hoi"},
		{commune.Host + ":8080", "/2023/05/12/le-hoi/", "http://giahung.ninhbinh.gov.vn:8080/tin-tuc/le-hoi"},
		{commune.Host, "/?nv=news&op=tin-tuc%2Fle-hoi-7", primary + "/tin-tuc/le-hoi-7"},
		{"giahung.gov.vn", "/?p=12", primary + "/tin-tuc/le-hoi"}, // an alias: straight to the new address
		{"giahung.gov.vn", "/khong-co", primary + "/khong-co"},    // an alias, no entry: the primary host
		{commune.Host, "/moved-away", "/tin-tuc/x"},               // to the demo, which has no host: relative
	} {
		rec := serveDirect(t, app, c.host, c.target)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != c.want {
			t.Errorf("GET %s on %s: %d to %q, want 301 to %q", c.target, c.host, rec.Code, rec.Header().Get("Location"), c.want)
		}
	}
	for _, target := range []string{"/tim-kiem", "/?p=999", "/?utm_source=zalo"} {
		if rec := serveDirect(t, app, commune.Host, target); rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d, want the portal's own page (200)", target, rec.Code)
		}
	}
	if rec := serveDirect(t, app, commune.Host, "/2099/khong-co"); rec.Code != http.StatusNotFound {
		t.Errorf("an unknown old address: %d, want 404", rec.Code)
	}

	// Merged into the demo: the table first, then the home page of the
	// site it went to, for every address.
	c := testenv.Must(app.db.FindSiteByKey(ctx, "gia-hung")).Get(t)
	c.State, c.MergedIntoID = "merged", demo.ID
	if err := app.db.UpdateSite(ctx, &c, nil); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for target, want := range map[string]string{"/?p=12": primary + "/tin-tuc/le-hoi", "/tim-kiem": primary + "/nowhere", "/trang/gioi-thieu": "/"} {
		if rec := serveDirect(t, app, commune.Host, target); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != want {
			t.Errorf("merged site, GET %s: %d to %q, want 301 to %q", target, rec.Code, rec.Header().Get("Location"), want)
		}
	}
}
