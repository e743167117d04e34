package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"trangtin/internal/config"
	"trangtin/internal/demo"
)

func init() {
	// The document's "uri" values must be absolute URLs.
	openapi3.DefineStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
		u, err := url.Parse(s)
		if err != nil || !u.IsAbs() || u.Host == "" {
			return fmt.Errorf("not an absolute URL: %q", s)
		}
		return nil
	}))
}

// loadSpec fetches /api/v1/openapi.json from the app and validates it.
func loadSpec(t *testing.T, app *testApp) *openapi3.T {
	t.Helper()
	res, body := get(t, app.URL+"/api/v1/openapi.json")
	if res.StatusCode != 200 {
		t.Fatalf("openapi.json: %d %s", res.StatusCode, body)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(body))
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3.0 document: %v", err)
	}
	return doc
}

// validateBody checks a JSON body against the schema the document gives
// for the operation's response with that status.
func validateBody(t *testing.T, op *openapi3.Operation, what string, status int, body string) any {
	t.Helper()
	resp := op.Responses.Status(status)
	if resp == nil || resp.Value == nil {
		t.Errorf("%s: status %d is not documented", what, status)
		return nil
	}
	mt := resp.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		t.Errorf("%s: response %d has no application/json schema", what, status)
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Errorf("%s: not JSON: %v\n%.500s", what, err, body)
		return nil
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.MultiErrors(), openapi3.VisitAsResponse()); err != nil {
		t.Errorf("%s: the response does not match its schema:\n%v\n%.1000s", what, err, body)
	}
	return v
}

// paramValue is the documented example of a parameter, for required ones.
func paramValue(p *openapi3.Parameter) (string, bool) {
	for _, v := range []any{p.Example, exampleOf(p.Schema)} {
		if v != nil {
			return fmt.Sprint(v), true
		}
	}
	return "", false
}

func exampleOf(s *openapi3.SchemaRef) any {
	if s == nil || s.Value == nil {
		return nil
	}
	if s.Value.Example != nil {
		return s.Value.Example
	}
	if s.Value.Default != nil {
		return s.Value.Default
	}
	if len(s.Value.Enum) > 0 {
		return s.Value.Enum[0]
	}
	return nil
}

// TestOpenAPILive calls every GET path of the served OpenAPI document on
// the demo site and validates each response against its schema. It knows
// no path by name: a module that adds a fragment is covered at once. A
// list must not be empty (demo data must exist), a path parameter comes
// from the first item of the path's list, and responses with an ETag must
// answer If-None-Match with 304.
func TestOpenAPILive(t *testing.T) { eachStore(t, testOpenAPILive) }

func testOpenAPILive(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	doc := loadSpec(t, app)
	// Ratings exist only once a reader rated something: rate the
	// reference article as a visitor would, so /api/v1/ratings has an item.
	seed := seedArticle(t, app)
	if res, _ := newBrowser(t, app.URL).do("POST", "/danh-gia", url.Values{"loai": {"article"}, "ma": {fmt.Sprint(seed.ID)}, "diem": {"5"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rating the reference article: %d", res.StatusCode)
	}
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	if len(paths) < 10 {
		t.Fatalf("only %d paths in the document", len(paths))
	}
	firstItem := map[string]map[string]any{} // list path → its first item

	// Lists first, so that /{id} paths find their list's first item.
	sort.SliceStable(paths, func(i, j int) bool { return !strings.Contains(paths[i], "{") && strings.Contains(paths[j], "{") })
	for _, p := range paths {
		op := doc.Paths.Value(p).Get
		if op == nil {
			continue
		}
		t.Run(strings.TrimPrefix(p, "/api/v1/"), func(t *testing.T) {
			u := p
			q := url.Values{}
			for _, pr := range op.Parameters {
				prm := pr.Value
				switch {
				case prm.In == "path":
					list := p[:strings.Index(p, "/{")]
					item, ok := firstItem[list]
					if !ok {
						v, ok := paramValue(prm)
						if !ok {
							t.Fatalf("path parameter %s: no list at %s with items and no example", prm.Name, list)
						}
						u = strings.ReplaceAll(u, "{"+prm.Name+"}", url.PathEscape(v))
						continue
					}
					v, ok := item[prm.Name]
					if !ok {
						t.Fatalf("the first item of %s has no field %q for the path parameter", list, prm.Name)
					}
					u = strings.ReplaceAll(u, "{"+prm.Name+"}", url.PathEscape(fmt.Sprint(jsonScalar(v))))
				case prm.Required:
					v, ok := paramValue(prm)
					if !ok {
						t.Fatalf("required parameter %s has no example", prm.Name)
					}
					q.Set(prm.Name, v)
				}
			}
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			res, body := get(t, app.URL+u, "Origin", "https://harvester.example.org")
			if res.StatusCode != 200 {
				t.Fatalf("GET %s: %d %.500s", u, res.StatusCode, body)
			}
			// Feeds, the sitemap and robots.txt are described with their
			// media type: check it and that there is a body; their content
			// is checked against its own schemas (feeds_test.go).
			if resp := op.Responses.Status(200); resp != nil && resp.Value != nil && resp.Value.Content.Get("application/json") == nil {
				ct := res.Header.Get("Content-Type")
				mt, _, _ := strings.Cut(ct, ";")
				if resp.Value.Content.Get(mt) == nil || body == "" {
					t.Errorf("GET %s: Content-Type %q (%d bytes), documented %v", u, ct, len(body), resp.Value.Content)
				}
				return
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("GET %s: Content-Type %q", u, ct)
			}
			if res.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("GET %s: no CORS header", u)
			}
			v := validateBody(t, op, "GET "+u, 200, body)
			if m, ok := v.(map[string]any); ok {
				if items, isList := m["items"].([]any); isList {
					if len(items) == 0 {
						t.Fatalf("GET %s: the list is empty; add demo data so the schema is checked against real items", u)
					}
					first, _ := items[0].(map[string]any)
					firstItem[p] = first
				}
			}
			if tag := res.Header.Get("Etag"); tag != "" {
				res2, body2 := get(t, app.URL+u, "If-None-Match", tag)
				if res2.StatusCode != http.StatusNotModified || body2 != "" {
					t.Errorf("GET %s with If-None-Match: %d, %d bytes", u, res2.StatusCode, len(body2))
				}
			}
			// Bad paging is a documented 400 with a Vietnamese message.
			for _, pr := range op.Parameters {
				if pr.Value.In == "query" && (pr.Value.Name == "page" || pr.Value.Name == "updated_since") {
					bad := u + sep(u) + pr.Value.Name + "=" + map[string]string{"page": "0", "updated_since": "h%C3%B4m-qua"}[pr.Value.Name]
					res, body := get(t, app.URL+bad)
					if res.StatusCode != http.StatusBadRequest {
						t.Errorf("GET %s: %d, want 400", bad, res.StatusCode)
						continue
					}
					validateBody(t, op, "GET "+bad, 400, body)
				}
			}
		})
	}
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// jsonScalar prints JSON numbers that are integers without an exponent.
func jsonScalar(v any) any {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return int64(f)
	}
	return v
}

// TestAPIHarvest follows what a harvester does: page through the
// articles, come back with updated_since, send the ETag, and read one
// article in full; and what a browser script does: CORS preflight.
func TestAPIHarvest(t *testing.T) { eachStore(t, testAPIHarvest) }

func testAPIHarvest(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, demo.SiteKey)
	if err != nil {
		t.Fatal(err)
	}
	total, err := app.svc.CountPublicArticles(ctx, site.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	type list struct {
		Items []struct {
			ID        int64     `json:"id"`
			Slug      string    `json:"slug"`
			URL       string    `json:"url"`
			UpdatedAt time.Time `json:"updated_at"`
		} `json:"items"`
		Page       int    `json:"page"`
		PerPage    int    `json:"per_page"`
		Total      int    `json:"total"`
		NextCursor string `json:"next_cursor"`
	}
	fetch := func(path string) (list, *http.Response) {
		t.Helper()
		res, body := get(t, app.URL+path)
		var l list
		if res.StatusCode == 200 {
			if err := json.Unmarshal([]byte(body), &l); err != nil {
				t.Fatal(err)
			}
		}
		return l, res
	}
	seen := map[int64]bool{}
	var order []int64
	for page := 1; ; page++ {
		l, res := fetch(fmt.Sprintf("/api/v1/articles?per_page=7&page=%d", page))
		if res.StatusCode != 200 || l.Total != total || l.PerPage != 7 {
			t.Fatalf("page %d: %d, total %d (want %d)", page, res.StatusCode, l.Total, total)
		}
		if len(l.Items) == 0 {
			break
		}
		for _, it := range l.Items {
			if seen[it.ID] {
				t.Errorf("article %d on two pages", it.ID)
			}
			seen[it.ID] = true
			order = append(order, it.ID)
		}
	}
	if len(seen) != total {
		t.Errorf("paged through %d articles, want %d", len(seen), total)
	}
	// The same list by cursor: each page's next_cursor gives the next.
	var byCursor []int64
	for path, n := "/api/v1/articles?per_page=7", 0; path != "" && n <= total; n++ {
		l, res := fetch(path)
		if res.StatusCode != 200 || l.Page != n+1 {
			t.Fatalf("%s: %d, page %d (want %d)", path, res.StatusCode, l.Page, n+1)
		}
		for _, it := range l.Items {
			byCursor = append(byCursor, it.ID)
		}
		path = ""
		if l.NextCursor != "" {
			path = "/api/v1/articles?per_page=7&after=" + url.QueryEscape(l.NextCursor)
		}
	}
	if fmt.Sprint(byCursor) != fmt.Sprint(order) {
		t.Errorf("by cursor the articles are %v, by page number %v", byCursor, order)
	}
	for _, bad := range []string{"after=xyz", "after=" + strings.Repeat("A", 100), "after=MTIzLjQuNQ&page=2"} {
		if res, body := get(t, app.URL+"/api/v1/articles?"+bad); res.StatusCode != 400 || !strings.Contains(body, "after") {
			t.Errorf("%s: %d %s", bad, res.StatusCode, body)
		}
	}
	if _, res := fetch("/api/v1/articles?per_page=101"); res.StatusCode != 400 {
		t.Errorf("per_page=101: %d", res.StatusCode)
	}
	if res, body := get(t, app.URL+"/api/v1/articles?trang=2"); res.StatusCode != 400 || !strings.Contains(body, "Tham số trang không được hỗ trợ.") {
		t.Errorf("unknown parameter: %d %s", res.StatusCode, body)
	}

	// Nothing changed since now; after an edit, only the edited article.
	since := time.Now().Add(time.Second).Format(time.RFC3339Nano)
	time.Sleep(1100 * time.Millisecond)
	if l, _ := fetch("/api/v1/articles?updated_since=" + url.QueryEscape(since)); l.Total != 0 || len(l.Items) != 0 {
		t.Errorf("updated_since now: %d items", l.Total)
	}
	seed, err := app.db.FindArticleBySlug(ctx, site.ID, strings.TrimPrefix(seedURL, "/tin-tuc/"))
	if err != nil {
		t.Fatal(err)
	}
	res0, _ := get(t, app.URL+fmt.Sprintf("/api/v1/articles/%d", seed.ID))
	seed.Summary = "Tóm tắt mới cho bộ thu thập"
	if err := app.svc.SaveArticle(ctx, &seed); err != nil {
		t.Fatal(err)
	}
	l, _ := fetch("/api/v1/articles?updated_since=" + url.QueryEscape(since))
	if l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != seed.ID || l.Items[0].URL != app.URL+seedURL {
		t.Errorf("updated_since after an edit: %+v", l)
	}

	// The detail: body as stored, a new ETag after the edit.
	res, body := get(t, app.URL+fmt.Sprintf("/api/v1/articles/%d", seed.ID), "If-None-Match", res0.Header.Get("Etag"))
	if res.StatusCode != 200 {
		t.Fatalf("the old ETag still matches after an edit: %d", res.StatusCode)
	}
	var d struct {
		Title, Summary, BodyHTML string `json:"-"`
	}
	var raw map[string]any
	json.Unmarshal([]byte(body), &raw)
	d.Title, _ = raw["title"].(string)
	d.Summary, _ = raw["summary"].(string)
	d.BodyHTML, _ = raw["body_html"].(string)
	if d.Title != seedTitle || d.Summary != seed.Summary || d.BodyHTML != seed.Body {
		t.Errorf("article detail: %q %q body equal=%v", d.Title, d.Summary, d.BodyHTML == seed.Body)
	}

	// A draft is not served; a missing id is a 404 in the API's shape.
	draft := seed
	draft.ID, draft.Slug, draft.Status, draft.SourceURL = 0, "ban-nhap-api", "draft", ""
	if err := app.svc.SaveArticle(ctx, &draft); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fmt.Sprintf("/api/v1/articles/%d", draft.ID), "/api/v1/articles/999999999", "/api/v1/pages/khong-co"} {
		res, body := get(t, app.URL+p)
		if res.StatusCode != 404 || !strings.Contains(body, `"code":"not_found"`) {
			t.Errorf("%s: %d %s", p, res.StatusCode, body)
		}
	}
	if res, body := get(t, app.URL+"/api/v1/articles/abc"); res.StatusCode != 400 || !strings.Contains(body, "số nguyên dương") {
		t.Errorf("/api/v1/articles/abc: %d %s", res.StatusCode, body)
	}

	// CORS preflight from a browser script that sends If-None-Match.
	req, _ := http.NewRequest(http.MethodOptions, app.URL+"/api/v1/articles", nil)
	req.Header.Set("Origin", "https://harvester.example.org")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "if-none-match")
	pre, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pre.Body.Close()
	h := pre.Header
	if pre.StatusCode != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") || !strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), "if-none-match") {
		t.Errorf("preflight: %d %v", pre.StatusCode, h)
	}
	res, _ = get(t, app.URL+"/api/v1/articles")
	if !strings.Contains(res.Header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("ETag is not exposed to scripts: %v", res.Header)
	}
}
