package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
)

// benchProvince opens a database holding a province of 150 sites made
// from their kits (records, hosts, module switches and identities).
func benchProvince(b *testing.B) *DB {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "t.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	batch := []content.NewSite{{Site: &content.Site{Key: "tinh", Name: "Tỉnh Thử Nghiệm", Kind: content.KindProvince, Host: "tinh.localhost"}}}
	for i := 1; i < 150; i++ {
		key := fmt.Sprintf("xa%03d", i)
		batch = append(batch, content.NewSite{ParentKey: "tinh",
			Site: &content.Site{Key: key, Name: fmt.Sprintf("Xã Thử Nghiệm %d", i), Kind: content.KindCommune, Host: key + ".localhost"}})
	}
	if err := content.NewSites(db).Add(ctx, batch, audit.Entry{Actor: "bench"}); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkDirectoryLoad is a full load of the site directory of a
// province of 150 sites: what every node does at start. See "Province"
// in BENCHMARKS.md.
func BenchmarkDirectoryLoad(b *testing.B) {
	ctx := context.Background()
	svc := content.NewService(benchProvince(b))
	b.ReportAllocs()
	for b.Loop() {
		d, err := content.NewDirectory(ctx, svc, nil)
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := d.Size(); n != 150 {
			b.Fatalf("%d sites loaded, want 150", n)
		}
	}
}

// BenchmarkDirectoryReload is the directory's Refresh after one change of
// one site of 150, made by another process (the store directly, so that
// only the timed Refresh hears of it): the site renamed, an article
// published, a published article's body edited.
func BenchmarkDirectoryReload(b *testing.B) {
	ctx := context.Background()
	db := benchProvince(b)
	site, err := db.FindSiteByKey(ctx, "xa042")
	if err != nil {
		b.Fatal(err)
	}
	cats, err := db.FindCategories(ctx, site.ID)
	if err != nil || len(cats) == 0 {
		b.Fatalf("no category: %v", err)
	}
	art := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: "Bài", Slug: "bai", Body: "<p>Bài</p>",
		Status: content.StatusPublished, PublishedAt: time.Now()}
	if err := db.CreateArticle(ctx, &art); err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, bc := range []struct {
		name   string
		change func() error
	}{
		{"site renamed", func() error {
			s, err := db.FindSiteByID(ctx, site.ID)
			if err != nil {
				return err
			}
			s.Name = fmt.Sprintf("Xã Đổi Tên %d", n)
			return db.UpdateSite(ctx, &s, nil)
		}},
		{"article published", func() error {
			a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: "Bài mới", Slug: fmt.Sprintf("bai-moi-%d", n),
				Body: "<p>Bài mới</p>", Status: content.StatusPublished, PublishedAt: time.Now()}
			return db.CreateArticle(ctx, &a)
		}},
		{"article body edited", func() error {
			art.Body = fmt.Sprintf("<p>Sửa lần %d</p>", n)
			return db.UpdateArticle(ctx, &art)
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			d, err := content.NewDirectory(ctx, content.NewService(db), nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				n++
				if err := bc.change(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := d.Refresh(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
