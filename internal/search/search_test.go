package search

import (
	"strings"
	"testing"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/testenv"
)

func TestExactKey(t *testing.T) {
	for _, c := range []struct{ a, b string }{
		{"hoá", "hóa"}, {"Thoả", "thỏa"}, {"HOÀ", "hoà"}, {"uỷ", "ủy"}, {"thuỷ", "thủy"},
		{"ho\u0061\u0301", "hoá"}, // decomposed
	} {
		if ExactKey(c.a) != ExactKey(c.b) {
			t.Errorf("ExactKey(%q) = %q, ExactKey(%q) = %q: want equal", c.a, ExactKey(c.a), c.b, ExactKey(c.b))
		}
	}
	distinct := []string{"đường", "dương", "đương", "duong", "đuong", "duờng", "dướng"}
	seen := map[string]string{}
	for _, w := range distinct {
		k := ExactKey(w)
		if prev, dup := seen[k]; dup {
			t.Errorf("ExactKey(%q) = ExactKey(%q) = %q: want distinct", w, prev, k)
		}
		seen[k] = w
	}
	if got := ExactKey("đường"); got != "d9u7o7ng2" {
		t.Errorf("ExactKey(đường) = %q", got)
	}
	if got := ExactKey("bao"); got != "bao" {
		t.Errorf("ExactKey(bao) = %q", got)
	}
}

func TestParse(t *testing.T) {
	q, err := Parse(`  Bảo trợ "xã hội" -huyện “Vũ Thị” `)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(Folded(q.Required), " "); got != "bao tro xa hoi vu thi" {
		t.Errorf("required %q", got)
	}
	if len(q.Phrases) != 2 || strings.Join(Folded(q.Phrases[0]), " ") != "xa hoi" || strings.Join(Folded(q.Phrases[1]), " ") != "vu thi" {
		t.Errorf("phrases %+v", q.Phrases)
	}
	if len(q.Excluded) != 1 || q.Excluded[0].Folded != "huyen" {
		t.Errorf("excluded %+v", q.Excluded)
	}
	if !q.Required[0].Accented {
		t.Error("Bảo typed with diacritics is not marked accented")
	}
	q = testenv.Must(Parse("bao tro")).Get(t)
	if q.Required[0].Accented {
		t.Error("bao typed without diacritics is marked accented")
	}
	q = testenv.Must(Parse("123/QĐ-UBND")).Get(t)
	if got := strings.Join(Folded(q.Required), " "); got != "123 qd ubnd" {
		t.Errorf("number and symbol: %q", got)
	}
	for _, in := range []string{"", "   ", `""`, "-bao", "!!! ???", "😀", strings.Repeat("a ", 200), strings.Repeat("từ ", 20), "\u0301"} {
		if _, err := Parse(in); !apperr.Is(err, apperr.Invalid) || apperr.MessageOf(err) == "" {
			t.Errorf("Parse(%q) = %v, want an Invalid error with a message", in, err)
		}
	}
}

// FuzzParse: any input parses or is refused with a Vietnamese message,
// and every term is a non-empty run of letters and digits, so nothing
// can reach an engine as syntax.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`bảo trợ "xã hội" -huyện`, `NEAR(a b)`, `a AND b OR c`, `"`, `*^:`, "😀", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			if !apperr.Is(err, apperr.Invalid) || !utf8.ValidString(apperr.MessageOf(err)) {
				t.Fatalf("Parse(%q): %v", in, err)
			}
			return
		}
		all := append(append([]Term{}, q.Required...), q.Excluded...)
		if len(q.Required) == 0 || len(all) > MaxTerms {
			t.Fatalf("Parse(%q): %d required, %d in all", in, len(q.Required), len(all))
		}
		for _, term := range all {
			if term.Folded == "" || strings.IndexFunc(term.Folded, func(r rune) bool { return !isWordRune(r) }) >= 0 || !utf8.ValidString(term.Folded) {
				t.Fatalf("Parse(%q): term %q is not a word", in, term.Folded)
			}
		}
	})
}

func TestSnippetHighlightsOriginalText(t *testing.T) {
	text := "Sáng ngày 10/3, UBND huyện tổ chức Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện. " + strings.Repeat("Nội dung khác. ", 30) + "Cuối bài có Bảo Trợ."
	q := testenv.Must(Parse("bao tro xa hoi")).Get(t)
	frags := Snippet(text, q, 20)
	got := MarkedHTML(frags)
	if !strings.Contains(got, "<mark>bảo</mark> <mark>trợ</mark> <mark>xã</mark> <mark>hội</mark>") {
		t.Errorf("snippet %q does not mark the accented words", got)
	}
	if strings.Contains(got, "Cuối bài") {
		t.Errorf("snippet is not around the densest match: %q", got)
	}
	if !strings.HasSuffix(PlainFragments(frags), "…") {
		t.Errorf("a cut snippet has no ellipsis: %q", PlainFragments(frags))
	}
	esc := MarkedHTML(Highlight(`<script> bảo "x"`, q))
	if strings.Contains(esc, "<script>") || !strings.Contains(esc, "<mark>bảo</mark>") {
		t.Errorf("highlight not escaped: %q", esc)
	}
}

func TestRankPrefersExactDiacritics(t *testing.T) {
	mk := func(title string, score float64) Candidate {
		f := Fields(Doc{Title: title, Text: "x"})
		return Candidate{Doc: Doc{Title: title}, IndexFields: f, EngineScore: score}
	}
	q := testenv.Must(Parse("đường")).Get(t)
	// The engine sees them as equal (all fold to duong); "đường" wins.
	hits := Rank(q, []Candidate{mk("dương", 1), mk("đương", 1), mk("đường", 1)})
	if hits[0].Title != "đường" {
		t.Errorf("first %q, want đường", hits[0].Title)
	}
	q = testenv.Must(Parse("văn hoá")).Get(t)
	hits = Rank(q, []Candidate{mk("văn hoá", 1), mk("văn hóa", 1)})
	if hits[0].Score != hits[1].Score {
		t.Errorf("hoá and hóa scored differently: %v %v", hits[0].Score, hits[1].Score)
	}
}

func TestPlainText(t *testing.T) {
	got := PlainText(`<p>Một&nbsp;<b>hai</b></p><script>x()</script><p>ba<br>bốn</p>`)
	if got != "Một hai ba bốn" {
		t.Errorf("PlainText = %q", got)
	}
}

func BenchmarkRank(b *testing.B) {
	text := strings.Repeat("Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện. ", 15)
	var cands []Candidate
	for i := 0; i < 200; i++ {
		cands = append(cands, Candidate{Doc: Doc{Title: "Bảo trợ xã hội"}, IndexFields: Fields(Doc{Title: "Bảo trợ xã hội", Text: text}), EngineScore: float64(i)})
	}
	q := testenv.Must(Parse("bảo trợ xã hội")).Get(b)
	b.ReportAllocs()
	for b.Loop() {
		Rank(q, cands)
	}
}

func TestWholePhrase(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // the phrase's folded words, "" for none
	}{
		{"Tô Lâm", "to lam"},
		{`"bảo trợ" xã hội -trẻ`, "bao tro xa hoi"},
		{`"bảo trợ xã hội"`, ""},
		{"huyện", ""},
	} {
		q, err := Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		pq, ok := WholePhrase(q)
		got := ""
		if ok {
			if len(pq.Phrases) != 1 {
				t.Fatalf("%q: %d phrases", c.in, len(pq.Phrases))
			}
			got = strings.Join(Folded(pq.Phrases[0]), " ")
			if len(pq.Excluded) != len(q.Excluded) {
				t.Errorf("%q: excluded words lost", c.in)
			}
		}
		if got != c.want {
			t.Errorf("WholePhrase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
