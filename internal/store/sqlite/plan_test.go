package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/sqlstore"
)

// TestListFoldBackfillReadsAnIndex: opening the store looks for articles
// whose list_fold is still to fill. That query must read the partial
// index of the rows still to do, not scan every article on every start
// (0.4 s of CPU with 300,000 articles, BENCHMARKS.md "Province").
func TestListFoldBackfillReadsAnIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	got := pathPlan(t, path, sqlstore.ListFoldTodoSQL)
	if !strings.Contains(got, "USING INDEX articles_list_fold_todo") {
		t.Errorf("the backfill's query plan is %q, want it to read the index articles_list_fold_todo", got)
	}
}

// TestReceivedReadsSyndicationsFirst: the home page of a site lists the
// copies it received. Its query must start from the few syndications and
// read each copy by its key, not walk every published article of the site
// (150 ms of the first page with a million articles, BENCHMARKS.md
// "Memory and start-up").
func TestReceivedReadsSyndicationsFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	got := pathPlan(t, path, sqlstore.ReceivedSQL, 1, 1, 0, 5)
	if !strings.HasPrefix(got, "SEARCH syndications") || !strings.Contains(got, "SEARCH articles USING INTEGER PRIMARY KEY") {
		t.Errorf("the received copies' query plan is %q, want syndications searched first, then each article by its key", got)
	}
}

// pathPlan is queryPlan in the database at path.
func pathPlan(t *testing.T, path, query string, args ...any) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return queryPlan(t, db, query, args...)
}

// TestCursorListsReadAnIndex: a page read after a cursor starts its index
// range at the cursor (a SEARCH on the list's index with the row
// comparison, no temporary B-tree for the order), so page 5,000 of a
// category costs what page 1 costs.
func TestCursorListsReadAnIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := content.Cursor{At: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), ID: 9000, Page: 5000}
	now := time.Now()
	for _, tc := range []struct {
		name, index, bound string
		f                  content.ArticleFilter
	}{
		{"category", "articles_category", "status=? AND published_at<?)", content.ArticleFilter{SiteID: 1, CategoryIDs: []int64{3}, PublicAt: now, After: at}},
		{"category backwards", "articles_category", "published_at>? AND published_at<?)", content.ArticleFilter{SiteID: 1, CategoryIDs: []int64{3}, PublicAt: now, Before: at}},
		{"site", "articles_public", "published_at<?)", content.ArticleFilter{SiteID: 1, PublicAt: now, After: at}},
		{"by last change", "articles_updated", "updated_at<?)", content.ArticleFilter{SiteID: 1, ByUpdated: true, After: at}},
		{"harvest", "articles_updated", "updated_at>?)", content.ArticleFilter{SiteID: 1, PublicAt: now, UpdatedSince: now.Add(-time.Hour), After: at}},
	} {
		q, args, _ := st.ArticleListQuery(tc.f)
		got := queryPlan(t, db, q, args...)
		if !strings.HasPrefix(got, "SEARCH articles USING INDEX "+tc.index+" (") || !strings.Contains(got, tc.bound) || strings.Contains(got, "TEMP B-TREE") {
			t.Errorf("%s: the plan is %q, want a search of %s starting at the cursor, with no sort", tc.name, got, tc.index)
		}
	}
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN of q, its lines joined by "; ".
func queryPlan(t *testing.T, db *sql.DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "; ")
}
