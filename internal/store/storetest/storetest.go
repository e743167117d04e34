// Package storetest is the conformance suite that every implementation of
// content.Store must pass. Store packages call Run from their tests.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
)

// Open returns a fresh, empty, migrated store for one test.
type Open func(t *testing.T) content.Store

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Open) {
	t.Run("Sites", func(t *testing.T) { testSites(t, open(t)) })
	t.Run("SiteRegistry", func(t *testing.T) { testSiteRegistry(t, open(t)) })
	t.Run("SiteSeed", func(t *testing.T) { testSiteSeed(t, open(t)) })
	t.Run("Categories", func(t *testing.T) { testCategories(t, open(t)) })
	t.Run("Articles", func(t *testing.T) { testArticles(t, open(t)) })
	t.Run("ArticleFilters", func(t *testing.T) { testArticleFilters(t, open(t)) })
	t.Run("ArticleCursor", func(t *testing.T) { testArticleCursor(t, open(t)) })
	t.Run("ArticleMonths", func(t *testing.T) { testArticleMonths(t, open(t)) })
	t.Run("ArticlesAcrossSites", func(t *testing.T) { testArticlesAcrossSites(t, open(t)) })
	t.Run("Pages", func(t *testing.T) { testPages(t, open(t)) })
	t.Run("Versions", func(t *testing.T) { testVersions(t, open(t)) })
	t.Run("ConcurrentWrites", func(t *testing.T) { testConcurrentWrites(t, open(t)) })
	t.Run("SentinelErrors", func(t *testing.T) { testSentinelErrors(t, open(t)) })
	t.Run("NotFoundSentinels", func(t *testing.T) { testNotFoundSentinels(t, open(t)) })
	t.Run("PageStale", func(t *testing.T) { testPageStale(t, open(t)) })
	t.Run("SiteStale", func(t *testing.T) { testSiteStale(t, open(t)) })
	t.Run("Imports", func(t *testing.T) { testImports(t, open(t)) })
}

var ctx = context.Background()

func wantCode(t *testing.T, err error, code apperr.Code, what string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: got error %v (code %q), want code %q", what, err, apperr.CodeOf(err), code)
	}
}

// wantIs fails unless err is (or wraps) the sentinel want, so that callers
// can tell it apart with errors.Is.
func wantIs(t *testing.T, err, want error, what string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got error %v, want %v (errors.Is)", what, err, want)
	}
}

func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func newSite(t *testing.T, s content.Store, key string) content.Site {
	t.Helper()
	site := content.Site{Key: key, Name: "Trang " + key, Host: key + ".example.vn"}
	must(t, s.CreateSite(ctx, &site), "CreateSite "+key)
	return site
}

func newCategory(t *testing.T, s content.Store, siteID int64, slug string, parent int64, pos int) content.Category {
	t.Helper()
	c := content.Category{SiteID: siteID, ParentID: parent, Name: "Chuyên mục " + slug, Slug: slug, Position: pos}
	must(t, s.CreateCategory(ctx, &c, nil), "CreateCategory "+slug)
	return c
}

func testSites(t *testing.T, s content.Store) {
	must(t, s.Ping(ctx), "Ping")
	site := content.Site{
		Key: "giavien", Name: "Trang thông tin điện tử huyện Gia Viễn",
		Banner: "CHÀO MỪNG ĐẾN TRANG THÔNG TIN ĐIỆN TỬ UBND HUYỆN GIA VIỄN", Description: "Tin tức, văn bản và dịch vụ công của huyện Gia Viễn.",
		Agency: "UBND huyện Gia Viễn", Address: "Thị trấn Me, huyện Gia Viễn, tỉnh Ninh Bình",
		Phone: "0229 3 640 101", Email: "ubndgiavien@ninhbinh.gov.vn", Responsible: "Vũ Thị Dược",
		Licence: "Giấy phép số 01/GP-TTĐT", Host: "giavien.ninhbinh.gov.vn", IsDefault: true,
	}
	must(t, s.CreateSite(ctx, &site), "CreateSite")
	if site.ID == 0 || site.Version == 0 || site.UpdatedAt.IsZero() {
		t.Fatalf("CreateSite did not fill ID, Version, UpdatedAt: %+v", site)
	}
	got, err := s.FindSiteByKey(ctx, "giavien")
	must(t, err, "FindSiteByKey")
	if diff := cmp.Diff(site, got); diff != "" {
		t.Errorf("FindSiteByKey mismatch (-want +got):\n%s", diff)
	}
	got, err = s.FindSiteByID(ctx, site.ID)
	must(t, err, "FindSiteByID")
	if diff := cmp.Diff(site, got); diff != "" {
		t.Errorf("FindSiteByID mismatch (-want +got):\n%s", diff)
	}
	_, err = s.FindSiteByKey(ctx, "khong-co")
	wantCode(t, err, apperr.NotFound, "FindSiteByKey unknown")
	_, err = s.FindSiteByID(ctx, site.ID+100)
	wantCode(t, err, apperr.NotFound, "FindSiteByID unknown")

	dup := content.Site{Key: "giavien", Name: "Khác"}
	wantCode(t, s.CreateSite(ctx, &dup), apperr.Conflict, "CreateSite duplicate key")
	dupHost := content.Site{Key: "khac", Name: "Khác", Host: "giavien.ninhbinh.gov.vn"}
	wantCode(t, s.CreateSite(ctx, &dupHost), apperr.Conflict, "CreateSite duplicate host")
	secondDefault := content.Site{Key: "khac2", Name: "Khác", IsDefault: true}
	wantCode(t, s.CreateSite(ctx, &secondDefault), apperr.Conflict, "CreateSite second default")

	// Two sites without a host are fine.
	a := content.Site{Key: "xa-a", Name: "Xã A"}
	b := content.Site{Key: "xa-b", Name: "Xã B"}
	must(t, s.CreateSite(ctx, &a), "CreateSite xa-a")
	must(t, s.CreateSite(ctx, &b), "CreateSite xa-b")

	before := site.Version
	site.Name = "Cổng thông tin điện tử huyện Gia Viễn"
	must(t, s.UpdateSite(ctx, &site, nil), "UpdateSite")
	if site.Version <= before {
		t.Errorf("UpdateSite: version %d, want > %d", site.Version, before)
	}
	got, _ = s.FindSiteByID(ctx, site.ID)
	if got.Name != site.Name || got.Version != site.Version {
		t.Errorf("after UpdateSite got %q v%d, want %q v%d", got.Name, got.Version, site.Name, site.Version)
	}
	missing := content.Site{ID: 9999, Key: "x", Name: "x"}
	wantCode(t, s.UpdateSite(ctx, &missing, nil), apperr.NotFound, "UpdateSite unknown")

	all, err := s.FindSites(ctx)
	must(t, err, "FindSites")
	if len(all) != 3 || all[0].Key != "giavien" || all[1].Key != "xa-a" || all[2].Key != "xa-b" {
		t.Errorf("FindSites = %v, want giavien, xa-a, xa-b in order", keys(all))
	}
	vs, err := s.SiteVersions(ctx)
	must(t, err, "SiteVersions")
	if len(vs) != 3 || vs[site.ID].Sum() != site.Version {
		t.Errorf("SiteVersions = %v, want 3 sites with %d → %d", vs, site.ID, site.Version)
	}
}

func keys(sites []content.Site) []string {
	var out []string
	for _, s := range sites {
		out = append(out, s.Key)
	}
	return out
}

func testCategories(t *testing.T, s content.Store) {
	site := newSite(t, s, "a")
	other := newSite(t, s, "b")
	news := newCategory(t, s, site.ID, "tin-tuc-su-kien", 0, 2)
	intro := newCategory(t, s, site.ID, "gioi-thieu", 0, 1)
	child := newCategory(t, s, site.ID, "tin-trong-huyen", news.ID, 1)
	// The same slug on another site is allowed.
	otherNews := newCategory(t, s, other.ID, "tin-tuc-su-kien", 0, 1)

	dup := content.Category{SiteID: site.ID, Name: "Trùng", Slug: "gioi-thieu"}
	wantCode(t, s.CreateCategory(ctx, &dup, nil), apperr.Conflict, "CreateCategory duplicate slug")

	got, err := s.FindCategoryBySlug(ctx, site.ID, "tin-trong-huyen")
	must(t, err, "FindCategoryBySlug")
	if diff := cmp.Diff(child, got); diff != "" {
		t.Errorf("FindCategoryBySlug (-want +got):\n%s", diff)
	}
	got, err = s.FindCategoryByID(ctx, site.ID, news.ID)
	must(t, err, "FindCategoryByID")
	if diff := cmp.Diff(news, got); diff != "" {
		t.Errorf("FindCategoryByID (-want +got):\n%s", diff)
	}
	_, err = s.FindCategoryByID(ctx, site.ID, otherNews.ID)
	wantCode(t, err, apperr.NotFound, "FindCategoryByID of another site")
	_, err = s.FindCategoryBySlug(ctx, site.ID, "khong-co")
	wantCode(t, err, apperr.NotFound, "FindCategoryBySlug unknown")

	list, err := s.FindCategories(ctx, site.ID)
	must(t, err, "FindCategories")
	want := []content.Category{intro, child, news} // position 1, 1, 2; ties by name
	if diff := cmp.Diff(want, list); diff != "" {
		t.Errorf("FindCategories order (-want +got):\n%s", diff)
	}

	news.Name = "Tin tức - Sự kiện"
	news.Position = 0
	must(t, s.UpdateCategory(ctx, &news, nil), "UpdateCategory")
	got, _ = s.FindCategoryByID(ctx, site.ID, news.ID)
	if got.Name != news.Name || got.Position != 0 {
		t.Errorf("after UpdateCategory got %+v", got)
	}
	// A category cannot be moved into another site by id.
	stolen := otherNews
	stolen.SiteID = site.ID
	wantCode(t, s.UpdateCategory(ctx, &stolen, nil), apperr.NotFound, "UpdateCategory across sites")
}

func article(siteID, catID int64, slug string, pub time.Time) content.Article {
	return content.Article{
		SiteID: siteID, CategoryID: catID, Title: "Bài " + slug, Slug: slug,
		Summary: "Tóm tắt " + slug, Body: "<p>Nội dung " + slug + "</p>",
		Author: "Kim Thoả", Unit: "Trung tâm VHTT&TT huyện",
		Status: content.StatusPublished, PublishedAt: pub,
	}
}

func testArticles(t *testing.T, s content.Store) {
	site := newSite(t, s, "a")
	other := newSite(t, s, "b")
	cat := newCategory(t, s, site.ID, "tin-tuc", 0, 1)
	otherCat := newCategory(t, s, other.ID, "tin-tuc", 0, 1)

	pub := time.Date(2023, 3, 10, 1, 30, 0, 0, time.UTC)
	a := article(site.ID, cat.ID, "hoi-nghi-bao-tro-xa-hoi", pub)
	a.SourceURL = "https://giavien.ninhbinh.gov.vn/tin-tuc/hoi-nghi"
	a.Featured = true
	must(t, s.CreateArticle(ctx, &a), "CreateArticle")
	if a.ID == 0 || a.CreatedAt.IsZero() || !a.UpdatedAt.Equal(a.CreatedAt) {
		t.Fatalf("CreateArticle did not fill ID and times: %+v", a)
	}
	for name, find := range map[string]func() (content.Article, error){
		"ByID":        func() (content.Article, error) { return s.FindArticleByID(ctx, site.ID, a.ID) },
		"BySlug":      func() (content.Article, error) { return s.FindArticleBySlug(ctx, site.ID, a.Slug) },
		"BySourceURL": func() (content.Article, error) { return s.FindArticleBySourceURL(ctx, site.ID, a.SourceURL) },
	} {
		got, err := find()
		must(t, err, "FindArticle"+name)
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("FindArticle%s (-want +got):\n%s", name, diff)
		}
	}
	_, err := s.FindArticleByID(ctx, other.ID, a.ID)
	wantCode(t, err, apperr.NotFound, "FindArticleByID of another site")
	_, err = s.FindArticleBySlug(ctx, site.ID, "khong-co")
	wantCode(t, err, apperr.NotFound, "FindArticleBySlug unknown")
	_, err = s.FindArticleBySourceURL(ctx, site.ID, "")
	wantCode(t, err, apperr.NotFound, "FindArticleBySourceURL empty")

	dupSlug := article(site.ID, cat.ID, a.Slug, pub)
	wantCode(t, s.CreateArticle(ctx, &dupSlug), apperr.Conflict, "CreateArticle duplicate slug")
	dupURL := article(site.ID, cat.ID, "khac", pub)
	dupURL.SourceURL = a.SourceURL
	wantCode(t, s.CreateArticle(ctx, &dupURL), apperr.Conflict, "CreateArticle duplicate source URL")
	// The same slug and URL on another site are fine; so are many articles without a source URL.
	same := article(other.ID, otherCat.ID, a.Slug, pub)
	same.SourceURL = a.SourceURL
	must(t, s.CreateArticle(ctx, &same), "CreateArticle same slug on another site")
	for _, slug := range []string{"khong-nguon-1", "khong-nguon-2"} {
		x := article(site.ID, cat.ID, slug, pub)
		must(t, s.CreateArticle(ctx, &x), "CreateArticle without source URL")
	}
	// An article must point at an existing category.
	bad := article(site.ID, 99999, "sai-chuyen-muc", pub)
	if err := s.CreateArticle(ctx, &bad); err == nil {
		t.Errorf("CreateArticle with unknown category succeeded")
	}

	a.Title = "Hội nghị thực hiện chính sách bảo trợ xã hội trên địa bàn huyện"
	a.Body = "<p>Sáng ngày 10/3…</p>"
	a.Status = content.StatusWithdrawn
	a.Featured = false
	a.SourceURL = ""
	time.Sleep(2 * time.Millisecond)
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle")
	got, err := s.FindArticleByID(ctx, site.ID, a.ID)
	must(t, err, "FindArticleByID after update")
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("after UpdateArticle (-want +got):\n%s", diff)
	}
	if !got.UpdatedAt.After(got.CreatedAt) {
		t.Errorf("UpdatedAt %v not after CreatedAt %v", got.UpdatedAt, got.CreatedAt)
	}
	moved := a
	moved.SiteID = other.ID
	wantCode(t, s.UpdateArticle(ctx, &moved), apperr.NotFound, "UpdateArticle across sites")
}

func testArticleFilters(t *testing.T, s content.Store) {
	site := newSite(t, s, "a")
	other := newSite(t, s, "b")
	c1 := newCategory(t, s, site.ID, "c1", 0, 1)
	c2 := newCategory(t, s, site.ID, "c2", 0, 2)
	oc := newCategory(t, s, other.ID, "c1", 0, 1)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	now := base.Add(100 * time.Hour)

	var published []content.Article // newest first, as FindArticles returns them
	for i := 0; i < 7; i++ {
		cat := c1
		if i%2 == 1 {
			cat = c2
		}
		a := article(site.ID, cat.ID, fmt.Sprintf("bai-%d", i), base.Add(time.Duration(i)*time.Hour))
		a.Featured = i == 2
		must(t, s.CreateArticle(ctx, &a), "CreateArticle")
		a.Body = ""
		published = append([]content.Article{a}, published...)
	}
	draft := article(site.ID, c1.ID, "nhap", base.Add(50*time.Hour))
	draft.Status = content.StatusDraft
	future := article(site.ID, c1.ID, "hen-gio", now.Add(time.Hour))
	withdrawn := article(site.ID, c1.ID, "go-bo", base.Add(60*time.Hour))
	withdrawn.Status = content.StatusWithdrawn
	foreign := article(other.ID, oc.ID, "bai-khac", base.Add(70*time.Hour))
	for _, a := range []*content.Article{&draft, &future, &withdrawn, &foreign} {
		must(t, s.CreateArticle(ctx, a), "CreateArticle "+a.Slug)
	}

	listed := func(a content.Article) content.Article { a.Body = ""; return a } // as a list has it
	slugs := func(as []content.Article) []string {
		out := []string{}
		for _, a := range as {
			out = append(out, a.Slug)
		}
		return out
	}
	cases := []struct {
		name string
		f    content.ArticleFilter
		want []content.Article
	}{
		{"public", content.ArticleFilter{SiteID: site.ID, PublicAt: now}, published},
		{"public c1", content.ArticleFilter{SiteID: site.ID, PublicAt: now, CategoryIDs: []int64{c1.ID}},
			[]content.Article{published[0], published[2], published[4], published[6]}},
		{"public c1+c2", content.ArticleFilter{SiteID: site.ID, PublicAt: now, CategoryIDs: []int64{c1.ID, c2.ID}}, published},
		{"featured", content.ArticleFilter{SiteID: site.ID, PublicAt: now, Featured: true}, []content.Article{published[4]}},
		{"exclude", content.ArticleFilter{SiteID: site.ID, PublicAt: now, ExcludeID: published[0].ID, Limit: 2},
			published[1:3]},
		{"page 2", content.ArticleFilter{SiteID: site.ID, PublicAt: now, Limit: 3, Offset: 3}, published[3:6]},
		{"by ids", content.ArticleFilter{SiteIDs: []int64{site.ID, other.ID}, PublicAt: now, IDs: []int64{published[5].ID, published[1].ID, draft.ID, foreign.ID}},
			[]content.Article{listed(foreign), published[1], published[5]}},
		{"past the end", content.ArticleFilter{SiteID: site.ID, PublicAt: now, Limit: 3, Offset: 30}, nil},
	}
	for _, c := range cases {
		got, err := s.FindArticles(ctx, c.f)
		must(t, err, c.name)
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", c.name, diff)
		}
		n, err := s.CountArticles(ctx, content.ArticleFilter{SiteID: c.f.SiteID, SiteIDs: c.f.SiteIDs, PublicAt: c.f.PublicAt, CategoryIDs: c.f.CategoryIDs, Featured: c.f.Featured, ExcludeID: c.f.ExcludeID, IDs: c.f.IDs})
		must(t, err, c.name+" count")
		if c.f.Limit == 0 && n != len(c.want) {
			t.Errorf("%s: CountArticles = %d, want %d", c.name, n, len(c.want))
		}
	}
	// Status filters without the public rule see drafts and withdrawn ones.
	for status, want := range map[content.Status][]string{
		content.StatusDraft:     {"nhap"},
		content.StatusWithdrawn: {"go-bo"},
	} {
		got, err := s.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Status: status})
		must(t, err, string(status))
		if diff := cmp.Diff(want, slugs(got)); diff != "" {
			t.Errorf("status %s (-want +got):\n%s", status, diff)
		}
	}
	all, err := s.CountArticles(ctx, content.ArticleFilter{SiteID: site.ID})
	must(t, err, "count all")
	if all != 10 {
		t.Errorf("CountArticles(all) = %d, want 10", all)
	}
	def, err := s.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID})
	must(t, err, "default limit")
	if len(def) != 10 {
		t.Errorf("FindArticles default limit returned %d, want 10", len(def))
	}
}

func testPages(t *testing.T, s content.Store) {
	site := newSite(t, s, "a")
	p2 := content.Page{SiteID: site.ID, Title: "Liên hệ", Slug: "lien-he", Body: "<p>Điện thoại</p>", Position: 2, InMenu: true}
	p1 := content.Page{SiteID: site.ID, Title: "Giới thiệu", Slug: "gioi-thieu", Body: "<p>Huyện Gia Viễn</p>", Position: 1}
	must(t, s.CreatePage(ctx, &p2, nil), "CreatePage")
	must(t, s.CreatePage(ctx, &p1, nil), "CreatePage")
	dup := content.Page{SiteID: site.ID, Title: "x", Slug: "lien-he"}
	wantCode(t, s.CreatePage(ctx, &dup, nil), apperr.Conflict, "CreatePage duplicate")
	got, err := s.FindPageBySlug(ctx, site.ID, "gioi-thieu")
	must(t, err, "FindPageBySlug")
	if diff := cmp.Diff(p1, got); diff != "" {
		t.Errorf("FindPageBySlug (-want +got):\n%s", diff)
	}
	_, err = s.FindPageBySlug(ctx, site.ID, "khong-co")
	wantCode(t, err, apperr.NotFound, "FindPageBySlug unknown")
	list, err := s.FindPages(ctx, site.ID)
	must(t, err, "FindPages")
	if diff := cmp.Diff([]content.Page{p1, p2}, list); diff != "" {
		t.Errorf("FindPages (-want +got):\n%s", diff)
	}
	p1.Body = "<p>Sửa</p>"
	must(t, s.UpdatePage(ctx, &p1, nil), "UpdatePage")
	got, _ = s.FindPageBySlug(ctx, site.ID, "gioi-thieu")
	if got.Body != p1.Body {
		t.Errorf("after UpdatePage body %q, want %q", got.Body, p1.Body)
	}
}

// testVersions checks the page caches' versions: every public write
// bumps its area's counter of its own site and no other, and a write the
// public cannot see (a draft, an article's private columns) bumps none, so
// it neither empties the page cache nor writes the site's row.
func testVersions(t *testing.T, s content.Store) {
	site := newSite(t, s, "a")
	other := newSite(t, s, "b")
	versions := func(id int64) content.Versions {
		t.Helper()
		got, err := s.FindSiteByID(ctx, id)
		must(t, err, "FindSiteByID")
		vs, err := s.SiteVersions(ctx)
		must(t, err, "SiteVersions")
		if vs[id] != got.Versions || got.Version != got.Versions.Sum() {
			t.Fatalf("site %d: SiteVersions %+v, Version %d, want %+v and its sum", id, vs[id], got.Version, got.Versions)
		}
		return got.Versions
	}
	last, otherV := versions(site.ID), versions(other.ID)
	// step checks that what moved exactly the counters named (none when
	// nothing is named).
	step := func(what string, site0, articles bool) {
		t.Helper()
		v := versions(site.ID)
		want := last
		if site0 {
			want.Site = v.Site
			if v.Site <= last.Site {
				t.Errorf("%s: Versions.Site %d, want > %d", what, v.Site, last.Site)
			}
		}
		if articles {
			want.Articles = v.Articles
			if v.Articles <= last.Articles {
				t.Errorf("%s: Versions.Articles %d, want > %d", what, v.Articles, last.Articles)
			}
		}
		if v != want {
			t.Errorf("%s: versions %+v → %+v, want %+v", what, last, v, want)
		}
		last = v
	}
	cat := newCategory(t, s, site.ID, "c", 0, 1)
	step("CreateCategory", true, false)
	cat.Name = "Đổi tên"
	must(t, s.UpdateCategory(ctx, &cat, nil), "UpdateCategory")
	step("UpdateCategory", true, false)
	cat2 := newCategory(t, s, site.ID, "c2", 0, 2)
	step("CreateCategory c2", true, false)

	// A draft, saved and saved again, is not public.
	d := article(site.ID, cat.ID, "nhap", time.Time{})
	d.Status = content.StatusDraft
	must(t, s.CreateArticle(ctx, &d), "CreateArticle draft")
	step("CreateArticle draft", false, false)
	d.Title, d.Body, d.Featured = "Nháp sửa", "<p>Sửa nháp</p>", true
	must(t, s.UpdateArticle(ctx, &d), "UpdateArticle draft")
	step("UpdateArticle draft", false, false)
	d.Status = content.StatusSubmitted
	must(t, s.UpdateArticle(ctx, &d), "UpdateArticle submitted")
	step("UpdateArticle draft → submitted", false, false)

	// Going public bumps the articles' counter only.
	d.Status, d.PublishedAt = content.StatusPublished, time.Now().Add(-time.Minute)
	must(t, s.UpdateArticle(ctx, &d), "UpdateArticle publish")
	step("UpdateArticle publish", false, true)
	a := article(site.ID, cat.ID, "x", time.Now())
	must(t, s.CreateArticle(ctx, &a), "CreateArticle published")
	step("CreateArticle published", false, true)

	// The private columns of a published article: a pending revision in
	// the workflow, the owner, a review note, a flag. Each UpdateArticle
	// also moves updated_at.
	a.PendingRevisionID, a.PendingStage = 42, content.StatusDraft
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle pending")
	step("UpdateArticle pending revision of a published article", false, false)
	a.OwnerID, a.ReviewNote, a.Flagged = 7, "Xem lại ảnh", true
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle private")
	step("UpdateArticle owner, review note, flag", false, false)
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle unchanged")
	step("UpdateArticle unchanged", false, false)

	testPageMarks(t, s, &a, &d, versions, &last)

	// Every column the public sees in lists.
	for _, c := range []struct {
		name string
		edit func(*content.Article)
	}{
		{"title", func(a *content.Article) { a.Title = "Đổi" }},
		{"slug", func(a *content.Article) { a.Slug = "x-moi" }},
		{"summary", func(a *content.Article) { a.Summary = "Tóm tắt mới" }},
		{"author", func(a *content.Article) { a.Author = "Lê Văn Bình" }},
		{"unit", func(a *content.Article) { a.Unit = "Phòng Văn hoá" }},
		{"source", func(a *content.Article) { a.SourceURL = "https://baoninhbinh.org.vn/x" }},
		{"featured", func(a *content.Article) { a.Featured = true }},
		{"category", func(a *content.Article) { a.CategoryID = cat2.ID }},
		{"published at", func(a *content.Article) { a.PublishedAt = a.PublishedAt.Add(-time.Hour) }},
		{"photo", func(a *content.Article) { a.Photo = content.Photo{ID: 3, Src: "/anh/x.jpg", Alt: "Ảnh"} }},
		{"corrected at", func(a *content.Article) { a.CorrectedAt = time.Date(2026, 12, 12, 7, 5, 0, 0, time.UTC) }},
		{"withdrawn", func(a *content.Article) {
			a.Status, a.WithdrawnReason, a.Replacement = content.StatusWithdrawn, "Sai số liệu", "/tin-tuc/d"
			a.WithdrawnNotice = "Bài đang được cập nhật."
		}},
	} {
		c.edit(&a)
		must(t, s.UpdateArticle(ctx, &a), "UpdateArticle "+c.name)
		step("UpdateArticle "+c.name, false, true)
	}
	// The correction time and the notice for readers are kept (issue 14).
	if got, err := s.FindArticleByID(ctx, site.ID, a.ID); err != nil || !got.CorrectedAt.Equal(a.CorrectedAt) ||
		got.WithdrawnNotice != "Bài đang được cập nhật." || got.WithdrawnReason != "Sai số liệu" {
		t.Errorf("after the withdrawal: %v corrected at %v, notice %q, reason %q", err, got.CorrectedAt, got.WithdrawnNotice, got.WithdrawnReason)
	}
	// Withdrawn is no longer public: its edits are not either.
	a.WithdrawnReason, a.Title = "Sai số liệu, đã thay", "Đổi nữa"
	must(t, s.UpdateArticle(ctx, &a), "UpdateArticle withdrawn")
	step("UpdateArticle of a withdrawn article", false, false)

	p := content.Page{SiteID: site.ID, Title: "G", Slug: "g"}
	must(t, s.CreatePage(ctx, &p, nil), "CreatePage")
	step("CreatePage", true, false)
	must(t, s.UpdatePage(ctx, &p, nil), "UpdatePage")
	step("UpdatePage", true, false)
	st, err := s.FindSiteByID(ctx, site.ID)
	must(t, err, "FindSiteByID")
	must(t, s.UpdateSite(ctx, &st, nil), "UpdateSite")
	step("UpdateSite", true, false)
	if st.Versions != last || st.Version != last.Sum() {
		t.Errorf("UpdateSite returned versions %+v (%d), stored %+v", st.Versions, st.Version, last)
	}
	if v := versions(other.ID); v != otherV {
		t.Errorf("other site's versions moved from %+v to %+v", otherV, v)
	}
}

// testPageMarks: the body of a published article is shown on its own
// page only (and quoted by the feeds): editing it moves the site's Pages
// counter, not its Articles counter, and marks the article with the new
// value (migration 0050), which FindPageMarks returns.
func testPageMarks(t *testing.T, s content.Store, a, d *content.Article, versions func(int64) content.Versions, last *content.Versions) {
	t.Helper()
	edit := func(x *content.Article, body string) content.Versions {
		t.Helper()
		x.Body = body
		must(t, s.UpdateArticle(ctx, x), "UpdateArticle body")
		v := versions(x.SiteID)
		want := *last
		want.Pages = v.Pages
		if v.Pages <= last.Pages || v != want {
			t.Errorf("UpdateArticle body: versions %+v → %+v, want only Pages to move", *last, v)
		}
		*last = v
		return v
	}
	marks := func(after int64, limit int) []content.PageMark {
		t.Helper()
		ms, err := s.FindPageMarks(ctx, a.SiteID, after, limit)
		must(t, err, "FindPageMarks")
		return ms
	}
	before := last.Pages
	v1 := edit(a, "<p>Nội dung mới</p>")
	if got, want := marks(before, 10), []content.PageMark{{ArticleID: a.ID, Seq: v1.Pages}}; !slices.Equal(got, want) {
		t.Errorf("marks after one edit: %v, want %v", got, want)
	}
	v2 := edit(d, "<p>Nội dung khác</p>")
	v3 := edit(a, "<p>Nội dung mới nữa</p>")
	if got, want := marks(before, 10), []content.PageMark{{ArticleID: a.ID, Seq: v3.Pages}, {ArticleID: d.ID, Seq: v2.Pages}}; !slices.Equal(got, want) {
		t.Errorf("marks after three edits: %v, want %v (one an article, newest first)", got, want)
	}
	if got, want := marks(v2.Pages, 10), []content.PageMark{{ArticleID: a.ID, Seq: v3.Pages}}; !slices.Equal(got, want) {
		t.Errorf("marks after %d: %v, want %v", v2.Pages, got, want)
	}
	if got := marks(before, 1); len(got) != 1 || got[0].ArticleID != a.ID {
		t.Errorf("marks limited to one: %v, want the newest", got)
	}
}

// testConcurrentWrites writes from many goroutines at once: none may fail
// with a lock error.
func testConcurrentWrites(t *testing.T, s content.Store) {
	site := newSite(t, s, "a")
	cat := newCategory(t, s, site.ID, "c", 0, 1)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				a := article(site.ID, cat.ID, fmt.Sprintf("w%d-%d", w, i), time.Now())
				if err := s.CreateArticle(ctx, &a); err != nil {
					errs <- err
					continue
				}
				a.Title += " (sửa)"
				if err := s.UpdateArticle(ctx, &a); err != nil {
					errs <- err
				}
				if _, err := s.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Limit: 5}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	n, err := s.CountArticles(ctx, content.ArticleFilter{SiteID: site.ID})
	must(t, err, "CountArticles")
	if n != workers*each {
		t.Errorf("CountArticles = %d, want %d", n, workers*each)
	}
}
