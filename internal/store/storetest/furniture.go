package storetest

import (
	"context"
	"sync"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// FurnitureStore is what the furniture suite needs: the settings, and the
// sites they belong to (whose version every save must bump).
type FurnitureStore interface {
	content.FurnitureStore
	content.SiteStore
}

// RunFurniture runs the conformance suite of content.FurnitureStore: a
// setting never saved is NotFound; the first save takes revision 0 and
// gives 1; a save with a stale revision is Conflict and writes nothing;
// sites do not see each other's settings; every save bumps the site's
// version; of concurrent savers from one revision exactly one wins.
func RunFurniture(t *testing.T, open func(t *testing.T) FurnitureStore) {
	t.Run("RoundTrip", func(t *testing.T) { testSettingRoundTrip(t, open(t)) })
	t.Run("CompareAndSet", func(t *testing.T) { testSettingCAS(t, open(t)) })
	t.Run("Version", func(t *testing.T) { testSettingVersion(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { testSettingConcurrent(t, open(t)) })
}

func furnitureSites(t *testing.T, db FurnitureStore) (a, b content.Site) {
	t.Helper()
	ctx := context.Background()
	a = content.Site{Key: "giavien", Name: "Gia Viễn", Host: "a.test"}
	b = content.Site{Key: "hoalu", Name: "Hoa Lư", Host: "b.test"}
	for _, s := range []*content.Site{&a, &b} {
		if err := db.CreateSite(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	return a, b
}

func testSettingRoundTrip(t *testing.T, db FurnitureStore) {
	ctx := context.Background()
	a, b := furnitureSites(t, db)
	if _, err := db.FindSetting(ctx, a.ID, content.KeyMenu); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("FindSetting before save: err %v, want NotFound", err)
	}
	value := `[{"id":1,"label":"Giới thiệu","kind":"path","target":"/gioi-thieu"}]`
	s := content.Setting{SiteID: a.ID, Key: content.KeyMenu, Value: value}
	if err := db.SaveSetting(ctx, &s, nil); err != nil {
		t.Fatal(err)
	}
	if s.Revision != 1 || s.UpdatedAt.IsZero() {
		t.Fatalf("after first save: revision %d, updated %v; want 1 and a time", s.Revision, s.UpdatedAt)
	}
	got, err := db.FindSetting(ctx, a.ID, content.KeyMenu)
	if err != nil {
		t.Fatal(err)
	}
	if got.Value != value || got.Revision != 1 || got.SiteID != a.ID || got.Key != content.KeyMenu || !got.UpdatedAt.Equal(s.UpdatedAt) {
		t.Fatalf("FindSetting = %+v, want %+v", got, s)
	}
	if _, err := db.FindSetting(ctx, b.ID, content.KeyMenu); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("other site sees the setting: err %v", err)
	}
	if _, err := db.FindSetting(ctx, a.ID, content.KeyBanners); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("other key sees the setting: err %v", err)
	}
	// The same key on site B is its own document.
	sb := content.Setting{SiteID: b.ID, Key: content.KeyMenu, Value: "[]"}
	if err := db.SaveSetting(ctx, &sb, nil); err != nil || sb.Revision != 1 {
		t.Fatalf("save on site B: %v, revision %d", err, sb.Revision)
	}
	if missing := (content.Setting{SiteID: 999999, Key: content.KeyMenu, Value: "[]"}); db.SaveSetting(ctx, &missing, nil) == nil {
		t.Fatal("saved a setting of a site that does not exist")
	}
}

func testSettingCAS(t *testing.T, db FurnitureStore) {
	ctx := context.Background()
	a, _ := furnitureSites(t, db)
	first := content.Setting{SiteID: a.ID, Key: content.KeyLeaders, Value: `"một"`}
	if err := db.SaveSetting(ctx, &first, nil); err != nil {
		t.Fatal(err)
	}
	again := content.Setting{SiteID: a.ID, Key: content.KeyLeaders, Value: `"lần hai"`}
	if err := db.SaveSetting(ctx, &again, nil); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("second create: err %v, want Conflict", err)
	}
	next := content.Setting{SiteID: a.ID, Key: content.KeyLeaders, Value: `"hai"`, Revision: 1}
	if err := db.SaveSetting(ctx, &next, nil); err != nil || next.Revision != 2 {
		t.Fatalf("update from revision 1: %v, revision %d", err, next.Revision)
	}
	stale := content.Setting{SiteID: a.ID, Key: content.KeyLeaders, Value: `"cũ"`, Revision: 1}
	if err := db.SaveSetting(ctx, &stale, nil); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("update from stale revision: err %v, want Conflict", err)
	}
	ahead := content.Setting{SiteID: a.ID, Key: content.KeyLeaders, Value: `"sau"`, Revision: 7}
	if err := db.SaveSetting(ctx, &ahead, nil); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("update from unknown revision: err %v, want Conflict", err)
	}
	got, err := db.FindSetting(ctx, a.ID, content.KeyLeaders)
	if err != nil || got.Value != `"hai"` || got.Revision != 2 {
		t.Fatalf("after refused saves: %+v, %v; want value \"hai\" at revision 2", got, err)
	}
}

func testSettingVersion(t *testing.T, db FurnitureStore) {
	ctx := context.Background()
	a, b := furnitureSites(t, db)
	version := func(id int64) int64 {
		t.Helper()
		vs, err := db.SiteVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return vs[id].Sum()
	}
	va, vb := version(a.ID), version(b.ID)
	s := content.Setting{SiteID: a.ID, Key: content.KeyBanners, Value: "[]"}
	if err := db.SaveSetting(ctx, &s, nil); err != nil {
		t.Fatal(err)
	}
	if v := version(a.ID); v <= va {
		t.Fatalf("create did not bump the site's version: %d → %d", va, v)
	}
	va = version(a.ID)
	if err := db.SaveSetting(ctx, &s, nil); err != nil {
		t.Fatal(err)
	}
	if v := version(a.ID); v <= va {
		t.Fatalf("update did not bump the site's version: %d → %d", va, v)
	}
	if v := version(b.ID); v != vb {
		t.Fatalf("another site's version moved: %d → %d", vb, v)
	}
}

func testSettingConcurrent(t *testing.T, db FurnitureStore) {
	ctx := context.Background()
	a, _ := furnitureSites(t, db)
	base := content.Setting{SiteID: a.ID, Key: content.KeyHomeBlocks, Value: "[]"}
	if err := db.SaveSetting(ctx, &base, nil); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := content.Setting{SiteID: a.ID, Key: content.KeyHomeBlocks, Value: `[{"id":1}]`, Revision: base.Revision}
			errs[i] = db.SaveSetting(ctx, &s, nil)
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !apperr.Is(err, apperr.Conflict):
			t.Errorf("concurrent save: %v, want nil or Conflict", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d concurrent saves from one revision succeeded, want exactly 1", won)
	}
	got, err := db.FindSetting(ctx, a.ID, content.KeyHomeBlocks)
	if err != nil || got.Revision != 2 {
		t.Fatalf("after the race: %+v, %v; want revision 2", got, err)
	}
}
