//go:build searchbench

package searchbench_test

import (
	"database/sql"
	"fmt"
	mathrand "math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/store/postgres"
)

// envBulk runs TestSearchBenchPostgresBulk: a site of
// TRANGTIN_SEARCH_BENCH_N articles (default 1,000,000) on PostgreSQL,
// filled in bulk instead of through SaveArticle.
const envBulk = "TRANGTIN_SEARCH_BENCH_PG_BULK"

// envReuse names a schema kept by an earlier run (TRANGTIN_SEARCH_BENCH_PG_KEEP=1)
// to measure again without building.
const envReuse = "TRANGTIN_SEARCH_BENCH_PG_SCHEMA"

// bulkClients are the client counts of the throughput runs.
var bulkClients = []int{1, 4, 8}

// TestSearchBenchPostgresBulk measures search on PostgreSQL at a million
// articles. Filling that many through SaveArticle would take over half an
// hour, so only the first copy of each corpus record goes through
// content.Service.SaveArticle (which writes the search row as the store
// always does); every further copy is a search row derived from it by the
// same variations as build() (the title with a rotating word and a number,
// its folded and exact streams recomputed by search.MakeStreams, a unique
// slug and source URL, a random date and category drawn from the same
// random sequence) and written with COPY, so that the database computes
// its generated columns (tsvectors) as it does for the store's own
// INSERT. Only search_docs holds the copies (search reads nothing else);
// so there is no Reindex here. The test also runs the PostgreSQL store's
// search SQL of before migration 0047 (oldIndex) on the same data in the
// same run, for comparison.
func TestSearchBenchPostgresBulk(t *testing.T) {
	if os.Getenv(envBulk) != "1" {
		t.Skip("set " + envBulk + "=1 to run the bulk PostgreSQL search benchmark")
	}
	dsn := os.Getenv(envPG)
	if dsn == "" {
		t.Fatal("set " + envPG + " to the PostgreSQL database to fill (a schema is made in it and dropped)")
	}
	n := 1_000_000
	if s := os.Getenv(envN); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", envN, s)
		}
	}
	recs := loadCorpus(t)
	queries := makeQueries(t, recs)
	var schemaDSN string
	var admin *sql.DB
	reuse := os.Getenv(envReuse)
	if reuse != "" {
		schemaDSN, admin = schemaOf(t, dsn, reuse)
	} else {
		schemaDSN, admin = freshSchema(t, dsn)
	}
	store, err := postgres.Open(ctx, schemaDSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	t.Logf("%d articles; load average %s", n, loadAvg())

	var siteID int64
	if reuse != "" {
		if err := admin.QueryRowContext(ctx, `SELECT id FROM sites WHERE key = 'bench'`).Scan(&siteID); err != nil {
			t.Fatal(err)
		}
	} else {
		start := time.Now()
		siteID = bulkFill(t, store, schemaDSN, recs, n)
		buildTime := time.Since(start)
		t.Logf("RESULT build: %d articles in %v (%.0f/s); load %s", n, buildTime.Round(time.Second), float64(n)/buildTime.Seconds(), loadAvg())
		start = time.Now()
		if _, err := admin.ExecContext(ctx, `VACUUM (ANALYZE) search_docs`); err != nil {
			t.Fatal(err)
		}
		t.Logf("RESULT VACUUM (ANALYZE): %v; load %s", time.Since(start).Round(time.Second), loadAvg())
	}
	for _, s := range postgresSizes(t, admin) {
		t.Logf("RESULT size %-60s %s", s.name, mib(s.bytes))
	}

	filter := search.Filter{SiteID: siteID}
	old := oldIndex{db: admin}
	indexes := []struct {
		name string
		idx  search.Index
	}{{"new", store}, {"old", old}}
	if os.Getenv("TRANGTIN_SEARCH_BENCH_NO_OLD") == "1" {
		indexes = indexes[:1]
	}
	// Quick: a warm-up of 60 queries instead of 600, the 15 slowest
	// queries listed, and only the 8-client run of the new code.
	quick := os.Getenv("TRANGTIN_SEARCH_BENCH_PG_QUICK") == "1"
	for _, x := range indexes {
		srch := search.NewService(x.idx)
		warm := queries
		if quick {
			warm = queries[:60]
		}
		runPass(t, srch, filter, warm) // warm-up
		lat, totals := runPass(t, srch, filter, queries)
		load := loadAvg()
		by, _ := byKind(queries, lat, totals)
		for _, k := range append(kinds, kindMix) {
			s := by[k]
			t.Logf("RESULT %s sequential %-10s p50 %s  p95 %s  p99 %s  max %s  mean %s  median hits %d; load %s",
				x.name, k, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), ms(s.Mean), s.MedianTotal, load)
		}
		if quick {
			order := make([]int, len(lat))
			for i := range order {
				order[i] = i
			}
			slices.SortFunc(order, func(a, b int) int { return int(lat[b] - lat[a]) })
			for _, i := range order[:15] {
				t.Logf("slow %s: %s %q (%d)", x.name, ms(lat[i]), queries[i].input, totals[i])
			}
		}
		for _, c := range bulkClients {
			if quick && (x.name == "old" || c != 8) {
				continue
			}
			if x.name == "old" && c != 4 {
				continue
			}
			per := len(queries) // queries per client
			if quick {
				per /= c
			}
			s, qps, wall := concurrent(t, srch, filter, queries, c, per)
			t.Logf("RESULT %s %d clients: %d queries (%d per client) in %v, %.1f queries/s, p50 %s p95 %s p99 %s; load %s",
				x.name, c, c*per, per, wall.Round(time.Millisecond), qps, ms(s.P50), ms(s.P95), ms(s.P99), loadAvg())
		}
	}
}

// schemaOf connects to an existing schema of dsn's database.
func schemaOf(t *testing.T, dsn, schema string) (string, *sql.DB) {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("parse %s: %v", envPG, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	admin, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return u.String(), admin
}

// bulkFill makes the site, its categories and n articles' search rows.
func bulkFill(t *testing.T, store *postgres.DB, dsn string, recs []content.ImportRecord, n int) int64 {
	svc := content.NewService(store)
	site := content.Site{Key: "bench", Name: "Cổng thông tin điện tử huyện Thử Nghiệm"}
	if err := svc.SaveSite(ctx, &site, nil); err != nil {
		t.Fatal(err)
	}
	var cats []content.Category
	for i, name := range categoryNames {
		c := content.Category{SiteID: site.ID, Name: name, Position: i + 1}
		if err := svc.SaveCategory(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
		cats = append(cats, c)
	}
	// The same random sequence as build(): a category and a date per article.
	rng := mathrand.New(mathrand.NewPCG(seed, 2))
	span := int64(10 * 365 * 24 * time.Hour)
	type draw struct {
		cat  int64
		date time.Time
	}
	draws := make([]draw, n)
	for i := range draws {
		draws[i].cat = cats[rng.IntN(len(cats))].ID
		draws[i].date = dateEnd.Add(-time.Duration(rng.Int64N(span))).UTC()
	}
	first := min(n, len(recs))
	for i := range first {
		rec := recs[i]
		a := content.Article{
			SiteID: site.ID, CategoryID: draws[i].cat, Title: rec.Title, Body: content.TextToHTML(rec.Body),
			SourceURL: rec.URL, Status: content.StatusPublished, PublishedAt: draws[i].date,
		}
		if rec.Author != nil {
			a.Author = *rec.Author
		}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
	}
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	cols := []string{"site_id", "kind", "ref_id", "category_id", "title", "text", "byline", "slug", "source_url",
		"public_from", "published_at", "title_folded", "text_folded", "byline_folded", "title_exact", "text_exact", "code"}
	rows, err := raw.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM search_docs WHERE kind = 'article' ORDER BY ref_id`)
	if err != nil {
		t.Fatal(err)
	}
	var base [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		base = append(base, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(base) != first {
		t.Fatalf("%d search rows for %d articles", len(base), first)
	}
	var maxRef int64
	if err := raw.QueryRowContext(ctx, `SELECT max(ref_id) FROM search_docs`).Scan(&maxRef); err != nil {
		t.Fatal(err)
	}
	if n == first {
		return site.ID
	}
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	i := first
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i >= n {
			return nil, nil
		}
		b, rec, copyNo := base[i%len(recs)], recs[i%len(recs)], i/len(recs)
		row := append([]any(nil), b...)
		title := fmt.Sprintf("%s (%s %d)", rec.Title, titleWords[copyNo%len(titleWords)], copyNo+1)
		st := search.MakeStreams(title)
		row[2] = maxRef + int64(i) // ref_id: no article row; unique
		row[3] = draws[i].cat
		row[4] = title
		row[7] = fmt.Sprintf("%v-%d", b[7], copyNo+1)
		row[8] = fmt.Sprintf("%s#bench-%d", rec.URL, copyNo+1)
		row[9], row[10] = draws[i].date, draws[i].date
		row[11], row[14] = st.Folded, st.Exact
		i++
		if i%100_000 == 0 {
			t.Logf("copied %d/%d; load %s", i, n, loadAvg())
		}
		return row, nil
	})
	err = conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"search_docs"}, cols, src)
		return err
	})
	if err != nil {
		t.Fatalf("copy: %v", err)
	}
	return site.ID
}

// concurrent runs per queries in each of c clients, each client starting
// at its own place in qs.
func concurrent(t *testing.T, srch *search.Service, f search.Filter, qs []benchQuery, c, per int) (stats, float64, time.Duration) {
	lat := make([][]time.Duration, c)
	errs := make([]error, c)
	var wg sync.WaitGroup
	start := time.Now()
	for k := range c {
		wg.Go(func() {
			for j := range per {
				bq := qs[(j+k*len(qs)/c)%len(qs)]
				s := time.Now()
				if _, err := srch.Search(ctx, bq.q, f, pageSize, 0); err != nil {
					errs[k] = fmt.Errorf("Search(%q): %w", bq.input, err)
					return
				}
				lat[k] = append(lat[k], time.Since(s))
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	var all []time.Duration
	for k := range c {
		if errs[k] != nil {
			t.Fatal(errs[k])
		}
		all = append(all, lat[k]...)
	}
	return summarize(all, nil), float64(len(all)) / wall.Seconds(), wall
}
