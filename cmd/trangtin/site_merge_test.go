package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/search"
	"trangtin/internal/testenv"
)

// oldAddress is a public address of a dissolved site before the merge.
type oldAddress struct {
	host, path string
	title      string // an article's: its page shows it
}

var locRE = regexp.MustCompile(`<loc>([^<]+)</loc>`)

// oldAddresses lists every public address of the fixture's sources, found
// the way a visitor or a crawler finds them, not from the merge's code:
// each site's sitemap.xml (home, categories, static pages, the human
// sitemap, documents, articles), the feeds of the site and of each
// category, each article's saved copy, and from the database the published
// questions and drafts for consultation, every photo variant and every
// public attachment.
func oldAddresses(t *testing.T, app *testApp, raw *sql.DB) []oldAddress {
	t.Helper()
	ctx := context.Background()
	var out []oldAddress
	for _, s := range mergeSources {
		site := testenv.Must(app.db.FindSiteByKey(ctx, s.key)).Get(t)
		titles := map[string]string{}
		for _, r := range queryStrings(t, raw, fmt.Sprintf(`SELECT slug || '|' || title FROM articles WHERE site_id = %d`, site.ID)) {
			slug, title, _ := strings.Cut(r, "|")
			titles["/tin-tuc/"+slug] = title
		}
		add := func(path string) { out = append(out, oldAddress{host: s.host, path: path, title: titles[path]}) }
		rec := serveDirect(t, app, s.host, "/sitemap.xml")
		if rec.Code != http.StatusOK {
			t.Fatalf("sitemap of %s: %d", s.key, rec.Code)
		}
		add("/rss")
		for _, m := range locRE.FindAllStringSubmatch(rec.Body.String(), -1) {
			u, err := url.Parse(m[1])
			if err != nil || u.Host != s.host {
				t.Fatalf("sitemap of %s lists %q", s.key, m[1])
			}
			add(u.RequestURI())
			switch {
			case strings.HasPrefix(u.Path, "/chuyen-muc/"):
				add(u.Path + "/rss")
			case strings.HasPrefix(u.Path, "/tin-tuc/"):
				add(u.Path + "/tai-ve")
			}
		}
		for _, q := range []string{
			`SELECT '/hoi-dap/' || id FROM questions WHERE status = 'published' AND site_id = %d`,
			`SELECT '/gop-y-du-thao/' || id FROM consultations WHERE status = 'published' AND site_id = %d`,
		} {
			for _, p := range queryStrings(t, raw, fmt.Sprintf(q, site.ID)) {
				add(p)
			}
		}
		items := testenv.Must(app.db.FindMediaList(ctx, site.ID, 0, 0)).Get(t)
		for _, it := range items {
			for _, v := range it.Variants {
				add(media.ImageURL(v.Key))
			}
			if it.Kind == media.KindFile && it.Public {
				add(it.URL())
			}
		}
	}
	return out
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// mergedTables are the tables whose rows move; siteCounts counts each
// table's rows per site.
var mergedTables = []string{"articles", "article_revisions", "categories", "pages", "documents", "questions",
	"consultations", "consultation_comments", "media", "media_uses", "search_docs"}

func siteCounts(t *testing.T, db *sql.DB) map[string]map[int64]int {
	t.Helper()
	out := map[string]map[int64]int{}
	for _, table := range mergedTables {
		out[table] = map[int64]int{}
		for _, r := range queryStrings(t, db, `SELECT site_id || ' ' || count(*) FROM `+table+` GROUP BY site_id`) {
			var id int64
			var n int
			if _, err := fmt.Sscan(r, &id, &n); err != nil {
				t.Fatal(err)
			}
			out[table][id] = n
		}
	}
	return out
}

// TestSiteMerge is the merge proof of issue 11: three district sites of
// 500 articles each, with pages, documents, media, questions and a
// consultation, merged into the province portal by `trangtin site merge`
// beside the running server: every table's rows are all there, now on the
// province; every old public address (all of them) answers 301 to an
// address of the province's host that answers 200 (an article's with the
// same title); a draft's old address leads to the home page, not to the
// draft; search on the province finds every moved article at its new
// address; the audit chain verifies.
func TestSiteMerge(t *testing.T) {
	testenv.Long(t, "three sites of 500 articles merged, every old address checked, on each store")
	eachStore(t, testSiteMerge)
}

func testSiteMerge(t *testing.T, cfg config.Config) {
	ctx := context.Background()
	app := startApp(t, cfg)
	buildMergeFixture(t, app.db, cfg.DataDir)
	must(t, app.sites.Refresh(ctx))
	raw := openRaw(t, cfg)
	old := oldAddresses(t, app, raw)
	if len(old) < len(mergeSources)*2*(mergeArticles-mergeDrafts) {
		t.Fatalf("only %d old addresses", len(old))
	}
	for _, a := range old {
		if rec := serveDirect(t, app, a.host, a.path); rec.Code != http.StatusOK {
			t.Fatalf("before the merge, %s%s: %d", a.host, a.path, rec.Code)
		}
	}
	before := siteCounts(t, raw)
	began := time.Now()
	out, err := siteRun(t, cfg, "merge", "--from", mergeSourceKeys(), "--into", mergeTarget)
	if err != nil {
		t.Fatalf("site merge: %v\n%s", err, out)
	}
	t.Logf("site merge of 3×%d articles: %v (the whole subcommand)\n%s", mergeArticles, time.Since(began).Round(time.Millisecond), firstLines(out, 12))
	must(t, app.sites.Refresh(ctx))
	checkMergedCounts(t, app, before, siteCounts(t, raw))

	origin := "http://" + mergeTargetHost
	for _, a := range old {
		rec := serveDirect(t, app, a.host, a.path)
		loc := rec.Header().Get("Location")
		if rec.Code != http.StatusMovedPermanently || !strings.HasPrefix(loc, origin+"/") {
			t.Errorf("%s%s after the merge: %d to %q, want 301 to %s", a.host, a.path, rec.Code, loc, origin)
			continue
		}
		to := serveDirect(t, app, mergeTargetHost, strings.TrimPrefix(loc, origin))
		if to.Code != http.StatusOK || a.title != "" && !strings.Contains(to.Body.String(), a.title) {
			t.Errorf("%s%s → %s: %d (title %q)", a.host, a.path, loc, to.Code, a.title)
		}
	}
	t.Logf("%d old addresses, each 301 to a 200 on %s", len(old), mergeTargetHost)
	// A draft's old address never leads to the draft.
	draft := fmt.Sprintf("/tin-tuc/bai-%03d", mergeArticles-1)
	if rec := serveDirect(t, app, mergeSources[0].host, draft); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != origin+"/" {
		t.Errorf("a draft's old address: %d to %q, want 301 to the home page", rec.Code, rec.Header().Get("Location"))
	}
	checkMergedSearch(t, app, raw)
	out, err = run2(t, "audit", "verify", cfg)
	if err != nil || !strings.Contains(out, "chuỗi băm khớp") {
		t.Errorf("audit verify after the merge: %v %s", err, out)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// run2 runs `trangtin WORD WORD --data … [--db …]` and returns its output.
func run2(t *testing.T, a, b string, cfg config.Config) (string, error) {
	t.Helper()
	args := []string{a, b, "--data", cfg.DataDir}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	var out, errb strings.Builder
	err := run(context.Background(), strings.NewReader(""), args, &out, &errb)
	return out.String() + errb.String(), err
}

func checkMergedCounts(t *testing.T, app *testApp, before, after map[string]map[int64]int) {
	t.Helper()
	ctx := context.Background()
	target := testenv.Must(app.db.FindSiteByKey(ctx, mergeTarget)).Get(t)
	for _, table := range mergedTables {
		sum := func(m map[int64]int) (n int) {
			for _, v := range m {
				n += v
			}
			return n
		}
		extra := 0
		if table == "categories" {
			extra = len(mergeSources) // one "Lưu trữ …" each
		}
		if got, want := sum(after[table]), sum(before[table])+extra; got != want {
			t.Errorf("%s: %d rows after the merge, want %d", table, got, want)
		}
		if got, want := after[table][target.ID], before[table][target.ID]+sumSources(t, app, before[table])+extra; got != want {
			t.Errorf("%s: the province holds %d rows, want %d", table, got, want)
		}
		for _, s := range mergeSources {
			site := testenv.Must(app.db.FindSiteByKey(ctx, s.key)).Get(t)
			if after[table][site.ID] != 0 || site.State != "merged" || site.MergedIntoID != target.ID {
				t.Errorf("%s: %d rows left on %s (state %s into %d)", table, after[table][site.ID], s.key, site.State, site.MergedIntoID)
			}
		}
	}
}

func sumSources(t *testing.T, app *testApp, counts map[int64]int) int {
	t.Helper()
	n := 0
	for _, s := range mergeSources {
		n += counts[testenv.Must(app.db.FindSiteByKey(context.Background(), s.key)).Get(t).ID]
	}
	return n
}

// checkMergedSearch: every moved published article is the first hit of a
// search for its title on the province, at its new address; a few of
// them through the public search page too.
func checkMergedSearch(t *testing.T, app *testApp, raw *sql.DB) {
	t.Helper()
	ctx := context.Background()
	target := testenv.Must(app.db.FindSiteByKey(ctx, mergeTarget)).Get(t)
	slugOf := map[string]string{}
	for _, r := range queryStrings(t, raw, fmt.Sprintf(`SELECT title || '|' || slug FROM articles WHERE status = 'published' AND site_id = %d`, target.ID)) {
		title, slug, _ := strings.Cut(r, "|")
		slugOf[title] = slug
	}
	found := 0
	for _, s := range mergeSources {
		for i := range mergeArticles - mergeDrafts {
			title := mergeTitle(s, i)
			q, err := search.Parse(`"` + title + `"`)
			must(t, err)
			res, err := app.search.Search(ctx, q, search.Filter{SiteID: target.ID}, 1, 0)
			if err != nil || len(res.Hits) == 0 || res.Hits[0].Title != title || res.Hits[0].Slug != slugOf[title] {
				t.Errorf("search on the province for %q: %+v, %v", title, res.Hits, err)
				continue
			}
			found++
		}
		title := mergeTitle(s, 7)
		rec := serveDirect(t, app, mergeTargetHost, "/tim-kiem?q="+url.QueryEscape(`"`+title+`"`))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `href="/tin-tuc/`+slugOf[title]+`"`) {
			t.Errorf("the search page of the province for %q: %d, no link to /tin-tuc/%s", title, rec.Code, slugOf[title])
		}
	}
	t.Logf("search on the province finds %d moved articles", found)
}

// TestSiteMergeCommand: `site merge` with good and bad input, on both
// stores. A dry run changes nothing; a chosen category takes every
// source; a second run has nothing to do; bad input is refused (exit code
// 2) with a message naming the problem, and changes nothing.
func TestSiteMergeCommand(t *testing.T) {
	eachStore(t, func(t *testing.T, cfg config.Config) {
		ctx := context.Background()
		wantOK(t, cfg, "Đã tạo trang tinh", "add", "--key", "tinh", "--name", "Tỉnh", "--kind", "tinh", "--host", "tinh.gov.vn")
		for _, k := range []string{"xa-a", "xa-b", "cu", "da-nhap", "khac"} {
			wantOK(t, cfg, "Đã tạo trang "+k, "add", "--key", k, "--name", "Xã "+k, "--kind", "xa", "--host", k+".gov.vn", "--parent", "tinh")
		}
		wantOK(t, cfg, "Đã tạo trang thon", "add", "--key", "thon", "--name", "Thôn", "--kind", "khac", "--host", "thon.gov.vn", "--parent", "xa-a")
		db, err := openStore(ctx, cfg)
		must(t, err)
		for key, state := range map[string]string{"cu": "archived", "da-nhap": "merged"} {
			s := testenv.Must(db.FindSiteByKey(ctx, key)).Get(t)
			s.State = content.State(state)
			if state == "merged" {
				s.MergedIntoID = testenv.Must(db.FindSiteByKey(ctx, "tinh")).Get(t).ID
			}
			must(t, db.UpdateSite(ctx, &s, nil))
		}
		a := testenv.Must(db.FindSiteByKey(ctx, "xa-a")).Get(t)
		cat := content.Category{SiteID: a.ID, Name: "Tin tức", Slug: "tin-tuc"}
		must(t, db.CreateCategory(ctx, &cat, nil))
		art := content.Article{SiteID: a.ID, CategoryID: cat.ID, Title: "Lễ hội", Slug: "le-hoi", Status: content.StatusPublished, PublishedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		must(t, db.CreateArticle(ctx, &art))
		must(t, db.Close())

		wantRefused(t, cfg, "thiếu tham số", "merge", "--into", "tinh")
		wantRefused(t, cfg, "thiếu tham số", "merge", "--from", "xa-a")
		wantRefused(t, cfg, `Không có trang nào có mã "khong-co"`, "merge", "--from", "xa-a,khong-co", "--into", "tinh")
		wantRefused(t, cfg, `Không có trang nào có mã "khong-co"`, "merge", "--from", "xa-a", "--into", "khong-co")
		wantRefused(t, cfg, "đã chuyển sang lưu trữ", "merge", "--from", "xa-a", "--into", "cu")
		wantRefused(t, cfg, `đã sáp nhập vào trang "tinh"`, "merge", "--from", "xa-a", "--into", "da-nhap")
		wantRefused(t, cfg, "không thể sáp nhập một trang vào chính nó", "merge", "--from", "tinh", "--into", "tinh")
		wantRefused(t, cfg, "không thể sáp nhập một trang vào chính nó", "merge", "--from", "xa-a,tinh", "--into", "tinh")
		wantRefused(t, cfg, `Trang "da-nhap" đã sáp nhập vào trang "tinh" trước đó`, "merge", "--from", "da-nhap", "--into", "khac")
		wantRefused(t, cfg, `Trang "xa-a" là cấp trên của trang nhận "thon"`, "merge", "--from", "xa-a", "--into", "thon")
		wantRefused(t, cfg, "không dùng được", "merge", "--from", "xa-a", "--into", "tinh", "--category", "!!!")
		wantRefused(t, cfg, "flag provided but not defined", "merge", "--from", "xa-a", "--into", "tinh", "--force")

		out := wantOK(t, cfg, "Chạy thử (--dry-run): không có gì được thay đổi.", "merge", "--from", "xa-a,xa-b", "--into", "tinh", "--dry-run", "--category", "Huyện cũ")
		for _, want := range []string{"Sẽ sáp nhập xa-a vào tinh: 1 bài viết", `"Huyện cũ" (/chuyen-muc/huyen-cu, tạo mới`, "Sau khi sáp nhập (dự kiến):"} {
			if !strings.Contains(out, want) {
				t.Errorf("dry run output lacks %q:\n%s", want, out)
			}
		}
		wantOK(t, cfg, "đang hoạt động", "show", "xa-a")
		out = wantOK(t, cfg, "Đã sáp nhập xa-a vào tinh: 1 bài viết", "merge", "--from", "xa-a,xa-b", "--into", "tinh", "--category", "Huyện cũ")
		for _, want := range []string{`"Huyện cũ" (/chuyen-muc/huyen-cu, tạo mới`, `"Huyện cũ" (/chuyen-muc/huyen-cu, có sẵn`, "Trước khi sáp nhập:", "Sau khi sáp nhập:"} {
			if !strings.Contains(out, want) {
				t.Errorf("merge output lacks %q:\n%s", want, out)
			}
		}
		wantOK(t, cfg, "đã sáp nhập", "show", "xa-a")
		wantOK(t, cfg, "Cấp trên:        tinh (Tỉnh)", "show", "thon") // below the merged site before, now below the target
		wantOK(t, cfg, "Không có gì để làm", "merge", "--from", "xa-a,xa-b", "--into", "tinh")
		// Already merged into tinh: not into another site.
		wantRefused(t, cfg, `Trang "xa-a" đã sáp nhập vào trang "tinh" trước đó`, "merge", "--from", "xa-a", "--into", "khac")
		out, err = run2(t, "audit", "verify", cfg)
		if err != nil || !strings.Contains(out, "chuỗi băm khớp") {
			t.Errorf("audit verify: %v %s", err, out)
		}
	})
}
