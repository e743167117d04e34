package admin

import (
	"context"
	"html/template"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

const msgBadLogin = "Email hoặc mật khẩu không đúng."

var inlineHandler = regexp.MustCompile(`\son[a-z]+=`)

func TestSignInSetsSessionCookieAndOpensDashboard(t *testing.T) {
	f := newFixture(t)
	f.addUser("pv@giavien.gov.vn", "Nguyễn Thị Kim Thoả", user.RoleReporter, f.siteA.ID)

	for _, withTLS := range []bool{false, true} {
		c := f.client("a.test")
		c.tls = withTLS
		page := c.get(pathLogin)
		if page.status != http.StatusOK || !strings.Contains(page.body, `<label for="email">`) ||
			!strings.Contains(page.body, `autocomplete="current-password"`) || !strings.Contains(page.body, `<html lang="vi">`) {
			t.Fatalf("sign-in page: %d\n%s", page.status, page.body)
		}
		res := c.login("  PV@giavien.gov.vn ", testPassword, "")
		if res.status != http.StatusSeeOther || res.location() != pathHome {
			t.Fatalf("sign-in: %d → %q\n%s", res.status, res.location(), res.body)
		}
		ck := res.cookie(CookieName)
		if ck == nil || ck.Value == "" {
			t.Fatalf("no session cookie: %v", res.cookies)
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/quan-tri/" || ck.Secure != withTLS {
			t.Errorf("cookie (TLS %v) = %+v: want HttpOnly, SameSite=Lax, Path=/quan-tri/, Secure=%v", withTLS, ck, withTLS)
		}
		dash := c.get(pathHome)
		if dash.status != http.StatusOK {
			t.Fatalf("dashboard: %d → %q", dash.status, dash.location())
		}
		for _, want := range []string{"Nguyễn Thị Kim Thoả", "Phóng viên / Cộng tác viên", f.siteA.Name,
			`href="/quan-tri/bai-viet"`, `href="/quan-tri/hop-thu"`, `action="/quan-tri/dang-xuat"`, `aria-current="page"`} {
			if !strings.Contains(dash.body, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		for _, not := range []string{`href="/quan-tri/chuyen-muc"`, `href="/quan-tri/nguoi-dung"`, `href="/quan-tri/nhat-ky"`} {
			if strings.Contains(dash.body, not) {
				t.Errorf("a reporter's dashboard links to %s", not)
			}
		}
		if cc := dash.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("dashboard Cache-Control %q", cc)
		}
	}
	es := f.auditEntries()
	if len(es) != 2 || es[0].Action != "login.ok" || es[0].Actor != "pv@giavien.gov.vn" || es[0].SiteID != f.siteA.ID || es[0].IP == "" {
		t.Errorf("audit: %+v", es)
	}
}

func TestWrongPasswordAndUnknownEmailLookAlike(t *testing.T) {
	f := newFixture(t)
	f.addUser("bt@giavien.gov.vn", "Trần Văn Biên", user.RoleEditor, f.siteA.ID)
	c := f.client("a.test")

	wrong := c.login("bt@giavien.gov.vn", "không phải mật khẩu này", "")
	unknown := c.login("ai-do@giavien.gov.vn", "không phải mật khẩu này", "")
	for name, res := range map[string]response{"wrong password": wrong, "unknown email": unknown} {
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, msgBadLogin) {
			t.Errorf("%s: %d\n%s", name, res.status, res.body)
		}
		if res.cookie(CookieName) != nil {
			t.Errorf("%s set a session cookie", name)
		}
		if !strings.Contains(res.body, `role="alert"`) || !strings.Contains(res.body, `aria-describedby="loi-chung"`) || !strings.Contains(res.body, `aria-invalid="true"`) {
			t.Errorf("%s: the message is not announced or linked to the fields", name)
		}
		if strings.Contains(res.body, "không phải mật khẩu này") {
			t.Errorf("%s: the password was echoed back", name)
		}
	}
	if !strings.Contains(unknown.body, `value="ai-do@giavien.gov.vn"`) {
		t.Error("the email typed is not kept in the form")
	}
	if got := c.get(pathHome); got.status != http.StatusSeeOther {
		t.Errorf("after failed sign-ins the dashboard answers %d", got.status)
	}
	es := f.auditEntries()
	if len(es) != 2 {
		t.Fatalf("audit: %+v", es)
	}
	for i, email := range []string{"bt@giavien.gov.vn", "ai-do@giavien.gov.vn"} {
		e := es[i]
		if e.Action != "login.fail" || e.Detail["email"] != email || e.ActorID != 0 {
			t.Errorf("audit entry %d: %+v", i, e)
		}
		for k, v := range e.Detail {
			if strings.Contains(v, "mật khẩu") {
				t.Errorf("audit detail %s holds the password", k)
			}
		}
	}
}

func TestSignInFormIsValidatedOnTheServer(t *testing.T) {
	f := newFixture(t)
	c := f.client("a.test")
	res := c.login("", "", "")
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("empty form: %d", res.status)
	}
	for _, want := range []string{"Vui lòng nhập địa chỉ email.", "Vui lòng nhập mật khẩu.", `id="email-loi"`, `aria-describedby="email-loi"`,
		`id="password-loi"`, `aria-describedby="password-loi"`, `href="#email"`, "<title>Lỗi: Đăng nhập"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("empty form: no %q", want)
		}
	}
	res = c.login("không phải email", "x", "")
	if !strings.Contains(res.body, "Địa chỉ email không hợp lệ") {
		t.Errorf("bad email: %s", res.body)
	}
	if n := len(f.auditEntries()); n != 0 {
		t.Errorf("a form that never reached the check was audited (%d entries)", n)
	}
}

func TestRepeatedFailuresLockTheAccount(t *testing.T) {
	f := newFixture(t)
	f.addUser("pd@giavien.gov.vn", "Lê Phê Duyệt", user.RoleApprover, f.siteA.ID)
	c := f.client("a.test")
	var last response
	for i := 1; i <= 6; i++ {
		last = c.login("pd@giavien.gov.vn", "sai mật khẩu lần thứ "+string(rune('0'+i)), "")
		if i < 5 && !strings.Contains(last.body, msgBadLogin) {
			t.Fatalf("attempt %d: %d\n%s", i, last.status, last.body)
		}
	}
	if last.status != http.StatusTooManyRequests || !strings.Contains(last.body, "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần") {
		t.Fatalf("6th attempt: %d\n%s", last.status, last.body)
	}
	if res := c.login("pd@giavien.gov.vn", testPassword, ""); res.status != http.StatusTooManyRequests || res.cookie(CookieName) != nil {
		t.Errorf("the right password while locked: %d, cookie %v", res.status, res.cookie(CookieName))
	}
}

func TestTooManyFailuresFromOneAddress(t *testing.T) {
	l := user.DefaultLimits()
	l.IPFailures = 3
	f := newFixture(t, l)
	c := f.client("a.test")
	for i := 0; i < 3; i++ {
		c.login("nguoi"+string(rune('a'+i))+"@giavien.gov.vn", "sai mật khẩu rồi", "")
	}
	res := c.login("khac@giavien.gov.vn", "sai mật khẩu rồi", "")
	if res.status != http.StatusTooManyRequests || !strings.Contains(res.body, "Bạn đã đăng nhập sai quá nhiều lần") {
		t.Fatalf("%d\n%s", res.status, res.body)
	}
}

func TestAnonymousVisitorIsSentToSignIn(t *testing.T) {
	f := newFixture(t)
	f.addUser("qt@hoalu.gov.vn", "Phạm Quản Trị", user.RoleSiteAdmin, f.siteB.ID)
	c := f.client("b.test")
	for path, want := range map[string]string{
		"/quan-tri/":                   "/quan-tri/dang-nhap?next=%2Fquan-tri%2F",
		"/quan-tri/chuyen-muc?trang=2": "/quan-tri/dang-nhap?next=%2Fquan-tri%2Fchuyen-muc%3Ftrang%3D2",
	} {
		res := c.get(path)
		if res.status != http.StatusSeeOther || res.location() != want {
			t.Errorf("GET %s: %d → %q, want 303 → %q", path, res.status, res.location(), want)
		}
	}
	login := c.get("/quan-tri/dang-nhap?next=%2Fquan-tri%2Fchuyen-muc%3Ftrang%3D2")
	if !strings.Contains(login.body, `name="next" value="/quan-tri/chuyen-muc?trang=2"`) {
		t.Errorf("next not carried by the form:\n%s", login.body)
	}
	res := c.login("qt@hoalu.gov.vn", testPassword, "/quan-tri/chuyen-muc?trang=2")
	if res.location() != "/quan-tri/chuyen-muc?trang=2" {
		t.Errorf("after sign-in: %q", res.location())
	}
	if got := c.get("/quan-tri/chuyen-muc?trang=2"); got.status != http.StatusOK {
		t.Errorf("the page asked for: %d", got.status)
	}
}

func TestNextNeverLeavesTheArea(t *testing.T) {
	for next, want := range map[string]string{
		"//evil.example":                "/quan-tri/",
		"//evil.example/quan-tri/":      "/quan-tri/",
		"https://evil.example/quan-tri": "/quan-tri/",
		"/\\evil.example":               "/quan-tri/",
		"/quan-tri/\\evil":              "/quan-tri/",
		"/quan-tri/../../evil":          "/quan-tri/",
		"javascript:alert(1)":           "/quan-tri/",
		"/tin-tuc/bai-viet":             "/quan-tri/",
		"/quan-tri/dang-nhap":           "/quan-tri/",
		"/quan-tri/dang-xuat":           "/quan-tri/",
		"/quan-tri/\r\nSet-Cookie: x=1": "/quan-tri/",
		"":                              "/quan-tri/",
		"/quan-tri/bai-viet?trang=2":    "/quan-tri/bai-viet?trang=2",
		"/quan-tri/nhat-ky":             "/quan-tri/nhat-ky",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}

	f := newFixture(t)
	f.addUser("pv@giavien.gov.vn", "Phóng Viên", user.RoleReporter, f.siteA.ID)
	c := f.client("a.test")
	if res := c.login("pv@giavien.gov.vn", testPassword, "//evil.example"); res.location() != pathHome {
		t.Errorf("sign-in with next=//evil.example went to %q", res.location())
	}
	if res := c.get("/quan-tri/dang-nhap?next=%2F%2Fevil.example"); res.location() != pathHome {
		t.Errorf("signed-in visit of the sign-in page with next=//evil.example went to %q", res.location())
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	f := newFixture(t)
	f.addUser("bt@giavien.gov.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	c := f.client("a.test")
	c.mustLogin("bt@giavien.gov.vn", pathHome)
	old := *c.cookies[CookieName]

	res := c.post(pathLogout, nil)
	if res.status != http.StatusSeeOther || res.location() != "/quan-tri/dang-nhap?da-dang-xuat=1" {
		t.Fatalf("logout: %d → %q", res.status, res.location())
	}
	if ck := res.cookie(CookieName); ck == nil || ck.MaxAge >= 0 {
		t.Errorf("the cookie was not cleared: %+v", ck)
	}
	if page := c.get(res.location()); !strings.Contains(page.body, "Bạn đã đăng xuất.") {
		t.Error("no sign-out notice")
	}
	// A copy of the old cookie is worth nothing now.
	c.cookies[CookieName] = &old
	if res := c.get(pathHome); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathLogin+"?next=") {
		t.Errorf("old cookie after logout: %d → %q", res.status, res.location())
	}
	es := f.auditEntries()
	if len(es) != 2 || es[1].Action != "logout" || es[1].Actor != "bt@giavien.gov.vn" {
		t.Errorf("audit: %+v", es)
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	f := newFixture(t)
	f.addUser("bt@giavien.gov.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	c := f.client("a.test")

	res := c.post(pathLogin, url.Values{"email": {"bt@giavien.gov.vn"}, "password": {testPassword}}, "Sec-Fetch-Site", "cross-site")
	if res.status != http.StatusForbidden || res.cookie(CookieName) != nil {
		t.Errorf("cross-site sign-in: %d, cookie %v", res.status, res.cookie(CookieName))
	}
	res = c.post(pathLogin, url.Values{"email": {"bt@giavien.gov.vn"}, "password": {testPassword}}, "Sec-Fetch-Site", "", "Origin", "https://evil.example")
	if res.status != http.StatusForbidden {
		t.Errorf("sign-in with a foreign Origin: %d", res.status)
	}

	c.mustLogin("bt@giavien.gov.vn", pathHome)
	if res := c.post(pathLogout, nil, "Sec-Fetch-Site", "cross-site"); res.status != http.StatusForbidden {
		t.Errorf("cross-site logout: %d", res.status)
	}
	if res := c.get(pathHome); res.status != http.StatusOK {
		t.Errorf("the session did not survive a refused cross-site logout: %d", res.status)
	}
	// A top-level cross-site GET (a link from elsewhere) is fine.
	req := httptest.NewRequest(http.MethodGet, pathHome, nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.do(req); res.status != http.StatusOK {
		t.Errorf("cross-site GET: %d", res.status)
	}
}

func TestPermissionsFollowTheSiteOfTheHost(t *testing.T) {
	f := newFixture(t)
	f.addUser("pv@giavien.gov.vn", "Phóng Viên A", user.RoleReporter, f.siteA.ID)
	f.addUser("qt@hoalu.gov.vn", "Quản Trị B", user.RoleSiteAdmin, f.siteB.ID)
	f.addUser("root@tinh.gov.vn", "Quản Trị Hệ Thống", user.RoleAdmin, 0)

	type check struct {
		email, host, path string
		status            int
	}
	for _, tc := range []check{
		{"pv@giavien.gov.vn", "a.test", pathArticles, 200},
		{"pv@giavien.gov.vn", "a.test", pathInbox, 200},
		{"pv@giavien.gov.vn", "a.test", pathCategory, 403},
		{"pv@giavien.gov.vn", "a.test", pathUsers, 403},
		{"pv@giavien.gov.vn", "b.test", pathArticles, 403}, // a role on A grants nothing on B
		{"pv@giavien.gov.vn", "b.test", pathHome, 200},
		{"qt@hoalu.gov.vn", "b.test", pathCategory, 200},
		{"qt@hoalu.gov.vn", "b.test", pathUsers, 200},
		{"qt@hoalu.gov.vn", "b.test", pathAuditLog, 200},
		{"qt@hoalu.gov.vn", "b.test", pathArticles, 403}, // site admins do not publish
		{"qt@hoalu.gov.vn", "a.test", pathCategory, 403},
		{"root@tinh.gov.vn", "a.test", pathUsers, 200},
		{"root@tinh.gov.vn", "b.test", pathArticles, 200},
	} {
		c := f.client(tc.host)
		c.mustLogin(tc.email, pathHome)
		res := c.get(tc.path)
		if res.status != tc.status {
			t.Errorf("%s on %s%s: %d, want %d", tc.email, tc.host, tc.path, res.status, tc.status)
			continue
		}
		if tc.status == 403 {
			for _, want := range []string{"Không có quyền truy cập", "không có quyền", `action="/quan-tri/dang-xuat"`} {
				if !strings.Contains(res.body, want) {
					t.Errorf("%s on %s%s: the 403 page lacks %q", tc.email, tc.host, tc.path, want)
				}
			}
		}
	}

	c := f.client("b.test")
	c.mustLogin("pv@giavien.gov.vn", pathHome)
	dash := c.get(pathHome)
	if !strings.Contains(dash.body, "Chưa có vai trò trên trang này") || strings.Contains(dash.body, `href="/quan-tri/bai-viet"`) {
		t.Errorf("a reporter of A on B's area:\n%s", dash.body)
	}
	c = f.client("b.test")
	c.mustLogin("qt@hoalu.gov.vn", pathHome)
	dash = c.get(pathHome)
	for _, want := range []string{"Quản trị trang", `href="/quan-tri/chuyen-muc"`, `href="/quan-tri/nguoi-dung"`, `href="/quan-tri/nhat-ky"`} {
		if !strings.Contains(dash.body, want) {
			t.Errorf("site admin's dashboard lacks %q", want)
		}
	}
}

func TestSecondFactorWithTOTP(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.addUser("pd@giavien.gov.vn", "Lê Phê Duyệt", user.RoleApprover, f.siteA.ID)
	secret, err := user.NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	// Enrolled with the previous step's code, so the current one is fresh.
	enrol := testenv.Must(user.TOTPCode(secret, time.Now().Add(-user.TOTPPeriod*time.Second))).Get(t)
	if err := f.users.EnableTOTP(ctx, u.ID, secret, enrol, nil); err != nil {
		t.Fatal(err)
	}

	c := f.client("a.test")
	res := c.login("pd@giavien.gov.vn", testPassword, "/quan-tri/bai-viet")
	if res.status != http.StatusSeeOther || res.location() != "/quan-tri/xac-thuc-hai-buoc?next=%2Fquan-tri%2Fbai-viet" {
		t.Fatalf("sign-in with TOTP: %d → %q", res.status, res.location())
	}
	first := c.cookies[CookieName].Value
	if res := c.get(pathHome); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathCode) {
		t.Errorf("dashboard before the code: %d → %q", res.status, res.location())
	}
	page := c.get(res.location())
	if page.status != http.StatusOK || !strings.Contains(page.body, `autocomplete="one-time-code"`) || strings.Contains(page.body, `href="/quan-tri/bai-viet"`) {
		t.Fatalf("code page: %d\n%s", page.status, page.body)
	}

	bad := c.post(pathCode, url.Values{"code": {"12345"}, "next": {"/quan-tri/bai-viet"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Mã xác thực gồm đúng 6 chữ số.") {
		t.Errorf("short code: %d", bad.status)
	}
	code := testenv.Must(user.TOTPCode(secret, time.Now())).Get(t)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	bad = c.post(pathCode, url.Values{"code": {wrong}, "next": {"/quan-tri/bai-viet"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Mã xác thực không đúng hoặc đã được sử dụng.") ||
		!strings.Contains(bad.body, `aria-describedby="code-goi-y code-loi"`) {
		t.Errorf("wrong code: %d\n%s", bad.status, bad.body)
	}

	ok := c.post(pathCode, url.Values{"code": {code[:3] + " " + code[3:]}, "next": {"/quan-tri/bai-viet"}})
	if ok.status != http.StatusSeeOther || ok.location() != "/quan-tri/bai-viet" {
		t.Fatalf("right code: %d → %q\n%s", ok.status, ok.location(), ok.body)
	}
	if c.cookies[CookieName].Value == first {
		t.Error("the session token was not replaced after the second factor")
	}
	if res := c.get("/quan-tri/bai-viet"); res.status != http.StatusOK {
		t.Errorf("after the code: %d → %q", res.status, res.location())
	}
	stale := f.client("a.test")
	stale.cookies[CookieName] = &http.Cookie{Name: CookieName, Value: first}
	if res := stale.get(pathHome); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathLogin) {
		t.Errorf("the token from before the second factor still works: %d → %q", res.status, res.location())
	}

	// The same code cannot be used twice.
	again := f.client("a.test")
	again.login("pd@giavien.gov.vn", testPassword, "")
	if res := again.post(pathCode, url.Values{"code": {code}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("replayed code: %d → %q", res.status, res.location())
	}

	var actions []string
	for _, e := range f.auditEntries() {
		actions = append(actions, e.Action)
	}
	want := "login.ok login.second_factor_fail login.second_factor_ok login.ok login.second_factor_fail"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("audit actions: %s\nwant %s", got, want)
	}
}

func TestSiteCanRequireSecondFactor(t *testing.T) {
	f := newFixture(t)
	f.setPolicy(f.siteA.ID, user.Policy{RequireSecondFactor: true})
	f.addUser("pd@giavien.gov.vn", "Lê Phê Duyệt", user.RoleApprover, f.siteA.ID)
	f.addUser("pv@giavien.gov.vn", "Phóng Viên", user.RoleReporter, f.siteA.ID)

	// Reporters are not concerned.
	f.client("a.test").mustLogin("pv@giavien.gov.vn", pathHome)

	c := f.client("a.test")
	c.mustLogin("pd@giavien.gov.vn", pathSetup)
	if res := c.get(pathHome); res.location() != pathSetup+"?next=%2Fquan-tri%2F" && res.location() != pathSetup {
		t.Errorf("dashboard before set-up: %d → %q", res.status, res.location())
	}
	page := c.get(pathSetup)
	m := hiddenSecret.FindStringSubmatch(page.body)
	if page.status != http.StatusOK || m == nil || !strings.Contains(page.body, "otpauth://totp/") {
		t.Fatalf("set-up page: %d\n%s", page.status, page.body)
	}
	secret := m[1]
	if strings.Contains(page.body, "chart.googleapis") || strings.Contains(page.body, "api.qrserver") {
		t.Error("the secret is sent to an outside QR service")
	}

	bad := c.post(pathSetup, url.Values{"secret": {secret}, "code": {"abcdef"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `value="`+secret+`"`) {
		t.Errorf("bad code at set-up: %d, secret kept: %v", bad.status, strings.Contains(bad.body, secret))
	}
	enrol := testenv.Must(user.TOTPCode(secret, time.Now().Add(-user.TOTPPeriod*time.Second))).Get(t)
	res := c.post(pathSetup, url.Values{"secret": {secret}, "code": {enrol}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathCode+"?da-bat=1") {
		t.Fatalf("set-up: %d → %q\n%s", res.status, res.location(), res.body)
	}
	if page := c.get(res.location()); !strings.Contains(page.body, "Đã bật xác thực hai lớp") {
		t.Error("no notice after set-up")
	}
	// A second set-up, which would replace the secret, is refused.
	if res := c.get(pathSetup); res.status != http.StatusSeeOther {
		t.Errorf("set-up page with TOTP on: %d", res.status)
	}
	code := testenv.Must(user.TOTPCode(secret, time.Now())).Get(t)
	if res := c.post(pathCode, url.Values{"code": {code}}); res.status != http.StatusSeeOther || res.location() != pathHome {
		t.Fatalf("first code: %d → %q\n%s", res.status, res.location(), res.body)
	}
	if res := c.get(pathHome); res.status != http.StatusOK || !strings.Contains(res.body, "Đang bật") {
		t.Errorf("dashboard: %d", res.status)
	}
}

func TestFirstAdminMustChangeThePassword(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	email, pw, created, err := f.users.EnsureFirstAdmin(ctx)
	if err != nil || !created {
		t.Fatal(created, err)
	}
	c := f.client("a.test")
	if res := c.login(email, pw, ""); res.location() != pathPassword {
		t.Fatalf("first sign-in → %q", res.location())
	}
	if res := c.get(pathUsers); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathPassword) {
		t.Errorf("another page before the change: %d → %q", res.status, res.location())
	}
	bad := c.post(pathPassword, url.Values{"current_password": {pw}, "new_password": {testPassword}, "confirm_password": {"khác"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Mật khẩu nhập lại không khớp") {
		t.Errorf("mismatch: %d", bad.status)
	}
	bad = c.post(pathPassword, url.Values{"current_password": {"sai-mat-khau-roi"}, "new_password": {testPassword}, "confirm_password": {testPassword}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Mật khẩu hiện tại không đúng.") {
		t.Errorf("wrong current password: %d", bad.status)
	}
	res := c.post(pathPassword, url.Values{"current_password": {pw}, "new_password": {testPassword}, "confirm_password": {testPassword}})
	if res.status != http.StatusSeeOther || res.location() != pathHome+"?da-doi-mat-khau=1" {
		t.Fatalf("change: %d → %q\n%s", res.status, res.location(), res.body)
	}
	if dash := c.get(res.location()); dash.status != http.StatusOK || !strings.Contains(dash.body, "Đã đổi mật khẩu.") || !strings.Contains(dash.body, "Quản trị hệ thống") {
		t.Errorf("dashboard after the change: %d", dash.status)
	}
	if res := f.client("a.test").login(email, pw, ""); res.status != http.StatusUnprocessableEntity {
		t.Errorf("the one-time password still works: %d", res.status)
	}
	// The change is in the log, written with it, naming the account.
	changes := 0
	for _, e := range f.auditEntries() {
		if e.Action == "password.change" {
			changes++
			if !strings.HasPrefix(e.Object, "user:") || e.Actor != email {
				t.Errorf("password change entry %+v", e)
			}
		}
	}
	if changes != 1 {
		t.Errorf("%d password.change entries, want 1", changes)
	}
}

func TestStaticAssetsHaveHashedURLs(t *testing.T) {
	f := newFixture(t)
	u := f.srv.views.AssetURL("admin.css")
	if !strings.HasPrefix(u, "/quan-tri/static/admin.") || u == "/quan-tri/static/admin.css" {
		t.Fatalf("asset URL %q", u)
	}
	c := f.client("a.test")
	res := c.get(u)
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/css") ||
		!strings.Contains(res.header.Get("Cache-Control"), "immutable") || !strings.Contains(res.body, "--focus") {
		t.Errorf("GET %s: %d %v", u, res.status, res.header)
	}
	if res := c.get("/quan-tri/static/admin.0000000000.css"); res.status != 404 {
		t.Errorf("stale hash: %d", res.status)
	}
	if res := c.get("/quan-tri/khong-co"); res.status != 404 || !strings.Contains(res.body, "Không tìm thấy trang") {
		t.Errorf("unknown page: %d", res.status)
	}
}

// TestEveryTemplateRenders executes each page with its view model, so a
// misspelt field fails here, and checks nothing inline slips past the CSP.
func TestEveryTemplateRenders(t *testing.T) {
	v, err := loadViews(adminFS(), nil)
	if err != nil {
		t.Fatal(err)
	}
	site := content.Site{Name: "Trang thông tin điện tử huyện Gia Viễn"}
	l := Layout{Title: "T", Site: site, User: &CurrentUser{Name: "Kim Thoả", Email: "a@b.vn", Roles: []string{"Biên tập viên"}},
		Nav:    []NavItem{{Label: "Tổng quan", URL: "/quan-tri/", Current: true}, {Label: "Bài viết", URL: "/quan-tri/bai-viet"}},
		Groups: []NavGroup{{Label: "Nội dung", ID: "menu-nhom-1", Items: []NavItem{{Label: "Bài viết", URL: "/quan-tri/bai-viet"}}}}}
	form := Form{Order: []string{"email", "password", "code", "current_password", "new_password", "confirm_password"},
		Errors: map[string]string{"email": "x", "password": "y", "code": "z", "new_password": "w"}, Alert: "Có lỗi", AlertFields: []string{"current_password"}}
	pages := map[string]any{
		"login":     LoginPage{Layout: Layout{Title: "Đăng nhập", Site: site}, Form: form, Email: "a@b.vn", Next: "/quan-tri/", Notice: "n"},
		"code":      CodePage{Layout: l, Form: form, Next: "/quan-tri/", Notice: "n"},
		"setup":     SetupPage{Layout: l, Form: form, Required: true, Secret: "JBSWY3DPEHPK3PXP", Grouped: "JBSW Y3DP", URI: template.URL("otpauth://totp/x")},
		"password":  PasswordPage{Layout: l, Form: form, Forced: true, MinLength: 10},
		"dashboard": DashboardPage{Layout: l, Sections: l.Nav, Notice: "n", Figures: []Figure{{Label: "Bài chờ duyệt", Count: "3", URL: "/quan-tri/bai-viet/?trang-thai=approval", Hint: "h", Alert: true}}},
		"section":   SectionPage{Layout: l, Heading: "Bài viết", Description: "d"},
		"error":     ErrorPage{Layout: l, Heading: "Không có quyền truy cập", Message: "m"},
	}
	maps.Copy(pages, articleTemplateSamples(l))
	maps.Copy(pages, documentTemplateSamples(l))
	maps.Copy(pages, furnitureTemplateSamples(l))
	maps.Copy(pages, engagementTemplateSamples(l))
	maps.Copy(pages, siteAdminTemplateSamples(l))
	maps.Copy(pages, questionTemplateSamples(l))
	maps.Copy(pages, unitTemplateSamples(l))
	maps.Copy(pages, platformTemplateSamples(l))
	maps.Copy(pages, switchTemplateSamples(l))
	maps.Copy(pages, syndicationTemplateSamples(l))
	maps.Copy(pages, libraryTemplateSamples(l))
	maps.Copy(pages, wordTemplateSamples(l))
	for _, name := range v.PageNames() {
		if _, ok := pages[name]; !ok {
			t.Errorf("template %s has no view model in this test", name)
		}
	}
	for name, data := range pages {
		tpl, ok := v.Page(name)
		if !ok {
			t.Errorf("no template %s", name)
			continue
		}
		var b strings.Builder
		if err := tpl.Execute(&b, data); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		out := b.String()
		if !strings.Contains(out, `<html lang="vi">`) || !strings.Contains(out, site.Name) || !strings.Contains(out, `<main id="noi-dung"`) {
			t.Errorf("%s: layout missing", name)
		}
		if strings.Contains(out, "style=") || strings.Contains(out, "<style") || inlineScript(out) || inlineHandler.MatchString(out) {
			t.Errorf("%s: inline style or script, which the CSP forbids", name)
		}
		if strings.Contains(out, "ZgotmplZ") {
			t.Errorf("%s: a value was rejected by the escaper", name)
		}
	}
}

// inlineScript reports whether out has a script other than an empty
// element loading a file of the area.
func inlineScript(out string) bool {
	for _, m := range scriptTag.FindAllStringSubmatch(out, -1) {
		if !strings.Contains(m[1], ` src="/quan-tri/static/`) || m[2] != "" {
			return true
		}
	}
	return false
}
