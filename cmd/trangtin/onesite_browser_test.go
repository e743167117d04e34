package main

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// TestBrowserOnePersonBoardAndQuickFix drives issue 14's small-unit
// newsroom through the real wiring, on a desktop (1366×768) and a phone
// (390×844), with axe-core on every page: on a site whose editorial board
// is one person (self-approval allowed), the approver publishes their own
// article through the second confirmation, and the audit log and the
// revisions say so; then corrects a figure of it in two clicks («Sửa
// nhanh», «Lưu sửa nhanh»), and the public page shows «Cập nhật lúc …»
// under its date, the seed article none; the approval bar stays at the top
// of the screen on the phone.
func TestBrowserOnePersonBoardAndQuickFix(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := app.db.FindCategoryBySlug(ctx, site.ID, "tin-tuc-su-kien")
	if err != nil {
		t.Fatal(err)
	}
	// A one-person board: the site allows self-approval (saved before any
	// request reads the policy).
	if err := app.db.SavePolicy(ctx, site.ID, user.Policy{AllowSelfApproval: true}, nil); err != nil {
		t.Fatal(err)
	}
	users := user.NewService(app.db, app.db, app.db, nil)
	const pw, adminPW = "Truong-ban-Gia-Vien-2025", "Quan-tri-Gia-Vien-2025"
	lone, err := users.CreateUser(ctx, "truongban@giavien.gov.vn", "Đinh Văn Một", pw, user.RoleApprover, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := users.CreateUser(ctx, "quantri@giavien.gov.vn", "Quản Trị Trang", adminPW, user.RoleSiteAdmin, site.ID); err != nil {
		t.Fatal(err)
	}
	ms, err := users.FindMemberships(ctx, lone.ID)
	if err != nil {
		t.Fatal(err)
	}
	actor := newsroom.Actor{UserID: lone.ID, Name: lone.Email, Memberships: ms}
	const title = "Xã Gia Hưng thu ngân sách đạt 120 tỷ đồng"
	a, err := app.newsroom.Create(ctx, actor, site.ID, newsroom.Draft{CategoryID: cat.ID, Title: title,
		Summary: "Năm 2026, thu ngân sách trên địa bàn xã đạt 120 tỷ đồng.", Body: "<p>Kết quả thu ngân sách năm 2026.</p>", Author: "Đinh Văn Một"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.newsroom.Submit(ctx, actor, site.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := app.newsroom.PassToApproval(ctx, actor, site.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	editor := app.URL + "/quan-tri/bai-viet/" + itoa(a.ID)

	b := browsertest.New(t)
	desktop := func(p *browsertest.Page) { p.SetViewport(1366, 768) }
	phone := func(p *browsertest.Page) { p.SetMobileViewport(390, 844) }
	p := nrSignIn(t, b, app.URL, lone.Email, pw)
	desktop(p)

	// 1. The editor: the approval bar with the confirmation, at the top.
	p = b.Visit(editor)
	if st := p.Text(".approval-bar .badge"); st != content.StatusApproval.Label() {
		t.Errorf("the bar's status: %q", st)
	}
	p.Text("#self_confirm-goi-y")
	p.Screenshot("01-tu-duyet-may-tinh")
	p.AssertNoAxeViolations()
	// «Đăng ngay» without the confirmation: refused, nothing published.
	p = p.ClickAndWait(`.approval-bar button[formaction$="/dang"]`)
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Text("#self_confirm-loi"), "xác nhận") {
		t.Fatalf("publishing one's own article without the confirmation: %d", p.Status)
	}
	if got, _ := app.db.FindArticleByID(ctx, site.ID, a.ID); got.Status != content.StatusApproval {
		t.Fatalf("the unconfirmed self-approval published it: %s", got.Status)
	}
	p.AssertNoAxeViolations()
	p.Click("#self_confirm")
	p = p.ClickAndWait(`.approval-bar button[formaction$="/dang"]`)
	nrExpectNotice(t, p, "Đã tự duyệt và đăng bài")
	p.Screenshot("02-da-tu-duyet")
	got, err := app.db.FindArticleByID(ctx, site.ID, a.ID)
	if err != nil || got.Status != content.StatusPublished {
		t.Fatalf("after the confirmed self-approval: %v %s", err, got.Status)
	}
	// The revisions mark it.
	p = b.Visit(editor + "/phien-ban")
	if txt := p.Text("main"); !strings.Contains(txt, newsroom.SelfApprovalNote) {
		t.Errorf("the revisions do not mark the self-approval: %s", txt)
	}
	p.AssertNoAxeViolations()

	// 2. The quick correction: two clicks.
	p = b.Visit(editor)
	p = p.ClickAndWait(`.approval-bar a[href$="/sua-nhanh"]`) // 1
	if h1 := p.Text("h1"); h1 != "Sửa nhanh bài đang đăng" {
		t.Fatalf("«Sửa nhanh» led to %q", h1)
	}
	p.AssertNoAxeViolations()
	p.Screenshot("03-sua-nhanh-may-tinh")
	nrFill(t, p, map[string]string{"summary": "Năm 2026, thu ngân sách trên địa bàn xã đạt 210 tỷ đồng.", "reason": "Sửa số liệu thu ngân sách theo báo cáo của Phòng Tài chính"})
	p = p.ClickAndWait(`form button.button-publish`) // 2
	nrExpectNotice(t, p, "Đã lưu sửa nhanh")
	pub := b.Visit(app.URL + content.ArticlePath(got.Slug))
	updated := pub.Text(".article-updated")
	if !regexp.MustCompile(`^Cập nhật lúc \d{2}:\d{2}, \d{2}/\d{2}/\d{4}$`).MatchString(updated) {
		t.Errorf("the public page says %q under the date", updated)
	}
	if s := pub.Text(".article-summary"); !strings.Contains(s, "210 tỷ") {
		t.Errorf("the public summary after the quick fix: %q", s)
	}
	pub.Screenshot("04-trang-cong-khai-cap-nhat")
	var seedUpdated bool
	seed := b.Visit(app.URL + "/tin-tuc/hoi-nghi-thuc-hien-chinh-sach-bao-tro-xa-hoi-tren-dia-ban-huyen")
	seed.Eval(`!!document.querySelector('.article-updated')`, &seedUpdated)
	if seed.Status != http.StatusOK || seedUpdated {
		t.Errorf("the seed article: %d, «Cập nhật lúc» shown: %v", seed.Status, seedUpdated)
	}

	// 3. On a phone: the bar stays at the top of the screen.
	phone(p)
	for _, u := range []string{editor, editor + "/sua-nhanh", editor + "/phien-ban", app.URL + "/quan-tri/"} {
		p = b.Visit(u)
		var overflow bool
		p.Eval(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)
		if overflow {
			t.Errorf("%s scrolls sideways on a phone", u)
		}
		p.AssertNoAxeViolations()
	}
	p = b.Visit(editor)
	var bar struct {
		Top, Bottom float64
		Scrolled    float64
	}
	p.Eval(`(() => { window.scrollTo(0, document.body.scrollHeight); const r = document.querySelector('.approval-bar').getBoundingClientRect();
		return {Top: r.top, Bottom: r.bottom, Scrolled: window.scrollY}; })()`, &bar)
	if bar.Scrolled < 300 || bar.Top < -1 || bar.Top > 1 || bar.Bottom <= 0 {
		t.Errorf("on a phone scrolled %.0f px down, the approval bar is at %.0f–%.0f px, want at the top", bar.Scrolled, bar.Top, bar.Bottom)
	}
	p.Screenshot("05-thanh-duyet-dien-thoai")

	// 4. The audit log, read by the site administrator, names both.
	desktop(p)
	nrSignOut(t, b.Visit(app.URL+"/quan-tri/"))
	p = nrSignIn(t, b, app.URL, "quantri@giavien.gov.vn", adminPW)
	p = b.Visit(app.URL + "/quan-tri/nhat-ky")
	log := p.Text("main")
	for _, want := range []string{"Tự duyệt và đăng bài của mình", "Sửa nhanh bài đang đăng", "Sửa số liệu thu ngân sách"} {
		if !strings.Contains(log, want) {
			t.Errorf("the audit log lacks %q", want)
		}
	}
	for _, raw := range []string{"article.publish_own", "article.quick_fix"} {
		if strings.Contains(log, raw) {
			t.Errorf("the audit log shows the raw code %s", raw)
		}
	}
	p.Screenshot("06-nhat-ky")
	p.AssertNoAxeViolations()
	phone(p)
	p = b.Visit(app.URL + "/quan-tri/nhat-ky")
	p.AssertNoAxeViolations()
	p.Screenshot("07-nhat-ky-dien-thoai")
}
