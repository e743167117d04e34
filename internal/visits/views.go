package visits

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Article views (the article page's "Lượt xem"), counted like visits: a
// visitor is a keyed hash of address and browser name under the day's
// key, kept in memory only; a view is a visitor's first request for the
// article or one after VisitGap. Counts are added to the store at each
// flush; nothing about the visitor is written.

// ViewStore adds up article views; a Counter whose store is one counts
// them (Store alone: View does nothing).
type ViewStore interface {
	// AddArticleViews adds n to each article's views, in total and in
	// month ("2026-11", Vietnam time), in one transaction.
	AddArticleViews(ctx context.Context, month string, views map[int64]int64) error
	// ArticleViews returns an article's stored views.
	ArticleViews(ctx context.Context, articleID int64) (int64, error)
}

type viewCounter struct {
	shards  [shards]shard
	pending sync.Map // article ID → *atomic.Int64, views not yet stored
	// leftover holds, by month, the views of a day that ended before they
	// were stored (guarded by Counter.mu).
	leftover map[string]map[int64]int64
}

// setAside moves the views not yet stored under month (rotate, with
// Counter.mu held), so that they count in the month they happened.
func (v *viewCounter) setAside(month string) {
	v.pending.Range(func(k, x any) bool {
		if n := x.(*atomic.Int64).Swap(0); n > 0 {
			if v.leftover == nil {
				v.leftover = map[string]map[int64]int64{}
			}
			if v.leftover[month] == nil {
				v.leftover[month] = map[int64]int64{}
			}
			v.leftover[month][k.(int64)] += n
		}
		return true
	})
}

// forget drops the hashes of the day that ended (rotate).
func (v *viewCounter) forget() {
	for i := range v.shards {
		sh := &v.shards[i]
		sh.mu.Lock()
		sh.seen = nil
		sh.mu.Unlock()
	}
}

// View counts a request for the public page of articleID (an article that
// exists: the caller counts only pages it served) from addr with browser
// ua. Robots are not counted; memory is bounded like Hit's.
func (c *Counter) View(articleID int64, addr, ua string) {
	if _, ok := c.store.(ViewStore); !ok || articleID <= 0 || IsBot(ua) {
		return
	}
	now, h := c.visitor(addr, ua)
	h.WriteByte(0)
	var id [8]byte
	for i := range id {
		id[i] = byte(articleID >> (8 * i))
	}
	h.Write(id[:])
	sum := h.Sum64()
	sec := now.Unix()
	sh := &c.views.shards[sum%shards]
	sh.mu.Lock()
	last, ok := sh.seen[sum]
	stored := ok || len(sh.seen) < maxPerShard
	if stored {
		if sh.seen == nil {
			sh.seen = make(map[uint64]int64)
		}
		sh.seen[sum] = sec
	}
	sh.mu.Unlock()
	if stored && (!ok || sec-last >= int64(VisitGap/time.Second)) {
		n, _ := c.views.pending.LoadOrStore(articleID, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
	}
}

// flushViews stores the views counted since the last flush (kept for the
// next one when the store fails) and forgets hashes older than VisitGap.
func (c *Counter) flushViews(ctx context.Context, now time.Time) error {
	vs, ok := c.store.(ViewStore)
	if !ok {
		return nil
	}
	cutoff := now.Add(-VisitGap).Unix()
	for i := range c.views.shards {
		sh := &c.views.shards[i]
		sh.mu.Lock()
		for h, last := range sh.seen {
			if last < cutoff {
				delete(sh.seen, h)
			}
		}
		sh.mu.Unlock()
	}
	c.mu.Lock()
	left := c.views.leftover
	c.views.leftover = nil
	c.mu.Unlock()
	var firstErr error
	for month, batch := range left {
		if err := vs.AddArticleViews(ctx, month, batch); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			c.mu.Lock()
			if c.views.leftover == nil {
				c.views.leftover = map[string]map[int64]int64{}
			}
			if c.views.leftover[month] == nil {
				c.views.leftover[month] = map[int64]int64{}
			}
			for id, n := range batch {
				c.views.leftover[month][id] += n
			}
			c.mu.Unlock()
		}
	}
	batch := map[int64]int64{}
	c.views.pending.Range(func(k, v any) bool {
		if n := v.(*atomic.Int64).Swap(0); n > 0 {
			batch[k.(int64)] = n
		}
		return true
	})
	_, month := dayNames(c.day.Load())
	if err := vs.AddArticleViews(ctx, month, batch); err != nil {
		for id, n := range batch {
			v, _ := c.views.pending.LoadOrStore(id, new(atomic.Int64))
			v.(*atomic.Int64).Add(n)
		}
		return err
	}
	return firstErr
}

// ManyViewStore reads the views of several articles at once.
type ManyViewStore interface {
	// ArticlesViews returns the stored views of the articles ids (none:
	// absent from the map).
	ArticlesViews(ctx context.Context, ids []int64) (map[int64]int64, error)
}

// ArticlesViews returns the views of the articles ids, as ArticleViews
// would for each, in one read of the store.
func (c *Counter) ArticlesViews(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	ms, ok := c.store.(ManyViewStore)
	if !ok || len(ids) == 0 {
		return out, nil
	}
	out, err := ms.ArticlesViews(ctx, ids)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		if v, ok := c.views.pending.Load(id); ok {
			out[id] += v.(*atomic.Int64).Load()
		}
		for _, m := range c.views.leftover {
			out[id] += m[id]
		}
	}
	return out, nil
}

// ArticleViews returns the article's views: those stored and those this
// node counted since its last flush.
func (c *Counter) ArticleViews(ctx context.Context, articleID int64) (int64, error) {
	vs, ok := c.store.(ViewStore)
	if !ok {
		return 0, nil
	}
	n, err := vs.ArticleViews(ctx, articleID)
	if err != nil {
		return 0, err
	}
	if v, ok := c.views.pending.Load(articleID); ok {
		n += v.(*atomic.Int64).Load()
	}
	c.mu.Lock()
	for _, m := range c.views.leftover {
		n += m[articleID]
	}
	c.mu.Unlock()
	return n, nil
}
