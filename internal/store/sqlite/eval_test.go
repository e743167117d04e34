package sqlite_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/search"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
)

// The relevance evaluation: the corpus (testdata/corpus) imported into the demo site,
// the hand-judged queries of testdata/relevance/queries.tsv run through the
// real parser, index and ranking, and recall@10, MRR and nDCG@10 per kind
// of query. Run it with
//
//	go test -run TestRelevance -v ./internal/store/sqlite
//
// and add -args -relevance.all to print every query's results.

var relevanceAll = flag.Bool("relevance.all", false, "TestRelevance: log every query's ranked results")

const (
	queriesPath = "testdata/relevance/queries.tsv"
	evalDepth   = 10 // results judged per query: the first page

	// minRecall is the issue's floor for every kind of query.
	minRecall = 0.9
)

// relevanceFloors are the MRR and nDCG@10 below which a kind of query
// fails. They were set on 2026-11-28 from the figures measured that day
// with queries.tsv as committed (see EVAL.md), about 0.02 under each, so
// that one query of a kind falling a rank or two fails the test. Raise
// them when the ranking improves; lower one only with a reason in EVAL.md.
var relevanceFloors = map[string]struct{ MRR, NDCG float64 }{
	"exact":        {MRR: 0.98, NDCG: 0.93}, // measured 1.000, 0.957
	"nodiacritics": {MRR: 0.98, NDCG: 0.96}, // measured 1.000, 0.980
	"partial":      {MRR: 0.98, NDCG: 0.96}, // measured 1.000, 0.988
	"phrase":       {MRR: 0.98, NDCG: 0.98}, // measured 1.000, 1.000
	"title":        {MRR: 0.91, NDCG: 0.91}, // measured 0.938, 0.938
	"person":       {MRR: 0.98, NDCG: 0.98}, // measured 1.000, 1.000
	"place":        {MRR: 0.95, NDCG: 0.94}, // measured 0.974, 0.963
}

// kindOrder is the order of the report.
var kindOrder = []string{"exact", "nodiacritics", "partial", "phrase", "title", "person", "place"}

// issueQueries must each return the seed article first (the issue's
// "done when").
var issueQueries = []string{"bao tro xa hoi", "bảo trợ xã hội", "Vu Thi Duoc", "Kim Thoa"}

// judgedQuery is one line of queries.tsv.
type judgedQuery struct {
	line     int
	kind     string
	text     string
	relevant map[string]int // document id → grade (1 or 2)
	note     string
}

// queryScore is how one query fared.
type queryScore struct {
	judgedQuery
	recall, rr, ndcg float64
	got              []string // ids of the results, best first
}

func TestRelevance(t *testing.T) {
	testenv.Long(t, "the relevance evaluation imports the whole corpus")
	corpus, err := os.ReadFile(testenv.Path(t, "corpus/articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	queries := readJudgedQueries(t, queriesPath)

	ctx := context.Background()
	db := open(t).(*sqlite.DB)
	svc := content.NewService(db)
	start := time.Now()
	site := importDemoCorpus(t, ctx, svc, corpus)
	imported := time.Since(start)

	// Titles and corpus line numbers, to name documents in the report.
	labels, known := documentLabels(t, ctx, db, site.ID, corpus)
	for _, q := range queries {
		for id := range q.relevant {
			if !known[id] {
				t.Fatalf("%s:%d: %q: relevant document %q is not in the corpus", queriesPath, q.line, q.text, id)
			}
		}
	}

	srch := search.NewService(db)
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
			ids[i] = docID(h.Doc)
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
		s := queryScore{judgedQuery: q, got: got}
		s.recall, s.rr, s.ndcg = judge(q.relevant, got)
		scores = append(scores, s)
	}

	t.Logf("corpus imported and indexed in %v; %d queries ran in %v", imported.Round(time.Millisecond), len(queries), time.Since(start).Round(time.Millisecond))
	report(t, scores, labels)

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
		floor := relevanceFloors[kind]
		if recall < minRecall {
			t.Errorf("%s: mean recall@10 %.3f is below %.2f", kind, recall, minRecall)
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
func importDemoCorpus(t *testing.T, ctx context.Context, svc *content.Service, corpus []byte) content.Site {
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
		if a.Title != demo.Seed.Title {
			a.Status = content.StatusDraft
			if err := svc.SaveArticle(ctx, &a); err != nil {
				t.Fatal(err)
			}
		}
	}
	im, err := svc.NewImporter(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[content.ImportOutcome]int{}
	sc := bufio.NewScanner(strings.NewReader(string(corpus)))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		rec, err := content.ParseImportLine(sc.Bytes())
		if err != nil {
			t.Fatalf("corpus line %d: %v", n, err)
		}
		o, err := im.Import(ctx, rec)
		if err != nil {
			t.Fatalf("corpus line %d (%s): %v", n, rec.URL, err)
		}
		outcomes[o]++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if outcomes[content.Updated] != 0 || outcomes[content.Imported] < 60 {
		t.Fatalf("corpus import: %d imported, %d updated; want every corpus article new to the demo", outcomes[content.Imported], outcomes[content.Updated])
	}
	return site
}

// docID names a search result the way queries.tsv does.
func docID(d search.Doc) string {
	switch {
	case d.Kind == search.KindPage:
		return "page:" + d.Slug
	case d.Kind != search.KindArticle:
		return d.Kind + ":" + strconv.FormatInt(d.RefID, 10) // the demo's documents: never judged relevant
	case d.SourceURL == "" && d.Title == demo.Seed.Title:
		return "seed"
	case d.SourceURL == "":
		return "demo:" + d.Slug // the demo's own stories: never judged relevant
	default:
		return d.SourceURL
	}
}

// documentLabels returns a short label for every document of the site and
// the set of valid ids.
func documentLabels(t *testing.T, ctx context.Context, db *sqlite.DB, siteID int64, corpus []byte) (map[string]string, map[string]bool) {
	t.Helper()
	labels := map[string]string{"seed": "seed: " + shorten(demo.Seed.Title)}
	sc := bufio.NewScanner(strings.NewReader(string(corpus)))
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan(); n++ {
		rec, err := content.ParseImportLine(sc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		labels[rec.URL] = fmt.Sprintf("#%d %s", n, shorten(rec.Title))
	}
	pages, err := db.FindPages(ctx, siteID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		labels["page:"+p.Slug] = "page: " + shorten(p.Title)
	}
	known := map[string]bool{}
	for id := range labels {
		known[id] = true
	}
	return labels, known
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// readJudgedQueries parses queries.tsv: kind, query, relevant, note,
// separated by tabs; relevant is space-separated grade:id.
func readJudgedQueries(t *testing.T, path string) []judgedQuery {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, k := range kindOrder {
		kinds[k] = true
	}
	var out []judgedQuery
	seen := map[string]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			t.Fatalf("%s:%d: want kind, query, relevant[, note] separated by tabs", path, n)
		}
		q := judgedQuery{line: n, kind: f[0], text: f[1], relevant: map[string]int{}}
		if len(f) > 3 {
			q.note = f[3]
		}
		if !kinds[q.kind] {
			t.Fatalf("%s:%d: unknown kind %q", path, n, q.kind)
		}
		if seen[q.kind+"\x00"+q.text] {
			t.Fatalf("%s:%d: %s query %q listed twice", path, n, q.kind, q.text)
		}
		seen[q.kind+"\x00"+q.text] = true
		for _, item := range strings.Fields(f[2]) {
			g, id, ok := strings.Cut(item, ":")
			grade, err := strconv.Atoi(g)
			if !ok || err != nil || grade < 1 || grade > 2 || id == "" {
				t.Fatalf("%s:%d: relevant item %q is not grade:id with grade 1 or 2", path, n, item)
			}
			q.relevant[id] = grade
		}
		if len(q.relevant) == 0 {
			t.Fatalf("%s:%d: %q has no relevant document", path, n, q.text)
		}
		out = append(out, q)
	}
	if len(out) < 60 {
		t.Fatalf("%s: %d queries, want at least 60", path, len(out))
	}
	return out
}

// judge scores one ranked list: recall@k, the reciprocal rank of the first
// relevant result (0 when none is in the list) and nDCG@k with gain
// 2^grade - 1.
func judge(relevant map[string]int, got []string) (recall, rr, ndcg float64) {
	found := 0
	dcg := 0.0
	for i, id := range got {
		g, ok := relevant[id]
		if !ok {
			continue
		}
		found++
		if rr == 0 {
			rr = 1 / float64(i+1)
		}
		dcg += gain(g) / math.Log2(float64(i+2))
	}
	grades := make([]int, 0, len(relevant))
	for _, g := range relevant {
		grades = append(grades, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	idcg := 0.0
	for i, g := range grades {
		if i == evalDepth {
			break
		}
		idcg += gain(g) / math.Log2(float64(i+2))
	}
	return float64(found) / float64(len(relevant)), rr, dcg / idcg
}

func gain(grade int) float64 { return math.Exp2(float64(grade)) - 1 }

func means(ss []queryScore) (recall, mrr, ndcg float64) {
	for _, s := range ss {
		recall += s.recall
		mrr += s.rr
		ndcg += s.ndcg
	}
	n := float64(len(ss))
	return recall / n, mrr / n, ndcg / n
}

// report logs the table per kind and the queries that lost something.
func report(t *testing.T, scores []queryScore, labels map[string]string) {
	t.Helper()
	byKind := map[string][]queryScore{}
	for _, s := range scores {
		byKind[s.kind] = append(byKind[s.kind], s)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "relevance over %d queries, first %d results each\n\n", len(scores), evalDepth)
	fmt.Fprintf(&b, "| %-13s | %7s | %9s | %6s | %8s |\n", "kind", "queries", "recall@10", "MRR", "nDCG@10")
	fmt.Fprintf(&b, "|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 15), strings.Repeat("-", 9), strings.Repeat("-", 11), strings.Repeat("-", 8), strings.Repeat("-", 10))
	row := func(name string, ss []queryScore) {
		r, m, n := means(ss)
		fmt.Fprintf(&b, "| %-13s | %7d | %9.3f | %6.3f | %8.3f |\n", name, len(ss), r, m, n)
	}
	for _, kind := range kindOrder {
		row(kind, byKind[kind])
	}
	row("all", scores)
	t.Log(b.String())

	show := func(s queryScore) string {
		var b strings.Builder
		for i, id := range s.got {
			mark := " "
			if g, ok := s.relevant[id]; ok {
				mark = strconv.Itoa(g)
			}
			fmt.Fprintf(&b, "\n      %2d [%s] %s", i+1, mark, labels[id])
		}
		if len(s.got) == 0 {
			b.WriteString("\n      (no results)")
		}
		return b.String()
	}
	missing := func(s queryScore) string {
		in := map[string]bool{}
		for _, id := range s.got {
			in[id] = true
		}
		var out []string
		for id, g := range s.relevant {
			if !in[id] {
				out = append(out, fmt.Sprintf("[%d] %s", g, labels[id]))
			}
		}
		sort.Strings(out)
		return strings.Join(out, "; ")
	}

	b.Reset()
	b.WriteString("queries with recall@10 < 1 (results: [grade] of relevant ones):\n")
	for _, s := range scores {
		if s.recall < 1 {
			fmt.Fprintf(&b, "  %s %q recall %.2f, RR %.2f, nDCG %.2f\n    missing: %s\n    returned:%s\n", s.kind, s.text, s.recall, s.rr, s.ndcg, missing(s), show(s))
		}
	}
	t.Log(b.String())

	b.Reset()
	b.WriteString("queries found whole but not ranked best (RR < 1 or nDCG@10 < 0.9):\n")
	for _, s := range scores {
		if s.recall == 1 && (s.rr < 1 || s.ndcg < 0.9) {
			fmt.Fprintf(&b, "  %s %q RR %.2f, nDCG %.2f%s\n", s.kind, s.text, s.rr, s.ndcg, show(s))
		}
	}
	t.Log(b.String())

	if *relevanceAll {
		b.Reset()
		b.WriteString("every query:\n")
		for _, s := range scores {
			fmt.Fprintf(&b, "  %s %q recall %.2f, RR %.2f, nDCG %.2f%s\n", s.kind, s.text, s.recall, s.rr, s.ndcg, show(s))
		}
		t.Log(b.String())
	}
}
