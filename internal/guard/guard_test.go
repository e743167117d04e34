package guard

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"trangtin/internal/apperr"
)

// memStore is an in-memory Store that remembers every key it saw.
type memStore struct {
	mu     sync.Mutex
	hits   map[string][]time.Time
	secret []byte
	keys   []string
}

func (m *memStore) TakeRateSlot(_ context.Context, key string, at, since time.Time, limit int) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys = append(m.keys, key)
	var kept []time.Time
	for _, h := range m.hits[key] {
		if !h.Before(since) {
			kept = append(kept, h)
		}
	}
	if len(kept) >= limit {
		m.hits[key] = kept
		return false, nil
	}
	m.hits[key] = append(kept, at)
	return true, nil
}

func (m *memStore) DeleteExpiredRateSlots(context.Context, time.Time) (int64, error) { return 0, nil }

func (m *memStore) GuardSecret(_ context.Context, c []byte) ([]byte, error) {
	if m.secret == nil {
		m.secret = c
	}
	return m.secret, nil
}

func TestLimiterNeverStoresTheAddress(t *testing.T) {
	s := &memStore{hits: map[string][]time.Time{}}
	now := time.Now()
	l := NewLimiter(s, 2, time.Minute, func() time.Time { return now })
	ctx := context.Background()
	for i := range 3 {
		err := l.Take(ctx, "hoi-dap", "203.0.113.200")
		if (i < 2) != (err == nil) || i == 2 && !apperr.Is(err, apperr.RateLimited) {
			t.Fatalf("take %d: %v", i, err)
		}
		if i == 2 && !strings.Contains(err.Error(), "Vui lòng chờ khoảng 1 phút") {
			t.Errorf("message %q", err)
		}
	}
	for _, k := range s.keys {
		// "203.0": a dot, which no hex digest holds (a bare "203" is in
		// one key in a hundred by chance).
		if strings.Contains(k, "203.0") || strings.Contains(k, "113.200") {
			t.Errorf("key %q carries the address", k)
		}
	}
	// Another secret (another database) gives other keys.
	s2 := &memStore{hits: map[string][]time.Time{}}
	NewLimiter(s2, 2, time.Minute, nil).Take(ctx, "hoi-dap", "203.0.113.200")
	if s2.keys[0] == s.keys[0] {
		t.Error("keys do not depend on the secret")
	}
}

func TestTrapped(t *testing.T) {
	if Trapped("") || Trapped("  ") || !Trapped("http://spam") {
		t.Error("Trapped")
	}
}

// clock is a settable time source.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// TestSearchAllowanceInMemory: the search rule spends 30 at once, then one
// every 2 seconds, refuses with a Vietnamese message and the wait, and
// never writes to the store.
func TestSearchAllowanceInMemory(t *testing.T) {
	s := &memStore{hits: map[string][]time.Time{}}
	c := &clock{t: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	l := NewLimiter(s, 0, 0, c.now)
	ctx := context.Background()
	r := l.Rule(FormSearch)
	if r.Limit != 30 || r.Window != time.Minute || !r.Memory {
		t.Fatalf("search rule %+v, want 30 a minute in memory", r)
	}
	for i := range 30 {
		if err := l.Take(ctx, FormSearch, "203.0.113.7"); err != nil {
			t.Fatalf("search %d: %v", i+1, err)
		}
	}
	err := l.Take(ctx, FormSearch, "203.0.113.7")
	if !apperr.Is(err, apperr.RateLimited) {
		t.Fatalf("search 31: %v, want RateLimited", err)
	}
	if d := apperr.RetryAfterOf(err); d != 2*time.Second {
		t.Errorf("RetryAfter %v, want 2s", d)
	}
	if msg := apperr.MessageOf(err); !strings.Contains(msg, "tìm kiếm quá nhiều lần") || !strings.Contains(msg, "2 giây") {
		t.Errorf("message %q", msg)
	}
	// Another address has its own allowance.
	if err := l.Take(ctx, FormSearch, "203.0.113.8"); err != nil {
		t.Errorf("another address: %v", err)
	}
	// One search comes back every 2 seconds; a refused one spends nothing.
	c.t = c.t.Add(1999 * time.Millisecond)
	if err := l.Take(ctx, FormSearch, "203.0.113.7"); err == nil {
		t.Error("a search came back before 2 seconds")
	} else if d := apperr.RetryAfterOf(err); d != time.Second {
		t.Errorf("RetryAfter %v, want 1s (the 1 ms left, rounded up to a second)", d)
	}
	c.t = c.t.Add(time.Millisecond)
	if err := l.Take(ctx, FormSearch, "203.0.113.7"); err != nil {
		t.Errorf("after 2 seconds: %v", err)
	}
	if err := l.Take(ctx, FormSearch, "203.0.113.7"); err == nil {
		t.Error("two searches came back after 2 seconds")
	}
	// After a quiet minute the whole allowance is back.
	c.t = c.t.Add(time.Minute)
	for i := range 30 {
		if err := l.Take(ctx, FormSearch, "203.0.113.7"); err != nil {
			t.Fatalf("after a minute, search %d: %v", i+1, err)
		}
	}
	if len(s.keys) != 0 {
		t.Errorf("the memory rule wrote %d hits to the store", len(s.keys))
	}
}

// TestMemoryTableIsBounded: however many addresses search, the table
// holds at most MemoryEntries of them, and an address that keeps
// searching keeps its count meanwhile.
func TestMemoryTableIsBounded(t *testing.T) {
	s := &memStore{hits: map[string][]time.Time{}}
	c := &clock{t: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	l := NewLimiter(s, 0, 0, c.now)
	ctx := context.Background()
	for range 30 {
		l.Take(ctx, FormSearch, "198.51.100.1")
	}
	for i := range 2*MemoryEntries + 1000 {
		addr := fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&255, i&255)
		if err := l.Take(ctx, FormSearch, addr); err != nil {
			t.Fatalf("address %d: %v", i, err)
		}
		if i%1000 == 0 {
			c.t = c.t.Add(time.Millisecond)
			// The heavy address is refused all along: the crowd does not
			// push its count out.
			if err := l.Take(ctx, FormSearch, "198.51.100.1"); err == nil {
				t.Fatalf("after %d other addresses the spent allowance came back", i)
			}
		}
	}
	if n := l.mem.len(); n > MemoryEntries {
		t.Errorf("the table holds %d entries, bound %d", n, MemoryEntries)
	}
	// Entries whose allowance is whole again are swept.
	c.t = c.t.Add(time.Minute)
	if _, err := l.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if n := l.mem.len(); n != 0 {
		t.Errorf("after a quiet minute and Prune: %d entries left", n)
	}
}

// TestRatingOncePerItem: the rating rule counts each item once per
// address per 24 hours, in the store, under a key that names neither the
// address nor the item.
func TestRatingOncePerItem(t *testing.T) {
	s := &memStore{hits: map[string][]time.Time{}}
	c := &clock{t: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	l := NewLimiter(s, 0, 0, c.now)
	ctx := context.Background()
	const addr = "203.0.113.200"
	if err := l.TakeFor(ctx, FormRating, "1:vb42", addr); err != nil {
		t.Fatal(err)
	}
	err := l.TakeFor(ctx, FormRating, "1:vb42", addr)
	if !apperr.Is(err, apperr.RateLimited) || apperr.RetryAfterOf(err) != 24*time.Hour || !strings.Contains(apperr.MessageOf(err), "cùng địa chỉ mạng") {
		t.Fatalf("second rating of the item: %v (retry after %v)", err, apperr.RetryAfterOf(err))
	}
	for _, other := range []struct{ item, addr string }{{"1:vb43", addr}, {"2:vb42", addr}, {"1:vb42", "203.0.113.201"}} {
		if err := l.TakeFor(ctx, FormRating, other.item, other.addr); err != nil {
			t.Errorf("%+v: %v", other, err)
		}
	}
	for _, k := range s.keys {
		if !strings.HasPrefix(k, FormRating+":") || strings.Contains(k, "203.0.113") || strings.Contains(k, "vb4") {
			t.Errorf("key %q carries the address or the item", k)
		}
	}
	c.t = c.t.Add(24*time.Hour + time.Second)
	if err := l.TakeFor(ctx, FormRating, "1:vb42", addr); err != nil {
		t.Errorf("a day later: %v", err)
	}
}

// TestIPv6CountsPerSlash64: the addresses of one /64 share an allowance.
func TestIPv6CountsPerSlash64(t *testing.T) {
	s := &memStore{hits: map[string][]time.Time{}}
	now := time.Now()
	l := NewLimiter(s, 2, time.Minute, func() time.Time { return now })
	ctx := context.Background()
	for _, a := range []string{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9"} {
		if err := l.Take(ctx, "hoi-dap", a); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Take(ctx, "hoi-dap", "2001:db8:1:2:abcd::1"); !apperr.Is(err, apperr.RateLimited) {
		t.Errorf("a third address of the same /64: %v, want RateLimited", err)
	}
	if err := l.Take(ctx, "hoi-dap", "2001:db8:1:3::1"); err != nil {
		t.Errorf("another /64: %v", err)
	}
	if clientKey("203.0.113.5") != "203.0.113.5" || clientKey("::ffff:203.0.113.5") != "::ffff:203.0.113.5" || clientKey("x") != "x" {
		t.Error("clientKey changed an IPv4 address or a non-address")
	}
}
