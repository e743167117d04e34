// Package search is the portal's Vietnamese full-text search: query
// parsing, the index text, ranking and snippets. The database finds the
// candidates (SQLite FTS5 or PostgreSQL tsvector, both on text folded by
// vi.Fold and kept in the same transaction as the content); ranking and
// highlighting happen here, so every store ranks alike.
package search

import (
	"context"
	"strings"
	"time"
)

// Kinds of searchable things.
const (
	KindArticle  = "article"
	KindPage     = "page"
	KindDocument = "document" // an entry of the documents register
	KindQuestion = "question" // a published citizen's question and its answer
)

// Doc is what the index holds of one searchable thing.
type Doc struct {
	SiteID      int64
	Kind        string
	RefID       int64 // the article's, page's, document's or question's ID
	CategoryID  int64
	Title       string // original text, NFC
	Text        string // original plain text of summary and body
	Byline      string
	Slug        string // an article's or page's slug; with Kind and RefID (and Code), what the web and the API build the public address from
	SourceURL   string
	PublicFrom  time.Time // zero: not public
	PublishedAt time.Time
	Code        string // a document's number and symbol ("123/QĐ-UBND"), for Rank's exact-match bonus
}

// IndexFields are the columns a store writes for a Doc.
type IndexFields struct {
	TitleFolded, TextFolded, BylineFolded string // token streams the engine indexes
	TitleExact, TextExact                 string // exact-key streams, for ranking
}

// Fields computes a Doc's index columns.
func Fields(d Doc) IndexFields {
	title := MakeStreams(d.Title)
	text := MakeStreams(d.Text)
	byline := MakeStreams(d.Byline)
	return IndexFields{
		TitleFolded: title.Folded, TextFolded: text.Folded, BylineFolded: byline.Folded,
		TitleExact: title.Exact, TextExact: text.Exact + byline.Exact[1:],
	}
}

// Filter narrows a search.
type Filter struct {
	SiteID      int64
	SiteIDs     []int64  // several sites (the province view): used instead of SiteID when not empty
	Kinds       []string // empty: all
	CategoryIDs []int64  // empty: all
	From, To    time.Time
	Now         time.Time // only things public at Now
	// Hidden lists, per kind, the sites on which that kind is switched off
	// (their Văn bản or Hỏi đáp module): nothing of that kind from those
	// sites matches, in the results or the per-site counts.
	Hidden map[string][]int64
}

// Candidate is a match as the engine found it, with what ranking needs.
type Candidate struct {
	Doc
	IndexFields
	EngineScore float64 // higher is better
}

// MaxCount is where counting matches stops: a total above it means "more
// than MaxCount". Nobody pages past the hundredth page of results, and a
// query matching most of a 100,000-article archive must not score every
// match: beyond MaxCount matches an Index may draw its candidates from the
// newest matches and the newest title matches instead of scoring all.
const MaxCount = 1000

// Index finds candidates; stores implement it.
type Index interface {
	// SearchCandidates returns up to limit matches of q under f, best
	// first in the engine's own order, and how many match, counted up to
	// MaxCount+1.
	SearchCandidates(ctx context.Context, q Query, f Filter, limit int) ([]Candidate, int, error)
	// CountBySite counts the matches of q under f per site, over the
	// first MaxCount+1 matches (exact when Total is).
	CountBySite(ctx context.Context, q Query, f Filter) (map[int64]int, error)
}

// TextLoader is an Index whose candidates come without their Text (the
// ranking needs only the index streams; the original text is kept once, in
// the content): Search asks it for the Text of the hits it shows.
type TextLoader interface {
	LoadText(ctx context.Context, hits []Hit) error
}

// Hit is one ranked result.
type Hit struct {
	Doc
	Score   float64
	Snippet []Fragment
	TitleHL []Fragment
}

// Result is a page of hits.
type Result struct {
	Query Query
	Total int  // at most MaxCount
	More  bool // more than MaxCount match
	Hits  []Hit
	// BySite counts the matches per site when the search covered several
	// (Filter.SiteIDs); nil otherwise.
	BySite map[int64]int
}

// Service runs searches over an Index.
type Service struct {
	idx Index
	now func() time.Time
}

// NewService returns a Service over idx.
func NewService(idx Index) *Service { return &Service{idx: idx, now: time.Now} }

// rerankDepth is how many engine candidates are re-ranked here.
const rerankDepth = 200

// Search runs q under f and returns hits offset..offset+limit, ranked.
func (s *Service) Search(ctx context.Context, q Query, f Filter, limit, offset int) (Result, error) {
	if f.Now.IsZero() {
		f.Now = s.now()
	}
	depth := max(rerankDepth, offset+limit)
	cands, total, err := s.idx.SearchCandidates(ctx, q, f, depth)
	if err != nil {
		return Result{}, err
	}
	ranked := Rank(q, cands)
	res := Result{Query: q, Total: min(total, MaxCount), More: total > MaxCount}
	if len(f.SiteIDs) > 1 && total > 0 {
		if res.BySite, err = s.idx.CountBySite(ctx, q, f); err != nil {
			return Result{}, err
		}
	}
	if offset < len(ranked) {
		res.Hits = ranked[offset:min(len(ranked), offset+limit)]
	}
	if tl, ok := s.idx.(TextLoader); ok && len(res.Hits) > 0 {
		if err := tl.LoadText(ctx, res.Hits); err != nil {
			return Result{}, err
		}
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		h.Snippet = Snippet(strings.TrimSpace(h.Text+" "+h.Byline), q, 40)
		h.TitleHL = Highlight(h.Title, q)
	}
	return res, nil
}

// Reindexer rebuilds an index from the content it indexes.
type Reindexer interface {
	Reindex(ctx context.Context, progress func(done, total int)) error
}
