package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// testSiteRegistry: the platform's site records (content.SiteRegistry):
// kind, parent and state stored; a batch created all or nothing; a host
// belongs to one site at most, primary or alias; the primary host kept in
// step with Site.Host; one default site.
func testSiteRegistry(t *testing.T, raw content.Store) {
	s, ok := raw.(content.SiteRegistry)
	if !ok {
		t.Fatalf("%T does not implement content.SiteRegistry", raw)
	}
	tinh := content.Site{Key: "ninhbinh", Name: "Cổng thông tin tỉnh Ninh Bình", Host: "ninhbinh.gov.vn", Kind: content.KindProvince}
	xa := content.Site{Key: "gia-hung", Name: "Xã Gia Hưng", Host: "giahung.ninhbinh.gov.vn", Kind: content.KindCommune}
	must(t, s.CreateSites(ctx, []content.NewSite{
		{Site: &tinh, Aliases: []string{"www.ninhbinh.gov.vn"}, Audit: &audit.Entry{Action: "site.create"}},
		{Site: &xa, ParentKey: "ninhbinh", Audit: &audit.Entry{Action: "site.create"}},
	}), "CreateSites")
	got, err := s.FindSiteByKey(ctx, "gia-hung")
	must(t, err, "FindSiteByKey")
	if got.ParentID != tinh.ID || got.Kind != content.KindCommune || got.State != content.StateActive {
		t.Errorf("commune read back as parent %d kind %q state %q, want %d xa active", got.ParentID, got.Kind, got.State, tinh.ID)
	}
	if diff := cmp.Diff(xa, got); diff != "" {
		t.Errorf("CreateSites then FindSiteByKey (-want +got):\n%s", diff)
	}
	aliases := func() []content.SiteHost {
		t.Helper()
		a, err := s.FindSiteAliases(ctx)
		must(t, err, "FindSiteAliases")
		return a
	}
	if diff := cmp.Diff([]content.SiteHost{{SiteID: tinh.ID, Host: "www.ninhbinh.gov.vn"}}, aliases()); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	count := func() int {
		t.Helper()
		all, err := s.FindSites(ctx)
		must(t, err, "FindSites")
		return len(all)
	}

	// All or nothing: the second site's host is the first site's alias.
	n := count()
	a1 := content.Site{Key: "so-tc", Name: "Sở Tài chính", Host: "stc.ninhbinh.gov.vn", Kind: content.KindDepartment}
	a2 := content.Site{Key: "so-xd", Name: "Sở Xây dựng", Host: "www.ninhbinh.gov.vn", Kind: content.KindDepartment}
	wantCode(t, s.CreateSites(ctx, []content.NewSite{{Site: &a1}, {Site: &a2}}), apperr.Conflict, "CreateSites with a host taken as an alias")
	b1 := content.Site{Key: "so-tc", Name: "Sở Tài chính", Host: "stc.ninhbinh.gov.vn"}
	wantCode(t, s.CreateSites(ctx, []content.NewSite{{Site: &b1}, {Site: &content.Site{Key: "x", Name: "X"}, ParentKey: "khong-co"}}), apperr.NotFound, "CreateSites with an unknown parent")
	c1 := content.Site{Key: "so-tc", Name: "Sở Tài chính", Host: "stc.ninhbinh.gov.vn"}
	wantCode(t, s.CreateSites(ctx, []content.NewSite{{Site: &c1, Aliases: []string{"ninhbinh.gov.vn"}}}), apperr.Conflict, "CreateSites with an alias taken as a primary host")
	if count() != n {
		t.Errorf("failed batches left %d sites, want %d", count(), n)
	}

	// Aliases: one owner per host, the site's version moves.
	before := xa.Version
	must(t, s.AddSiteHost(ctx, xa.ID, "giahung.gov.vn", &audit.Entry{Action: "site.host.add"}), "AddSiteHost")
	wantCode(t, s.AddSiteHost(ctx, tinh.ID, "giahung.gov.vn", nil), apperr.Conflict, "AddSiteHost: another site's alias")
	wantCode(t, s.AddSiteHost(ctx, tinh.ID, "giahung.ninhbinh.gov.vn", nil), apperr.Conflict, "AddSiteHost: another site's primary host")
	got, err = s.FindSiteByID(ctx, xa.ID)
	must(t, err, "FindSiteByID")
	if got.Version <= before {
		t.Errorf("AddSiteHost left the version at %d", got.Version)
	}
	wantCode(t, s.RemoveSiteHost(ctx, xa.ID, "giahung.ninhbinh.gov.vn", nil), apperr.NotFound, "RemoveSiteHost of the primary host")
	wantCode(t, s.RemoveSiteHost(ctx, tinh.ID, "giahung.gov.vn", nil), apperr.NotFound, "RemoveSiteHost of another site's alias")
	must(t, s.RemoveSiteHost(ctx, xa.ID, "giahung.gov.vn", nil), "RemoveSiteHost")
	if len(aliases()) != 1 {
		t.Errorf("aliases after the removal: %+v", aliases())
	}

	// The primary host follows Site.Host: an alias made primary is no
	// longer an alias, and the old primary host is free.
	tinh, err = s.FindSiteByID(ctx, tinh.ID)
	must(t, err, "FindSiteByID")
	tinh.Host = "www.ninhbinh.gov.vn"
	must(t, s.UpdateSite(ctx, &tinh, nil), "UpdateSite promoting an alias")
	if a := aliases(); len(a) != 0 {
		t.Errorf("aliases after the promotion: %+v", a)
	}
	must(t, s.AddSiteHost(ctx, tinh.ID, "ninhbinh.gov.vn", nil), "AddSiteHost: the old primary host")
	xa, err = s.FindSiteByID(ctx, xa.ID)
	must(t, err, "FindSiteByID")
	xa.Host = "ninhbinh.gov.vn"
	wantCode(t, s.UpdateSite(ctx, &xa, nil), apperr.Conflict, "UpdateSite to another site's alias")

	// One default site.
	must(t, s.SetDefaultSite(ctx, tinh.ID, &audit.Entry{Action: "site.default"}), "SetDefaultSite")
	must(t, s.SetDefaultSite(ctx, xa.ID, nil), "SetDefaultSite again")
	all, err := s.FindSites(ctx)
	must(t, err, "FindSites")
	for _, x := range all {
		if x.IsDefault != (x.ID == xa.ID) {
			t.Errorf("site %s default %v after SetDefaultSite(%s)", x.Key, x.IsDefault, xa.Key)
		}
	}
	wantCode(t, s.SetDefaultSite(ctx, xa.ID+1000, nil), apperr.NotFound, "SetDefaultSite of no site")
}

// siteAuditedWrites are the site registry's audited writes, for
// RunAuditedWrites.
func siteAuditedWrites(s content.SiteRegistry, site content.Site) []auditedWrite {
	return []auditedWrite{{
		name: "siteCreate",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			return s.CreateSites(ctx, []content.NewSite{{Site: &content.Site{Key: "tao-" + slugOf(n), Name: n, Host: "tao-" + slugOf(n) + ".example.vn"}, Audit: a}})
		},
		made: func(t *testing.T, n string) bool {
			_, err := s.FindSiteByKey(ctx, "tao-"+slugOf(n))
			return err == nil
		},
	}, {
		name: "siteHostAdd",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			return s.AddSiteHost(ctx, site.ID, "them-"+slugOf(n)+".example.vn", a)
		},
		made: func(t *testing.T, n string) bool { return hasAlias(t, s, "them-"+slugOf(n)+".example.vn") },
	}, {
		name: "siteHostRemove",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			h := "bo-" + slugOf(n) + ".example.vn"
			must(t, s.AddSiteHost(ctx, site.ID, h, nil), "AddSiteHost")
			return s.RemoveSiteHost(ctx, site.ID, h, a)
		},
		made: func(t *testing.T, n string) bool { return !hasAlias(t, s, "bo-"+slugOf(n)+".example.vn") },
	}, {
		name: "siteDefault",
		write: func(t *testing.T, n string, a *audit.Entry) error {
			x := content.Site{Key: "md-" + slugOf(n), Name: n}
			must(t, s.CreateSite(ctx, &x), "CreateSite")
			return s.SetDefaultSite(ctx, x.ID, a)
		},
		made: func(t *testing.T, n string) bool {
			x, err := s.FindSiteByKey(ctx, "md-"+slugOf(n))
			must(t, err, "FindSiteByKey")
			return x.IsDefault
		},
	}}
}

func hasAlias(t *testing.T, s content.SiteRegistry, host string) bool {
	t.Helper()
	all, err := s.FindSiteAliases(ctx)
	must(t, err, "FindSiteAliases")
	for _, h := range all {
		if h.Host == host {
			return true
		}
	}
	return false
}

// slugOf is a host label and key made of a write's name.
func slugOf(n string) string { return vi.Slug(n) }
