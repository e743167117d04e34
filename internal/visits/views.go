package visits

import (
	"context"
	"hash/maphash"
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
	// AddArticleViews adds n to each article's views.
	AddArticleViews(ctx context.Context, views map[int64]int64) error
	// ArticleViews returns an article's stored views.
	ArticleViews(ctx context.Context, articleID int64) (int64, error)
}

type viewCounter struct {
	shards  [shards]shard
	pending sync.Map // article ID → *atomic.Int64, views not yet stored
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
	now := c.now()
	if d := dayNumber(now); d != c.day.Load() {
		c.rotate(d)
	}
	var h maphash.Hash
	h.SetSeed(*c.seed.Load())
	h.WriteString(addr)
	h.WriteByte(0)
	h.WriteString(ua)
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
	batch := map[int64]int64{}
	c.views.pending.Range(func(k, v any) bool {
		if n := v.(*atomic.Int64).Swap(0); n > 0 {
			batch[k.(int64)] = n
		}
		return true
	})
	if err := vs.AddArticleViews(ctx, batch); err != nil {
		for id, n := range batch {
			v, _ := c.views.pending.LoadOrStore(id, new(atomic.Int64))
			v.(*atomic.Int64).Add(n)
		}
		return err
	}
	return nil
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
	return n, nil
}
