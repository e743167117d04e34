package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/consultation"
	"trangtin/internal/question"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestQuestionConflictKeepsWhatWasTyped: two moderators on one question.
// A stale one-button action (reject after the other accepted) is refused
// with the message instead of reverting the other's step; a stale edit
// answers 409 with what was typed and the version now stored, so saving
// again overwrites.
func TestQuestionConflictKeepsWhatWasTyped(t *testing.T) {
	f := newFixture(t)
	withCitizen(f)
	ctx := context.Background()
	q, _, err := f.srv.questions.Submit(ctx, f.siteA.ID, question.Input{Name: "Nguyễn Văn An", Phone: "0912 345 678", Subject: "Hỏi về đất", Field: question.Fields[0],
		Body: "Xin hỏi thủ tục cấp giấy chứng nhận lần đầu."})
	if err != nil {
		t.Fatal(err)
	}
	f.addUser("mot@a.vn", "Một", user.RoleEditor, f.siteA.ID)
	f.addUser("hai@a.vn", "Hai", user.RoleEditor, f.siteA.ID)
	a, b := f.client("a.test"), f.client("a.test")
	a.mustLogin("mot@a.vn", pathHome)
	b.mustLogin("hai@a.vn", pathHome)
	page := pathQuestions + "/" + strconv.FormatInt(q.ID, 10)
	if res := b.get(page); !strings.Contains(res.body, `name="phien-ban" value="1"`) {
		t.Fatalf("the question's forms do not carry the version read:\n%s", res.body)
	}
	stored := func() question.Question { return testenv.Must(f.db.FindQuestionByID(ctx, f.siteA.ID, q.ID)).Get(t) }

	if res := a.post(page+"/accept", url.Values{"phien-ban": {"1"}}); res.status != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.status)
	}
	res := b.post(page+"/reject", url.Values{"phien-ban": {"1"}, "reason": {question.ReasonSpam}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, "vừa được người khác xử lý") {
		t.Fatalf("stale reject: %d, want 409 with the message", res.status)
	}
	if got := stored(); got.Status != question.StatusAccepted {
		t.Fatalf("the stale reject reverted the accept: %s", got.Status)
	}

	edit := func(version, body string) url.Values {
		return url.Values{"phien-ban": {version}, "subject": {"Hỏi về đất đai"}, "body": {body}}
	}
	if res := a.post(page+"/edit", edit("2", "Thủ tục cấp giấy chứng nhận (A sửa).")); res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.status)
	}
	res = b.post(page+"/edit", edit("2", "Thủ tục cấp giấy chứng nhận (B sửa)."))
	if res.status != http.StatusConflict {
		t.Fatalf("stale edit: %d, want 409", res.status)
	}
	for _, want := range []string{"vừa được người khác xử lý", ">Thủ tục cấp giấy chứng nhận (B sửa).</textarea>", `name="phien-ban" value="3"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if got := stored(); got.Body != "Thủ tục cấp giấy chứng nhận (A sửa)." {
		t.Fatalf("the stale edit overwrote the first: %q", got.Body)
	}
	if res := b.post(page+"/edit", edit("3", "Thủ tục cấp giấy chứng nhận (B sửa).")); res.status != http.StatusSeeOther {
		t.Fatalf("edit after seeing the conflict: %d", res.status)
	}
	if got := stored(); got.Body != "Thủ tục cấp giấy chứng nhận (B sửa)." || got.Version != 4 {
		t.Errorf("stored %q version %d", got.Body, got.Version)
	}
}

// TestConsultationConflictKeepsWhatWasTyped: two managers on one draft. A
// stale edit answers 409 with what was typed and the version now stored;
// a stale withdrawal (one button) and a stale decision on a comment the
// other already decided are refused with the message instead of
// reverting the other's change.
func TestConsultationConflictKeepsWhatWasTyped(t *testing.T) {
	f := newFixture(t)
	withCitizen(f)
	ctx := context.Background()
	f.addUser("mot@a.vn", "Một", user.RoleApprover, f.siteA.ID)
	f.addUser("hai@a.vn", "Hai", user.RoleApprover, f.siteA.ID)
	a, b := f.client("a.test"), f.client("a.test")
	a.mustLogin("mot@a.vn", pathHome)
	b.mustLogin("hai@a.vn", pathHome)
	draft := func(version, summary string) url.Values {
		return url.Values{"phien-ban": {version}, "title": {"Dự thảo Quy chế"}, "summary": {summary}, "agency": {"Văn phòng"},
			"opens": {"2020-01-01"}, "closes": {"2099-12-31"}}
	}
	res := a.post(pathConsultations+"/moi", draft("", "Tóm tắt"))
	if res.status != http.StatusSeeOther {
		t.Fatalf("create: %d", res.status)
	}
	page := strings.SplitN(res.location(), "?", 2)[0]
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(page, pathConsultations+"/"), 10, 64)).Get(t)
	stored := func() consultation.Consultation {
		return testenv.Must(f.db.FindConsultationByID(ctx, f.siteA.ID, id)).Get(t)
	}
	if res := b.get(page); !strings.Contains(res.body, `name="phien-ban" value="1"`) {
		t.Fatalf("the draft's forms do not carry the version read")
	}
	if res := a.post(page, draft("1", "Tóm tắt (A sửa)")); res.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.status)
	}
	res = b.post(page, draft("1", "Tóm tắt (B sửa)"))
	if res.status != http.StatusConflict {
		t.Fatalf("stale edit: %d, want 409", res.status)
	}
	for _, want := range []string{"vừa được người khác thay đổi", ">Tóm tắt (B sửa)</textarea>", `name="phien-ban" value="2"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if got := stored(); got.Summary != "Tóm tắt (A sửa)" {
		t.Fatalf("the stale edit overwrote the first: %q", got.Summary)
	}
	if res := b.post(page, draft("2", "Tóm tắt (B sửa)")); res.status != http.StatusSeeOther {
		t.Fatalf("edit after seeing the conflict: %d", res.status)
	}
	// A publishes from a page of version 3; B, still on that page,
	// withdraws: refused, the draft stays published.
	if res := a.post(page+"/trang-thai", url.Values{"phien-ban": {"3"}, "status": {"published"}}); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.status)
	}
	if res := b.post(page+"/trang-thai", url.Values{"phien-ban": {"3"}, "status": {"withdrawn"}}); res.status != http.StatusConflict ||
		!strings.Contains(res.body, "vừa được người khác thay đổi") {
		t.Fatalf("stale withdrawal: %d, want 409 with the message", res.status)
	}
	if got := stored(); got.Status != consultation.StatusPublished {
		t.Fatalf("the stale withdrawal reverted the publication: %s", got.Status)
	}
	cm, err := f.srv.consultations.SubmitComment(ctx, f.siteA.ID, id,
		consultation.CommentInput{Name: "Trần Bình", Email: "binh@example.vn", Body: "Đề nghị bổ sung thời hạn cập nhật."})
	if err != nil {
		t.Fatal(err)
	}
	comment := page + "/y-kien/" + strconv.FormatInt(cm.ID, 10)
	if res := a.post(comment, url.Values{"phien-ban": {"1"}, "status": {"approved"}}); res.status != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.status)
	}
	if res := b.post(comment, url.Values{"phien-ban": {"1"}, "status": {"rejected"}}); res.status != http.StatusConflict ||
		!strings.Contains(res.body, "vừa được người khác duyệt hoặc loại") {
		t.Fatalf("stale rejection: %d, want 409 with the message", res.status)
	}
	cms := testenv.Must(f.db.FindComments(ctx, f.siteA.ID, id)).Get(t)
	if len(cms) != 1 || cms[0].Status != consultation.CommentApproved {
		t.Fatalf("the stale rejection reverted the approval: %+v", cms)
	}
}
