package storetest

import (
	"fmt"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

// SiteAdminStore is what the site administrator's pages need from a store:
// the content, the account policies and the audit log with its search.
type SiteAdminStore interface {
	content.Store
	user.PolicyStore
	audit.Store
	audit.Finder
}

// RunSiteAdmin runs the conformance suite of the site administrator's
// store methods: policies, hidden and deleted categories, the audit search.
func RunSiteAdmin(t *testing.T, open func(t *testing.T) SiteAdminStore) {
	t.Run("Policies", func(t *testing.T) { testPolicies(t, open(t)) })
	t.Run("CategoryHideDelete", func(t *testing.T) { testCategoryHideDelete(t, open(t)) })
	t.Run("AuditFind", func(t *testing.T) { testAuditFind(t, open(t)) })
	t.Run("ArticleListFilters", func(t *testing.T) { testArticleListFilters(t, open(t)) })
	t.Run("ArticlePhoto", func(t *testing.T) { testArticlePhoto(t, open(t)) })
}

func testArticlePhoto(t *testing.T, s SiteAdminStore) {
	site := newSite(t, s, "a")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	a := article(site.ID, cat.ID, "co-anh", time.Now().Add(-time.Minute))
	a.Photo = content.Photo{ID: 12, Src: "/anh/ab/cd-1600.jpg", Srcset: "/anh/ab/cd-480.jpg 480w, /anh/ab/cd-1600.jpg 1600w",
		Width: 1600, Height: 1067, Alt: "Đoàn rước kiệu “Thánh Mẫu”"}
	must(t, s.CreateArticle(ctx, &a), "CreateArticle")
	got, err := s.FindArticleByID(ctx, site.ID, a.ID)
	must(t, err, "FindArticleByID")
	if got.Photo != a.Photo {
		t.Errorf("photo %+v, want %+v", got.Photo, a.Photo)
	}
	list, err := s.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID})
	must(t, err, "FindArticles")
	if len(list) != 1 || list[0].Photo != a.Photo {
		t.Errorf("listed photo %+v", list)
	}
	a.Photo = content.Photo{}
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle")
	if got, _ := s.FindArticleByID(ctx, site.ID, a.ID); got.Photo != (content.Photo{}) {
		t.Errorf("photo not removed: %+v", got.Photo)
	}
}

// testArticleListFilters covers the admin list's filters: the stage (the
// status or a pending edit's), the owner, folded text over title and
// byline, the order by last change, paging and counting alike.
func testArticleListFilters(t *testing.T, s SiteAdminStore) {
	site := newSite(t, s, "a")
	other := newSite(t, s, "b")
	cat := newCategory(t, s, site.ID, "tin", 0, 1)
	catB := newCategory(t, s, other.ID, "tin", 0, 1)
	mk := func(siteID, catID int64, slug, title, author string, st content.Status, owner int64) content.Article {
		a := content.Article{SiteID: siteID, CategoryID: catID, Title: title, Slug: slug, Author: author, Status: st, OwnerID: owner}
		if st == content.StatusPublished {
			a.PublishedAt = time.Now().Add(-time.Hour)
		}
		must(t, s.CreateArticle(ctx, &a), "CreateArticle "+slug)
		time.Sleep(2 * time.Millisecond) // distinct updated_at
		return a
	}
	a1 := mk(site.ID, cat.ID, "a1", "Hội nghị văn hoá thôn", "Kim Thoả", content.StatusDraft, 7)
	mk(site.ID, cat.ID, "a2", "Khai mạc lễ hội", "Trần Văn Hoà", content.StatusApproval, 8)
	a3 := mk(site.ID, cat.ID, "a3", "Giá lúa tăng", "Lê Thị Lan", content.StatusPublished, 7)
	mk(other.ID, catB.ID, "b1", "Văn hóa xã khác", "Kim Thoả", content.StatusDraft, 7)
	// a3 then a1 change after a2 was written.
	must(t, s.UpdateArticle(ctx, &a3), "UpdateArticle a3")
	time.Sleep(2 * time.Millisecond)
	a1.Title = "Hội nghị văn hóa thôn Đông"
	must(t, s.UpdateArticle(ctx, &a1), "UpdateArticle a1")

	slugs := func(f content.ArticleFilter) string {
		t.Helper()
		as, err := s.FindArticles(ctx, f)
		must(t, err, "FindArticles")
		n, err := s.CountArticles(ctx, content.ArticleFilter{SiteID: f.SiteID, Stage: f.Stage, OwnerID: f.OwnerID, Text: f.Text, Status: f.Status})
		must(t, err, "CountArticles")
		var out []string
		for _, a := range as {
			out = append(out, a.Slug)
		}
		return fmt.Sprintf("%v/%d", out, n)
	}
	for _, c := range []struct {
		name string
		f    content.ArticleFilter
		want string
	}{
		{"by last change", content.ArticleFilter{SiteID: site.ID, ByUpdated: true}, "[a1 a3 a2]/3"},
		{"owner", content.ArticleFilter{SiteID: site.ID, OwnerID: 7, ByUpdated: true}, "[a1 a3]/2"},
		{"text folded: hoa finds hoá, hóa and Hoà", content.ArticleFilter{SiteID: site.ID, Text: "HOA", ByUpdated: true}, "[a1 a2]/2"},
		{"text with diacritics typed the other way, over title and byline", content.ArticleFilter{SiteID: site.ID, Text: "văn hoá", ByUpdated: true}, "[a1 a2]/2"},
		{"text over the byline", content.ArticleFilter{SiteID: site.ID, Text: "thi lan", ByUpdated: true}, "[a3]/1"},
		{"text wildcards are literal", content.ArticleFilter{SiteID: site.ID, Text: "%", ByUpdated: true}, "[]/0"},
		{"stage", content.ArticleFilter{SiteID: site.ID, Stage: content.StatusApproval, ByUpdated: true}, "[a2]/1"},
		{"paging", content.ArticleFilter{SiteID: site.ID, ByUpdated: true, Limit: 1, Offset: 1}, "[a3]/3"},
	} {
		if got := slugs(c.f); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func testPolicies(t *testing.T, s SiteAdminStore) {
	p, err := s.FindPolicy(ctx, 7)
	must(t, err, "FindPolicy (none saved)")
	if p != (user.Policy{}) {
		t.Fatalf("FindPolicy of a site with none = %+v, want the zero Policy", p)
	}
	must(t, s.SavePolicy(ctx, 7, user.Policy{AllowSelfApproval: true, RequireSecondFactor: true}, nil), "SavePolicy")
	must(t, s.SavePolicy(ctx, 0, user.Policy{RequireSecondFactor: true}, nil), "SavePolicy platform")
	if p, _ = s.FindPolicy(ctx, 7); p != (user.Policy{AllowSelfApproval: true, RequireSecondFactor: true}) {
		t.Errorf("after save: %+v", p)
	}
	must(t, s.SavePolicy(ctx, 7, user.Policy{RequireSecondFactor: false, AllowSelfApproval: true}, nil), "SavePolicy again")
	if p, _ = s.FindPolicy(ctx, 7); p != (user.Policy{AllowSelfApproval: true}) {
		t.Errorf("after overwrite: %+v", p)
	}
	if p, _ = s.FindPolicy(ctx, 0); p != (user.Policy{RequireSecondFactor: true}) {
		t.Errorf("platform policy: %+v", p)
	}
	if p, _ = s.FindPolicy(ctx, 8); p != (user.Policy{}) {
		t.Errorf("another site's policy leaked: %+v", p)
	}
}

func testCategoryHideDelete(t *testing.T, s SiteAdminStore) {
	site := newSite(t, s, "a")
	other := newSite(t, s, "b")
	parent := newCategory(t, s, site.ID, "tin-tuc", 0, 1)
	child := newCategory(t, s, site.ID, "tin-xa", parent.ID, 1)
	empty := newCategory(t, s, site.ID, "rong", 0, 2)
	full := newCategory(t, s, site.ID, "day", 0, 3)

	empty.Hidden = true
	must(t, s.UpdateCategory(ctx, &empty, nil), "UpdateCategory hidden")
	got, err := s.FindCategoryByID(ctx, site.ID, empty.ID)
	must(t, err, "FindCategoryByID")
	if !got.Hidden {
		t.Errorf("Hidden not stored: %+v", got)
	}
	hiddenAtStart := content.Category{SiteID: site.ID, Name: "Ẩn", Slug: "an", Hidden: true}
	must(t, s.CreateCategory(ctx, &hiddenAtStart, nil), "CreateCategory hidden")
	if got, _ := s.FindCategoryBySlug(ctx, site.ID, "an"); !got.Hidden {
		t.Errorf("Hidden not stored on create: %+v", got)
	}

	a := article(site.ID, full.ID, "bai", time.Now())
	must(t, s.CreateArticle(ctx, &a), "CreateArticle")

	wantCode(t, s.DeleteCategory(ctx, site.ID, full.ID, nil), apperr.Conflict, "DeleteCategory with an article")
	wantCode(t, s.DeleteCategory(ctx, site.ID, parent.ID, nil), apperr.Conflict, "DeleteCategory with a child")
	wantCode(t, s.DeleteCategory(ctx, other.ID, empty.ID, nil), apperr.NotFound, "DeleteCategory of another site")
	wantCode(t, s.DeleteCategory(ctx, site.ID, 999999, nil), apperr.NotFound, "DeleteCategory unknown")
	before, err := s.SiteVersions(ctx)
	must(t, err, "SiteVersions")
	must(t, s.DeleteCategory(ctx, site.ID, empty.ID, nil), "DeleteCategory empty")
	after, err := s.SiteVersions(ctx)
	must(t, err, "SiteVersions")
	if after[site.ID].Sum() <= before[site.ID].Sum() {
		t.Errorf("deleting a category left the site's version at %d", after[site.ID].Sum())
	}
	wantCode(t, func() error { _, err := s.FindCategoryByID(ctx, site.ID, empty.ID); return err }(), apperr.NotFound, "deleted category")
	must(t, s.DeleteCategory(ctx, site.ID, child.ID, nil), "DeleteCategory leaf child")
	must(t, s.DeleteCategory(ctx, site.ID, parent.ID, nil), "DeleteCategory parent once empty")
	cats, err := s.FindCategories(ctx, site.ID)
	must(t, err, "FindCategories")
	if len(cats) != 2 {
		t.Errorf("after deletes: %d categories, want 2 (day, an)", len(cats))
	}
}

func testAuditFind(t *testing.T, s SiteAdminStore) {
	base := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	type row struct {
		site          int64
		actor, action string
	}
	rows := []row{
		{1, "bien.tap@ubnd.gov.vn", "login.ok"},
		{1, "BIEN.TAP@ubnd.gov.vn", "user.create"},
		{2, "quan.tri@ubnd.gov.vn", "user.role"},
		{1, "quan.tri@ubnd.gov.vn", "user.role"},
		{0, "admin@localhost", "site.settings"},
		{1, "thu_vien%@ubnd.gov.vn", "category.create"},
		{1, "khac@ubnd.gov.vn", "users.x"},
	}
	for i, r := range rows {
		e := audit.Entry{At: base.Add(time.Duration(i) * time.Hour), SiteID: r.site, Actor: r.actor, IP: "10.0.0.1", Action: r.action,
			Object: fmt.Sprintf("user:%d", i)}
		must(t, s.AppendAudit(ctx, &e), "AppendAudit")
	}
	ids := func(es []audit.Entry) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	for _, c := range []struct {
		name  string
		f     audit.Filter
		want  []int64
		total int
	}{
		{"all newest first", audit.Filter{}, []int64{7, 6, 5, 4, 3, 2, 1}, 7},
		{"one site", audit.Filter{SiteID: 1}, []int64{7, 6, 4, 2, 1}, 5},
		{"paged", audit.Filter{SiteID: 1, Limit: 2, Offset: 2}, []int64{4, 2}, 5},
		{"exact action", audit.Filter{Action: "user.role"}, []int64{4, 3}, 2},
		{"action prefix", audit.Filter{Action: "user."}, []int64{4, 3, 2}, 3},
		{"actor, any case", audit.Filter{Actor: "Bien.Tap"}, []int64{2, 1}, 2},
		{"actor wildcards are literal", audit.Filter{Actor: "_vien%"}, []int64{6}, 1},
		{"actor percent alone matches only a percent", audit.Filter{Actor: "%"}, []int64{6}, 1},
		{"from", audit.Filter{From: base.Add(5 * time.Hour)}, []int64{7, 6}, 2},
		{"to is exclusive", audit.Filter{To: base.Add(1 * time.Hour)}, []int64{1}, 1},
		{"range and site", audit.Filter{SiteID: 1, From: base.Add(time.Hour), To: base.Add(4 * time.Hour)}, []int64{4, 2}, 2},
		{"nothing", audit.Filter{Action: "article.publish"}, nil, 0},
	} {
		got, total, err := s.FindAudit(ctx, c.f)
		must(t, err, c.name)
		if fmt.Sprint(ids(got)) != fmt.Sprint(c.want) || total != c.total {
			t.Errorf("%s: got %v (total %d), want %v (total %d)", c.name, ids(got), total, c.want, c.total)
		}
	}
	got, _, err := s.FindAudit(ctx, audit.Filter{Action: "site.settings"})
	must(t, err, "FindAudit one")
	if len(got) != 1 || got[0].Hash != audit.Hash(got[0]) || !got[0].At.Equal(base.Add(4*time.Hour)) {
		t.Errorf("entry did not round-trip: %+v", got)
	}
}
