package admin

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/mail"
	"trangtin/internal/newsroom"
	"trangtin/internal/sitemerge"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// letterBox is a mail.Queue that keeps the letters.
type letterBox struct {
	mu      sync.Mutex
	letters []mail.Letter
	fail    error
}

func (b *letterBox) QueueLetter(_ context.Context, l mail.Letter) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail != nil {
		return b.fail
	}
	b.letters = append(b.letters, l)
	return nil
}

// platformFixture is the area with the platform wired, a platform
// administrator (signed in on a.test), a site administrator of A and an
// editor of A.
type platformFixture struct {
	*fixture
	mail  *letterBox
	admin *client
	sites *content.Sites
}

func newPlatformFixture(t *testing.T, withMail bool) *platformFixture {
	t.Helper()
	f := newFixture(t)
	p := &platformFixture{fixture: f, sites: content.NewSites(f.db)}
	opts := Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor,
		Platform: &Platform{Sites: p.sites, Store: f.db, Health: f.db, Merge: sitemerge.New(f.db)}}
	if withMail {
		p.mail = &letterBox{}
		opts.Platform.Mail = p.mail
	}
	var err error
	if f.srv, err = New(opts); err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(f.srv.Handler())
	f.addUser("nentang@tinh.gov.vn", "Quản Trị Nền Tảng", user.RoleAdmin, 0)
	f.addUser("qt@giavien.gov.vn", "Quản Trị Trang", user.RoleSiteAdmin, f.siteA.ID)
	f.addUser("bt@giavien.gov.vn", "Biên Tập Viên", user.RoleEditor, f.siteA.ID)
	p.admin = f.client("a.test")
	p.admin.mustLogin("nentang@tinh.gov.vn", pathHome)
	return p
}

// addSites creates sites through the same service as the CLI.
func (p *platformFixture) addSites(batch ...content.NewSite) {
	p.t.Helper()
	if err := p.sites.Add(context.Background(), batch, audit.Entry{Actor: "test"}); err != nil {
		p.t.Fatal(err)
	}
	if err := p.fixture.sites.Refresh(context.Background()); err != nil {
		p.t.Fatal(err)
	}
}

func newSite(key, name string, kind content.Kind, host, parent string) content.NewSite {
	return content.NewSite{Site: &content.Site{Key: key, Name: name, Kind: kind, Host: host}, ParentKey: parent}
}

func wantStatus(t *testing.T, res response, status int, what string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.status, status, res.body)
	}
}

func wantBody(t *testing.T, res response, what string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(res.body, w) {
			t.Errorf("%s: the page lacks %q\n%s", what, w, res.body)
		}
	}
}

// TestPlatformAccess: only a platform administrator enters the area (and
// sees it in the navigation); a site administrator and an editor get 403
// with a Vietnamese message, an anonymous visitor the sign-in page, a
// cross-site POST the cross-origin refusal.
func TestPlatformAccess(t *testing.T) {
	p := newPlatformFixture(t, false)
	paths := []string{pathPlatform, pathPlatformCSV, pathPlatformNew, pathPlatformMerge, pathPlatformSite + "hoalu"}
	for _, path := range paths {
		wantStatus(t, p.admin.get(path), http.StatusOK, "platform admin "+path)
	}
	home := p.admin.get(pathHome)
	wantBody(t, home, "platform admin's navigation", `href="/quan-tri/nen-tang"`)
	for _, email := range []string{"qt@giavien.gov.vn", "bt@giavien.gov.vn"} {
		c := p.client("a.test")
		c.mustLogin(email, pathHome)
		if strings.Contains(c.get(pathHome).body, `href="/quan-tri/nen-tang"`) {
			t.Errorf("%s sees the platform area in the navigation", email)
		}
		for _, path := range paths {
			res := c.get(path)
			wantStatus(t, res, http.StatusForbidden, email+" "+path)
			wantBody(t, res, email+" "+path, "Khu vực nền tảng chỉ dành cho quản trị viên nền tảng")
		}
		res := c.post(pathPlatformNew, url.Values{"key": {"xa-moi"}, "name": {"Xã Mới"}, "kind": {"xa"}, "host": {"xamoi.test"}})
		wantStatus(t, res, http.StatusForbidden, email+" create")
	}
	anon := p.client("a.test")
	for _, path := range paths {
		res := anon.get(path)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathLogin) {
			t.Errorf("anonymous %s: %d → %q, want the sign-in page", path, res.status, res.location())
		}
	}
	res := p.admin.post(pathPlatformNew, url.Values{"key": {"xa-moi"}, "name": {"Xã Mới"}, "kind": {"xa"}, "host": {"xamoi.test"}}, "Sec-Fetch-Site", "cross-site")
	wantStatus(t, res, http.StatusForbidden, "cross-site create")
	if _, err := p.db.FindSiteByKey(context.Background(), "xa-moi"); err == nil {
		t.Fatal("a cross-site form created a site")
	}
}

// TestPlatformListFilters: kind, parent, state and text narrow the list;
// a value that is not one of the choices answers 400 with a message; the
// list is paged 50 a page.
func TestPlatformListFilters(t *testing.T) {
	p := newPlatformFixture(t, false)
	p.addSites(newSite("ninhbinh", "Cổng tỉnh Ninh Bình", content.KindProvince, "ninhbinh.test", ""),
		newSite("gia-hung", "Xã Gia Hưng", content.KindCommune, "giahung.test", "ninhbinh"),
		newSite("so-tai-chinh", "Sở Tài chính", content.KindDepartment, "stc.test", "ninhbinh"),
		newSite("xa-le", "Xã Lẻ", content.KindCommune, "xale.test", ""))
	ctx := context.Background()
	if _, err := p.sites.Archive(ctx, "xa-le", "ninhbinh", vi.Day{}, audit.Entry{}); err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`<th scope="row"><a href="/quan-tri/nen-tang/trang/([a-z0-9-]+)">`)
	keys := func(q string) string {
		t.Helper()
		res := p.admin.get(pathPlatform + "?" + q)
		wantStatus(t, res, http.StatusOK, q)
		var out []string
		for _, m := range rows.FindAllStringSubmatch(res.body, -1) {
			out = append(out, m[1])
		}
		return strings.Join(out, ",")
	}
	for q, want := range map[string]string{
		"":                                 "gia-hung,giavien,hoalu,ninhbinh,so-tai-chinh,xa-le",
		"loai=xa":                          "gia-hung,xa-le",
		"cap-tren=ninhbinh":                "gia-hung,so-tai-chinh",
		"cap-tren=ninhbinh&loai=so":        "so-tai-chinh",
		"trang-thai=archived":              "xa-le",
		"trang-thai=active&loai=xa":        "gia-hung",
		"q=stc.test":                       "so-tai-chinh",
		"q=" + url.QueryEscape("gia hung"): "gia-hung",
		"q=" + url.QueryEscape("Tài"):      "so-tai-chinh",
		"q=khong-co":                       "",
	} {
		if got := keys(q); got != want {
			t.Errorf("?%s: %s, want %s", q, got, want)
		}
	}
	for _, q := range []string{"loai=huyen", "cap-tren=khong-co", "trang-thai=deleted", "trang=0", "trang=abc", "q=" + strings.Repeat("a", 101)} {
		res := p.admin.get(pathPlatform + "?" + q)
		wantStatus(t, res, http.StatusBadRequest, q)
		wantBody(t, res, q, "Hãy chọn lại trong bộ lọc")
		wantStatus(t, p.admin.get(pathPlatformCSV+"?"+q), http.StatusBadRequest, "CSV "+q)
	}
	// Paged: 60 more sites make two pages; the second has the rest.
	var batch []content.NewSite
	for i := range 60 {
		batch = append(batch, newSite(fmt.Sprintf("xa-%02d", i), fmt.Sprintf("Xã số %02d", i), content.KindCommune, fmt.Sprintf("xa%02d.test", i), "ninhbinh"))
	}
	p.addSites(batch...)
	first := p.admin.get(pathPlatform + "?loai=xa")
	if n := len(rows.FindAllString(first.body, -1)); n != platformPageSize {
		t.Errorf("first page: %d rows, want %d", n, platformPageSize)
	}
	wantBody(t, first, "first page", `href="/quan-tri/nen-tang?loai=xa&amp;trang=2"`, "Trang 1 / 2")
	if got := keys("loai=xa&trang=2"); strings.Count(got, ",")+1 != 62-platformPageSize {
		t.Errorf("second page: %s", got)
	}
}

// TestPlatformHealthAndCSV: the list and the CSV show each site's
// figures; the CSV is UTF-8 with a BOM, escaped, and a name that a
// spreadsheet would run as a formula is written as text.
func TestPlatformHealthAndCSV(t *testing.T) {
	p := newPlatformFixture(t, false)
	p.addSites(newSite("gia-hung", `=HYPERLINK("http://x.test","Xã, ""Gia"" Hưng")`, content.KindCommune, "giahung.test", ""))
	ctx := context.Background()
	gh, err := p.db.FindSiteByKey(ctx, "gia-hung")
	if err != nil {
		t.Fatal(err)
	}
	cats, err := p.db.FindCategories(ctx, gh.ID)
	if err != nil || len(cats) == 0 {
		t.Fatalf("the kit's categories: %v %v", cats, err)
	}
	now := time.Now()
	for i, st := range []content.Status{content.StatusPublished, content.StatusPublished, content.StatusScheduled} {
		at := now.Add(-time.Hour)
		a := content.Article{SiteID: gh.ID, CategoryID: cats[0].ID, Title: fmt.Sprintf("Bài %d", i), Slug: fmt.Sprintf("bai-%d", i), Body: "<p>x</p>", Status: st, PublishedAt: at}
		if err := p.db.ApplyChange(ctx, &newsroom.Change{Article: &a}); err != nil {
			t.Fatal(err)
		}
	}
	res := p.admin.get(pathPlatform + "?q=gia-hung")
	wantStatus(t, res, http.StatusOK, "list")
	wantBody(t, res, "list", "Sao lưu gần nhất của hệ thống: <strong>chưa có", "Cơ quan chủ quản", "<td>2</td>", `<span class="badge badge-warn">1</span>`)
	csvRes := p.admin.get(pathPlatformCSV + "?q=gia-hung")
	wantStatus(t, csvRes, http.StatusOK, "CSV")
	if ct := csvRes.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := csvRes.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="tuan-thu-`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(csvRes.body, "\ufeffMã trang,Tên trang,") {
		t.Fatalf("no BOM and header: %q", csvRes.body[:min(60, len(csvRes.body))])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvRes.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, csvRes.body)
	}
	if len(recs) != 2 || len(recs[1]) != len(platformCSVHeader) {
		t.Fatalf("records %q", recs)
	}
	r := recs[1]
	if r[0] != "gia-hung" || r[1] != `'=HYPERLINK("http://x.test","Xã, ""Gia"" Hưng")` {
		t.Errorf("key and name %q %q: the formula must be text, quotes and commas kept", r[0], r[1])
	}
	if r[7] != "2" || r[8] != "0" || r[9] != "1" || r[11] != "0" || !strings.Contains(r[10], "Cơ quan chủ quản") || r[12] != "chưa có (máy chủ này không tự sao lưu: chưa đặt --backup-dir)" {
		t.Errorf("figures %q", r)
	}
	for _, c := range []struct{ in, want string }{{"=1+1", "'=1+1"}, {"+84", "'+84"}, {"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\tx", "'\tx"}, {"Xã", "Xã"}, {"", ""}} {
		if got := csvCell(c.in); got != c.want {
			t.Errorf("csvCell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestPlatformCreate: bad input shows the form again with a Vietnamese
// message and everything typed; a good form creates the site with its
// kit, makes the e-mail its administrator and queues the one-time
// password (or shows it once without e-mail), all audited as the
// platform administrator.
func TestPlatformCreate(t *testing.T) {
	p := newPlatformFixture(t, true)
	good := url.Values{"key": {"gia-hung"}, "name": {"Trang thông tin điện tử xã Gia Hưng"}, "kind": {"xa"}, "parent": {"giavien"},
		"host": {"giahung.test"}, "email": {"QuanTri@GiaHung.gov.vn"}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for kk, vv := range good {
			f[kk] = vv
		}
		f.Set(k, v)
		return f
	}
	for _, c := range []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"duplicate key", with("key", "hoalu"), "key", "Mã trang &#34;hoalu&#34; đã có."},
		{"host taken", with("host", "b.test"), "host", "Tên miền b.test đã thuộc trang &#34;hoalu&#34;."},
		{"bad host", with("host", "http://giahung.test/"), "host", "chỉ ghi tên miền"},
		{"unknown parent", with("parent", "khong-co"), "parent", "Không có trang cấp trên mã &#34;khong-co&#34;."},
		{"bad e-mail", with("email", "quantri@"), "email", "email"},
		{"bad kind", with("kind", "huyen"), "kind", "Loại trang"},
		{"no name", with("name", ""), "name", ""},
	} {
		res := p.admin.post(pathPlatformNew, c.form)
		wantStatus(t, res, http.StatusUnprocessableEntity, c.name)
		wantBody(t, res, c.name, `id="`+c.field+`-loi"`, c.msg, `value="`+c.form.Get("name")+`"`)
		for _, k := range []string{"key", "host", "email"} {
			if v := c.form.Get(k); !strings.Contains(res.body, `value="`+v+`"`) && !strings.Contains(res.body, `value="`+strings.ReplaceAll(v, "/", "&#47;")+`"`) {
				t.Errorf("%s: the typed %s %q is lost", c.name, k, v)
			}
		}
		if _, err := p.db.FindSiteByKey(context.Background(), c.form.Get("key")); c.form.Get("key") == "gia-hung" && err == nil {
			t.Fatalf("%s: the site was created", c.name)
		}
	}
	res := p.admin.post(pathPlatformNew, good)
	wantStatus(t, res, http.StatusCreated, "create")
	wantBody(t, res, "create", "Đã tạo trang Trang thông tin điện tử xã Gia Hưng", "xếp vào hàng gửi thư")
	if strings.Contains(res.body, `class="onetime"`) {
		t.Error("the one-time password is shown although it was mailed")
	}
	ctx := context.Background()
	site, err := p.db.FindSiteByKey(ctx, "gia-hung")
	if err != nil {
		t.Fatal(err)
	}
	if site.Kind != content.KindCommune || site.Host != "giahung.test" || site.ParentID != p.siteA.ID {
		t.Errorf("site %+v", site)
	}
	if cats, err := p.db.FindCategories(ctx, site.ID); err != nil || len(cats) == 0 {
		t.Errorf("no kit: %v %v", cats, err)
	}
	if len(p.mail.letters) != 1 {
		t.Fatalf("letters %+v", p.mail.letters)
	}
	l := p.mail.letters[0]
	pw := regexp.MustCompile(`Mật khẩu dùng một lần: (\S+)`).FindStringSubmatch(l.Body)
	if l.SiteID != site.ID || pw == nil || !strings.Contains(l.Body, "http://giahung.test/quan-tri/dang-nhap") {
		t.Fatalf("letter %+v", l)
	}
	// The new administrator signs in on the new host and must change the password.
	c := p.client("giahung.test")
	in := c.login("quantri@giahung.gov.vn", pw[1], "")
	if in.status != http.StatusSeeOther || !strings.HasPrefix(in.location(), pathPassword) {
		t.Fatalf("the new administrator's sign-in: %d → %q", in.status, in.location())
	}
	var actions []string
	for _, e := range p.auditEntries() {
		if e.Actor == "nentang@tinh.gov.vn" {
			actions = append(actions, e.Action)
		}
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "site.create,user.create") {
		t.Errorf("audit by the platform administrator: %s", got)
	}
	// An existing account gets the role; nothing is mailed.
	res = p.admin.post(pathPlatformNew, url.Values{"key": {"gia-van"}, "name": {"Xã Gia Vân"}, "kind": {"xa"}, "host": {"giavan.test"}, "email": {"bt@giavien.gov.vn"}})
	wantStatus(t, res, http.StatusCreated, "existing account")
	wantBody(t, res, "existing account", "đã giao thêm quyền quản trị trang này")
	if len(p.mail.letters) != 1 {
		t.Errorf("an existing account was mailed a password")
	}
}

// TestPlatformCreateWithoutMail: without e-mail the one-time password is
// shown once on the answer.
func TestPlatformCreateWithoutMail(t *testing.T) {
	p := newPlatformFixture(t, false)
	res := p.admin.post(pathPlatformNew, url.Values{"key": {"gia-hung"}, "name": {"Xã Gia Hưng"}, "kind": {"xa"}, "host": {"giahung.test"}, "email": {"qt@giahung.gov.vn"}})
	wantStatus(t, res, http.StatusCreated, "create")
	pw := regexp.MustCompile(`<code class="onetime">([^<]+)</code>`).FindStringSubmatch(res.body)
	if pw == nil {
		t.Fatalf("no one-time password shown:\n%s", res.body)
	}
	in := p.client("giahung.test").login("qt@giahung.gov.vn", pw[1], "")
	if in.status != http.StatusSeeOther || !strings.HasPrefix(in.location(), pathPassword) {
		t.Fatalf("sign-in with the shown password: %d → %q", in.status, in.location())
	}
}

// TestPlatformEditHostsArchive: editing a site (a stale form answers 409
// with what was typed), adding and removing hosts, archiving after the
// plan's summary, reopening; bad input answers 422 with a message.
func TestPlatformEditHostsArchive(t *testing.T) {
	p := newPlatformFixture(t, false)
	ctx := context.Background()
	p.addSites(newSite("ninhbinh", "Cổng tỉnh Ninh Bình", content.KindProvince, "ninhbinh.test", ""),
		newSite("gia-hung", "Xã Gia Hưng", content.KindCommune, "giahung.test", "ninhbinh"))
	page := pathPlatformSite + "gia-hung"
	version := func() string {
		t.Helper()
		s, err := p.db.FindSiteByKey(ctx, "gia-hung")
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(s.EditVersion)
	}
	v := version()
	wantBody(t, p.admin.get(page), "site page", `name="phien-ban" value="`+v+`"`)
	// Stale: another change in between.
	if _, err := p.sites.Update(ctx, "gia-hung", content.SiteChange{Name: ptr("Xã Gia Hưng (cũ)")}, audit.Entry{}); err != nil {
		t.Fatal(err)
	}
	res := p.admin.post(page, url.Values{"phien-ban": {v}, "name": {"Xã Gia Hưng mới"}, "kind": {"xa"}, "parent": {"ninhbinh"}})
	wantStatus(t, res, http.StatusConflict, "stale edit")
	wantBody(t, res, "stale edit", "vừa được người khác thay đổi", `value="Xã Gia Hưng mới"`, `name="phien-ban" value="`+version()+`"`)
	res = p.admin.post(page, url.Values{"name": {"Xã Gia Hưng mới"}, "kind": {"xa"}, "parent": {"ninhbinh"}})
	wantStatus(t, res, http.StatusConflict, "edit without a version")
	for _, c := range []struct{ name, field, value, msg string }{
		{"unknown parent", "parent", "khong-co", "Không có trang cấp trên"},
		{"cycle", "parent", "gia-hung", "vòng lặp"},
		{"bad kind", "kind", "huyen", "Loại trang"},
	} {
		f := url.Values{"phien-ban": {version()}, "name": {"Xã Gia Hưng mới"}, "kind": {"xa"}, "parent": {"ninhbinh"}}
		f.Set(c.field, c.value)
		res := p.admin.post(page, f)
		wantStatus(t, res, http.StatusUnprocessableEntity, c.name)
		wantBody(t, res, c.name, c.msg, `value="Xã Gia Hưng mới"`)
	}
	res = p.admin.post(page, url.Values{"phien-ban": {version()}, "name": {"Xã Gia Hưng mới"}, "kind": {"xa"}, "parent": {""}})
	wantStatus(t, res, http.StatusSeeOther, "edit")
	if s, err := p.db.FindSiteByKey(ctx, "gia-hung"); err != nil || s.Name != "Xã Gia Hưng mới" || s.ParentID != 0 {
		t.Fatalf("after the edit: %+v %v", s, err)
	}
	// Hosts.
	for _, c := range []struct{ host, msg string }{{"b.test", "đã thuộc trang"}, {"giahung.test", "đã thuộc trang"}, {"a b", "không hợp lệ"}} {
		res := p.admin.post(page+"/ten-mien", url.Values{"host": {c.host}})
		wantStatus(t, res, http.StatusUnprocessableEntity, "host "+c.host)
		wantBody(t, res, "host "+c.host, c.msg, `id="host-loi"`)
	}
	wantStatus(t, p.admin.post(page+"/ten-mien", url.Values{"host": {"www.giahung.test"}}), http.StatusSeeOther, "add host")
	wantBody(t, p.admin.get(page+"?xong=them-ten-mien"), "hosts", "www.giahung.test", "Đã thêm tên miền phụ.")
	if site, alias := p.fixture.sites.Resolve("www.giahung.test"); site == nil || !alias {
		t.Error("the new alias is not served at once")
	}
	res = p.admin.post(page+"/ten-mien/go", url.Values{"host": {"giahung.test"}})
	wantStatus(t, res, http.StatusUnprocessableEntity, "remove the primary host")
	wantStatus(t, p.admin.post(page+"/ten-mien/go", url.Values{"host": {"www.giahung.test"}}), http.StatusSeeOther, "remove host")
	// Archive: the plan first, nothing changed; bad input; then confirmed.
	v = version()
	for _, c := range []struct{ successor, since, msg string }{
		{"gia-hung", "", "Trang kế nhiệm phải là một trang khác."},
		{"khong-co", "", "Không có trang kế nhiệm"},
		{"ninhbinh", "31/02/2025", "Ngày kết thúc hoạt động không hợp lệ"},
	} {
		res := p.admin.post(page+"/luu-tru", url.Values{"phien-ban": {v}, "successor": {c.successor}, "since": {c.since}})
		wantStatus(t, res, http.StatusUnprocessableEntity, "archive "+c.msg)
		wantBody(t, res, "archive "+c.msg, c.msg)
	}
	res = p.admin.post(page+"/luu-tru", url.Values{"phien-ban": {v}, "successor": {"ninhbinh"}, "since": {"01/07/2025"}})
	wantStatus(t, res, http.StatusOK, "archive plan")
	wantBody(t, res, "archive plan", "Xác nhận chuyển sang lưu trữ", "kết thúc hoạt động từ ngày 01/07/2025; thông tin mới tại Cổng tỉnh Ninh Bình", `name="xac-nhan" value="1"`)
	if s, _ := p.db.FindSiteByKey(ctx, "gia-hung"); s.State != content.StateActive {
		t.Fatal("the plan archived the site")
	}
	res = p.admin.post(page+"/luu-tru", url.Values{"phien-ban": {"1"}, "successor": {"ninhbinh"}, "since": {"01/07/2025"}, "xac-nhan": {"1"}})
	wantStatus(t, res, http.StatusConflict, "stale archive")
	res = p.admin.post(page+"/luu-tru", url.Values{"phien-ban": {v}, "successor": {"ninhbinh"}, "since": {"2025-07-01"}, "xac-nhan": {"1"}})
	wantStatus(t, res, http.StatusSeeOther, "archive")
	s, err := p.db.FindSiteByKey(ctx, "gia-hung")
	if err != nil || s.State != content.StateArchived || s.EndedOn != "2025-07-01" {
		t.Fatalf("after archiving: %+v %v", s, err)
	}
	wantStatus(t, p.admin.post(page+"/mo-lai", url.Values{"phien-ban": {version()}}), http.StatusSeeOther, "reopen")
	if s, _ := p.db.FindSiteByKey(ctx, "gia-hung"); s.State != content.StateActive {
		t.Fatalf("not reopened: %+v", s)
	}
	res = p.admin.post(page+"/mo-lai", url.Values{"phien-ban": {version()}})
	wantStatus(t, res, http.StatusUnprocessableEntity, "reopen an active site")
	wantBody(t, res, "reopen an active site", "không phải trang lưu trữ")
	wantStatus(t, p.admin.get(pathPlatformSite+"khong-co"), http.StatusNotFound, "unknown site")
	var actions []string
	for _, e := range p.auditEntries() {
		if e.Actor == "nentang@tinh.gov.vn" && strings.HasPrefix(e.Action, "site.") {
			actions = append(actions, e.Action)
		}
	}
	if got, want := strings.Join(actions, ","), "site.update,site.host.add,site.host.remove,site.archive,site.reopen"; got != want {
		t.Errorf("audit: %s, want %s", got, want)
	}
}

// TestPlatformMerge: bad requests answer 422 with a message and what was
// typed; the plan shows what each site holds and changes nothing; the
// confirmation merges, audited.
func TestPlatformMerge(t *testing.T) {
	p := newPlatformFixture(t, false)
	ctx := context.Background()
	p.addSites(newSite("ninhbinh", "Cổng tỉnh Ninh Bình", content.KindProvince, "ninhbinh.test", ""),
		newSite("gia-hung", "Xã Gia Hưng", content.KindCommune, "giahung.test", "ninhbinh"))
	for _, c := range []struct {
		form url.Values
		msg  string
	}{
		{url.Values{"into": {"ninhbinh"}}, "Vui lòng nhập mã các trang giải thể"},
		{url.Values{"from": {"gia-hung"}}, "Vui lòng chọn trang tiếp nhận"},
		{url.Values{"from": {"khong-co"}, "into": {"ninhbinh"}}, "khong-co"},
		{url.Values{"from": {"ninhbinh"}, "into": {"gia-hung"}}, "là cấp trên của trang nhận"},
		{url.Values{"from": {"gia-hung"}, "into": {"gia-hung"}}, "không thể sáp nhập một trang vào chính nó"},
	} {
		res := p.admin.post(pathPlatformMerge, c.form)
		wantStatus(t, res, http.StatusUnprocessableEntity, c.msg)
		wantBody(t, res, c.msg, c.msg)
		if f := c.form.Get("from"); f != "" {
			wantBody(t, res, c.msg, `value="`+f+`"`)
		}
	}
	res := p.admin.post(pathPlatformMerge, url.Values{"from": {"gia-hung"}, "into": {"ninhbinh"}})
	wantStatus(t, res, http.StatusOK, "plan")
	wantBody(t, res, "plan", "Kế hoạch sáp nhập", "“Lưu trữ Xã Gia Hưng”", "Xác nhận sáp nhập")
	if s, _ := p.db.FindSiteByKey(ctx, "gia-hung"); s.State != content.StateActive {
		t.Fatal("the plan merged")
	}
	res = p.admin.post(pathPlatformMerge, url.Values{"from": {"gia-hung"}, "into": {"ninhbinh"}, "xac-nhan": {"1"}})
	wantStatus(t, res, http.StatusOK, "merge")
	wantBody(t, res, "merge", "Kết quả sáp nhập", "Đã sáp nhập vào ninhbinh")
	if s, _ := p.db.FindSiteByKey(ctx, "gia-hung"); s.State != content.StateMerged {
		t.Fatalf("not merged: %+v", s)
	}
	if site, _ := p.fixture.sites.Resolve("giahung.test"); site == nil || site.State != content.StateMerged {
		t.Error("the directory does not know the merge at once")
	}
	found := false
	for _, e := range p.auditEntries() {
		found = found || e.Action == "site.merge" && e.Actor == "nentang@tinh.gov.vn"
	}
	if !found {
		t.Error("the merge is not audited as the platform administrator")
	}
	// Again: nothing to do.
	res = p.admin.post(pathPlatformMerge, url.Values{"from": {"gia-hung"}, "into": {"ninhbinh"}})
	wantStatus(t, res, http.StatusOK, "merge again")
	wantBody(t, res, "merge again", "đã sáp nhập vào trang tiếp nhận trước đó")
}

func ptr[T any](v T) *T { return &v }

// platformTemplateSamples are view models of the platform area's pages for
// TestEveryTemplateRenders, with every optional part filled.
func platformTemplateSamples(l Layout) map[string]any {
	form := Form{Order: []string{"key", "name", "kind", "parent", "host", "email", "successor", "since", "from", "into", "category"},
		Errors: map[string]string{"key": "k", "host": "h", "email": "e", "since": "s", "from": "f"}, Alert: "Có lỗi"}
	opts := []Option{{Value: "", Label: "Mọi loại"}, {Value: "xa", Label: "Xã, phường, đặc khu", Selected: true}}
	row := PlatformRow{Key: "gia-hung", Name: "Xã Gia Hưng", Kind: "xã", State: "đang hoạt động", Host: "giahung.localhost", Parent: "Tỉnh Ninh Bình",
		URL: "/quan-tri/nen-tang/trang/gia-hung", Public: "http://giahung.localhost/", Archived: true, LastPublished: "05/12/2026",
		LastPublishedISO: "2026-12-05", ThisMonth: 3, OverdueQuestions: 1, OverdueScheduled: 2, Missing: []string{"Giấy phép"}, Storage: "1,2 MB", StorageBytes: 1200000}
	site := content.Site{Key: "gia-hung", Name: "Xã Gia Hưng", Host: "giahung.localhost"}
	counts := sitemerge.Counts{Articles: 3}
	return map[string]any{
		"platform": PlatformListPage{Layout: l, Kinds: opts, Parents: opts, States: opts, Query: "gia", Rows: []PlatformRow{row, {Key: "b", Name: "B", Merged: true}},
			Total: 2, All: 3, Month: "12/2026", Backup: "chưa có", CSVURL: "/quan-tri/nen-tang/tuan-thu.csv", Pager: Pager{Page: 2, Pages: 3, PrevURL: "/x?trang=1", NextURL: "/x?trang=3"}, CanMerge: true},
		"platform-new": PlatformNewPage{Layout: l, Form: form, Key: "gia-hung", Name: "Xã Gia Hưng", Kind: "xa", Parent: "ninhbinh", Host: "giahung.localhost",
			AdminEmail: "qt@giahung.vn", Kinds: opts, Parents: opts, MailOn: true},
		"platform-created": PlatformCreatedPage{Layout: l, Created: site, Public: "http://giahung.localhost/", Login: "http://giahung.localhost/quan-tri/dang-nhap",
			AdminEmail: "qt@giahung.vn", Password: "abcde-fghij", MailFailed: true},
		"platform-site": PlatformSitePage{Layout: l, Target: site, Row: row, Notice: "n", Aliases: []string{"giahung.gov.vn"}, Version: 3, Edit: form,
			Name: "Xã Gia Hưng", Kind: "xa", Parent: "ninhbinh", Kinds: opts, Parents: opts, Successors: opts, HostForm: form, NewHost: "x.vn",
			ArchiveForm: form, Successor: "ninhbinh", Since: "2025-07-01", Plan: &ArchivePreview{Name: "Xã Gia Hưng", EndedOn: "01/07/2025", Successor: "Tỉnh",
				SuccessorHost: "ninhbinh.localhost", Successorkey: "ninhbinh", Since: "2025-07-01", Again: true},
			ParentName: "Tỉnh Ninh Bình", SuccessorName: "Tỉnh Ninh Bình", MergedInto: "Tỉnh Ninh Bình"},
		"platform-merge": PlatformMergePage{Layout: l, Form: form, From: "a,b", Into: "ninhbinh", Category: "Lưu trữ", Targets: opts,
			Plan:    []MergePlanRow{{Key: "a", Name: "A", Category: "Lưu trữ A", Counts: counts}, {Key: "ninhbinh", Name: "Tỉnh", Counts: counts}},
			Already: []string{"c"}, Done: []MergeDoneRow{{From: "a", Into: "ninhbinh", Category: "Lưu trữ A", Moved: counts, Redirects: 4, Renamed: 1, Already: true}}},
	}
}
