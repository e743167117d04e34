package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/demo"
	"trangtin/internal/testenv"
)

const seedTitle = "Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện"

type apiSearch struct {
	Total int `json:"total"`
	Hits  []struct {
		Kind, Title, URL, Snippet string
		SnippetHTML               string  `json:"snippet_html"`
		SourceURL                 string  `json:"source_url"`
		Score                     float64 `json:"score"`
		Date                      string  `json:"date"`
	} `json:"hits"`
	Error *struct{ Code, Message string } `json:"error"`
}

func apiGet(t *testing.T, base, q string, extra ...string) (int, apiSearch) {
	t.Helper()
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	res, body := get(t, base+"/api/v1/search?"+v.Encode())
	var out apiSearch
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("%q: not JSON (%d): %.200s", q, res.StatusCode, body)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("%q: no CORS header", q)
	}
	return res.StatusCode, out
}

// TestSearchFindsSeedFirst: the four queries, on the demo site with
// the whole corpus imported, through the page and the API, on both stores.
func TestSearchFindsSeedFirst(t *testing.T) { eachStore(t, testSearchFindsSeedFirst) }

func testSearchFindsSeedFirst(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	if _, _, rejected, stderr, err := runImport(t, cfg, testenv.Path(t, "corpus/articles.jsonl")); err != nil || rejected != 0 {
		t.Fatalf("import: %v %s", err, stderr)
	}
	for _, q := range []string{"bao tro xa hoi", "bảo trợ xã hội", "Vu Thi Duoc", "Kim Thoa"} {
		status, res := apiGet(t, app.URL, q)
		if status != 200 || len(res.Hits) == 0 {
			t.Errorf("%q: status %d, %d hits", q, status, len(res.Hits))
			continue
		}
		h := res.Hits[0]
		if h.Title != seedTitle {
			t.Errorf("%q: first hit %q, want the seed article", q, h.Title)
		}
		if !strings.HasSuffix(h.URL, seedURL) || h.Date == "" || h.Score <= 0 || !strings.Contains(h.SnippetHTML, "<mark>") {
			t.Errorf("%q: incomplete hit %+v", q, h)
		}
		res2, page := get(t, app.URL+"/tim-kiem?q="+url.QueryEscape(q))
		if res2.StatusCode != 200 || !strings.Contains(page, "kết quả cho") {
			t.Errorf("%q: search page %d", q, res2.StatusCode)
		}
		first := strings.Index(page, `<ol class="results">`)
		if first < 0 || !strings.Contains(page[first:min(len(page), first+600)], seedURL) {
			t.Errorf("%q: the search page does not list the seed article first", q)
		}
	}
	// Imported articles carry their source URL.
	_, res := apiGet(t, app.URL, "giảm nghèo Bắc Giang")
	if len(res.Hits) == 0 || !strings.HasPrefix(res.Hits[0].SourceURL, "https://") {
		t.Errorf("imported hit without its source URL: %+v", res.Hits)
	}
}

func TestSearchBadInputGetsVietnameseMessage(t *testing.T) {
	app := startApp(t, config.Config{})
	inputs := []string{"", "   ", `"`, `()`, `*`, `^`, `:`, `NEAR`, `AND OR NOT`, `-bao`, "😀🎉", strings.Repeat("bảo trợ ", 1300),
		`bao" OR 1=1 --`, `{title}:x`, "\x00", "%", "'; DROP TABLE articles; --"}
	for _, in := range inputs {
		status, res := apiGet(t, app.URL, in)
		switch status {
		case 200:
		case 400:
			if res.Error == nil || res.Error.Code != "invalid" || res.Error.Message == "" || strings.ContainsAny(res.Error.Message, "{}") {
				t.Errorf("API %q: 400 without a Vietnamese message: %+v", in, res.Error)
			}
		default:
			t.Errorf("API %q: status %d", in, status)
		}
		r, page := get(t, app.URL+"/tim-kiem?q="+url.QueryEscape(in))
		if r.StatusCode != 200 && r.StatusCode != 400 {
			t.Errorf("page %q: status %d", in, r.StatusCode)
		}
		if r.StatusCode == 400 && !strings.Contains(page, `role="alert"`) {
			t.Errorf("page %q: 400 without the message", in)
		}
	}
	for _, bad := range [][]string{{"page", "0"}, {"page", "x"}, {"per_page", "1000"}, {"kind", "video"}, {"from", "10/03/2023"}, {"category", "khong-co"}} {
		if status, res := apiGet(t, app.URL, "bao tro", bad...); status != 400 || res.Error == nil {
			t.Errorf("API %v: %d %+v", bad, status, res.Error)
		}
	}
	if r, _ := get(t, app.URL+"/tim-kiem"); r.StatusCode != 200 {
		t.Errorf("empty search page: %d", r.StatusCode)
	}
	if r, page := get(t, app.URL+"/tim-kiem?q=khongcotunay"); r.StatusCode != 200 || !strings.Contains(page, "Không tìm thấy kết quả nào") || !strings.Contains(page, "Gợi ý") {
		t.Errorf("no results page: %d", r.StatusCode)
	}
	if r, _ := get(t, app.URL+"/api/v1/khong-co"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown API path: %d", r.StatusCode)
	}
}

func TestReindexCommand(t *testing.T) {
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	var out, errb strings.Builder
	if err := run(t.Context(), nil, []string{"reindex", "--data", cfg.DataDir}, &out, &errb); err != nil {
		t.Fatalf("reindex: %v %s", err, errb.String())
	}
	app := startApp(t, cfg)
	// The demo province's sites: one article each and their kit's pages.
	province := 0
	for _, p := range demo.ProvinceSites {
		site := testenv.Must(app.db.FindSiteByKey(t.Context(), p.Key)).Get(t)
		province += 1 + len(testenv.Must(app.db.FindPages(t.Context(), site.ID)).Get(t))
	}
	articles := 1 + len(demo.Stories) // the reference article and the demo's stories
	if n := articles + 4 + len(demo.Documents) + len(demo.DemoQuestions) + province; !strings.Contains(out.String(), fmt.Sprintf("Đã lập lại chỉ mục tìm kiếm cho %d mục", n)) {
		t.Errorf("reindex output %q, want %d items (%d articles, the Giới thiệu page, the 3 pages of the Giới thiệu set, the demo documents and questions, the demo province's %d)", out.String(), n, articles, province)
	}
	if _, res := apiGet(t, app.URL, "Kim Thoa"); len(res.Hits) == 0 || res.Hits[0].Title != seedTitle {
		t.Errorf("search after reindex: %+v", res.Hits)
	}
}

// TestSearchKindMessageNamesEveryKind: every kind the API accepts is named
// in the message refusing an unknown one (question was missing).
func TestSearchKindMessageNamesEveryKind(t *testing.T) {
	app := startApp(t, config.Config{})
	kinds := []string{"article", "page", "document", "question"}
	for _, k := range kinds {
		if status, res := apiGet(t, app.URL, "bao tro", "kind", k); status != 200 {
			t.Errorf("kind=%s: %d %+v", k, status, res.Error)
		}
	}
	status, res := apiGet(t, app.URL, "bao tro", "kind", "video")
	if status != 400 || res.Error == nil {
		t.Fatalf("kind=video: %d %+v", status, res.Error)
	}
	for _, k := range kinds {
		if !strings.Contains(res.Error.Message, k) {
			t.Errorf("the message %q does not name %s", res.Error.Message, k)
		}
	}
}
