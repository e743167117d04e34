package visits

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"trangtin/internal/testenv"
)

// memStore adds up like the real stores.
type memStore struct {
	mu     sync.Mutex
	writes int
	counts map[string]int64
	online map[string]struct {
		n  int64
		at time.Time
	}
}

func newMem() *memStore {
	return &memStore{counts: map[string]int64{}, online: map[string]struct {
		n  int64
		at time.Time
	}{}}
}

func (m *memStore) AddVisits(ctx context.Context, siteID int64, day, month string, n int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes++
	s := strconv.FormatInt(siteID, 10)
	m.counts[s+"d"+day] += n
	m.counts[s+"m"+month] += n
	m.counts[s+"total"] += n
	return nil
}

func (m *memStore) ReportOnline(ctx context.Context, siteID int64, node string, online int64, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes++
	m.online[strconv.FormatInt(siteID, 10)+"|"+node] = struct {
		n  int64
		at time.Time
	}{online, at}
	return nil
}

func (m *memStore) VisitFigures(ctx context.Context, siteID int64, day, month string, since time.Time) (Figures, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := strconv.FormatInt(siteID, 10)
	f := Figures{Today: m.counts[s+"d"+day], Month: m.counts[s+"m"+month], Total: m.counts[s+"total"]}
	for k, v := range m.online {
		if k[:len(s)+1] == s+"|" && !v.at.Before(since) {
			f.Online += v.n
		}
	}
	return f, nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

func TestVisitsAndOnline(t *testing.T) {
	ctx := context.Background()
	st := newMem()
	clk := &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)} // 16:00 in Vietnam
	c := New(st, Options{Now: clk.now, Node: "a"})
	for i := 0; i < 5; i++ {
		c.Hit(1, "203.0.113.7", firefox) // one visitor, five pages: one visit
	}
	c.Hit(1, "203.0.113.8", firefox)
	c.Hit(1, "203.0.113.8", "Googlebot/2.1 (+http://www.google.com/bot.html)")
	c.Hit(1, "203.0.113.9", "")
	c.Hit(1, "203.0.113.9", "curl/8.5.0")
	c.Hit(1, "203.0.113.9", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36")
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	f := testenv.Must(c.Figures(ctx, 1)).Get(t)
	if f != (Figures{Online: 2, Today: 2, Month: 2, Total: 2}) {
		t.Fatalf("figures %+v", f)
	}
	clk.add(10 * time.Minute)
	c.Hit(1, "203.0.113.7", firefox) // within the visit gap: same visit
	clk.add(VisitGap)
	c.Hit(1, "203.0.113.7", firefox) // after the gap: a new visit
	c.Flush(ctx)
	f = testenv.Must(c.Figures(ctx, 1)).Get(t)
	if f.Today != 3 || f.Online != 1 {
		t.Errorf("after a gap: %+v, want today 3, online 1", f)
	}
	// Midnight in Vietnam (17:00 UTC): a new day, a new key; counts of the
	// old day that were not flushed stay with the old day.
	clk.t = time.Date(2026, 11, 28, 16, 59, 0, 0, time.UTC)
	c.Hit(1, "198.51.100.1", firefox)
	clk.t = time.Date(2026, 11, 28, 17, 1, 0, 0, time.UTC)
	c.Hit(1, "198.51.100.2", firefox)
	c.Flush(ctx)
	if st.counts["1d2026-11-28"] != 4 || st.counts["1d2026-11-29"] != 1 || st.counts["1total"] != 5 {
		t.Errorf("counts across midnight: %v", st.counts)
	}
}

// Two nodes sharing one store add up; a restart loses nothing flushed.
func TestTwoNodesAddUp(t *testing.T) {
	ctx := context.Background()
	st := newMem()
	clk := &clock{t: time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)}
	a := New(st, Options{Now: clk.now, Node: "a"})
	b := New(st, Options{Now: clk.now, Node: "b"})
	var wg sync.WaitGroup
	for n, c := range []*Counter{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				c.Hit(1, "10.0."+strconv.Itoa(n)+"."+strconv.Itoa(i), firefox)
				if i%100 == 0 {
					c.Flush(ctx)
				}
			}
		}()
	}
	wg.Wait()
	a.Flush(ctx)
	b.Flush(ctx)
	a.Flush(ctx) // a's figures are as of its own last flush
	f := testenv.Must(a.Figures(ctx, 1)).Get(t)
	if f.Total != 600 || f.Today != 600 || f.Online != 600 {
		t.Errorf("two nodes: %+v, want 600 each", f)
	}
	// Node b stops; after the online window passes its report goes stale.
	clk.add(time.Minute)
	a.Flush(ctx)
	if f := testenv.Must(a.Figures(ctx, 1)).Get(t); f.Online != 300 {
		t.Errorf("online after node b stopped: %d, want 300", f.Online)
	}
}

func TestHitConcurrent(t *testing.T) {
	st := newMem()
	c := New(st, Options{})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				c.Hit(int64(i%3+1), "192.0.2."+strconv.Itoa(g), firefox)
			}
		}()
	}
	wg.Wait()
	c.Flush(context.Background())
	var total int64
	for s := int64(1); s <= 3; s++ {
		f := testenv.Must(c.Figures(context.Background(), s)).Get(t)
		total += f.Total
	}
	if total != 24 { // 8 visitors on 3 sites
		t.Errorf("total %d, want 24", total)
	}
}

func BenchmarkHit(b *testing.B) {
	c := New(newMem(), Options{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Hit(1, "203.0.113.7", firefox)
		}
	})
}

// A quiet site writes nothing: once its visitors have left, flushing
// neither adds counts nor reports the same zero again.
func TestQuietSiteWritesNothing(t *testing.T) {
	ctx := context.Background()
	st := newMem()
	clk := &clock{t: time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)}
	c := New(st, Options{Now: clk.now})
	c.Hit(1, "203.0.113.7", firefox)
	c.Flush(ctx)
	if st.writes != 2 { // the visit and the online report
		t.Fatalf("%d writes after one visit, want 2", st.writes)
	}
	clk.add(OnlineWindow + time.Second)
	c.Flush(ctx) // the visitor left: report 0 once
	if f := testenv.Must(c.Figures(ctx, 1)).Get(t); f.Online != 0 || f.Total != 1 {
		t.Errorf("after the visitor left: %+v", f)
	}
	w := st.writes
	for range 10 {
		clk.add(5 * time.Second)
		if err := c.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if st.writes != w {
		t.Errorf("a quiet site wrote %d times in 50 s", st.writes-w)
	}
}

// A flood of new visitors fills the memory the counter allows; past that a
// visitor it cannot remember is not counted, rather than counted on every
// request.
func TestFloodDoesNotCountEveryRequest(t *testing.T) {
	ctx := context.Background()
	st := newMem()
	clk := &clock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	c := New(st, Options{Now: clk.now, Node: "a"})
	for i := 0; i < 2*shards*maxPerShard; i++ {
		c.Hit(1, "2001:db8::"+strconv.FormatInt(int64(i), 16), firefox)
	}
	c.Flush(ctx)
	before := testenv.Must(c.Figures(ctx, 1)).Get(t)
	if before.Today > shards*maxPerShard || before.Today < shards*maxPerShard/2 {
		t.Fatalf("after the flood: %d visits counted, want at most the %d remembered", before.Today, shards*maxPerShard)
	}
	for i := 0; i < 5; i++ {
		c.Hit(1, "198.51.100.250", firefox)
	}
	c.Flush(ctx)
	after := testenv.Must(c.Figures(ctx, 1)).Get(t)
	if d := after.Today - before.Today; d > 1 {
		t.Errorf("one new visitor's 5 requests during the flood counted %d times", d)
	}
}
