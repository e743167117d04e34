package search

import (
	"strings"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/vi"
)

// Limits on queries; past them a query is refused with a Vietnamese message.
const (
	MaxQueryRunes = 300
	MaxTerms      = 16
)

// Term is one syllable of a query.
type Term struct {
	Folded   string // as indexed
	Exact    string // ExactKey of what was typed
	Accented bool   // the user typed diacritics on it
}

// Query is a parsed search: every Term required, every Phrase required in
// order, no Excluded term present. Required lists the terms in the order
// typed, phrases included.
type Query struct {
	Raw      string
	Required []Term
	Phrases  [][]Term
	Excluded []Term
}

// ErrEmpty and friends are what a visitor sees for a query that cannot run.
var (
	errEmpty   = apperr.New(apperr.Invalid, "Vui lòng nhập từ khóa cần tìm.")
	errTooLong = apperr.Errorf(apperr.Invalid, "Từ khóa tìm kiếm quá dài, vui lòng nhập tối đa %d ký tự.", MaxQueryRunes)
	errTooMany = apperr.Errorf(apperr.Invalid, "Từ khóa có quá nhiều từ, vui lòng nhập tối đa %d từ.", MaxTerms)
)

// Parse reads what a visitor typed. Words are syllables; "double quotes"
// (straight or curly) make a phrase; a leading - excludes a word or
// phrase. Everything else (operators of any search engine, punctuation,
// emoji) is only a separator, so no input reaches an engine as syntax.
func Parse(input string) (Query, error) {
	q := Query{Raw: strings.TrimSpace(input)}
	if utf8.RuneCountInString(q.Raw) > MaxQueryRunes {
		return q, errTooLong
	}
	s := vi.NFC(strings.ToValidUTF8(q.Raw, " "))
	for len(s) > 0 {
		negate := false
		if s[0] == '-' {
			negate = true
			s = s[1:]
		}
		var chunk string
		phrase := false
		if r, size := utf8.DecodeRuneInString(s); isQuote(r) {
			rest := s[size:]
			end := strings.IndexFunc(rest, isQuote)
			if end < 0 {
				end = len(rest) // an unclosed quote runs to the end
			}
			chunk, phrase = rest[:end], true
			s = rest[end:]
			if len(s) > 0 {
				_, size := utf8.DecodeRuneInString(s)
				s = s[size:]
			}
		} else {
			end := strings.IndexFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || isQuote(r) })
			if end < 0 {
				end = len(s)
			}
			if end == 0 { // a lone separator
				_, size := utf8.DecodeRuneInString(s)
				end = size
			}
			chunk, s = s[:end], s[end:]
		}
		terms := termsOf(chunk)
		switch {
		case len(terms) == 0:
		case negate:
			q.Excluded = append(q.Excluded, terms...)
		default:
			q.Required = append(q.Required, terms...)
			if phrase && len(terms) > 1 {
				q.Phrases = append(q.Phrases, terms)
			}
		}
	}
	if len(q.Required) == 0 {
		return q, errEmpty
	}
	if len(q.Required)+len(q.Excluded) > MaxTerms {
		return q, errTooMany
	}
	return q, nil
}

func isQuote(r rune) bool {
	return r == '"' || r == '“' || r == '”' || r == '„' || r == '«' || r == '»'
}

func termsOf(s string) []Term {
	var out []Term
	for _, w := range Words(s) {
		// Folding can split a word (a compatibility character may
		// decompose to a space and a mark) or empty it (a lone mark);
		// the index folds the same way, so follow what folding gives.
		folded := Words(vi.Fold(w))
		if len(folded) == 1 {
			exact := ExactKey(w)
			out = append(out, Term{Folded: folded[0], Exact: exact, Accented: exact != folded[0]})
			continue
		}
		for _, f := range folded {
			out = append(out, Term{Folded: f, Exact: f})
		}
	}
	return out
}

// Folded returns the folded forms of terms.
func Folded(terms []Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Folded
	}
	return out
}

// WholePhrase is q with all its required words, in the order typed, as one
// phrase (its excluded words kept), when q has several words that are not
// already one phrase. An index draws candidates from it besides its usual
// ones, so that the document holding what was typed as a phrase is ranked
// however many documents hold the words apart.
func WholePhrase(q Query) (Query, bool) {
	if len(q.Required) < 2 || (len(q.Phrases) == 1 && len(q.Phrases[0]) == len(q.Required)) {
		return q, false
	}
	q.Phrases = [][]Term{q.Required}
	return q, true
}
