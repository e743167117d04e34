package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/document"
	"trangtin/internal/guard"
	"trangtin/internal/rating"
)

// TestRatingOncePerAddress: 200 ratings of one article from one address,
// none keeping the rated-items cookie (a script, or a browser in private
// mode each time), count once; the same address may still rate another
// item, and another address the same one.
func TestRatingOncePerAddress(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		app := startApp(t, serveConfig(t, cfg, "--trusted-proxies", "127.0.0.1"))
		ctx := context.Background()
		a := seedArticle(t, app)
		id := itoa(a.ID)
		form := url.Values{"loai": {"article"}, "ma": {id}, "diem": {"5"}}
		const visitor = "198.51.100.41"
		for i := range 200 {
			if i%2 == 0 { // as site.js sends it
				res, body := send(t, app.URL+"/danh-gia", form, "Accept", "application/json", "X-Forwarded-For", visitor)
				var out struct {
					Counted bool   `json:"counted"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal([]byte(body), &out); err != nil || res.StatusCode != http.StatusOK {
					t.Fatalf("rating %d: %d %v\n%s", i+1, res.StatusCode, err, body)
				}
				if out.Counted != (i == 0) {
					t.Fatalf("rating %d from the same address: counted %v", i+1, out.Counted)
				}
				if i > 0 && !strings.Contains(out.Message, "cùng địa chỉ mạng") {
					t.Fatalf("rating %d: message %q", i+1, out.Message)
				}
				continue
			}
			// As the form sends it without JavaScript.
			res, _ := send(t, app.URL+"/danh-gia", form, "X-Forwarded-For", visitor)
			if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "da=mang") {
				t.Fatalf("rating %d without JavaScript: %d → %q, want the not-counted thanks", i+1, res.StatusCode, loc)
			}
			if i == 1 {
				_, page := send(t, app.URL+res.Header.Get("Location"), nil, "X-Forwarded-For", visitor)
				if !strings.Contains(page, "cùng địa chỉ mạng với bạn, nên lần này không được tính thêm") {
					t.Errorf("the thanks page does not say why the rating was not counted:\n%.2000s", page)
				}
			}
		}
		tally, err := app.db.FindRating(ctx, a.SiteID, rating.Article, a.ID)
		if err != nil || tally.Total() != 1 {
			t.Fatalf("200 ratings from one address stored %d, %v; want 1", tally.Total(), err)
		}
		// Another item from the same address, the same item from another.
		docs := documentIDs(t, app, a.SiteID)
		for _, tc := range []struct {
			form url.Values
			from string
		}{
			{url.Values{"loai": {"document"}, "ma": {docs[0]}, "diem": {"3"}}, visitor},
			{form, "198.51.100.42"},
		} {
			_, body := send(t, app.URL+"/danh-gia", tc.form, "Accept", "application/json", "X-Forwarded-For", tc.from)
			if !strings.Contains(body, `"counted":true`) {
				t.Errorf("%v from %s: %s", tc.form, tc.from, body)
			}
		}
		if tally, err := app.db.FindRating(ctx, a.SiteID, rating.Article, a.ID); err != nil || tally.Total() != 2 {
			t.Errorf("article ratings %d, %v; want 2", tally.Total(), err)
		}
	})
}

// documentIDs returns the ids of the site's published demo documents.
func documentIDs(t *testing.T, app *testApp, siteID int64) []string {
	t.Helper()
	docs, err := app.db.FindDocuments(context.Background(), document.Filter{SiteID: siteID, Status: document.StatusPublished, Limit: 5})
	if err != nil || len(docs) == 0 {
		t.Fatalf("no published demo document: %v", err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, itoa(d.ID))
	}
	return ids
}

// TestSearchAllowancePerAddress: the search page and the API share one
// allowance per address; past it both answer 429 with a Vietnamese
// message and Retry-After, the page keeps what was typed, and neither
// other addresses nor the other pages of the same one are held back.
func TestSearchAllowancePerAddress(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		app := startApp(t, serveConfig(t, cfg, "--trusted-proxies", "127.0.0.1"))
		// The default allowance (30 a minute) comes back one search every
		// 2 seconds; this test stretches the window to a day so that the
		// count cannot move while it runs. The default itself is tested in
		// internal/guard.
		rule := guard.DefaultRules[guard.FormSearch]
		rule.Window = 24 * time.Hour
		app.guard.SetRule(guard.FormSearch, rule)
		from := func(addr string) []string { return []string{"X-Forwarded-For", addr} }
		const visitor = "198.51.100.51"

		for i := range rule.Limit {
			path := "/tim-kiem?q=bao+tro"
			if i%2 == 1 {
				path = "/api/v1/search?q=bao+tro"
			}
			if res, body := send(t, app.URL+path, nil, from(visitor)...); res.StatusCode != http.StatusOK {
				t.Fatalf("search %d (%s): %d\n%.300s", i+1, path, res.StatusCode, body)
			}
		}
		// The form without a query and a query that cannot run spend nothing.
		if res, _ := send(t, app.URL+"/tim-kiem", nil, from(visitor)...); res.StatusCode != http.StatusOK {
			t.Errorf("the empty search form: %d", res.StatusCode)
		}

		typed := "bảo trợ xã hội"
		res, page := send(t, app.URL+"/tim-kiem?loai=bai-viet&q="+url.QueryEscape(typed), nil, from(visitor)...)
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("search %d on the page: %d, want 429", rule.Limit+1, res.StatusCode)
		}
		retry, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if err != nil || retry < 1 || retry > int(rule.Window/time.Duration(rule.Limit)/time.Second)+1 {
			t.Errorf("Retry-After %q", res.Header.Get("Retry-After"))
		}
		for _, want := range []string{"<html", "Bạn đã tìm kiếm quá nhiều lần", `role="alert"`, `value="` + typed + `"`, `<option value="bai-viet" selected>`} {
			if !strings.Contains(page, want) {
				t.Errorf("the 429 page lacks %q", want)
			}
		}
		if res.Header.Get("Cache-Control") != "no-cache" && res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("the 429 page may be cached: %q", res.Header.Get("Cache-Control"))
		}

		res, body := send(t, app.URL+"/api/v1/search?q=bao+tro", nil, from(visitor)...)
		var apiErr struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if err := json.Unmarshal([]byte(body), &apiErr); err != nil || res.StatusCode != http.StatusTooManyRequests ||
			apiErr.Error.Code != "rate_limited" || !strings.Contains(apiErr.Error.Message, "tìm kiếm quá nhiều lần") {
			t.Errorf("API past the allowance: %d %v %s", res.StatusCode, err, body)
		}
		if res.Header.Get("Retry-After") == "" || res.Header.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "Retry-After") {
			t.Errorf("API 429 headers: Retry-After %q, CORS %q, exposed %q", res.Header.Get("Retry-After"),
				res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Access-Control-Expose-Headers"))
		}

		// The rest of the site is not held back, for this visitor or others.
		for _, path := range []string{"/", seedArticlePath, "/api/v1/sites"} {
			if res, _ := send(t, app.URL+path, nil, from(visitor)...); res.StatusCode != http.StatusOK {
				t.Errorf("%s for the visitor out of searches: %d", path, res.StatusCode)
			}
		}
		for _, path := range []string{"/tim-kiem?q=bao+tro", "/api/v1/search?q=bao+tro"} {
			if res, _ := send(t, app.URL+path, nil, from("198.51.100.52")...); res.StatusCode != http.StatusOK {
				t.Errorf("%s from another address: %d", path, res.StatusCode)
			}
		}
	})
}
