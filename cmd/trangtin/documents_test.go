package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/demo"
	"trangtin/internal/document"
	"trangtin/internal/media"
)

type apiDocument struct {
	ID          int64   `json:"id"`
	Number      string  `json:"number"`
	Citation    string  `json:"citation"`
	IssuedOn    string  `json:"issued_on"`
	EffectiveOn *string `json:"effective_on"`
	Validity    string  `json:"validity"`
	ReplacedBy  *int64  `json:"replaced_by"`
	URL         string  `json:"url"`
	UpdatedAt   string  `json:"updated_at"`
	Files       []any   `json:"files"`
}

type apiDocuments struct {
	Items   []apiDocument                   `json:"items"`
	Page    int                             `json:"page"`
	PerPage int                             `json:"per_page"`
	Total   int                             `json:"total"`
	Error   *struct{ Code, Message string } `json:"error"`
}

func getJSON(t *testing.T, u string, out any) int {
	t.Helper()
	res, body := get(t, u)
	if err := json.Unmarshal([]byte(body), out); err != nil {
		t.Fatalf("GET %s: not JSON (%d): %.200s", u, res.StatusCode, body)
	}
	if res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET %s: no CORS header", u)
	}
	return res.StatusCode
}

// TestDocumentsRegister: the demo register through the public pages,
// /tim-kiem and the API, on both stores.
func TestDocumentsRegister(t *testing.T) { eachStore(t, testDocumentsRegister) }

var firstResult = regexp.MustCompile(`<ol class="results">\s*<li[^>]*>\s*<h3[^>]*><a href="([^"]+)"`)

func testDocumentsRegister(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	var list apiDocuments
	if st := getJSON(t, app.URL+"/api/v1/documents?per_page=100", &list); st != 200 || list.Total != len(demo.Documents) {
		t.Fatalf("API list: %d, total %d, want %d", st, list.Total, len(demo.Documents))
	}
	byNumber := map[string]apiDocument{}
	for _, d := range list.Items {
		byNumber[d.Number] = d
	}
	qd := byNumber["123/QĐ-UBND"]
	repl := byNumber["1520/QĐ-UBND"]
	if repl.URL != app.URL+document.Path(repl.ID, repl.Number) {
		t.Errorf("API url %q, want the absolute address", repl.URL)
	}
	if qd.ID == 0 || qd.ReplacedBy == nil || *qd.ReplacedBy != repl.ID || qd.Validity != "bi-thay-the" || qd.URL != app.URL+document.Path(qd.ID, "123/QĐ-UBND") {
		t.Fatalf("123/QĐ-UBND in the API: %+v", qd)
	}
	qd.URL = strings.TrimPrefix(qd.URL, app.URL)
	repl.URL = strings.TrimPrefix(repl.URL, app.URL)

	// The list, newest issue date first.
	res, body := get(t, app.URL+"/van-ban")
	if res.StatusCode != 200 {
		t.Fatalf("/van-ban: %d", res.StatusCode)
	}
	last := -1
	for _, n := range []string{"1520/QĐ-UBND", "38/TB-UBND", "512/UBND-VP", "45/KH-UBND", "02/CT-UBND", "123/QĐ-UBND"} {
		i := strings.Index(body, "số "+n+"</a>")
		if i < 0 || i < last {
			t.Errorf("/van-ban: %s missing or out of issue-date order", n)
		}
		last = i
	}
	for q, want := range map[string]string{
		"loai=" + url.QueryEscape("Quyết định"): "2 văn bản phù hợp",
		"nam=2023":              "3 văn bản phù hợp",
		"hieu-luc=het-hieu-luc": "1 văn bản phù hợp",
		"hieu-luc=bi-thay-the":  "1 văn bản phù hợp",
		"co-quan=" + url.QueryEscape("Văn phòng HĐND và UBND huyện"): "1 văn bản phù hợp",
		"linh-vuc=" + url.QueryEscape("Đất đai") + "&nam=2020":       "Chưa có văn bản nào phù hợp với bộ lọc",
		"nam=1999": "Chưa có văn bản nào phù hợp với bộ lọc",
	} {
		res, body := get(t, app.URL+"/van-ban?"+q)
		if res.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("/van-ban?%s: %d, want %q", q, res.StatusCode, want)
		}
	}
	for q, want := range map[string]string{
		"nam=hai-nghin": "Năm ban hành không hợp lệ", "loai=Thư": "Hình thức văn bản không hợp lệ.",
		"hieu-luc=mai-mai": "Tình trạng hiệu lực không hợp lệ.", "trang=-1": "Số trang không hợp lệ.",
		"co-quan=Bộ+Ngoại+giao": "Cơ quan ban hành không có trong danh sách", "linh-vuc=x": "Lĩnh vực không có trong danh sách",
	} {
		res, body := get(t, app.URL+"/van-ban?"+q)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) || !strings.Contains(body, `id="vb-loai"`) {
			t.Errorf("/van-ban?%s: %d, want 400 with %q and the form", q, res.StatusCode, want)
		}
	}

	// The register and each published document are in /sitemap.xml.
	if _, body := get(t, app.URL+"/sitemap.xml"); !strings.Contains(body, "/van-ban</loc>") || !strings.Contains(body, qd.URL+"</loc>") {
		t.Errorf("/sitemap.xml lacks /van-ban or %s", qd.URL)
	}

	// The detail page: every field, the administrative date, the replacement.
	res, body = get(t, app.URL+qd.URL)
	if res.StatusCode != 200 {
		t.Fatalf("%s: %d", qd.URL, res.StatusCode)
	}
	for _, want := range []string{
		"Quyết định số 123/QĐ-UBND ngày 05 tháng 01 năm 2020 của UBND huyện Gia Viễn",
		"Đinh Văn Hùng", "Thông tin và Truyền thông", "Bị thay thế", `href="` + repl.URL + `"`,
		`<a href="/van-ban">Văn bản</a>`, "05/01/2020",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q", qd.URL, want)
		}
	}
	if res, _ := get(t, app.URL+"/van-ban/"+jsonID(qd.ID)); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != qd.URL {
		t.Errorf("short address: %d → %q, want 301 → %s", res.StatusCode, res.Header.Get("Location"), qd.URL)
	}
	for _, p := range []string{"/van-ban/999999", "/van-ban/abc", "/van-ban/0"} {
		if res, _ := get(t, app.URL+p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}

	// Search: the number typed three ways finds the document first, on the
	// page (all kinds, and with the Văn bản filter) and in the API.
	for _, q := range []string{"123/QĐ-UBND", "123/qd-ubnd", "123 QĐ UBND"} {
		for _, kind := range []string{"", "van-ban"} {
			u := app.URL + "/tim-kiem?q=" + url.QueryEscape(q) + "&loai=" + kind
			res, body := get(t, u)
			m := firstResult.FindStringSubmatch(body)
			if res.StatusCode != 200 || m == nil || m[1] != qd.URL {
				t.Errorf("/tim-kiem %q loai=%q: %d, first result %v, want %s", q, kind, res.StatusCode, m, qd.URL)
			}
		}
		st, out := apiGet(t, app.URL, q)
		if st != 200 || len(out.Hits) == 0 || out.Hits[0].Kind != "document" || !strings.HasSuffix(out.Hits[0].URL, qd.URL) {
			t.Errorf("API search %q: %d %+v", q, st, out.Hits)
		}
	}
	if _, body := get(t, app.URL+"/tim-kiem?q=quy+che+trang+thong+tin&loai=van-ban"); !strings.Contains(body, `href="`+repl.URL+`"`) {
		t.Error("search by abstract without diacritics does not find 1520/QĐ-UBND")
	}

	// A draft is nowhere public; publishing it shows it at once (the page
	// cache follows the site's version); withdrawing answers 410.
	ctx := context.Background()
	site, err := app.sites.ForHost("")
	if err != nil {
		t.Fatal(err)
	}
	actor := document.Actor{Name: "test"}
	d, err := app.docs.Create(ctx, actor, site.ID, document.Input{Type: "Thông báo", Number: "99/TB-UBND", Issuer: "UBND huyện Gia Viễn",
		Abstract: "Thông báo lịch tiếp công dân tháng 12", IssuedOn: "2024-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, app.URL+"/van-ban"); strings.Contains(body, "99/TB-UBND") {
		t.Error("a draft is listed")
	}
	if res, _ := get(t, app.URL+d.Path()); res.StatusCode != http.StatusNotFound {
		t.Errorf("draft page: %d, want 404", res.StatusCode)
	}
	var one apiDocument
	if st := getJSON(t, app.URL+"/api/v1/documents/"+jsonID(d.ID), &one); st != http.StatusNotFound {
		t.Errorf("draft in the API: %d, want 404", st)
	}
	if st, out := apiGet(t, app.URL, "99/TB-UBND"); st != 200 || len(out.Hits) != 0 {
		t.Errorf("draft found by search: %+v", out.Hits)
	}
	since := d.UpdatedAt.Add(time.Microsecond).Format(time.RFC3339Nano)
	if _, err := app.docs.Publish(ctx, actor, site.ID, d.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, app.URL+"/van-ban"); !strings.Contains(body, "99/TB-UBND") {
		t.Error("a published document is not listed (stale page cache?)")
	}
	var changed apiDocuments
	if st := getJSON(t, app.URL+"/api/v1/documents?updated_since="+url.QueryEscape(since), &changed); st != 200 || changed.Total != 1 || changed.Items[0].Number != "99/TB-UBND" {
		t.Errorf("updated_since: %d %+v", st, changed)
	}
	if st := getJSON(t, app.URL+"/api/v1/documents/"+jsonID(d.ID), &one); st != 200 || one.Number != "99/TB-UBND" || one.EffectiveOn != nil || one.Files == nil {
		t.Errorf("API detail: %d %+v", st, one)
	}
	if _, err := app.docs.Withdraw(ctx, actor, site.ID, d.ID, 0, "Đăng nhầm"); err != nil {
		t.Fatal(err)
	}
	if res, _ := get(t, app.URL+d.Path()); res.StatusCode != http.StatusGone {
		t.Errorf("withdrawn page: %d, want 410", res.StatusCode)
	}

	// An attachment is listed on the page and in the API, and downloads
	// as an attachment.
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	pdf := "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
	it, err := lib.UploadFile(ctx, site.ID, 0, "Quyết định 1520.pdf", strings.NewReader(pdf), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.docs.SetFiles(ctx, actor, site.ID, repl.ID, 0, []int64{it.ID}, "attach", it.ID); err != nil {
		t.Fatal(err)
	}
	fileURL := media.FileURL(it.FileKey, it.FileName)
	if _, body := get(t, app.URL+repl.URL); !strings.Contains(body, `href="`+fileURL+`"`) {
		t.Errorf("the detail page does not link the attachment %s", fileURL)
	}
	if st := getJSON(t, app.URL+"/api/v1/documents/"+jsonID(repl.ID), &one); st != 200 || len(one.Files) != 1 {
		t.Errorf("API files: %d %+v", st, one.Files)
	}
	if res, body := get(t, app.URL+fileURL); res.StatusCode != 200 || body != pdf || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}

	// Bad API parameters: a Vietnamese 400 in the error shape.
	for _, q := range []string{"updated_since=hom-qua", "page=0", "per_page=1000", "type=Thư", "validity=x", "year=20"} {
		var e apiDocuments
		if st := getJSON(t, app.URL+"/api/v1/documents?"+q, &e); st != http.StatusBadRequest || e.Error == nil || e.Error.Message == "" {
			t.Errorf("API ?%s: %d %+v", q, st, e.Error)
		}
	}
}

func jsonID(id int64) string { b, _ := json.Marshal(id); return string(b) }
