package content

import (
	"strings"

	"trangtin/internal/search"
)

// SearchText is the plain text an article's search entry holds: its
// summary, the text of its body and its key words.
func (a *Article) SearchText() string {
	return strings.TrimSpace(a.Summary + " " + search.PlainText(a.Body) + " " + a.Keywords)
}

// SearchEntry is an article's search text and index columns computed
// ahead of writing the article, so that a writer holding a transaction
// (an import writing hundreds of articles in one) need not extract and
// fold the texts inside it: the import computes them on the goroutines
// that prepare its articles. It remembers the texts it was computed from
// and serves only an article that still has them.
type SearchEntry struct {
	title, summary, body, keywords, byline string
	text                                   string
	fields                                 search.IndexFields
}

// NewSearchEntry computes a's search entry.
func NewSearchEntry(a *Article) *SearchEntry {
	e := &SearchEntry{title: a.Title, summary: a.Summary, body: a.Body, keywords: a.Keywords, byline: a.Byline(), text: a.SearchText()}
	e.fields = search.Fields(search.Doc{Title: e.title, Text: e.text, Byline: e.byline})
	return e
}

// For returns the entry's text and index columns when a's texts are
// still those it was computed from (comparing strings that are the same
// string costs nothing), and false otherwise (or for a nil entry).
func (e *SearchEntry) For(a *Article) (text string, f *search.IndexFields, ok bool) {
	if e == nil || e.title != a.Title || e.summary != a.Summary || e.body != a.Body || e.keywords != a.Keywords || e.byline != a.Byline() {
		return "", nil, false
	}
	return e.text, &e.fields, true
}
