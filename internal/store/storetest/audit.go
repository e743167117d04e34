package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"trangtin/internal/audit"
)

// AuditStore is an audit.Store whose raw database a test may tamper with.
type AuditStore interface {
	audit.Store
}

// Tamper runs raw SQL on the store's database, as an intruder would.
type Tamper func(t *testing.T, query string)

// RunAudit runs the audit log's conformance suite. tamper must execute raw
// SQL against the same database (with ? placeholders written as the
// dialect needs; the suite uses none).
func RunAudit(t *testing.T, open func(t *testing.T) (AuditStore, Tamper)) {
	t.Run("ChainAndConcurrency", func(t *testing.T) {
		s, _ := open(t)
		const workers, each = 6, 15
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					e := audit.Entry{SiteID: 1, ActorID: int64(w), Actor: "Kim Thoả", IP: "127.0.0.1", Action: "article.save",
						Object: fmt.Sprintf("article:%d", i), Detail: map[string]string{"lý do": "sửa lỗi chính tả"}}
					if err := s.AppendAudit(ctx, &e); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("AppendAudit: %v", err)
		}
		n, p, err := audit.Verify(ctx, s)
		if err != nil || p != nil || n != workers*each {
			t.Fatalf("Verify: %d checked, %v, %v", n, p, err)
		}
		got, err := s.AuditEntries(ctx, 0, 1)
		must(t, err, "AuditEntries")
		if got[0].Detail["lý do"] != "sửa lỗi chính tả" || got[0].At.IsZero() || got[0].At.Location() != time.UTC {
			t.Errorf("entry did not round-trip: %+v", got[0])
		}
	})
	for _, c := range []struct {
		name, sql string
		wantID    int64
	}{
		{"EditedRow", "UPDATE audit_log SET actor = 'Người khác' WHERE id = 3", 3},
		{"DeletedRow", "DELETE FROM audit_log WHERE id = 3", 3},
		{"DeletedNewest", "DELETE FROM audit_log WHERE id = 5", 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, tamper := open(t)
			for i := 0; i < 5; i++ {
				must(t, s.AppendAudit(ctx, &audit.Entry{Action: "login.ok", Actor: "a"}), "AppendAudit")
			}
			if _, p, _ := audit.Verify(ctx, s); p != nil {
				t.Fatalf("untouched log reported %v", p)
			}
			tamper(t, c.sql)
			_, p, err := audit.Verify(ctx, s)
			if err != nil || p == nil || p.ID != c.wantID {
				t.Errorf("after %q: problem %v (err %v), want entry %d", c.sql, p, err, c.wantID)
			}
		})
	}
}

// RawTamper returns a Tamper over db that first drops the append-only
// triggers, as someone with full access to the database could.
func RawTamper(db *sql.DB, dropTriggers ...string) Tamper {
	return func(t *testing.T, query string) {
		t.Helper()
		for _, q := range dropTriggers {
			if _, err := db.ExecContext(context.Background(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if _, err := db.ExecContext(context.Background(), query); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
}
