package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"trangtin/internal/store/migrate"
	"trangtin/internal/store/storetest"
)

// TestMigrationGivesAttachmentsKeysAndOwners: records stored before
// migration 0018 get their own random keys, and are public exactly when a
// published document or consultation of their site already lists them.
func TestMigrationGivesAttachmentsKeysAndOwners(t *testing.T) {
	ctx := context.Background()
	dsn := freshSchema(t)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	dialect := migrate.Dialect{Lock: "SELECT pg_advisory_xact_lock(7214101)", Placeholder: func(n int) string { return fmt.Sprintf("$%d", n) }}
	if _, err := migrate.Up(ctx, raw, storetest.MigrationsBefore(t, 18), dialect); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO sites (id, key, name, updated_at) OVERRIDING SYSTEM VALUE VALUES (1, 'cu', 'Trang cũ', now()), (2, 'khac', 'Trang khác', now())`,
		`INSERT INTO media (id, site_id, kind, blob_key, file_name, content_type, created_at) OVERRIDING SYSTEM VALUE VALUES
			(1, 1, 'file', 'aa/aa/a1.pdf', 'cong-bo.pdf', 'application/pdf', now()),
			(2, 1, 'file', 'aa/aa/a2.pdf', 'nhap.pdf', 'application/pdf', now()),
			(3, 1, 'file', 'aa/aa/a3.pdf', 'du-thao.pdf', 'application/pdf', now()),
			(4, 1, 'file', 'aa/aa/a4.pdf', 'da-go.pdf', 'application/pdf', now()),
			(5, 1, 'file', 'aa/aa/a5.pdf', 'le.pdf', 'application/pdf', now()),
			(6, 1, 'image', 'aa/aa/a6', '', 'image/jpeg', now()),
			(7, 1, 'file', 'aa/aa/a7.pdf', 'trang-khac.pdf', 'application/pdf', now())`,
		`INSERT INTO documents (site_id, type, number, issuer, abstract, issued_on, files, status, created_at, updated_at) VALUES
			(1, 'Quyết định', '1/QĐ', 'UBND', 'Đã công bố', '2024-01-01', '[1]', 'published', now(), now()),
			(1, 'Quyết định', '2/QĐ', 'UBND', 'Nháp', '2024-01-01', '[2, 1]', 'draft', now(), now()),
			(2, 'Quyết định', '3/QĐ', 'UBND', 'Trang khác', '2024-01-01', '[7]', 'published', now(), now())`,
		`INSERT INTO consultations (site_id, title, summary, files, opens_at, closes_at, status, created_at, updated_at) VALUES
			(1, 'Dự thảo', 'x', '[3]', now(), now(), 'published', now(), now()),
			(1, 'Đã gỡ', 'x', '[4, 6]', now(), now(), 'withdrawn', now(), now())`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db := openStore(t, dsn)
	storetest.WantMigratedMediaAccess(t, db, 1, map[int64]bool{1: true, 2: false, 3: true, 4: false, 5: false, 6: false, 7: false})
}
