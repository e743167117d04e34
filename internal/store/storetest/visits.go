package storetest

import (
	"sync"
	"testing"
	"time"

	"trangtin/internal/visits"
)

// RunVisits runs the visit counter's conformance suite: counts add up per
// day, month and in total, across concurrent writers (nodes); online
// figures sum the nodes that reported recently; sites are apart.
func RunVisits(t *testing.T, open func(t *testing.T) visits.Store) {
	t.Run("AddUp", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.AddVisits(ctx, 1, "2026-11-28", "2026-11", 3)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddVisits(ctx, 1, "2026-11-27", "2026-11", 5); err != nil {
			t.Fatal(err)
		}
		if err := s.AddVisits(ctx, 1, "2026-10-31", "2026-10", 7); err != nil {
			t.Fatal(err)
		}
		s.AddVisits(ctx, 2, "2026-11-28", "2026-11", 1000)
		f, err := s.VisitFigures(ctx, 1, "2026-11-28", "2026-11", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if want := (visits.Figures{Today: 60, Month: 65, Total: 72}); f != want {
			t.Errorf("figures %+v, want %+v", f, want)
		}
		empty, err := s.VisitFigures(ctx, 3, "2026-11-28", "2026-11", time.Time{})
		if err != nil || empty != (visits.Figures{}) {
			t.Errorf("a site never visited: %+v, %v", empty, err)
		}
	})
	t.Run("Online", func(t *testing.T) {
		s := open(t)
		now := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
		s.ReportOnline(ctx, 1, "node-a", 4, now)
		s.ReportOnline(ctx, 1, "node-b", 2, now.Add(-time.Second))
		s.ReportOnline(ctx, 1, "node-old", 50, now.Add(-time.Hour))
		s.ReportOnline(ctx, 2, "node-a", 9, now)
		if err := s.ReportOnline(ctx, 1, "node-a", 5, now); err != nil { // a later report replaces the node's figure
			t.Fatal(err)
		}
		f, err := s.VisitFigures(ctx, 1, "2026-11-28", "2026-11", now.Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if f.Online != 7 {
			t.Errorf("online %d, want 7 (5 + 2; the stale node left out)", f.Online)
		}
		// A report forgets nodes silent for a day; the others stay.
		s.ReportOnline(ctx, 1, "node-gone", 3, now.Add(-25*time.Hour))
		s.ReportOnline(ctx, 1, "node-a", 5, now)
		if f, _ := s.VisitFigures(ctx, 1, "2026-11-28", "2026-11", now.Add(-48*time.Hour)); f.Online != 57 {
			t.Errorf("online since two days ago: %d, want 57 (the day-old node forgotten)", f.Online)
		}
	})
}
