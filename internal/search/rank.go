package search

import (
	"sort"
	"strings"
)

// Weights of the ranking features, added to the engine's normalised score
// (0..1). They were set on the relevance evaluation (storetest.RunRelevance).
const (
	wEngine      = 1.0
	wPhraseTitle = 3.0 // the whole query, in order, in the title
	wPhraseText  = 2.0 // … in the text, saturating with its count: tf/(tf+1)
	wPairs       = 2.0 // share of adjacent query pairs found adjacent
	wTitleTerms  = 1.5 // share of query terms in the title
	wTitlePairs  = 1.0 // share of adjacent query pairs adjacent in the title
	wExact       = 2.0 // share of accented terms found with the same diacritics
	wExactTitle  = 1.0 // … in the title
	// wCode is for a document whose whole number and symbol the query
	// contains ("123/QĐ-UBND", "123 qd ubnd"): larger than every other
	// bonus together, so the document asked for by its number comes first.
	wCode = 20.0
)

// Rank orders candidates by relevance to q: the engine's score, then the
// whole query as a phrase, adjacent pairs, title matches and matches with
// the diacritics the user typed; recency breaks ties. Title bonuses shrink
// when the title has a word the user typed with other diacritics ("An Lao"
// for "An Lão"): a title that contradicts the query is not a title match.
func Rank(q Query, cands []Candidate) []Hit {
	if len(cands) == 0 {
		return nil
	}
	rk := newRanker(q, cands)
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		hits[i] = Hit{Doc: c.Doc, Score: rk.score(c)}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if d := a.Score - b.Score; d > 1e-9 || d < -1e-9 {
			return d > 0
		}
		return a.PublishedAt.After(b.PublishedAt)
	})
	return hits
}

// ranker is the query prepared once for scoring every candidate.
type ranker struct {
	top      float64  // the best engine score, to normalise by
	folded   []string // the required terms, folded
	phrase   string   // … joined, with a space either side
	pairs    []string // adjacent folded terms, with a space either side
	accented []Term   // the terms typed with diacritics
}

func newRanker(q Query, cands []Candidate) ranker {
	rk := ranker{folded: Folded(q.Required)}
	for _, c := range cands {
		rk.top = max(rk.top, c.EngineScore)
	}
	rk.phrase = " " + strings.Join(rk.folded, " ") + " "
	for i := 0; i+1 < len(rk.folded); i++ {
		rk.pairs = append(rk.pairs, " "+rk.folded[i]+" "+rk.folded[i+1]+" ")
	}
	for _, t := range q.Required {
		if t.Accented {
			rk.accented = append(rk.accented, t)
		}
	}
	return rk
}

// score is c's relevance: the features are added in a fixed order, so
// equal candidates get bit-identical scores.
func (rk ranker) score(c Candidate) float64 {
	folded, phrase, accented := rk.folded, rk.phrase, rk.accented
	score := 0.0
	if rk.top > 0 {
		score = wEngine * c.EngineScore / rk.top
	}
	titleAgree := 1.0 // share of accented terms in the title that carry the typed diacritics
	if mism, present := titleMismatches(c, accented); present > 0 {
		titleAgree = 1 - float64(mism)/float64(present)
	}
	if len(folded) > 1 {
		score = rk.addPhrase(score, c, titleAgree)
	}
	inTitle := 0
	for _, f := range folded {
		if strings.Contains(c.TitleFolded, " "+f+" ") {
			inTitle++
		}
	}
	score += wTitleTerms * titleAgree * float64(inTitle) / float64(len(folded))
	if len(accented) > 0 {
		exact, exactTitle := 0, 0
		for _, t := range accented {
			tok := " " + t.Exact + " "
			if strings.Contains(c.TitleExact, tok) {
				exactTitle++
				exact++
			} else if strings.Contains(c.TextExact, tok) {
				exact++
			}
		}
		n := float64(len(accented))
		score += wExact*float64(exact)/n + wExactTitle*float64(exactTitle)/n
	}
	if c.Code != "" {
		if code := Fold(c.Code); code != " " && strings.Contains(phrase, code) {
			score += wCode
		}
	}
	return score
}

// addPhrase adds to score the bonuses of a query of two terms or more: the
// whole phrase in the title and in the text, adjacent pairs anywhere and
// in the title. (It adds them one by one, as score does, so that the sum
// does not depend on how the code is cut.)
func (rk ranker) addPhrase(score float64, c Candidate, titleAgree float64) float64 {
	if strings.Contains(c.TitleFolded, rk.phrase) {
		score += wPhraseTitle * titleAgree
	}
	if tf := strings.Count(c.TextFolded, rk.phrase); tf > 0 {
		score += wPhraseText * float64(tf) / float64(tf+1)
	}
	text := c.TitleFolded + c.TextFolded
	found, inTitle := 0, 0
	for _, p := range rk.pairs {
		if strings.Contains(text, p) {
			found++
		}
		if strings.Contains(c.TitleFolded, p) {
			inTitle++
		}
	}
	score += wPairs * float64(found) / float64(len(rk.pairs))
	score += wTitlePairs * titleAgree * float64(inTitle) / float64(len(rk.pairs))
	return score
}

// titleMismatches counts the accented terms whose folded form is in the
// title (present) and, of those, the ones whose typed diacritics are not.
func titleMismatches(c Candidate, accented []Term) (mismatched, present int) {
	for _, t := range accented {
		if !strings.Contains(c.TitleFolded, " "+t.Folded+" ") {
			continue
		}
		present++
		if !strings.Contains(c.TitleExact, " "+t.Exact+" ") {
			mismatched++
		}
	}
	return mismatched, present
}
