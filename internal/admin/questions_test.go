package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/contactform"
	"trangtin/internal/question"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
	"trangtin/internal/workday"
)

// questionTemplateSamples are view models of the Hỏi đáp and consultation
// pages for TestEveryTemplateRenders.
func questionTemplateSamples(l Layout) map[string]any {
	at := when(time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC))
	form := Form{Order: []string{"reason", "unit", "answer", "answered_by", "title", "file", "report"},
		Errors: map[string]string{"reason": "x", "unit": "y", "answer": "z", "title": "t", "file": "f", "report": "r"}, Alert: "Có lỗi"}
	q := question.Question{ID: 4, Subject: "Cấp sổ đỏ", Body: "Hỏi", Field: question.Fields[0], Name: "Nguyễn Văn An", Phone: "0912345678",
		Email: "an@example.vn", Address: "Thôn Đông", Status: question.StatusAccepted, Unit: "Phòng TN&MT", Answer: "Đáp"}
	return map[string]any{
		"contact": ContactPage{Layout: l, Total: 21, PageNo: 2, PrevURL: "/quan-tri/lien-he", NextURL: "/quan-tri/lien-he?trang=3",
			Rows: []ContactRow{{Message: contactform.Message{ID: 1, Name: "An", Phone: "0912345678", Email: "an@example.vn", Subject: "S", Body: "B"}, At: at}}},
		"questions": QuestionsPage{Layout: l, Filters: []Option{{Value: "", Label: "Cần xử lý", Selected: true}}, Total: 1, Overdue: 1, PageNo: 2,
			PrevURL: "/quan-tri/hoi-dap", NextURL: "/quan-tri/hoi-dap?trang=3",
			Rows: []QuestionRow{{ID: 4, URL: "/quan-tri/hoi-dap/4", Subject: "S", Field: "F", Status: question.StatusNew, Unit: "U", Received: at, Due: at, Overdue: true}}},
		"question": QuestionPage{Layout: l, Form: form, Q: q, Received: at, Due: at, Answered: at, Published: at, Overdue: true, ShowPersonal: true,
			PublicName: "N.V.A.", Reason: "R", CanModerate: true, CanPublish: true, Notice: "n", Unit: "U", Answer: "A", AnsweredBy: "B", Subject: "S", Body: "B", Leaks: true, Suspect: true,
			Reasons: []Option{{Value: "spam", Label: "Thư rác"}}},
		"consultations": ConsultationsPage{Layout: l, Rows: []ConsultationRow{{ID: 1, URL: "/quan-tri/gop-y-du-thao/1", Title: "D", Status: consultation.StatusPublished,
			Phase: "Đang lấy ý kiến", Opens: at, Closes: at, Pending: 2, Approved: 1}}},
		"consultation": ConsultationPage{Layout: l, Form: form, ID: 1, Action: "/quan-tri/gop-y-du-thao/1", Values: ConsultationForm{Title: "D", Opens: "2026-12-01"},
			Status: consultation.StatusPublished, Phase: "Đang lấy ý kiến", PublicURL: "/gop-y-du-thao/1",
			Files:   []ConsultationFile{{ID: 9, Name: "a.pdf", URL: "/quan-tri/tep/0123456789abcdef0123456789abcdef"}},
			Pending: []ConsultationComment{{ID: 5, Name: "A", Contact: "a@b.vn", Body: "B", Status: consultation.CommentPending, At: at}},
			Decided: []ConsultationComment{{ID: 6, Name: "C", Body: "D", Status: consultation.CommentApproved, At: at}},
			Report:  "R", ReportShown: true, CanPublish: true, Notice: "n"},
	}
}

func withCitizen(f *fixture) {
	f.srv.questions = question.NewService(f.db, workday.Vietnam(), nil)
	f.srv.consultations = consultation.NewService(f.db, nil)
	f.h = http.NewCrossOriginProtection().Handler(f.srv.Handler())
}

// TestQuestionPersonalDataNeedsPermission: the moderation page of a user
// without ActionPersonalDataView carries neither the phone, the email,
// the address nor the full name; roles without ActionQuestionModerate get
// 403.
func TestQuestionPersonalDataNeedsPermission(t *testing.T) {
	f := newFixture(t)
	withCitizen(f)
	ctx := context.Background()
	in := question.Input{Name: "Lê Thị Bích Mai", Phone: "0987 654 321", Email: "mai.rieng@example.vn", Address: "Số 12 ngõ 34",
		Subject: "Hồ sơ cấp sổ đỏ", Body: "Xin hỏi hồ sơ cấp giấy chứng nhận lần đầu gồm những gì?", Field: question.Fields[0]}
	q, _, err := f.srv.questions.Submit(ctx, f.siteA.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	f.addUser("bientap@a.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	f.addUser("quantri@a.vn", "Quản Trị", user.RoleSiteAdmin, f.siteA.ID)
	f.addUser("pv@a.vn", "Phóng Viên", user.RoleReporter, f.siteA.ID)
	detail := pathQuestions + "/" + strconv.FormatInt(q.ID, 10)

	ed := f.client("a.test")
	ed.mustLogin("bientap@a.vn", pathHome)
	if res := ed.get(detail); res.status != 200 || !strings.Contains(res.body, "0987 654 321") || !strings.Contains(res.body, "mai.rieng@example.vn") {
		t.Fatalf("editor with the right: %d, personal data missing", res.status)
	}
	f.srv.personalData = func(*account) bool { return false }
	for _, path := range []string{pathQuestions, detail} {
		res := ed.get(path)
		if res.status != 200 {
			t.Fatalf("%s: %d", path, res.status)
		}
		for _, s := range []string{in.Phone, "0987654321", in.Email, in.Address, in.Name} {
			if strings.Contains(res.body, s) {
				t.Errorf("%s without ActionPersonalDataView contains %q", path, s)
			}
		}
	}
	if res := ed.get(detail); !strings.Contains(res.body, "L.T.B.M.") || !strings.Contains(res.body, "được ẩn") {
		t.Errorf("masked page does not say so")
	}
	for _, who := range []string{"quantri@a.vn", "pv@a.vn"} {
		c := f.client("a.test")
		c.mustLogin(who, pathHome)
		if res := c.get(detail); res.status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", who, res.status)
		}
		if res := c.post(detail+"/accept", nil); res.status != http.StatusForbidden {
			t.Errorf("%s accepts: %d, want 403", who, res.status)
		}
	}
	// Another site's question is not found.
	other, _, err := f.srv.questions.Submit(ctx, f.siteB.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if res := ed.get(pathQuestions + "/" + strconv.FormatInt(other.ID, 10)); res.status != http.StatusNotFound {
		t.Errorf("question of another site: %d", res.status)
	}
	// A bad action re-shows the page with the message and what was typed.
	if res := ed.postFrom(detail, detail+"/accept", nil); res.status != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.status)
	}
	res := ed.postFrom(detail, detail+"/assign", url.Values{"unit": {strings.Repeat("Phòng ", 50)}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vui lòng nhập tên đơn vị") || !strings.Contains(res.body, "Phòng Phòng") {
		t.Errorf("assign with a too long unit: %d", res.status)
	}
}

// TestConsultationAdmin: create with bad dates (form re-shown), create,
// publish only with approver rights, moderate a comment, publish the
// summary; everything audited.
func TestConsultationAdmin(t *testing.T) {
	f := newFixture(t)
	withCitizen(f)
	f.addUser("bientap@a.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	f.addUser("duyet@a.vn", "Duyệt", user.RoleApprover, f.siteA.ID)
	ed := f.client("a.test")
	ed.mustLogin("bientap@a.vn", pathHome)
	form := url.Values{"title": {"Dự thảo Quy chế"}, "summary": {"Tóm tắt"}, "agency": {"Văn phòng"}, "opens": {"2026-12-10"}, "closes": {"2026-12-01"}}
	res := ed.post(pathConsultations+"/moi", form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Ngày kết thúc phải sau ngày bắt đầu") || !strings.Contains(res.body, `value="Dự thảo Quy chế"`) {
		t.Fatalf("bad dates: %d", res.status)
	}
	form.Set("opens", "2020-01-01")
	form.Set("closes", "2099-12-31")
	res = ed.post(pathConsultations+"/moi", form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.status, res.body)
	}
	page := strings.SplitN(res.location(), "?", 2)[0]
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(page, pathConsultations+"/"), 10, 64)).Get(t)
	if res := ed.post(page+"/trang-thai", url.Values{"status": {"published"}}); res.status != http.StatusForbidden {
		t.Errorf("editor publishes: %d, want 403", res.status)
	}
	ap := f.client("a.test")
	ap.mustLogin("duyet@a.vn", pathHome)
	if res := ap.postFrom(page, page+"/trang-thai", url.Values{"status": {"published"}}); res.status != http.StatusSeeOther {
		t.Fatalf("approver publishes: %d", res.status)
	}
	cm, err := f.srv.consultations.SubmitComment(context.Background(), f.siteA.ID, id,
		consultation.CommentInput{Name: "Trần Bình", Email: "binh@example.vn", Body: "Đề nghị bổ sung thời hạn cập nhật."})
	if err != nil {
		t.Fatal(err)
	}
	if res := ed.get(page); res.status != 200 || !strings.Contains(res.body, "Đề nghị bổ sung") || !strings.Contains(res.body, "Ý kiến chờ duyệt (1)") {
		t.Fatalf("comment not listed: %d", res.status)
	}
	if res := ed.post(page+"/y-kien/"+strconv.FormatInt(cm.ID, 10), url.Values{"status": {"approved"}, "phien-ban": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.status)
	}
	if res := ed.postFrom(page, page+"/tong-hop", url.Values{"publish": {"1"}}); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "trước khi công khai") {
		t.Errorf("empty report published: %d", res.status)
	}
	if res := ed.postFrom(page, page+"/tong-hop", url.Values{"report": {"Tiếp thu 1 ý kiến."}, "publish": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("report: %d", res.status)
	}
	var got []string
	for _, e := range f.auditEntries() {
		if strings.HasPrefix(e.Action, "consultation.") {
			got = append(got, e.Action)
		}
	}
	if want := "consultation.create consultation.publish consultation.comment.approved consultation.report"; strings.Join(got, " ") != want {
		t.Errorf("audit %q, want %q", strings.Join(got, " "), want)
	}
}

// TestQuestionQueueFlagsOverdue: an open question past its 15 working days
// is flagged in the queue; an answered one is not.
func TestQuestionQueueFlagsOverdue(t *testing.T) {
	f := newFixture(t)
	withCitizen(f)
	ctx := context.Background()
	old := question.NewService(f.db, workday.Vietnam(), func() time.Time { return time.Now().AddDate(0, -2, 0) })
	in := question.Input{Name: "A", Email: "a@example.vn", Subject: "Câu hỏi cũ quá hạn", Body: "Nội dung câu hỏi đủ dài để hợp lệ.", Field: question.Fields[0]}
	if _, _, err := old.Submit(ctx, f.siteA.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Subject = "Câu hỏi mới trong hạn"
	if _, _, err := f.srv.questions.Submit(ctx, f.siteA.ID, in); err != nil {
		t.Fatal(err)
	}
	f.addUser("bientap@a.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	c := f.client("a.test")
	c.mustLogin("bientap@a.vn", pathHome)
	res := c.get(pathQuestions)
	if res.status != 200 || !strings.Contains(res.body, "1 câu hỏi quá hạn trả lời") {
		t.Fatalf("queue: %d, overdue count missing", res.status)
	}
	oldAt, newAt := strings.Index(res.body, "Câu hỏi cũ quá hạn"), strings.Index(res.body, "Câu hỏi mới trong hạn")
	if oldAt < 0 || newAt < 0 || oldAt > newAt || strings.Count(res.body, "badge-flagged") != 1 {
		t.Errorf("the overdue question is not first and alone flagged")
	}
	if res := c.get(pathQuestions + "?trang-thai=khong-co"); res.status != http.StatusBadRequest {
		t.Errorf("bad filter: %d", res.status)
	}
}

// TestConsultationAttachment: a file uploaded on the draft's page is
// attached, listed, and can be taken off; an upload without a file or of
// a forbidden type re-shows the page with the message.
func TestConsultationAttachment(t *testing.T) {
	mf := newMediaFixture(t)
	f := mf.fixture
	withCitizen(f)
	f.addUser("bientap@a.vn", "Biên Tập", user.RoleEditor, f.siteA.ID)
	ed := f.client("a.test")
	ed.mustLogin("bientap@a.vn", pathHome)
	res := ed.post(pathConsultations+"/moi", url.Values{"title": {"Dự thảo"}, "summary": {"Tóm tắt"}, "opens": {"2026-12-01"}, "closes": {"2026-12-31"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.status)
	}
	page := strings.SplitN(res.location(), "?", 2)[0]
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	// The upload form carries the draft's edit version, as its other forms.
	at := func() url.Values { return url.Values{"phien-ban": {hiddenValue(t, ed.get(page).body, "phien-ban")}} }
	if res := ed.upload(page+"/tep", "du-thao-quy-che.pdf", pdf, at()); res.status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	res = ed.get(page)
	if !strings.Contains(res.body, "du-thao-quy-che.pdf") {
		t.Fatalf("attachment not listed")
	}
	if res := ed.upload(page+"/tep", "", nil, at()); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vui lòng chọn tệp dự thảo") {
		t.Errorf("upload without a file: %d", res.status)
	}
	if res := ed.upload(page+"/tep", "virus.exe", []byte("MZ\x90\x00"), at()); res.status != http.StatusUnprocessableEntity {
		t.Errorf("upload of an .exe: %d", res.status)
	}
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(page, pathConsultations+"/"), 10, 64)).Get(t)
	c, err := f.db.FindConsultationByID(context.Background(), f.siteA.ID, id)
	if err != nil || len(c.Files) != 1 {
		t.Fatalf("files %v %v", c.Files, err)
	}
	if res := ed.postFrom(page, page+"/tep/"+strconv.FormatInt(c.Files[0], 10)+"/go", nil); res.status != http.StatusSeeOther {
		t.Fatalf("detach: %d", res.status)
	}
	if res := ed.get(page); strings.Contains(res.body, "du-thao-quy-che.pdf") {
		t.Errorf("detached file still listed")
	}
}

// TestQuestionEditRemovesContact: the page warns when the text to publish
// holds the sender's phone, publishing is refused until it is edited out.
func TestQuestionEditRemovesContact(t *testing.T) {
	f := newFixture(t)
	withCitizen(f)
	in := question.Input{Name: "An", Phone: "0912 345 678", Subject: "Hỏi về đất", Field: question.Fields[0],
		Body: "Xin hỏi thủ tục, nếu cần xin gọi tôi số 0912345678."}
	q, _, err := f.srv.questions.Submit(context.Background(), f.siteA.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	f.addUser("duyet@a.vn", "Duyệt", user.RoleApprover, f.siteA.ID)
	c := f.client("a.test")
	c.mustLogin("duyet@a.vn", pathHome)
	page := pathQuestions + "/" + strconv.FormatInt(q.ID, 10)
	// In order: a map's would answer before accepting half the time.
	for _, step := range []struct {
		action string
		form   url.Values
	}{{"accept", nil}, {"answer", url.Values{"answer": {"Trả lời."}}}} {
		if res := c.postFrom(page, page+"/"+step.action, step.form); res.status != http.StatusSeeOther {
			t.Fatalf("%s: %d", step.action, res.status)
		}
	}
	if res := c.get(page); !strings.Contains(res.body, "hãy sửa trước khi công khai") {
		t.Errorf("no warning on the page")
	}
	if res := c.postFrom(page, page+"/publish", nil); res.status != http.StatusConflict || !strings.Contains(res.body, "hãy sửa trước khi công khai") {
		t.Fatalf("publish with the phone in the text: %d", res.status)
	}
	res := c.postFrom(page, page+"/edit", url.Values{"subject": {""}, "body": {"Nội dung sửa"}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, ">Nội dung sửa</textarea>") {
		t.Errorf("bad edit: %d, or typed text lost", res.status)
	}
	if res := c.postFrom(page, page+"/edit", url.Values{"subject": {"Hỏi về đất"}, "body": {"Xin hỏi thủ tục cấp giấy chứng nhận."}}); res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.status)
	}
	if res := c.postFrom(page, page+"/publish", nil); res.status != http.StatusSeeOther {
		t.Fatalf("publish after the edit: %d", res.status)
	}
}
