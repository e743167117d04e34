package storetest

import (
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
)

// testSiteSeed: a new site's categories, pages and settings are written
// in the transaction that creates it (content.NewSite), all or nothing;
// FindSettingsByKey returns one key of every site.
func testSiteSeed(t *testing.T, raw content.Store) {
	s, ok := raw.(content.SiteRegistry)
	if !ok {
		t.Fatalf("%T does not implement content.SiteRegistry", raw)
	}
	fs, ok := raw.(content.FurnitureStore)
	if !ok {
		t.Fatalf("%T does not implement content.FurnitureStore", raw)
	}
	xa := content.Site{Key: "gia-hung", Name: "Xã Gia Hưng", Host: "giahung.example.vn", Kind: content.KindCommune}
	must(t, s.CreateSites(ctx, []content.NewSite{{
		Site: &xa, Audit: &audit.Entry{Action: "site.create"},
		Categories: []content.SeedCategory{
			{Name: "Tin tức - Sự kiện", Slug: "tin-tuc-su-kien", Parent: -1},
			{Name: "Kinh tế - Xã hội", Slug: "kinh-te-xa-hoi", Parent: 0},
			{Name: "Thông báo", Slug: "thong-bao", Parent: -1},
		},
		Pages:    []content.Page{{Title: "Chức năng, nhiệm vụ", Slug: "chuc-nang-nhiem-vu", Body: "<p>Đang cập nhật.</p>", Position: 1}},
		Settings: []content.Setting{{Key: content.KeyModules, Value: `{"off":["gop-y-du-thao"]}`}, {Key: content.KeyAbout, Value: `{"intro":"<p>Xã</p>"}`}},
	}}), "CreateSites with a kit")
	cats, err := s.(content.Store).FindCategories(ctx, xa.ID)
	must(t, err, "FindCategories")
	bySlug := map[string]content.Category{}
	for _, c := range cats {
		bySlug[c.Slug] = c
	}
	if len(cats) != 3 || bySlug["kinh-te-xa-hoi"].ParentID != bySlug["tin-tuc-su-kien"].ID || bySlug["thong-bao"].ParentID != 0 {
		t.Errorf("seeded categories: %+v", cats)
	}
	pages, err := s.(content.Store).FindPages(ctx, xa.ID)
	must(t, err, "FindPages")
	if len(pages) != 1 || pages[0].Slug != "chuc-nang-nhiem-vu" || pages[0].SiteID != xa.ID {
		t.Errorf("seeded pages: %+v", pages)
	}
	st, err := fs.FindSetting(ctx, xa.ID, content.KeyModules)
	must(t, err, "FindSetting")
	if st.Value != `{"off":["gop-y-du-thao"]}` || st.Revision != 1 {
		t.Errorf("seeded setting: %+v", st)
	}
	// The version the site was returned with is the stored one (the
	// settings moved it).
	got, err := s.FindSiteByID(ctx, xa.ID)
	must(t, err, "FindSiteByID")
	if got.Version != xa.Version || got.Versions != xa.Versions {
		t.Errorf("CreateSites returned version %d %+v, stored %d %+v", xa.Version, xa.Versions, got.Version, got.Versions)
	}

	other := content.Site{Key: "khac", Name: "Khác", Host: "khac.example.vn"}
	must(t, s.CreateSites(ctx, []content.NewSite{{Site: &other, Settings: []content.Setting{{Key: content.KeyModules, Value: `{"off":[]}`}}}}), "CreateSites")
	all, err := s.FindSettingsByKey(ctx, content.KeyModules)
	must(t, err, "FindSettingsByKey")
	if len(all) != 2 || all[0].SiteID != xa.ID || all[1].SiteID != other.ID || all[1].Value != `{"off":[]}` || all[0].Key != content.KeyModules {
		t.Errorf("FindSettingsByKey: %+v", all)
	}
	if none, err := s.FindSettingsByKey(ctx, "khong-co"); err != nil || len(none) != 0 {
		t.Errorf("FindSettingsByKey of no key: %v %+v", err, none)
	}

	// All or nothing: a second site whose seed repeats a category slug
	// takes the first site (and its seed) with it.
	n := len(mustSites(t, s))
	a := content.Site{Key: "so-a", Name: "Sở A", Host: "soa.example.vn"}
	b := content.Site{Key: "so-b", Name: "Sở B", Host: "sob.example.vn"}
	err = s.CreateSites(ctx, []content.NewSite{
		{Site: &a, Categories: []content.SeedCategory{{Name: "Tin", Slug: "tin", Parent: -1}}},
		{Site: &b, Categories: []content.SeedCategory{{Name: "Tin", Slug: "tin", Parent: -1}, {Name: "Tin", Slug: "tin", Parent: -1}}},
	})
	if err == nil || apperr.Is(err, apperr.NotFound) {
		t.Errorf("a batch with a repeated category slug: %v", err)
	}
	if len(mustSites(t, s)) != n {
		t.Error("a failed batch left sites behind")
	}
	if _, err := s.FindSiteByKey(ctx, "so-a"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the first site of a failed batch: %v", err)
	}
}

func mustSites(t *testing.T, s content.SiteStore) []content.Site {
	t.Helper()
	all, err := s.FindSites(ctx)
	must(t, err, "FindSites")
	return all
}
