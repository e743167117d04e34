package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

// TestBrowserCitizenPages runs axe-core (WCAG 2.1 A/AA, zero violations)
// on the pages of Hỏi đáp and Lấy ý kiến dự thảo, public and staff, also
// with a form's errors shown and in high contrast on a phone.
func TestBrowserCitizenPages(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	qs, _, err := app.questions.Store().FindQuestions(ctx, question.Filter{SiteID: site.ID, Statuses: []question.Status{question.StatusPublished}})
	if err != nil || len(qs) == 0 {
		t.Fatalf("demo questions: %v", err)
	}
	cs, _, err := app.consultations.Store().FindConsultations(ctx, consultation.Filter{SiteID: site.ID})
	if err != nil || len(cs) == 0 {
		t.Fatalf("demo consultation: %v", err)
	}
	questionPath := fmt.Sprintf("/hoi-dap/%d", qs[0].ID)
	draftPath := fmt.Sprintf("/gop-y-du-thao/%d", cs[0].ID)

	for _, pg := range []struct{ name, path string }{
		{"hoi-dap", "/hoi-dap"},
		{"hoi-dap-cau-hoi", questionPath},
		{"hoi-dap-dat-cau-hoi", "/hoi-dap/dat-cau-hoi"},
		{"hoi-dap-tra-cuu", "/hoi-dap/tra-cuu"},
		{"gop-y-du-thao", "/gop-y-du-thao"},
		{"gop-y-du-thao-chi-tiet", draftPath},
	} {
		t.Run(pg.name, func(t *testing.T) {
			b := browsertest.New(t)
			p := b.Visit(app.URL + pg.path)
			p.Screenshot(pg.name)
			checkRendered(t, p, 200)
			p.AssertNoAxeViolations()
		})
	}

	t.Run("dat-cau-hoi-loi", func(t *testing.T) {
		b := browsertest.New(t)
		p := b.Visit(app.URL + "/hoi-dap/dat-cau-hoi")
		nrFill(t, p, map[string]string{"name": "Nguyễn Văn An", "phone": "12", "subject": "Hỏi về đất"})
		nrSubmit(t, p, `form.public-form button[type=submit]`)
		if got := p.Text(".error-summary h2"); got != "Câu hỏi chưa gửi được" {
			t.Fatalf("error summary %q", got)
		}
		var kept string
		p.Eval(`document.getElementById('subject').value`, &kept)
		if kept != "Hỏi về đất" {
			t.Errorf("typed subject not kept: %q", kept)
		}
		p.Screenshot("hoi-dap-dat-cau-hoi-loi")
		p.AssertNoAxeViolations()
		// A valid question gets its tracking code.
		nrFill(t, p, map[string]string{"phone": "0912 345 678", "field": question.Fields[2],
			"body": "Xin hỏi thủ tục đăng ký khai sinh cho con cần những giấy tờ gì?"})
		nrSubmit(t, p, `form.public-form button[type=submit]`)
		if code := p.Text("#ma-tra-cuu"); !codeRE.MatchString(code) {
			t.Fatalf("tracking code %q", code)
		}
		p.Screenshot("hoi-dap-da-gui")
		p.AssertNoAxeViolations()
		// Opened again, the page says the code was shown and sends nothing.
		p = b.Visit(app.URL + "/hoi-dap/da-gui")
		if got := p.Text(".qa-done"); codeRE.MatchString(got) || !strings.Contains(got, "không được hiển thị lại") {
			t.Fatalf("sent page opened again: %q", got)
		}
		p.Screenshot("hoi-dap-da-gui-lai")
		p.AssertNoAxeViolations()
	})

	t.Run("gop-y-loi-di-dong-tuong-phan-cao", func(t *testing.T) {
		b := browsertest.New(t)
		p := b.Visit(app.URL + draftPath)
		p = p.ClickAndWait(".display-tools a.contrast")
		p.Text("html.tuong-phan-cao #noi-dung")
		p.SetMobileViewport(375, 812)
		p = b.Visit(app.URL + draftPath)
		nrFill(t, p, map[string]string{"name": "Trần Bình", "body": "Ngắn"})
		nrSubmit(t, p, `form.public-form button[type=submit]`)
		if !strings.Contains(p.Text(".error-summary"), "thư điện tử hoặc số điện thoại") {
			t.Errorf("comment errors not shown")
		}
		p.Screenshot("gop-y-du-thao-loi-di-dong")
		checkRendered(t, p, 200)
		p.AssertNoAxeViolations()
	})

	t.Run("quan-tri", func(t *testing.T) {
		users := user.NewService(app.db, app.db, app.db, nil)
		if _, err := users.CreateUser(ctx, "duyet@giavien.gov.vn", "Lê Văn Duyệt", "Ban-bien-tap-Gia-Vien-2025", user.RoleApprover, site.ID); err != nil {
			t.Fatal(err)
		}
		in := question.Input{Name: "Phạm Văn Hùng", Phone: "0912 111 222", Subject: "Cấp phép xây dựng nhà ở", Field: question.Fields[1],
			Body: "Xin hỏi nhà ở riêng lẻ tại nông thôn có phải xin giấy phép xây dựng không?"}
		q, _, err := app.questions.Submit(ctx, site.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		b := browsertest.New(t)
		p := nrSignIn(t, b, app.URL, "duyet@giavien.gov.vn", "Ban-bien-tap-Gia-Vien-2025")
		for _, pg := range []struct{ name, path string }{
			{"quan-tri-hoi-dap", "/quan-tri/hoi-dap"},
			{"quan-tri-cau-hoi", fmt.Sprintf("/quan-tri/hoi-dap/%d", q.ID)},
			{"quan-tri-gop-y", "/quan-tri/gop-y-du-thao"},
			{"quan-tri-du-thao", fmt.Sprintf("/quan-tri/gop-y-du-thao/%d", cs[0].ID)},
			{"quan-tri-du-thao-moi", "/quan-tri/gop-y-du-thao/moi"},
		} {
			p = b.Visit(app.URL + pg.path)
			if p.Status != 200 {
				t.Fatalf("%s: status %d", pg.path, p.Status)
			}
			p.Screenshot(pg.name)
			p.AssertNoAxeViolations()
		}
		// The answer form with an error shown.
		p = b.Visit(app.URL + fmt.Sprintf("/quan-tri/hoi-dap/%d", q.ID))
		nrSubmit(t, p, `form[action$="/accept"] button`)
		nrSubmit(t, p, `form[action$="/answer"] button`)
		if !strings.Contains(p.Text(".error-summary"), "Vui lòng nhập nội dung trả lời") {
			t.Errorf("answer error not shown")
		}
		p.Screenshot("quan-tri-cau-hoi-loi")
		p.AssertNoAxeViolations()
	})
}
