package content

import (
	"context"
	"slices"
)

// An edit of a published article's body changes its own page (and the
// feeds) but no list: the database then bumps the site's Pages counter
// instead of its Articles counter, and marks the article with the new
// value (migration 0050). The Directory keeps each site's latest marks,
// so that a cached article page can be checked against its own article
// without asking the database, and an edit of one article leaves every
// other article page of its site cached.

// PageMark says that the own page of article ArticleID last changed when
// its site's Pages counter became Seq.
type PageMark struct{ ArticleID, Seq int64 }

// maxPageMarks bounds the marks kept per site: the latest edits of its
// editors (nothing a visitor does adds one). Older ones are folded into
// the floor, which makes the pages of their articles stale once.
const maxPageMarks = 256

// PageMarks are the articles whose own page changed after Floor, with
// the value of the Pages counter at their last change: every change up
// to the site's Pages counter (and perhaps a few beyond) is in Last or at
// or below Floor. Never modified once a Site holds it.
type PageMarks struct {
	Floor int64
	Last  map[int64]int64
}

// PageMark is a number that moves whenever the own page of article id
// changes (its body is edited) and only then, as far as the Directory
// knows: an article page's cache stamp adds it to the site's other
// counters. It only grows. A site not read through the Directory counts
// every article's change (it returns Versions.Pages).
func (s *Site) PageMark(id int64) int64 {
	m := s.Marks
	if m == nil {
		return s.Versions.Pages
	}
	if v, ok := m.Last[id]; ok {
		return v
	}
	return m.Floor
}

// nextMarks returns the marks of a site whose Pages counter moved from
// old.Versions.Pages to v, reading the articles marked since.
func nextMarks(ctx context.Context, store SiteStore, old *Site, v int64) (*PageMarks, error) {
	prev := old.Marks
	if prev == nil || v < old.Versions.Pages {
		// Unknown history (or a restored database): every article's
		// page counts as changed now.
		return &PageMarks{Floor: v}, nil
	}
	if v == old.Versions.Pages {
		return prev, nil
	}
	rows, err := store.FindPageMarks(ctx, old.ID, old.Versions.Pages, maxPageMarks)
	if err != nil {
		return nil, err
	}
	m := &PageMarks{Floor: prev.Floor, Last: make(map[int64]int64, len(prev.Last)+len(rows))}
	for id, seq := range prev.Last {
		m.Last[id] = seq
	}
	for _, r := range rows {
		m.Last[r.ArticleID] = max(m.Last[r.ArticleID], r.Seq)
	}
	if len(rows) == maxPageMarks {
		// Older marks may be missing: count them all as changes up to
		// the oldest one read.
		m.Floor = max(m.Floor, rows[len(rows)-1].Seq-1)
	}
	if len(m.Last) > maxPageMarks {
		seqs := make([]int64, 0, len(m.Last))
		for _, seq := range m.Last {
			seqs = append(seqs, seq)
		}
		slices.Sort(seqs)
		m.Floor = max(m.Floor, seqs[len(seqs)-maxPageMarks-1])
	}
	for id, seq := range m.Last {
		if seq <= m.Floor {
			delete(m.Last, id)
		}
	}
	return m, nil
}
