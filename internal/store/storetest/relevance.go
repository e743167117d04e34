package storetest

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/search"
	"trangtin/internal/testenv"
)

// The relevance evaluation: the corpus (testdata/corpus) imported into the
// demo site, the hand-judged queries of testdata/relevance/queries.tsv run
// through the real parser, index and ranking, and recall@10, MRR and
// nDCG@10 per kind of query, on whichever store runs it:
//
//	go test -run TestRelevance -v ./internal/store/sqlite
//	TRANGTIN_TEST_POSTGRES=… go test -run TestRelevance -v ./internal/store/postgres
//
// It runs twice: on the corpus alone (Corpus) and with Distractors
// word-shuffled copies of the corpus added after it (Distractors). Set
// TRANGTIN_RELEVANCE_ALL=1 to log every query's ranked results.

const (
	queriesFile = "internal/store/storetest/testdata/relevance/queries.tsv"
	evalDepth   = 10 // results judged per query: the first page

	// Distractors is how many word-shuffled copies of corpus articles the
	// second run adds: copies that keep every article's vocabulary and
	// word counts but none of its phrases, so that a query's syllables
	// match thousands of documents while its phrase matches only the
	// real articles.
	Distractors = 3000
)

// Floors are the mean recall@10, MRR and mean nDCG@10 below which a kind
// of query fails.
type Floors map[string]struct{ Recall, MRR, NDCG float64 }

// corpusFloors were set on 2026-11-28 from the figures measured that day
// with queries.tsv as committed, about 0.02 under each, so that one query
// of a kind falling a rank or two fails the test. Raise them when the
// ranking improves; lower one only with a reason in BENCHMARKS.md.
var corpusFloors = Floors{
	"exact":        {Recall: 0.9, MRR: 0.98, NDCG: 0.93}, // measured 1.000, 0.957
	"nodiacritics": {Recall: 0.9, MRR: 0.98, NDCG: 0.96}, // measured 1.000, 0.980
	"partial":      {Recall: 0.9, MRR: 0.98, NDCG: 0.96}, // measured 1.000, 0.988
	"phrase":       {Recall: 0.9, MRR: 0.98, NDCG: 0.98}, // measured 1.000, 1.000
	"title":        {Recall: 0.9, MRR: 0.91, NDCG: 0.91}, // measured 0.938, 0.938
	"person":       {Recall: 0.9, MRR: 0.98, NDCG: 0.98}, // measured 1.000, 1.000
	"place":        {Recall: 0.9, MRR: 0.95, NDCG: 0.94}, // measured 0.974, 0.963
}

// distractorFloors hold with the distractors in the index. Phrases and
// people's names are issue 16's goal: every relevant article in the first
// ten and MRR at least 0.98. The other kinds' floors are what SQLite
// measured on 2026-12-07, a little under. Person's MRR floor is 0.95, not
// 0.98: "to lam" (no diacritics) finds "Tô Lâm" third, after two shuffled
// copies in which words folding to "to" and "lam" fell side by side, which
// no ranking on folded text can tell apart (SQLite measured 0.958: 15 queries first, that one third;
// PostgreSQL 0.950, that one fifth, so the floor is 0.94).
// Title's floors are under what PostgreSQL measured on 2026-12-07 (MRR
// 0.896, nDCG 0.857, against SQLite's 0.938 and 0.888): its engine score
// (ts_rank_cd) puts shuffled copies of a title above the article more
// often than bm25 does; main's search SQL measured the same there.
var distractorFloors = Floors{
	"exact":        {Recall: 0.77, MRR: 0.94, NDCG: 0.82},
	"nodiacritics": {Recall: 0.87, MRR: 0.98, NDCG: 0.90},
	"partial":      {Recall: 0.88, MRR: 0.98, NDCG: 0.92},
	"phrase":       {Recall: 1, MRR: 0.98, NDCG: 0.98},
	"title":        {Recall: 0.77, MRR: 0.88, NDCG: 0.84},
	"person":       {Recall: 1, MRR: 0.94, NDCG: 0.95},
	"place":        {Recall: 0.85, MRR: 0.82, NDCG: 0.79},
}

// kindOrder is the order of the report.
var kindOrder = []string{"exact", "nodiacritics", "partial", "phrase", "title", "person", "place"}

// issueQueries must each return the seed article first (issue 4's
// "done when").
var issueQueries = []string{"bao tro xa hoi", "bảo trợ xã hội", "Vu Thi Duoc", "Kim Thoa"}

// Demo is what the evaluation needs of internal/demo, which the
// conformance suite may not import: callers pass demo.Ensure, demo.SiteKey
// and demo.Seed.Title.
type Demo struct {
	Ensure    func(ctx context.Context, svc *content.Service) (bool, error)
	SiteKey   string
	SeedTitle string
}

// RunRelevance runs the relevance evaluation on stores from open.
func RunRelevance(t *testing.T, open OpenSearch, demo Demo) {
	testenv.Long(t, "the relevance evaluation imports the whole corpus")
	corpus, err := os.ReadFile(testenv.Path(t, "corpus/articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	recs := parseCorpus(t, corpus)
	queries := readJudgedQueries(t, filepath.Join(testenv.Root(t), filepath.FromSlash(queriesFile)))
	t.Run("Corpus", func(t *testing.T) {
		evalRelevance(t, open(t), demo, recs, queries, nil, corpusFloors)
	})
	t.Run("Distractors", func(t *testing.T) {
		evalRelevance(t, open(t), demo, recs, queries, MakeDistractors(recs, Distractors), distractorFloors)
	})
}

func parseCorpus(t *testing.T, corpus []byte) []content.ImportRecord {
	t.Helper()
	var recs []content.ImportRecord
	sc := bufio.NewScanner(strings.NewReader(string(corpus)))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		rec, err := content.ParseImportLine(sc.Bytes())
		if err != nil {
			t.Fatalf("corpus line %d: %v", n, err)
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs
}

// MakeDistractors returns n copies of recs (round robin) whose title's and
// body's words are shuffled, each with its own address under
// distractor.invalid; the same n always gives the same copies.
func MakeDistractors(recs []content.ImportRecord, n int) []content.ImportRecord {
	out := make([]content.ImportRecord, n)
	for i := range out {
		rng := rand.New(rand.NewPCG(uint64(i), 0x5eed))
		rec := recs[i%len(recs)]
		rec.URL = fmt.Sprintf("https://distractor.invalid/%d", i)
		rec.Title = shuffleWords(rng, rec.Title)
		rec.Body = shuffleWords(rng, rec.Body)
		out[i] = rec
	}
	return out
}

func shuffleWords(rng *rand.Rand, s string) string {
	w := strings.Fields(s)
	rng.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
	return strings.Join(w, " ")
}

func evalRelevance(t *testing.T, s SearchStore, demo Demo, recs []content.ImportRecord, queries []judgedQuery, distractors []content.ImportRecord, floors Floors) {
	svc := content.NewService(s)
	start := time.Now()
	site := importDemoCorpus(t, svc, demo, recs)
	importInto(t, svc, site.ID, distractors)
	imported := time.Since(start)

	// Titles and corpus line numbers, to name documents in the report.
	labels := documentLabels(t, s, site.ID, demo, recs, distractors)
	for _, q := range queries {
		for id := range q.relevant {
			if labels[id] == "" || strings.HasPrefix(id, "https://distractor.invalid/") {
				t.Fatalf("%s:%d: %q: relevant document %q is not in the corpus", queriesFile, q.line, q.text, id)
			}
		}
	}

	srch := search.NewService(s)
	run := func(input string) []string {
		t.Helper()
		q, err := search.Parse(input)
		if err != nil {
			t.Fatalf("Parse(%q): %v", input, err)
		}
		res, err := srch.Search(ctx, q, search.Filter{SiteID: site.ID}, evalDepth, 0)
		if err != nil {
			t.Fatalf("Search(%q): %v", input, err)
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = docID(h.Doc, demo)
		}
		return ids
	}

	for _, input := range issueQueries {
		if got := run(input); len(got) == 0 || got[0] != "seed" {
			first := "nothing"
			if len(got) > 0 {
				first = labels[got[0]]
			}
			t.Errorf("issue query %q: first result is %s, want the seed article", input, first)
		}
	}

	start = time.Now()
	var scores []queryScore
	for _, q := range queries {
		got := run(q.text)
		sc := queryScore{judgedQuery: q, got: got}
		sc.recall, sc.rr, sc.ndcg = judge(q.relevant, got)
		scores = append(scores, sc)
	}
	t.Logf("%d corpus articles and %d distractors imported and indexed in %v; %d queries ran in %v",
		len(recs), len(distractors), imported.Round(time.Millisecond), len(queries), time.Since(start).Round(time.Millisecond))
	reportRelevance(t, scores, labels)
	checkFloors(t, scores, floors)
}

// checkFloors fails t for every kind under its floors.
func checkFloors(t *testing.T, scores []queryScore, floors Floors) {
	t.Helper()
	byKind := map[string][]queryScore{}
	for _, s := range scores {
		byKind[s.kind] = append(byKind[s.kind], s)
	}
	for _, kind := range kindOrder {
		ss := byKind[kind]
		if len(ss) == 0 {
			t.Errorf("no queries of kind %s", kind)
			continue
		}
		recall, mrr, ndcg := means(ss)
		floor := floors[kind]
		if recall < floor.Recall {
			t.Errorf("%s: mean recall@10 %.3f is below its floor %.2f", kind, recall, floor.Recall)
		}
		if mrr < floor.MRR {
			t.Errorf("%s: MRR %.3f is below its floor %.2f", kind, mrr, floor.MRR)
		}
		if ndcg < floor.NDCG {
			t.Errorf("%s: mean nDCG@10 %.3f is below its floor %.2f", kind, ndcg, floor.NDCG)
		}
	}
}

// importDemoCorpus creates the demo site (its seed article and its own
// Gia Viễn stories, none from the corpus) and imports the whole corpus
// into it through the importer, as `trangtin import` does.
func importDemoCorpus(t *testing.T, svc *content.Service, demo Demo, recs []content.ImportRecord) content.Site {
	t.Helper()
	if created, err := demo.Ensure(ctx, svc); err != nil || !created {
		t.Fatalf("demo.Ensure: created %v, %v", created, err)
	}
	site, err := svc.Store().FindSiteByKey(ctx, demo.SiteKey)
	if err != nil {
		t.Fatal(err)
	}
	// The judgments cover the seed and the corpus: the demo's own stories
	// (which name Kim Thoả and Vũ Thị Dược too) are taken off the site.
	arts, err := svc.Store().FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.Title != demo.SeedTitle {
			a.Status = content.StatusDraft
			if err := svc.SaveArticle(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
	}
	outcomes := importInto(t, svc, site.ID, recs)
	if outcomes[content.Updated] != 0 || outcomes[content.Imported] < 60 {
		t.Fatalf("corpus import: %d imported, %d updated; want every corpus article new to the demo", outcomes[content.Imported], outcomes[content.Updated])
	}
	return site
}

func importInto(t *testing.T, svc *content.Service, siteID int64, recs []content.ImportRecord) map[content.ImportOutcome]int {
	t.Helper()
	im, err := svc.NewImporter(ctx, siteID)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[content.ImportOutcome]int{}
	for _, rec := range recs {
		o, err := im.Import(ctx, rec)
		if err != nil {
			t.Fatalf("import %s: %v", rec.URL, err)
		}
		outcomes[o]++
	}
	return outcomes
}

// docID names a search result the way queries.tsv does.
func docID(d search.Doc, demo Demo) string {
	switch {
	case d.Kind == search.KindPage:
		return "page:" + d.Slug
	case d.Kind != search.KindArticle:
		return d.Kind + ":" + fmt.Sprint(d.RefID) // the demo's documents: never judged relevant
	case d.SourceURL == "" && d.Title == demo.SeedTitle:
		return "seed"
	case d.SourceURL == "":
		return "demo:" + d.Slug // the demo's own stories: never judged relevant
	default:
		return d.SourceURL
	}
}

// documentLabels returns a short label for every document of the site that
// a query may be judged against or return.
func documentLabels(t *testing.T, s SearchStore, siteID int64, demo Demo, recs, distractors []content.ImportRecord) map[string]string {
	t.Helper()
	labels := map[string]string{"seed": "seed: " + shorten(demo.SeedTitle)}
	for n, rec := range recs {
		labels[rec.URL] = fmt.Sprintf("#%d %s", n, shorten(rec.Title))
	}
	for n, rec := range distractors {
		labels[rec.URL] = fmt.Sprintf("distractor %d (of #%d) %s", n, n%len(recs), shorten(rec.Title))
	}
	pages, err := s.FindPages(ctx, siteID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		labels["page:"+p.Slug] = "page: " + shorten(p.Title)
	}
	return labels
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}
