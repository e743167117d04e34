// Package visits counts the visits of each site for the footer (lượt truy
// cập): visitors online now, visits today, this month and in total.
//
// Nothing that identifies a person is kept. A visitor is known only by a
// keyed hash of their address and browser name, under a random key that
// lives in memory and is replaced every day (Vietnam time), so hashes of
// two days cannot be linked and nothing can be recomputed after a restart;
// no hash is ever written to the database. A visit is a first request, or
// one after VisitGap without any; "online" are the visitors seen within
// OnlineWindow.
//
// Counting costs a hash, a lock of one of 64 shards and two atomic adds;
// the counts are added to the database every FlushInterval, so several
// nodes add up and a crash loses at most one interval.
package visits

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"trangtin/internal/vi"
)

// Figures are what the footer shows.
type Figures struct {
	Online int64 `json:"online"`
	Today  int64 `json:"today"`
	Month  int64 `json:"month"`
	Total  int64 `json:"total"`
}

// Store adds up the counts of every node.
type Store interface {
	// AddVisits adds n to the site's counts for day ("2026-11-28"), month
	// ("2026-11") and in total, in one transaction.
	AddVisits(ctx context.Context, siteID int64, day, month string, n int64) error
	// ReportOnline records how many visitors node saw online at at.
	ReportOnline(ctx context.Context, siteID int64, node string, online int64, at time.Time) error
	// VisitFigures returns the counts of day, month and in total, and the
	// online visitors of every node that reported since onlineSince.
	VisitFigures(ctx context.Context, siteID int64, day, month string, onlineSince time.Time) (Figures, error)
}

// Defaults of a Counter.
const (
	DefaultFlushInterval = 5 * time.Second
	OnlineWindow         = 5 * time.Minute
	VisitGap             = 30 * time.Minute
	shards               = 64
	refreshEvery         = 30 * time.Second // figures of a quiet site, read back at least this often
	maxPerShard          = 8192             // bound memory under a flood of new visitors
)

// Counter counts on one node.
type Counter struct {
	store         Store
	node          string
	now           func() time.Time
	flushInterval time.Duration

	mu      sync.Mutex // guards sites (writes), rotation and leftovers
	flushMu sync.Mutex // one Flush at a time
	sites   sync.Map   // int64 → *siteCounter
	day     atomic.Int64
	seed    atomic.Pointer[maphash.Seed]
	// leftover holds counts of a day that ended before they were flushed.
	leftover map[leftKey]int64
	views    viewCounter // article views, see views.go
}

type leftKey struct {
	site       int64
	day, month string
}

type siteCounter struct {
	pending atomic.Int64
	shards  [shards]shard
	figures atomic.Pointer[cachedFigures]
	// Written by Flush only (one at a time under flushMu).
	reported   int64     // the online figure last reported
	reportedAt time.Time // when; zero: never
}

type shard struct {
	mu   sync.Mutex
	seen map[uint64]int64 // hash → last seen, Unix seconds
}

type cachedFigures struct {
	f  Figures
	at time.Time
}

// Options tune a Counter.
type Options struct {
	FlushInterval time.Duration    // 0: DefaultFlushInterval
	Now           func() time.Time // nil: time.Now
	Node          string           // "": a random name for this process
}

// New returns a counter that adds its counts to store.
func New(store Store, opt Options) *Counter {
	c := &Counter{store: store, node: opt.Node, now: opt.Now, flushInterval: opt.FlushInterval, leftover: map[leftKey]int64{}}
	if c.now == nil {
		c.now = time.Now
	}
	if c.flushInterval <= 0 {
		c.flushInterval = DefaultFlushInterval
	}
	if c.node == "" {
		b := make([]byte, 8)
		rand.Read(b)
		c.node = hex.EncodeToString(b)
	}
	seed := maphash.MakeSeed()
	c.seed.Store(&seed)
	c.day.Store(dayNumber(c.now()))
	return c
}

// dayNumber is the number of the Vietnam calendar day of t.
func dayNumber(t time.Time) int64 { return (t.Unix() + 7*3600) / 86400 }

// dayNames are the keys the store files day n under: the day, 2026-11-30,
// and its month, 2026-11.
func dayNames(n int64) (day, month string) {
	day = vi.NewDay(1970, time.January, 1).AddDays(int(n)).String()
	return day, day[:len("2006-01")]
}

// visitor starts a day (rotating the counts when the day changed) and
// hashes the visitor, addr and ua, with the day's seed: what Hit and View
// count by, never stored as such.
func (c *Counter) visitor(addr, ua string) (time.Time, maphash.Hash) {
	now := c.now()
	if d := dayNumber(now); d != c.day.Load() {
		c.rotate(d)
	}
	var h maphash.Hash
	h.SetSeed(*c.seed.Load())
	h.WriteString(addr)
	h.WriteByte(0)
	h.WriteString(ua)
	return now, h
}

// Hit counts a request for a page of siteID from addr (the client's IP
// address) with the browser's User-Agent ua. Robots are not counted.
func (c *Counter) Hit(siteID int64, addr, ua string) {
	if IsBot(ua) {
		return
	}
	now, h := c.visitor(addr, ua)
	sum := h.Sum64()
	sc := c.site(siteID)
	sec := now.Unix()
	sh := &sc.shards[sum%shards]
	sh.mu.Lock()
	last, ok := sh.seen[sum]
	// A full shard (a flood) takes no new visitor: one that cannot be
	// remembered is not counted either, or each of its requests would be.
	stored := ok || len(sh.seen) < maxPerShard
	if stored {
		if sh.seen == nil {
			sh.seen = make(map[uint64]int64)
		}
		sh.seen[sum] = sec
	}
	sh.mu.Unlock()
	if stored && (!ok || sec-last >= int64(VisitGap/time.Second)) {
		sc.pending.Add(1)
	}
}

func (c *Counter) site(id int64) *siteCounter {
	if v, ok := c.sites.Load(id); ok {
		return v.(*siteCounter)
	}
	v, _ := c.sites.LoadOrStore(id, new(siteCounter))
	return v.(*siteCounter)
}

// rotate starts a new day: a new hash key, forgotten hashes, and the old
// day's unflushed counts set aside under the old day's name.
func (c *Counter) rotate(d int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.day.Load()
	if old == d {
		return
	}
	day, month := dayNames(old)
	c.sites.Range(func(k, v any) bool {
		sc := v.(*siteCounter)
		if n := sc.pending.Swap(0); n > 0 {
			c.leftover[leftKey{k.(int64), day, month}] += n
		}
		for i := range sc.shards {
			sh := &sc.shards[i]
			sh.mu.Lock()
			sh.seen = nil
			sh.mu.Unlock()
		}
		return true
	})
	c.views.forget()
	c.views.setAside(month)
	seed := maphash.MakeSeed()
	c.seed.Store(&seed)
	c.day.Store(d)
}

// Flush adds the counts since the last flush to the store, reports the
// visitors online, and refreshes the figures kept for the footer. Counts
// that could not be stored are kept for the next flush.
//
// A quiet site costs nothing: its online figure is reported when it
// changes, or again before other nodes would take it for stale, and its
// figures are read back only after activity or every refreshEvery.
func (c *Counter) Flush(ctx context.Context) error {
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	now := c.now()
	if d := dayNumber(now); d != c.day.Load() {
		c.rotate(d)
	}
	var firstErr error
	keep := func(err error) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	c.mu.Lock()
	left := c.leftover
	c.leftover = map[leftKey]int64{}
	c.mu.Unlock()
	for k, n := range left {
		if err := c.store.AddVisits(ctx, k.site, k.day, k.month, n); err != nil {
			keep(err)
			c.mu.Lock()
			c.leftover[k] += n
			c.mu.Unlock()
		}
	}
	day, month := dayNames(c.day.Load())
	cutoff := now.Add(-VisitGap).Unix()
	onlineFrom := now.Add(-OnlineWindow).Unix()
	c.sites.Range(func(k, v any) bool {
		id, sc := k.(int64), v.(*siteCounter)
		added := false
		if n := sc.pending.Swap(0); n > 0 {
			if err := c.store.AddVisits(ctx, id, day, month, n); err != nil {
				keep(err)
				sc.pending.Add(n)
			} else {
				added = true
			}
		}
		var online int64
		active := added
		for i := range sc.shards {
			sh := &sc.shards[i]
			sh.mu.Lock()
			for h, last := range sh.seen {
				if last < cutoff {
					delete(sh.seen, h)
				} else if last >= onlineFrom {
					online++
				}
			}
			sh.mu.Unlock()
		}
		if online != sc.reported || (online > 0 && now.Sub(sc.reportedAt) >= c.reportWindow()/3) || sc.reportedAt.IsZero() {
			if err := c.store.ReportOnline(ctx, id, c.node, online, now); err != nil {
				keep(err)
			} else {
				active = active || online != sc.reported
				sc.reported, sc.reportedAt = online, now
			}
		}
		cf := sc.figures.Load()
		if active || cf == nil || now.Sub(cf.at) >= refreshEvery || sc.pending.Load() > 0 || online > 0 {
			if f, err := c.store.VisitFigures(ctx, id, day, month, c.onlineSince(now)); err == nil {
				sc.figures.Store(&cachedFigures{f, now})
			} else {
				keep(err)
			}
		}
		return true
	})
	keep(c.flushViews(ctx, now))
	return firstErr
}

// onlineSince is how recent a node's report must be to count: a node that
// stopped reporting is not online any more.
func (c *Counter) onlineSince(now time.Time) time.Time { return now.Add(-c.reportWindow()) }

// reportWindow is how long a node's online report counts.
func (c *Counter) reportWindow() time.Duration { return max(3*c.flushInterval, 30*time.Second) }

// Figures returns the site's figures as of the last flush, reading the
// store when this node has none recent.
func (c *Counter) Figures(ctx context.Context, siteID int64) (Figures, error) {
	now := c.now()
	sc := c.site(siteID)
	if cf := sc.figures.Load(); cf != nil && now.Sub(cf.at) < refreshEvery+2*c.flushInterval {
		return cf.f, nil
	}
	day, month := dayNames(dayNumber(now))
	f, err := c.store.VisitFigures(context.WithoutCancel(ctx), siteID, day, month, c.onlineSince(now))
	if err != nil {
		return Figures{}, err
	}
	sc.figures.Store(&cachedFigures{f, now})
	return f, nil
}

// Run flushes every interval until ctx ends, then flushes once more.
func (c *Counter) Run(ctx context.Context, onError func(error)) {
	tick := time.NewTicker(c.flushInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := c.Flush(fctx); err != nil && onError != nil {
				onError(err)
			}
			cancel()
			return
		case <-tick.C:
			if err := c.Flush(ctx); err != nil && ctx.Err() == nil && onError != nil {
				onError(err)
			}
		}
	}
}

// botWords mark the User-Agent of a robot, a script or a monitor.
var botWords = [][]byte{
	[]byte("bot"), []byte("crawl"), []byte("spider"), []byte("slurp"), []byte("curl"),
	[]byte("wget"), []byte("python"), []byte("go-http-client"), []byte("java/"),
	[]byte("httpclient"), []byte("headless"), []byte("lighthouse"), []byte("monitor"),
	[]byte("facebookexternalhit"), []byte("preview"), []byte("scan"), []byte("axios"), []byte("okhttp"),
}

// botVerdicts remembers IsBot's answer for the User-Agents seen: a site
// sees few distinct ones, and a lookup is cheaper than the word search.
var (
	botVerdicts    sync.Map // string → bool
	botVerdictsLen atomic.Int64
)

const maxBotVerdicts = 4096

// IsBot reports whether ua is empty or names an obvious robot.
func IsBot(ua string) bool {
	if len(ua) < 8 {
		return true
	}
	if v, ok := botVerdicts.Load(ua); ok {
		return v.(bool)
	}
	bot := isBot(ua)
	if botVerdictsLen.Load() < maxBotVerdicts {
		if _, loaded := botVerdicts.LoadOrStore(ua, bot); !loaded {
			botVerdictsLen.Add(1)
		}
	}
	return bot
}

func isBot(ua string) bool {
	var buf [512]byte
	b := buf[:0]
	for i := 0; i < len(ua) && i < len(buf); i++ {
		ch := ua[i]
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		b = append(b, ch)
	}
	for _, w := range botWords {
		if bytes.Contains(b, w) {
			return true
		}
	}
	return false
}
