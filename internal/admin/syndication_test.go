package admin

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/syndication"
	"trangtin/internal/user"
)

// synFixture is a province (p.test) with two communes below it (x.test,
// y.test), a board (approver) on each, an editor and a site
// administrator on x, and the area with syndication wired.
type synFixture struct {
	*fixture
	svc        *content.Service
	syn        *syndication.Service
	furn       *content.Furniture
	prov, x, y content.Site
	provCat    content.Category
	xCat       content.Category
}

func newSynFixture(t *testing.T) *synFixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "trangtin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &synFixture{fixture: &fixture{t: t, db: db, policy: map[int64]user.Policy{}}, svc: content.NewService(db)}
	f.prov = content.Site{Key: "tinh", Name: "Cổng thông tin điện tử tỉnh Ninh Bình", Kind: content.KindProvince, Host: "p.test", IsDefault: true}
	if err := db.CreateSite(ctx, &f.prov); err != nil {
		t.Fatal(err)
	}
	f.x = content.Site{Key: "xa-x", Name: "Trang thông tin điện tử xã Gia Phong", Kind: content.KindCommune, Host: "x.test", ParentID: f.prov.ID}
	f.y = content.Site{Key: "xa-y", Name: "Trang thông tin điện tử xã Gia Vân", Kind: content.KindCommune, Host: "y.test", ParentID: f.prov.ID}
	for _, s := range []*content.Site{&f.x, &f.y} {
		if err := db.CreateSite(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	f.provCat = content.Category{SiteID: f.prov.ID, Name: "Tin từ cơ sở", Slug: "tin-tu-co-so"}
	f.xCat = content.Category{SiteID: f.x.ID, Name: "Tin tức", Slug: "tin-tuc"}
	for _, c := range []*content.Category{&f.provCat, &f.xCat} {
		if err := f.svc.SaveCategory(ctx, c, nil); err != nil {
			t.Fatal(err)
		}
	}
	if f.sites, err = content.NewDirectory(ctx, f.svc, nil); err != nil {
		t.Fatal(err)
	}
	f.users = user.NewService(db, db, db, nil)
	nr := newsroom.New(db, f.svc, db, f.policyFor)
	f.syn = syndication.New(db, f.svc, f.sites, db, f.policyFor)
	f.furn = content.NewFurniture(db, f.svc.NotifyChanged)
	f.srv, err = New(Options{Users: f.users, Sites: f.sites, Audit: db, Policy: f.policyFor, Content: f.svc, Newsroom: nr,
		Furniture: f.furn, Syndication: f.syn})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(f.srv.Handler())
	for _, u := range []struct {
		email string
		role  user.Role
		site  int64
	}{
		{"bbt@x.test", user.RoleApprover, f.x.ID}, {"btv@x.test", user.RoleEditor, f.x.ID}, {"qt@y.test", user.RoleSiteAdmin, f.y.ID},
		{"bbt@p.test", user.RoleApprover, f.prov.ID}, {"bbt@y.test", user.RoleApprover, f.y.ID},
	} {
		f.addUser(u.email, u.email, u.role, u.site)
	}
	return f
}

func (f *synFixture) published(title string, site, cat int64, st content.Status) content.Article {
	f.t.Helper()
	a := content.Article{SiteID: site, CategoryID: cat, Title: title, Body: content.TextToHTML("Nội dung."), Status: st, PublishedAt: time.Now().Add(-time.Hour)}
	if err := f.svc.SaveArticle(context.Background(), &a); err != nil {
		f.t.Fatal(err)
	}
	return a
}

// as signs email in on host.
func (f *synFixture) as(email, host string) *client {
	c := f.client(host)
	c.mustLogin(email, pathHome)
	return c
}

func wantPage(t *testing.T, what string, res response, status int, wants ...string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: %d, want %d\n%s", what, res.status, status, res.body)
	}
	for _, w := range wants {
		if !strings.Contains(res.body, w) {
			t.Errorf("%s: the page lacks %q", what, w)
		}
	}
}

func (f *synFixture) offers() []syndication.Syndication {
	f.t.Helper()
	out, err := f.db.FindSyndications(context.Background(), syndication.Filter{Limit: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

// TestSyndicationProposeAcceptRefuseHandlers drives the board's pages:
// an editor may not propose, an approver proposes once, the parent's
// board refuses one with a required comment (shown to the proposer) and
// accepts another into its category; another site's board cannot decide.
func TestSyndicationProposeAcceptRefuseHandlers(t *testing.T) {
	f := newSynFixture(t)
	art := f.published("Lễ hội hoa sen Gia Phong", f.x.ID, f.xCat.ID, content.StatusPublished)
	art2 := f.published("Tin trùng lặp", f.x.ID, f.xCat.ID, content.StatusPublished)
	draft := f.published("Bản nháp chưa đăng", f.x.ID, f.xCat.ID, content.StatusDraft)
	page := func(id int64) string { return pathSyndication + "/bai/" + strconv.FormatInt(id, 10) }

	editor := f.as("btv@x.test", "x.test")
	wantPage(t, "editor's list", editor.get(pathSyndication), http.StatusForbidden, "không có quyền")
	wantPage(t, "editor proposes", editor.post(page(art.ID)+"/de-xuat", nil), http.StatusForbidden)

	board := f.as("bbt@x.test", "x.test")
	wantPage(t, "article page", board.get(page(art.ID)), http.StatusOK, "Đề xuất lên "+f.prov.Name)
	wantPage(t, "the editor's link for the board", board.get(articleURL(art.ID)), http.StatusOK, `href="`+page(art.ID)+`"`)
	if res := editor.get(articleURL(art.ID)); strings.Contains(res.body, page(art.ID)) {
		t.Error("an editor is offered the syndication page")
	}
	wantPage(t, "list", board.get(pathSyndication), http.StatusOK, "Lễ hội hoa sen Gia Phong", page(art.ID))
	wantPage(t, "propose a draft", board.post(page(draft.ID)+"/de-xuat", nil), http.StatusConflict, "chưa đăng hoặc đã gỡ")
	wantPage(t, "unknown article", board.get(page(art.ID+999)), http.StatusNotFound, "Không tìm thấy bài viết")
	wantPage(t, "another site's article", board.get(page(f.published("Tin của tỉnh", f.prov.ID, f.provCat.ID, content.StatusPublished).ID)), http.StatusNotFound)
	res := board.post(page(art.ID)+"/de-xuat", nil)
	if res.status != http.StatusSeeOther || !strings.Contains(res.location(), "xong=da-de-xuat") {
		t.Fatalf("propose: %d → %q\n%s", res.status, res.location(), res.body)
	}
	wantPage(t, "propose twice", board.post(page(art.ID)+"/de-xuat", nil), http.StatusConflict, "đã được gửi tới đơn vị đó")
	if res := board.post(page(art2.ID)+"/de-xuat", nil); res.status != http.StatusSeeOther {
		t.Fatalf("propose the second: %d", res.status)
	}
	if n := len(f.offers()); n != 2 {
		t.Fatalf("%d offers, want 2", n)
	}
	offers := f.offers() // newest first
	first, second := offers[1], offers[0]

	// The board of the commune signed in on the province's host has no right there.
	xOnP := f.client("p.test")
	xOnP.mustLogin("bbt@x.test", pathHome)
	wantPage(t, "x's board accepts for p", xOnP.post(pathSyndication+"/"+strconv.FormatInt(first.ID, 10)+"/nhan", url.Values{"chuyen-muc": {strconv.FormatInt(f.provCat.ID, 10)}}), http.StatusForbidden)
	// Another site's board, on its own host, does not see the offer.
	yBoard := f.as("bbt@y.test", "y.test")
	wantPage(t, "y's board accepts p's offer", yBoard.post(pathSyndication+"/"+strconv.FormatInt(first.ID, 10)+"/nhan", url.Values{"chuyen-muc": {"1"}}), http.StatusNotFound, "Không tìm thấy đề xuất")

	prov := f.as("bbt@p.test", "p.test")
	wantPage(t, "province's workflow inbox", prov.get(pathInbox), http.StatusOK, `Tin bài liên thông chờ nhận <span class="count">(2)</span>`, `href="/quan-tri/lien-thong"`)
	wantPage(t, "province inbox", prov.get(pathSyndication), http.StatusOK, "Chờ xử lý <span class=\"count\">(2)</span>", "Lễ hội hoa sen Gia Phong", f.x.Name)
	refuse := pathSyndication + "/" + strconv.FormatInt(second.ID, 10) + "/tu-choi"
	wantPage(t, "refuse without a comment", prov.post(refuse, url.Values{"ly-do": {"   "}}), http.StatusUnprocessableEntity, "Vui lòng ghi lý do từ chối", `id="ly-do-`+strconv.FormatInt(second.ID, 10)+`"`)
	if o := f.offers(); o[0].State != syndication.Proposed {
		t.Fatalf("a refusal without comment changed the offer: %+v", o[0])
	}
	if res := prov.post(refuse, url.Values{"ly-do": {"Tin này trùng với bài Sở đã đăng."}}); res.status != http.StatusSeeOther {
		t.Fatalf("refuse: %d\n%s", res.status, res.body)
	}
	wantPage(t, "refuse again", prov.post(refuse, url.Values{"ly-do": {"Lần nữa"}}), http.StatusConflict, "đã được xử lý trước đó")

	accept := pathSyndication + "/" + strconv.FormatInt(first.ID, 10) + "/nhan"
	wantPage(t, "accept without a category", prov.post(accept, url.Values{"chuyen-muc": {""}}), http.StatusUnprocessableEntity, "Chọn một chuyên mục có trong trang.")
	wantPage(t, "accept into another site's category", prov.post(accept, url.Values{"chuyen-muc": {strconv.FormatInt(f.xCat.ID, 10)}}), http.StatusUnprocessableEntity, "Chọn một chuyên mục có trong trang.")
	if res := prov.post(accept, url.Values{"chuyen-muc": {strconv.FormatInt(f.provCat.ID, 10)}}); res.status != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%s", res.status, res.body)
	}
	wantPage(t, "accept again", prov.post(accept, url.Values{"chuyen-muc": {strconv.FormatInt(f.provCat.ID, 10)}}), http.StatusConflict, "đã được xử lý trước đó")
	n, err := f.db.CountArticles(context.Background(), content.ArticleFilter{SiteID: f.prov.ID, Status: content.StatusPublished})
	if err != nil || n != 2 { // its own article and the copy
		t.Fatalf("province articles = %d, %v", n, err)
	}
	wantPage(t, "province handled", prov.get(pathSyndication), http.StatusOK, "Không có đề xuất nào chờ xử lý", "Đã nhận", "Lý do từ chối: Tin này trùng với bài Sở đã đăng.")
	// The proposing site reads the answers.
	wantPage(t, "commune's sent list", board.get(pathSyndication), http.StatusOK, "Lý do từ chối: Tin này trùng với bài Sở đã đăng.", "Đã nhận")
	// Every step is in the audit log.
	var actions []string
	for _, e := range f.auditEntries() {
		if strings.HasPrefix(e.Action, "syndication.") {
			actions = append(actions, e.Action+"@"+strconv.FormatInt(e.SiteID, 10))
		}
	}
	want := []string{"syndication.propose@" + itoa(f.x.ID), "syndication.propose@" + itoa(f.x.ID), "syndication.refuse@" + itoa(f.prov.ID), "syndication.accept@" + itoa(f.prov.ID)}
	if strings.Join(actions, ",") != strings.Join(want, ",") {
		t.Errorf("audit = %v, want %v", actions, want)
	}
}

// TestSyndicationPushAndOptInHandlers: only the site administrator sets
// the opt-in; a push from the province publishes at once on the child
// that opted in and leaves an offer with the other.
func TestSyndicationPushAndOptInHandlers(t *testing.T) {
	f := newSynFixture(t)
	art := f.published("Chỉ thị phòng chống bão số 3", f.prov.ID, f.provCat.ID, content.StatusPublished)
	yBoard := f.as("bbt@y.test", "y.test")
	wantPage(t, "an approver sets the opt-in", yBoard.post(pathSyndicationReceive, url.Values{"nhan-tin": {"1"}, "chuyen-muc": {"0"}}), http.StatusForbidden)
	yAdmin := f.as("qt@y.test", "y.test")
	wantPage(t, "opt-in page", yAdmin.get(pathSyndicationReceive), http.StatusOK, "Nhận tin từ đơn vị cấp trên", f.prov.Name)
	wantPage(t, "opt in with a bad category", yAdmin.post(pathSyndicationReceive, url.Values{"nhan-tin": {"1"}, "chuyen-muc": {"abc"}}), http.StatusUnprocessableEntity, "Chọn một chuyên mục có trong trang.")
	if rcv, err := f.syn.Receiving(context.Background(), f.y.ID); err != nil || rcv.On {
		t.Fatalf("a refused opt-in was saved: %+v %v", rcv, err)
	}
	// y laid out its home page itself (the default blocks and one more):
	// the opt-in adds the Tin tỉnh block, once.
	if err := f.furn.SaveHomeBlock(context.Background(), f.y.ID, &content.HomeBlock{Kind: content.BlockLatest, Count: 5}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if res := yAdmin.post(pathSyndicationReceive, url.Values{"nhan-tin": {"1"}, "chuyen-muc": {"0"}}); res.status != http.StatusSeeOther {
		t.Fatalf("opt in: %d\n%s", res.status, res.body)
	}
	blocks, configured, err := f.furn.HomeBlocks(context.Background(), f.y.ID)
	n := len(content.DefaultHomeBlocks()) + 2
	if err != nil || !configured || len(blocks) != n || blocks[n-1].Kind != content.BlockProvince {
		t.Fatalf("y's home blocks after the opt-in: %+v %v %v", blocks, configured, err)
	}
	if res := yAdmin.post(pathSyndicationReceive, url.Values{"nhan-tin": {"1"}, "chuyen-muc": {"0"}}); res.status != http.StatusSeeOther {
		t.Fatalf("opt in again: %d", res.status)
	}
	if blocks, _, _ = f.furn.HomeBlocks(context.Background(), f.y.ID); len(blocks) != n {
		t.Fatalf("a second opt-in added another block: %+v", blocks)
	}

	prov := f.as("bbt@p.test", "p.test")
	page := pathSyndication + "/bai/" + strconv.FormatInt(art.ID, 10)
	wantPage(t, "push page", prov.get(page), http.StatusOK, f.x.Name, f.y.Name+" (đã đăng ký nhận tin)", "Tất cả đơn vị cấp dưới")
	wantPage(t, "push to nobody", prov.post(page+"/chuyen", url.Values{}), http.StatusUnprocessableEntity, "Chọn ít nhất một đơn vị.")
	wantPage(t, "push to a bad unit", prov.post(page+"/chuyen", url.Values{"don-vi": {strconv.FormatInt(f.prov.ID, 10)}}), http.StatusUnprocessableEntity, "Đơn vị đã chọn không hợp lệ.")
	res := prov.post(page+"/chuyen", url.Values{"tat-ca": {"1"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("push: %d\n%s", res.status, res.body)
	}
	loc, err := url.Parse(res.location())
	if err != nil {
		t.Fatal(err)
	}
	wantPage(t, "after the push", prov.get(loc.RequestURI()), http.StatusOK, "1 đơn vị đã đăng ngay", "1 đơn vị nhận đề xuất")
	recv, err := f.syn.Received(context.Background(), f.y.ID, 5)
	if err != nil || len(recv) != 1 {
		t.Fatalf("y received %v, %v", recv, err)
	}
	if got, _ := f.syn.Received(context.Background(), f.x.ID, 5); len(got) != 0 {
		t.Fatalf("x shows %v without its board", got)
	}
	xBoard := f.as("bbt@x.test", "x.test")
	wantPage(t, "x's inbox", xBoard.get(pathSyndication), http.StatusOK, "Chuyển từ đơn vị cấp trên", "Chỉ thị phòng chống bão số 3")
	// An editor on y cannot reach the opt-in page either.
	wantPage(t, "x's board on the opt-in page", xBoard.get(pathSyndicationReceive), http.StatusForbidden)
}

// syndicationTemplateSamples are view models of the syndication pages,
// with every part filled, for TestEveryTemplateRenders.
func syndicationTemplateSamples(l Layout) map[string]any {
	opts := []Option{{Value: "1", Label: "Tin tức", Selected: true}}
	offer := OfferRow{ID: 7, Title: "Lễ hội hoa sen", URL: "https://xa.test/tin-tuc/le-hoi", SiteName: "Xã Gia Phong", Direction: "Đề xuất từ đơn vị cấp dưới",
		State: "Từ chối", StateKey: "refused", Comment: "Trùng tin", CopyURL: "/quan-tri/bai-viet/9", Categories: opts, Typed: "lý do"}
	form := Form{Order: []string{"ly-do-7", "don-vi", "chuyen-muc"}, Errors: map[string]string{"ly-do-7": "x", "don-vi": "y", "chuyen-muc": "z"}, Alert: "Có lỗi"}
	return map[string]any{
		"syndication": SyndicationPage{Layout: l, Form: form, Notice: "n", ParentName: "Tỉnh", Children: 2, Incoming: []OfferRow{offer},
			Decided: []OfferRow{offer}, Outgoing: []OfferRow{offer}, Articles: []ArticleLink{{Title: "Bài", URL: "/quan-tri/lien-thong/bai/1"}}, Receive: true},
		"syndication-article": SyndicationArticlePage{Layout: l, Form: form, Notice: "n", Article: content.Article{Title: "Bài"}, PublicURL: "https://xa.test/tin-tuc/bai",
			EditURL: "/quan-tri/bai-viet/1", Action: "/quan-tri/lien-thong/bai/1", Published: true, ParentName: "Tỉnh",
			Children: []ChildChoice{{ID: 2, Name: "Xã", Receives: true, Offered: true, Checked: true}}, Offers: []OfferRow{offer}},
		"syndication-receive": SyndicationReceivePage{Layout: l, Form: form, Notice: "n", ParentName: "Tỉnh", On: true, Categories: opts},
	}
}
