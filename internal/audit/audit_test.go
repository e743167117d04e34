package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// memStore is an in-memory Store for the package's own tests; the real
// stores pass storetest.RunAudit.
type memStore struct {
	entries []Entry
	count   int64
	head    string
}

func (m *memStore) AppendAudit(_ context.Context, e *Entry) error {
	e.ID = m.count + 1
	e.PrevHash = m.head
	e.Hash = Hash(*e)
	m.entries = append(m.entries, *e)
	m.count, m.head = e.ID, e.Hash
	return nil
}

func (m *memStore) AuditEntries(_ context.Context, after int64, limit int) ([]Entry, error) {
	var out []Entry
	for _, e := range m.entries {
		if e.ID > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memStore) AuditHead(context.Context) (int64, string, error) { return m.count, m.head, nil }

func filled(n int) *memStore {
	m := &memStore{}
	for i := 0; i < n; i++ {
		m.AppendAudit(context.Background(), &Entry{At: time.Unix(int64(i), 0), ActorID: 7, Actor: "Kim Thoả", IP: "127.0.0.1",
			Action: "article.publish", Object: fmt.Sprintf("article:%d", i), Detail: map[string]string{"reason": "ok"}})
	}
	return m
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	if n, p, err := Verify(ctx, filled(2500)); err != nil || p != nil || n != 2500 {
		t.Fatalf("intact log: %d checked, %v, %v", n, p, err)
	}
	edited := filled(10)
	edited.entries[4].Detail = map[string]string{"reason": "sửa lén"}
	if _, p, err := Verify(ctx, edited); err != nil || p == nil || p.ID != 5 || !strings.Contains(p.Reason, "sửa") {
		t.Errorf("edited entry: %v, %v", p, err)
	}
	rehashed := filled(10) // edited and its own hash recomputed: the next link breaks
	rehashed.entries[4].Actor = "Người khác"
	rehashed.entries[4].Hash = Hash(rehashed.entries[4])
	if _, p, err := Verify(ctx, rehashed); err != nil || p == nil || p.ID != 6 {
		t.Errorf("rehashed entry: %v, %v; want the next entry flagged", p, err)
	}
	removed := filled(10)
	removed.entries = append(removed.entries[:3], removed.entries[4:]...)
	if _, p, err := Verify(ctx, removed); err != nil || p == nil || p.ID != 4 {
		t.Errorf("removed entry: %v, %v", p, err)
	}
	truncated := filled(10)
	truncated.entries = truncated.entries[:8]
	if _, p, err := Verify(ctx, truncated); err != nil || p == nil || p.ID != 9 {
		t.Errorf("removed last entries: %v, %v", p, err)
	}
}

func TestHashCoversEveryField(t *testing.T) {
	base := Entry{ID: 1, At: time.Unix(1, 0), SiteID: 2, ActorID: 3, Actor: "a", IP: "b", Action: "c", Object: "d", Detail: map[string]string{"e": "f"}, PrevHash: "g"}
	h := Hash(base)
	for name, mut := range map[string]func(*Entry){
		"ID": func(e *Entry) { e.ID++ }, "At": func(e *Entry) { e.At = e.At.Add(time.Nanosecond) }, "SiteID": func(e *Entry) { e.SiteID++ },
		"ActorID": func(e *Entry) { e.ActorID++ }, "Actor": func(e *Entry) { e.Actor += "x" }, "IP": func(e *Entry) { e.IP += "x" },
		"Action": func(e *Entry) { e.Action += "x" }, "Object": func(e *Entry) { e.Object += "x" }, "PrevHash": func(e *Entry) { e.PrevHash += "x" },
		"DetailValue": func(e *Entry) { e.Detail = map[string]string{"e": "F"} }, "DetailKey": func(e *Entry) { e.Detail = map[string]string{"E": "f"} },
		"FieldBoundary": func(e *Entry) { e.Actor, e.IP = "ab", "" },
	} {
		e := base
		mut(&e)
		if Hash(e) == h {
			t.Errorf("changing %s does not change the hash", name)
		}
	}
}
