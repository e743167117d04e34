package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

// BenchmarkCategoryDeepPage: page 1 and page 5,000 of a category of
// 100,000 articles, by OFFSET and by cursor (BENCHMARKS.md, "Deep pages").
//
//	go test ./internal/store/sqlite/ -run '^$' -bench CategoryDeepPage -benchtime 2s
func BenchmarkCategoryDeepPage(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "deep.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	site, cat := storetest.DeepSite(b, st)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().Add(-time.Hour).UnixMicro()
	_, err = db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO articles (site_id, category_id, title, slug, body, status, published_at, created_at, updated_at, list_fold)
		SELECT ?, ?, 'Bài số ' || i, 'bai-so-' || i, '<p>x</p>', 'published', ? - (i / 2) * 60000000, ?, ?, 'bai so ' || i FROM n`,
		storetest.DeepCategory, site.ID, cat.ID, now, now, now)
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	storetest.BenchDeepPages(b, st, site.ID, cat.ID)
}
