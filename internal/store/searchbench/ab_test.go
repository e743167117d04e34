//go:build searchbench

package searchbench_test

import (
	"database/sql"
	"os"
	"strconv"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/store/sqlite"
)

// TestSearchAB measures the sequential query mix on a kept SQLite
// database, so that two versions of the search code can be timed in
// alternating rounds under the same load (a build of each version opens
// its own database):
//
//	TRANGTIN_SEARCH_AB_DB=new.db go test -tags searchbench -run TestSearchAB -v ./internal/store/searchbench          # builds it
//	TRANGTIN_SEARCH_AB_DB=new.db TRANGTIN_SEARCH_AB_ROUNDS=1 go test -tags searchbench -run TestSearchAB -v …         # one round
//
// A missing database is built first (TRANGTIN_SEARCH_BENCH_N articles,
// default 100,000) and its sizes printed; each round is a warm-up pass and
// a measured pass of the 600 queries.
func TestSearchAB(t *testing.T) {
	path := os.Getenv("TRANGTIN_SEARCH_AB_DB")
	if path == "" {
		t.Skip("set TRANGTIN_SEARCH_AB_DB to a database file (built when missing)")
	}
	n := defaultN
	if s := os.Getenv(envN); s != "" {
		n, _ = strconv.Atoi(s)
	}
	rounds, _ := strconv.Atoi(os.Getenv("TRANGTIN_SEARCH_AB_ROUNDS"))
	recs := loadCorpus(t)
	queries := makeQueries(t, recs)
	_, statErr := os.Stat(path)
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := content.NewService(db)
	site, err := db.FindSiteByKey(ctx, "bench")
	if statErr != nil {
		site = content.Site{Key: "bench", Name: "Cổng thông tin điện tử huyện Thử Nghiệm"}
		if err := svc.SaveSite(ctx, &site, nil); err != nil {
			t.Fatal(err)
		}
		took, _ := build(t, svc, site.ID, recs, n)
		t.Logf("built %d articles in %v; load average %s", n, took.Round(time.Second), loadAvg())
	} else if err != nil {
		t.Fatal(err)
	}
	if statErr != nil || os.Getenv("TRANGTIN_SEARCH_AB_SIZES") != "" {
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, s := range sqliteSizes(t, raw, path) {
			t.Logf("size %-50s %s", s.name, mib(s.bytes))
		}
	}
	srch := search.NewService(db)
	filter := search.Filter{SiteID: site.ID}
	for range rounds {
		runPass(t, srch, filter, queries)
		before := loadAvg()
		lat, totals := runPass(t, srch, filter, queries)
		seq, _ := byKind(queries, lat, totals)
		for _, k := range append(kinds, kindMix) {
			s := seq[k]
			t.Logf("round: %-10s p50=%v p95=%v p99=%v mean=%v (load %s → %s)", k, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Mean), before, loadAvg())
		}
	}
}
