package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/store/migrate"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/store/storetest"
	"trangtin/internal/testenv"
)

// TestMigrationMakesSitesRecords: a database from before migration 0026
// with one site (the demo, not marked default) keeps answering every
// host with it: the site is marked default, is of kind xa and active,
// and its host becomes its primary host in site_hosts, taken for any
// other site.
func TestMigrationMakesSitesRecords(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrate.Up(ctx, raw, storetest.MigrationsBefore(t, 26), migrate.Dialect{Placeholder: func(int) string { return "?" }}); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `INSERT INTO sites (id, key, name, host, updated_at) VALUES (1, 'giavien', 'Gia Viễn', 'giavien.ninhbinh.gov.vn', 1)`); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := testenv.Must(db.FindSiteByKey(ctx, "giavien")).Get(t)
	if !s.IsDefault || s.Kind != content.KindCommune || s.State != content.StateActive || s.ParentID != 0 {
		t.Errorf("migrated site %+v, want default, xa, active, no parent", s)
	}
	if err := db.CreateSites(ctx, []content.NewSite{{Site: &content.Site{Key: "khac", Name: "Khác"}, Aliases: []string{"giavien.ninhbinh.gov.vn"}}}); err == nil {
		t.Error("the migrated site's host was free to take as an alias")
	}
}
