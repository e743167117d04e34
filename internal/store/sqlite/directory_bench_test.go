package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"trangtin/internal/audit"
	"trangtin/internal/content"
)

// BenchmarkDirectoryLoad is a full load of the site directory of a
// province of 150 sites made from their kits (records, hosts, module
// switches and identities): what every node does at start and after any
// site's version moves. See "Province" in BENCHMARKS.md.
func BenchmarkDirectoryLoad(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "t.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	batch := []content.NewSite{{Site: &content.Site{Key: "tinh", Name: "Tỉnh Thử Nghiệm", Kind: content.KindProvince, Host: "tinh.localhost"}}}
	for i := 1; i < 150; i++ {
		key := fmt.Sprintf("xa%03d", i)
		batch = append(batch, content.NewSite{ParentKey: "tinh",
			Site: &content.Site{Key: key, Name: fmt.Sprintf("Xã Thử Nghiệm %d", i), Kind: content.KindCommune, Host: key + ".localhost"}})
	}
	if err := content.NewSites(db).Add(ctx, batch, audit.Entry{Actor: "bench"}); err != nil {
		b.Fatal(err)
	}
	svc := content.NewService(db)
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
