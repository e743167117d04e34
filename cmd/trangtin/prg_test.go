package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/question"
	"trangtin/internal/testenv"
)

// TestQuestionRefreshDoesNotResubmit: the question form answers with a
// 303 to the sent page, which shows the tracking code once (from a flash
// cookie, never from the address); refreshing that page stores nothing
// and says the code was already shown. The comment form does the same.
func TestQuestionRefreshDoesNotResubmit(t *testing.T) { eachStore(t, testQuestionRefresh) }

func testQuestionRefresh(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, form url.Values) (*http.Response, string) {
		t.Helper()
		var res *http.Response
		var err error
		if method == "POST" {
			res, err = c.PostForm(app.URL+path, form)
		} else {
			res, err = c.Get(app.URL + path)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(b)
	}
	count := func() int {
		t.Helper()
		_, n, err := app.questions.Store().FindQuestions(ctx, question.Filter{SiteID: site.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()

	res, body := do("POST", "/hoi-dap/dat-cau-hoi", askForm("Hỏi về cấp đổi căn cước"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/hoi-dap/da-gui" || codeRE.MatchString(body) {
		t.Fatalf("POST: %d to %q, want 303 to /hoi-dap/da-gui without the code", res.StatusCode, res.Header.Get("Location"))
	}
	var flash *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "tt_da_gui" {
			flash = ck
		}
	}
	if flash == nil || !flash.HttpOnly || flash.SameSite != http.SameSiteStrictMode || flash.Path != "/hoi-dap/da-gui" || flash.MaxAge <= 0 || flash.MaxAge > 600 {
		t.Fatalf("flash cookie %+v: want HttpOnly, SameSite=Strict, Path=/hoi-dap/da-gui, at most 10 minutes", flash)
	}
	res, body = do("GET", "/hoi-dap/da-gui", nil)
	code := codeRE.FindString(body)
	if res.StatusCode != http.StatusOK || code == "" || !strings.Contains(body, "Hạn trả lời") {
		t.Fatalf("sent page: %d, code %q", res.StatusCode, code)
	}
	if q, err := app.questions.Track(ctx, site.ID, code, "0912 345 678"); err != nil || q.Subject != "Hỏi về cấp đổi căn cước" {
		t.Fatalf("the code shown does not track the question: %q %v", q.Subject, err)
	}
	for i := 0; i < 2; i++ { // refresh, twice
		res, body = do("GET", "/hoi-dap/da-gui", nil)
		if res.StatusCode != http.StatusOK || codeRE.MatchString(body) || !strings.Contains(body, "không được hiển thị lại") || !strings.Contains(body, `href="/hoi-dap/tra-cuu"`) {
			t.Fatalf("refresh %d: %d, code shown again or no hint to track", i+1, res.StatusCode)
		}
	}
	if n := count(); n != before+1 {
		t.Fatalf("%d questions stored, want %d", n, before+1)
	}
	// A forged cookie shows no code and stores nothing.
	u := testenv.Must(url.Parse(app.URL + "/hoi-dap/da-gui")).Get(t)
	jar.SetCookies(u, []*http.Cookie{{Name: "tt_da_gui", Value: "HD-2026-0000X.20261218.1", Path: "/hoi-dap/da-gui"}})
	if res, body = do("GET", "/hoi-dap/da-gui", nil); res.StatusCode != http.StatusOK || codeRE.MatchString(body) {
		t.Fatalf("forged cookie: %d, code shown", res.StatusCode)
	}

	// The comment form.
	list, _, err := app.consultations.Store().FindConsultations(ctx, consultation.Filter{SiteID: site.ID})
	if err != nil || len(list) == 0 {
		t.Fatalf("demo consultation: %v", err)
	}
	path := fmt.Sprintf("/gop-y-du-thao/%d", list[0].ID)
	comment := url.Values{"name": {"Trần Thị Bình"}, "email": {"binh@example.vn"}, "body": {"Đề nghị quy định rõ thời hạn cập nhật thông tin."}}
	res, _ = do("POST", path, comment)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), path) {
		t.Fatalf("comment POST: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body = do("GET", path, nil); res.StatusCode != http.StatusOK || !strings.Contains(body, "Cảm ơn bạn đã góp ý") {
		t.Fatalf("after comment: %d, no thanks", res.StatusCode)
	}
	if res, body = do("GET", path, nil); res.StatusCode != http.StatusOK || strings.Contains(body, "Cảm ơn bạn đã góp ý") {
		t.Fatalf("refresh after comment: %d, thanks shown again", res.StatusCode)
	}
	cms, err := app.consultations.Store().FindComments(ctx, site.ID, list[0].ID)
	if err != nil || len(cms) != 1 {
		t.Fatalf("%d comments stored, want 1 (%v)", len(cms), err)
	}
}
