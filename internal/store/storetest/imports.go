package storetest

import (
	"testing"

	"trangtin/internal/content"
)

// testImportLedger: a source is remembered per site, moved on a second
// save, and unknown elsewhere.
func testImportLedger(t *testing.T, s content.Store) {
	l, ok := s.(content.ImportLedger)
	if !ok {
		t.Fatal("the store is no content.ImportLedger")
	}
	a, b := newSite(t, s, "nhapa"), newSite(t, s, "nhapb")
	const src = "nukeviet:nv4_vi_news_rows#7"
	_, err := l.FindImported(ctx, a.ID, src)
	wantIs(t, err, content.ErrNotImported, "FindImported before any save")
	must(t, l.SaveImported(ctx, a.ID, src, 41), "SaveImported")
	must(t, l.SaveImported(ctx, a.ID, src, 42), "SaveImported again")
	id, err := l.FindImported(ctx, a.ID, src)
	if must(t, err, "FindImported"); id != 42 {
		t.Errorf("FindImported = %d, want 42", id)
	}
	_, err = l.FindImported(ctx, b.ID, src)
	wantIs(t, err, content.ErrNotImported, "FindImported on another site")
}
