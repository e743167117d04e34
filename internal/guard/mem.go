package guard

import (
	"sync"
	"time"
)

// MemoryEntries bounds the memory table of the Memory rules: at most this
// many addresses (per rule and item) are remembered at once, about 40
// bytes each plus the map's overhead, 3 to 4 MiB when full, however many
// distinct addresses send requests.
const MemoryEntries = 1 << 16

// evictSample is how many entries a full table looks at to choose one to
// drop.
const evictSample = 8

// memTable is a fixed-size table of token buckets keyed by the keyed hash
// of (form, address, item). When it is full, a new key replaces an entry
// that is as good as absent (its bucket has refilled) or else, among a few
// taken at random, the one closest to refilled: an address that has gone
// quiet loses its count first, and the table never grows.
type memTable struct {
	mu  sync.Mutex
	max int
	m   map[[16]byte]bucket
}

// bucket holds what is left of an allowance. Times are Unix nanoseconds.
type bucket struct {
	tokens float64 // hits left now, refilled continuously
	last   int64   // when tokens was computed
	full   int64   // when tokens is back to the limit: the entry is then as good as absent
}

func newMemTable(n int) *memTable {
	return &memTable{max: max(n, 1), m: make(map[[16]byte]bucket)}
}

// take spends one of limit hits per window for id at now, reporting
// whether it could and, when not, how long until it can.
func (t *memTable) take(id [16]byte, limit int, window time.Duration, now time.Time) (bool, time.Duration) {
	n := now.UnixNano()
	per := float64(window) / float64(limit) // nanoseconds to refill one hit
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.m[id]
	switch {
	case !ok || n >= b.full:
		if !ok && len(t.m) >= t.max {
			t.evict(n)
		}
		b = bucket{tokens: float64(limit), last: n}
	case n > b.last:
		b.tokens = min(float64(limit), b.tokens+float64(n-b.last)/per)
		b.last = n
	}
	took := b.tokens >= 1
	if took {
		b.tokens--
	}
	b.full = b.last + int64((float64(limit)-b.tokens)*per)
	t.m[id] = b
	if took {
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * per)
}

// evict drops one entry: the first refilled one among a few, or the one of
// them closest to refilled. Go starts each map iteration at a random
// place, so the few are a random sample.
func (t *memTable) evict(n int64) {
	var victim [16]byte
	found, seen := false, 0
	var soonest int64
	for id, b := range t.m {
		if b.full <= n {
			delete(t.m, id)
			return
		}
		if !found || b.full < soonest {
			victim, soonest, found = id, b.full, true
		}
		if seen++; seen == evictSample {
			break
		}
	}
	if found {
		delete(t.m, victim)
	}
}

// sweep forgets every entry that is as good as absent.
func (t *memTable) sweep(now time.Time) {
	n := now.UnixNano()
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, b := range t.m {
		if b.full <= n {
			delete(t.m, id)
		}
	}
}

// len is the number of remembered entries.
func (t *memTable) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}
