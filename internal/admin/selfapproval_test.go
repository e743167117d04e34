package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestSelfApprovalIsExplainedAndConfirmed: an approver's own article
// waiting for approval explains, where «Đăng ngay» would be, why it is
// not there and who can change that; once the site allows self-approval,
// publishing it asks for the confirmation, and the audit log and the
// revision mark it.
func TestSelfApprovalIsExplainedAndConfirmed(t *testing.T) {
	f := newNewsFixture(t)
	own := f.article(f.approver, content.StatusApproval, "Bài của trưởng ban")
	c := f.signedIn(&f.approver)
	page := c.get(articleURL(own.ID))
	if page.status != 200 || strings.Contains(page.body, `formaction="`+articleURL(own.ID)+`/dang"`) {
		t.Fatalf("own article, self-approval off: %d, publish button shown", page.status)
	}
	for _, want := range []string{"Vì sao không có «Đăng ngay»?", "Không thể tự duyệt bài của mình", "Quản Trị Trang",
		"Cho phép người duyệt tự duyệt bài của chính mình"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the explanation lacks %q", want)
		}
	}
	if res := c.post(articleURL(own.ID)+"/dang", url.Values{"version": {version(own)}}); res.status != http.StatusForbidden {
		t.Errorf("publishing one's own article, self-approval off: %d", res.status)
	}

	f.setPolicy(f.siteA.ID, user.Policy{AllowSelfApproval: true})
	page = c.get(articleURL(own.ID))
	if !strings.Contains(page.body, `name="self_confirm"`) || !strings.Contains(page.body, `formaction="`+articleURL(own.ID)+`/dang"`) {
		t.Fatalf("own article, self-approval on: no confirmation checkbox or no publish button")
	}
	// Without the box ticked: the form again, with the message; nothing published.
	res := c.post(articleURL(own.ID)+"/dang", url.Values{"version": {version(f.find(own.ID))}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vui lòng xác nhận bạn tự duyệt") {
		t.Fatalf("unconfirmed self-approval: %d %s", res.status, excerpt(res.body))
	}
	if got := f.find(own.ID); got.Status != content.StatusApproval {
		t.Fatalf("unconfirmed self-approval published it: %s", got.Status)
	}
	res = c.post(articleURL(own.ID)+"/dang", url.Values{"version": {version(f.find(own.ID))}, "self_confirm": {"1"}})
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location(), "?xong=tu-duyet") {
		t.Fatalf("confirmed self-approval: %d %s", res.status, res.location())
	}
	if got := f.find(own.ID); got.Status != content.StatusPublished {
		t.Fatalf("confirmed self-approval left it %s", got.Status)
	}
	es := f.auditEntries()
	if last := es[len(es)-1]; last.Action != "article.publish_own" {
		t.Errorf("last audit entry %q, want article.publish_own", last.Action)
	}
	log := f.signedIn(&f.admin).get(pathAuditLog)
	if !strings.Contains(log.body, "Tự duyệt và đăng bài của mình") {
		t.Errorf("the audit log does not name the self-approval")
	}
	revs := c.get(articleURL(own.ID) + "/phien-ban")
	if !strings.Contains(revs.body, newsroom.SelfApprovalNote) {
		t.Errorf("the revisions do not mark the self-approval")
	}
	// Another's article needs no confirmation.
	other := f.article(f.reporter, content.StatusApproval, "Bài của phóng viên")
	if page := c.get(articleURL(other.ID)); strings.Contains(page.body, `name="self_confirm"`) {
		t.Errorf("the confirmation is asked for another's article")
	}
}

// TestQuickFixInTwoClicks: «Sửa nhanh» on a published article opens the
// form, «Lưu sửa nhanh» with a reason replaces the public text; a form
// without a reason comes back with what was typed.
func TestQuickFixInTwoClicks(t *testing.T) {
	f := newNewsFixture(t)
	a := f.article(f.reporter, content.StatusPublished, "Thu ngân sách đạt 120 tỷ đồng")
	c := f.signedIn(&f.approver)
	page := c.get(articleURL(a.ID))
	fix := articleURL(a.ID) + "/sua-nhanh"
	if !strings.Contains(page.body, `href="`+fix+`"`) || !strings.Contains(page.body, "Sửa nhanh") {
		t.Fatalf("no «Sửa nhanh» on a published article")
	}
	if res := f.signedIn(&f.editor).get(fix); res.status != http.StatusForbidden {
		t.Errorf("an editor opens the quick fix: %d", res.status)
	}
	form := c.get(fix)
	if form.status != 200 || !strings.Contains(form.body, "Lưu sửa nhanh") {
		t.Fatalf("quick fix form: %d", form.status)
	}
	v := url.Values{"version": {version(a)}, "title": {"Thu ngân sách đạt 210 tỷ đồng"}, "summary": {a.Summary}, "body": {a.Body}, "author": {a.Author}, "unit": {a.Unit}}
	res := c.post(fix, v)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vui lòng ghi lý do sửa") || !strings.Contains(res.body, "210 tỷ") {
		t.Fatalf("without a reason: %d %s", res.status, excerpt(res.body))
	}
	v.Set("reason", "Sửa số liệu theo báo cáo")
	res = c.post(fix, v)
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location(), "?xong=sua-nhanh") {
		t.Fatalf("quick fix: %d %s %s", res.status, res.location(), excerpt(res.body))
	}
	got := f.find(a.ID)
	if got.Title != "Thu ngân sách đạt 210 tỷ đồng" || got.Status != content.StatusPublished || got.CorrectedAt.IsZero() {
		t.Fatalf("after the quick fix %+v", got)
	}
	// The same form again is stale: the text changed since it was read.
	if res := c.post(fix, v); res.status != http.StatusConflict {
		t.Errorf("a stale quick fix: %d", res.status)
	}
	revs := testenv.Must(f.news.Revisions(context.Background(), f.actor(f.approver), f.siteA.ID, a.ID)).Get(t)
	if revs[0].Note != newsroom.QuickFixNote+"Sửa số liệu theo báo cáo" {
		t.Errorf("quick fix revision note %q", revs[0].Note)
	}
}

// TestEditorTextsFollowTheState: a withdrawn article says so, never
// "Bài đã đăng"; its reason and its notice are shown apart.
func TestEditorTextsFollowTheState(t *testing.T) {
	f := newNewsFixture(t)
	a := f.article(f.reporter, content.StatusPublished, "Bài sẽ gỡ")
	c := f.signedIn(&f.approver)
	res := c.post(articleURL(a.ID)+"/go-bo", url.Values{"version": {version(a)}, "withdraw_reason": {"Sai số liệu, chờ báo cáo"}, "withdraw_notice": {"Bài đang được cập nhật."}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", res.status, excerpt(res.body))
	}
	got := f.find(a.ID)
	if got.WithdrawnReason != "Sai số liệu, chờ báo cáo" || got.WithdrawnNotice != "Bài đang được cập nhật." {
		t.Fatalf("withdrawn reason %q notice %q", got.WithdrawnReason, got.WithdrawnNotice)
	}
	page := c.get(articleURL(a.ID))
	if strings.Contains(page.body, "Bài đã đăng") || strings.Contains(page.body, "Bài đang đăng") || !strings.Contains(page.body, "Bài đã gỡ bỏ") {
		t.Errorf("a withdrawn article's editor says it is published")
	}
	for _, want := range []string{"Lý do gỡ bỏ (lưu hồ sơ)", "Sai số liệu, chờ báo cáo", "Thông báo cho bạn đọc", "Bài đang được cập nhật."} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the withdrawn article's editor lacks %q", want)
		}
	}
}
