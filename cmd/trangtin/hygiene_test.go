package main

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/demo"
	"trangtin/internal/httpx"
	"trangtin/internal/question"
)

// TestCrossOriginRefusalIsTheSitesPage: a cross-origin POST used to get
// the standard library's English text/plain "cross-origin request
// detected"; it gets the site's Vietnamese 403 page, the public one or the
// editors' area's.
func TestCrossOriginRefusalIsTheSitesPage(t *testing.T) {
	app := startApp(t, config.Config{})
	for _, tc := range []struct {
		path, header, value, want string
	}{
		{"/hoi-dap/dat-cau-hoi", "Sec-Fetch-Site", "cross-site", demo.Site.Name},
		{"/hoi-dap/dat-cau-hoi", "Origin", "https://ke-gian.example", demo.Site.Name},
		{"/quan-tri/dang-nhap", "Sec-Fetch-Site", "cross-site", "Không có quyền truy cập"},
	} {
		req, err := http.NewRequest("POST", app.URL+tc.path, strings.NewReader("name=An"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(tc.header, tc.value)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s with %s: %s: %d, want 403", tc.path, tc.header, tc.value, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q, want the HTML error page", tc.path, ct)
		}
		for _, want := range []string{httpx.CrossOriginMessage, tc.want, `lang="vi"`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("%s: page lacks %q:\n%.600s", tc.path, want, body)
			}
		}
	}
}

// TestQuestionFormNotUTF8: a question whose text is not UTF-8 used to be
// stored with the bad bytes silently dropped. The form comes back with a
// clear message, what was typed kept (the bad bytes marked), and nothing
// is stored.
func TestQuestionFormNotUTF8(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		t.Helper()
		_, total, err := app.questions.Store().FindQuestions(ctx, question.Filter{SiteID: site.ID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	before := count()
	form := askForm("Hỏi về \xe1\xba thủ tục đất đai")
	status, body := postForm(t, citizen(t), app.URL+"/hoi-dap/dat-cau-hoi", form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422 with the form again", status)
	}
	page := html.UnescapeString(body)
	for _, want := range []string{httpx.MsgFormNotUTF8, "Hỏi về � thủ tục đất đai", "Nguyễn Văn An", "0912 345 678", form.Get("body")} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if codeRE.MatchString(body) {
		t.Error("a tracking code was given")
	}
	if n := count(); n != before {
		t.Errorf("%d questions stored, want none", n-before)
	}
	// The tracking form says the same rather than "not found".
	status, body = postForm(t, citizen(t), app.URL+"/hoi-dap/tra-cuu", url.Values{"code": {"HD-\xff"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), httpx.MsgFieldNotUTF8) {
		t.Errorf("tracking with bytes that are not UTF-8: %d", status)
	}
}

// TestQuestionControlCharactersDropped: a question sent with NUL and ESC in
// its subject and body used to be stored with them; it is stored without.
func TestQuestionControlCharactersDropped(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	form := askForm("Hỏi về\x00 đất\x1b[31m đai")
	form.Set("body", "Xin hỏi\x00 thủ tục cấp giấy chứng nhận:\n- lần đầu\x07;\n- cấp đổi.")
	status, body := postForm(t, citizen(t), app.URL+"/hoi-dap/dat-cau-hoi", form)
	code := codeRE.FindString(body)
	if status != http.StatusOK || code == "" {
		t.Fatalf("status %d, code %q", status, code)
	}
	q, err := app.questions.Track(ctx, site.ID, code, "0912 345 678")
	if err != nil {
		t.Fatal(err)
	}
	if q.Subject != "Hỏi về đất[31m đai" || q.Body != "Xin hỏi thủ tục cấp giấy chứng nhận:\n- lần đầu;\n- cấp đổi." {
		t.Errorf("stored %q %q", q.Subject, q.Body)
	}
}
