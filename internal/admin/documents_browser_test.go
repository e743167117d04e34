package admin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/document"
	"trangtin/internal/httpx"
)

// TestBrowserDocuments runs the register's admin pages in a real browser
// under the program's CSP, with axe-core (WCAG 2.1 A/AA) on the list, the
// empty form, a form refused with errors and a published document's form,
// on a desktop and a phone.
func TestBrowserDocuments(t *testing.T) {
	f := newDocFixture(t)
	ctx := context.Background()
	act := document.Actor{UserID: f.approver.ID, Name: f.approver.Email}
	d, err := f.docs.Create(ctx, act, f.siteA.ID, document.Input{Type: "Quyết định", Number: "123/QĐ-UBND", Issuer: "UBND huyện Gia Viễn",
		Signer: "Đinh Văn Hùng", Field: "Thông tin và Truyền thông", Abstract: "Về việc ban hành Quy chế hoạt động của Trang thông tin điện tử", IssuedOn: "2020-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.docs.Publish(ctx, act, f.siteA.ID, d.ID, 0); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpx.SecurityHeaders(f.h))
	defer srv.Close()

	b := browsertest.New(t)
	p := signInWith(t, b, srv.URL, f.approver.Email)
	check := func(name string, status int) {
		t.Helper()
		if p.Status != status {
			t.Errorf("%s: status %d, want %d", name, p.Status, status)
		}
		p.Screenshot(name)
		p.AssertNoAxeViolations()
	}
	for _, phone := range []bool{false, true} {
		suffix := ""
		if phone {
			p.SetMobileViewport(375, 812)
			suffix = "-di-dong"
		}
		p = b.Visit(srv.URL + pathDocuments)
		check("quan-tri-van-ban"+suffix, http.StatusOK)
		p = b.Visit(srv.URL + pathNewDocument)
		check("quan-tri-van-ban-moi"+suffix, http.StatusOK)
		p = b.Visit(srv.URL + pathDocuments + "/" + strconv.FormatInt(d.ID, 10))
		check("quan-tri-van-ban-sua"+suffix, http.StatusOK)
	}
	// Submit the new form with a bad number: the page comes back with the
	// errors, still accessible, focus on the first wrong field.
	p = b.Visit(srv.URL + pathNewDocument)
	fill(t, p, map[string]string{"number": "123 QĐ UBND", "issuer": "UBND huyện", "abstract": "Thử", "issued_on": "2024-01-05"})
	p = p.ClickAndWait("#luu-van-ban")
	if msg := p.Text(".error-summary"); !strings.Contains(msg, "Vui lòng chọn hình thức văn bản.") || !strings.Contains(msg, "Số ký hiệu chưa đúng dạng") {
		t.Fatalf("error summary: %q", msg)
	}
	var kept string
	p.Eval(`document.getElementById("number").value`, &kept)
	if kept != "123 QĐ UBND" {
		t.Errorf("the number typed was not kept: %q", kept)
	}
	var focused string
	p.Eval(`document.activeElement ? document.activeElement.id : ""`, &focused)
	if focused != "type" {
		t.Errorf("focus after errors on %q, want the first wrong field (type)", focused)
	}
	p.Screenshot("quan-tri-van-ban-loi")
	p.AssertNoAxeViolations()
}
