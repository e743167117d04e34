package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
	"trangtin/internal/store/storetest"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/store/postgres"
)

func newsroomSite(t *testing.T, db *postgres.DB) (content.Site, content.Category) {
	t.Helper()
	return storetest.SiteWithCategory(t, db, "a", "A")
}

// TestApplyChangeRefusesStaleArticle: a step computed from an article that
// another writer has changed since is refused whole, audit entry and
// notices included.
func TestApplyChangeRefusesStaleArticle(t *testing.T) {
	ctx := context.Background()
	db := openStore(t, freshSchema(t))
	site, cat := newsroomSite(t, db)
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "T", Slug: "t", Status: content.StatusScheduled, PublishedAt: time.Now().Add(-time.Minute)}
	if err := db.ApplyChange(ctx, &newsroom.Change{Article: &a, Audit: &audit.Entry{Action: "article.create"}}); err != nil {
		t.Fatal(err)
	}
	first, err := db.FindArticleByID(ctx, site.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	second := first
	step := func(art content.Article) error {
		art.Status = content.StatusPublished
		return db.ApplyChange(ctx, &newsroom.Change{Article: &art,
			Notices: []newsroom.Notice{{SiteID: site.ID, UserID: 7, Message: "đã đăng"}},
			Audit:   &audit.Entry{Action: "article.publish_scheduled"}})
	}
	if err := step(first); err != nil {
		t.Fatalf("first step: %v", err)
	}
	if err := step(second); !apperr.Is(err, apperr.Conflict) || apperr.MessageOf(err) == "" {
		t.Fatalf("stale step: %v, want Conflict", err)
	}
	if n, _, err := db.AuditHead(ctx); err != nil || n != 2 {
		t.Errorf("audit head %d %v, want 2 entries", n, err)
	}
	if in, err := db.FindInbox(ctx, 7, 10); err != nil || len(in) != 1 {
		t.Errorf("inbox %+v %v, want 1 notice", in, err)
	}
	gone := first
	gone.ID = a.ID + 100
	if err := step(gone); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("step on a missing article: %v, want NotFound", err)
	}
}

// TestRunDueOnTwoNodes runs the scheduler on two nodes (two pools) at once:
// every due article is published and audited exactly once.
func TestRunDueOnTwoNodes(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	nodes := []*postgres.DB{openStore(t, dsn), openStore(t, dsn)}
	site, cat := newsroomSite(t, nodes[0])
	const articles = 30
	due := time.Now().Add(-time.Minute)
	for i := range articles {
		a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: fmt.Sprintf("Bài %d", i), Slug: fmt.Sprintf("bai-%d", i),
			Status: content.StatusScheduled, PublishedAt: due}
		if err := nodes[0].CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	published := make([]int, len(nodes))
	for i, db := range nodes {
		nr := newsroom.New(db, content.NewService(db), nil, nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				n, err := nr.RunDue(ctx)
				published[i] += n
				if err != nil && !apperr.Is(err, apperr.Conflict) {
					t.Errorf("node %d: RunDue: %v", i, err)
					return
				}
				if err == nil && n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	if got := published[0] + published[1]; got != articles {
		t.Errorf("nodes published %v, %d in all, want %d", published, got, articles)
	}
	if left, err := nodes[0].FindDueArticles(ctx, time.Now(), 100); err != nil || len(left) != 0 {
		t.Errorf("still due: %d %v", len(left), err)
	}
	entries, err := nodes[0].AuditEntries(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range entries {
		if e.Action == "article.publish_scheduled" {
			seen[e.Object]++
		}
	}
	for obj, n := range seen {
		if n != 1 {
			t.Errorf("%s published %d times", obj, n)
		}
	}
	if len(seen) != articles {
		t.Errorf("%d articles audited as published, want %d", len(seen), articles)
	}
	if _, problem, err := audit.Verify(ctx, nodes[1]); err != nil || problem != nil {
		t.Errorf("audit verify: %v %v", problem, err)
	}
}
