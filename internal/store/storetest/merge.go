package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/question"
	"trangtin/internal/redirect"
	"trangtin/internal/search"
	"trangtin/internal/sitemerge"
)

// MergeStore is a store that merges sites.
type MergeStore interface {
	content.Store
	sitemerge.Store
	redirect.Store
	document.Store
	question.Store
	consultation.Store
	media.RecordStore
	newsroom.Store
	search.Index
	audit.Store
}

// RunMerge checks merging sites: everything moves with its IDs, authors
// and dates under a category of the target (the source's tree beneath it),
// slugs taken on the target are renamed deterministically, every old
// public address is in the redirect table, search finds the moved records
// on the target, the merge is audited with its counts and the chain still
// verifies; a merge done again changes nothing, a dry run nothing either,
// a source whose merge fails is untouched while the sources before it
// stay merged, and bad requests are refused.
func RunMerge(t *testing.T, open func(t *testing.T) MergeStore) {
	t.Run("MovesAndRedirects", func(t *testing.T) { testMerge(t, open(t)) })
	t.Run("AllOrNothingPerSource", func(t *testing.T) { testMergeAtomic(t, open(t)) })
	t.Run("BadRequests", func(t *testing.T) { testMergeRefused(t, open(t)) })
}

var mergeDay = time.Date(2024, 5, 12, 7, 30, 0, 0, time.UTC)

// mergeSource fills site with a category tree, articles (one with a
// revision, a draft, a withdrawn one), a page, a published document with
// an attachment, a photo, a published question and a published draft for
// consultation with a comment; slugs of the form x-N are made unique with
// n.
func mergeSource(t *testing.T, s MergeStore, site content.Site, n int) {
	t.Helper()
	top := newCategory(t, s, site.ID, "tin-tuc", 0, 1)
	sub := newCategory(t, s, site.ID, "su-kien", top.ID, 1)
	article := func(slug, title string, cat int64, status content.Status) content.Article {
		a := content.Article{SiteID: site.ID, CategoryID: cat, Title: title, Slug: slug, Body: "<p>" + title + "</p>",
			Author: "Kim Thoả", Unit: "Trung tâm VHTT&TT", Status: status, PublishedAt: mergeDay.Add(time.Duration(n) * time.Hour), Featured: true}
		ch := &newsroom.Change{Article: &a, Revision: &newsroom.Revision{Stage: status, Draft: newsroom.Draft{CategoryID: cat, Title: title, Body: a.Body}}}
		must(t, s.ApplyChange(ctx, ch), "ApplyChange "+slug)
		return a
	}
	article("le-hoi", fmt.Sprintf("Lễ hội truyền thống đền Thái Vi %d", n), top.ID, content.StatusPublished)
	article(fmt.Sprintf("hoi-nghi-%d", n), fmt.Sprintf("Hội nghị bảo trợ xã hội %d", n), sub.ID, content.StatusPublished)
	article(fmt.Sprintf("nhap-%d", n), "Bản nháp", sub.ID, content.StatusDraft)
	gone := article(fmt.Sprintf("go-bo-%d", n), "Tin đã gỡ", top.ID, content.StatusWithdrawn)
	gone.Replacement = "/tin-tuc/le-hoi"
	must(t, s.UpdateArticle(ctx, &gone), "UpdateArticle replacement")
	p := content.Page{SiteID: site.ID, Title: "Giới thiệu", Slug: "gioi-thieu", Body: "<p>Giới thiệu</p>", InMenu: true}
	must(t, s.CreatePage(ctx, &p, nil), "CreatePage")
	file := createMedia(t, s, mediaFile(site.ID, fmt.Sprintf("c3/c3/c3c3%028d.pdf", n)))
	createMedia(t, s, mediaImage(site.ID, fmt.Sprintf("c4/c4/c4c4%028d", n)))
	d := document.Document{SiteID: site.ID, Type: "Quyết định", Number: fmt.Sprintf("%d/QĐ-UBND", n), Issuer: "UBND huyện", Abstract: "Kế hoạch năm",
		IssuedOn: day("2024-05-12"), Status: document.StatusPublished, PublishedAt: mergeDay, FileIDs: []int64{file.ID}}
	must(t, s.CreateDocument(ctx, &d, nil), "CreateDocument")
	q := question.Question{SiteID: site.ID, CodeHash: fmt.Sprintf("%064d", n), Name: "Bình", Subject: "Cấp sổ đỏ", Body: "Hỏi",
		Status: question.StatusPublished, Answer: "Trả lời", ReceivedAt: mergeDay, DueAt: mergeDay, PublishedAt: mergeDay, UpdatedAt: mergeDay}
	must(t, s.CreateQuestion(ctx, &q), "CreateQuestion")
	c := consultation.Consultation{SiteID: site.ID, Title: "Dự thảo quy chế", Summary: "Tóm tắt", Status: consultation.StatusPublished,
		OpensAt: mergeDay, ClosesAt: mergeDay.Add(240 * time.Hour), CreatedAt: mergeDay, UpdatedAt: mergeDay, PublishedAt: mergeDay}
	must(t, s.CreateConsultation(ctx, &c, nil), "CreateConsultation")
	cm := consultation.Comment{SiteID: site.ID, ConsultationID: c.ID, Name: "An", Body: "Góp ý", Status: consultation.CommentApproved, CreatedAt: mergeDay, UpdatedAt: mergeDay}
	must(t, s.CreateComment(ctx, &cm), "CreateComment")
}

func mergeCounts(t *testing.T, s MergeStore, id int64) sitemerge.Counts {
	t.Helper()
	c, err := s.SiteCounts(ctx, id)
	must(t, err, "SiteCounts")
	return c
}

func wantRedirect(t *testing.T, s MergeStore, siteID int64, old string, toSite int64, to string) {
	t.Helper()
	key, err := redirect.Key(old)
	must(t, err, "Key "+old)
	e, err := s.FindRedirect(ctx, siteID, []string{key})
	if err != nil || e.ToSiteID != toSite || e.To != to {
		t.Errorf("redirect of %s on site %d: %+v, %v; want to site %d %s", old, siteID, e, err, toSite, to)
	}
}

func testMerge(t *testing.T, s MergeStore) {
	a, b, x := newSite(t, s, "huyen-a"), newSite(t, s, "huyen-b"), newSite(t, s, "tinh-x")
	earlier := newSite(t, s, "xa-c") // merged into a before a merges into x
	below, ended := newSite(t, s, "xa-duoi"), newSite(t, s, "xa-cu")
	below.ParentID = a.ID
	must(t, s.UpdateSite(ctx, &below, nil), "parent a")
	ended.State, ended.SuccessorID = content.StateArchived, a.ID
	must(t, s.UpdateSite(ctx, &ended, nil), "archived, successor a")
	mergeSource(t, s, a, 1)
	mergeSource(t, s, b, 2)
	mergeSource(t, s, earlier, 3)
	// On x: the slugs a and b use, and the first candidate of a's article.
	xcat := newCategory(t, s, x.ID, "tin-tuc", 0, 1)
	taken := content.Article{SiteID: x.ID, CategoryID: xcat.ID, Title: "Lễ hội của tỉnh", Slug: "le-hoi", Status: content.StatusPublished, PublishedAt: mergeDay}
	must(t, s.CreateArticle(ctx, &taken), "CreateArticle on x")
	taken2 := content.Article{SiteID: x.ID, CategoryID: xcat.ID, Title: "Lễ hội khác", Slug: "le-hoi-huyen-a", Status: content.StatusPublished, PublishedAt: mergeDay}
	must(t, s.CreateArticle(ctx, &taken2), "CreateArticle le-hoi-huyen-a on x")
	must(t, s.PutRedirects(ctx, []redirect.Entry{{SiteID: a.ID, From: "/?p=12", ToSiteID: a.ID, To: "/tin-tuc/le-hoi", Source: "wordpress:post:12"}}), "PutRedirects")
	svc := sitemerge.New(s)
	_, err := svc.Merge(ctx, sitemerge.Request{From: []string{"xa-c"}, Into: "huyen-a"}, nil)
	must(t, err, "merge xa-c into huyen-a")

	total := mergeCounts(t, s, a.ID).Add(mergeCounts(t, s, b.ID)).Add(mergeCounts(t, s, x.ID))
	before, err := s.FindArticleBySlug(ctx, a.ID, "le-hoi")
	must(t, err, "FindArticleBySlug before")
	head, _, err := s.AuditHead(ctx)
	must(t, err, "AuditHead")
	out, err := svc.Merge(ctx, sitemerge.Request{From: []string{"huyen-a", "huyen-b"}, Into: "tinh-x", Actor: audit.Entry{Actor: "test"}}, nil)
	must(t, err, "Merge")
	if len(out.Results) != 2 || out.Results[0].From != "huyen-a" || out.Results[1].From != "huyen-b" {
		t.Fatalf("results %+v", out.Results)
	}
	after := mergeCounts(t, s, x.ID)
	if after != total.Add(sitemerge.Counts{Categories: 2}) { // + the two archive categories
		t.Errorf("target after the merge holds %+v, want %+v plus two categories", after, total)
	}
	for _, site := range []content.Site{a, b} {
		if c := mergeCounts(t, s, site.ID); c != (sitemerge.Counts{}) {
			t.Errorf("source %s still holds %+v", site.Key, c)
		}
		got, err := s.FindSiteByID(ctx, site.ID)
		must(t, err, "FindSiteByID")
		if got.State != content.StateMerged || got.MergedIntoID != x.ID {
			t.Errorf("source %s: state %s into %d", site.Key, got.State, got.MergedIntoID)
		}
	}
	if got, err := s.FindSiteByID(ctx, earlier.ID); err != nil || got.MergedIntoID != x.ID {
		t.Errorf("a site merged into a source before: into %d, %v; want the target", got.MergedIntoID, err)
	}
	if got, err := s.FindSiteByID(ctx, below.ID); err != nil || got.ParentID != x.ID {
		t.Errorf("a site below a source: parent %d, %v; want the target", got.ParentID, err)
	}
	if got, err := s.FindSiteByID(ctx, ended.ID); err != nil || got.SuccessorID != x.ID || got.State != content.StateArchived {
		t.Errorf("a site archived with a source as successor: successor %d, %v; want the target", got.SuccessorID, err)
	}
	checkMergedContent(t, s, a, x, before, out.Results[0])
	checkMergeAudit(t, s, head, out.Results)

	// Again: nothing to do, nothing written.
	again, err := svc.Merge(ctx, sitemerge.Request{From: []string{"huyen-a", "huyen-b"}, Into: "tinh-x"}, nil)
	must(t, err, "Merge again")
	if len(again.Results) != 0 || !slices.Equal(again.Already, []string{"huyen-a", "huyen-b"}) {
		t.Errorf("a merge done again: %+v", again)
	}
	if n, _, err := s.AuditHead(ctx); err != nil || n != head+2 {
		t.Errorf("audit head after a merge done again: %d, %v; want %d", n, err, head+2)
	}
	if c := mergeCounts(t, s, x.ID); c != after {
		t.Errorf("a merge done again changed the target: %+v, want %+v", c, after)
	}
}

func checkMergedContent(t *testing.T, s MergeStore, a, x content.Site, before content.Article, r sitemerge.Result) {
	t.Helper()
	wantRenames := []sitemerge.Rename{{Kind: "category", Old: "tin-tuc", New: "tin-tuc-huyen-a"},
		{Kind: "article", Old: "le-hoi", New: "le-hoi-huyen-a-2"}}
	for _, w := range wantRenames {
		if !slices.ContainsFunc(r.Renamed, func(g sitemerge.Rename) bool { return g.Kind == w.Kind && g.Old == w.Old && g.New == w.New }) {
			t.Errorf("renames %+v lack %s %s → %s", r.Renamed, w.Kind, w.Old, w.New)
		}
	}
	moved, err := s.FindArticleBySlug(ctx, x.ID, "le-hoi-huyen-a-2")
	must(t, err, "the moved article by its new slug")
	if moved.ID != before.ID || moved.Author != before.Author || !moved.PublishedAt.Equal(before.PublishedAt) ||
		!moved.CreatedAt.Equal(before.CreatedAt) || !moved.UpdatedAt.Equal(before.UpdatedAt) || moved.Featured {
		t.Errorf("moved article %+v, was %+v (same ID, author and dates; no longer featured)", moved, before)
	}
	if gone, err := s.FindArticleBySlug(ctx, x.ID, "go-bo-1"); err != nil || gone.Replacement != "/tin-tuc/le-hoi-huyen-a-2" {
		t.Errorf("a withdrawn article's replacement, renamed: %q, %v", gone.Replacement, err)
	}
	revs, err := s.FindRevisions(ctx, x.ID, moved.ID)
	if err != nil || len(revs) != 1 {
		t.Errorf("revisions of the moved article on the target: %d, %v", len(revs), err)
	}
	archive, err := s.FindCategoryBySlug(ctx, x.ID, "luu-tru-trang-huyen-a")
	must(t, err, "the archive category")
	if archive.ParentID != 0 || !archive.Hidden || archive.Name != "Lưu trữ Trang huyen-a" || r.Category.ID != archive.ID || !r.Category.Created {
		t.Errorf("archive category %+v, result %+v", archive, r.Category)
	}
	top, err := s.FindCategoryBySlug(ctx, x.ID, "tin-tuc-huyen-a")
	must(t, err, "the source's top category")
	sub, err := s.FindCategoryBySlug(ctx, x.ID, "su-kien")
	must(t, err, "the source's subcategory")
	if top.ParentID != archive.ID || sub.ParentID != top.ID {
		t.Errorf("tree: top under %d, sub under %d; want %d and %d", top.ParentID, sub.ParentID, archive.ID, top.ID)
	}
	page, err := s.FindPageBySlug(ctx, x.ID, "gioi-thieu")
	if err != nil || page.InMenu {
		t.Errorf("the moved page: %+v, %v (kept its slug, out of the target's menu)", page, err)
	}
	wantRedirect(t, s, a.ID, "/tin-tuc/le-hoi", x.ID, "/tin-tuc/le-hoi-huyen-a-2")
	wantRedirect(t, s, a.ID, "/tin-tuc/le-hoi/tai-ve", x.ID, "/tin-tuc/le-hoi-huyen-a-2/tai-ve")
	wantRedirect(t, s, a.ID, "/tin-tuc/go-bo-1", x.ID, "/tin-tuc/go-bo-1")
	wantRedirect(t, s, a.ID, "/chuyen-muc/tin-tuc", x.ID, "/chuyen-muc/tin-tuc-huyen-a")
	wantRedirect(t, s, a.ID, "/chuyen-muc/su-kien/rss", x.ID, "/chuyen-muc/su-kien/rss")
	wantRedirect(t, s, a.ID, "/trang/gioi-thieu", x.ID, "/trang/gioi-thieu")
	wantRedirect(t, s, a.ID, "/", x.ID, "/")
	wantRedirect(t, s, a.ID, "/rss", x.ID, "/chuyen-muc/luu-tru-trang-huyen-a/rss")
	wantRedirect(t, s, a.ID, "/van-ban", x.ID, "/van-ban")
	wantRedirect(t, s, a.ID, "/?p=12", x.ID, "/tin-tuc/le-hoi-huyen-a-2") // an import's entry, pointed at the target
	for _, old := range []string{"/tin-tuc/nhap-1", "/tin-tuc/khong-co"} {
		key, err := redirect.Key(old)
		must(t, err, "Key")
		if _, err := s.FindRedirect(ctx, a.ID, []string{key}); !errors.Is(err, redirect.ErrNotFound) {
			t.Errorf("%s (never public) has a redirect: %v", old, err)
		}
	}
	docs, err := s.FindDocuments(ctx, document.Filter{SiteID: x.ID, Status: document.StatusPublished, Limit: 10})
	must(t, err, "FindDocuments")
	for _, d := range docs {
		if d.Number != "1/QĐ-UBND" {
			continue // another source's
		}
		wantRedirect(t, s, a.ID, d.Path(), x.ID, d.Path())
		files, err := s.FindMediaByIDs(ctx, x.ID, d.FileIDs)
		must(t, err, "FindMediaByIDs")
		for _, f := range files {
			if !f.Public {
				t.Errorf("the moved document's file %d is not public on the target", f.ID)
			}
		}
	}
	res, err := search.NewService(s).Search(ctx, mustParse(t, "le hoi truyen thong den thai vi 1"), search.Filter{SiteID: x.ID}, 5, 0)
	if err != nil || len(res.Hits) == 0 || res.Hits[0].RefID != moved.ID || res.Hits[0].Slug != "le-hoi-huyen-a-2" {
		t.Errorf("search on the target for the moved article: %+v, %v", res.Hits, err)
	}
}

func mustParse(t *testing.T, q string) search.Query {
	t.Helper()
	p, err := search.Parse(q)
	must(t, err, "Parse")
	return p
}

func checkMergeAudit(t *testing.T, s MergeStore, head int64, results []sitemerge.Result) {
	t.Helper()
	if n, p, err := audit.Verify(ctx, s); err != nil || p != nil {
		t.Fatalf("audit chain after the merge: %d checked, %v, %v", n, p, err)
	}
	entries, err := s.AuditEntries(ctx, head, 10)
	must(t, err, "AuditEntries")
	if len(entries) != 2 {
		t.Fatalf("%d audit entries for a merge of two sources, want 2", len(entries))
	}
	for i, e := range entries {
		r := results[i]
		if e.Action != "site.merge" || e.Detail["from"] != r.From || e.Detail["moved_articles"] != fmt.Sprint(r.Before.From.Articles) ||
			e.Detail["into_articles"] != fmt.Sprint(r.After.Into.Articles) || e.Detail["redirects"] != fmt.Sprint(r.Redirects) {
			t.Errorf("audit entry %+v for result %+v", e, r)
		}
	}
}

// testMergeAtomic: a failure while merging the second source leaves it
// untouched and the first merged; the merge run again finishes the job;
// a dry run changes nothing.
func testMergeAtomic(t *testing.T, s MergeStore) {
	a, b, x := newSite(t, s, "huyen-a"), newSite(t, s, "huyen-b"), newSite(t, s, "tinh-x")
	mergeSource(t, s, a, 1)
	mergeSource(t, s, b, 2)
	ca, cb, cx := mergeCounts(t, s, a.ID), mergeCounts(t, s, b.ID), mergeCounts(t, s, x.ID)
	svc := sitemerge.New(s)
	req := sitemerge.Request{From: []string{"huyen-a", "huyen-b"}, Into: "tinh-x"}

	dry := req
	dry.DryRun = true
	out, err := svc.Merge(ctx, dry, nil)
	must(t, err, "dry run")
	if len(out.Results) != 2 || out.Results[1].After.Into != ca.Add(cb).Add(cx).Add(sitemerge.Counts{Categories: 2}) {
		t.Errorf("dry run results %+v", out.Results)
	}
	if mergeCounts(t, s, a.ID) != ca || mergeCounts(t, s, x.ID) != cx {
		t.Fatal("a dry run moved records")
	}

	plans, _, err := svc.Check(ctx, req)
	must(t, err, "Check")
	boom := errors.New("injected failure")
	plans[1].Redirects = func(*sitemerge.Moved) ([]redirect.Entry, error) { return nil, boom }
	var done []string
	err = s.MergeSites(ctx, plans, false, func(r sitemerge.Result) error { done = append(done, r.From); return nil })
	if !errors.Is(err, boom) || !slices.Equal(done, []string{"huyen-a"}) {
		t.Fatalf("a failure in the second source: %v, done %v", err, done)
	}
	if mergeCounts(t, s, b.ID) != cb || mergeCounts(t, s, x.ID) != ca.Add(cx).Add(sitemerge.Counts{Categories: 1}) {
		t.Errorf("after a failed second source: b %+v (want %+v), x %+v", mergeCounts(t, s, b.ID), cb, mergeCounts(t, s, x.ID))
	}
	if got, err := s.FindSiteByID(ctx, b.ID); err != nil || got.State != content.StateActive {
		t.Errorf("the failed source: %+v, %v", got, err)
	}
	if _, err := s.FindCategoryBySlug(ctx, x.ID, "luu-tru-trang-huyen-b"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("the failed source's category was created: %v", err)
	}
	out, err = svc.Merge(ctx, req, nil)
	must(t, err, "the merge run again")
	if len(out.Results) != 1 || out.Results[0].From != "huyen-b" || !slices.Equal(out.Already, []string{"huyen-a"}) {
		t.Errorf("the merge run again: %+v", out)
	}
	if got := mergeCounts(t, s, x.ID); got != ca.Add(cb).Add(cx).Add(sitemerge.Counts{Categories: 2}) {
		t.Errorf("after the merge run again the target holds %+v", got)
	}
}

func testMergeRefused(t *testing.T, s MergeStore) {
	reg, ok := s.(content.SiteRegistry)
	if !ok {
		t.Fatal("the store is no content.SiteRegistry")
	}
	province := content.Site{Key: "tinh", Name: "Tỉnh", Host: "tinh.example.vn"}
	must(t, reg.CreateSites(ctx, []content.NewSite{{Site: &province}}), "CreateSites tinh")
	commune := content.Site{Key: "xa", Name: "Xã", Host: "xa.example.vn"}
	must(t, reg.CreateSites(ctx, []content.NewSite{{Site: &commune, ParentKey: "tinh"}}), "CreateSites xa")
	old := newSite(t, s, "cu")
	old.State = content.StateArchived
	must(t, s.UpdateSite(ctx, &old, nil), "archive")
	gone := newSite(t, s, "da-nhap")
	gone.State, gone.MergedIntoID = content.StateMerged, province.ID
	must(t, s.UpdateSite(ctx, &gone, nil), "merged")
	other := newSite(t, s, "khac")
	svc := sitemerge.New(s)
	for _, c := range []struct {
		from []string
		into string
		code apperr.Code
	}{
		{[]string{"khong-co"}, "tinh", apperr.NotFound},
		{[]string{"khac"}, "khong-co", apperr.NotFound},
		{[]string{"khac"}, "cu", apperr.Invalid},
		{[]string{"khac"}, "da-nhap", apperr.Invalid},
		{[]string{"khac", "tinh"}, "tinh", apperr.Invalid},
		{[]string{"da-nhap"}, "khac", apperr.Conflict},
		{[]string{"tinh"}, "xa", apperr.Invalid},
		{nil, "tinh", apperr.Invalid},
	} {
		_, err := svc.Merge(ctx, sitemerge.Request{From: c.from, Into: c.into}, nil)
		if !apperr.Is(err, c.code) || apperr.MessageOf(err) == "" {
			t.Errorf("merge %v into %s: %v, want %s with a message", c.from, c.into, err, c.code)
		}
	}
	if got := mergeCounts(t, s, other.ID); got != (sitemerge.Counts{}) {
		t.Errorf("refused merges changed a site: %+v", got)
	}
}
