package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/httpx"
	"trangtin/internal/question"
	"trangtin/internal/user"
	"trangtin/internal/workday"
)

// TestBrowserQuestionRoutedToUnit drives, at 1366×768 and at 390×844, a
// citizen's question through the units: the site administrator makes a
// unit and adds an account (no role on the site) to it, the editor
// assigns the question, the member opens it from the inbox and sends the
// answer, the editor reviews it in the inbox, the approver publishes it;
// the sender's mail is then in the outbox. axe-core finds nothing on the
// units, question and report pages; screenshots are kept as artifacts.
func TestBrowserQuestionRoutedToUnit(t *testing.T) {
	nf := newNewsFixture(t)
	f := nf.fixture
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: nf.content, Newsroom: nf.news,
		Questions: question.NewService(f.db, workday.Vietnam(), nil), Report: f.db})
	if err != nil {
		t.Fatal(err)
	}
	srv.questions.SetMail(true)
	f.srv, f.h = srv, http.NewCrossOriginProtection().Handler(srv.Handler())
	hs := httptest.NewServer(httpx.SecurityHeaders(f.h))
	defer hs.Close()
	ctx := context.Background()
	f.addUser("quantri@a.vn", "Quản Trị", user.RoleSiteAdmin, f.siteA.ID)
	f.addUser("bientap@a.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	f.addUser("duyet@a.vn", "Duyệt", user.RoleApprover, f.siteA.ID)
	f.addUser("tuphap@a.vn", "Cán bộ Tư pháp", user.RoleReporter, f.siteB.ID) // no role on site A

	b := browsertest.New(t)
	var p *browsertest.Page
	set := func(selector, value string) {
		t.Helper()
		js, _ := json.Marshal(map[string]string{"s": selector, "v": value})
		p.Eval(fmt.Sprintf(`(() => { const a = %s; const e = document.querySelector(a.s); if (!e) throw new Error("no " + a.s); e.value = a.v; return true; })()`, js), nil)
	}
	signIn := func(email string) {
		t.Helper()
		if p != nil && p.Status != 0 {
			p = b.Visit(hs.URL + pathHome)
			if strings.Contains(p.Text("body"), "Đăng xuất") {
				p = p.ClickAndWait("form.signout button")
			}
		}
		p = b.Visit(hs.URL + pathLogin)
		fill(t, p, map[string]string{"email": email, "password": testPassword})
		p = p.ClickAndWait("button[type=submit]")
		p.Text(".user-name")
	}
	visit := func(path, shot string) {
		t.Helper()
		p = b.Visit(hs.URL + path)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
		p.Screenshot(shot)
		p.AssertNoAxeViolations()
	}
	for _, vp := range []struct {
		name   string
		w, h   int
		mobile bool
	}{{"may-tinh", 1366, 768, false}, {"dien-thoai", 390, 844, true}} {
		subject := "Trích lục khai sinh " + vp.name
		q, _, err := srv.questions.Submit(ctx, f.siteA.ID, question.Input{Name: "Lê Văn Nam", Email: "nam." + vp.name + "@example.vn",
			Subject: subject, Body: "Xin hỏi thủ tục cấp bản sao trích lục khai sinh?", Field: question.Fields[2]})
		if err != nil {
			t.Fatal(err)
		}
		detail := pathQuestions + "/" + strconv.FormatInt(q.ID, 10)
		unit := "Phòng Tư pháp " + vp.name

		signIn("quantri@a.vn")
		if vp.mobile {
			p.SetMobileViewport(vp.w, vp.h)
		} else {
			p.SetViewport(vp.w, vp.h)
		}
		visit(pathUnits, vp.name+"-don-vi")
		set("#name", unit)
		p = p.ClickAndWait("form[action='/quan-tri/don-vi'] button[type=submit]")
		if !strings.Contains(p.Text(".notice"), "Đã thêm đơn vị") {
			t.Fatalf("adding a unit: %q", p.Text("body"))
		}
		var unitID int64
		p.Eval(fmt.Sprintf(`(() => { for (const h of document.querySelectorAll("section h2")) { if (h.textContent.trim() === %q) return Number(h.id.replace("ten-don-vi-", "")); } return 0; })()`, unit), &unitID)
		if unitID == 0 {
			t.Fatalf("unit %q not listed", unit)
		}
		set(fmt.Sprintf("#email-%d", unitID), "tuphap@a.vn")
		p = p.ClickAndWait(fmt.Sprintf("form[action='/quan-tri/don-vi/%d/them-nguoi'] button", unitID))
		if !strings.Contains(p.Text(fmt.Sprintf("#don-vi-%d", unitID)), "tuphap@a.vn") {
			t.Fatalf("member not added")
		}
		p.Screenshot(vp.name + "-don-vi-co-thanh-vien")
		p.AssertNoAxeViolations()
		visit(pathReport, vp.name+"-bao-cao")

		signIn("bientap@a.vn")
		visit(detail, vp.name+"-cau-hoi-bien-tap")
		p = p.ClickAndWait(fmt.Sprintf("form[action='%s/accept'] button", detail))
		set("#unit", strconv.FormatInt(unitID, 10))
		p = p.ClickAndWait(fmt.Sprintf("form[action='%s/assign'] button", detail))
		if !strings.Contains(p.Text(".notice"), "Đã giao đơn vị") {
			t.Fatalf("assign: %q", p.Text("body"))
		}

		signIn("tuphap@a.vn")
		visit(pathInbox, vp.name+"-hop-thu-don-vi")
		p = p.ClickAndWait(fmt.Sprintf("#cau-hoi-don-vi ~ ol a[href='%s']", detail))
		p.Screenshot(vp.name + "-cau-hoi-don-vi")
		p.AssertNoAxeViolations()
		set("#answer", "Anh mang căn cước đến Phòng Tư pháp; lệ phí 8.000 đồng.")
		p = p.ClickAndWait(fmt.Sprintf("form[action='%s/submit'] button:not([formaction])", detail))
		if !strings.Contains(p.Text(".notice"), "Đã gửi câu trả lời") {
			t.Fatalf("submit: %q", p.Text("body"))
		}

		signIn("bientap@a.vn")
		visit(pathInbox, vp.name+"-hop-thu-bien-tap")
		p = p.ClickAndWait(fmt.Sprintf("#cau-hoi-cho-duyet ~ ol a[href='%s']", detail))
		p.AssertNoAxeViolations()

		signIn("duyet@a.vn")
		visit(detail, vp.name+"-cau-hoi-cong-khai")
		p = p.ClickAndWait(fmt.Sprintf("form[action='%s/publish'] button", detail))
		if !strings.Contains(p.Text(".notice"), "Đã công khai") {
			t.Fatalf("publish: %q", p.Text("body"))
		}
		p.Screenshot(vp.name + "-da-cong-khai")
		p.AssertNoAxeViolations()

		ps, err := f.db.ClaimMail(ctx, time.Now().Add(time.Hour), time.Minute, 50)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range ps {
			if m.To == "nam."+vp.name+"@example.vn" && strings.HasPrefix(m.Subject, "Trả lời câu hỏi") && strings.Contains(m.Body, "lệ phí 8.000 đồng") &&
				strings.Contains(m.Body, "/hoi-dap/tra-cuu") {
				found = true
			}
			if err := f.db.MarkMailSent(ctx, m.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if !found {
			t.Errorf("%s: the answer mail is not in the outbox: %+v", vp.name, ps)
		}
	}
}
