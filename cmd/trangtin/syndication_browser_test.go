package main

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/syndication"
	"trangtin/internal/testenv"
)

// TestBrowserSyndication runs axe-core (WCAG 2.1 A/AA) on the new admin
// pages (the board's offers, with a refusal missing its comment, one
// article's propose and push page, the opt-in page) and on the public
// pages they make (a copy with its "Nguồn" line, a home page with its
// "Tin tỉnh" block), on a desktop and a phone: 0 violations.
func TestBrowserSyndication(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	w := newSynWorld(t, app)
	src := w.publish(w.phong, w.phongCat.ID, "Xã Gia Phong khai mạc lễ hội hoa sen", "Lễ hội thu hút đông đảo du khách.")
	other := w.publish(w.phong, w.phongCat.ID, "Xã Gia Phong họp giao ban tháng", "Nội dung giao ban.")
	phong := w.signIn("bbt@giaphong.gov.vn", w.phong)
	for _, a := range []int64{src.ID, other.ID} {
		phong.mustPost("/quan-tri/lien-thong/bai/"+strconv.FormatInt(a, 10)+"/de-xuat", nil)
	}
	prov := w.signIn("bbt@ninhbinh.gov.vn", w.prov)
	offers := testenv.Must(app.db.FindSyndications(ctx, syndication.Filter{SourceArticleID: src.ID})).Get(t)
	if len(offers) != 1 {
		t.Fatalf("offers = %+v", offers)
	}
	prov.mustPost("/quan-tri/lien-thong/"+strconv.FormatInt(offers[0].ID, 10)+"/nhan", url.Values{"chuyen-muc": {strconv.FormatInt(w.provCat.ID, 10)}})
	offers = testenv.Must(app.db.FindSyndications(ctx, syndication.Filter{SourceArticleID: src.ID})).Get(t)
	cp := testenv.Must(app.db.FindArticleByID(ctx, w.prov.ID, offers[0].CopyArticleID)).Get(t)
	vanAdmin := w.signIn("qt@giavan.gov.vn", w.van)
	vanAdmin.mustPost("/quan-tri/lien-thong/nhan-tin", url.Values{"nhan-tin": {"1"}, "chuyen-muc": {"0"}})
	down := w.publish(w.prov, w.provCat.ID, "Tỉnh Ninh Bình chỉ đạo phòng chống bão số 3", "Các xã chủ động ứng phó.")
	prov.mustPost("/quan-tri/lien-thong/bai/"+strconv.FormatInt(down.ID, 10)+"/chuyen", url.Values{"don-vi": {strconv.FormatInt(w.van.ID, 10)}})

	_, port, _ := strings.Cut(strings.TrimPrefix(app.URL, "http://"), ":")
	base := func(s content.Site) string { return "http://" + s.Host + ":" + port }
	for _, mobile := range []bool{false, true} {
		suffix := ""
		if mobile {
			suffix = "-di-dong"
		}
		b := browsertest.New(t)
		visit := func(u string) *browsertest.Page {
			p := b.Visit(u)
			if mobile {
				p.SetMobileViewport(375, 812)
				p = b.Visit(u)
			}
			return p
		}
		check := func(name string, p *browsertest.Page, want string) {
			t.Helper()
			p.Screenshot(name + suffix)
			if p.Status != 200 {
				t.Errorf("%s: status %d", p.URL, p.Status)
			}
			var text string // textContent: a heading's CSS may change its case
			p.Eval(`(document.querySelector('main') || document.body).textContent`, &text)
			if want != "" && !strings.Contains(text, want) {
				t.Errorf("%s: the page lacks %q", p.URL, want)
			}
			p.AssertNoAxeViolations()
		}
		check("lien-thong-ban-sao", visit(base(w.prov)+content.ArticlePath(cp.Slug)), "Nguồn: "+w.phong.Name)
		check("lien-thong-tin-tinh", visit(base(w.van)+"/"), "Tin tỉnh")

		nrSignIn(t, b, base(w.prov), "bbt@ninhbinh.gov.vn", synPassword)
		p := visit(base(w.prov) + "/quan-tri/lien-thong")
		check("quan-tri-lien-thong", p, "Chờ xử lý")
		p = p.ClickAndWait(`form[action$="/tu-choi"] button[type=submit]`)
		if p.Status != 422 || !strings.Contains(p.Text(".error-summary"), "Vui lòng ghi lý do từ chối") {
			t.Errorf("a refusal without comment: %d %q", p.Status, p.Text(".error-summary"))
		}
		p.Screenshot("quan-tri-lien-thong-loi" + suffix)
		p.AssertNoAxeViolations()
		check("quan-tri-lien-thong-bai", visit(base(w.prov)+"/quan-tri/lien-thong/bai/"+strconv.FormatInt(down.ID, 10)), "Chuyển xuống đơn vị cấp dưới")

		nrSignIn(t, b, base(w.van), "qt@giavan.gov.vn", synPassword)
		check("quan-tri-nhan-tin", visit(base(w.van)+"/quan-tri/lien-thong/nhan-tin"), "Nhận tin từ đơn vị cấp trên")
	}
}
