package search

import (
	"sort"
	"strings"
)

// Weights of the ranking features, added to the engine's normalised score
// (0..1). They were set on the relevance set in eval_test.go.
const (
	wEngine      = 1.0
	wPhraseTitle = 3.0 // the whole query, in order, in the title
	wPhraseText  = 2.0 // … in the text, saturating with its count: tf/(tf+1)
	wPairs       = 2.0 // share of adjacent query pairs found adjacent
	wTitleTerms  = 1.5 // share of query terms in the title
	wExact       = 2.0 // share of accented terms found with the same diacritics
	wExactTitle  = 1.0 // … in the title
)

// Rank orders candidates by relevance to q: the engine's score, then the
// whole query as a phrase, adjacent pairs, title matches and matches with
// the diacritics the user typed; recency breaks ties.
func Rank(q Query, cands []Candidate) []Hit {
	if len(cands) == 0 {
		return nil
	}
	top := 0.0
	for _, c := range cands {
		top = max(top, c.EngineScore)
	}
	folded := Folded(q.Required)
	phrase := " " + strings.Join(folded, " ") + " "
	var pairs []string
	for i := 0; i+1 < len(folded); i++ {
		pairs = append(pairs, " "+folded[i]+" "+folded[i+1]+" ")
	}
	var accented []Term
	for _, t := range q.Required {
		if t.Accented {
			accented = append(accented, t)
		}
	}
	hits := make([]Hit, len(cands))
	for i, c := range cands {
		score := 0.0
		if top > 0 {
			score = wEngine * c.EngineScore / top
		}
		text := c.TitleFolded + c.TextFolded
		if len(folded) > 1 {
			if strings.Contains(c.TitleFolded, phrase) {
				score += wPhraseTitle
			}
			if tf := strings.Count(c.TextFolded, phrase); tf > 0 {
				score += wPhraseText * float64(tf) / float64(tf+1)
			}
			found := 0
			for _, p := range pairs {
				if strings.Contains(text, p) {
					found++
				}
			}
			score += wPairs * float64(found) / float64(len(pairs))
		}
		inTitle := 0
		for _, f := range folded {
			if strings.Contains(c.TitleFolded, " "+f+" ") {
				inTitle++
			}
		}
		score += wTitleTerms * float64(inTitle) / float64(len(folded))
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
		hits[i] = Hit{Doc: c.Doc, Score: score}
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
