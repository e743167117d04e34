package content

import (
	"context"
	"testing"
)

// marksStore answers FindPageMarks from rows (newest first), as a store
// would: those after the counter, at most limit.
type marksStore struct {
	SiteStore
	rows []PageMark
}

func (m marksStore) FindPageMarks(_ context.Context, _ int64, after int64, limit int) ([]PageMark, error) {
	var out []PageMark
	for _, r := range m.rows {
		if r.Seq > after && len(out) < limit {
			out = append(out, r)
		}
	}
	return out, nil
}

// TestPageMarkMovesWithItsArticleOnly: an article's mark moves when its
// own page changed and stays put when another article's did; when the
// marks kept would pass maxPageMarks, or the store returns as many as
// asked (older ones may be missing), the oldest fold into the floor: the
// marks of their articles move (their pages are rendered again once),
// never backwards.
func TestPageMarkMovesWithItsArticleOnly(t *testing.T) {
	ctx := context.Background()
	site := &Site{ID: 1, Versions: Versions{Pages: 10}}
	site.Marks = &PageMarks{Floor: 10}
	if got := site.PageMark(7); got != 10 {
		t.Fatalf("unedited article: mark %d, want the floor 10", got)
	}
	var rows []PageMark
	next := func(s *Site, v int64) *Site {
		t.Helper()
		m, err := nextMarks(ctx, marksStore{rows: rows}, s, v)
		if err != nil {
			t.Fatal(err)
		}
		return &Site{ID: 1, Versions: Versions{Pages: v}, Marks: m}
	}
	rows = []PageMark{{ArticleID: 7, Seq: 11}}
	s2 := next(site, 11)
	if s2.PageMark(7) != 11 || s2.PageMark(8) != 10 {
		t.Fatalf("after an edit of 7: marks %d (7), %d (8), want 11 and 10", s2.PageMark(7), s2.PageMark(8))
	}
	// More edits than are kept: the oldest fold into the floor.
	rows = nil
	for i := int64(0); i < maxPageMarks+5; i++ {
		rows = append([]PageMark{{ArticleID: 100 + i, Seq: 12 + i}}, rows...)
	}
	last := rows[0].Seq
	s3 := next(s2, last)
	if len(s3.Marks.Last) > maxPageMarks {
		t.Fatalf("%d marks kept, want at most %d", len(s3.Marks.Last), maxPageMarks)
	}
	if got := s3.PageMark(7); got <= 11 {
		t.Errorf("article 7's mark, folded away, is %d: it must move past 11 (the page may have changed unseen)", got)
	}
	if got := s3.PageMark(100 + maxPageMarks + 4); got != last {
		t.Errorf("newest edit's mark %d, want %d", got, last)
	}
	for id := int64(100); id < 100+maxPageMarks+5; id++ {
		if got, was := s3.PageMark(id), s2.PageMark(id); got < was {
			t.Fatalf("article %d's mark went back from %d to %d", id, was, got)
		}
	}
	// An unedited article's mark moves only with the floor.
	if s3.PageMark(5) != s3.Marks.Floor {
		t.Errorf("unedited article: mark %d, want the floor %d", s3.PageMark(5), s3.Marks.Floor)
	}
	// A site read from the store, not through the Directory: every edit
	// counts for every article.
	plain := &Site{Versions: Versions{Pages: 42}}
	if plain.PageMark(7) != 42 {
		t.Errorf("without marks: %d, want the Pages counter 42", plain.PageMark(7))
	}
}
