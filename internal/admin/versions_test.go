package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

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
