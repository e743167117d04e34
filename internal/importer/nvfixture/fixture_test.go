package nvfixture

import (
	"context"
	"database/sql"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

func build(t *testing.T, n int) *Fixture {
	corpus := testenv.Must(ReadCorpus(testenv.Path(t, "corpus/articles.jsonl"))).Get(t)
	return Build(corpus, Options{Articles: n, Now: time.Date(2026, 12, 7, 9, 0, 0, 0, vi.Zone)})
}

// The fixture has every kind of row the importer must handle, and the same
// options give the same fixture.
func TestFixtureShape(t *testing.T) {
	f := build(t, 1000)
	count := map[string]int{}
	for _, a := range f.Articles {
		count["legacy "+a.Legacy]++
		if a.WordHTML {
			count["word"]++
		}
		if a.Status == 2 {
			count["scheduled"]++
		}
		if !a.Exp.IsZero() && a.Exp.Before(f.Now) {
			count["expired"]++
		}
		if a.ImageMissing {
			count["missing"]++
		}
		if a.Files != "" {
			count["files"]++
		}
	}
	for _, k := range []string{"legacy TCVN3", "legacy VNI", "word", "scheduled", "expired", "missing", "files"} {
		if count[k] == 0 {
			t.Errorf("no article of kind %q: %v", k, count)
		}
	}
	again := build(t, 1000)
	if again.Articles[999].BodyHTML() != f.Articles[999].BodyHTML() || again.Users[1].Hash != f.Users[1].Hash {
		t.Error("two builds differ")
	}
	if a := f.Articles[2]; a.Legacy == "TCVN3" && (a.stored(a.Title) == a.Title || vi.FromTCVN3(a.stored(a.Title)) != a.Title) {
		t.Errorf("TCVN3 title not encoded: %q", a.stored(a.Title))
	}
}

func TestFixtureLoads(t *testing.T) {
	m := testenv.StartMariaDB(t)
	ctx := context.Background()
	db := testenv.Must(sql.Open("mysql", m.DSN(""))).Get(t)
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE nukeviet CHARACTER SET utf8mb4"); err != nil {
		t.Fatal(err)
	}
	nv := testenv.Must(sql.Open("mysql", m.DSN("nukeviet"))).Get(t)
	defer nv.Close()
	f := build(t, 1000)
	if err := f.Load(ctx, nv, testenv.Path(t, "nukeviet/schema.sql")); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := nv.QueryRowContext(ctx, "SELECT COUNT(*) FROM nv4_vi_news_rows r JOIN nv4_vi_news_detail d ON d.id = r.id").Scan(&n); err != nil || n != 1000 {
		t.Fatalf("articles loaded: %d, %v", n, err)
	}
	if err := f.WriteUploads(t.TempDir()); err != nil {
		t.Fatal(err)
	}
}
