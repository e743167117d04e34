package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
	"trangtin/internal/testenv"
)

func openAudit(t *testing.T) (storetest.AuditStore, storetest.Tamper) {
	path := filepath.Join(t.TempDir(), "audit.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, storetest.RawTamper(raw, "DROP TRIGGER IF EXISTS audit_log_no_update", "DROP TRIGGER IF EXISTS audit_log_no_delete")
}

func TestAuditConformance(t *testing.T) { storetest.RunAudit(t, openAudit) }

// TestAuditIsAppendOnly: without dropping the triggers, the database
// itself refuses to change the log.
func TestAuditIsAppendOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := testenv.Must(sql.Open("sqlite", "file:"+path)).Get(t)
	defer raw.Close()
	for _, q := range []string{"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"} {
		raw.Exec("INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (1, 1, 'x', '', 'h')")
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only refusal", q, err)
		}
	}
}

func TestAuditedWritesConformance(t *testing.T) { storetest.RunAuditedWrites(t, openAudit) }
