package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/store/postgres"
	"trangtin/internal/store/storetest"
	"trangtin/internal/testenv"
)

const envDSN = "TRANGTIN_TEST_POSTGRES"

// testDSN returns the server to test against, skipping the test when none
// is configured (and failing in CI, which must run this suite).
func testDSN(t *testing.T) string {
	t.Helper()
	return testenv.Postgres(t)
}

// withSearchPath returns dsn with the search_path run-time parameter set.
func withSearchPath(t *testing.T, dsn, schema string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("parse %s: %v", envDSN, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn + " search_path=" + schema)
}

// freshSchema creates an empty schema, dropped when the test ends, and
// returns a DSN whose connections use it.
func freshSchema(t *testing.T) string {
	t.Helper()
	dsn := testDSN(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	// Cleanups run last-in first-out: stores registered later close first.
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(t, dsn, schema)
}

func openStore(t *testing.T, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func open(t *testing.T) content.Store { return openStore(t, freshSchema(t)) }

func TestConformance(t *testing.T) {
	testDSN(t)
	storetest.Run(t, open)
}

func TestSearchConformance(t *testing.T) {
	testDSN(t)
	storetest.RunSearch(t, func(t *testing.T) storetest.SearchStore { return openStore(t, freshSchema(t)) })
}

// migrationFiles is how many migrations Open applies to a fresh schema.
func migrationFiles(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("list migrations: %v (%d files)", err, len(files))
	}
	return len(files)
}

func countMigrations(t *testing.T, dsn string) int {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatalf("count schema_migrations: %v", err)
	}
	return n
}

func TestReopenKeepsDataAndSkipsMigrations(t *testing.T) {
	dsn := freshSchema(t)
	storetest.WantReopenKeeps(t, func() (*postgres.DB, error) { return postgres.Open(context.Background(), dsn) })
	if n, want := countMigrations(t, dsn), migrationFiles(t); n != want {
		t.Errorf("schema_migrations has %d rows, want %d", n, want)
	}
}

func TestConcurrentOpenOnFreshSchema(t *testing.T) {
	dsn := freshSchema(t)
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	dbs := make([]*postgres.DB, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = postgres.Open(context.Background(), dsn)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
		} else {
			dbs[i].Close()
		}
	}
	if n, want := countMigrations(t, dsn), migrationFiles(t); n != want {
		t.Errorf("schema_migrations has %d rows, want %d", n, want)
	}
}

// TestPublishedAtStorage checks what SQLite gets from storing Unix
// microseconds: the zero time round-trips and sorts last, and finer times
// are truncated, not rounded.
func TestPublishedAtStorage(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	site, cat := storetest.SiteWithCategory(t, db, "a", "A")
	fine := time.Date(2024, 5, 6, 7, 8, 9, 123456999, time.UTC)
	for _, a := range []content.Article{
		{SiteID: site.ID, CategoryID: cat.ID, Title: "Không ngày", Slug: "khong-ngay", Status: content.StatusDraft},
		{SiteID: site.ID, CategoryID: cat.ID, Title: "Có ngày", Slug: "co-ngay", Status: content.StatusDraft, PublishedAt: fine},
	} {
		if err := db.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Status: content.StatusDraft})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Slug != "co-ngay" || got[1].Slug != "khong-ngay" {
		t.Fatalf("FindArticles = %+v, want co-ngay then khong-ngay", got)
	}
	if want := fine.Truncate(time.Microsecond); !got[0].PublishedAt.Equal(want) || got[0].PublishedAt.Location() != time.UTC {
		t.Errorf("PublishedAt = %v, want %v UTC", got[0].PublishedAt, want)
	}
	if !got[1].PublishedAt.IsZero() {
		t.Errorf("zero PublishedAt came back as %v", got[1].PublishedAt)
	}
}

// TestSearchPhraseStaysInField checks the position gap between the title,
// byline and text in search_docs.tsv: a phrase must not match across them,
// as it cannot across SQLite's FTS5 columns.
func TestSearchPhraseStaysInField(t *testing.T) {
	ctx := context.Background()
	db := open(t).(*postgres.DB)
	site := content.Site{Key: "a", Name: "A"}
	if err := db.CreateSite(ctx, &site); err != nil {
		t.Fatal(err)
	}
	cat := content.Category{SiteID: site.ID, Name: "C", Slug: "c"}
	if err := db.CreateCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	a := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Nông thôn mới", Slug: "ntm", Author: "Hà Nam",
		Body: "<p>Xây dựng đường</p>", Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
	if err := db.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]int{
		`"thon moi"`: 1, `"xay dung"`: 1, `"ha nam"`: 1, `"moi xay"`: 0, `"moi ha"`: 0, `"nam xay"`: 0, `nong -"dung duong"`: 0,
	} {
		q, err := search.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		got, total, err := db.SearchCandidates(ctx, q, search.Filter{SiteID: site.ID, Now: time.Now()}, 10)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if len(got) != want || total != want {
			t.Errorf("%s: %d candidates, total %d, want %d", in, len(got), total, want)
		}
	}
}

func TestUserConformance(t *testing.T) {
	testDSN(t)
	storetest.RunUsers(t, func(t *testing.T) storetest.UserStores { return openStore(t, freshSchema(t)) })
}

func TestSiteAdminConformance(t *testing.T) {
	testDSN(t)
	storetest.RunSiteAdmin(t, func(t *testing.T) storetest.SiteAdminStore { return openStore(t, freshSchema(t)) })
}

func TestMergeConformance(t *testing.T) {
	testDSN(t)
	storetest.RunMerge(t, func(t *testing.T) storetest.MergeStore { return openStore(t, freshSchema(t)) })
}

func TestHealthConformance(t *testing.T) {
	testDSN(t)
	storetest.RunHealth(t, func(t *testing.T) storetest.HealthStore { return openStore(t, freshSchema(t)) })
}
