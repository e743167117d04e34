package admin

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/question"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// formsWithoutVersion lists the POST forms of an admin page (its
// sign-out form aside) that do not carry the edit version: on a page
// editing a versioned record, every form must (see formVersion).
func formsWithoutVersion(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<form method="post" action="([^"]*)"[^>]*>(.*?)</form>`).FindAllStringSubmatch(body, -1) {
		// Signing out and switching site (the header's forms) edit nothing.
		if m[1] != "/quan-tri/dang-xuat" && m[1] != pathSwitch && !strings.Contains(m[2], `name="phien-ban"`) {
			out = append(out, m[1])
		}
	}
	return out
}

// wantFormsCarryVersion fails when a POST form of body lacks the version,
// or when body has no form at all (the check would then be vacuous).
func wantFormsCarryVersion(t *testing.T, what, body string) {
	t.Helper()
	if n := strings.Count(body, `<form method="post"`); n < 2 {
		t.Fatalf("%s: %d POST forms, expected the sign-out form and the page's", what, n)
	}
	if missing := formsWithoutVersion(body); len(missing) > 0 {
		t.Errorf("%s: forms without the edit version: %v", what, missing)
	}
}

// TestPageConflictKeepsWhatWasTyped: two administrators edit one static
// page. The second save, from a page of the version the first replaced,
// answers 409 with what was typed and the version now stored instead of
// reverting the first; saving again overwrites. A form without the
// version is stale too.
func TestPageConflictKeepsWhatWasTyped(t *testing.T) {
	f := newFurnFixture(t)
	ctx := context.Background()
	second := f.addUser("qt2@giavien.gov.vn", "Quản Trị Hai", user.RoleSiteAdmin, f.siteA.ID)
	a, b := f.client("a.test"), f.client("a.test")
	a.mustLogin(f.adminA.Email, pathHome)
	b.mustLogin(second.Email, pathHome)
	page := pathAboutPages + "/" + itoa(f.page.ID)
	if res := b.get(page); !strings.Contains(res.body, `name="phien-ban" value="1"`) {
		t.Fatalf("the page's form does not carry the version read:\n%s", excerpt(res.body))
	} else {
		wantFormsCarryVersion(t, "static page", res.body)
	}
	stored := func() content.Page {
		return testenv.Must(f.content.Store().FindPageBySlug(ctx, f.siteA.ID, f.page.Slug)).Get(t)
	}
	edit := func(version, body string) url.Values {
		v := url.Values{"title": {f.page.Title}, "slug": {f.page.Slug}, "body": {body}}
		if version != "" {
			v.Set("phien-ban", version)
		}
		return v
	}
	if res := a.post(page, edit("1", "<p>A sửa</p>")); res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.status, excerpt(res.body))
	}
	for _, version := range []string{"1", ""} {
		res := b.post(page, edit(version, "<p>B sửa</p>"))
		if res.status != http.StatusConflict {
			t.Fatalf("stale edit (version %q): %d, want 409\n%s", version, res.status, excerpt(res.body))
		}
		for _, want := range []string{"vừa được người khác sửa", "&lt;p&gt;B sửa&lt;/p&gt;</textarea>", `name="phien-ban" value="2"`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("conflict page (version %q) lacks %q", version, want)
			}
		}
		if got := stored(); got.Body != "<p>A sửa</p>" || got.Version != 2 {
			t.Fatalf("the stale edit overwrote the first: %q version %d", got.Body, got.Version)
		}
	}
	if res := b.post(page, edit("2", "<p>B sửa</p>")); res.status != http.StatusSeeOther {
		t.Fatalf("edit after seeing the conflict: %d", res.status)
	}
	if got := stored(); got.Body != "<p>B sửa</p>" || got.Version != 3 {
		t.Errorf("stored %q version %d", got.Body, got.Version)
	}
}

// TestUserConflictKeepsWhatWasTyped: two administrators on one account. A
// roles form, a disable and a password reset from a page of an older
// version of the account are refused with 409 (the roles as ticked kept,
// the version now stored carried) and change nothing.
func TestUserConflictKeepsWhatWasTyped(t *testing.T) {
	f := newSiteFixture(t)
	ctx := context.Background()
	a, b := f.signedIn(&f.siteAdmin), f.signedIn(&f.admin)
	page := userURL(f.reporter.ID)
	// Lock the account, so that its page offers every action.
	for range f.users.Limits().AccountFailures + 1 {
		f.users.Authenticate(ctx, f.reporter.Email, "sai mật khẩu rồi", "10.9.9.9")
	}
	shown := a.get(page).body
	wantFormsCarryVersion(t, "account", shown)
	if !strings.Contains(shown, "/mo-khoa") || !strings.Contains(shown, "/vo-hieu-hoa") {
		t.Fatal("the account page lacks the unlock or disable form")
	}
	v1 := hiddenValue(t, shown, "phien-ban")
	// b gives the editor role.
	if res := b.postFrom(page, page+"/vai-tro", url.Values{"role": {"reporter", "editor"}}); res.status != http.StatusSeeOther {
		t.Fatalf("b sets roles: %d\n%s", res.status, excerpt(res.body))
	}
	after := f.roles(f.reporter)
	// a, on the page read before, ticks reporter and approver.
	res := a.post(page+"/vai-tro", url.Values{"role": {"reporter", "approver"}, "phien-ban": {v1}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, "vừa được người khác thay đổi") {
		t.Fatalf("stale roles form: %d, want 409 with the message\n%s", res.status, excerpt(res.body))
	}
	if !regexp.MustCompile(`id="vai-tro-approver" name="role" value="approver" checked`).MatchString(res.body) ||
		regexp.MustCompile(`id="vai-tro-editor" name="role" value="editor" checked`).MatchString(res.body) {
		t.Errorf("the conflict page does not show the roles as ticked")
	}
	now := testenv.Must(f.db.FindUserByID(ctx, f.reporter.ID)).Get(t)
	if v := hiddenValue(t, res.body, "phien-ban"); v != itoa(now.Version) || v == v1 {
		t.Errorf("the conflict page carries version %s, want %d", v, now.Version)
	}
	if got := f.roles(f.reporter); len(got) != len(after) {
		t.Fatalf("the stale roles form changed the roles: %+v, want %+v", got, after)
	}
	hash := now.PasswordHash
	for _, action := range []string{"vo-hieu-hoa", "dat-lai-mat-khau"} {
		for _, form := range []url.Values{{"phien-ban": {v1}}, {}} {
			if res := a.post(page+"/"+action, form); res.status != http.StatusConflict || !strings.Contains(res.body, "vừa được người khác thay đổi") {
				t.Errorf("stale %s %v: %d, want 409", action, form, res.status)
			}
		}
	}
	if got := testenv.Must(f.db.FindUserByID(ctx, f.reporter.ID)).Get(t); got.Disabled || got.PasswordHash != hash || got.Version != now.Version {
		t.Errorf("a stale action changed the account: disabled %v, hash changed %v, version %d", got.Disabled, got.PasswordHash != hash, got.Version)
	}
	// From the conflict page, the roles as ticked are saved.
	res = a.post(page+"/vai-tro", url.Values{"role": {"reporter", "approver"}, "phien-ban": {itoa(now.Version)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("roles after the conflict: %d\n%s", res.status, excerpt(res.body))
	}
	if got := f.roles(f.reporter); len(got) != 2 || got[0].Role != user.RoleApprover && got[1].Role != user.RoleApprover {
		t.Errorf("roles %+v, want reporter and approver", got)
	}
}

// TestSiteSettingsConflictKeepsWhatWasTyped: two administrators on the
// site's information. A save from a page of the version the other
// replaced answers 409 with what was typed and the version now stored,
// saving neither the information nor the account policy.
func TestSiteSettingsConflictKeepsWhatWasTyped(t *testing.T) {
	f := newSiteFixture(t)
	ctx := context.Background()
	a, b := f.signedIn(&f.siteAdmin), f.signedIn(&f.admin)
	shown := b.get(pathSiteSettings).body
	wantFormsCarryVersion(t, "site information", shown)
	v1 := hiddenValue(t, shown, "phien-ban")
	form := func(version, phone, email string) url.Values {
		return url.Values{"name": {f.siteA.Name}, "phone": {phone}, "email": {email}, "phien-ban": {version}}
	}
	if res := a.postFrom(pathSiteSettings, pathSiteSettings, form("", "0229 3 640 101", "")); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.status, excerpt(res.body))
	}
	stale := form(v1, "", "vanphong@giavien.gov.vn")
	stale.Set("require_second_factor", "1")
	res := b.post(pathSiteSettings, stale)
	if res.status != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409\n%s", res.status, excerpt(res.body))
	}
	site := testenv.Must(f.db.FindSiteByID(ctx, f.siteA.ID)).Get(t)
	for _, want := range []string{"vừa được người khác thay đổi", `value="vanphong@giavien.gov.vn"`, `name="phien-ban" value="` + itoa(site.EditVersion) + `"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if site.Phone != "0229 3 640 101" || site.Email != "" || itoa(site.EditVersion) == v1 {
		t.Errorf("the stale save overwrote the first: phone %q email %q edit version %d", site.Phone, site.Email, site.EditVersion)
	}
	if pol := testenv.Must(f.policies.Find(ctx, f.siteA.ID)).Get(t); pol.RequireSecondFactor {
		t.Error("the stale save changed the account policy")
	}
}

// TestDocumentButtonsCarryVersion: publishing, withdrawing and recording
// a replacement from a page of an older version of the document (or from
// a form without the version) answer 409 and change nothing; the reason
// typed for a withdrawal is kept.
func TestDocumentButtonsCarryVersion(t *testing.T) {
	f := newDocFixture(t)
	ctx := context.Background()
	c := f.signedIn(&f.approver)
	id := createdDocument(t, c, docForm("30/QĐ-UBND"))
	base := adminDocumentURL(id)
	stored := func() document.Document { return testenv.Must(f.db.FindDocumentByID(ctx, f.siteA.ID, id)).Get(t) }
	// Attaching from a stale page stores nothing; detaching from one
	// leaves the file.
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	if res := c.upload(base+"/tep", "qd.pdf", pdf, url.Values{"phien-ban": {"9"}}); res.status != http.StatusConflict {
		t.Errorf("attach from a stale page: %d, want 409", res.status)
	}
	if res := c.upload(base+"/tep", "qd.pdf", pdf, url.Values{"phien-ban": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("attach: %d\n%s", res.status, excerpt(res.body))
	}
	detach := base + "/tep/" + itoa(stored().FileIDs[0]) + "/bo"
	if res := c.post(detach, url.Values{"phien-ban": {"1"}}); res.status != http.StatusConflict {
		t.Errorf("detach from a stale page: %d, want 409", res.status)
	}
	if d := stored(); len(d.FileIDs) != 1 || d.Version != 2 {
		t.Fatalf("after a stale attach and detach: files %v version %d", d.FileIDs, d.Version)
	}
	wantFormsCarryVersion(t, "draft document", c.get(base).body)
	for _, form := range []url.Values{{"phien-ban": {"1"}}, {}} {
		if res := c.post(base+"/cong-bo", form); res.status != http.StatusConflict || !strings.Contains(res.body, "vừa được người khác thay đổi") {
			t.Errorf("publish from a stale page %v: %d, want 409", form, res.status)
		}
	}
	if d := stored(); d.Status != document.StatusDraft {
		t.Fatalf("a stale publish published: %s", d.Status)
	}
	if res := c.post(base+"/cong-bo", url.Values{"phien-ban": {"2"}}); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.status)
	}
	wantFormsCarryVersion(t, "published document", c.get(base).body)
	res := c.post(base+"/go-bo", url.Values{"phien-ban": {"2"}, "reason": {"Ban hành nhầm số"}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, ">Ban hành nhầm số</textarea>") {
		t.Errorf("withdraw from a stale page: %d, want 409 keeping the reason\n%s", res.status, excerpt(res.body))
	}
	if res := c.post(base+"/thay-the", url.Values{"phien-ban": {"2"}, "replaced_by": {"0"}}); res.status != http.StatusConflict {
		t.Errorf("replacement from a stale page: %d, want 409", res.status)
	}
	if d := stored(); d.Status != document.StatusPublished || d.Version != 3 {
		t.Errorf("stale steps changed the document: %s version %d", d.Status, d.Version)
	}
	if res := c.post(base+"/go-bo", url.Values{"phien-ban": {"3"}, "reason": {"Ban hành nhầm số"}}); res.status != http.StatusSeeOther {
		t.Errorf("withdraw: %d", res.status)
	}
}

// TestQuestionAndConsultationFormsRequireVersion: an action on a question
// or a draft posted without the version is refused as stale (409 with the
// message, what was typed kept), never applied to whatever is stored;
// attaching and detaching a draft's files check the version too.
func TestQuestionAndConsultationFormsRequireVersion(t *testing.T) {
	mf := newMediaFixture(t)
	f := mf.fixture
	withCitizen(f)
	ctx := context.Background()
	q, _, err := f.srv.questions.Submit(ctx, f.siteA.ID, question.Input{Name: "Nguyễn Văn An", Phone: "0912 345 678", Subject: "Hỏi về đất", Field: question.Fields[0],
		Body: "Xin hỏi thủ tục cấp giấy chứng nhận lần đầu."})
	if err != nil {
		t.Fatal(err)
	}
	f.addUser("duyet@a.vn", "Duyệt", user.RoleApprover, f.siteA.ID)
	c := f.client("a.test")
	c.mustLogin("duyet@a.vn", pathHome)
	qpage := pathQuestions + "/" + strconv.FormatInt(q.ID, 10)
	wantFormsCarryVersion(t, "question", c.get(qpage).body)
	if res := c.post(qpage+"/accept", nil); res.status != http.StatusConflict || !strings.Contains(res.body, "vừa được người khác xử lý") {
		t.Errorf("accept without the version: %d, want 409", res.status)
	}
	res := c.post(qpage+"/edit", url.Values{"subject": {"Hỏi về đất đai"}, "body": {"Nội dung B."}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, ">Nội dung B.</textarea>") {
		t.Errorf("edit without the version: %d, want 409 keeping the text", res.status)
	}
	if got := testenv.Must(f.db.FindQuestionByID(ctx, f.siteA.ID, q.ID)).Get(t); got.Status != question.StatusNew || got.Version != 1 {
		t.Errorf("an action without the version was applied: %s version %d", got.Status, got.Version)
	}

	res = c.post(pathConsultations+"/moi", url.Values{"title": {"Dự thảo"}, "summary": {"Tóm tắt"}, "opens": {"2026-12-01"}, "closes": {"2026-12-31"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.status)
	}
	page := strings.SplitN(res.location(), "?", 2)[0]
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(page, pathConsultations+"/"), 10, 64)).Get(t)
	files := func() []int64 { return testenv.Must(f.db.FindConsultationByID(ctx, f.siteA.ID, id)).Get(t).Files }
	res = c.post(page+"/tong-hop", url.Values{"report": {"Tổng hợp B"}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, ">Tổng hợp B</textarea>") {
		t.Errorf("report without the version: %d, want 409 keeping the text", res.status)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	for _, form := range []url.Values{{"phien-ban": {"7"}}, nil} {
		if res := c.upload(page+"/tep", "du-thao.pdf", pdf, form); res.status != http.StatusConflict || !strings.Contains(res.body, "vừa được người khác thay đổi") {
			t.Errorf("upload from a stale page %v: %d, want 409", form, res.status)
		}
	}
	if got := files(); len(got) != 0 {
		t.Fatalf("a stale upload attached %v", got)
	}
	if res := c.upload(page+"/tep", "du-thao.pdf", pdf, url.Values{"phien-ban": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.status)
	}
	fid := files()[0]
	if res := c.postFrom(page, page+"/trang-thai", url.Values{"status": {"published"}}); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.status)
	}
	if _, err := f.srv.consultations.SubmitComment(ctx, f.siteA.ID, id, consultation.CommentInput{Name: "Trần Bình", Email: "binh@example.vn", Body: "Đề nghị bổ sung."}); err != nil {
		t.Fatal(err)
	}
	if shown := c.get(page).body; !strings.Contains(shown, "/y-kien/") || !strings.Contains(shown, "/go\"") {
		t.Fatal("the draft's page lacks the comment or the file forms")
	} else {
		wantFormsCarryVersion(t, "draft", shown)
	}
	for _, form := range []url.Values{{"phien-ban": {"1"}}, nil} {
		if res := c.post(page+"/tep/"+itoa(fid)+"/go", form); res.status != http.StatusConflict {
			t.Errorf("detach from a stale page %v: %d, want 409", form, res.status)
		}
	}
	if got := files(); len(got) != 1 {
		t.Errorf("a stale detach removed the file: %v", got)
	}
}
