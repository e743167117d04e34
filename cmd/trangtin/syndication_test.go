package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/newsroom"
	"trangtin/internal/syndication"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

const synPassword = "Mat-khau-du-dai-2025"

// synWorld is the demo province with a board on the province and on two
// communes, and the administrator of one commune.
type synWorld struct {
	t                     *testing.T
	app                   *testApp
	prov, phong, van      content.Site
	provCat, phongCat     content.Category
	provBoard, phongBoard user.User
}

func newSynWorld(t *testing.T, app *testApp) *synWorld {
	t.Helper()
	ctx := context.Background()
	w := &synWorld{t: t, app: app}
	w.prov = testenv.Must(app.db.FindSiteByKey(ctx, demo.ProvinceKey)).Get(t)
	w.phong = testenv.Must(app.db.FindSiteByKey(ctx, "gia-phong")).Get(t)
	w.van = testenv.Must(app.db.FindSiteByKey(ctx, "gia-van")).Get(t)
	for _, u := range []struct {
		email string
		role  user.Role
		site  int64
		out   *user.User
	}{
		{"bbt@ninhbinh.gov.vn", user.RoleApprover, w.prov.ID, &w.provBoard},
		{"bbt@giaphong.gov.vn", user.RoleApprover, w.phong.ID, &w.phongBoard},
		{"bbt@giavan.gov.vn", user.RoleApprover, w.van.ID, nil},
		{"qt@giavan.gov.vn", user.RoleSiteAdmin, w.van.ID, nil},
	} {
		nu, err := app.users.CreateUser(ctx, u.email, u.email, synPassword, u.role, u.site)
		if err != nil {
			t.Fatal(err)
		}
		if u.out != nil {
			*u.out = nu
		}
	}
	w.provCat = w.topCategory(w.prov.ID)
	w.phongCat = w.topCategory(w.phong.ID)
	return w
}

func (w *synWorld) topCategory(site int64) content.Category {
	cats := testenv.Must(w.app.db.FindCategories(context.Background(), site)).Get(w.t)
	for _, c := range cats {
		if c.ParentID == 0 {
			return c
		}
	}
	w.t.Fatalf("site %d has no category", site)
	return content.Category{}
}

func (w *synWorld) publish(site content.Site, cat int64, title, body string) content.Article {
	w.t.Helper()
	a := content.Article{SiteID: site.ID, CategoryID: cat, Title: title, Summary: "Tóm tắt " + title, Body: content.TextToHTML(body),
		Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
	if err := w.app.svc.SaveArticle(context.Background(), &a); err != nil {
		w.t.Fatal(err)
	}
	return a
}

// synBrowser is a signed-in user on one site's host.
type synBrowser struct {
	t *testing.T
	c *http.Client
	u string // the app's address
}

func (w *synWorld) signIn(email string, site content.Site) *synBrowser {
	w.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		w.t.Fatal(err)
	}
	b := &synBrowser{t: w.t, u: w.app.URL, c: &http.Client{Jar: jar, Transport: hostTransport{site.Host},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if res, body := b.post("/quan-tri/dang-nhap", url.Values{"email": {email}, "password": {synPassword}}); res.StatusCode != http.StatusSeeOther {
		w.t.Fatalf("sign-in of %s on %s: %d\n%s", email, site.Host, res.StatusCode, body)
	}
	return b
}

func (b *synBrowser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	return res, string(testenv.Must(io.ReadAll(res.Body)).Get(b.t))
}

func (b *synBrowser) get(path string) (*http.Response, string) {
	b.t.Helper()
	return b.do(testenv.Must(http.NewRequest("GET", b.u+path, nil)).Get(b.t))
}

func (b *synBrowser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req := testenv.Must(http.NewRequest("POST", b.u+path, strings.NewReader(form.Encode()))).Get(b.t)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func (b *synBrowser) mustPost(path string, form url.Values) {
	b.t.Helper()
	if res, body := b.post(path, form); res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("POST %s: %d\n%s", path, res.StatusCode, body)
	}
}

// offerID finds the offer of the article titled title on a board's page.
var offerForm = regexp.MustCompile(`<h3 id="de-xuat-(\d+)">`)

func offerIDs(t *testing.T, page string) []string {
	t.Helper()
	var ids []string
	for _, m := range offerForm.FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// TestSyndicationBothWays is the done-when of issue 11, item 7, on both
// stores: a commune proposes two articles up, the province's board
// refuses one with a comment (the commune reads it) and accepts the
// other, which the province then shows with "Nguồn" and a canonical link
// to the original; the province pushes an article to all its communes,
// which appears at once (its "Tin tỉnh" home block) on the one that opted
// in and waits for the other's board, which accepts it; a correction of
// the source reaches its copy (search included) and withdrawing the
// source withdraws it; the audit chain holds.
func TestSyndicationBothWays(t *testing.T) { eachStore(t, testSyndicationBothWays) }

func testSyndicationBothWays(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	w := newSynWorld(t, app)
	src := w.publish(w.phong, w.phongCat.ID, "Xã Gia Phong khai mạc lễ hội hoa sen", "Lễ hội thu hút đông đảo du khách.")
	dup := w.publish(w.phong, w.phongCat.ID, "Xã Gia Phong họp giao ban tháng", "Nội dung giao ban.")
	origin := app.sites.Origin(app.sites.ByID(w.phong.ID), "http")

	// Up: propose both, refuse one with a comment, accept the other.
	phong := w.signIn("bbt@giaphong.gov.vn", w.phong)
	for _, a := range []content.Article{src, dup} {
		phong.mustPost("/quan-tri/lien-thong/bai/"+strconv.FormatInt(a.ID, 10)+"/de-xuat", nil)
	}
	prov := w.signIn("bbt@ninhbinh.gov.vn", w.prov)
	if _, inbox := prov.get("/quan-tri/hop-thu"); !strings.Contains(inbox, `Tin bài liên thông chờ nhận <span class="count">(2)</span>`) {
		t.Fatalf("the province's inbox does not count the two offers")
	}
	_, board := prov.get("/quan-tri/lien-thong")
	ids := offerIDs(t, board) // newest first: dup, then src
	if len(ids) != 2 {
		t.Fatalf("the province's board sees offers %v", ids)
	}
	if res, body := prov.post("/quan-tri/lien-thong/"+ids[0]+"/tu-choi", url.Values{"ly-do": {""}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Vui lòng ghi lý do từ chối") {
		t.Fatalf("a refusal without comment: %d", res.StatusCode)
	}
	prov.mustPost("/quan-tri/lien-thong/"+ids[0]+"/tu-choi", url.Values{"ly-do": {"Tin giao ban không đăng lên cổng tỉnh."}})
	prov.mustPost("/quan-tri/lien-thong/"+ids[1]+"/nhan", url.Values{"chuyen-muc": {strconv.FormatInt(w.provCat.ID, 10)}})
	if _, sent := phong.get("/quan-tri/lien-thong"); !strings.Contains(sent, "Lý do từ chối: Tin giao ban không đăng lên cổng tỉnh.") {
		t.Error("the commune does not read the refusal's comment")
	}
	offers := testenv.Must(app.db.FindSyndications(ctx, syndication.Filter{SourceArticleID: src.ID})).Get(t)
	if len(offers) != 1 || offers[0].State != syndication.Accepted {
		t.Fatalf("offers of the source = %+v", offers)
	}
	cp := testenv.Must(app.db.FindArticleByID(ctx, w.prov.ID, offers[0].CopyArticleID)).Get(t)
	copyPath := content.ArticlePath(cp.Slug)
	original := origin + content.ArticlePath(src.Slug)
	rec := serveDirect(t, app, w.prov.Host, copyPath)
	page := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(page, `Nguồn: <a href="`+original+`">`+w.phong.Name+`</a>`) ||
		!strings.Contains(page, `<link rel="canonical" href="`+original+`">`) {
		t.Fatalf("the copy's page (%d) lacks the source line or canonical link to %s", rec.Code, original)
	}
	if rec := serveDirect(t, app, w.prov.Host, content.ArticlePath(dup.Slug)); rec.Code != http.StatusNotFound {
		t.Errorf("the refused article answers %d on the province", rec.Code)
	}

	// Down: gia-van opts in, the province pushes to all its communes.
	vanAdmin := w.signIn("qt@giavan.gov.vn", w.van)
	vanAdmin.mustPost("/quan-tri/lien-thong/nhan-tin", url.Values{"nhan-tin": {"1"}, "chuyen-muc": {"0"}})
	down := w.publish(w.prov, w.provCat.ID, "Tỉnh Ninh Bình chỉ đạo phòng chống bão số 3", "Các xã chủ động ứng phó.")
	prov.mustPost("/quan-tri/lien-thong/bai/"+strconv.FormatInt(down.ID, 10)+"/chuyen", url.Values{"tat-ca": {"1"}})
	if rec := serveDirect(t, app, w.van.Host, "/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `id="tin-tinh">Tin tỉnh</h2>`) || !strings.Contains(rec.Body.String(), down.Title) {
		t.Errorf("the opted-in commune's home page (%d) lacks the Tin tỉnh block with the article", rec.Code)
	}
	if rec := serveDirect(t, app, w.phong.Host, "/"); strings.Contains(rec.Body.String(), down.Title) {
		t.Error("the commune that did not opt in shows the pushed article without its board")
	}
	_, board = phong.get("/quan-tri/lien-thong")
	ids = offerIDs(t, board)
	if len(ids) != 1 || !strings.Contains(board, "Chuyển từ đơn vị cấp trên") {
		t.Fatalf("gia-phong's board sees offers %v", ids)
	}
	phong.mustPost("/quan-tri/lien-thong/"+ids[0]+"/nhan", url.Values{"chuyen-muc": {strconv.FormatInt(w.phongCat.ID, 10)}})
	if rec := serveDirect(t, app, w.phong.Host, "/"); !strings.Contains(rec.Body.String(), `id="tin-tinh">Tin tỉnh</h2>`) {
		t.Error("the accepted push is not in gia-phong's Tin tỉnh block")
	}

	// A correction of the source, through the workflow, reaches the copy.
	actor := newsroom.Actor{UserID: w.phongBoard.ID, Name: w.phongBoard.Email, Memberships: []user.Membership{{UserID: w.phongBoard.ID, SiteID: w.phong.ID, Role: user.RoleApprover}}}
	if _, err := app.newsroom.Save(ctx, actor, w.phong.ID, src.ID, newsroom.Draft{CategoryID: w.phongCat.ID, Title: src.Title + " (đính chính)",
		Summary: src.Summary, Body: content.TextToHTML("Lễ hội có màn đua thuyềnrồng truyền thống.")}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := app.newsroom.ForcePublish(ctx, actor, w.phong.ID, src.ID, "Đính chính nội dung theo ý kiến của UBND xã"); err != nil {
		t.Fatal(err)
	}
	rec = serveDirect(t, app, w.prov.Host, copyPath)
	if page := rec.Body.String(); rec.Code != 200 || !strings.Contains(page, "(đính chính)") || !strings.Contains(page, "Cập nhật lúc") {
		t.Errorf("the copy after the correction (%d) lacks the new text or its update time", rec.Code)
	}
	if rec := serveDirect(t, app, w.prov.Host, "/tim-kiem?q=thuyenrong"); !strings.Contains(rec.Body.String(), copyPath) {
		t.Error("the province's search does not find the corrected copy")
	}

	// Withdrawing the source withdraws the copy; nothing is deleted.
	if _, err := app.newsroom.Withdraw(ctx, actor, w.phong.ID, src.ID, "Thông tin chưa chính xác", ""); err != nil {
		t.Fatal(err)
	}
	if rec := serveDirect(t, app, w.prov.Host, copyPath); rec.Code != http.StatusGone {
		t.Errorf("the copy after the withdrawal answers %d, want 410", rec.Code)
	}
	cp = testenv.Must(app.db.FindArticleByID(ctx, w.prov.ID, cp.ID)).Get(t)
	if cp.Status != content.StatusWithdrawn {
		t.Errorf("the copy is %s", cp.Status)
	}
	if _, problem, err := audit.Verify(ctx, app.db); err != nil || problem != nil {
		t.Fatalf("audit chain: %v %+v", err, problem)
	}
	for _, action := range []string{"syndication.propose", "syndication.refuse", "syndication.accept", "syndication.push", "syndication.receive", "syndication.correct", "syndication.withdraw"} {
		if _, n, err := app.db.FindAudit(ctx, audit.Filter{Action: action, Limit: 1}); err != nil || n == 0 {
			t.Errorf("no audit entry %s (%v)", action, err)
		}
	}
}
