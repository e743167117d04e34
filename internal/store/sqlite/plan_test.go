package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

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
	got := queryPlan(t, path, sqlstore.ListFoldTodoSQL)
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
	got := queryPlan(t, path, sqlstore.ReceivedSQL, 1, 1, 0, 5)
	if !strings.HasPrefix(got, "SEARCH syndications") || !strings.Contains(got, "SEARCH articles USING INTEGER PRIMARY KEY") {
		t.Errorf("the received copies' query plan is %q, want syndications searched first, then each article by its key", got)
	}
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN of query with args in the
// database at path, its steps joined by "; ".
func queryPlan(t *testing.T, path, query string, args ...any) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+query, args...)
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
