package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

// TestBrowserArticleContactQA runs axe-core (zero violations) on the
// article page with its time, views, sharing, neighbours and related
// articles, on /lien-he with a form error shown, and on the Hỏi đáp pages
// (the list filtered by lĩnh vực, a lookup refused, a question sent with
// its short code and copy button), on a desktop (1366×768) and a phone
// (390×844).
func TestBrowserArticleContactQA(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	cat := content.Category{SiteID: site.ID, Name: "Chính sách xã hội", Slug: "chinh-sach-xa-hoi-trinh-duyet", Position: 90}
	if err := app.db.CreateCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	var mid content.Article
	for i, slug := range []string{"tin-cu-trinh-duyet", "tin-giua-trinh-duyet", "tin-moi-trinh-duyet"} {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Chi trả trợ cấp bảo trợ xã hội đợt " + string(rune('1'+i)), Slug: slug,
			Body: "<p>Nội dung bài viết.</p>", Status: content.StatusPublished, Keywords: "bảo trợ xã hội",
			PublishedAt: time.Date(2023, 3, 9+i, 8, 30, 0, 0, vi.Zone)}
		if err := app.db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			mid = a
		}
	}
	app.svc.NotifyChanged(site.ID)

	for _, vp := range []struct {
		name   string
		w, h   int
		mobile bool
	}{{"may-tinh", 1366, 768, false}, {"dien-thoai", 390, 844, true}} {
		t.Run(vp.name, func(t *testing.T) {
			b := browsertest.New(t)
			visit := func(path string) *browsertest.Page {
				t.Helper()
				p := b.Visit(app.URL + path)
				if vp.mobile {
					p.SetMobileViewport(vp.w, vp.h)
				} else {
					p.SetViewport(vp.w, vp.h)
				}
				return b.Visit(app.URL + path)
			}
			check := func(p *browsertest.Page, name string) {
				t.Helper()
				p.Screenshot(name + "-" + vp.name)
				p.AssertNoAxeViolations()
			}

			p := visit("/tin-tuc/" + mid.Slug)
			checkRendered(t, p, 200)
			if got := p.Text(".article-meta"); !strings.Contains(got, "Thứ sáu, 10/03/2023 08:30") || !strings.Contains(got, "Lượt xem:") {
				t.Errorf("article meta %q", got)
			}
			var hidden bool
			p.Eval(`document.querySelector('.article-share [data-copy]').hidden`, &hidden)
			if hidden {
				t.Error("the copy-link button stays hidden with scripts on")
			}
			if got := p.Text(".article-nav"); !strings.Contains(got, "Tin mới hơn") || !strings.Contains(got, "Tin cũ hơn") {
				t.Errorf("neighbours %q", got)
			}
			if got := p.Text(".related"); !strings.Contains(strings.ToLower(got), "tin liên quan") {
				t.Errorf("related %q", got)
			}
			check(p, "bai-viet")
			check(visit(seedURL), "bai-viet-mau")

			p = visit("/lien-he")
			checkRendered(t, p, 200)
			check(p, "lien-he")
			nrFill(t, p, map[string]string{"name": "Phạm Thị Hoa", "email": "hoa@", "subject": "Đèn đường"})
			nrSubmit(t, p, `form.public-form button[type=submit]`)
			if got := p.Text(".error-summary h3"); got != "Thư chưa gửi được" {
				t.Fatalf("error summary %q", got)
			}
			var kept string
			p.Eval(`document.getElementById('subject').value`, &kept)
			if kept != "Đèn đường" {
				t.Errorf("typed subject not kept: %q", kept)
			}
			check(p, "lien-he-loi")

			p = visit("/hoi-dap?linh-vuc=" + "T%C6%B0+ph%C3%A1p+-+H%E1%BB%99+t%E1%BB%8Bch")
			checkRendered(t, p, 200)
			check(p, "hoi-dap-loc")
			p = visit("/hoi-dap/tra-cuu")
			nrFill(t, p, map[string]string{"code": "HD-2026-00001"})
			nrSubmit(t, p, `form.public-form button[type=submit]`)
			if !strings.Contains(p.Text("#contact-loi"), "số điện thoại hoặc thư điện tử") {
				t.Error("the lookup without a contact shows no error")
			}
			check(p, "hoi-dap-tra-cuu-loi")
			p = visit("/hoi-dap/dat-cau-hoi")
			nrFill(t, p, map[string]string{"name": "Nguyễn Văn An", "phone": "0912 345 678", "field": "Tư pháp - Hộ tịch", "subject": "Đăng ký khai sinh",
				"body": "Xin hỏi thủ tục đăng ký khai sinh cho con cần những giấy tờ gì?"})
			nrSubmit(t, p, `form.public-form button[type=submit]`)
			if code := p.Text("#ma-tra-cuu"); !codeRE.MatchString(code) {
				t.Fatalf("tracking code %q", code)
			}
			p.Eval(`document.querySelector('.qa-code [data-copy]').hidden`, &hidden)
			if hidden {
				t.Error("the copy button stays hidden with scripts on")
			}
			check(p, "hoi-dap-da-gui")
		})
	}
}
