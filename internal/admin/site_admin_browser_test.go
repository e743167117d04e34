package admin

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/httpx"
)

// TestBrowserSiteAdminPagesAreAccessible runs axe-core (WCAG 2.1 A/AA) in
// headless Chromium, under the program's CSP, on the users page, an
// account, the new account form with its errors, the audit log, the site
// information page with its errors, the category tree and form; and
// checks the tables do not make a phone scroll sideways.
func TestBrowserSiteAdminPagesAreAccessible(t *testing.T) {
	f := newSiteFixture(t)
	srv := httptest.NewServer(httpx.SecurityHeaders(f.h))
	defer srv.Close()
	// Some history for the log and the tree.
	c := f.signedIn(&f.siteAdmin)
	c.post(pathCategory+"/moi", url.Values{"name": {"Văn hoá - Xã hội"}, "parent": {"0"}, "hidden": {"1"}})
	c.post(userURL(f.editor.ID)+"/vai-tro", url.Values{"role": {"editor", "approver"}})

	b := browsertest.New(t)
	p := b.Visit(srv.URL + pathLogin)
	fill(t, p, map[string]string{"email": f.siteAdmin.Email, "password": testPassword})
	p = p.ClickAndWait("button[type=submit]")
	p.Text(".user-name")

	check := func(path, h1, shot string) *browsertest.Page {
		t.Helper()
		p := b.Visit(srv.URL + path)
		if got := p.Text("h1"); got != h1 {
			t.Fatalf("%s: h1 %q, want %q", path, got, h1)
		}
		p.Screenshot(shot)
		p.AssertNoAxeViolations()
		return p
	}
	check(pathUsers, "Người dùng", "nguoi-dung")
	check(userURL(f.editor.ID), f.editor.Name, "tai-khoan")
	p = check(pathUsers+"/moi", "Thêm người dùng", "them-nguoi-dung")
	fill(t, p, map[string]string{"name": "Phạm Thị Lan", "email": "không hợp lệ"})
	p = p.ClickAndWait("form.form button[type=submit]")
	if msg := p.Text(".error-summary"); !strings.Contains(msg, "email") {
		t.Fatalf("error summary %q", msg)
	}
	p.Screenshot("them-nguoi-dung-loi")
	p.AssertNoAxeViolations()

	check(pathAuditLog, "Nhật ký", "nhat-ky")
	check(pathAuditLog+"?tu-ngay=sai", "Nhật ký", "nhat-ky-loi")
	p = check(pathSiteSettings, "Thông tin trang", "thong-tin-trang")
	fill(t, p, map[string]string{"name": "", "phone": "gọi tôi"})
	p = p.ClickAndWait("form.form button[type=submit]")
	if msg := p.Text(".error-summary"); !strings.Contains(msg, "tên trang") {
		t.Fatalf("error summary %q", msg)
	}
	p.Screenshot("thong-tin-trang-loi")
	p.AssertNoAxeViolations()
	check(pathCategory, "Chuyên mục", "chuyen-muc")
	check(pathCategory+"/moi", "Thêm chuyên mục", "them-chuyen-muc")
	check(categoryAdminURL(f.sub.ID), "Sửa chuyên mục", "sua-chuyen-muc")

	p.SetMobileViewport(390, 844)
	for _, path := range []string{pathUsers, pathAuditLog, pathCategory, pathSiteSettings} {
		p = b.Visit(srv.URL + path)
		var overflow bool
		p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
		if overflow {
			t.Errorf("%s scrolls sideways on a phone", path)
		}
		p.AssertNoAxeViolations()
	}
}
