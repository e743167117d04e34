package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
)

// TestCursorListsReadAnIndex: on PostgreSQL too, a page read after a
// cursor is an index scan bounded at the cursor in the list's order, with
// no sort: page 5,000 of a category reads what page 1 reads. Sequential
// scans are switched off so that the planner shows the index it would
// take on a large table (on the test's empty one it would read the heap).
func TestCursorListsReadAnIndex(t *testing.T) {
	dsn := freshSchema(t)
	st := openStore(t, dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	at := content.Cursor{At: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), ID: 9000, Page: 5000}
	now := time.Now()
	for _, tc := range []struct {
		name, bound string
		f           content.ArticleFilter
	}{
		{"category", "published_at <=", content.ArticleFilter{SiteID: 1, CategoryIDs: []int64{3}, PublicAt: now, After: at}},
		{"category backwards", "published_at >=", content.ArticleFilter{SiteID: 1, CategoryIDs: []int64{3}, PublicAt: now, Before: at}},
		{"site", "published_at <=", content.ArticleFilter{SiteID: 1, PublicAt: now, After: at}},
		{"by last change", "updated_at <=", content.ArticleFilter{SiteID: 1, ByUpdated: true, After: at}},
		{"harvest", "updated_at >=", content.ArticleFilter{SiteID: 1, PublicAt: now, UpdatedSince: now.Add(-time.Hour), After: at}},
	} {
		q, args, _ := st.ArticleListQuery(tc.f)
		rows, err := conn.QueryContext(ctx, "EXPLAIN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, strings.TrimSpace(line))
		}
		rows.Close()
		got := strings.Join(plan, "; ")
		_, cond, _ := strings.Cut(got, "Index Cond:")
		cond, _, _ = strings.Cut(cond, "; Filter")
		if !strings.Contains(got, "Index Scan") || !strings.Contains(cond, tc.bound) || strings.Contains(got, "Sort") {
			t.Errorf("%s: the plan is %q, want an index scan with %q in its Index Cond and no sort", tc.name, got, tc.bound)
		}
	}
}
