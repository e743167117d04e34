package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/question"
	"trangtin/internal/report"
	"trangtin/internal/user"
	"trangtin/internal/workday"
)

// unitTemplateSamples are the view models of the units and report pages
// for TestEveryTemplateRenders.
func unitTemplateSamples(l Layout) map[string]any {
	at := time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)
	form := Form{Order: []string{"name", "thang"}, Errors: map[string]string{"name": "x", "thang": "y"}, Alert: "Có lỗi"}
	return map[string]any{
		"units": UnitsPage{Layout: l, Form: form, Name: "Phòng", Notice: "Đã thêm", Password: "abc", NewEmail: "a@example.vn",
			Units: []UnitRow{{Unit: question.Unit{ID: 1, Name: "Phòng Tư pháp", CreatedAt: at, Version: 2}, Members: []UnitMember{{ID: 3, Name: "An", Email: "an@example.vn"}}, Error: "Lỗi", Email: "x", MName: "y", Rename: "z"},
				{Unit: question.Unit{ID: 2, Name: "Cũ", Archived: true}}}},
		"report": ReportPage{Layout: l, Form: form, Month: "2026-11", Label: "tháng 11/2026", CSVURL: "/quan-tri/bao-cao.csv?thang=2026-11", PrevURL: "/quan-tri/bao-cao?thang=2026-10",
			Months: []Option{{Value: "2026-11", Label: "Tháng 11/2026", Selected: true}},
			Report: report.Report{Categories: []report.Articles{{Name: "Tin", Published: 2, Views: 17}}, Authors: []report.Articles{{Name: "", Published: 1}},
				Questions: []report.Questions{{Unit: "", Received: 1, Answered: 1, OnTime: 1}}, Published: 2, Views: 17, Total: report.Questions{Received: 1, Answered: 1, OnTime: 1}}},
	}
}

// TestQuestionRoutedToUnit: the site administrator makes a unit and adds
// an account without any role on the site; the editor assigns a question
// to it; the member sees that question (and not another), drafts and
// sends the answer, cannot publish; the editor returns it once, the
// member sends it again, the approver publishes; the sender's mail with
// the links is in the outbox.
func TestQuestionRoutedToUnit(t *testing.T) {
	nf := newNewsFixture(t)
	f := nf.fixture
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: nf.content, Newsroom: nf.news,
		Questions: question.NewService(f.db, workday.Vietnam(), nil), Report: f.db})
	if err != nil {
		t.Fatal(err)
	}
	srv.questions.SetMail(true)
	f.srv, f.h = srv, http.NewCrossOriginProtection().Handler(srv.Handler())
	ctx := context.Background()
	in := question.Input{Name: "Lê Văn Nam", Email: "nam@example.vn", Subject: "Trích lục khai sinh",
		Body: "Xin hỏi thủ tục cấp bản sao trích lục khai sinh?", Field: question.Fields[2]}
	q, _, err := srv.questions.Submit(ctx, f.siteA.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	in.Subject = "Câu hỏi khác"
	other, _, err := srv.questions.Submit(ctx, f.siteA.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	f.addUser("quantri@a.vn", "Quản Trị", user.RoleSiteAdmin, f.siteA.ID)
	f.addUser("bientap@a.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	f.addUser("duyet@a.vn", "Duyệt", user.RoleApprover, f.siteA.ID)
	f.addUser("tuphap@a.vn", "Cán bộ Tư pháp", user.RoleReporter, f.siteB.ID) // no role on site A

	adm := f.client("a.test")
	adm.mustLogin("quantri@a.vn", pathHome)
	if res := adm.post(pathUnits, url.Values{"name": {""}}); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vui lòng nhập tên đơn vị") {
		t.Fatalf("a unit without a name: %d", res.status)
	}
	if res := adm.post(pathUnits, url.Values{"name": {"Phòng Tư pháp"}}); res.status != http.StatusSeeOther {
		t.Fatalf("add a unit: %d %s", res.status, res.body)
	}
	units, err := f.db.FindUnits(ctx, f.siteA.ID)
	if err != nil || len(units) != 1 {
		t.Fatalf("units %+v %v", units, err)
	}
	unitPath := pathUnits + "/" + strconv.FormatInt(units[0].ID, 10)
	if res := adm.post(unitPath+"/them-nguoi", url.Values{"email": {"tuphap@a.vn"}}); res.status != http.StatusSeeOther {
		t.Fatalf("add a member: %d %s", res.status, res.body)
	}
	if res := adm.get(pathUnits); !strings.Contains(res.body, "tuphap@a.vn") {
		t.Errorf("the units page does not list the member")
	}

	ed := f.client("a.test")
	ed.mustLogin("bientap@a.vn", pathHome)
	detail := pathQuestions + "/" + strconv.FormatInt(q.ID, 10)
	if res := ed.get(detail); !strings.Contains(res.body, `name="unit_id"`) || !strings.Contains(res.body, "Phòng Tư pháp") {
		t.Fatalf("the question page offers no unit")
	}
	if res := ed.postFrom(detail, detail+"/assign", url.Values{"unit_id": {strconv.FormatInt(units[0].ID, 10)}}); res.status != http.StatusSeeOther {
		t.Fatalf("assign: %d %s", res.status, res.body)
	}

	mem := f.client("a.test")
	mem.mustLogin("tuphap@a.vn", pathHome)
	if res := mem.get(pathInbox); res.status != 200 || !strings.Contains(res.body, "Trích lục khai sinh") || !strings.Contains(res.body, "Câu hỏi đơn vị cần trả lời") {
		t.Fatalf("the member's inbox: %d", res.status)
	}
	if res := mem.get(pathQuestions); res.status != 200 || !strings.Contains(res.body, "Trích lục khai sinh") || strings.Contains(res.body, "Câu hỏi khác") {
		t.Errorf("the member's queue: %d", res.status)
	}
	if res := mem.get(pathQuestions + "/" + strconv.FormatInt(other.ID, 10)); res.status != http.StatusNotFound {
		t.Errorf("another question for the member: %d, want 404", res.status)
	}
	for _, p := range []string{pathArticles, pathUnits, pathReport} {
		if res := mem.get(p); res.status != http.StatusForbidden {
			t.Errorf("%s for the member: %d, want 403", p, res.status)
		}
	}
	res := mem.get(detail)
	if res.status != 200 || !strings.Contains(res.body, "Gửi để biên tập") || strings.Contains(res.body, "nam@example.vn") {
		t.Fatalf("the member's question page: %d", res.status)
	}
	if res := mem.postFrom(detail, detail+"/publish", nil); res.status != http.StatusForbidden {
		t.Errorf("the member publishes: %d", res.status)
	}
	if res := mem.postFrom(detail, detail+"/submit", url.Values{"answer": {"Bản đầu."}}); res.status != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.status, res.body)
	}
	if res := ed.postFrom(detail, detail+"/return", url.Values{"note": {""}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("return without a note: %d", res.status)
	}
	if res := ed.postFrom(detail, detail+"/return", url.Values{"note": {"Ghi rõ lệ phí."}}); res.status != http.StatusSeeOther {
		t.Fatalf("return: %d %s", res.status, res.body)
	}
	if res := mem.get(pathInbox); !strings.Contains(res.body, "Ghi rõ lệ phí.") {
		t.Errorf("the member was not told why it was returned")
	}
	answer := "Anh mang căn cước đến Phòng Tư pháp; lệ phí 8.000 đồng."
	if res := mem.postFrom(detail, detail+"/submit", url.Values{"answer": {answer}}); res.status != http.StatusSeeOther {
		t.Fatalf("submit again: %d %s", res.status, res.body)
	}
	ap := f.client("a.test")
	ap.mustLogin("duyet@a.vn", pathHome)
	if res := ap.get(pathInbox); !strings.Contains(res.body, "Câu trả lời chờ biên tập") || !strings.Contains(res.body, "Trích lục khai sinh") {
		t.Errorf("the board's inbox does not hold the answer to review")
	}
	if res := ap.postFrom(detail, detail+"/publish", nil); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.status, res.body)
	}
	got, err := f.db.FindQuestionByID(ctx, f.siteA.ID, q.ID)
	if err != nil || got.Status != question.StatusPublished || got.Answer != answer || got.AnsweredBy != "Phòng Tư pháp" {
		t.Fatalf("published %+v %v", got, err)
	}
	ps, err := f.db.ClaimMail(ctx, time.Now().Add(time.Hour), time.Minute, 50)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		if p.To == "nam@example.vn" && strings.HasPrefix(p.Subject, "Trả lời câu hỏi HD-") {
			found = strings.Contains(p.Body, answer) && strings.Contains(p.Body, "https://a.test/hoi-dap/"+strconv.FormatInt(q.ID, 10)) &&
				strings.Contains(p.Body, "https://a.test/hoi-dap/tra-cuu")
		}
	}
	if !found {
		t.Errorf("no answer mail with its links in the outbox: %+v", ps)
	}
}

// TestReportPageAndCSV: the monthly report's page and CSV show the store's
// figures of the month (the figures themselves are checked on both stores
// by storetest.RunUnits): UTF-8 with a byte order mark, Vietnamese intact,
// a byline a spreadsheet would run as a formula written as text; a month
// that is not one is a 400 with the message, never a 500.
func TestReportPageAndCSV(t *testing.T) {
	nf := newNewsFixture(t)
	f := nf.fixture
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: nf.content, Newsroom: nf.news,
		Questions: question.NewService(f.db, workday.Vietnam(), nil), Report: f.db})
	if err != nil {
		t.Fatal(err)
	}
	f.srv, f.h = srv, http.NewCrossOriginProtection().Handler(srv.Handler())
	ctx := context.Background()
	at := time.Date(2026, 11, 12, 2, 0, 0, 0, time.UTC)
	for i, author := range []string{"Kim Thoả", "=HYPERLINK(\"http://x\")"} {
		a := content.Article{SiteID: f.siteA.ID, CategoryID: nf.cat.ID, Title: "Bài " + strconv.Itoa(i), Slug: "bai-bao-cao-" + strconv.Itoa(i),
			Body: "<p>x</p>", Author: author, Status: content.StatusPublished, PublishedAt: at}
		if err := f.db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := f.db.AddArticleViews(ctx, "2026-11", map[int64]int64{a.ID: int64(10 * (i + 1))}); err != nil {
			t.Fatal(err)
		}
	}
	q := question.Question{SiteID: f.siteA.ID, CodeHash: question.HashCode(question.NewCode()), Name: "A", Subject: "S", Body: "B", Field: question.Fields[0],
		Status: question.StatusAnswered, Unit: "Phòng Tư pháp", ReceivedAt: at, DueAt: at.Add(72 * time.Hour), AnsweredAt: at.Add(time.Hour), UpdatedAt: at}
	if err := f.db.CreateQuestion(ctx, &q); err != nil {
		t.Fatal(err)
	}
	f.addUser("bientap@a.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	c := f.client("a.test")
	c.mustLogin("bientap@a.vn", pathHome)

	res := c.get(pathReport + "?thang=2026-11")
	if res.status != 200 || !strings.Contains(res.body, "Báo cáo tháng 11/2026") || !strings.Contains(res.body, nf.cat.Name) || !strings.Contains(res.body, "Kim Thoả") {
		t.Fatalf("report page: %d", res.status)
	}
	res = c.get(pathReport + ".csv?thang=2026-11")
	if res.status != 200 || !strings.Contains(res.header.Get("Content-Disposition"), "bao-cao-2026-11.csv") {
		t.Fatalf("CSV: %d %v", res.status, res.header)
	}
	if !strings.HasPrefix(res.body, "\ufeff") {
		t.Error("the CSV has no byte order mark")
	}
	for _, want := range []string{
		nf.cat.Name + ",2,30\r\n", "Tổng cộng,2,30\r\n", "Kim Thoả,1,10\r\n", "\"'=HYPERLINK(\"\"http://x\"\")\",1,20\r\n",
		"Phòng Tư pháp,1,1,1,0\r\n", "Tổng cộng,1,1,1,0\r\n",
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, res.body)
		}
	}
	res = c.get(pathReport + "?thang=2026-13")
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Tháng không hợp lệ") {
		t.Errorf("a bad month: %d", res.status)
	}
	if res := c.get(pathReport + ".csv?thang=x"); res.status != http.StatusBadRequest {
		t.Errorf("a bad month's CSV: %d", res.status)
	}
}
