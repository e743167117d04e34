package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/contact"
	"trangtin/internal/guard"
	"trangtin/internal/question"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestContactFormReachesStaff: /lien-he shows the agency's address, phone
// and e-mail and a map link (no map loads before a click); bad input
// comes back with Vietnamese messages and nothing typed lost; the honeypot
// refuses; a message reaches the staff allowed to see personal data as an
// inbox notice, by e-mail and in the editors' list, and nowhere public.
func TestContactFormReachesStaff(t *testing.T) { eachStore(t, testContactForm) }

func testContactForm(t *testing.T, cfg config.Config) {
	srv := newSMTPServer(t)
	cfg.SMTPAddr, cfg.SMTPFrom, cfg.SiteURL = srv.addr, "thongbao@giavien.gov.vn", "https://giavien.gov.vn"
	cfg.MailPoll, cfg.MailRetry = 50*time.Millisecond, 200*time.Millisecond
	app := startApp(t, cfg)
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	const pw = "Mat-khau-du-dai-2025"
	editor := testenv.Must(app.users.CreateUser(ctx, "bientap.lienhe@giavien.gov.vn", "Trần Văn Biên", pw, user.RoleEditor, site.ID)).Get(t)
	testenv.Must(app.users.CreateUser(ctx, "phongvien.lienhe@giavien.gov.vn", "Nguyễn Thị Viết", pw, user.RoleReporter, site.ID)).Get(t)
	staff := map[string]bool{}
	for _, r := range []user.Role{user.RoleEditor, user.RoleApprover} {
		for _, u := range testenv.Must(app.users.FindUsers(ctx, user.UserFilter{SiteID: site.ID, Role: r, Limit: 200})).Get(t) {
			staff[u.Email] = true
		}
	}

	res, page := get(t, app.URL+"/lien-he")
	if res.StatusCode != 200 {
		t.Fatalf("GET /lien-he: %d", res.StatusCode)
	}
	for _, want := range []string{site.Address, site.Phone, site.Email, "https://www.openstreetmap.org/search?query=", `name="` + guard.HoneypotField + `"`} {
		if want != "" && !strings.Contains(page, want) {
			t.Errorf("/lien-he lacks %q", want)
		}
	}
	if strings.Contains(page, "<iframe") {
		t.Error("/lien-he embeds a map before any click")
	}

	citizen := citizen(t)
	citizen.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	bad := url.Values{"name": {""}, "email": {"an@@example"}, "subject": {"Đèn đường hỏng ở thôn Đông"}, "body": {"Hỏng"}}
	status, page := postForm(t, citizen, app.URL+"/lien-he", bad)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: %d", status)
	}
	for _, want := range []string{"Vui lòng nhập họ và tên.", contact.MsgEmail, "Nội dung quá ngắn", `value="an@@example"`, `value="Đèn đường hỏng ở thôn Đông"`, ">Hỏng</textarea>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the re-shown form lacks %q", want)
		}
	}
	trap := url.Values{"name": {"Rô bốt"}, "phone": {"0912 345 678"}, "subject": {"Quảng cáo"}, "body": {"Mua hàng giá rẻ tại đây."}, guard.HoneypotField: {"http://spam.example"}}
	if status, page = postForm(t, citizen, app.URL+"/lien-he", trap); status != http.StatusUnprocessableEntity || !strings.Contains(page, "phải để trống") {
		t.Errorf("honeypot: %d", status)
	}

	const subject = "Đề nghị sửa đèn chiếu sáng đường Tràng An"
	good := url.Values{"name": {"Phạm Thị Hoa"}, "phone": {"0915 222 333"}, "email": {"hoa.lienhe@example.vn"}, "subject": {subject},
		"body": {"Đèn chiếu sáng trên đường Tràng An đoạn qua thôn Đông đã hỏng một tuần nay."}}
	if status, _ = postForm(t, citizen, app.URL+"/lien-he", good); status != http.StatusSeeOther {
		t.Fatalf("send: %d, want 303", status)
	}
	if _, page = getWith(t, citizen, app.URL+"/lien-he/da-gui"); !strings.Contains(page, "Đã gửi thư liên hệ") {
		t.Error("no thanks page")
	}
	// Every editor and approver of the site gets the e-mail copy.
	for len(staff) > 0 {
		d := decode(t, srv.next(t, 10*time.Second))
		if !staff[d.To] {
			t.Fatalf("mail to %s, who is not among the staff %v", d.To, staff)
		}
		delete(staff, d.To)
		if !strings.Contains(d.Subject, "Thư liên hệ mới") || !strings.Contains(d.Body, subject) || !strings.Contains(d.Body, "https://giavien.gov.vn/quan-tri/hop-thu") {
			t.Errorf("mail %q:\n%s", d.Subject, d.Body)
		}
	}
	ed := staffClient(t, app.URL, editor.Email, pw)
	if st, p := getWith(t, ed, app.URL+"/quan-tri/lien-he"); st != 200 || !strings.Contains(p, subject) || !strings.Contains(p, "0915 222 333") || !strings.Contains(p, "hoa.lienhe@example.vn") {
		t.Errorf("the editor's list: %d", st)
	}
	if st, p := getWith(t, ed, app.URL+"/quan-tri/hop-thu"); st != 200 || !strings.Contains(p, subject) {
		t.Errorf("the editor's inbox: %d, no notice", st)
	}
	rep := staffClient(t, app.URL, "phongvien.lienhe@giavien.gov.vn", pw)
	if st, p := getWith(t, rep, app.URL+"/quan-tri/lien-he"); st != http.StatusForbidden || strings.Contains(p, "0915 222 333") {
		t.Errorf("a reporter sees the messages: %d", st)
	}
	// Never published: not in search, not on the public pages.
	for _, path := range []string{"/tim-kiem?q=" + url.QueryEscape("Tràng An đèn chiếu sáng"), "/lien-he", "/"} {
		if _, p := get(t, app.URL+path); strings.Contains(p, "Phạm Thị Hoa") || strings.Contains(p, subject) {
			t.Errorf("%s shows the message", path)
		}
	}
}

// TestQuestionShortCodeMailedAndTracked: a question sent with an e-mail
// address gets a short code shown with a copy button and sent by e-mail;
// it is tracked with the code and the sender's phone or e-mail, not with
// the code alone or another's phone; /hoi-dap filters by a known lĩnh vực
// and refuses an unknown one in Vietnamese.
func TestQuestionShortCodeMailedAndTracked(t *testing.T) { eachStore(t, testQuestionShortCode) }

func testQuestionShortCode(t *testing.T, cfg config.Config) {
	srv := newSMTPServer(t)
	cfg.SMTPAddr, cfg.SMTPFrom = srv.addr, "thongbao@giavien.gov.vn"
	cfg.MailPoll, cfg.MailRetry = 50*time.Millisecond, 200*time.Millisecond
	app := startApp(t, cfg)
	c := citizen(t)
	form := askForm("Hỏi về trợ cấp người cao tuổi")
	form.Set("email", "Ong.Ba@Example.vn")
	status, page := postForm(t, c, app.URL+"/hoi-dap/dat-cau-hoi", form)
	code := codeRE.FindString(page)
	if status != 200 || code == "" || !strings.HasPrefix(code, "HD-"+time.Now().In(time.FixedZone("", 7*3600)).Format("2006")+"-") {
		t.Fatalf("sent page: %d, code %q", status, code)
	}
	if !strings.Contains(page, `data-copy="ma-tra-cuu"`) || !strings.Contains(page, "đã được gửi tới thư điện tử") {
		t.Error("the sent page has no copy button or does not say the code was mailed")
	}
	d := decode(t, srv.next(t, 10*time.Second))
	if d.To != "ong.ba@example.vn" || !strings.Contains(d.Subject, code) || !strings.Contains(d.Body, code) || !strings.Contains(d.Body, "Hỏi về trợ cấp người cao tuổi") {
		t.Errorf("receipt to %s %q:\n%s", d.To, d.Subject, d.Body)
	}
	track := func(code, contact string) (int, string) {
		return postForm(t, nil, app.URL+"/hoi-dap/tra-cuu", url.Values{"code": {code}, "contact": {contact}})
	}
	if st, p := track(strings.ToLower(code), "+84 912 345 678"); st != 200 || !strings.Contains(p, "Chờ tiếp nhận") || strings.Contains(p, "912 345 678") {
		t.Errorf("track with the phone: %d", st)
	}
	if st, p := track(code, "ONG.BA@example.vn"); st != 200 || !strings.Contains(p, "Hỏi về trợ cấp người cao tuổi") {
		t.Errorf("track with the e-mail: %d", st)
	}
	if st, p := track(code, ""); st != http.StatusUnprocessableEntity || !strings.Contains(p, "Vui lòng nhập số điện thoại hoặc thư điện tử") || !strings.Contains(p, `value="`+code+`"`) {
		t.Errorf("track without a contact: %d", st)
	}
	if st, p := track(code, "0999 999 999"); st != http.StatusNotFound || strings.Contains(p, "Hỏi về trợ cấp") || !strings.Contains(p, `value="0999 999 999"`) {
		t.Errorf("track with another's phone: %d", st)
	}
	if res, p := get(t, app.URL+"/hoi-dap?linh-vuc="+url.QueryEscape(question.Fields[0])); res.StatusCode != 200 || !strings.Contains(p, `<option value="`+question.Fields[0]+`" selected>`) {
		t.Errorf("filter by a field: %d", res.StatusCode)
	}
	if res, p := get(t, app.URL+"/hoi-dap?linh-vuc=Kh%C3%B4ng+c%C3%B3"); res.StatusCode != http.StatusBadRequest || !strings.Contains(p, "Lĩnh vực không có trong danh sách") {
		t.Errorf("an unknown field: %d", res.StatusCode)
	}
}
