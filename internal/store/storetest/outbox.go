package storetest

import (
	"context"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/mail"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// OutboxStore is what the outbox suite needs: the outbox and what fills it.
type OutboxStore interface {
	content.Store
	newsroom.Store
	user.UserStore
	mail.Store
	mail.Prefs
}

// RunOutbox checks the e-mail outbox: a workflow step with Mail queues one
// message per notice in its own transaction (none without Mail, none when
// the step fails); claiming leases messages so a second claim does not get
// them; sent and given-up messages are never claimed again; a failed one
// comes back when its next attempt is due.
func RunOutbox(t *testing.T, open func(t *testing.T) OutboxStore) {
	ctx := context.Background()
	s := open(t)
	site := newSite(t, s, "thu")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	editor := user.User{Email: "bientap@thu.gov.vn", Name: "Trần Thị Thư"}
	must(t, s.CreateUser(ctx, &editor, nil, nil), "CreateUser")
	locked := user.User{Email: "khoa@thu.gov.vn", Name: "Bị Khóa", Disabled: true}
	must(t, s.CreateUser(ctx, &locked, nil, nil), "CreateUser locked")

	art := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Họp báo quý IV", Slug: "hop-bao", Status: content.StatusSubmitted}
	notice := func(uid int64, msg string) []newsroom.Notice {
		return []newsroom.Notice{{SiteID: site.ID, UserID: uid, Message: msg}}
	}
	// Without Mail: a notice but no message.
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &art, Notices: notice(editor.ID, "không gửi thư"), Audit: &audit.Entry{Action: "article.create"}}), "ApplyChange")
	t0 := time.Now().UTC().Truncate(time.Second)
	if got, err := s.ClaimMail(ctx, t0.Add(time.Hour), time.Minute, 10); err != nil || len(got) != 0 {
		t.Fatalf("claim with no mail queued: %+v %v", got, err)
	}
	// A failing step (stale article) queues nothing.
	stale := art
	stale.Version--
	stale.Status = content.StatusApproval
	if err := s.ApplyChange(ctx, &newsroom.Change{Article: &stale, Mail: true, Notices: notice(editor.ID, "không được gửi")}); err == nil {
		t.Fatal("stale step succeeded")
	}
	// With Mail: one message per notice.
	cur, err := s.FindArticleByID(ctx, site.ID, art.ID)
	must(t, err, "FindArticleByID")
	cur.Status = content.StatusApproval
	two := append(notice(editor.ID, "Bài «Họp báo quý IV» chờ duyệt."), notice(locked.ID, "cho người bị khóa")...)
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &cur, Mail: true, Notices: two}), "ApplyChange with mail")
	wantInboxRead(t, s, editor.ID)

	now := time.Now().UTC().Add(time.Second)
	got, err := s.ClaimMail(ctx, now, time.Minute, 10)
	must(t, err, "ClaimMail")
	if len(got) != 2 {
		t.Fatalf("claimed %d messages, want 2: %+v", len(got), got)
	}
	p := got[0]
	if p.To != editor.Email || p.Name != editor.Name || p.Disabled || p.Message != "Bài «Họp báo quý IV» chờ duyệt." || p.Title != "Họp báo quý IV" ||
		p.ArticleID != art.ID || p.SiteID != site.ID || p.SiteName != site.Name || p.Attempts != 0 || p.CreatedAt.IsZero() {
		t.Errorf("first message %+v", p)
	}
	if q := got[1]; q.To != locked.Email || !q.Disabled {
		t.Errorf("second message %+v, want the locked user's", q)
	}
	// Leased: not claimed again before the lease ends.
	if again, err := s.ClaimMail(ctx, now.Add(30*time.Second), time.Minute, 10); err != nil || len(again) != 0 {
		t.Fatalf("claim during the lease: %d %v", len(again), err)
	}
	must(t, s.MarkMailSent(ctx, p.ID, now), "MarkMailSent")
	must(t, s.MarkMailFailed(ctx, got[1].ID, 1, now.Add(2*time.Minute), "421 thử lại sau", false), "MarkMailFailed")
	// The failed one is due again at its next attempt, with its count; the sent one never.
	if early, err := s.ClaimMail(ctx, now.Add(90*time.Second), time.Minute, 10); err != nil || len(early) != 0 {
		t.Fatalf("claim before the retry time: %d %v", len(early), err)
	}
	retry, err := s.ClaimMail(ctx, now.Add(3*time.Minute), time.Minute, 10)
	must(t, err, "ClaimMail retry")
	if len(retry) != 1 || retry[0].ID != got[1].ID || retry[0].Attempts != 1 {
		t.Fatalf("retry %+v, want the failed message with 1 attempt", retry)
	}
	must(t, s.MarkMailFailed(ctx, retry[0].ID, 2, time.Time{}, "bỏ", true), "MarkMailFailed give up")
	if after, err := s.ClaimMail(ctx, now.Add(24*time.Hour), time.Minute, 10); err != nil || len(after) != 0 {
		t.Fatalf("claim after sent and given up: %d %v", len(after), err)
	}
	wantCode(t, s.MarkMailSent(ctx, 999999, now), apperr.NotFound, "MarkMailSent missing")
	// Pruning removes the sent and given-up messages past the date only.
	if n, err := s.PruneMail(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("prune before they were done: %d %v", n, err)
	}
	pending := notice(editor.ID, "còn chờ gửi")
	cur, err = s.FindArticleByID(ctx, site.ID, art.ID)
	must(t, err, "FindArticleByID")
	cur.Status = content.StatusSubmitted
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &cur, Mail: true, Notices: pending}), "ApplyChange pending")
	if n, err := s.PruneMail(ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("prune: %d %v, want the sent and the given-up message", n, err)
	}
	q, err := s.ClaimMail(ctx, now.Add(24*time.Hour), time.Minute, 10)
	if err != nil || len(q) != 1 || q[0].Message != "còn chờ gửi" {
		t.Fatalf("the pending message was pruned: %+v %v", q, err)
	}
	must(t, s.MarkMailSent(ctx, q[0].ID, now), "MarkMailSent pending")

	// A user who turned e-mail off gets notices but no mail.
	if out, err := s.MailOptedOut(ctx, editor.ID); err != nil || out {
		t.Fatalf("opted out by default: %v %v", out, err)
	}
	must(t, s.SetMailOptOut(ctx, editor.ID, true, nil), "SetMailOptOut")
	must(t, s.SetMailOptOut(ctx, editor.ID, true, nil), "SetMailOptOut again")
	if out, err := s.MailOptedOut(ctx, editor.ID); err != nil || !out {
		t.Fatalf("not opted out: %v %v", out, err)
	}
	cur, err = s.FindArticleByID(ctx, site.ID, art.ID)
	must(t, err, "FindArticleByID")
	cur.Status = content.StatusSubmitted
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &cur, Mail: true,
		Notices: append(notice(editor.ID, "không gửi thư cho người đã tắt"), notice(locked.ID, "vẫn xếp hàng")...)}), "ApplyChange opted out")
	later := now.Add(48 * time.Hour)
	if q, err := s.ClaimMail(ctx, later, time.Minute, 10); err != nil || len(q) != 1 || q[0].To != locked.Email {
		t.Fatalf("after opting out: %+v %v, want only the other user's", q, err)
	}
	if in, err := s.FindInbox(ctx, editor.ID, 10); err != nil || len(in) == 0 || in[0].Message != "không gửi thư cho người đã tắt" {
		t.Fatalf("the notice itself is still written: %+v %v", in, err)
	}
	// The inbox of one site: that site's notices, newest first.
	all, err := s.FindInbox(ctx, editor.ID, 10)
	must(t, err, "FindInbox")
	if in, err := s.FindSiteInbox(ctx, editor.ID, site.ID, 10); err != nil || len(in) != len(all) || in[0] != all[0] {
		t.Fatalf("FindSiteInbox: %d %v, want the %d of FindInbox", len(in), err, len(all))
	}
	if in, err := s.FindSiteInbox(ctx, editor.ID, site.ID, 1); err != nil || len(in) != 1 || in[0] != all[0] {
		t.Fatalf("FindSiteInbox limit 1: %+v %v", in, err)
	}
	if in, err := s.FindSiteInbox(ctx, editor.ID, site.ID+1000, 10); err != nil || len(in) != 0 {
		t.Fatalf("FindSiteInbox of another site: %+v %v", in, err)
	}
	must(t, s.SetMailOptOut(ctx, editor.ID, false, nil), "SetMailOptOut off")
	if out, err := s.MailOptedOut(ctx, editor.ID); err != nil || out {
		t.Fatalf("still opted out: %v %v", out, err)
	}
}

// wantInboxRead: the user's newest notice is unread (a zero ReadAt) until
// it is marked read; marking it again keeps the first time.
func wantInboxRead(t *testing.T, s OutboxStore, userID int64) {
	t.Helper()
	ctx := context.Background()
	inbox, err := s.FindInbox(ctx, userID, 10)
	must(t, err, "FindInbox")
	if len(inbox) == 0 || !inbox[0].ReadAt.IsZero() {
		t.Fatalf("inbox %+v, want an unread notice first", inbox)
	}
	first := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	must(t, s.MarkNoticeRead(ctx, userID, inbox[0].ID, first), "MarkNoticeRead")
	must(t, s.MarkNoticeRead(ctx, userID, inbox[0].ID, first.Add(time.Hour)), "MarkNoticeRead again")
	again, err := s.FindInbox(ctx, userID, 10)
	must(t, err, "FindInbox")
	if !again[0].ReadAt.Equal(first) {
		t.Errorf("ReadAt = %v, want the first read %v", again[0].ReadAt, first)
	}
}

// OutboxLetterStore is the outbox with letters.
type OutboxLetterStore interface {
	OutboxStore
	mail.Queue
}

// RunLetters checks QueueLetter: the letter is a notice about no article
// in the recipient's inbox and a message due at once carrying its own
// text, queued even for a user who turned the notices' e-mail off.
func RunLetters(t *testing.T, open func(t *testing.T) OutboxLetterStore) {
	ctx := context.Background()
	s := open(t)
	site := newSite(t, s, "thu-moi")
	u := user.User{Email: "quantri@thu-moi.gov.vn", Name: "Quản trị Thư Mới"}
	must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser")
	must(t, s.SetMailOptOut(ctx, u.ID, true, nil), "SetMailOptOut")
	l := mail.Letter{SiteID: site.ID, UserID: u.ID, Message: "Tài khoản quản trị trang Thư Mới", Body: "Mật khẩu dùng một lần: abc-123\nĐổi khi đăng nhập."}
	must(t, s.QueueLetter(ctx, l), "QueueLetter")
	got, err := s.ClaimMail(ctx, time.Now().Add(time.Second), time.Minute, 10)
	must(t, err, "ClaimMail")
	if len(got) != 1 {
		t.Fatalf("claimed %+v, want the letter", got)
	}
	p := got[0]
	if p.To != u.Email || p.Name != u.Name || p.Message != l.Message || p.Body != l.Body || p.ArticleID != 0 || p.SiteID != site.ID || p.SiteName != site.Name {
		t.Errorf("letter claimed as %+v", p)
	}
	in, err := s.FindInbox(ctx, u.ID, 10)
	must(t, err, "FindInbox")
	if len(in) != 1 || in[0].Message != l.Message || in[0].ArticleID != 0 {
		t.Errorf("inbox %+v, want the letter's notice", in)
	}
	must(t, s.MarkMailSent(ctx, p.ID, time.Now()), "MarkMailSent")
	if again, err := s.ClaimMail(ctx, time.Now().Add(time.Hour), time.Minute, 10); err != nil || len(again) != 0 {
		t.Fatalf("claim after sent: %+v %v", again, err)
	}
}
