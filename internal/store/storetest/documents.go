package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/search"
	"trangtin/internal/vi"
)

// DocumentStore is a store of the documents register that also keeps the
// search index and the audit log.
type DocumentStore interface {
	content.Store
	document.Store
	search.Index
	search.Reindexer
	audit.Store
}

// RunDocuments runs the documents register's conformance suite.
func RunDocuments(t *testing.T, open func(t *testing.T) DocumentStore) {
	t.Run("RoundTripAndAudit", func(t *testing.T) { testDocumentRoundTrip(t, open(t)) })
	t.Run("StaleAndMissing", func(t *testing.T) { testDocumentStale(t, open(t)) })
	t.Run("Filters", func(t *testing.T) { testDocumentFilters(t, open(t)) })
	t.Run("SearchByNumber", func(t *testing.T) { testDocumentSearch(t, open(t)) })
}

func day(s string) vi.Day {
	t, err := document.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func newDocument(t *testing.T, s DocumentStore, siteID int64, typ, number, abstract, issued string, status document.Status) document.Document {
	t.Helper()
	d := document.Document{SiteID: siteID, Type: typ, Number: number, Issuer: "UBND huyện Gia Viễn", Signer: "Nguyễn Văn An",
		Field: "Đất đai", Abstract: abstract, IssuedOn: day(issued), Status: status, FileIDs: []int64{}}
	if status == document.StatusPublished {
		d.PublishedAt = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	must(t, s.CreateDocument(ctx, &d, &audit.Entry{Actor: "Kim Thoả", Action: "document.create"}), "CreateDocument "+number)
	return d
}

func testDocumentRoundTrip(t *testing.T, s DocumentStore) {
	site := newSite(t, s, "vb")
	other := newSite(t, s, "khac")
	v0, err := s.SiteVersions(ctx)
	must(t, err, "SiteVersions")
	d := document.Document{SiteID: site.ID, Type: "Quyết định", Number: "123/QĐ-UBND", Issuer: "UBND huyện Gia Viễn",
		Signer: "Trần Thị Hoà", Field: "Văn hoá - Xã hội", Abstract: "Về việc ban hành Quy chế hoạt động của Trang thông tin điện tử",
		IssuedOn: day("2020-01-05"), EffectiveOn: day("2020-01-15"), ExpiresOn: day("2030-01-01"),
		FileIDs: []int64{7, 3}, Status: document.StatusDraft, CreatedBy: 9}
	e := audit.Entry{Actor: "Kim Thoả", ActorID: 9, Action: "document.create", Detail: map[string]string{"number": d.Number}}
	must(t, s.CreateDocument(ctx, &d, &e), "CreateDocument")
	if d.ID == 0 || d.CreatedAt.IsZero() || !d.UpdatedAt.Equal(d.CreatedAt) {
		t.Fatalf("after create: ID %d, CreatedAt %v, UpdatedAt %v", d.ID, d.CreatedAt, d.UpdatedAt)
	}
	got, err := s.FindDocumentByID(ctx, site.ID, d.ID)
	must(t, err, "FindDocumentByID")
	if diff := cmp.Diff(d, got); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	areas := func() content.Versions {
		t.Helper()
		st, err := s.FindSiteByID(ctx, site.ID)
		must(t, err, "FindSiteByID")
		return st.Versions
	}
	if v1, err := s.SiteVersions(ctx); err != nil || v1[site.ID] != v0[site.ID] {
		t.Errorf("creating a draft document moved the site's version %d → %d (%v): drafts are not public", v0[site.ID], v1[site.ID], err)
	}
	before := areas()
	_, err = s.FindDocumentByID(ctx, other.ID, d.ID)
	wantCode(t, err, apperr.NotFound, "another site's document")

	// Publishing through UpdateDocument, with the audit entry in the same write.
	d.Status, d.PublishedAt = document.StatusPublished, time.Date(2020, 1, 6, 1, 2, 3, 0, time.UTC)
	d.FileIDs = nil
	must(t, s.UpdateDocument(ctx, &d, &audit.Entry{Actor: "Kim Thoả", Action: "document.publish"}), "UpdateDocument")
	if v := areas(); v.Documents <= before.Documents || v.Site != before.Site || v.Articles != before.Articles || v.Schedule != before.Schedule {
		t.Errorf("publishing a document: versions %+v → %+v, want only Documents to move", before, v)
	}
	before = areas()
	must(t, s.UpdateDocument(ctx, &d, nil), "UpdateDocument unchanged")
	if v := areas(); v != before {
		t.Errorf("saving a published document unchanged: versions %+v → %+v", before, v)
	}
	d.Abstract += " (sửa)"
	must(t, s.UpdateDocument(ctx, &d, nil), "UpdateDocument abstract")
	if v := areas(); v.Documents <= before.Documents {
		t.Errorf("editing a published document's abstract: versions %+v → %+v", before, v)
	}
	d.Abstract = strings.TrimSuffix(d.Abstract, " (sửa)")
	must(t, s.UpdateDocument(ctx, &d, &audit.Entry{Actor: "Kim Thoả", Action: "document.save"}), "UpdateDocument back")
	got, err = s.FindDocumentByID(ctx, site.ID, d.ID)
	must(t, err, "FindDocumentByID after update")
	if got.Status != document.StatusPublished || !got.PublishedAt.Equal(d.PublishedAt) || len(got.FileIDs) != 0 || !got.UpdatedAt.Equal(d.UpdatedAt) {
		t.Fatalf("after update: %+v", got)
	}
	entries, err := s.AuditEntries(ctx, 0, 10)
	must(t, err, "AuditEntries")
	if len(entries) != 3 {
		t.Fatalf("audit entries: got %d, want 3", len(entries))
	}
	for i, want := range []string{"document.create", "document.publish", "document.save"} {
		if en := entries[i]; en.Action != want || en.Object != fmt.Sprintf("document:%d", d.ID) || en.SiteID != site.ID {
			t.Errorf("audit entry %d: %+v, want action %s on document:%d of site %d", i, en, want, d.ID, site.ID)
		}
	}
}

func testDocumentStale(t *testing.T, s DocumentStore) {
	site := newSite(t, s, "vb")
	d := newDocument(t, s, site.ID, "Kế hoạch", "12/KH-UBND", "Kế hoạch phòng chống thiên tai", "2023-03-01", document.StatusDraft)
	if d.Version != 1 {
		t.Fatalf("Version after create = %d, want 1", d.Version)
	}
	stale := d
	d.Abstract = "Kế hoạch phòng chống thiên tai năm 2023"
	must(t, s.UpdateDocument(ctx, &d, nil), "first update")
	if d.Version != 2 {
		t.Errorf("Version after update = %d, want 2", d.Version)
	}
	stale.Abstract = "bản cũ"
	// The same updated_at as the first write's would not do: the version
	// tells the two apart.
	stale.UpdatedAt = d.UpdatedAt
	err := s.UpdateDocument(ctx, &stale, &audit.Entry{Actor: "x", Action: "document.save"})
	if !errors.Is(err, document.ErrStale) {
		t.Fatalf("update from a stale copy: %v, want document.ErrStale", err)
	}
	got, err := s.FindDocumentByID(ctx, site.ID, d.ID)
	must(t, err, "FindDocumentByID")
	if got.Abstract != d.Abstract || got.Version != 2 {
		t.Errorf("stale write left %q version %d", got.Abstract, got.Version)
	}
	if n, _, _ := s.AuditHead(ctx); n != 1 {
		t.Errorf("audit log has %d entries, want 1 (the refused write must not append)", n)
	}
	missing := d
	missing.ID = d.ID + 100
	wantCode(t, s.UpdateDocument(ctx, &missing, nil), apperr.NotFound, "update of a missing document")
	_, err = s.FindDocumentByID(ctx, site.ID, d.ID+100)
	wantCode(t, err, apperr.NotFound, "find a missing document")
}

func numbers(ds []document.Document) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Number)
	}
	return out
}

func testDocumentFilters(t *testing.T, s DocumentStore) {
	site := newSite(t, s, "vb")
	other := newSite(t, s, "khac")
	a := newDocument(t, s, site.ID, "Quyết định", "1/QĐ-UBND", "Một", "2021-05-01", document.StatusPublished)
	b := newDocument(t, s, site.ID, "Kế hoạch", "2/KH-UBND", "Hai", "2023-02-01", document.StatusPublished)
	c := newDocument(t, s, site.ID, "Quyết định", "3/QĐ-UBND", "Ba", "2023-06-01", document.StatusPublished)
	newDocument(t, s, site.ID, "Quyết định", "4/QĐ-UBND", "Bốn", "2024-01-01", document.StatusDraft)
	newDocument(t, s, other.ID, "Quyết định", "5/QĐ-UBND", "Năm", "2024-01-01", document.StatusPublished)
	// a expired at the end of 2022; b replaced by c; c in force from 2099.
	a.ExpiresOn = day("2022-12-31")
	a.Issuer = "HĐND huyện Gia Viễn"
	must(t, s.UpdateDocument(ctx, &a, nil), "update a")
	b.ReplacedByID = c.ID
	b.Field = "Giáo dục"
	must(t, s.UpdateDocument(ctx, &b, nil), "update b")
	c.EffectiveOn = day("2099-01-01")
	must(t, s.UpdateDocument(ctx, &c, nil), "update c")
	today := day("2024-06-01")

	pub := document.StatusPublished
	for _, tc := range []struct {
		name string
		f    document.Filter
		want []string
	}{
		{"all of the site, newest issue first", document.Filter{}, []string{"4/QĐ-UBND", "3/QĐ-UBND", "2/KH-UBND", "1/QĐ-UBND"}},
		{"published", document.Filter{Status: pub}, []string{"3/QĐ-UBND", "2/KH-UBND", "1/QĐ-UBND"}},
		{"type", document.Filter{Status: pub, Type: "Quyết định"}, []string{"3/QĐ-UBND", "1/QĐ-UBND"}},
		{"issuer", document.Filter{Issuer: "HĐND huyện Gia Viễn"}, []string{"1/QĐ-UBND"}},
		{"field", document.Filter{Field: "Giáo dục"}, []string{"2/KH-UBND"}},
		{"year", document.Filter{Year: 2023}, []string{"3/QĐ-UBND", "2/KH-UBND"}},
		{"issued from, the day included", document.Filter{IssuedFrom: day("2023-02-01")}, []string{"4/QĐ-UBND", "3/QĐ-UBND", "2/KH-UBND"}},
		{"issued to, the day included", document.Filter{IssuedTo: day("2023-02-01")}, []string{"2/KH-UBND", "1/QĐ-UBND"}},
		{"issued within one day", document.Filter{IssuedFrom: day("2023-06-01"), IssuedTo: day("2023-06-01")}, []string{"3/QĐ-UBND"}},
		{"expired", document.Filter{Validity: document.ValidityExpired, Today: today}, []string{"1/QĐ-UBND"}},
		{"replaced", document.Filter{Validity: document.ValidityReplaced, Today: today}, []string{"2/KH-UBND"}},
		{"pending", document.Filter{Validity: document.ValidityPending, Today: today}, []string{"3/QĐ-UBND"}},
		{"in force", document.Filter{Validity: document.ValidityInForce, Today: today}, []string{"4/QĐ-UBND"}},
		{"paging", document.Filter{Limit: 2, Offset: 1}, []string{"3/QĐ-UBND", "2/KH-UBND"}},
		{"exclude", document.Filter{Status: pub, ExcludeID: c.ID}, []string{"2/KH-UBND", "1/QĐ-UBND"}},
	} {
		tc.f.SiteID = site.ID
		got, err := s.FindDocuments(ctx, tc.f)
		must(t, err, tc.name)
		if diff := cmp.Diff(tc.want, numbers(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
		tc.f.Limit, tc.f.Offset = 0, 0
		n, err := s.CountDocuments(ctx, tc.f)
		must(t, err, tc.name+" count")
		if tc.name != "paging" && n != len(tc.want) {
			t.Errorf("%s: count %d, want %d", tc.name, n, len(tc.want))
		}
	}
	if _, err := s.FindDocuments(ctx, document.Filter{SiteID: site.ID, Validity: document.ValidityExpired}); err == nil {
		t.Error("a validity filter without Today was accepted")
	}
	// Harvesting: changed since, oldest change first.
	got, err := s.FindDocuments(ctx, document.Filter{SiteID: site.ID, UpdatedSince: b.UpdatedAt})
	must(t, err, "updated since")
	if diff := cmp.Diff([]string{"2/KH-UBND", "3/QĐ-UBND"}, numbers(got)); diff != "" {
		t.Errorf("updated since (-want +got):\n%s", diff)
	}
	f, err := s.DocumentFacets(ctx, site.ID, pub)
	must(t, err, "DocumentFacets")
	want := document.Facets{Issuers: []string{"HĐND huyện Gia Viễn", "UBND huyện Gia Viễn"}, Fields: []string{"Giáo dục", "Đất đai"}, Years: []int{2023, 2021}}
	if diff := cmp.Diff(want, f); diff != "" {
		t.Errorf("facets (-want +got):\n%s", diff)
	}
}

func testDocumentSearch(t *testing.T, s DocumentStore) {
	site := newSite(t, s, "vb")
	cat := newCategory(t, s, site.ID, "tin", 0, 0)
	pub := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	// Distractors: an article about the decision, with its number in the
	// title; documents with nearby numbers; the same number as a draft.
	art := content.Article{SiteID: site.ID, CategoryID: cat.ID, Title: "Triển khai Quyết định số 123/QĐ-UBND về quy chế trang thông tin",
		Slug: "trien-khai-123", Summary: "Quyết định 123/QĐ-UBND của UBND huyện, số 123 QĐ UBND.", Body: "<p>Quyết định số 123/QĐ-UBND</p>",
		Status: content.StatusPublished, PublishedAt: pub}
	must(t, s.CreateArticle(ctx, &art), "CreateArticle")
	newDocument(t, s, site.ID, "Quyết định", "1234/QĐ-UBND", "Về việc điều chỉnh Quyết định 123 QĐ UBND", "2021-01-05", document.StatusPublished)
	newDocument(t, s, site.ID, "Kế hoạch", "123/KH-UBND", "Kế hoạch thực hiện quyết định về UBND", "2022-01-05", document.StatusPublished)
	want := newDocument(t, s, site.ID, "Quyết định", "123/QĐ-UBND", "Về việc ban hành Quy chế hoạt động của Trang thông tin điện tử", "2020-01-05", document.StatusPublished)
	draft := newDocument(t, s, site.ID, "Quyết định", "77/QĐ-UBND", "Bản nháp về quy chế", "2020-01-05", document.StatusDraft)
	svc := search.NewService(s)
	first := func(input string, kinds ...string) search.Result {
		t.Helper()
		q, err := search.Parse(input)
		must(t, err, "Parse "+input)
		res, err := svc.Search(ctx, q, search.Filter{SiteID: site.ID, Kinds: kinds}, 10, 0)
		must(t, err, "Search "+input)
		return res
	}
	for _, input := range []string{"123/QĐ-UBND", "123/qd-ubnd", "123 QĐ UBND", "123/QD-UBND", "quyết định 123/QĐ-UBND"} {
		res := first(input)
		if len(res.Hits) < 2 {
			t.Fatalf("%q: %d hits, want the document and its distractors", input, len(res.Hits))
		}
		if h := res.Hits[0]; h.Kind != search.KindDocument || h.RefID != want.ID {
			t.Errorf("%q: first hit is %s %d %q, want document %d", input, h.Kind, h.RefID, h.Title, want.ID)
		}
		if p := document.Path(res.Hits[0].RefID, res.Hits[0].Code); p != want.Path() {
			t.Errorf("%q: path %q, want %q", input, p, want.Path())
		}
	}
	// By the abstract, without diacritics, and only documents.
	res := first("quy che hoat dong trang thong tin", search.KindDocument)
	if len(res.Hits) != 1 || res.Hits[0].RefID != want.ID {
		t.Errorf("abstract search: %+v", res.Hits)
	}
	if res := first("77/QĐ-UBND"); len(res.Hits) != 0 {
		t.Errorf("a draft is searchable: %+v", res.Hits)
	}
	// Withdrawn leaves the index's public part; publishing the draft enters it.
	want.Status = document.StatusWithdrawn
	must(t, s.UpdateDocument(ctx, &want, nil), "withdraw")
	for _, h := range first("123/QĐ-UBND").Hits {
		if h.Kind == search.KindDocument && h.RefID == want.ID {
			t.Error("a withdrawn document is still found")
		}
	}
	draft.Status, draft.PublishedAt = document.StatusPublished, pub
	must(t, s.UpdateDocument(ctx, &draft, nil), "publish draft")
	must(t, s.Reindex(ctx, nil), "Reindex")
	if res := first("77 qd ubnd"); len(res.Hits) != 1 || res.Hits[0].RefID != draft.ID {
		t.Errorf("after publishing and reindexing, 77/QĐ-UBND: %+v", res.Hits)
	}
}
