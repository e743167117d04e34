package admin

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// siteAdminTemplateSamples are view models for the site administrator's
// templates, for TestEveryTemplateRenders.
func siteAdminTemplateSamples(l Layout) map[string]any {
	row := UserRow{ID: 3, URL: "/quan-tri/nguoi-dung/3", Name: "Kim Thoả", Email: "a@b.vn", Roles: []string{"Biên tập viên"},
		OtherSites: 1, Disabled: true, LockedUntil: when(time.Now()), TOTP: true, MustChange: true}
	form := Form{Order: []string{"name", "email", "role", "slug", "parent", "tu-ngay", "den-ngay"},
		Errors: map[string]string{"name": "x", "email": "y", "role": "z", "slug": "s", "parent": "p", "tu-ngay": "t", "den-ngay": "d"}, Alert: "Có lỗi"}
	roles := []RoleChoice{{ID: "vai-tro-editor", Value: "editor", Label: "Biên tập viên", Checked: true}}
	opts := []Option{{Value: "", Label: "Mọi thao tác"}, {Value: "user.", Label: "Tài khoản", Selected: true}}
	pager := Pager{Page: 2, Pages: 3, PrevURL: "/x?trang=1", NextURL: "/x?trang=3"}
	return map[string]any{
		"users":         UserListPage{Layout: l, Query: "thoả", AllSites: true, Rows: []UserRow{row, {Name: "B", Self: true}}, Pager: pager},
		"user":          UserPage{Layout: l, Form: form, Account: row, Roles: roles, WholeAccount: true, Notice: "n"},
		"user-new":      UserNewPage{Layout: l, Form: form, Name: "A", Email: "a@b", Roles: roles},
		"user-password": UserPasswordPage{Layout: l, Heading: "Đã tạo tài khoản", Name: "A", Email: "a@b.vn", Password: "abcde-fghij", URL: "/quan-tri/nguoi-dung/3", Created: true},
		"audit-log": AuditLogPage{Layout: l, Form: form, AllSites: true, Actions: opts, Action: "user.", Actor: "qt", From: "2026-03-01", To: "2026-03-02",
			Filtered: true, Total: 1, Rows: []AuditRow{{ID: 1, At: when(time.Now()), Site: "Gia Viễn", Actor: "a@b.vn", IP: "10.0.0.1", Action: "Tạo tài khoản",
				Object: "user:3", Detail: []Fact{{"email", "c@d.vn"}}}}, Pager: pager, Checked: 1, Problem: "mục nhật ký 1: nội dung đã bị sửa"},
		"site-settings": SiteSettingsPage{Layout: l, Form: form, Notice: "n", Name: "Trang", Email: "a@b.vn", AllowSelfApproval: true, RequireSecondFactor: true,
			Platform: true, PlatformSecondFactor: true, CanSave: true, NoTOTPYet: true},
		"categories": CategoryListPage{Layout: l, Notice: "n", Rows: []CategoryRow{{ID: 1, Name: "Tin tức", Slug: "tin-tuc", URL: "/quan-tri/chuyen-muc/1", PublicURL: "/tin-tuc", First: true},
			{ID: 2, Name: "Kinh tế", Depth: 1, Hidden: true, Last: true, URL: "/quan-tri/chuyen-muc/2"}}},
		"category": CategoryPage{Layout: l, Form: form, Heading: "Sửa chuyên mục", Action: "/quan-tri/chuyen-muc/2", New: true, Name: "Kinh tế", Slug: "kinh-te",
			PublicURL: "/kinh-te", Hidden: true, Parents: opts},
	}
}

// siteFixture is the newsroom fixture with stored policies wired in.
type siteFixture struct {
	*newsFixture
	policies *user.Policies
}

func newSiteFixture(t *testing.T) *siteFixture {
	t.Helper()
	f := &siteFixture{newsFixture: newNewsFixture(t)}
	f.policies = user.NewPolicies(f.db, time.Minute, nil)
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policies: f.policies, Content: f.content, Newsroom: f.news})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	return f
}

func (f *siteFixture) lastAudit() audit.Entry {
	f.t.Helper()
	es := f.auditEntries()
	if len(es) == 0 {
		f.t.Fatal("audit log is empty")
	}
	return es[len(es)-1]
}

func (f *siteFixture) roles(u user.User) []user.Membership {
	f.t.Helper()
	ms, err := f.users.FindMemberships(context.Background(), u.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return ms
}

// TestSiteAdminRoleActionTable extends the role × action table to the
// site administrator's pages: users, audit log, site information and
// categories, including anonymous visitors and a user of another site.
func TestSiteAdminRoleActionTable(t *testing.T) {
	f := newSiteFixture(t)
	const (
		ok     = http.StatusOK
		done   = http.StatusSeeOther
		no     = http.StatusForbidden
		nf     = http.StatusNotFound
		signIn = -1
	)
	type role struct {
		name string
		u    *user.User
	}
	roles := []role{
		{"phóng viên", &f.reporter}, {"biên tập viên", &f.editor}, {"thành viên Ban biên tập", &f.approver},
		{"quản trị trang", &f.siteAdmin}, {"quản trị hệ thống", &f.admin}, {"người của trang khác", &f.outsider}, {"khách", nil},
	}
	n := 0
	fresh := func() user.User {
		n++
		return f.addUser("tam"+strconv.Itoa(n)+"@giavien.gov.vn", "Người Tạm "+strconv.Itoa(n), user.RoleReporter, f.siteA.ID)
	}
	// at is the edit version now stored of the account u, as its page carries it.
	at := func(u user.User) string {
		return itoa(testenv.Must(f.db.FindUserByID(context.Background(), u.ID)).Get(t).Version)
	}
	cat := func() content.Category {
		n++
		c := content.Category{SiteID: f.siteA.ID, Name: "Tạm " + strconv.Itoa(n)}
		if err := f.content.SaveCategory(context.Background(), &c, nil); err != nil {
			t.Fatal(err)
		}
		return c
	}
	actions := []struct {
		name string
		run  func(c *client) response
		want []int
	}{
		{"xem người dùng", func(c *client) response { return c.get(pathUsers) }, []int{no, no, no, ok, ok, no, signIn}},
		{"mở tài khoản", func(c *client) response { return c.get(userURL(f.editor.ID)) }, []int{no, no, no, ok, ok, no, signIn}},
		{"mở tài khoản quản trị hệ thống", func(c *client) response { return c.get(userURL(f.admin.ID)) }, []int{no, no, no, no, ok, no, signIn}},
		{"mở tài khoản trang khác", func(c *client) response { return c.get(userURL(f.outsider.ID)) }, []int{no, no, no, nf, ok, no, signIn}},
		{"tạo tài khoản", func(c *client) response {
			n++
			return c.post(pathUsers+"/moi", url.Values{"name": {"Người Mới"}, "email": {"moi" + strconv.Itoa(n) + "@giavien.gov.vn"}, "role": {"reporter"}})
		}, []int{no, no, no, ok, ok, no, signIn}},
		{"cấp vai trò", func(c *client) response {
			u := fresh()
			return c.post(userURL(u.ID)+"/vai-tro", url.Values{"role": {"reporter", "editor"}, "phien-ban": {at(u)}})
		}, []int{no, no, no, done, done, no, signIn}},
		{"vô hiệu hoá", func(c *client) response {
			u := fresh()
			return c.post(userURL(u.ID)+"/vo-hieu-hoa", url.Values{"phien-ban": {at(u)}})
		}, []int{no, no, no, done, done, no, signIn}},
		{"mở khoá", func(c *client) response { return c.post(userURL(fresh().ID)+"/mo-khoa", nil) }, []int{no, no, no, done, done, no, signIn}},
		{"đặt lại mật khẩu", func(c *client) response {
			u := fresh()
			return c.post(userURL(u.ID)+"/dat-lai-mat-khau", url.Values{"phien-ban": {at(u)}})
		}, []int{no, no, no, ok, ok, no, signIn}},
		{"xem nhật ký", func(c *client) response { return c.get(pathAuditLog) }, []int{no, no, no, ok, ok, no, signIn}},
		{"xem thông tin trang", func(c *client) response { return c.get(pathSiteSettings) }, []int{no, no, no, ok, ok, no, signIn}},
		{"lưu thông tin trang", func(c *client) response {
			v := testenv.Must(f.db.FindSiteByID(context.Background(), f.siteA.ID)).Get(t).EditVersion
			return c.post(pathSiteSettings, url.Values{"name": {f.siteA.Name}, "phone": {"0229 3 640 101"}, "phien-ban": {itoa(v)}})
		}, []int{no, no, no, done, done, no, signIn}},
		{"xem chuyên mục", func(c *client) response { return c.get(pathCategory) }, []int{no, no, no, ok, ok, no, signIn}},
		{"thêm chuyên mục", func(c *client) response {
			n++
			return c.post(pathCategory+"/moi", url.Values{"name": {"Mục " + strconv.Itoa(n)}, "parent": {"0"}})
		}, []int{no, no, no, done, done, no, signIn}},
		{"sửa chuyên mục", func(c *client) response {
			return c.post(categoryAdminURL(cat().ID), url.Values{"name": {"Đổi tên"}, "parent": {"0"}, "hidden": {"1"}})
		}, []int{no, no, no, done, done, no, signIn}},
		{"xóa chuyên mục", func(c *client) response { return c.post(categoryAdminURL(cat().ID)+"/xoa", nil) }, []int{no, no, no, done, done, no, signIn}},
		{"đánh dấu mọi thông báo đã đọc", func(c *client) response { return c.post(pathInbox+"/da-doc", nil) }, []int{done, done, done, no, done, no, signIn}},
	}
	clients := make([]*client, len(roles))
	for i, r := range roles {
		clients[i] = f.signedIn(r.u)
	}
	for _, act := range actions {
		for i, r := range roles {
			res := act.run(clients[i])
			want := act.want[i]
			switch {
			case want == signIn:
				if !isSignIn(res) {
					t.Errorf("%s – %s: %d → %q, want the sign-in page", r.name, act.name, res.status, res.location())
				}
			case res.status != want:
				t.Errorf("%s – %s: %d, want %d\n%s", r.name, act.name, res.status, want, excerpt(res.body))
			case want == no:
				if !strings.Contains(res.body, "Không có quyền truy cập") {
					t.Errorf("%s – %s: 403 without the Vietnamese page", r.name, act.name)
				}
			}
		}
	}
}

func TestUsersCreateShowsOneTimePasswordOnceAndForcesChange(t *testing.T) {
	f := newSiteFixture(t)
	c := f.signedIn(&f.siteAdmin)
	res := c.post(pathUsers+"/moi", url.Values{"name": {"Phạm Thị Lan"}, "email": {"lan@giavien.gov.vn"}, "role": {"editor"}})
	if res.status != http.StatusOK {
		t.Fatalf("create: %d\n%s", res.status, excerpt(res.body))
	}
	m := regexp.MustCompile(`<code class="onetime">([a-z0-9-]+)</code>`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("no one-time password shown:\n%s", excerpt(res.body))
	}
	u, err := f.users.Authenticate(context.Background(), "lan@giavien.gov.vn", m[1], "10.0.0.9")
	if err != nil || !u.MustChangePassword {
		t.Fatalf("sign in with the one-time password: %v, must change %v", err, u.MustChangePassword)
	}
	if ms := f.roles(u); len(ms) != 1 || ms[0] != (user.Membership{UserID: u.ID, SiteID: f.siteA.ID, Role: user.RoleEditor}) {
		t.Errorf("memberships %+v", ms)
	}
	e := f.lastAudit()
	if e.Action != "user.create" || e.ActorID != f.siteAdmin.ID || e.Object != "user:"+strconv.FormatInt(u.ID, 10) || e.IP == "" || e.Detail["role"] != "editor" {
		t.Errorf("audit entry %+v", e)
	}
	// The account page never shows it again.
	if page := c.get(userURL(u.ID)); strings.Contains(page.body, m[1]) {
		t.Error("the one-time password is shown again")
	}
	// A new browser signing in with it is sent to change it.
	c2 := f.client("a.test")
	if res := c2.login("lan@giavien.gov.vn", m[1], ""); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathPassword) {
		t.Errorf("first sign-in: %d → %q, want the password change", res.status, res.location())
	}
}

func TestUsersCreateBadInputKeepsTheForm(t *testing.T) {
	f := newSiteFixture(t)
	c := f.signedIn(&f.siteAdmin)
	before := len(f.auditEntries())
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"name": {"Trần Văn Bình"}, "email": {"khong-phai-email"}, "role": {"reporter"}}, "Địa chỉ email không hợp lệ"},
		{url.Values{"name": {""}, "email": {"binh@giavien.gov.vn"}, "role": {"reporter"}}, "họ và tên"},
		{url.Values{"name": {"Trần Văn Bình"}, "email": {"binh@giavien.gov.vn"}, "role": {"admin"}}, "vai trò bạn được phép cấp"},
		{url.Values{"name": {"Trần Văn Bình"}, "email": {"binh@giavien.gov.vn"}, "role": {"chu-tich"}}, "vai trò bạn được phép cấp"},
		{url.Values{"name": {"Trần Văn Bình"}, "email": {f.editor.Email}, "role": {"reporter"}}, "đã được dùng"},
	} {
		res := c.post(pathUsers+"/moi", tc.form)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(strings.ToLower(res.body), strings.ToLower(tc.want)) {
			t.Errorf("%v: %d, want 422 with %q\n%s", tc.form, res.status, tc.want, excerpt(res.body))
		}
		if tc.form.Get("name") != "" && !strings.Contains(res.body, `value="`+tc.form.Get("name")+`"`) {
			t.Errorf("%v: the name typed is lost", tc.form)
		}
	}
	if us := testenv.Must(f.users.FindUsers(context.Background(), user.UserFilter{Query: "Bình"})).Get(t); len(us) != 0 {
		t.Errorf("a refused form created %d accounts", len(us))
	}
	if len(f.auditEntries()) != before {
		t.Error("a refused form was audited as a creation")
	}
}

func TestUsersLeastPrivilege(t *testing.T) {
	f := newSiteFixture(t)
	ctx := context.Background()
	c := f.signedIn(&f.siteAdmin)
	// A site administrator cannot grant the platform role, even by forging the form.
	res := c.post(userURL(f.editor.ID)+"/vai-tro", url.Values{"role": {"editor", "admin"}})
	if res.status != http.StatusForbidden {
		t.Errorf("grant admin: %d, want 403", res.status)
	}
	for _, m := range f.roles(f.editor) {
		if m.Role == user.RoleAdmin {
			t.Fatal("a site administrator made a platform administrator")
		}
	}
	// Nor act on a platform administrator.
	if res := c.post(userURL(f.admin.ID)+"/vo-hieu-hoa", nil); res.status != http.StatusForbidden {
		t.Errorf("disable a platform admin: %d, want 403", res.status)
	}
	// Nor on a user of another site (not found, as if absent).
	if res := c.post(userURL(f.outsider.ID)+"/vai-tro", url.Values{"role": {"reporter"}}); res.status != http.StatusNotFound {
		t.Errorf("roles of another site's user: %d, want 404", res.status)
	}
	// An account with roles on two sites cannot be disabled by one site's administrator.
	both := f.addUser("hai@giavien.gov.vn", "Hai Trang", user.RoleReporter, f.siteA.ID)
	if err := f.users.SetMembership(ctx, user.Membership{UserID: both.ID, SiteID: f.siteB.ID, Role: user.RoleEditor}, nil); err != nil {
		t.Fatal(err)
	}
	if res := c.post(userURL(both.ID)+"/vo-hieu-hoa", nil); res.status != http.StatusForbidden {
		t.Errorf("disable a two-site account: %d, want 403", res.status)
	}
	// Changing roles here leaves the other site's role alone.
	if res := c.postFrom(userURL(both.ID), userURL(both.ID)+"/vai-tro", url.Values{"role": {"editor"}}); res.status != http.StatusSeeOther {
		t.Fatalf("set roles: %d\n%s", res.status, excerpt(res.body))
	}
	got := f.roles(both)
	want := []user.Membership{{UserID: both.ID, SiteID: f.siteA.ID, Role: user.RoleEditor}, {UserID: both.ID, SiteID: f.siteB.ID, Role: user.RoleEditor}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("roles %+v, want %+v", got, want)
	}
	e := f.lastAudit()
	if e.Action != "user.role" || e.Detail["added"] != "editor" || e.Detail["removed"] != "reporter" {
		t.Errorf("audit %+v", e)
	}
	// Nobody removes their own last administrator role.
	res = c.postFrom(userURL(f.siteAdmin.ID), userURL(f.siteAdmin.ID)+"/vai-tro", url.Values{"role": {"editor"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "vai trò quản trị cuối cùng") {
		t.Errorf("remove own admin role: %d\n%s", res.status, excerpt(res.body))
	}
	if !user.Can(f.roles(f.siteAdmin), f.siteA.ID, user.ActionUserManage, user.Policy{}) {
		t.Fatal("the site administrator lost their role")
	}
	// Nor disable themselves.
	if res := c.postFrom(userURL(f.siteAdmin.ID), userURL(f.siteAdmin.ID)+"/vo-hieu-hoa", nil); res.status != http.StatusConflict {
		t.Errorf("disable self: %d, want 409", res.status)
	}
	// Removing every role is refused: disable instead.
	if res := c.postFrom(userURL(f.reporter.ID), userURL(f.reporter.ID)+"/vai-tro", url.Values{}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("remove every role: %d, want 422", res.status)
	}
}

func TestUsersDisableUnlockReset(t *testing.T) {
	f := newSiteFixture(t)
	ctx := context.Background()
	c := f.signedIn(&f.siteAdmin)
	victim := f.signedIn(&f.reporter)
	if res := c.postFrom(userURL(f.reporter.ID), userURL(f.reporter.ID)+"/vo-hieu-hoa", nil); res.status != http.StatusSeeOther {
		t.Fatalf("disable: %d", res.status)
	}
	if res := victim.get(pathArticles); !isSignIn(res) {
		t.Errorf("a disabled account's session still works: %d", res.status)
	}
	if e := f.lastAudit(); e.Action != "user.disable" || e.Object != "user:"+strconv.FormatInt(f.reporter.ID, 10) {
		t.Errorf("audit %+v", e)
	}
	if res := c.get(pathUsers); !strings.Contains(res.body, "Đã vô hiệu hoá") {
		t.Error("the list does not show the disabled state")
	}
	if res := c.postFrom(userURL(f.reporter.ID), userURL(f.reporter.ID)+"/kich-hoat", nil); res.status != http.StatusSeeOther {
		t.Fatalf("enable: %d", res.status)
	}
	// Lock the account by failing to sign in, then lift the lock.
	for range f.users.Limits().AccountFailures + 1 {
		f.users.Authenticate(ctx, f.reporter.Email, "sai mật khẩu rồi", "10.9.9.9")
	}
	if until := testenv.Must(f.users.LockedUntil(ctx, f.reporter.ID)).Get(t); until.IsZero() {
		t.Fatal("the account did not lock")
	}
	if res := c.get(userURL(f.reporter.ID)); !strings.Contains(res.body, "Mở khoá đăng nhập") {
		t.Error("the account page does not offer to unlock")
	}
	if res := c.post(userURL(f.reporter.ID)+"/mo-khoa", nil); res.status != http.StatusSeeOther {
		t.Fatalf("unlock: %d", res.status)
	}
	if until := testenv.Must(f.users.LockedUntil(ctx, f.reporter.ID)).Get(t); !until.IsZero() {
		t.Error("still locked")
	}
	if e := f.lastAudit(); e.Action != "user.unlock" {
		t.Errorf("audit %+v", e)
	}
	res := c.postFrom(userURL(f.reporter.ID), userURL(f.reporter.ID)+"/dat-lai-mat-khau", nil)
	m := regexp.MustCompile(`<code class="onetime">([a-z0-9-]+)</code>`).FindStringSubmatch(res.body)
	if res.status != http.StatusOK || m == nil {
		t.Fatalf("reset: %d\n%s", res.status, excerpt(res.body))
	}
	if _, err := f.users.Authenticate(ctx, f.reporter.Email, testPassword, "10.0.0.8"); err == nil {
		t.Error("the old password still works")
	}
	if u, err := f.users.Authenticate(ctx, f.reporter.Email, m[1], "10.0.0.8"); err != nil || !u.MustChangePassword {
		t.Errorf("new one-time password: %v, must change %v", err, u.MustChangePassword)
	}
	if e := f.lastAudit(); e.Action != "user.password_reset" || strings.Contains(strings.Join(func() []string {
		var v []string
		for _, x := range e.Detail {
			v = append(v, x)
		}
		return v
	}(), " "), m[1]) {
		t.Errorf("audit %+v (the password must never be logged)", e)
	}
}

func TestUsersListScopedToSite(t *testing.T) {
	f := newSiteFixture(t)
	res := f.signedIn(&f.siteAdmin).get(pathUsers)
	if !strings.Contains(res.body, f.editor.Email) || strings.Contains(res.body, f.outsider.Email) || strings.Contains(res.body, f.admin.Email) {
		t.Errorf("site admin's list is not the site's accounts:\n%s", excerpt(res.body))
	}
	// The account page's header still names the signed-in administrator.
	res = f.signedIn(&f.siteAdmin).get(userURL(f.editor.ID))
	if !strings.Contains(res.body, `<span class="user-name">`+f.siteAdmin.Name+`</span>`) {
		t.Error("the account page shows the viewed account as the signed-in user")
	}
	res = f.signedIn(&f.admin).get(pathUsers)
	if !strings.Contains(res.body, f.outsider.Email) || !strings.Contains(res.body, f.editor.Email) {
		t.Error("a platform admin does not see every account")
	}
}

func TestAuditLogViewer(t *testing.T) {
	f := newSiteFixture(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC) // 10:00 in Vietnam
	for i, e := range []audit.Entry{
		{SiteID: f.siteA.ID, Actor: "bien.tap@giavien.gov.vn", Action: "article.publish", Object: "article:1"},
		{SiteID: f.siteB.ID, Actor: "bi.mat@hoalu.gov.vn", Action: "article.publish", Object: "article:2"},
		{SiteID: f.siteA.ID, Actor: "qt@giavien.gov.vn", Action: "user.role", Object: "user:5"},
	} {
		e.At = base.Add(time.Duration(i) * 24 * time.Hour)
		if err := f.db.AppendAudit(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	c := f.signedIn(&f.siteAdmin)
	res := c.get(pathAuditLog)
	if res.status != http.StatusOK || !strings.Contains(res.body, "Chuỗi băm toàn vẹn") {
		t.Fatalf("%d\n%s", res.status, excerpt(res.body))
	}
	if strings.Contains(res.body, "bi.mat@hoalu.gov.vn") || !strings.Contains(res.body, "bien.tap@giavien.gov.vn") {
		t.Error("a site admin sees another site's entries, or not their own")
	}
	// Newest first.
	if strings.Index(res.body, "qt@giavien.gov.vn") > strings.Index(res.body, "bien.tap@giavien.gov.vn") {
		t.Error("not newest first")
	}
	res = c.get(pathAuditLog + "?thao-tac=user.&nguoi=QT@")
	if !strings.Contains(res.body, "user:5") || strings.Contains(res.body, "article:1") {
		t.Errorf("action/actor filter:\n%s", excerpt(res.body))
	}
	res = c.get(pathAuditLog + "?tu-ngay=2026-03-10&den-ngay=2026-03-10")
	if !strings.Contains(res.body, "article:1") || strings.Contains(res.body, "user:5") {
		t.Errorf("date filter:\n%s", excerpt(res.body))
	}
	// The day as people write it, which the error message gives as the example.
	res = c.get(pathAuditLog + "?tu-ngay=10%2F03%2F2026&den-ngay=10%2F03%2F2026")
	if res.status != http.StatusOK || !strings.Contains(res.body, "article:1") || strings.Contains(res.body, "user:5") {
		t.Errorf("date filter written 10/03/2026: %d\n%s", res.status, excerpt(res.body))
	}
	res = c.get(pathAuditLog + "?tu-ngay=31%2F02%2F2026")
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Từ ngày không hợp lệ") || !strings.Contains(res.body, `value="31/02/2026"`) {
		t.Errorf("bad date: %d\n%s", res.status, excerpt(res.body))
	}
	res = f.signedIn(&f.admin).get(pathAuditLog)
	if !strings.Contains(res.body, "bi.mat@hoalu.gov.vn") {
		t.Error("a platform admin does not see every site")
	}
	// An altered entry: the page says the chain is broken.
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: tamperedLog{f.db}, Policies: f.policies, Content: f.content, Newsroom: f.news})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	res = f.signedIn(&f.siteAdmin).get(pathAuditLog)
	if !strings.Contains(res.body, "chuỗi băm của nhật ký không toàn vẹn") || !strings.Contains(res.body, "mục nhật ký 2: nội dung đã bị sửa") {
		t.Errorf("tampered log not reported:\n%s", excerpt(res.body))
	}
}

// tamperedLog reads the log as if entry 2 had been edited in the database.
type tamperedLog struct{ *sqlite.DB }

func (l tamperedLog) AuditEntries(ctx context.Context, after int64, limit int) ([]audit.Entry, error) {
	es, err := l.DB.AuditEntries(ctx, after, limit)
	for i := range es {
		if es[i].ID == 2 {
			es[i].Actor = "ke.gian@example.com"
		}
	}
	return es, err
}

func TestSiteSettingsSaveShowsInFooterAndEnforcesPolicy(t *testing.T) {
	f := newSiteFixture(t)
	ctx := context.Background()
	c := f.signedIn(&f.siteAdmin)
	form := url.Values{"name": {"Trang thông tin điện tử huyện Gia Viễn"}, "agency": {"UBND huyện Gia Viễn"}, "description": {"Tin tức   của huyện Gia Viễn."},
		"responsible": {"Ông Vũ Văn Dược – Phó Chủ tịch UBND huyện"}, "address": {"Thị trấn Me, Gia Viễn, Ninh Bình"},
		"phone": {"0229 3 640 101"}, "email": {"UBND@GiaVien.gov.vn"}, "licence": {"Giấy phép số 01/GP-TTĐT"},
		"require_second_factor": {"1"}}
	// Bad input: 422, what was typed kept, nothing saved.
	bad := url.Values{"name": {""}, "phone": {"gọi tôi"}, "email": {"không phải email"}, "agency": {"Cơ quan mới"}}
	res := c.postFrom(pathSiteSettings, pathSiteSettings, bad)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vui lòng nhập tên trang") ||
		!strings.Contains(res.body, "Số điện thoại chỉ gồm") || !strings.Contains(res.body, "Thư điện tử không hợp lệ") || !strings.Contains(res.body, `value="Cơ quan mới"`) {
		t.Errorf("bad input: %d\n%s", res.status, excerpt(res.body))
	}
	if again := testenv.Must(f.db.FindSiteByID(ctx, f.siteA.ID)).Get(t); again.Agency != "" {
		t.Error("a refused form changed the site")
	}
	if res := c.postFrom(pathSiteSettings, pathSiteSettings, form); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.status, excerpt(res.body))
	}
	site, err := f.db.FindSiteByID(ctx, f.siteA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if site.Description != "Tin tức của huyện Gia Viễn." || site.Responsible != "Ông Vũ Văn Dược – Phó Chủ tịch UBND huyện" || site.Email != "ubnd@giavien.gov.vn" || site.Licence != "Giấy phép số 01/GP-TTĐT" {
		t.Errorf("site %+v", site)
	}
	if p := testenv.Must(f.db.FindPolicy(ctx, f.siteA.ID)).Get(t); !p.RequireSecondFactor || p.AllowSelfApproval {
		t.Errorf("policy %+v", p)
	}
	var saw []string
	for _, e := range f.auditEntries() {
		saw = append(saw, e.Action)
	}
	if !strings.Contains(strings.Join(saw, " "), "site.settings") || !strings.Contains(strings.Join(saw, " "), "site.policy") {
		t.Errorf("audit %v", saw)
	}
	// The policy is enforced: an approver without TOTP must set it up now.
	a := f.client("a.test")
	if res := a.login(f.approver.Email, testPassword, ""); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathSetup) {
		t.Errorf("approver sign-in under the policy: %d → %q, want the TOTP set-up", res.status, res.location())
	}
}

func TestCategoriesManage(t *testing.T) {
	f := newSiteFixture(t)
	ctx := context.Background()
	c := f.signedIn(&f.siteAdmin)
	// Create under a parent; the slug comes from the name.
	res := c.post(pathCategory+"/moi", url.Values{"name": {"Văn hoá - Xã hội"}, "parent": {strconv.FormatInt(f.cat.ID, 10)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.status, excerpt(res.body))
	}
	vh, err := f.db.FindCategoryBySlug(ctx, f.siteA.ID, "van-hoa-xa-hoi")
	if err != nil || vh.ParentID != f.cat.ID {
		t.Fatalf("created %+v, %v", vh, err)
	}
	// Rename keeps the slug; hide.
	if res := c.post(categoryAdminURL(vh.ID), url.Values{"name": {"Văn hoá"}, "parent": {strconv.FormatInt(f.cat.ID, 10)}, "hidden": {"1"}, "slug": {"doi-slug"}}); res.status != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.status)
	}
	got := testenv.Must(f.db.FindCategoryByID(ctx, f.siteA.ID, vh.ID)).Get(t)
	if got.Name != "Văn hoá" || got.Slug != "van-hoa-xa-hoi" || !got.Hidden {
		t.Errorf("after rename %+v", got)
	}
	if e := f.lastAudit(); e.Action != "category.update" || e.Detail["old_name"] != "Văn hoá - Xã hội" {
		t.Errorf("audit %+v", e)
	}
	// No cycles: the parent cannot move under its child.
	res = c.post(categoryAdminURL(f.cat.ID), url.Values{"name": {f.cat.Name}, "parent": {strconv.FormatInt(vh.ID, 10)}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "bên trong chính nó") {
		t.Errorf("cycle: %d\n%s", res.status, excerpt(res.body))
	}
	if again := testenv.Must(f.db.FindCategoryByID(ctx, f.siteA.ID, f.cat.ID)).Get(t); again.ParentID != 0 {
		t.Error("a cycle was stored")
	}
	// Reorder among siblings (sub and vh under cat).
	order := func() []string {
		cats := testenv.Must(f.db.FindCategories(ctx, f.siteA.ID)).Get(t)
		var out []string
		for _, x := range content.NewTree(cats).Children(f.cat.ID) {
			out = append(out, x.Slug)
		}
		return out
	}
	before := order()
	last := testenv.Must(f.db.FindCategoryBySlug(ctx, f.siteA.ID, before[len(before)-1])).Get(t)
	if res := c.post(categoryAdminURL(last.ID)+"/len", nil); res.status != http.StatusSeeOther {
		t.Fatalf("move up: %d", res.status)
	}
	if after := order(); after[0] != before[1] || after[1] != before[0] {
		t.Errorf("order %v → %v", before, after)
	}
	// A category with a published article cannot be deleted.
	f.article(f.reporter, content.StatusPublished, "Bài đã đăng")
	res = c.post(categoryAdminURL(f.cat.ID)+"/xoa", nil)
	if res.status != http.StatusConflict || !strings.Contains(res.body, "hãy ẩn chuyên mục") {
		t.Errorf("delete with published: %d\n%s", res.status, excerpt(res.body))
	}
	// An empty one can.
	if res := c.post(categoryAdminURL(vh.ID)+"/xoa", nil); res.status != http.StatusSeeOther {
		t.Errorf("delete empty: %d\n%s", res.status, excerpt(res.body))
	}
	if e := f.lastAudit(); e.Action != "category.delete" {
		t.Errorf("audit %+v", e)
	}
	// Another site's category is not found.
	if res := c.get(categoryAdminURL(f.catB.ID)); res.status != http.StatusNotFound {
		t.Errorf("other site's category: %d", res.status)
	}
}

func TestChainCheckIsReusedForAMinute(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	add := func() {
		e := audit.Entry{SiteID: f.siteA.ID, Actor: "a@b.vn", Action: "login.ok"}
		if err := f.db.AppendAudit(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	add()
	var c chainCheck
	now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	if n, p, err := c.verify(ctx, f.db, now); n != 1 || p != "" || err != nil {
		t.Fatalf("first: %d %q %v", n, p, err)
	}
	add()
	if n, _, err := c.verify(ctx, f.db, now.Add(30*time.Second)); n != 1 || err != nil {
		t.Errorf("within a minute: %d checked, %v; want the cached 1", n, err)
	}
	if n, _, err := c.verify(ctx, f.db, now.Add(2*time.Minute)); n != 2 || err != nil {
		t.Errorf("after a minute: %d checked, %v; want 2", n, err)
	}
	// A problem is never cached: each view checks again.
	bad := tamperedLog{f.db}
	if _, p, err := c.verify(ctx, bad, now.Add(4*time.Minute)); p == "" || err != nil {
		t.Fatalf("tampering not found: %q, %v", p, err)
	}
	if n, p, err := c.verify(ctx, f.db, now.Add(4*time.Minute+time.Second)); p != "" || n != 2 || err != nil {
		t.Errorf("after the problem: %d %q %v", n, p, err)
	}
}
