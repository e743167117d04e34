package storetest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"trangtin/internal/audit"
	"trangtin/internal/content"
)

// SiteMaker is the part of a store that makes sites and categories.
type SiteMaker interface {
	CreateSite(ctx context.Context, s *content.Site) error
	CreateCategory(ctx context.Context, c *content.Category, a *audit.Entry) error
}

// SiteWithCategory creates a site keyed key and named name, and one
// category in it.
func SiteWithCategory(t *testing.T, s SiteMaker, key, name string) (content.Site, content.Category) {
	t.Helper()
	ctx := context.Background()
	site := content.Site{Key: key, Name: name}
	if err := s.CreateSite(ctx, &site); err != nil {
		t.Fatal(err)
	}
	cat := content.Category{SiteID: site.ID, Name: "Tin tức", Slug: "tin-tuc"}
	if err := s.CreateCategory(ctx, &cat, nil); err != nil {
		t.Fatal(err)
	}
	return site, cat
}

// MigrationsBefore returns the files of the migrations folder (of the
// engine package under test) numbered below n.
func MigrationsBefore(t *testing.T, n int) fs.FS {
	t.Helper()
	names, err := fs.Glob(os.DirFS("migrations"), "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("list migrations: %v (%d files)", err, len(names))
	}
	out := fstest.MapFS{}
	for _, name := range names {
		num, _, _ := strings.Cut(name, "_")
		if v, err := strconv.Atoi(num); err != nil || v >= n {
			continue
		}
		b, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: b}
	}
	return out
}

// Reopener is a store that can be closed and that keeps sites.
type Reopener interface {
	CreateSite(ctx context.Context, s *content.Site) error
	FindSiteByKey(ctx context.Context, key string) (content.Site, error)
	Close() error
}

// WantReopenKeeps opens a store, writes a site, closes it and opens it
// again (open is called twice on the same database): the site is still
// there.
func WantReopenKeeps[S Reopener](t *testing.T, open func() (S, error)) S {
	t.Helper()
	ctx := context.Background()
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSite(ctx, &content.Site{Key: "k", Name: "N"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = open(); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.FindSiteByKey(ctx, "k"); err != nil {
		t.Fatalf("site lost after reopen: %v", err)
	}
	return db
}
