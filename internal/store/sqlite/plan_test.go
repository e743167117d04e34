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
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("EXPLAIN QUERY PLAN " + sqlstore.ListFoldTodoSQL)
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
	if got := strings.Join(plan, "; "); !strings.Contains(got, "USING INDEX articles_list_fold_todo") {
		t.Errorf("the backfill's query plan is %q, want it to read the index articles_list_fold_todo", got)
	}
}
