package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"
	"time"

	"trangtin/internal/store/postgres"
	"trangtin/internal/store/storetest"
	"trangtin/internal/testenv"
)

// BenchmarkCategoryDeepPage: page 1 and page 5,000 of a category of
// 100,000 articles, by OFFSET and by cursor (BENCHMARKS.md, "Deep pages"),
// in the empty database TRANGTIN_BENCH_POSTGRES names:
//
//	TRANGTIN_BENCH_POSTGRES='postgres://…/lists' go test ./internal/store/postgres/ -run '^$' -bench CategoryDeepPage -benchtime 2s
func BenchmarkCategoryDeepPage(b *testing.B) {
	dsn := os.Getenv("TRANGTIN_BENCH_POSTGRES")
	if dsn == "" {
		testenv.Require(b, "an empty PostgreSQL database for the benchmark", errors.New("set TRANGTIN_BENCH_POSTGRES"))
	}
	ctx := context.Background()
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	site, cat := storetest.DeepSite(b, st)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Now().Add(-time.Hour)
	// Triggers off for the load (a site's version bumped 100,000 times in
	// one transaction takes minutes); article_months is not read here.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SET LOCAL session_replication_role = replica`); err != nil {
		b.Fatal(err)
	}
	_, err = tx.Exec(`INSERT INTO articles (site_id, category_id, title, slug, body, status, published_at, created_at, updated_at, list_fold)
		SELECT $1, $2, 'Bài số ' || i, 'bai-so-' || i, '<p>x</p>', 'published', $3::timestamptz - (i / 2) * interval '1 minute', $3, $3, 'bai so ' || i
		FROM generate_series(1, $4::int) i`, site.ID, cat.ID, now, storetest.DeepCategory)
	if err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`ANALYZE articles`); err != nil {
		b.Fatal(err)
	}
	storetest.BenchDeepPages(b, st, site.ID, cat.ID)
}
