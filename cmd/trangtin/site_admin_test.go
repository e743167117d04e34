package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/demo"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestSiteInformationReachesTheFooterAndPolicyIsEnforced goes through the
// wired program on each store: a site administrator saves the site's
// information and makes the second factor mandatory; the public footer
// shows the stored contact fields at once, a hidden category leaves the
// menu, and the next sign-in of an approver must set up the second factor
// (serve.go wires the stored policy into the admin area).
func TestSiteInformationReachesTheFooterAndPolicyIsEnforced(t *testing.T) {
	eachStore(t, testSiteInformation)
}

func testSiteInformation(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, demo.SiteKey)
	if err != nil {
		t.Fatal(err)
	}
	const pw = "Sáng nay trời mưa to lắm"
	if _, err := app.users.CreateUser(ctx, "qt@giavien.gov.vn", "Quản Trị Trang", pw, user.RoleSiteAdmin, site.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := app.users.CreateUser(ctx, "pd@giavien.gov.vn", "Lê Văn Duyệt", pw, user.RoleApprover, site.ID); err != nil {
		t.Fatal(err)
	}
	browser := func() *http.Client {
		jar, _ := cookiejar.New(nil)
		return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	post := func(c *http.Client, path string, form url.Values) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", app.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b := testenv.Must(io.ReadAll(res.Body)).Get(t)
		return res, string(b)
	}
	admin := browser()
	if res, _ := post(admin, "/quan-tri/dang-nhap", url.Values{"email": {"qt@giavien.gov.vn"}, "password": {pw}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/quan-tri/" {
		t.Fatalf("sign-in: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Hide a top category from the menu; its page still answers.
	cats, err := app.db.FindCategories(ctx, site.ID)
	if err != nil || len(cats) == 0 {
		t.Fatalf("categories: %v", err)
	}
	top := cats[0]
	for _, c := range cats {
		if c.ParentID == 0 {
			top = c
			break
		}
	}
	if res, body := post(admin, "/quan-tri/chuyen-muc/"+strconv.FormatInt(top.ID, 10), url.Values{"name": {top.Name}, "parent": {"0"}, "hidden": {"1"}}); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/quan-tri/chuyen-muc?xong") {
		t.Fatalf("hide: %d\n%s", res.StatusCode, body)
	}
	_, home := get(t, app.URL+"/")
	if strings.Contains(menuOf(home), `href="/chuyen-muc/`+top.Slug+`"`) {
		t.Errorf("the hidden category %q is still in the menu", top.Name)
	}
	if res, _ := get(t, app.URL+"/chuyen-muc/"+top.Slug); res.StatusCode != http.StatusOK {
		t.Errorf("the hidden category's page: %d", res.StatusCode)
	}
	form := url.Values{"name": {site.Name}, "description": {"Tin tức và dịch vụ công của huyện Gia Viễn."}, "agency": {"Ủy ban nhân dân huyện Gia Viễn"}, "responsible": {"Ông Đinh Văn Thành – Phó Chủ tịch UBND huyện"},
		"address": {"Thị trấn Me, huyện Gia Viễn, tỉnh Ninh Bình"}, "phone": {"0229 3 640 101"}, "email": {"ubnd@giavien.ninhbinh.gov.vn"},
		"licence": {"Giấy phép số 12/GP-TTĐT ngày 10/03/2023 của Sở Thông tin và Truyền thông"}, "require_second_factor": {"1"}}
	_, settings := getWith(t, admin, app.URL+"/quan-tri/thong-tin-trang")
	m := phienBanRE.FindStringSubmatch(settings)
	if m == nil {
		t.Fatal("the site information form carries no edit version")
	}
	form.Set("phien-ban", m[1])
	if res, body := post(admin, "/quan-tri/thong-tin-trang", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	_, home = get(t, app.URL+"/")
	for _, want := range []string{`<meta name="description" content="Tin tức và dịch vụ công của huyện Gia Viễn.">`, "Ông Đinh Văn Thành – Phó Chủ tịch UBND huyện", "Giấy phép số 12/GP-TTĐT", "ubnd@giavien.ninhbinh.gov.vn", "0229 3 640 101"} {
		if !strings.Contains(home, want) {
			t.Errorf("the public footer lacks %q", want)
		}
	}
	if strings.Contains(home, "Dữ liệu trình diễn của trangtin") {
		t.Error("the demo licence placeholder is still shown")
	}
	// The stored policy applies: the approver must set up the second factor.
	ap := browser()
	res, _ := post(ap, "/quan-tri/dang-nhap", url.Values{"email": {"pd@giavien.gov.vn"}, "password": {pw}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/quan-tri/xac-thuc-hai-buoc/thiet-lap") {
		t.Errorf("approver sign-in: %d → %s, want the second-factor set-up", res.StatusCode, res.Header.Get("Location"))
	}
}

// menuOf is the part of a public page holding the main menu.
func menuOf(page string) string {
	start := strings.Index(page, `<nav class="menu"`)
	if start < 0 {
		return ""
	}
	end := strings.Index(page[start:], "</nav>")
	if end < 0 {
		return page[start:]
	}
	return page[start : start+end]
}
