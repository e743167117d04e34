package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/audit"
	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// TestArchivedSite is item 8 of the province platform issue: `site
// archive` (with --dry-run and bad input), then every public page of the
// archived site carries the banner with its successor linked, its forms
// (question, comment, rating) are closed with a message and refuse a
// post, its content stays searchable and in its sitemap, the editors'
// area refuses every write with a clear message, and `site reopen` opens
// it again.
func TestArchivedSite(t *testing.T) { eachStore(t, testArchivedSite) }

func testArchivedSite(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	addCommune(t, app)
	demo := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	if _, err := app.users.CreateUser(ctx, "quantri@giavien.gov.vn", "Quản trị", "Mat-khau-du-dai-2025", user.RoleSiteAdmin, demo.ID); err != nil {
		t.Fatal(err)
	}

	wantRefused(t, cfg, `Không có trang nào có mã "khong-co"`, "archive", "khong-co")
	wantRefused(t, cfg, "Trang kế nhiệm phải là một trang khác", "archive", "giavien", "--successor", "giavien")
	wantRefused(t, cfg, `Không có trang kế nhiệm mã "xa-moi"`, "archive", "giavien", "--successor", "xa-moi")
	wantRefused(t, cfg, "không phải một ngày", "archive", "giavien", "--since", "1/13/2025")
	wantRefused(t, cfg, "không phải trang lưu trữ", "reopen", "giavien")
	wantOK(t, cfg, "Chạy thử, không thay đổi gì", "archive", "giavien", "--successor", "gia-hung", "--since", "2025-07-01", "--dry-run")
	if s := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t); s.State != content.StateActive {
		t.Fatalf("--dry-run changed the state to %q", s.State)
	}
	// A signed-in editor of the site, before it is archived.
	admin := staffClient(t, app.URL, "quantri@giavien.gov.vn", "Mat-khau-du-dai-2025")

	wantOK(t, cfg, "thành trang lưu trữ", "archive", "giavien", "--successor", "gia-hung", "--since", "2025-07-01")
	wantRefused(t, cfg, "đang lưu trữ", "archive", "gia-hung", "--successor", "giavien")
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	banner := demo.Name + ` kết thúc hoạt động từ ngày 01/07/2025; thông tin mới tại <a href="//giahung.ninhbinh.gov.vn/">Trang thông tin điện tử xã Gia Hưng</a>`
	for _, path := range []string{"/", seedArticlePath, "/tim-kiem?q=b%E1%BA%A3o+tr%E1%BB%A3", "/hoi-dap", "/hoi-dap/dat-cau-hoi", "/van-ban", "/khong-co-trang-nay"} {
		res, body := get(t, app.URL+path)
		if !strings.Contains(body, "Trang thông tin lưu trữ.") || !strings.Contains(body, banner) {
			t.Errorf("GET %s (%d): no archive banner naming the successor", path, res.StatusCode)
		}
	}
	// The successor renamed: the archived site's cached pages name it anew.
	wantOK(t, cfg, "", "set", "gia-hung", "--name", "Trang thông tin điện tử xã Gia Hưng mới")
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, app.URL+"/"); !strings.Contains(body, `<a href="//giahung.ninhbinh.gov.vn/">Trang thông tin điện tử xã Gia Hưng mới</a>`) {
		t.Error("the archived site's cached home page still names the successor by its old name")
	}
	_, body := get(t, app.URL+"/hoi-dap/dat-cau-hoi")
	if strings.Contains(body, `action="/hoi-dap/dat-cau-hoi"`) || !strings.Contains(body, "chỉ còn để tra cứu") {
		t.Error("the question form of an archived site is still offered")
	}
	_, body = get(t, app.URL+seedArticlePath)
	if strings.Contains(body, `action="/danh-gia"`) || !strings.Contains(body, "chỉ còn để tra cứu") {
		t.Error("the rating form of an archived site is still offered")
	}
	if status, body := postForm(t, citizen(t), app.URL+"/hoi-dap/dat-cau-hoi", askForm("Câu hỏi gửi trang lưu trữ")); status != http.StatusConflict || !strings.Contains(body, "chỉ còn để tra cứu") {
		t.Errorf("a question posted to an archived site: %d", status)
	}
	if status, _ := postForm(t, citizen(t), app.URL+"/danh-gia", url.Values{"loai": {"bai-viet"}, "ma": {"1"}, "diem": {"5"}}); status != http.StatusConflict {
		t.Errorf("a rating posted to an archived site: %d, want 409", status)
	}
	// Still a public record: searchable, in the sitemap.
	if _, body := get(t, app.URL+"/tim-kiem?q=b%E1%BA%A3o+tr%E1%BB%A3+x%C3%A3+h%E1%BB%99i"); !strings.Contains(body, seedArticlePath) {
		t.Error("search on the archived site does not find the reference article")
	}
	if _, body := get(t, app.URL+"/sitemap.xml"); !strings.Contains(body, seedArticlePath+"</loc>") {
		t.Error("the archived site's sitemap lacks the reference article")
	}
	// The editors' area: read, never write.
	if status, body := getWith(t, admin, app.URL+"/quan-tri/"); status != http.StatusOK || !strings.Contains(body, "đã chuyển sang lưu trữ") {
		t.Errorf("dashboard of an archived site: %d, want 200 with the archive notice", status)
	}
	status, body := postForm(t, admin, app.URL+"/quan-tri/thong-tin-trang", url.Values{"name": {"Tên mới"}})
	if status != http.StatusConflict || !strings.Contains(body, "không nhận thay đổi") {
		t.Errorf("a write in the editors' area of an archived site: %d", status)
	}
	if s := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t); s.Name == "Tên mới" {
		t.Error("the archived site's information was changed")
	}

	wantOK(t, cfg, "Đã mở lại trang giavien", "reopen", "giavien")
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, app.URL+"/hoi-dap/dat-cau-hoi"); strings.Contains(body, "Trang thông tin lưu trữ.") || !strings.Contains(body, `action="/hoi-dap/dat-cau-hoi"`) {
		t.Error("after reopen: still the banner, or no question form")
	}
}

// TestBrowserArchivedSite runs axe-core on an archived site's pages, on a
// desktop and on a phone: the banner and the closed forms must find
// nothing either.
func TestBrowserArchivedSite(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	addCommune(t, app)
	since := testenv.Must(vi.ParseDay("2025-07-01")).Get(t)
	if _, err := content.NewSites(app.db).Archive(ctx, "giavien", "gia-hung", since, audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := app.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	for _, mobile := range []bool{false, true} {
		for _, pg := range []struct{ name, path string }{
			{"luu-tru-trang-chu", "/"},
			{"luu-tru-bai-viet", seedArticlePath},
			{"luu-tru-dat-cau-hoi", "/hoi-dap/dat-cau-hoi"},
		} {
			p := b.Visit(app.URL + pg.path)
			name := pg.name
			if mobile {
				p.SetMobileViewport(375, 812)
				p = b.Visit(app.URL + pg.path)
				name += "-di-dong"
			}
			p.Screenshot(name)
			checkRendered(t, p, 200)
			if got := p.Text(".archive-notice"); !strings.Contains(got, "Trang thông tin lưu trữ.") {
				t.Errorf("%s: banner %q", name, got)
			}
			p.AssertNoAxeViolations()
		}
	}
}
