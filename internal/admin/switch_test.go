package admin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// switchFixture is the two-site fixture with a third site, C (c.test).
type switchFixture struct {
	*fixture
	siteC content.Site
}

func newSwitchFixture(t *testing.T) *switchFixture {
	t.Helper()
	f := &switchFixture{fixture: newFixture(t)}
	ctx := context.Background()
	f.siteC = content.Site{Key: "gia-van", Name: "Trang thông tin điện tử xã Gia Vân", Host: "c.test"}
	if err := content.NewService(f.db).SaveSite(ctx, &f.siteC, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// grant gives u role on siteID.
func (f *switchFixture) grant(u user.User, role user.Role, siteID int64) {
	f.t.Helper()
	if err := f.db.SetMembership(context.Background(), user.Membership{UserID: u.ID, SiteID: siteID, Role: role}, nil); err != nil {
		f.t.Fatal(err)
	}
}

// switchTo posts the switcher of c's host for siteID and returns the
// answer.
func (c *client) switchTo(siteID int64) response {
	c.t.Helper()
	return c.post(pathSwitch, url.Values{"trang": {strconv.FormatInt(siteID, 10)}})
}

var (
	goRefresh = regexp.MustCompile(`<meta http-equiv="refresh" content="0; url=([^"]+)">`)
	goLink    = regexp.MustCompile(`<a id="tiep-tuc" href="([^"]+)">`)
)

// handoffURL checks that res sends the browser to host's redemption
// address (by an immediate refresh and a link: the area's CSP stops a
// form's redirect to another host) and returns its path and query.
func handoffURL(t *testing.T, res response, host string) string {
	t.Helper()
	m, l := goRefresh.FindStringSubmatch(res.body), goLink.FindStringSubmatch(res.body)
	if res.status != http.StatusOK || m == nil || l == nil || m[1] != l[1] || res.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("switch: %d, want 200 with a refresh and a link to the target\n%s", res.status, res.body)
	}
	u, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil || u.Scheme != "http" || u.Host != host || u.Path != pathSwitch || len(u.Query().Get("ma")) != 43 {
		t.Fatalf("switch: sent to %q, want http://%s%s?ma=<token>", m[1], host, pathSwitch)
	}
	return u.RequestURI()
}

// wantRefused checks a refused redemption: its status, the message, the
// way to sign in, and no session cookie.
func wantRefused(t *testing.T, what string, res response, status int, msg string) {
	t.Helper()
	if res.status != status || !strings.Contains(res.body, msg) || !strings.Contains(res.body, "Không chuyển trang được") ||
		!strings.Contains(res.body, `href="/quan-tri/dang-nhap"`) {
		t.Errorf("%s: %d, want %d with %q\n%s", what, res.status, status, msg, excerpt(res.body))
	}
	if c := res.cookie(CookieName); c != nil && c.Value != "" {
		t.Errorf("%s: a session cookie was set", what)
	}
	if res.header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("%s: Referrer-Policy %q", what, res.header.Get("Referrer-Policy"))
	}
}

func TestSwitchSite(t *testing.T) {
	f := newSwitchFixture(t)
	ctx := context.Background()
	u := f.addUser("bt@giavien.gov.vn", "Biên Tập Hai Trang", user.RoleEditor, f.siteA.ID)
	f.grant(u, user.RoleReporter, f.siteB.ID)

	a := f.client("a.test")
	a.mustLogin(u.Email, pathHome)
	dash := a.get(pathHome)
	for _, want := range []string{`action="/quan-tri/chuyen-trang"`, `<label for="chuyen-trang">`,
		`<option value="` + strconv.FormatInt(f.siteA.ID, 10) + `" selected>` + f.siteA.Name,
		`<option value="` + strconv.FormatInt(f.siteB.ID, 10) + `">` + f.siteB.Name} {
		if !strings.Contains(dash.body, want) {
			t.Errorf("the dashboard's switcher lacks %q", want)
		}
	}
	if strings.Contains(dash.body, f.siteC.Name) {
		t.Error("the switcher offers a site the account has no role on")
	}

	target := handoffURL(t, a.switchTo(f.siteB.ID), "b.test")
	token := strings.TrimPrefix(target, pathSwitch+"?ma=")
	// Only the token's hash is stored.
	if _, err := f.db.UseHandoff(ctx, token); !errors.Is(err, user.ErrHandoffNotFound) {
		t.Errorf("the token itself is a key of the store: %v", err)
	}

	b := f.client("b.test")
	res := b.get(target)
	if res.status != http.StatusSeeOther || res.location() != pathHome || res.cookie(CookieName) == nil {
		t.Fatalf("redeem: %d → %q, cookie %v\n%s", res.status, res.location(), res.cookie(CookieName), excerpt(res.body))
	}
	if ck := res.cookie(CookieName); ck.Path != cookiePath || !ck.HttpOnly || ck.Domain != "" {
		t.Errorf("the new session cookie: %+v", ck)
	}
	if ck := res.cookie(CookieName); ck.Value == a.cookies[CookieName].Value {
		t.Error("the target host got the source host's session token")
	}
	home := b.get(pathHome)
	if home.status != http.StatusOK || !strings.Contains(home.body, f.siteB.Name) || !strings.Contains(home.body, "Phóng viên / Cộng tác viên") {
		t.Fatalf("B's dashboard after the switch: %d\n%s", home.status, excerpt(home.body))
	}
	// The role of B, not A's: a reporter cannot open the users page.
	if res := b.get(pathCategory); res.status != http.StatusForbidden {
		t.Errorf("categories on B as a reporter there: %d", res.status)
	}
	if _, err := f.db.UseHandoff(ctx, testenv.Must(user.TokenHash(token)).Get(t)); !errors.Is(err, user.ErrHandoffUsed) {
		t.Errorf("the handoff is not marked used: %v", err)
	}

	// The same address again, from another browser: refused.
	wantRefused(t, "reused", f.client("b.test").get(target), http.StatusConflict, "đã được dùng")

	// Audited on both sites.
	var got []string
	for _, e := range f.auditEntries() {
		switch e.Action {
		case "site.switch", "login.switch", "login.switch_fail":
			got = append(got, e.Action+"@"+strconv.FormatInt(e.SiteID, 10)+":"+e.Detail["to"]+e.Detail["from"]+e.Detail["reason"]+":"+e.Actor)
		}
	}
	want := []string{
		"site.switch@" + strconv.FormatInt(f.siteA.ID, 10) + ":hoalu:" + u.Email,
		"login.switch@" + strconv.FormatInt(f.siteB.ID, 10) + ":giavien:" + u.Email,
		"login.switch_fail@" + strconv.FormatInt(f.siteB.ID, 10) + ":used:" + u.Email,
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("audit:\n got %v\nwant %v", got, want)
	}

	// Signing out on B ends B's session only.
	if res := b.post(pathLogout, nil); res.status != http.StatusSeeOther {
		t.Fatalf("sign-out on B: %d", res.status)
	}
	if res := b.get(pathHome); !isSignIn(res) {
		t.Errorf("B after signing out: %d → %q", res.status, res.location())
	}
	if res := a.get(pathHome); res.status != http.StatusOK {
		t.Errorf("A after signing out on B: %d → %q", res.status, res.location())
	}

	// Choosing the current site stays.
	if res := a.switchTo(f.siteA.ID); res.status != http.StatusSeeOther || res.location() != pathHome {
		t.Errorf("switch to the current site: %d → %q", res.status, res.location())
	}
}

func TestSwitcherIsShownToWhomItServes(t *testing.T) {
	f := newSwitchFixture(t)
	f.addUser("pv@giavien.gov.vn", "Một Trang", user.RoleReporter, f.siteA.ID)
	two := f.addUser("hai@giavien.gov.vn", "Hai Vai Một Trang", user.RoleReporter, f.siteA.ID)
	f.grant(two, user.RoleEditor, f.siteA.ID)
	f.addUser("root@tinh.gov.vn", "Quản Trị Hệ Thống", user.RoleAdmin, 0)
	for _, tc := range []struct {
		email string
		shown bool
	}{{"pv@giavien.gov.vn", false}, {"hai@giavien.gov.vn", false}, {"root@tinh.gov.vn", true}} {
		c := f.client("a.test")
		c.mustLogin(tc.email, pathHome)
		body := c.get(pathHome).body
		if got := strings.Contains(body, `action="/quan-tri/chuyen-trang"`); got != tc.shown {
			t.Errorf("%s: switcher shown %v, want %v", tc.email, got, tc.shown)
		}
		if tc.shown {
			for _, s := range []content.Site{f.siteA, f.siteB, f.siteC} {
				if !strings.Contains(body, `<option value="`+strconv.FormatInt(s.ID, 10)+`"`) {
					t.Errorf("%s: the switcher lacks %s", tc.email, s.Name)
				}
			}
		}
	}
}

// newToken makes a token in the form the service hands out.
func newTestToken(t *testing.T) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestSwitchRefusals(t *testing.T) {
	f := newSwitchFixture(t)
	ctx := context.Background()
	u := f.addUser("bt@giavien.gov.vn", "Biên Tập Ba Trang", user.RoleEditor, f.siteA.ID)
	f.grant(u, user.RoleEditor, f.siteB.ID)
	f.grant(u, user.RoleEditor, f.siteC.ID)
	a := f.client("a.test")
	a.mustLogin(u.Email, pathHome)

	// Forged, malformed and missing tokens.
	for _, q := range []string{"?ma=" + newTestToken(t), "?ma=abc", "", "?ma=" + strings.Repeat("A", 5000)} {
		wantRefused(t, "token "+q[:min(len(q), 12)], f.client("b.test").get(pathSwitch+q), http.StatusBadRequest, "Liên kết chuyển trang không hợp lệ")
	}

	// A token for B, brought to C: refused there, and spent.
	target := handoffURL(t, a.switchTo(f.siteB.ID), "b.test")
	wantRefused(t, "other site", f.client("c.test").get(target), http.StatusForbidden, "dành cho một trang thông tin khác")
	wantRefused(t, "after the other site", f.client("b.test").get(target), http.StatusConflict, "đã được dùng")

	// Brought to a browser signed in on B with another account (a link
	// someone else made): refused, that browser's session kept.
	other := f.addUser("pv@hoalu.gov.vn", "Người Khác", user.RoleReporter, f.siteB.ID)
	busy := f.client("b.test")
	busy.mustLogin(other.Email, pathHome)
	wantRefused(t, "another account", busy.get(handoffURL(t, a.switchTo(f.siteB.ID), "b.test")), http.StatusConflict, "đang đăng nhập một tài khoản khác")
	if res := busy.get(pathHome); res.status != http.StatusOK || !strings.Contains(res.body, other.Name) {
		t.Errorf("the signed-in browser lost its session: %d", res.status)
	}
	// The same account signed in there already: the switch goes through.
	same := f.client("b.test")
	same.mustLogin(u.Email, pathHome)
	if res := same.get(handoffURL(t, a.switchTo(f.siteB.ID), "b.test")); res.status != http.StatusSeeOther || res.location() != pathHome {
		t.Errorf("switch into a browser signed in with the same account: %d → %q", res.status, res.location())
	}

	// Expired: a minute and more after it was issued.
	old := newTestToken(t)
	from := testenv.Must(user.TokenHash(a.cookies[CookieName].Value)).Get(t)
	past := time.Now().Add(-2 * user.HandoffLifetime)
	if err := f.db.CreateHandoff(ctx, user.Handoff{TokenHash: testenv.Must(user.TokenHash(old)).Get(t), UserID: u.ID, SiteID: f.siteB.ID,
		FromSiteID: f.siteA.ID, FromSession: from, CreatedAt: past, ExpiresAt: past.Add(user.HandoffLifetime)}); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, "expired", f.client("b.test").get(pathSwitch+"?ma="+old), http.StatusGone, "đã hết hạn")

	// The role on the target taken away between the switch and the arrival.
	target = handoffURL(t, a.switchTo(f.siteC.ID), "c.test")
	if err := f.db.RemoveMembership(ctx, user.Membership{UserID: u.ID, SiteID: f.siteC.ID, Role: user.RoleEditor}, nil); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, "role removed", f.client("c.test").get(target), http.StatusForbidden, "không có vai trò nào trên trang thông tin này")

	// A site without a role is not offered, and refused when asked for.
	res := a.switchTo(f.siteC.ID)
	if res.status != http.StatusForbidden || !strings.Contains(res.body, "không có vai trò nào trên "+f.siteC.Name) {
		t.Errorf("switch to a site without a role: %d\n%s", res.status, excerpt(res.body))
	}
	for _, v := range []string{"", "abc", "999999"} {
		if res := a.post(pathSwitch, url.Values{"trang": {v}}); res.status != http.StatusBadRequest || !strings.Contains(res.body, "Vui lòng chọn một trang thông tin") {
			t.Errorf("switch to %q: %d", v, res.status)
		}
	}

	// A cross-site POST issues nothing.
	if res := a.post(pathSwitch, url.Values{"trang": {strconv.FormatInt(f.siteB.ID, 10)}}, "Sec-Fetch-Site", "cross-site"); res.status != http.StatusForbidden || res.location() != "" {
		t.Errorf("cross-site switch: %d → %q", res.status, res.location())
	}
	// Anonymous: sent to sign in.
	if res := f.client("a.test").switchTo(f.siteB.ID); !isSignIn(res) {
		t.Errorf("anonymous switch: %d → %q", res.status, res.location())
	}

	// Signed out on A before arriving on B: refused.
	target = handoffURL(t, a.switchTo(f.siteB.ID), "b.test")
	a.post(pathLogout, nil)
	wantRefused(t, "source signed out", f.client("b.test").get(target), http.StatusUnauthorized, "Phiên đăng nhập ở trang trước đã kết thúc")

	// A disabled account.
	a = f.client("a.test")
	a.mustLogin(u.Email, pathHome)
	target = handoffURL(t, a.switchTo(f.siteB.ID), "b.test")
	uu := testenv.Must(f.db.FindUserByID(ctx, u.ID)).Get(t)
	uu.Disabled = true
	if err := f.db.UpdateUser(ctx, &uu, nil); err != nil {
		t.Fatal(err)
	}
	wantRefused(t, "disabled", f.client("b.test").get(target), http.StatusForbidden, "vô hiệu hoá")

	// No refusal left a session behind on B or C.
	for _, host := range []string{"b.test", "c.test"} {
		if res := f.client(host).get(pathHome); !isSignIn(res) {
			t.Errorf("%s: %d → %q", host, res.status, res.location())
		}
	}
}

// TestSwitchKeepsTheTargetsSecondFactor: the target site's policy holds.
// A platform administrator who needed no second factor on A is asked to
// set one up on C, whose policy requires it; an account that gave its
// code on A is not asked again on B.
func TestSwitchKeepsTheTargetsSecondFactor(t *testing.T) {
	f := newSwitchFixture(t)
	ctx := context.Background()
	f.setPolicy(f.siteC.ID, user.Policy{RequireSecondFactor: true})
	root := f.addUser("root@tinh.gov.vn", "Quản Trị Hệ Thống", user.RoleAdmin, 0)
	a := f.client("a.test")
	a.mustLogin(root.Email, pathHome)
	c := f.client("c.test")
	res := c.get(handoffURL(t, a.switchTo(f.siteC.ID), "c.test"))
	if res.status != http.StatusSeeOther || res.location() != pathHome {
		t.Fatalf("redeem on C: %d → %q", res.status, res.location())
	}
	if res := c.get(pathHome); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathSetup) {
		t.Errorf("C's dashboard without a second factor: %d → %q, want the set-up", res.status, res.location())
	}
	if res := c.get(pathUsers); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathSetup) {
		t.Errorf("C's users page without a second factor: %d → %q", res.status, res.location())
	}

	// With TOTP given on A, B opens at once.
	u := f.addUser("pd@giavien.gov.vn", "Phê Duyệt Hai Trang", user.RoleApprover, f.siteA.ID)
	f.grant(u, user.RoleApprover, f.siteB.ID)
	secret := testenv.Must(user.NewTOTPSecret()).Get(t)
	enrol := testenv.Must(user.TOTPCode(secret, time.Now().Add(-user.TOTPPeriod*time.Second))).Get(t)
	if err := f.users.EnableTOTP(ctx, u.ID, secret, enrol, nil); err != nil {
		t.Fatal(err)
	}
	a = f.client("a.test")
	a.mustLogin(u.Email, pathCode)
	// Before the code, the switcher is closed.
	if res := a.switchTo(f.siteB.ID); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathCode) {
		t.Errorf("switch before the code: %d → %q", res.status, res.location())
	}
	if res := a.post(pathCode, url.Values{"code": {testenv.Must(user.TOTPCode(secret, time.Now())).Get(t)}}); res.status != http.StatusSeeOther || res.location() != pathHome {
		t.Fatalf("code: %d → %q", res.status, res.location())
	}
	b := f.client("b.test")
	b.get(handoffURL(t, a.switchTo(f.siteB.ID), "b.test"))
	if res := b.get(pathArticles); res.status != http.StatusOK {
		t.Errorf("B after a switch with the code given on A: %d → %q", res.status, res.location())
	}
}

// TestSwitchFromAndToAnArchivedSite: an archived site is read-only, but
// one may leave it and come to it to look.
func TestSwitchFromAndToAnArchivedSite(t *testing.T) {
	f := newSwitchFixture(t)
	ctx := context.Background()
	if _, err := content.NewSites(f.db).Archive(ctx, f.siteB.Key, f.siteA.Key, vi.NewDay(2025, time.July, 1), audit.Entry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := f.sites.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	u := f.addUser("bt@giavien.gov.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	f.grant(u, user.RoleEditor, f.siteB.ID)
	a := f.client("a.test")
	a.mustLogin(u.Email, pathHome)
	if body := a.get(pathHome).body; !strings.Contains(body, f.siteB.Name+" (lưu trữ)") {
		t.Error("the switcher does not mark the archived site")
	}
	b := f.client("b.test")
	b.get(handoffURL(t, a.switchTo(f.siteB.ID), "b.test"))
	if res := b.get(pathArticles); res.status != http.StatusOK || !strings.Contains(res.body, "đã chuyển sang lưu trữ") {
		t.Errorf("the archived site's articles: %d", res.status)
	}
	// Leaving it is allowed, though it takes no other write.
	res := f.client("a.test").get(handoffURL(t, b.switchTo(f.siteA.ID), "a.test"))
	if res.status != http.StatusSeeOther || res.location() != pathHome {
		t.Errorf("switch from the archived site: %d → %q", res.status, res.location())
	}
	if res := b.post(pathUsers+"/moi", url.Values{"email": {"x@giavien.gov.vn"}}); res.status != http.StatusConflict || !strings.Contains(res.body, "lưu trữ") {
		t.Errorf("a write on the archived site: %d", res.status)
	}
}

// TestSwitchAcrossNodes: the handoff issued by one node is redeemed by
// another with its own user.Service, content.Directory and Server over the
// same database, as behind a load balancer.
func TestSwitchAcrossNodes(t *testing.T) {
	f := newSwitchFixture(t)
	ctx := context.Background()
	u := f.addUser("bt@giavien.gov.vn", "Biên Tập Hai Nút", user.RoleEditor, f.siteA.ID)
	f.grant(u, user.RoleEditor, f.siteB.ID)

	sites, err := content.NewDirectory(ctx, content.NewService(f.db), nil)
	if err != nil {
		t.Fatal(err)
	}
	node2, err := New(Options{Users: user.NewService(f.db, f.db, f.db, nil), Sites: sites, Audit: f.db, Policy: f.policyFor})
	if err != nil {
		t.Fatal(err)
	}
	a := f.client("a.test")
	a.mustLogin(u.Email, pathHome)
	target := handoffURL(t, a.switchTo(f.siteB.ID), "b.test")

	b := f.client("b.test")
	b.h = http.NewCrossOriginProtection().Handler(node2.Handler())
	if res := b.get(target); res.status != http.StatusSeeOther || res.location() != pathHome {
		t.Fatalf("redeem on the second node: %d → %q\n%s", res.status, res.location(), excerpt(res.body))
	}
	if res := b.get(pathHome); res.status != http.StatusOK || !strings.Contains(res.body, f.siteB.Name) {
		t.Errorf("B's dashboard on the second node: %d", res.status)
	}
	// And the first node knows the session too, and the token as used.
	b.h = f.h
	if res := b.get(pathHome); res.status != http.StatusOK {
		t.Errorf("B's session on the first node: %d → %q", res.status, res.location())
	}
	wantRefused(t, "used on the other node", f.client("b.test").get(target), http.StatusConflict, "đã được dùng")
}

// switchTemplateSamples are the switcher's pages for TestEveryTemplateRenders,
// the first with the switcher in the layout.
func switchTemplateSamples(l Layout) map[string]any {
	l.Switch = &SiteSwitch{Sites: []SwitchOption{{ID: 1, Name: "Gia Viễn", Current: true}, {ID: 2, Name: "Hoa Lư", Archived: true}}}
	to := "http://b.test/quan-tri/chuyen-trang?ma=abc"
	return map[string]any{
		"switch-refused": SwitchRefusedPage{Layout: l, Message: "m"},
		"switch-go":      SwitchGoPage{Layout: l, Target: "Hoa Lư", URL: to, Refresh: "0; url=" + to},
	}
}
