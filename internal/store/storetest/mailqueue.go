package storetest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// MonitoredStore is an outbox store that also reports, for the metrics,
// its connection pools and the outbox's counts.
type MonitoredStore interface {
	OutboxStore
	Stats() map[string]sql.DBStats
	MailQueue(ctx context.Context) (pending, retrying, gaveUp int64, err error)
}

// RunMailQueue checks the figures the metrics read: the outbox's waiting,
// retrying and given-up counts as messages move, and the pools' stats.
func RunMailQueue(t *testing.T, open func(t *testing.T) MonitoredStore) {
	ctx := context.Background()
	s := open(t)
	want := func(step string, pending, retrying, gaveUp int64) {
		t.Helper()
		p, r, g, err := s.MailQueue(ctx)
		if err != nil || p != pending || r != retrying || g != gaveUp {
			t.Fatalf("%s: MailQueue = %d pending, %d retrying, %d given up, %v; want %d, %d, %d", step, p, r, g, err, pending, retrying, gaveUp)
		}
	}
	want("empty", 0, 0, 0)
	site := newSite(t, s, "hang-doi")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	a := user.User{Email: "a@hangdoi.gov.vn", Name: "Nguyễn Văn A"}
	must(t, s.CreateUser(ctx, &a, nil, nil), "CreateUser")
	art := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Thông báo", Slug: "thong-bao", Status: content.StatusSubmitted}
	notices := []newsroom.Notice{{SiteID: site.ID, UserID: a.ID, Message: "một"}, {SiteID: site.ID, UserID: a.ID, Message: "hai"}, {SiteID: site.ID, UserID: a.ID, Message: "ba"}}
	must(t, s.ApplyChange(ctx, &newsroom.Change{Article: &art, Mail: true, Notices: notices}), "ApplyChange")
	want("queued", 3, 0, 0)
	now := time.Now().UTC().Add(time.Second)
	got, err := s.ClaimMail(ctx, now, time.Minute, 10)
	must(t, err, "ClaimMail")
	if len(got) != 3 {
		t.Fatalf("claimed %d, want 3", len(got))
	}
	must(t, s.MarkMailSent(ctx, got[0].ID, now), "MarkMailSent")
	must(t, s.MarkMailFailed(ctx, got[1].ID, 1, now.Add(time.Minute), "421", false), "MarkMailFailed")
	must(t, s.MarkMailFailed(ctx, got[2].ID, 5, time.Time{}, "550", true), "MarkMailFailed give up")
	want("one sent, one retrying, one given up", 1, 1, 1)

	stats := s.Stats()
	if len(stats) == 0 {
		t.Fatal("Stats: no pool")
	}
	for pool, st := range stats {
		if pool == "" || st.OpenConnections < 1 || st.InUse < 0 || st.Idle < 0 {
			t.Errorf("pool %q: %+v", pool, st)
		}
	}
}
