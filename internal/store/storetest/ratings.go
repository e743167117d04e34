package storetest

import (
	"sync"
	"testing"
	"time"

	"trangtin/internal/rating"
)

// RunRatings runs the satisfaction ratings' conformance suite: counts add
// up per score and item (concurrently too), an unrated item has a tally of
// zeros, kinds and sites are apart, the list is newest first and counted.
func RunRatings(t *testing.T, open func(t *testing.T) rating.Store) {
	t.Run("Counts", func(t *testing.T) {
		s := open(t)
		at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.AddRating(ctx, 1, rating.Article, 42, i%5+1, at)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.FindRating(ctx, 1, rating.Article, 42)
		if err != nil {
			t.Fatal(err)
		}
		if got.Counts != [5]int64{8, 8, 8, 8, 8} || got.Total() != 40 || got.Average() != 3 {
			t.Errorf("tally %+v total %d average %v", got.Counts, got.Total(), got.Average())
		}
		if !got.UpdatedAt.Equal(at) || got.SiteID != 1 || got.Kind != rating.Article || got.ItemID != 42 {
			t.Errorf("tally %+v", got)
		}
		none, err := s.FindRating(ctx, 1, rating.Document, 42)
		if err != nil || none.Total() != 0 || none.ItemID != 42 || none.Kind != rating.Document {
			t.Errorf("unrated document: %+v, %v", none, err)
		}
		other, _ := s.FindRating(ctx, 2, rating.Article, 42)
		if other.Total() != 0 {
			t.Errorf("site 2 sees %d ratings of site 1", other.Total())
		}
	})
	t.Run("List", func(t *testing.T) {
		s := open(t)
		base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		for i := int64(1); i <= 5; i++ {
			if err := s.AddRating(ctx, 1, rating.Article, i, 5, base.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		s.AddRating(ctx, 1, rating.Document, 9, 1, base.Add(10*time.Hour))
		s.AddRating(ctx, 2, rating.Article, 1, 1, base)
		s.AddRating(ctx, 1, rating.Article, 2, 1, base.Add(20*time.Hour)) // article 2 becomes the newest
		list, err := s.FindRatings(ctx, 1, rating.Article, 3, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, tl := range list {
			ids = append(ids, tl.ItemID)
		}
		if len(ids) != 3 || ids[0] != 2 || ids[1] != 5 || ids[2] != 4 {
			t.Errorf("newest first: %v, want [2 5 4]", ids)
		}
		if list[0].Counts != [5]int64{1, 0, 0, 0, 1} {
			t.Errorf("article 2 counts %v", list[0].Counts)
		}
		page2, _ := s.FindRatings(ctx, 1, rating.Article, 3, 3)
		if len(page2) != 2 {
			t.Errorf("second page has %d, want 2", len(page2))
		}
		for kind, want := range map[rating.Kind]int{rating.Article: 5, rating.Document: 1, "": 6} {
			n, err := s.CountRatings(ctx, 1, kind)
			if err != nil || n != want {
				t.Errorf("CountRatings(%q) = %d, %v; want %d", kind, n, err, want)
			}
		}
		if all, _ := s.FindRatings(ctx, 1, "", 0, 0); len(all) != 6 || all[0].ItemID != 2 {
			t.Errorf("every kind: %d items", len(all))
		}
	})
}
