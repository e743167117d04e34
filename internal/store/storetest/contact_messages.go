package storetest

import (
	"testing"
	"time"

	"trangtin/internal/contactform"
	"trangtin/internal/user"
)

// ContactStore is what the Liên hệ messages need from one database.
type ContactStore interface {
	OutboxStore
	contactform.Store
}

// RunContactMessages checks the Liên hệ messages: stored per site, listed
// newest first with their count; each recipient gets an inbox notice about
// no article, and its e-mail copy when mail is on, unless they turned
// e-mail off; all in the message's transaction.
func RunContactMessages(t *testing.T, open func(t *testing.T) ContactStore) {
	s := open(t)
	site := newSite(t, s, "lien-he")
	other := newSite(t, s, "lien-he-2")
	a := user.User{Email: "bientap@lienhe.gov.vn", Name: "Biên tập viên"}
	b := user.User{Email: "duyet@lienhe.gov.vn", Name: "Người duyệt"}
	must(t, s.CreateUser(ctx, &a, nil, nil), "CreateUser")
	must(t, s.CreateUser(ctx, &b, nil, nil), "CreateUser")
	must(t, s.SetMailOptOut(ctx, b.ID, true, nil), "SetMailOptOut")
	at := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	msg := func(siteID int64, subject string, notify []int64, mail bool) contactform.Message {
		t.Helper()
		m := contactform.Message{SiteID: siteID, Name: "Nguyễn Văn An", Phone: "0912 345 678", Email: "an@example.vn",
			Subject: subject, Body: "Đề nghị cơ quan kiểm tra đèn chiếu sáng.", CreatedAt: at}
		must(t, s.CreateContactMessage(ctx, &m, notify, "Thư liên hệ mới: «"+subject+"».", mail), "CreateContactMessage")
		if m.ID == 0 {
			t.Fatal("no ID")
		}
		return m
	}
	first := msg(site.ID, "Đèn đường", []int64{a.ID, b.ID}, true)
	second := msg(site.ID, "Rác thải", []int64{a.ID}, false)
	msg(other.ID, "Trang khác", nil, true)

	list, total, err := s.FindContactMessages(ctx, site.ID, 1, 0)
	must(t, err, "FindContactMessages")
	if total != 2 || len(list) != 1 || list[0].ID != second.ID {
		t.Fatalf("first page: %d %+v, want 2 in all, the newest first", total, list)
	}
	list, _, err = s.FindContactMessages(ctx, site.ID, 10, 1)
	must(t, err, "FindContactMessages")
	if len(list) != 1 || list[0] != first {
		t.Errorf("second page: %+v, want %+v", list, first)
	}
	for _, u := range []struct {
		id   int64
		want int
	}{{a.ID, 2}, {b.ID, 1}} {
		ns, err := s.FindInbox(ctx, u.id, 10)
		must(t, err, "FindInbox")
		if len(ns) != u.want || ns[0].ArticleID != 0 || ns[0].SiteID != site.ID {
			t.Errorf("user %d's inbox: %+v, want %d notices about no article", u.id, ns, u.want)
		}
	}
	// Only the first message queued mail, and only for a (b turned it off).
	got, err := s.ClaimMail(ctx, at.Add(time.Hour), time.Minute, 10)
	must(t, err, "ClaimMail")
	if len(got) != 1 || got[0].To != a.Email || got[0].ArticleID != 0 || got[0].Message != "Thư liên hệ mới: «Đèn đường»." || got[0].SiteID != site.ID {
		t.Errorf("queued %+v, want one copy for %s", got, a.Email)
	}
}
