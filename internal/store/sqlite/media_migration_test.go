package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"trangtin/internal/store/migrate"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
)

// TestMigrationGivesAttachmentsKeysAndOwners: records stored before
// migration 0018 get their own random keys, and are public exactly when a
// published document or consultation of their site already lists them.
func TestMigrationGivesAttachmentsKeysAndOwners(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Up(ctx, raw, storetest.MigrationsBefore(t, 18), migrate.Dialect{Placeholder: func(int) string { return "?" }}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO sites (id, key, name, updated_at) VALUES (1, 'cu', 'Trang cũ', 1), (2, 'khac', 'Trang khác', 1)`,
		`INSERT INTO media (id, site_id, kind, blob_key, file_name, content_type, created_at) VALUES
			(1, 1, 'file', 'aa/aa/a1.pdf', 'cong-bo.pdf', 'application/pdf', 1),
			(2, 1, 'file', 'aa/aa/a2.pdf', 'nhap.pdf', 'application/pdf', 1),
			(3, 1, 'file', 'aa/aa/a3.pdf', 'du-thao.pdf', 'application/pdf', 1),
			(4, 1, 'file', 'aa/aa/a4.pdf', 'da-go.pdf', 'application/pdf', 1),
			(5, 1, 'file', 'aa/aa/a5.pdf', 'le.pdf', 'application/pdf', 1),
			(6, 1, 'image', 'aa/aa/a6', '', 'image/jpeg', 1),
			(7, 1, 'file', 'aa/aa/a7.pdf', 'trang-khac.pdf', 'application/pdf', 1)`,
		`INSERT INTO documents (site_id, type, number, issuer, abstract, issued_on, files, status, created_at, updated_at) VALUES
			(1, 'Quyết định', '1/QĐ', 'UBND', 'Đã công bố', '2024-01-01', '[1]', 'published', 1, 1),
			(1, 'Quyết định', '2/QĐ', 'UBND', 'Nháp', '2024-01-01', '[2,1]', 'draft', 1, 1),
			(2, 'Quyết định', '3/QĐ', 'UBND', 'Trang khác', '2024-01-01', '[7]', 'published', 1, 1)`,
		`INSERT INTO consultations (site_id, title, summary, files, opens_at, closes_at, status, created_at, updated_at) VALUES
			(1, 'Dự thảo', 'x', '[3]', 1, 2, 'published', 1, 1),
			(1, 'Đã gỡ', 'x', '[4,6]', 1, 2, 'withdrawn', 1, 1)`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.WantMigratedMediaAccess(t, db, 1, map[int64]bool{1: true, 2: false, 3: true, 4: false, 5: false, 6: false, 7: false})
}
