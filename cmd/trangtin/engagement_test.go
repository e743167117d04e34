package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/document"
	"trangtin/internal/rating"
	"trangtin/internal/schedule"
	"trangtin/internal/testenv"
	"trangtin/internal/visits"
)

const browserUA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

// browserClient keeps cookies, like one browser, and does not follow
// redirects.
type browserClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browserClient {
	jar, _ := cookiejar.New(nil)
	return &browserClient{t: t, base: base, c: &http.Client{Jar: jar, Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browserClient) do(method, path string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	req.Header.Set("User-Agent", browserUA)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data := testenv.Must(io.ReadAll(res.Body)).Get(b.t)
	return res, string(data)
}

func seedArticle(t *testing.T, app *testApp) content.Article {
	t.Helper()
	site, err := app.db.FindSiteByKey(context.Background(), demo.SiteKey)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.db.FindArticleBySlug(context.Background(), site.ID, strings.TrimPrefix(seedArticlePath, "/tin-tuc/"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestScheduleWeekPage serves the demo schedule: this week's published
// entries by day, the neighbouring weeks, canonical week addresses, drafts
// and withdrawn entries never shown, and a change visible at once.
func TestScheduleWeekPage(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		app := startApp(t, cfg)
		ctx := context.Background()
		site := testenv.Must(app.db.FindSiteByKey(ctx, demo.SiteKey)).Get(t)
		this := schedule.WeekOf(time.Now())
		res, body := get(t, app.URL+"/lich-cong-tac")
		if res.StatusCode != 200 {
			t.Fatalf("/lich-cong-tac: %d", res.StatusCode)
		}
		for _, want := range []string{"Tiếp công dân định kỳ", this.Label(), "tuần này", this.Monday().Display(), this.Sunday().Display(),
			`href="/lich-cong-tac?tuan=` + this.Prev().String() + `"`, `href="/lich-cong-tac?tuan=` + this.Next().String() + `"`, "data-print", "Lượt truy cập"} {
			if !strings.Contains(body, want) {
				t.Errorf("week page lacks %q", want)
			}
		}
		if _, body := get(t, app.URL+"/lich-cong-tac?tuan="+this.Prev().String()); !strings.Contains(body, "Chưa có lịch công tác") {
			t.Errorf("last week should be empty")
		}
		if res, _ := get(t, app.URL+"/lich-cong-tac?tuan=2026-W54"); res.StatusCode != 400 {
			t.Errorf("week 54: %d, want 400", res.StatusCode)
		}
		if res, _ := get(t, app.URL+"/lich-cong-tac?ngay=30/11/2026"); res.StatusCode != 302 || res.Header.Get("Location") != "/lich-cong-tac?tuan=2026-W49" {
			t.Errorf("by date: %d → %q", res.StatusCode, res.Header.Get("Location"))
		}
		// A date that cannot be read: this week's page, the date kept in
		// the field with the reason, not an error page.
		if res, body := get(t, app.URL+"/lich-cong-tac?ngay=31%2F02%2F2026"); res.StatusCode != 400 ||
			!strings.Contains(body, `value="31/02/2026"`) || !strings.Contains(body, `id="lich-ngay-loi"`) ||
			!strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, this.Label()) {
			t.Errorf("bad date: %d, page keeps the date and says why: %v", res.StatusCode, strings.Contains(body, `value="31/02/2026"`))
		}
		if res, _ := get(t, app.URL+"/lich-cong-tac?tuan=2026-w49&x=1"); res.StatusCode != 301 || res.Header.Get("Location") != "/lich-cong-tac?tuan=2026-W49" {
			t.Errorf("non-canonical week: %d → %q", res.StatusCode, res.Header.Get("Location"))
		}
		// A draft and a withdrawn entry stay off the page; a new published
		// one shows at once (the site version moves, the cache follows).
		sched := schedule.NewService(app.db)
		for _, st := range []schedule.Status{schedule.Draft, schedule.Published} {
			e := schedule.Entry{SiteID: site.ID, Day: this.Monday().AddDays(2), Session: schedule.Afternoon, Leader: "Lê Văn Nháp",
				Content: "Nội dung " + string(st), Status: st}
			if p, err := sched.Save(ctx, &e, nil); err != nil {
				t.Fatal(err, p)
			}
			if st == schedule.Published {
				e.Status = schedule.Withdrawn
				e.Content = "Nội dung đã gỡ"
				if _, err := sched.Save(ctx, &e, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		app.sites.Refresh(ctx)
		_, body = get(t, app.URL+"/lich-cong-tac")
		if strings.Contains(body, "Nội dung draft") || strings.Contains(body, "Nội dung đã gỡ") || strings.Contains(body, "Lê Văn Nháp") {
			t.Error("a draft or withdrawn entry is public")
		}
		e := schedule.Entry{SiteID: site.ID, Day: this.Sunday(), Session: schedule.Morning, Time: "07:00", Leader: "Trần Thị Mới",
			Content: "Kiểm tra đê điều", Status: schedule.Published}
		sched.Save(ctx, &e, nil)
		app.sites.Refresh(ctx)
		if _, body := get(t, app.URL+"/lich-cong-tac"); !strings.Contains(body, "Kiểm tra đê điều") {
			t.Error("a new entry is not on the cached week page")
		}

		// The API gives the same week.
		res, body = get(t, app.URL+"/api/v1/schedule?week="+this.String())
		var api struct {
			Week  string `json:"week"`
			From  string `json:"from"`
			Items []struct {
				Content, Date, Session, Time string
			} `json:"items"`
			Total int `json:"total"`
		}
		if err := json.Unmarshal([]byte(body), &api); err != nil || res.StatusCode != 200 {
			t.Fatalf("API: %d %v\n%s", res.StatusCode, err, body)
		}
		if api.Week != this.String() || api.From != this.Monday().String() || api.Total != len(api.Items) || api.Total != 10 {
			t.Errorf("API week %s from %s total %d items %d", api.Week, api.From, api.Total, len(api.Items))
		}
		if last := api.Items[len(api.Items)-1]; last.Content != "Kiểm tra đê điều" || last.Date != this.Sunday().String() || last.Time != "07:00" {
			t.Errorf("API last item %+v", last)
		}
		if res, _ := get(t, app.URL+"/api/v1/schedule?week=x"); res.StatusCode != 400 {
			t.Errorf("API bad week: %d", res.StatusCode)
		}
	})
}

// TestRatingOncePerBrowser rates the reference article as two browsers:
// each is counted once however often it posts, nothing but counts is
// stored, and the cached article page stays the same for everyone.
func TestRatingOncePerBrowser(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		// Behind a proxy, so that the second browser can come from another
		// address: one address counts an item once (TestRatingOncePerAddress).
		app := startApp(t, serveConfig(t, cfg, "--trusted-proxies", "127.0.0.1"))
		ctx := context.Background()
		a := seedArticle(t, app)
		id := itoa(a.ID)

		one := newBrowser(t, app.URL)
		_, page := one.do("GET", seedArticlePath, nil)
		for _, want := range []string{`action="/danh-gia"`, `name="loai" value="article"`, `name="ma" value="` + id + `"`, `data-rating-key="a` + id + `"`, "Rất hài lòng"} {
			if !strings.Contains(page, want) {
				t.Errorf("article lacks the rating widget's %q", want)
			}
		}
		pageRes, _ := one.do("GET", seedArticlePath, nil)
		etag := pageRes.Header.Get("Etag")

		res, _ := one.do("POST", "/danh-gia", url.Values{"loai": {"article"}, "ma": {id}, "diem": {"5"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/danh-gia/cam-on?loai=article&ma="+id {
			t.Fatalf("first rating: %d → %q", res.StatusCode, res.Header.Get("Location"))
		}
		var cookie *http.Cookie
		for _, c := range res.Cookies() {
			if c.Name == rating.CookieName {
				cookie = c
			}
		}
		if cookie == nil || cookie.Value != "a"+id || cookie.HttpOnly {
			t.Fatalf("rated-items cookie %+v", cookie)
		}
		_, thanks := one.do("GET", res.Header.Get("Location"), nil)
		if !strings.Contains(thanks, "Cảm ơn bạn đã đánh giá") || !strings.Contains(thanks, `href="`+seedArticlePath+`"`) {
			t.Errorf("thank-you page:\n%s", thanks)
		}
		res, _ = one.do("POST", "/danh-gia", url.Values{"loai": {"article"}, "ma": {id}, "diem": {"1"}})
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "da=1") {
			t.Errorf("second rating from the same browser: %d → %q", res.StatusCode, res.Header.Get("Location"))
		}
		_, body := one.do("POST", "/danh-gia", url.Values{"loai": {"article"}, "ma": {id}, "diem": {"2"}}, "Accept", "application/json")
		if !strings.Contains(body, `"counted":false`) {
			t.Errorf("script's third try: %s", body)
		}
		two := newBrowser(t, app.URL)
		_, body = two.do("POST", "/danh-gia", url.Values{"loai": {"article"}, "ma": {id}, "diem": {"4"}}, "Accept", "application/json", "X-Forwarded-For", "198.51.100.2")
		if !strings.Contains(body, `"counted":true`) {
			t.Errorf("another browser: %s", body)
		}
		tally, err := app.db.FindRating(ctx, a.SiteID, rating.Article, a.ID)
		if err != nil || tally.Counts != [5]int64{0, 0, 0, 1, 1} {
			t.Errorf("stored counts %v, %v; want one 4 and one 5", tally.Counts, err)
		}

		// Bad input is refused with a message, and counts nothing.
		for _, tc := range []struct {
			form   url.Values
			status int
		}{
			{url.Values{"loai": {"article"}, "ma": {id}, "diem": {"6"}}, 400},
			{url.Values{"loai": {"article"}, "ma": {id}}, 400},
			{url.Values{"loai": {"user"}, "ma": {id}, "diem": {"5"}}, 400},
			{url.Values{"loai": {"article"}, "ma": {"x"}, "diem": {"5"}}, 400},
			{url.Values{"loai": {"article"}, "ma": {"999999"}, "diem": {"5"}}, 404},
			{url.Values{"loai": {"document"}, "ma": {"999999"}, "diem": {"5"}}, 404},
		} {
			res, body := newBrowser(t, app.URL).do("POST", "/danh-gia", tc.form)
			if res.StatusCode != tc.status || !strings.Contains(body, "<html") {
				t.Errorf("%v: %d, want %d with the error page", tc.form, res.StatusCode, tc.status)
			}
		}
		if tally2 := testenv.Must(app.db.FindRating(ctx, a.SiteID, rating.Article, a.ID)).Get(t); tally2.Counts != tally.Counts {
			t.Errorf("a refused rating changed the counts: %v", tally2.Counts)
		}
		// A published document of the register is rated the same way.
		docs, err := app.db.FindDocuments(ctx, document.Filter{SiteID: a.SiteID, Status: document.StatusPublished, Limit: 1})
		if err != nil || len(docs) == 0 {
			t.Fatalf("no published demo document: %v", err)
		}
		did := itoa(docs[0].ID)
		if _, page := one.do("GET", docs[0].Path(), nil); !strings.Contains(page, `name="loai" value="document"`) || !strings.Contains(page, `data-rating-key="d`+did+`"`) {
			t.Errorf("document page lacks the rating widget")
		}
		if res, _ := one.do("POST", "/danh-gia", url.Values{"loai": {"document"}, "ma": {did}, "diem": {"3"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("rating a document: %d", res.StatusCode)
		}
		if dt, err := app.db.FindRating(ctx, a.SiteID, rating.Document, docs[0].ID); err != nil || dt.Counts != [5]int64{0, 0, 1, 0, 0} {
			t.Errorf("document counts %v, %v; want one 3", dt.Counts, err)
		}
		// Rating does not touch the page cache: the same page, same ETag,
		// with or without the cookie.
		after, _ := one.do("GET", seedArticlePath, nil)
		fresh, _ := newBrowser(t, app.URL).do("GET", seedArticlePath, nil)
		if after.Header.Get("Etag") != etag || fresh.Header.Get("Etag") != etag {
			t.Errorf("ETag moved after rating: %q, %q, was %q", after.Header.Get("Etag"), fresh.Header.Get("Etag"), etag)
		}
		// The API reports the totals.
		_, body = get(t, app.URL+"/api/v1/ratings?kind=article&id="+id)
		var r struct {
			Count   int64    `json:"count"`
			Average float64  `json:"average"`
			Counts  [5]int64 `json:"counts"`
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil || r.Count != 2 || r.Average != 4.5 || r.Counts != [5]int64{0, 0, 0, 1, 1} {
			t.Errorf("API rating %+v %v\n%s", r, err, body)
		}
		_, body = get(t, app.URL+"/api/v1/ratings?kind=article")
		if !strings.Contains(body, `"total":1`) || !strings.Contains(body, `"per_page":20`) {
			t.Errorf("API list %s", body)
		}
		if res, _ := get(t, app.URL+"/api/v1/ratings?id=1"); res.StatusCode != 400 {
			t.Errorf("API id without kind: %d", res.StatusCode)
		}
	})
}

// TestVisitCounter counts page views of browsers (not robots) on the real
// server, and two counters on one store (two nodes) add up.
func TestVisitCounter(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		app := startApp(t, cfg)
		ctx := context.Background()
		site := testenv.Must(app.db.FindSiteByKey(ctx, demo.SiteKey)).Get(t)
		b := newBrowser(t, app.URL)
		for _, p := range []string{"/", seedArticlePath, "/lich-cong-tac", "/static/site.css", "/api/v1/schedule"} {
			b.do("GET", p, nil)
		}
		get(t, app.URL+"/") // Go-http-client: a robot, not counted
		if err := app.visits.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		_, body := get(t, app.URL+"/luot-truy-cap")
		var f map[string]string
		if err := json.Unmarshal([]byte(body), &f); err != nil || f["today"] != "1" || f["total"] != "1" || f["online"] != "1" || f["month"] != "1" {
			t.Errorf("after one browser's visit: %v %v", f, err)
		}
		// Two more nodes on the same database.
		n1 := visits.New(app.db, visits.Options{Node: "n1"})
		n2 := visits.New(app.db, visits.Options{Node: "n2"})
		for i := range 50 {
			n1.Hit(site.ID, "192.0.2."+itoa(int64(i)), browserUA)
			n2.Hit(site.ID, "198.51.100."+itoa(int64(i)), browserUA)
			n2.Hit(site.ID, "198.51.100."+itoa(int64(i)), browserUA) // same visit
		}
		if err := n1.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := n2.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		app.visits.Flush(ctx)
		got, err := app.visits.Figures(ctx, site.ID)
		if err != nil || got.Total != 101 || got.Today != 101 || got.Online != 101 {
			t.Errorf("three nodes: %+v, %v; want 101", got, err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
