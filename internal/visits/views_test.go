package visits

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// viewStore adds article views to memStore; fail makes the next
// AddArticleViews fail.
type viewStore struct {
	*memStore
	vmu   sync.Mutex
	views map[int64]int64
	month map[string]map[int64]int64 // the views by month
	fail  bool
}

func (v *viewStore) AddArticleViews(ctx context.Context, month string, views map[int64]int64) error {
	v.vmu.Lock()
	defer v.vmu.Unlock()
	if v.fail {
		v.fail = false
		return errors.New("database unavailable")
	}
	for id, n := range views {
		v.views[id] += n
		if v.month == nil {
			v.month = map[string]map[int64]int64{}
		}
		if v.month[month] == nil {
			v.month[month] = map[int64]int64{}
		}
		v.month[month][id] += n
	}
	return nil
}

func (v *viewStore) ArticleViews(ctx context.Context, id int64) (int64, error) {
	v.vmu.Lock()
	defer v.vmu.Unlock()
	return v.views[id], nil
}

// TestArticleViews: a view per visitor and article within VisitGap, again
// after it; robots not counted; counts not stored are kept for the next
// flush; unflushed views already show in ArticleViews.
func TestArticleViews(t *testing.T) {
	st := &viewStore{memStore: newMem(), views: map[int64]int64{}}
	clk := &clock{t: time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)}
	c := New(st, Options{Now: clk.now, Node: "a"})
	ctx := context.Background()
	c.View(7, "192.0.2.1", firefox)
	c.View(7, "192.0.2.1", firefox) // the same visitor
	c.View(7, "192.0.2.2", firefox)
	c.View(8, "192.0.2.1", firefox) // another article
	c.View(7, "192.0.2.3", "Googlebot/2.1 (+http://www.google.com/bot.html)")
	if n, err := c.ArticleViews(ctx, 7); err != nil || n != 2 {
		t.Fatalf("before the flush: %d %v, want 2", n, err)
	}
	st.fail = true
	if err := c.Flush(ctx); err == nil {
		t.Fatal("a failed store is not reported")
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if st.views[7] != 2 || st.views[8] != 1 {
		t.Fatalf("stored %v, want 7:2 8:1 (kept across the failed flush)", st.views)
	}
	if n, _ := c.ArticleViews(ctx, 7); n != 2 {
		t.Errorf("after the flush: %d, want 2 (not counted twice)", n)
	}
	clk.add(VisitGap + time.Second)
	c.View(7, "192.0.2.1", firefox)
	if n, _ := c.ArticleViews(ctx, 7); n != 3 {
		t.Errorf("after the visit gap: %d, want 3", n)
	}
	// A store without ViewStore counts nothing and says 0.
	plain := New(newMem(), Options{Now: clk.now})
	plain.View(7, "192.0.2.1", firefox)
	if n, err := plain.ArticleViews(ctx, 7); err != nil || n != 0 {
		t.Errorf("without a ViewStore: %d %v", n, err)
	}
}

// TestArticleViewsByMonth: views are filed under the month (Vietnam time)
// they happened in, even when the flush comes after midnight of the 1st,
// and also when that flush fails once.
func TestArticleViewsByMonth(t *testing.T) {
	st := &viewStore{memStore: newMem(), views: map[int64]int64{}}
	clk := &clock{t: time.Date(2026, 11, 30, 16, 58, 0, 0, time.UTC)} // 23:58, 30/11 in Vietnam
	c := New(st, Options{Now: clk.now, Node: "a"})
	ctx := context.Background()
	c.View(7, "192.0.2.1", firefox)
	c.View(7, "192.0.2.2", firefox)
	clk.add(5 * time.Minute) // 00:03, 1/12
	c.View(7, "192.0.2.3", firefox)
	st.fail = true
	if err := c.Flush(ctx); err == nil {
		t.Fatal("a failed store is not reported")
	}
	if n, err := c.ArticleViews(ctx, 7); err != nil || n != 3 {
		t.Errorf("unstored views: %d %v, want 3", n, err)
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if st.month["2026-11"][7] != 2 || st.month["2026-12"][7] != 1 || st.views[7] != 3 {
		t.Errorf("by month %v, total %v; want November 2, December 1", st.month, st.views)
	}
}
