package media

import (
	"bytes"
	"context"
	"testing"
)

// Importing the same file of the same site twice stores it once; another
// site, or another file, gets its own record.
func TestImportIsIdempotentPerSiteAndSource(t *testing.T) {
	ctx := context.Background()
	f := newLib(t)
	jpg := encodeJPEG(t, gradient(400, 300), 90)
	first, found, err := f.lib.ImportImage(ctx, 1, "nukeviet:uploads/news/a.jpg", bytes.NewReader(jpg), "Ảnh A")
	if err != nil || found {
		t.Fatalf("first import: found %v, %v", found, err)
	}
	again, found, err := f.lib.ImportImage(ctx, 1, "nukeviet:uploads/news/a.jpg", bytes.NewReader(nil), "Ảnh A")
	if err != nil || !found || again.ID != first.ID {
		t.Fatalf("second import: %+v found %v, %v; want record %d", again, found, err, first.ID)
	}
	other, found, err := f.lib.ImportImage(ctx, 2, "nukeviet:uploads/news/a.jpg", bytes.NewReader(jpg), "Ảnh A")
	if err != nil || found || other.ID == first.ID {
		t.Fatalf("another site: %+v found %v, %v", other, found, err)
	}
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	doc, found, err := f.lib.ImportFile(ctx, 1, "nukeviet:uploads/laws/qd.pdf", "qd.pdf", bytes.NewReader(pdf))
	if err != nil || found {
		t.Fatalf("first file: found %v, %v", found, err)
	}
	doc2, found, err := f.lib.ImportFile(ctx, 1, "nukeviet:uploads/laws/qd.pdf", "qd.pdf", bytes.NewReader(pdf))
	if err != nil || !found || doc2.ID != doc.ID {
		t.Fatalf("second file: %+v found %v, %v", doc2, found, err)
	}
	list, err := f.lib.List(ctx, 1, 10, 0)
	if err != nil || len(list) != 2 {
		t.Fatalf("site 1 has %d records, want 2: %v", len(list), err)
	}
}
