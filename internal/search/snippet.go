package search

import (
	"html"
	"strings"

	"trangtin/internal/vi"
)

// Fragment is a piece of original text; Match marks a piece to highlight.
type Fragment struct {
	Text  string
	Match bool
}

// span is a word of the original text, by byte offsets.
type span struct {
	start, end int
	match      bool
}

// wordSpans finds the words of s and marks those whose folded form is a
// query term, so highlighting works on the original accented text.
func wordSpans(s string, terms map[string]bool) []span {
	var spans []span
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			spans = append(spans, span{start, i, terms[vi.Fold(s[start:i])]})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, span{start, len(s), terms[vi.Fold(s[start:])]})
	}
	return spans
}

func termSet(q Query) map[string]bool {
	m := make(map[string]bool, len(q.Required))
	for _, t := range q.Required {
		m[t.Folded] = true
	}
	return m
}

// Highlight marks the query's words in s.
func Highlight(s string, q Query) []Fragment {
	return fragments(s, wordSpans(s, termSet(q)), 0, len(s))
}

// Snippet returns about maxWords words of text around the densest group of
// query words, with those words marked.
func Snippet(text string, q Query, maxWords int) []Fragment {
	terms := termSet(q)
	spans := wordSpans(text, terms)
	if len(spans) == 0 {
		return nil
	}
	// Slide a window of maxWords words; keep the one with the most distinct
	// matched terms, then the most matches.
	best, bestDistinct, bestCount := 0, -1, -1
	for i := 0; i < len(spans); i++ {
		if i > 0 && !spans[i].match {
			continue // windows start on a match (or at the very beginning)
		}
		seen := map[string]bool{}
		count := 0
		for j := i; j < len(spans) && j < i+maxWords; j++ {
			if spans[j].match {
				count++
				seen[vi.Fold(text[spans[j].start:spans[j].end])] = true
			}
		}
		if len(seen) > bestDistinct || (len(seen) == bestDistinct && count > bestCount) {
			best, bestDistinct, bestCount = i, len(seen), count
		}
	}
	// Start a few words before the first match, for context.
	from := max(0, best-4)
	to := min(len(spans), from+maxWords)
	start, end := spans[from].start, spans[to-1].end
	frags := fragments(text, spans[from:to], start, end)
	if from > 0 {
		frags = append([]Fragment{{Text: "… "}}, frags...)
	}
	if to < len(spans) {
		frags = append(frags, Fragment{Text: " …"})
	}
	return frags
}

// fragments cuts s[start:end] into plain and matched pieces.
func fragments(s string, spans []span, start, end int) []Fragment {
	var out []Fragment
	at := start
	for _, sp := range spans {
		if !sp.match || sp.start < start || sp.end > end {
			continue
		}
		if sp.start > at {
			out = append(out, Fragment{Text: s[at:sp.start]})
		}
		out = append(out, Fragment{Text: s[sp.start:sp.end], Match: true})
		at = sp.end
	}
	if at < end {
		out = append(out, Fragment{Text: s[at:end]})
	}
	return out
}

// MarkedHTML renders fragments as escaped HTML with the matches in <mark>.
func MarkedHTML(frags []Fragment) string {
	var b strings.Builder
	for _, f := range frags {
		if f.Match {
			b.WriteString("<mark>" + html.EscapeString(f.Text) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(f.Text))
		}
	}
	return b.String()
}

// PlainFragments joins fragments into plain text.
func PlainFragments(frags []Fragment) string {
	var b strings.Builder
	for _, f := range frags {
		b.WriteString(f.Text)
	}
	return b.String()
}
