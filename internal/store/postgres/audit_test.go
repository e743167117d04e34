package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"trangtin/internal/store/postgres"
	"trangtin/internal/store/storetest"
	"trangtin/internal/testenv"
)

func openAudit(t *testing.T) (storetest.AuditStore, storetest.Tamper) {
	dsn := freshSchema(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, storetest.RawTamper(raw, "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
}

func TestAuditConformance(t *testing.T) { storetest.RunAudit(t, openAudit) }

func TestAuditIsAppendOnly(t *testing.T) {
	dsn := freshSchema(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := testenv.Must(sql.Open("pgx", dsn)).Get(t)
	defer raw.Close()
	if _, err := raw.Exec("INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (1, now(), 'x', '', 'h')"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only refusal", q, err)
		}
	}
}

func TestAuditedWritesConformance(t *testing.T) { storetest.RunAuditedWrites(t, openAudit) }
