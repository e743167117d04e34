//go:build searchbench

package searchbench_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	mathrand "math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/store/postgres"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

// Environment. The benchmark takes several minutes per store (the index is
// built through the content service, one article at a time), so it is
// built only with the searchbench tag (go test -tags searchbench …): it is
// a measurement, not part of a suite, and ./scripts/test never sees it.
const (
	envBench   = "TRANGTIN_SEARCH_BENCH"            // "1" runs the benchmark
	envN       = "TRANGTIN_SEARCH_BENCH_N"          // articles (default 100000), for trying it out
	envProfile = "TRANGTIN_SEARCH_BENCH_CPUPROFILE" // file: CPU profile of the measured sequential pass, per store (file.sqlite, file.postgres)
	envPG      = "TRANGTIN_TEST_POSTGRES"           // PostgreSQL server; the store is skipped when unset
	envKeep    = "TRANGTIN_SEARCH_BENCH_SQLITE"     // file: build the SQLite database there (it must not exist) and keep it
	envKeepPG  = "TRANGTIN_SEARCH_BENCH_PG_KEEP"    // "1": keep the PostgreSQL schema (bench_…) for experiments; drop it yourself
)

const (
	defaultN     = 100_000
	seed         = 20260101
	perKind      = 200 // queries of each kind: 600 in the mix
	clients      = 4   // concurrent clients in the throughput run
	pageSize     = 10  // hits per page, as the search page shows
	rerankDepth  = 200 // mirrors search.rerankDepth, for the phase breakdown
	progressStep = 10_000
)

// Query kinds.
const (
	kindOne    = "one-word"
	kindMulti  = "multi-word"
	kindPhrase = "phrase"
	kindMix    = "mix"
)

var kinds = []string{kindOne, kindMulti, kindPhrase}

var ctx = context.Background()

// benchStore is a content store that is also a search index.
type benchStore interface {
	content.Store
	search.Index
	search.Reindexer
}

// TestSearchBench100k builds a 100,000-article site on each store through
// content.Service.SaveArticle (which indexes in the same transaction, as
// the importer and the admin do), measures the build, the index size, a
// full Reindex, and the latency of search.Service.Search (count,
// candidates, ranking in Go and snippets) for a mix of one-word,
// multi-word and phrase queries drawn from the corpus, sequentially and
// with 4 concurrent clients. It prints a Markdown summary.
func TestSearchBench100k(t *testing.T) {
	if os.Getenv(envBench) != "1" {
		t.Skip("set " + envBench + "=1 to run the 100,000-article search benchmark (several minutes per store)")
	}
	n := defaultN
	if s := os.Getenv(envN); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", envN, s)
		}
	}
	recs := loadCorpus(t)
	queries := makeQueries(t, recs)
	t.Logf("machine: %d CPUs (%s), %s %s/%s; %d articles from %d corpus records; %d queries",
		runtime.NumCPU(), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH, n, len(recs), len(queries))

	var reports []*report
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bench.db")
		if p := os.Getenv(envKeep); p != "" {
			if _, err := os.Stat(p); err == nil {
				t.Fatalf("%s: %s exists", envKeep, p)
			}
			path = p
		}
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		raw.SetMaxOpenConns(1)
		t.Cleanup(func() { raw.Close() })
		var version string
		if err := raw.QueryRowContext(ctx, `SELECT sqlite_version()`).Scan(&version); err != nil {
			t.Fatal(err)
		}
		r := &report{store: "SQLite " + version, short: "sqlite"}
		reports = append(reports, r)
		runBench(t, r, db, recs, n, queries, storeHooks{
			sizes:    func(t *testing.T) []sizeRow { return sqliteSizes(t, raw, path) },
			matches:  sqliteMatches(raw),
			maintain: func(t *testing.T) {},
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv(envPG)
		if dsn == "" {
			t.Skip("set " + envPG + " (e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) to include PostgreSQL")
		}
		schemaDSN, admin := freshSchema(t, dsn)
		db, err := postgres.Open(ctx, schemaDSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		var version string
		if err := admin.QueryRowContext(ctx, `SHOW server_version`).Scan(&version); err != nil {
			t.Fatal(err)
		}
		version, _, _ = strings.Cut(version, " ")
		r := &report{store: "PostgreSQL " + version, short: "postgres"}
		reports = append(reports, r)
		runBench(t, r, db, recs, n, queries, storeHooks{
			sizes:   func(t *testing.T) []sizeRow { return postgresSizes(t, admin) },
			matches: postgresMatches(admin),
			// Autovacuum would get to a freshly loaded table soon; do it now
			// so that every run measures the same state (and the GIN
			// pending list is merged).
			maintain: func(t *testing.T) {
				start := time.Now()
				if _, err := admin.ExecContext(ctx, `VACUUM (ANALYZE) search_docs, articles`); err != nil {
					t.Fatalf("vacuum: %v", err)
				}
				t.Logf("VACUUM (ANALYZE) search_docs, articles: %v", time.Since(start).Round(time.Millisecond))
			},
		})
	})
	if len(reports) > 0 {
		t.Log("\n" + markdown(reports, n, len(queries)))
	}
}

// storeHooks are the store-specific parts of the benchmark.
type storeHooks struct {
	sizes    func(t *testing.T) []sizeRow
	matches  matchCounter
	maintain func(t *testing.T) // run after the build and after Reindex
}

// matchCounter counts every document matching q with a bare full-text
// query of its own (all words and phrases required, no join, no filter,
// no limit) and times it. The count tells how large each query's result
// really is (the store counts only up to search.MaxCount+1); the time is
// the engine's floor for walking every match, for reference: it is not the
// store's SQL, which the CPU profile (TRANGTIN_SEARCH_BENCH_CPUPROFILE)
// breaks down instead.
type matchCounter func(q search.Query) (int, time.Duration, error)

type sizeRow struct {
	name  string
	bytes int64
}

type stats struct {
	N                          int
	P50, P95, P99, Max, Mean   time.Duration
	MedianTotal, MaxTotal, Min int // hits counted by the store
}

type report struct {
	store, short       string
	build              time.Duration
	buildChunks        []time.Duration // per progressStep articles
	reindex            time.Duration
	sizes, sizesAfter  []sizeRow
	seq                map[string]stats // by kind and mix
	seqSub             map[string]stats // by kind/sub-kind
	conc               stats
	qps                float64
	afterReindex       stats
	phases             map[string]map[string]stats // phase → kind → stats
	zeroHits           []string
	concWall           time.Duration
	concQueries        int
	sequentialWallMix  time.Duration
	afterReindexWallMx time.Duration
	load               []string // 1-minute load average at the end of each phase
}

func runBench(t *testing.T, r *report, store benchStore, recs []content.ImportRecord, n int, queries []benchQuery, hooks storeHooks) {
	svc := content.NewService(store)
	site := content.Site{Key: "bench", Name: "Cổng thông tin điện tử huyện Thử Nghiệm"}
	if err := svc.SaveSite(ctx, &site, nil); err != nil {
		t.Fatal(err)
	}

	// Build: every article through SaveArticle, as an import does.
	r.load = append(r.load, "start "+loadAvg())
	r.build, r.buildChunks = build(t, svc, site.ID, recs, n)
	r.load = append(r.load, "build "+loadAvg())
	t.Logf("%s: built %d articles in %v (%.0f articles/s); load average %s", r.short, n, r.build.Round(time.Millisecond), float64(n)/r.build.Seconds(), loadAvg())
	hooks.maintain(t)
	r.sizes = hooks.sizes(t)
	for _, s := range r.sizes {
		t.Logf("%s: size %-40s %s", r.short, s.name, mib(s.bytes))
	}

	filter := search.Filter{SiteID: site.ID}
	srch := search.NewService(store)

	// Warm-up pass, then the measured sequential pass.
	runPass(t, srch, filter, queries)
	var prof *os.File
	if p := os.Getenv(envProfile); p != "" {
		var err error
		if prof, err = os.Create(p + "." + r.short); err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(prof); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	seqLat, totals := runPass(t, srch, filter, queries)
	r.sequentialWallMix = time.Since(start)
	r.load = append(r.load, "sequential pass "+loadAvg())
	if prof != nil {
		pprof.StopCPUProfile()
		prof.Close()
		t.Logf("%s: CPU profile of the measured pass in %s", r.short, prof.Name())
	}
	r.seq, r.seqSub = byKind(queries, seqLat, totals)
	for i, total := range totals {
		if total == 0 {
			r.zeroHits = append(r.zeroHits, queries[i].input)
		}
	}
	if len(r.zeroHits) > 0 {
		t.Logf("%s: %d queries found nothing (drawn from the corpus, they should all match): %q", r.short, len(r.zeroHits), r.zeroHits)
	}
	for _, k := range append(kinds, kindMix) {
		s := r.seq[k]
		t.Logf("%s: sequential %-10s n=%d p50=%v p95=%v p99=%v max=%v mean=%v median hits=%d",
			r.short, k, s.N, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), ms(s.Mean), s.MedianTotal)
	}

	// Throughput: clients concurrent clients, each running every query once
	// (starting at different places in the list).
	r.conc, r.qps, r.concWall, r.concQueries = runConcurrent(t, srch, filter, queries)
	r.load = append(r.load, "concurrent run "+loadAvg())
	t.Logf("%s: %d clients: %d queries in %v, %.1f queries/s, p50=%v p95=%v p99=%v", r.short, clients, r.concQueries,
		r.concWall.Round(time.Millisecond), r.qps, ms(r.conc.P50), ms(r.conc.P95), ms(r.conc.P99))

	// Where a query's time goes.
	var matches []int
	r.phases, matches = phaseBreakdown(t, store, hooks.matches, filter, queries)
	_, r.seqSub = byKind(queries, seqLat, matches) // the sub-kinds with their real numbers of matches

	// Reindex the full set, then measure again.
	start = time.Now()
	if err := store.Reindex(ctx, nil); err != nil {
		t.Fatalf("Reindex: %v", err)
	}
	r.reindex = time.Since(start)
	r.load = append(r.load, "Reindex "+loadAvg())
	t.Logf("%s: Reindex of %d articles: %v", r.short, n, r.reindex.Round(time.Millisecond))
	hooks.maintain(t)
	r.sizesAfter = hooks.sizes(t)
	runPass(t, srch, filter, queries) // warm-up
	start = time.Now()
	lat, totals := runPass(t, srch, filter, queries)
	r.afterReindexWallMx = time.Since(start)
	r.load = append(r.load, "pass after Reindex "+loadAvg())
	after, _ := byKind(queries, lat, totals)
	r.afterReindex = after[kindMix]
	t.Logf("%s: after Reindex, sequential mix p50=%v p95=%v p99=%v", r.short, ms(r.afterReindex.P50), ms(r.afterReindex.P95), ms(r.afterReindex.P99))
}

// Corpus and articles.

func loadCorpus(t *testing.T) []content.ImportRecord {
	f, err := os.Open(testenv.Path(t, "corpus/articles.jsonl"))
	if err != nil {
		t.Fatalf("open corpus: %v", err)
	}
	defer f.Close()
	var recs []content.ImportRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		rec, err := content.ParseImportLine(sc.Bytes())
		if err != nil {
			t.Fatalf("corpus line %d: %v", len(recs)+1, err)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(recs) < 100 {
		t.Fatalf("corpus has only %d records", len(recs))
	}
	return recs
}

// categoryNames are the benchmark site's categories; articles are spread
// over them at random.
var categoryNames = []string{
	"Tin tức - Sự kiện", "Chính trị", "Kinh tế", "Văn hóa - Xã hội", "Nông thôn mới", "Cải cách hành chính",
}

// titleWords rotate through the titles of the copies, with a number, so
// every title (and slug) is unique.
var titleWords = []string{"kỳ", "đợt", "phần", "bản tin", "tuần", "chuyên đề", "số", "tháng"}

// dateEnd is the newest publication date; dates spread over ten years
// before it.
var dateEnd = time.Date(2025, 12, 31, 17, 0, 0, 0, vi.Zone)

func build(t *testing.T, svc *content.Service, siteID int64, recs []content.ImportRecord, n int) (time.Duration, []time.Duration) {
	if !dateEnd.Before(time.Now()) {
		t.Fatal("dateEnd must be in the past")
	}
	var cats []content.Category
	for i, name := range categoryNames {
		c := content.Category{SiteID: siteID, Name: name, Position: i + 1}
		if err := svc.SaveCategory(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
		cats = append(cats, c)
	}
	bodies := make([]string, len(recs))
	for i, rec := range recs {
		bodies[i] = content.TextToHTML(rec.Body)
	}
	rng := mathrand.New(mathrand.NewPCG(seed, 2))
	span := int64(10 * 365 * 24 * time.Hour)
	var chunks []time.Duration
	start := time.Now()
	chunkStart := start
	for i := range n {
		rec := recs[i%len(recs)]
		copyNo := i / len(recs)
		a := content.Article{
			SiteID: siteID, CategoryID: cats[rng.IntN(len(cats))].ID,
			Title: rec.Title, Body: bodies[i%len(recs)], SourceURL: rec.URL,
			Status: content.StatusPublished, PublishedAt: dateEnd.Add(-time.Duration(rng.Int64N(span))),
		}
		if rec.Author != nil {
			a.Author = *rec.Author
		}
		if copyNo > 0 {
			a.Title = fmt.Sprintf("%s (%s %d)", rec.Title, titleWords[copyNo%len(titleWords)], copyNo+1)
			a.SourceURL = fmt.Sprintf("%s#bench-%d", rec.URL, copyNo+1)
		}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
		if (i+1)%progressStep == 0 || i+1 == n {
			now := time.Now()
			chunks = append(chunks, now.Sub(chunkStart))
			t.Logf("built %d/%d in %v (last %d: %.0f articles/s)", i+1, n, now.Sub(start).Round(time.Second),
				(i%progressStep)+1, float64((i%progressStep)+1)/now.Sub(chunkStart).Seconds())
			chunkStart = now
		}
	}
	return time.Since(start), chunks
}

// Queries.

type benchQuery struct {
	kind, sub string // sub-kind: common, random, rare; accented, unaccented
	input     string
	q         search.Query
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// makeQueries draws perKind queries of each kind from the corpus with a
// fixed seed, interleaved one-word, multi-word, phrase.
func makeQueries(t *testing.T, recs []content.ImportRecord) []benchQuery {
	rng := mathrand.New(mathrand.NewPCG(seed, 1))
	type doc struct{ title, body []string }
	docs := make([]doc, len(recs))
	df := map[string]int{}                 // folded word → records holding it
	cf := map[string]int{}                 // folded word → occurrences
	surface := map[string]map[string]int{} // folded word → lower-case spellings
	for i, rec := range recs {
		docs[i] = doc{search.Words(vi.NFC(rec.Title)), search.Words(vi.NFC(rec.Body))}
		seen := map[string]bool{}
		for _, w := range append(slices.Clone(docs[i].title), docs[i].body...) {
			if !hasLetter(w) {
				continue
			}
			f := vi.Fold(w)
			cf[f]++
			if !seen[f] {
				seen[f] = true
				df[f]++
			}
			if surface[f] == nil {
				surface[f] = map[string]int{}
			}
			surface[f][strings.ToLower(w)]++
		}
	}
	spelling := func(f string) string { // the most frequent spelling
		best, bestN := "", 0
		for s, n := range surface[f] {
			if n > bestN || (n == bestN && s < best) {
				best, bestN = s, n
			}
		}
		return best
	}
	var byDF, rare []string
	for f := range df {
		byDF = append(byDF, f)
		if df[f] == 1 && cf[f] <= 2 && len([]rune(f)) >= 3 {
			rare = append(rare, f)
		}
	}
	slices.SortFunc(byDF, func(a, b string) int {
		if df[a] != df[b] {
			return df[b] - df[a]
		}
		return strings.Compare(a, b)
	})
	slices.Sort(rare)
	common := byDF[:50]

	accent := func(s string, p float64) (string, string) {
		if rng.Float64() < p {
			return vi.Fold(s), "unaccented"
		}
		return s, "accented"
	}
	// run returns 2–4 consecutive words (with at least one letter each)
	// of a random record's title or body.
	run := func() string {
		for {
			d := docs[rng.IntN(len(docs))]
			words := d.body
			if rng.Float64() < 0.3 {
				words = d.title
			}
			k := 2 + rng.IntN(3)
			if len(words) < k {
				continue
			}
			i := rng.IntN(len(words) - k + 1)
			seq := words[i : i+k]
			if !slices.ContainsFunc(seq, func(w string) bool { return !hasLetter(w) }) {
				return strings.ToLower(strings.Join(seq, " "))
			}
		}
	}
	var one, multi, phrase []benchQuery
	for i := range perKind {
		var w, sub string
		switch i % 3 {
		case 0:
			w, sub = spelling(common[rng.IntN(len(common))]), "common"
		case 1:
			for w == "" {
				d := docs[rng.IntN(len(docs))]
				if x := d.body[rng.IntN(len(d.body))]; hasLetter(x) {
					w = strings.ToLower(x)
				}
			}
			sub = "random"
		default:
			w, sub = spelling(rare[rng.IntN(len(rare))]), "rare"
		}
		w, acc := accent(w, 0.3)
		one = append(one, benchQuery{kind: kindOne, sub: sub + ", " + acc, input: w})
		s, acc := accent(run(), 0.5)
		multi = append(multi, benchQuery{kind: kindMulti, sub: acc, input: s})
		s, acc = accent(run(), 0.5)
		phrase = append(phrase, benchQuery{kind: kindPhrase, sub: acc, input: `"` + s + `"`})
	}
	var out []benchQuery
	for i := range perKind {
		out = append(out, one[i], multi[i], phrase[i])
	}
	for i := range out {
		q, err := search.Parse(out[i].input)
		if err != nil {
			t.Fatalf("query %q: %v", out[i].input, err)
		}
		out[i].q = q
	}
	t.Logf("sample queries: %q", func() []string {
		var s []string
		for _, q := range out[:18] {
			s = append(s, q.input)
		}
		return s
	}())
	return out
}

// Running queries.

func runPass(t *testing.T, srch *search.Service, f search.Filter, qs []benchQuery) ([]time.Duration, []int) {
	lat := make([]time.Duration, len(qs))
	totals := make([]int, len(qs))
	for i, bq := range qs {
		start := time.Now()
		res, err := srch.Search(ctx, bq.q, f, pageSize, 0)
		lat[i] = time.Since(start)
		if err != nil {
			t.Fatalf("Search(%q): %v", bq.input, err)
		}
		totals[i] = res.Total
	}
	return lat, totals
}

func runConcurrent(t *testing.T, srch *search.Service, f search.Filter, qs []benchQuery) (stats, float64, time.Duration, int) {
	st, qps, wall := concurrent(t, srch, f, qs, clients, len(qs))
	return st, qps, wall, clients * len(qs)
}

// phaseBreakdown times, for every query, the parts of Search one by one:
// the store's SearchCandidates, the ranking in Go and the snippets and
// title highlights of a page; and, for reference, the bare full-text
// match of every match (see matchCounter), whose counts it returns.
func phaseBreakdown(t *testing.T, idx search.Index, count matchCounter, f search.Filter, qs []benchQuery) (map[string]map[string]stats, []int) {
	f.Now = time.Now()
	type sample struct{ bare, cands, rank, snippets time.Duration }
	samples := make([]sample, len(qs))
	matches := make([]int, len(qs))
	for i, bq := range qs {
		var s sample
		t0 := time.Now()
		cands, _, err := idx.SearchCandidates(ctx, bq.q, f, rerankDepth)
		if err != nil {
			t.Fatalf("SearchCandidates(%q): %v", bq.input, err)
		}
		t1 := time.Now()
		hits := search.Rank(bq.q, cands)
		t2 := time.Now()
		for j := 0; j < len(hits) && j < pageSize; j++ {
			h := hits[j]
			_ = search.Snippet(strings.TrimSpace(h.Text+" "+h.Byline), bq.q, 40)
			_ = search.Highlight(h.Title, bq.q)
		}
		t3 := time.Now()
		s.cands, s.rank, s.snippets = t1.Sub(t0), t2.Sub(t1), t3.Sub(t2)
		samples[i] = s
	}
	// The bare matches run in a pass of their own: interleaved, their
	// walks over every match would evict the pages the store's queries
	// use (on PostgreSQL they made SearchCandidates ten times slower).
	for i, bq := range qs {
		var err error
		if matches[i], samples[i].bare, err = count(bq.q); err != nil {
			t.Fatalf("bare match %q: %v", bq.input, err)
		}
	}
	get := map[string]func(sample) time.Duration{
		phaseBare:     func(s sample) time.Duration { return s.bare },
		phaseCands:    func(s sample) time.Duration { return s.cands },
		phaseRank:     func(s sample) time.Duration { return s.rank },
		phaseSnippets: func(s sample) time.Duration { return s.snippets },
	}
	out := map[string]map[string]stats{}
	for name, g := range get {
		ds := make([]time.Duration, len(samples))
		for i, s := range samples {
			ds[i] = g(s)
		}
		out[name], _ = byKind(qs, ds, nil)
	}
	return out, matches
}

const (
	phaseCands    = "SearchCandidates (count, top 200, their columns)"
	phaseRank     = "Rank (Go, up to 200 candidates)"
	phaseSnippets = "Snippet + Highlight (10 hits)"
	phaseBare     = "for reference: bare full-text match walking every match"
)

// phaseOrder is the order phases are printed in.
var phaseOrder = []string{phaseCands, phaseRank, phaseSnippets, phaseBare}

// Statistics.

func byKind(qs []benchQuery, lat []time.Duration, totals []int) (map[string]stats, map[string]stats) {
	groups := map[string][]int{}
	sub := map[string][]int{}
	for i, bq := range qs {
		groups[bq.kind] = append(groups[bq.kind], i)
		groups[kindMix] = append(groups[kindMix], i)
		sub[bq.kind+": "+bq.sub] = append(sub[bq.kind+": "+bq.sub], i)
	}
	pick := func(idx []int) stats {
		ds := make([]time.Duration, len(idx))
		var ts []int
		for j, i := range idx {
			ds[j] = lat[i]
			if totals != nil {
				ts = append(ts, totals[i])
			}
		}
		return summarize(ds, ts)
	}
	out, outSub := map[string]stats{}, map[string]stats{}
	for k, idx := range groups {
		out[k] = pick(idx)
	}
	for k, idx := range sub {
		outSub[k] = pick(idx)
	}
	return out, outSub
}

// summarize gives nearest-rank percentiles.
func summarize(ds []time.Duration, totals []int) stats {
	if len(ds) == 0 {
		return stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	st := stats{N: len(s), P50: rank(0.50), P95: rank(0.95), P99: rank(0.99), Max: s[len(s)-1], Mean: sum / time.Duration(len(s))}
	if len(totals) > 0 {
		ts := slices.Clone(totals)
		slices.Sort(ts)
		st.MedianTotal, st.Min, st.MaxTotal = ts[(len(ts)-1)/2], ts[0], ts[len(ts)-1]
	}
	return st
}

// SQLite specifics.

func sqliteSizes(t *testing.T, raw *sql.DB, path string) []sizeRow {
	if _, err := raw.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := raw.QueryContext(ctx, `SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC`)
	if err != nil {
		t.Fatalf("dbstat: %v", err)
	}
	defer rows.Close()
	out := []sizeRow{{"database file (after checkpoint)", fi.Size()}}
	groups := map[string]int64{}
	var detail []sizeRow
	for rows.Next() {
		var r sizeRow
		if err := rows.Scan(&r.name, &r.bytes); err != nil {
			t.Fatal(err)
		}
		detail = append(detail, r)
		switch {
		case strings.HasPrefix(r.name, "search_fts"):
			groups["search_fts (FTS5 index: all shadow tables)"] += r.bytes
		case r.name == "search_docs", strings.HasPrefix(r.name, "sqlite_autoindex_search_docs"), strings.HasPrefix(r.name, "search_docs_"),
			r.name == "search_text": // the text's streams, apart since migration 0045
			groups["search_docs (ranking and snippet columns, with indexes)"] += r.bytes
		case r.name == "articles", strings.HasPrefix(r.name, "sqlite_autoindex_articles"), strings.HasPrefix(r.name, "articles_"):
			groups["articles (content, with indexes)"] += r.bytes
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var all int64
	for _, r := range detail {
		all += r.bytes
	}
	for _, g := range []string{"search_fts (FTS5 index: all shadow tables)", "search_docs (ranking and snippet columns, with indexes)", "articles (content, with indexes)"} {
		out = append(out, sizeRow{g, groups[g]})
	}
	out = append(out, sizeRow{"free pages (file − used)", fi.Size() - all})
	for _, r := range detail {
		if r.bytes >= 1<<20 {
			out = append(out, sizeRow{"  " + r.name, r.bytes})
		}
	}
	return out
}

// sqliteMatches counts with FTS5 alone: every phrase, and every word
// outside the phrases, required.
func sqliteMatches(raw *sql.DB) matchCounter {
	return func(q search.Query) (int, time.Duration, error) {
		var parts []string
		inPhrase := map[string]bool{}
		for _, p := range q.Phrases {
			parts = append(parts, `"`+strings.Join(search.Folded(p), " ")+`"`)
			for _, t := range p {
				inPhrase[t.Folded] = true
			}
		}
		for _, t := range q.Required {
			if !inPhrase[t.Folded] {
				parts = append(parts, `"`+t.Folded+`"`)
			}
		}
		var n int
		start := time.Now()
		err := raw.QueryRowContext(ctx, `SELECT count(*) FROM search_fts WHERE search_fts MATCH ?`, strings.Join(parts, " AND ")).Scan(&n)
		return n, time.Since(start), err
	}
}

// PostgreSQL specifics.

// freshSchema creates an empty schema, dropped when the test ends, and
// returns a DSN whose connections use it and an admin pool on it.
func freshSchema(t *testing.T, dsn string) (string, *sql.DB) {
	b := make([]byte, 8)
	rand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	root, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	if _, err := root.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if os.Getenv(envKeepPG) == "1" {
			t.Logf("kept schema %s (%s=1)", schema, envKeepPG)
			return
		}
		if _, err := root.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	var withPath string
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("parse %s: %v", envPG, err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		withPath = u.String()
	} else {
		withPath = strings.TrimSpace(dsn + " search_path=" + schema)
	}
	admin, err := sql.Open("pgx", withPath)
	if err != nil {
		t.Fatal(err)
	}
	admin.SetMaxOpenConns(2)
	t.Cleanup(func() { admin.Close() })
	return withPath, admin
}

func postgresSizes(t *testing.T, admin *sql.DB) []sizeRow {
	var total, table, heap, indexes, gin, articles, database int64
	err := admin.QueryRowContext(ctx, `SELECT pg_total_relation_size('search_docs'), pg_table_size('search_docs'),
		pg_relation_size('search_docs'), pg_indexes_size('search_docs'), pg_relation_size('search_docs_tsv'),
		pg_total_relation_size('articles'), pg_database_size(current_database())`).
		Scan(&total, &table, &heap, &indexes, &gin, &articles, &database)
	if err != nil {
		t.Fatalf("sizes: %v", err)
	}
	out := []sizeRow{
		{"search_docs total (pg_total_relation_size)", total},
		{"  table: heap (pg_relation_size)", heap},
		{"  table: TOAST, FSM, VM (pg_table_size − heap)", table - heap},
		{"  indexes (pg_indexes_size)", indexes},
		{"    GIN index search_docs_tsv (pg_relation_size)", gin},
		{"articles total (content, with indexes)", articles},
		{"database (all schemas)", database},
	}
	rows, err := admin.QueryContext(ctx, `SELECT c.relname, pg_relation_size(c.oid) FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'search_docs'::regclass AND c.relname <> 'search_docs_tsv' ORDER BY 1`)
	if err != nil {
		t.Fatalf("index sizes: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r sizeRow
		if err := rows.Scan(&r.name, &r.bytes); err != nil {
			t.Fatal(err)
		}
		r.name = "    index " + r.name
		out = append(out, r)
	}
	var tsv int64
	if err := admin.QueryRowContext(ctx, `SELECT sum(pg_column_size(tsv)) FROM search_docs`).Scan(&tsv); err != nil {
		t.Fatalf("tsv size: %v", err)
	}
	out = append(out, sizeRow{"  tsv column, sum of pg_column_size (part of the table)", tsv})
	return out
}

// postgresMatches counts with the GIN-indexed tsvector alone: every
// phrase, and every word outside the phrases, required.
func postgresMatches(admin *sql.DB) matchCounter {
	return func(q search.Query) (int, time.Duration, error) {
		quote := func(t search.Term) string { return "'" + strings.ReplaceAll(t.Folded, "'", "''") + "'" }
		var parts []string
		inPhrase := map[string]bool{}
		for _, p := range q.Phrases {
			words := make([]string, len(p))
			for i, t := range p {
				words[i] = quote(t)
				inPhrase[t.Folded] = true
			}
			parts = append(parts, "("+strings.Join(words, " <-> ")+")")
		}
		for _, t := range q.Required {
			if !inPhrase[t.Folded] {
				parts = append(parts, quote(t))
			}
		}
		var n int
		start := time.Now()
		err := admin.QueryRowContext(ctx, `SELECT count(*) FROM search_docs WHERE tsv @@ to_tsquery('simple', $1)`, strings.Join(parts, " & ")).Scan(&n)
		return n, time.Since(start), err
	}
}

// Output.

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for line := range strings.Lines(string(b)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// loadAvg is the 1-minute load average: on a shared machine, other work
// running during a phase shows here.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func markdown(reports []*report, n, nq int) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("## Search on %d articles (%s, %d CPUs, %s)", n, cpuModel(), runtime.NumCPU(), time.Now().Format(time.DateOnly))
	p("")
	p("### Build and Reindex")
	p("")
	p("| store | build (SaveArticle ×%d) | articles/s | first / last %d | Reindex |", n, progressStep)
	p("|---|---|---|---|---|")
	for _, r := range reports {
		first, last := "", ""
		if len(r.buildChunks) > 0 {
			first = fmt.Sprintf("%.0f", float64(progressStep)/r.buildChunks[0].Seconds())
			last = fmt.Sprintf("%.0f", float64(progressStep)/r.buildChunks[len(r.buildChunks)-1].Seconds())
		}
		p("| %s | %v | %.0f | %s / %s articles/s | %v |", r.store, r.build.Round(time.Second), float64(n)/r.build.Seconds(),
			first, last, r.reindex.Round(time.Second))
	}
	p("")
	p("### Size")
	p("")
	for _, r := range reports {
		p("| %s | after build | after Reindex |", r.store)
		p("|---|---|---|")
		after := map[string]int64{}
		for _, s := range r.sizesAfter {
			after[s.name] = s.bytes
		}
		for _, s := range r.sizes {
			a := "–"
			if v, ok := after[s.name]; ok {
				a = mib(v)
			}
			p("| %s | %s | %s |", strings.ReplaceAll(s.name, "  ", "&nbsp;&nbsp;"), mib(s.bytes), a)
		}
		p("")
	}
	p("### Query latency, one client (search.Service.Search, page of %d, %d queries after a warm-up pass)", pageSize, nq)
	p("")
	p("| store | kind | n | p50 | p95 | p99 | max | mean | median total (counted up to %d) |", search.MaxCount)
	p("|---|---|---|---|---|---|---|---|---|")
	for _, r := range reports {
		for _, k := range append(slices.Clone(kinds), kindMix) {
			s := r.seq[k]
			name := k
			if k == kindMix {
				name = "**mix**"
			}
			p("| %s | %s | %d | %s | %s | %s | %s | %s | %d |", r.store, name, s.N, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), ms(s.Mean), s.MedianTotal)
		}
		s := r.afterReindex
		p("| %s | mix, after Reindex | %d | %s | %s | %s | %s | %s | %d |", r.store, s.N, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), ms(s.Mean), s.MedianTotal)
	}
	p("")
	p("By sub-kind (matches: every match, counted apart by the bare full-text query):")
	p("")
	p("| store | kind: sub-kind | n | p50 | p95 | max | median matches | matches min–max |")
	p("|---|---|---|---|---|---|---|---|")
	for _, r := range reports {
		var keys []string
		for k := range r.seqSub {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			s := r.seqSub[k]
			p("| %s | %s | %d | %s | %s | %s | %d | %d–%d |", r.store, k, s.N, ms(s.P50), ms(s.P95), ms(s.Max), s.MedianTotal, s.Min, s.MaxTotal)
		}
	}
	p("")
	p("### Throughput, %d concurrent clients (each runs the %d queries once)", clients, nq)
	p("")
	p("| store | queries | wall | queries/s | p50 | p95 | p99 | max |")
	p("|---|---|---|---|---|---|---|---|")
	for _, r := range reports {
		s := r.conc
		p("| %s | %d | %v | %.1f | %s | %s | %s | %s |", r.store, r.concQueries, r.concWall.Round(time.Millisecond), r.qps, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max))
	}
	p("")
	p("### Where the time goes (one client; each part timed alone)")
	p("")
	p("| store | part | one-word p50 / p95 | multi-word p50 / p95 | phrase p50 / p95 | mix p50 / p95 / mean |")
	p("|---|---|---|---|---|---|")
	for _, r := range reports {
		for _, ph := range phaseOrder {
			m, ok := r.phases[ph]
			if !ok {
				continue
			}
			c := func(k string) string { return ms(m[k].P50) + " / " + ms(m[k].P95) }
			p("| %s | %s | %s | %s | %s | %s / %s |", r.store, ph, c(kindOne), c(kindMulti), c(kindPhrase), c(kindMix), ms(m[kindMix].Mean))
		}
	}
	p("")
	for _, r := range reports {
		p("%s: 1-minute load average (%d CPUs) at the end of each phase: %s.", r.store, runtime.NumCPU(), strings.Join(r.load, ", "))
	}
	for _, r := range reports {
		if len(r.zeroHits) > 0 {
			p("")
			p("%s: %d queries found nothing: %q", r.store, len(r.zeroHits), r.zeroHits)
		}
	}
	return b.String()
}
