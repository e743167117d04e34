package storetest

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

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

// reportRelevance logs the table per kind and the queries that lost something.
func reportRelevance(t *testing.T, scores []queryScore, labels map[string]string) {
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

	if os.Getenv("TRANGTIN_RELEVANCE_ALL") != "" {
		b.Reset()
		b.WriteString("every query:\n")
		for _, s := range scores {
			fmt.Fprintf(&b, "  %s %q recall %.2f, RR %.2f, nDCG %.2f%s\n", s.kind, s.text, s.recall, s.rr, s.ndcg, show(s))
		}
		t.Log(b.String())
	}
}
