package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/newsroom"
	"trangtin/internal/schedule"
	"trangtin/internal/vi"
)

// TestNonPublicWritesLeaveSitesRowAlone: while another transaction holds
// the site's row, writes the public cannot see (a draft article, a draft
// saved again, the pending revision of a published article through the
// newsroom, a draft document, a draft schedule entry) go through: the
// triggers bump no version for them, so they neither wait for nor lock the
// row every public write of the site goes through. A public write does
// wait, which shows the test holds the lock it means to.
func TestNonPublicWritesLeaveSitesRowAlone(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	db := openStore(t, dsn)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	site, cat := newsroomSite(t, db)
	draft := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Nháp", Slug: "nhap", Status: content.StatusDraft}
	if err := db.CreateArticle(ctx, &draft); err != nil {
		t.Fatal(err)
	}
	live := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Đã đăng", Slug: "da-dang", Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
	if err := db.CreateArticle(ctx, &live); err != nil {
		t.Fatal(err)
	}

	lock, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	// The lock a public write takes while its trigger bumps a version (an
	// UPDATE of non-key columns; inserts referencing the site only need
	// KEY SHARE, which it lets through).
	var holder int
	if err := lock.QueryRowContext(ctx, `SELECT pg_backend_pid() FROM sites WHERE id = $1 FOR NO KEY UPDATE`, site.ID).Scan(&holder); err != nil {
		t.Fatal(err)
	}
	// run starts w and reports whether it finished (true) or waits
	// behind the lock (false), whichever happens first.
	run := func(what string, w func() error) (done <-chan error, finished bool) {
		t.Helper()
		ch := make(chan error, 1)
		go func() { ch <- w() }()
		for {
			select {
			case err := <-ch:
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				return ch, true
			default:
			}
			var waiting int
			if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, holder).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
			if waiting > 0 {
				return ch, false
			}
			time.Sleep(5 * time.Millisecond) // poll: the write ends or blocks
		}
	}
	for _, w := range []struct {
		what string
		do   func() error
	}{
		{"save a draft article", func() error { draft.Title = "Nháp sửa"; return db.UpdateArticle(ctx, &draft) }},
		{"create a draft article", func() error {
			a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Nháp hai", Slug: "nhap-hai", Status: content.StatusDraft}
			return db.CreateArticle(ctx, &a)
		}},
		{"save a revision of a published article (newsroom)", func() error {
			cur, err := db.FindArticleByID(ctx, site.ID, live.ID)
			if err != nil {
				return err
			}
			cur.PendingStage = content.StatusDraft
			return db.ApplyChange(ctx, &newsroom.Change{Article: &cur, SetPending: true,
				Revision: &newsroom.Revision{Draft: newsroom.Draft{CategoryID: cat.ID, Title: "Bản sửa", Body: "<p>Sửa</p>"}, Stage: content.StatusDraft},
				Audit:    &audit.Entry{Action: "article.save"}})
		}},
		{"create a draft document", func() error {
			d := document.Document{SiteID: site.ID, Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "UBND", Abstract: "Về việc",
				IssuedOn: vi.NewDay(2026, 1, 2), Status: document.StatusDraft, FileIDs: []int64{}}
			return db.CreateDocument(ctx, &d, nil)
		}},
		{"create a draft schedule entry", func() error {
			e := schedule.Entry{SiteID: site.ID, Day: schedule.NewDay(2026, 11, 30), Session: schedule.Morning, Leader: "A", Content: "B", Status: schedule.Draft}
			return db.CreateScheduleEntry(ctx, &e, nil)
		}},
	} {
		if _, finished := run(w.what, w.do); !finished {
			lock.Rollback()
			t.Fatalf("%s waited for the lock on the site's row", w.what)
		}
	}
	draft.Status, draft.PublishedAt = content.StatusPublished, time.Now()
	done, finished := run("publish", func() error { return db.UpdateArticle(ctx, &draft) })
	if finished {
		t.Fatal("publishing did not wait for the site's row: the lock the test holds is not the one public writes take")
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("publish after the lock was released: %v", err)
	}
}
