package guard

import (
	"context"
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

func (m *memStore) DeleteRateSlotsBefore(context.Context, time.Time) (int64, error) { return 0, nil }

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
		if strings.Contains(k, "203.0.113.200") || strings.Contains(k, "203") {
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
