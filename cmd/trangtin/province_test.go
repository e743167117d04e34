package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
)

// province makes the demo site and the commune gia-hung children of a
// province portal ninh-binh, and gives the commune two published
// articles and a draft that share words with the demo's reference
// article. It returns the province and the commune.
func province(t *testing.T, app *testApp) (*content.Site, *content.Site) {
	t.Helper()
	ctx := context.Background()
	prov := &content.Site{Key: "ninh-binh", Name: "Cổng thông tin điện tử tỉnh Ninh Bình", Kind: content.KindProvince, Host: "ninhbinh.gov.vn"}
	if err := content.NewSites(app.db).Add(ctx, []content.NewSite{{Site: prov}}, audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	commune := addCommune(t, app)
	for _, key := range []string{"giavien", "gia-hung"} {
		parent := "ninh-binh"
		if _, err := content.NewSites(app.db).Update(ctx, key, content.SiteChange{Parent: &parent}, audit.Entry{Actor: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	cat := content.Category{SiteID: commune.ID, Name: "Tin tức", Slug: "tin-tuc"}
	if err := app.svc.SaveCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	for i, st := range []content.Status{content.StatusPublished, content.StatusPublished, content.StatusDraft} {
		a := content.Article{SiteID: commune.ID, CategoryID: cat.ID, Title: fmt.Sprintf("Xã Gia Hưng rà soát đối tượng bảo trợ xã hội, đợt %d", i+1),
			Summary: "Rà soát đối tượng hưởng chính sách.", Body: content.TextToHTML("Nội dung rà soát."), Status: st,
			PublishedAt: time.Date(2026, 11, 1+i, 2, 0, 0, 0, time.UTC)}
		if st == content.StatusDraft {
			a.Title = "Bản nháp bảo trợ xã hội không được công khai"
		}
		if err := app.svc.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	return prov, commune
}

// TestProvinceView is item 10 of the province platform issue: search
// across the province from its portal (page and API, with a site facet
// with counts), and "Tin từ cơ sở" with its RSS; nothing unpublished and
// nothing outside the province ever shows.
func TestProvinceView(t *testing.T) { eachStore(t, testProvinceView) }

func testProvinceView(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	prov, commune := province(t, app)
	const q = "bao+tro+xa+hoi"
	get := func(host, target string) (int, string) {
		t.Helper()
		rec := serveDirect(t, app, host, target)
		return rec.Code, rec.Body.String()
	}

	// The province's own pages have no such article; the province view does.
	if code, body := get(prov.Host, "/tim-kiem?q="+q); code != 200 || !strings.Contains(body, "Không tìm thấy kết quả nào") || !strings.Contains(body, `name="pham-vi"`) {
		t.Errorf("province, own scope: %d, want no results and the scope choice", code)
	}
	code, body := get(prov.Host, "/tim-kiem?q="+q+"&pham-vi=toan-tinh")
	for _, want := range []string{
		`href="http://giahung.ninhbinh.gov.vn/tin-tuc/`, // a commune's hit, on the commune's host
		"Trang thông tin điện tử xã Gia Hưng</a> (2)",   // the facet
		"Gia Hưng rà soát đối tượng",
		seedArticlePath,
	} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("province view: %d, lacks %q", code, want)
		}
	}
	if strings.Contains(body, "Bản nháp") {
		t.Error("the province view shows a draft")
	}
	code, body = get(prov.Host, "/tim-kiem?q="+q+"&pham-vi=toan-tinh&don-vi=gia-hung")
	if code != 200 || strings.Contains(body, seedArticlePath) || !strings.Contains(body, "Tìm thấy 2 kết quả") {
		t.Errorf("narrowed to the commune: %d", code)
	}
	for target, want := range map[string]string{
		"/tim-kiem?q=" + q + "&pham-vi=toan-tinh&don-vi=khong-co":    "Không có đơn vị",
		"/tim-kiem?q=" + q + "&pham-vi=toan-tinh&chuyen-muc=tin-tuc": "Bộ lọc chuyên mục chỉ dùng",
		"/tim-kiem?q=" + q + "&pham-vi=ca-nuoc":                      "Phạm vi tìm kiếm không hợp lệ",
	} {
		if code, body := get(prov.Host, target); code != http.StatusBadRequest || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, want 400 with %q", target, code, want)
		}
	}
	// A commune has no sites below: no scope choice, its own results only.
	if code, body := get(commune.Host, "/tim-kiem?q="+q+"&pham-vi=toan-tinh"); code != 200 || strings.Contains(body, `name="pham-vi"`) || strings.Contains(body, seedArticlePath) {
		t.Errorf("commune with pham-vi: %d, want its own results and no scope choice", code)
	}

	// The API.
	var res struct {
		Total int
		Hits  []struct{ URL, Site string }
		Sites []struct {
			Key   string
			Count int
		}
	}
	code, body = get(prov.Host, "/api/v1/search?q="+q+"&site=all")
	if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
		t.Fatalf("API site=all: %d %v", code, err)
	}
	counts := map[string]int{}
	for _, s := range res.Sites {
		counts[s.Key] = s.Count
	}
	if counts["gia-hung"] != 2 || counts["giavien"] == 0 || res.Total != counts["gia-hung"]+counts["giavien"] {
		t.Errorf("API facet %v for total %d", counts, res.Total)
	}
	for _, h := range res.Hits {
		if h.Site == "gia-hung" && !strings.HasPrefix(h.URL, "http://giahung.ninhbinh.gov.vn/") {
			t.Errorf("API hit of the commune at %s", h.URL)
		}
	}
	if code, body := get(prov.Host, "/api/v1/search?q="+q+"&site=khong-co"); code != http.StatusBadRequest || !strings.Contains(body, "Không có đơn vị") {
		t.Errorf("API unknown site: %d %s", code, body)
	}
	if code, _ := get(commune.Host, "/api/v1/search?q="+q+"&site=giavien"); code != http.StatusBadRequest {
		t.Errorf("API on a commune, site of a sibling: %d, want 400", code)
	}

	// A site's switched-off Văn bản leaves the province view as well as
	// the site's own search: the demo's decision on the portal's rules
	// (123/QĐ-UBND) is found from the province until Gia Viễn turns
	// documents off.
	docs := func() int {
		t.Helper()
		var res struct{ Total int }
		code, body := get(prov.Host, "/api/v1/search?q=quy+che+hoat+dong&site=all&kind=document")
		if err := json.Unmarshal([]byte(body), &res); code != 200 || err != nil {
			t.Fatalf("API documents: %d %v", code, err)
		}
		return res.Total
	}
	if n := docs(); n != 1 {
		t.Errorf("province view finds %d documents, want Gia Viễn's one", n)
	}
	var on []content.Module
	for _, m := range content.Modules {
		if m.Module != content.ModuleDocuments {
			on = append(on, m.Module)
		}
	}
	ctx := context.Background()
	gv, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.furniture.SaveModules(ctx, gv.ID, on, nil); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if n := docs(); n != 0 {
		t.Errorf("province view finds %d documents of a site whose Văn bản is off", n)
	}
	if code, body := get(prov.Host, "/tim-kiem?q=quy+che+hoat+dong&pham-vi=toan-tinh"); code != 200 || strings.Contains(body, "123/QĐ-UBND") {
		t.Errorf("province search page: %d, shows a document of a site whose Văn bản is off", code)
	}

	// Tin từ cơ sở.
	code, body = get(prov.Host, "/tin-tu-co-so")
	if code != 200 || !strings.Contains(body, `href="http://giahung.ninhbinh.gov.vn/tin-tuc/`) || strings.Contains(body, "Bản nháp") || !strings.Contains(body, "Trang thông tin điện tử xã Gia Hưng") {
		t.Errorf("/tin-tu-co-so: %d", code)
	}
	code, body = get(prov.Host, "/tin-tu-co-so/rss")
	if code != 200 || !strings.Contains(body, "<rss") || !strings.Contains(body, "<link>http://giahung.ninhbinh.gov.vn/tin-tuc/") {
		t.Errorf("/tin-tu-co-so/rss: %d", code)
	}
	if code, _ := get(commune.Host, "/tin-tu-co-so"); code != http.StatusNotFound {
		t.Errorf("/tin-tu-co-so on a commune: %d, want 404", code)
	}
}

// TestBrowserProvinceView runs axe-core on the province view's pages of
// the demo province (a *.localhost host resolves to this machine),
// desktop and phone.
func TestBrowserProvinceView(t *testing.T) {
	app := startApp(t, config.Config{})
	base := "http://" + demo.ProvinceHost + app.URL[strings.LastIndex(app.URL, ":"):]
	b := browsertest.New(t)
	for _, mobile := range []bool{false, true} {
		for _, pg := range []struct{ name, path string }{
			{"toan-tinh-tim-kiem", "/tim-kiem?q=bao+tro+xa+hoi&pham-vi=toan-tinh"},
			{"toan-tinh-don-vi", "/tim-kiem?q=bao+tro+xa+hoi&pham-vi=toan-tinh&don-vi=giavien"},
			{"tin-tu-co-so", "/tin-tu-co-so"},
		} {
			p := b.Visit(base + pg.path)
			name := pg.name
			if mobile {
				p.SetMobileViewport(375, 812)
				p = b.Visit(base + pg.path)
				name += "-di-dong"
			}
			p.Screenshot(name)
			checkRendered(t, p, 200)
			p.AssertNoAxeViolations()
		}
	}
}
