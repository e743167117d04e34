package admin

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/httpx"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// fill sets the form fields of the page by id, as typing would.
func fill(t *testing.T, p *browsertest.Page, values map[string]string) {
	t.Helper()
	js, err := json.Marshal(values)
	if err != nil {
		t.Fatal(err)
	}
	p.Eval(fmt.Sprintf(`(() => { for (const [id, v] of Object.entries(%s)) { document.getElementById(id).value = v; } return true; })()`, js), nil)
}

// TestBrowserSignInIsAccessible signs in with a real browser, under the
// program's CSP, and runs axe-core (WCAG 2.1 A/AA) on the sign-in page,
// its error state, the dashboard on a desktop and a phone, and the
// second-factor pages.
func TestBrowserSignInIsAccessible(t *testing.T) {
	f := newFixture(t)
	f.addUser("bt@giavien.gov.vn", "Nguyễn Thị Kim Thoả", user.RoleEditor, f.siteA.ID)
	f.addUser("pd@giavien.gov.vn", "Lê Văn Duyệt", user.RoleApprover, f.siteA.ID)
	f.setPolicy(f.siteA.ID, user.Policy{RequireSecondFactor: true})
	srv := httptest.NewServer(httpx.SecurityHeaders(f.h))
	defer srv.Close()

	b := browsertest.New(t)
	p := b.Visit(srv.URL + "/quan-tri/")
	if h1 := p.Text("h1"); h1 != "Đăng nhập" {
		t.Fatalf("anonymous /quan-tri/ shows %q, want the sign-in page", h1)
	}
	var bg string
	p.Eval(`getComputedStyle(document.querySelector('.topbar')).backgroundColor`, &bg)
	if bg != "rgb(143, 16, 16)" {
		t.Errorf("the stylesheet did not apply under the CSP (header background %q)", bg)
	}
	p.Screenshot("dang-nhap")
	p.AssertNoAxeViolations()

	// Wrong password: the error state must be accessible too.
	fill(t, p, map[string]string{"email": "bt@giavien.gov.vn", "password": "không đúng đâu"})
	p = p.ClickAndWait("button[type=submit]")
	if msg := p.Text(".alert"); !strings.Contains(msg, "Email hoặc mật khẩu không đúng.") {
		t.Fatalf("wrong password shows %q", msg)
	}
	p.Screenshot("dang-nhap-loi")
	p.AssertNoAxeViolations()

	fill(t, p, map[string]string{"email": "bt@giavien.gov.vn", "password": testPassword})
	p = p.ClickAndWait("button[type=submit]")
	if name := p.Text(".user-name"); name != "Nguyễn Thị Kim Thoả" {
		t.Fatalf("after sign-in the header shows %q", name)
	}
	p = b.Visit(srv.URL + "/quan-tri/")
	if roles := p.Text(".user-roles"); roles != "Biên tập viên" {
		t.Errorf("roles shown: %q", roles)
	}
	var cookieVisible bool
	p.Eval(`document.cookie.includes("tt_phien")`, &cookieVisible)
	if cookieVisible {
		t.Error("the session cookie is readable from JavaScript")
	}
	p.Screenshot("tong-quan")
	p.AssertNoAxeViolations()

	p.SetMobileViewport(390, 844)
	p = b.Visit(srv.URL + "/quan-tri/")
	var overflow bool
	p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
	if overflow {
		t.Error("the dashboard scrolls sideways on a phone")
	}
	p.Screenshot("tong-quan-dien-thoai")
	p.AssertNoAxeViolations()

	p = b.Visit(srv.URL + "/quan-tri/chuyen-muc")
	if h1 := p.Text("h1"); h1 != "Không có quyền truy cập" || p.Status != 403 {
		t.Errorf("an editor on the categories: %d %q", p.Status, h1)
	}
	p.AssertNoAxeViolations()

	// Sign out with the button, then sign in as an approver, whom the
	// site requires to set up the second factor.
	p.SetViewport(browsertest.WindowWidth, browsertest.WindowHeight)
	p = p.ClickAndWait(".signout button")
	if notice := p.Text(".notice"); notice != "Bạn đã đăng xuất." {
		t.Fatalf("after sign-out: notice %q", notice)
	}
	fill(t, p, map[string]string{"email": "pd@giavien.gov.vn", "password": testPassword})
	p = p.ClickAndWait("button[type=submit]")
	p.Text("input[name=secret]")
	if h1 := p.Text("h1"); h1 != "Bật xác thực hai lớp" {
		t.Fatalf("approver lands on %q", h1)
	}
	p.Screenshot("thiet-lap-hai-lop")
	p.AssertNoAxeViolations()
	var secret string
	p.Eval(`document.querySelector('input[name=secret]').value`, &secret)
	enrol, err := user.TOTPCode(secret, time.Now().Add(-user.TOTPPeriod*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	fill(t, p, map[string]string{"code": enrol})
	p = p.ClickAndWait("form.form button[type=submit]")
	p.Text("#code-goi-y")
	if h1 := p.Text("h1"); h1 != "Xác thực hai lớp" {
		t.Fatalf("after set-up: %q", h1)
	}
	p.Screenshot("ma-xac-thuc")
	p.AssertNoAxeViolations()
	code := testenv.Must(user.TOTPCode(secret, time.Now())).Get(t)
	fill(t, p, map[string]string{"code": code})
	p = p.ClickAndWait("form.form button[type=submit]")
	if name := p.Text(".user-name"); name != "Lê Văn Duyệt" {
		t.Fatalf("after the code the header shows %q", name)
	}
}
