package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/demo"
	"trangtin/internal/question"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

var codeRE = regexp.MustCompile(`HD-[0-9]{4}-[0-9]{5,9}`)

// postForm posts form to url with client c (nil: a fresh one that does not
// follow redirects) and returns the status and body.
func postForm(t testing.TB, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	if c == nil {
		c = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	res, err := c.PostForm(u, form)
	if err != nil {
		t.Fatalf("POST %s: %v", u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// citizen is a browser-like client: it keeps cookies and follows the
// redirect after a form is sent (POST-redirect-GET).
func citizen(t testing.TB) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

func askForm(subject string) url.Values {
	return url.Values{"name": {"Nguyễn Văn An"}, "phone": {"0912 345 678"}, "subject": {subject},
		"body": {"Xin hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?"}, "field": {question.Fields[0]}}
}

// TestQuestionFloodGetsPleaseWait is the done-when of issue 5: a question
// submitted 31 times in a minute from one address gets a clear "please
// wait" message after the limit, and the first ones are all stored.
func TestQuestionFloodGetsPleaseWait(t *testing.T) { eachStore(t, testQuestionFlood) }

func testQuestionFlood(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	codes := map[string]string{} // code → subject
	for i := 1; i <= 31; i++ {
		subject := fmt.Sprintf("Câu hỏi thử số %d về đất đai", i)
		status, body := postForm(t, citizen(t), app.URL+"/hoi-dap/dat-cau-hoi", askForm(subject))
		if i <= 5 {
			code := codeRE.FindString(body)
			if status != http.StatusOK || code == "" {
				t.Fatalf("submission %d: status %d, code %q", i, status, code)
			}
			codes[code] = subject
			continue
		}
		if status != http.StatusTooManyRequests {
			t.Fatalf("submission %d: status %d, want 429", i, status)
		}
		if !strings.Contains(body, "Vui lòng chờ khoảng 10 phút rồi gửi lại") {
			t.Fatalf("submission %d: no please-wait message in the page", i)
		}
		if !strings.Contains(body, `value="`+subject+`"`) || codeRE.MatchString(body) {
			t.Fatalf("submission %d: the form is not re-shown with what was typed, or a code was given", i)
		}
	}
	if d := time.Since(start); d > time.Minute {
		t.Fatalf("31 submissions took %s, more than a minute", d)
	}
	got, total, err := app.questions.Store().FindQuestions(ctx, question.Filter{SiteID: site.ID, Statuses: []question.Status{question.StatusNew}, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 || len(got) != 5 {
		t.Fatalf("%d questions stored, want the first 5", total)
	}
	for code, subject := range codes {
		q, err := app.questions.Track(ctx, site.ID, code, "0912 345 678")
		if err != nil || q.Subject != subject || q.Phone != "0912 345 678" {
			t.Errorf("code %s: %q %v, want %q", code, q.Subject, err, subject)
		}
	}
	// Another address is not held back (the limiter keys on the address).
	if err := app.guard.Take(ctx, "hoi-dap", "203.0.113.77"); err != nil {
		t.Errorf("another address: %v", err)
	}
}

// staffClient signs in through the sign-in form and returns a client that
// keeps the session cookie and does not follow redirects.
func staffClient(t *testing.T, base, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status, _ := postForm(t, c, base+"/quan-tri/dang-nhap", url.Values{"email": {email}, "password": {password}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign in %s: status %d", email, status)
	}
	return c
}

func getWith(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b := testenv.Must(io.ReadAll(res.Body)).Get(t)
	return res.StatusCode, string(b)
}

var phienBanRE = regexp.MustCompile(`name="phien-ban" value="([0-9]+)"`)

// postFrom posts form to u as a form of the admin page pageURL would be:
// with the edit version (phien-ban) the page carries now.
func postFrom(t *testing.T, c *http.Client, pageURL, u string, form url.Values) (int, string) {
	t.Helper()
	_, page := getWith(t, c, pageURL)
	m := phienBanRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s carries no edit version", pageURL)
	}
	v := url.Values{"phien-ban": {m[1]}}
	for k, vs := range form {
		v[k] = vs
	}
	return postForm(t, c, u, v)
}

// TestPublishedQuestionHidesPersonalData is the done-when of issue 5: a
// question filed by a citizen, answered by staff and published shows on
// the public page and in the API without the phone number or the email.
func TestPublishedQuestionHidesPersonalData(t *testing.T) {
	eachStore(t, testPublishedQuestionHidesPersonalData)
}

func testPublishedQuestionHidesPersonalData(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	const (
		phone   = "0987 654 321"
		email   = "nguoi.hoi.rieng.tu@example.vn"
		address = "Số 12 ngõ 34 đường Tràng An"
		name    = "Lê Thị Bích Mai"
		answer  = "Hồ sơ gồm đơn đăng ký, giấy tờ về quyền sử dụng đất và sơ đồ thửa đất."
	)
	form := url.Values{"name": {name}, "phone": {phone}, "email": {email}, "address": {address},
		"subject": {"Hồ sơ cấp giấy chứng nhận lần đầu"}, "body": {"Xin hỏi hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?"},
		"field": {question.Fields[0]}}
	status, body := postForm(t, citizen(t), app.URL+"/hoi-dap/dat-cau-hoi", form)
	code := codeRE.FindString(body)
	if status != http.StatusOK || code == "" {
		t.Fatalf("submit: %d %q", status, code)
	}
	q, err := app.questions.Track(ctx, site.ID, code, phone)
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(q.ID)

	users := user.NewService(app.db, app.db, app.db, nil)
	for _, u := range []struct {
		email string
		role  user.Role
	}{{"bientap@giavien.gov.vn", user.RoleEditor}, {"duyet@giavien.gov.vn", user.RoleApprover}} {
		if _, err := users.CreateUser(ctx, u.email, "Cán bộ", "Mat-khau-du-dai-2025", u.role, site.ID); err != nil {
			t.Fatal(err)
		}
	}
	editor := staffClient(t, app.URL, "bientap@giavien.gov.vn", "Mat-khau-du-dai-2025")
	approver := staffClient(t, app.URL, "duyet@giavien.gov.vn", "Mat-khau-du-dai-2025")

	// The queue lists it; the editor, who may see personal data, sees it.
	if st, page := getWith(t, editor, app.URL+"/quan-tri/hoi-dap"); st != 200 || !strings.Contains(page, "/quan-tri/hoi-dap/"+id) {
		t.Fatalf("queue: %d, question link missing", st)
	}
	if st, page := getWith(t, editor, app.URL+"/quan-tri/hoi-dap/"+id); st != 200 || !strings.Contains(page, phone) || !strings.Contains(page, email) {
		t.Fatalf("moderation page for an editor: %d, personal data missing", st)
	}
	// A bad step re-shows the page with a Vietnamese message, not a 500.
	qpage := app.URL + "/quan-tri/hoi-dap/" + id
	if st, page := postFrom(t, editor, qpage, qpage+"/answer", url.Values{"answer": {"x"}}); st != http.StatusConflict || !strings.Contains(page, "Cần tiếp nhận câu hỏi trước khi trả lời") {
		t.Fatalf("answer before acceptance: %d", st)
	}
	// A question stored already published (the demo's) is searchable at once.
	if _, page := get(t, app.URL+"/tim-kiem?loai=hoi-dap&q="+url.QueryEscape(demo.DemoQuestions[0].Subject)); !strings.Contains(page, "Hỏi đáp, công khai") {
		t.Errorf("search does not find the demo question %q", demo.DemoQuestions[0].Subject)
	}
	// Until it is published, site search does not know the question.
	const searchPath = "/tim-kiem?loai=hoi-dap&q=giay+chung+nhan+lan+dau"
	if _, page := get(t, app.URL+searchPath); strings.Contains(page, `href="/hoi-dap/`+id+`"`) {
		t.Errorf("search finds the question before it is published")
	}
	for _, step := range []struct {
		c      *http.Client
		action string
		form   url.Values
	}{
		{editor, "accept", nil},
		{editor, "assign", url.Values{"unit": {"Phòng Tài nguyên và Môi trường"}}},
		{editor, "answer", url.Values{"answer": {answer}, "answered_by": {"Phòng Tài nguyên và Môi trường"}}},
		{approver, "publish", nil},
	} {
		if st, page := postFrom(t, step.c, qpage, qpage+"/"+step.action, step.form); st != http.StatusSeeOther {
			t.Fatalf("%s: status %d: %.300s", step.action, st, page)
		}
	}
	// The editor may not publish.
	if st, _ := postForm(t, editor, app.URL+"/quan-tri/hoi-dap/"+id+"/unpublish", nil); st != http.StatusForbidden {
		t.Errorf("editor unpublishes: %d, want 403", st)
	}

	secrets := []string{phone, strings.ReplaceAll(phone, " ", ""), email, address, name, "0987"}
	check := func(where, page string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(page, s) {
				t.Errorf("%s contains %q", where, s)
			}
		}
	}
	// Published, it is found by site search (page and API), without
	// the sender's details.
	for _, path := range []string{searchPath, "/tim-kiem?q=" + url.QueryEscape("hồ sơ cấp giấy chứng nhận lần đầu"), "/api/v1/search?kind=question&q=giay+chung+nhan+lan+dau"} {
		res, page := get(t, app.URL+path)
		if res.StatusCode != 200 || !strings.Contains(page, "/hoi-dap/"+id+`"`) {
			t.Errorf("%s: %d, the published question is not found", path, res.StatusCode)
		}
		check(path, page)
	}
	for _, path := range []string{"/hoi-dap", "/hoi-dap/" + id, "/api/v1/questions", "/api/v1/questions/" + id, "/api/v1/questions?per_page=100"} {
		res, page := get(t, app.URL+path)
		if res.StatusCode != 200 || !strings.Contains(page, "Hồ sơ cấp giấy chứng nhận lần đầu") {
			t.Fatalf("%s: %d, the published question is missing", path, res.StatusCode)
		}
		check(path, page)
		if path == "/hoi-dap/"+id && (!strings.Contains(page, "L.T.B.M.") || !strings.Contains(page, answer)) {
			t.Errorf("%s: initials or answer missing", path)
		}
	}
	var one struct {
		Asker  string `json:"asker"`
		Answer string `json:"answer"`
	}
	_, page := get(t, app.URL+"/api/v1/questions/"+id)
	if err := json.Unmarshal([]byte(page), &one); err != nil || one.Asker != "L.T.B.M." || one.Answer != answer {
		t.Errorf("API question: %+v %v", one, err)
	}
	// Paging and harvesting parameters.
	for q, want := range map[string]string{
		"?updated_since=2999-01-01T00:00:00Z": `"total":0`,
		"?per_page=1&page=1":                  `"per_page":1`,
		"?updated_since=2000-01-01T00:00:00Z": `"total":3`, // two demo questions and this one
	} {
		if res, page := get(t, app.URL+"/api/v1/questions"+q); res.StatusCode != 200 || !strings.Contains(page, want) {
			t.Errorf("/api/v1/questions%s: %d %.200s, want %s", q, res.StatusCode, page, want)
		}
	}
	for _, q := range []string{"?updated_since=hôm-qua", "?per_page=101", "?page=0"} {
		if res, page := get(t, app.URL+"/api/v1/questions"+q); res.StatusCode != 400 || !strings.Contains(page, `"code":"invalid"`) {
			t.Errorf("/api/v1/questions%s: %d %s", q, res.StatusCode, page)
		}
	}
	// Following the status with the code shows no contact either.
	_, page = postForm(t, nil, app.URL+"/hoi-dap/tra-cuu", url.Values{"code": {strings.ToLower(code)}, "contact": {strings.ToUpper(email)}})
	if !strings.Contains(page, "Đã công khai") {
		t.Errorf("tracking page does not show the status")
	}
	check("tracking page", page)

	// Everything was audited.
	entries, err := app.db.AuditEntries(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if e.Object == "question:"+id {
			got = append(got, e.Action)
		}
	}
	if strings.Join(got, " ") != "question.accept question.assign question.answer question.publish" {
		t.Errorf("audit: %v", got)
	}
}

func TestBadHolidaysRefused(t *testing.T) {
	cfg := config.Config{DataDir: t.TempDir(), Holidays: "2026-02-30", LogLevel: "warn"}
	_, err := newApp(context.Background(), cfg, newLogger(io.Discard, "warn"), nil)
	if err == nil || !strings.Contains(err.Error(), "--holidays") {
		t.Fatalf("newApp with a bad date: %v", err)
	}
}
