package newsroom_test

import (
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// published runs an article through the whole workflow to the public.
func (f *fixture) published(t *testing.T, title string) content.Article {
	t.Helper()
	a := testenv.Must(f.nr.Create(ctx, f.reporter, f.site.ID, f.draft(title))).Get(t)
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	return testenv.Must(f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)).Get(t)
}

// TestQuickFix: an approver corrects a figure of a published article in
// place; the public text changes at once, a revision of stage published
// keeps the reason, the audit log records it, CorrectedAt is set; and the
// refusals leave everything as it was.
func TestQuickFix(t *testing.T) { onEachStore(t, testQuickFix) }

func testQuickFix(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := f.published(t, "Thu ngân sách đạt 120 tỷ đồng")
	if !a.CorrectedAt.IsZero() {
		t.Fatalf("a fresh article is corrected at %v", a.CorrectedAt)
	}
	d := newsroom.Draft{Title: "Thu ngân sách đạt 210 tỷ đồng", Summary: a.Summary, Body: a.Body, Author: a.Author, Unit: a.Unit}

	// Refused: a reporter or an editor; no reason; an unchanged text; a stale form.
	_, err := f.nr.QuickFix(ctx, f.editor, f.site.ID, a.ID, d, "Sửa số liệu", 0)
	wantCode(t, err, apperr.Forbidden, "an editor's quick fix")
	_, err = f.nr.QuickFix(ctx, f.approver, f.site.ID, a.ID, d, "  ", 0)
	wantCode(t, err, apperr.Invalid, "a quick fix without a reason")
	_, err = f.nr.QuickFix(ctx, f.approver, f.site.ID, a.ID, newsroom.Draft{Title: a.Title, Summary: a.Summary, Body: a.Body, Author: a.Author, Unit: a.Unit}, "Sửa", 0)
	wantCode(t, err, apperr.Invalid, "a quick fix that changes nothing")
	_, err = f.nr.QuickFix(ctx, f.approver, f.site.ID, a.ID, d, "Sửa số liệu", a.Version-1)
	wantCode(t, err, apperr.Conflict, "a quick fix over a stale form")
	if got := testenv.Must(f.public(t, a.Slug)).Get(t); got.Title != a.Title {
		t.Fatalf("a refused quick fix changed the title to %q", got.Title)
	}

	f.now = f.now.Add(2 * time.Hour)
	fixed := testenv.Must(f.nr.QuickFix(ctx, f.approver, f.site.ID, a.ID, d, "Sửa số liệu thu ngân sách", a.Version)).Get(t)
	if fixed.Slug != a.Slug || !fixed.PublishedAt.Equal(a.PublishedAt) || !fixed.CorrectedAt.Equal(f.now) {
		t.Fatalf("after the quick fix %+v", fixed)
	}
	live := testenv.Must(f.public(t, a.Slug)).Get(t)
	if live.Title != d.Title || !live.CorrectedAt.Equal(f.now) || live.PendingRevisionID != 0 {
		t.Fatalf("public after the quick fix: %q corrected %v pending %d", live.Title, live.CorrectedAt, live.PendingRevisionID)
	}
	revs := testenv.Must(f.nr.Revisions(ctx, f.approver, f.site.ID, a.ID)).Get(t)
	if revs[0].Stage != content.StatusPublished || revs[0].Note != newsroom.QuickFixNote+"Sửa số liệu thu ngân sách" || revs[0].Draft.Title != d.Title {
		t.Errorf("quick fix revision %+v", revs[0])
	}
	if revs[1].Draft.Title != a.Title {
		t.Errorf("the revision before keeps %q", revs[1].Draft.Title)
	}
	entries := testenv.Must(f.db.AuditEntries(ctx, 0, 100)).Get(t)
	last := entries[len(entries)-1]
	if last.Action != "article.quick_fix" || last.Detail["reason"] != "Sửa số liệu thu ngân sách" || last.Detail["fields"] != "tiêu đề" {
		t.Errorf("quick fix audit %+v", last)
	}

	// Not over a pending edit, not on a withdrawn article.
	testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, f.draft("Bản sửa chờ duyệt"), "")).Get(t)
	d.Title = "Thu ngân sách đạt 211 tỷ đồng"
	_, err = f.nr.QuickFix(ctx, f.approver, f.site.ID, a.ID, d, "Sửa số liệu", 0)
	wantCode(t, err, apperr.Conflict, "a quick fix over a pending edit")
	b := f.published(t, "Bài sẽ gỡ")
	testenv.Must(f.nr.Withdraw(ctx, f.approver, f.site.ID, b.ID, "Sai", "")).Get(t)
	_, err = f.nr.QuickFix(ctx, f.approver, f.site.ID, b.ID, d, "Sửa", 0)
	wantCode(t, err, apperr.Conflict, "a quick fix of a withdrawn article")
}

// TestApprovedEditSetsCorrectedAt: approving an edit of a published
// article is a correction too.
func TestApprovedEditSetsCorrectedAt(t *testing.T) { onEachStore(t, testApprovedEditSetsCorrectedAt) }

func testApprovedEditSetsCorrectedAt(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := f.published(t, "Tiêu đề gốc")
	testenv.Must(f.nr.Save(ctx, f.reporter, f.site.ID, a.ID, f.draft("Tiêu đề đính chính"), "")).Get(t)
	testenv.Must(f.nr.Submit(ctx, f.reporter, f.site.ID, a.ID)).Get(t)
	testenv.Must(f.nr.PassToApproval(ctx, f.editor, f.site.ID, a.ID)).Get(t)
	f.now = f.now.Add(time.Hour)
	a = testenv.Must(f.nr.Publish(ctx, f.approver, f.site.ID, a.ID)).Get(t)
	if live := testenv.Must(f.public(t, a.Slug)).Get(t); !live.CorrectedAt.Equal(f.now) || live.Title != "Tiêu đề đính chính" {
		t.Errorf("after the approved edit: %q corrected at %v, want %v", live.Title, live.CorrectedAt, f.now)
	}
}

// TestWithdrawalNoticeIsNotTheReason: the public 410 tells readers the
// notice; the reason stays on the article for the editors and in the
// audit log.
func TestWithdrawalNoticeIsNotTheReason(t *testing.T) {
	onEachStore(t, testWithdrawalNoticeIsNotTheReason)
}

func testWithdrawalNoticeIsNotTheReason(t *testing.T, open opener) {
	f := setup(t, open, user.Policy{})
	a := f.published(t, "Bài có số liệu sai")
	w := newsroom.Withdrawal{Reason: "Phòng Tài chính báo số liệu sai, chờ số liệu chính thức", Notice: "Bài đang được cập nhật số liệu."}
	a = testenv.Must(f.nr.WithdrawWith(ctx, f.approver, f.site.ID, a.ID, w)).Get(t)
	stored := testenv.Must(f.db.FindArticleByID(ctx, f.site.ID, a.ID)).Get(t)
	if stored.WithdrawnReason != w.Reason || stored.WithdrawnNotice != w.Notice {
		t.Fatalf("stored reason %q notice %q", stored.WithdrawnReason, stored.WithdrawnNotice)
	}
	_, err := f.public(t, a.Slug)
	msg := apperr.MessageOf(err)
	if !apperr.Is(err, apperr.Gone) || !strings.Contains(msg, w.Notice) || strings.Contains(msg, "Phòng Tài chính") {
		t.Errorf("public answer %v: %q", err, msg)
	}
	entries := testenv.Must(f.db.AuditEntries(ctx, 0, 100)).Get(t)
	if last := entries[len(entries)-1]; last.Action != "article.withdraw" || last.Detail["reason"] != w.Reason || last.Detail["notice"] != w.Notice {
		t.Errorf("withdraw audit %+v", last)
	}
	// Without a notice the page says only that it was withdrawn.
	b := f.published(t, "Bài gỡ không thông báo")
	testenv.Must(f.nr.WithdrawWith(ctx, f.approver, f.site.ID, b.ID, newsroom.Withdrawal{Reason: "Lý do nội bộ"})).Get(t)
	if _, err := f.public(t, b.Slug); apperr.MessageOf(err) != "Bài viết này đã được gỡ bỏ." {
		t.Errorf("withdrawn without a notice: %q", apperr.MessageOf(err))
	}
	_, err = f.nr.WithdrawWith(ctx, f.approver, f.site.ID, f.published(t, "Bài ba").ID, newsroom.Withdrawal{Reason: "x", Notice: strings.Repeat("a", 1001)})
	wantCode(t, err, apperr.Invalid, "a notice too long")
}
