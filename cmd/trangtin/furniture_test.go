package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/testenv"
)

// TestFurniturePages checks the demo site's furniture as a visitor sees
// it, on both stores: the nested menu, the banner strip, the Giới thiệu
// set, the leaders and Tiếp cận thông tin; and that a change of the
// furniture shows at once on pages already cached.
func TestFurniturePages(t *testing.T) { eachStore(t, testFurniturePages) }

func testFurniturePages(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	page := func(path string, status int, want ...string) string {
		t.Helper()
		res, body := get(t, app.URL+path)
		if res.StatusCode != status {
			t.Fatalf("GET %s: %d, want %d", path, res.StatusCode, status)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: page lacks %q", path, w)
			}
		}
		return body
	}

	home := page("/", 200,
		`<summary>Giới thiệu</summary>`, `<a href="/gioi-thieu/lanh-dao">Lãnh đạo</a>`,
		`<summary>Tin tức</summary>`, `<a href="/chuyen-muc/tin-tuc-su-kien">`,
		`<a href="/tiep-can-thong-tin">Tiếp cận thông tin</a>`,
		`<h2 id="cot-lien-ket">Liên kết website</h2>`, `href="https://dichvucong.gov.vn" rel="noopener"`, `Cổng Dịch vụ công quốc gia</span><span class="visually-hidden"> (trang bên ngoài)</span>`,
		`id="tin-noi-bat"`, `id="tin-moi"`)
	if strings.Contains(home, `aria-current="page">Giới thiệu`) {
		t.Error("home page marks a menu item current")
	}
	// The sub-page is current in its sub-menu; its parent is marked active.
	about := page("/gioi-thieu/lich-su", 200, `<details class="submenu active">`, `<a href="/gioi-thieu/lich-su" aria-current="page">Lịch sử hình thành</a>`,
		"Vùng đất Gia Viễn", `<nav class="side-nav"`)
	if n := strings.Count(about, `aria-current="page"`); n != 3 { // menu, side navigation, breadcrumb
		t.Errorf("/gioi-thieu/lich-su has %d aria-current=page, want 3 (menu, side navigation, breadcrumb)", n)
	}
	page("/gioi-thieu", 200, "Huyện Gia Viễn nằm ở phía Tây Bắc", `href="/gioi-thieu/chuc-nang-nhiem-vu"`, `href="/gioi-thieu/lanh-dao"`)
	page("/gioi-thieu/lanh-dao", 200, demo.Leaders[0].Name, "Chủ tịch UBND huyện", `href="tel:02293640001"`, demo.Leaders[1].Name, "Trình độ chuyên môn")
	page("/tiep-can-thong-tin", 200, "Văn phòng HĐND và UBND huyện Gia Viễn", "Phiếu yêu cầu cung cấp thông tin", `<a href="/gioi-thieu">Giới thiệu</a>`)
	// A static page outside the set is not served under /gioi-thieu/.
	if err := app.svc.SavePage(ctx, &content.Page{SiteID: site.ID, Title: "Trang riêng", Slug: "trang-rieng"}, nil); err != nil {
		t.Fatal(err)
	}
	page("/gioi-thieu/trang-rieng", 404)
	page("/gioi-thieu/khong-co", 404)

	// A menu item naming a page of the Giới thiệu set leads to it there.
	f := app.furniture
	co := content.MenuItem{Label: "Cơ cấu", Kind: content.LinkPage, Target: "co-cau-to-chuc"}
	if err := f.SaveMenuItem(ctx, site.ID, &co, content.MenuRefs{PageSlugs: map[string]bool{"co-cau-to-chuc": true}}, nil); err != nil {
		t.Fatal(err)
	}
	page("/gioi-thieu/co-cau-to-chuc", 200, `<a href="/gioi-thieu/co-cau-to-chuc" aria-current="page">Cơ cấu</a>`)
	if err := f.DeleteMenuItem(ctx, site.ID, co.ID, nil); err != nil {
		t.Fatal(err)
	}

	// Changes show at once, though the pages are cached.
	items, err := f.Menu(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := items[len(items)-1]
	last.Label = "Thông tin công khai"
	refs := content.MenuRefs{}
	if err := f.SaveMenuItem(ctx, site.ID, &last, refs, nil); err != nil {
		t.Fatal(err)
	}
	page("/", 200, ">Thông tin công khai</a>")
	page("/gioi-thieu/lich-su", 200, ">Thông tin công khai</a>")
	bs := testenv.Must(f.Banners(ctx, site.ID)).Get(t)
	bs[0].Enabled = false
	if err := f.SaveBanner(ctx, site.ID, &bs[0], nil); err != nil {
		t.Fatal(err)
	}
	if body := page("/", 200); strings.Contains(body, "Cổng Dịch vụ công quốc gia") {
		t.Error("a hidden banner link is still on the cached home page")
	}
	// Home blocks: a configured order replaces the default layout.
	blocks, _, err := f.HomeBlocks(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b.Kind == content.BlockFeatured {
			if err := f.DeleteHomeBlock(ctx, site.ID, b.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveHomeBlock(ctx, site.ID, &content.HomeBlock{Kind: content.BlockBanners, Title: "Dịch vụ trực tuyến"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	body := page("/", 200, `<h2 id="lien-ket">Dịch vụ trực tuyến</h2>`, "Cổng thông tin điện tử Chính phủ")
	if strings.Contains(body, `id="tin-noi-bat"`) || strings.Contains(body, `<aside class="service-links"`) {
		t.Error("home page: the removed featured block or the duplicate links strip is still shown")
	}
	order := regexp.MustCompile(`<h2 id="(tin-moi|lien-ket|khoi-[a-z-]+)"`).FindAllStringSubmatch(body, -1)
	if len(order) < 3 || order[0][1] != "tin-moi" || !strings.HasPrefix(order[1][1], "khoi-") || order[len(order)-1][1] != "lien-ket" {
		t.Errorf("home blocks in order %v, want latest, the category blocks, then links", order)
	}
	// Without a menu the categories come back.
	for i := len(items) - 1; i >= 0; i-- {
		if items[i].ParentID != 0 {
			if err := f.DeleteMenuItem(ctx, site.ID, items[i].ID, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range items {
		if m.ParentID == 0 {
			if err := f.DeleteMenuItem(ctx, site.ID, m.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	if body := page("/", 200, `<a href="/chuyen-muc/tin-tuc-su-kien">`); strings.Contains(body, "<details") {
		t.Error("an empty menu still shows sub-menus")
	}
}
