package storetest

import (
	"slices"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
)

// MediaAccessStore keeps media records and the documents and consultations
// that list them.
type MediaAccessStore interface {
	content.Store
	media.RecordStore
	document.Store
	consultation.Store
}

// RunMediaAccess runs the conformance suite of who may see an attachment:
// every record gets a random FileKey and is found by it on its own site
// only; Item.Public, filled in by every finder, says whether a published
// document or consultation of the same site lists the record, following
// each save of the owner (publish, withdraw, attach, detach);
// FindMediaByIDs reads a list's records at once.
func RunMediaAccess(t *testing.T, open func(t *testing.T) MediaAccessStore) {
	t.Run("FileKey", func(t *testing.T) { testMediaFileKey(t, open(t)) })
	t.Run("PublicFollowsOwners", func(t *testing.T) { testMediaPublic(t, open(t)) })
	t.Run("ByIDs", func(t *testing.T) { testMediaByIDs(t, open(t)) })
}

func testMediaFileKey(t *testing.T, s MediaAccessStore) {
	a := createMedia(t, s, mediaFile(1, "a1/a1/a1a10000000000000000000000000001.pdf"))
	b := createMedia(t, s, mediaFile(1, "a1/a1/a1a10000000000000000000000000002.pdf"))
	img := createMedia(t, s, mediaImage(1, "a1/a1/a1a10000000000000000000000000003"))
	for _, it := range []media.Item{a, b, img} {
		if !media.IsFileKey(it.FileKey) {
			t.Errorf("CreateMedia gave %d the FileKey %q", it.ID, it.FileKey)
		}
	}
	if a.FileKey == b.FileKey {
		t.Fatalf("two records share the FileKey %q", a.FileKey)
	}
	got, err := s.FindMediaByFileKey(ctx, 1, a.FileKey)
	must(t, err, "FindMediaByFileKey")
	if got.ID != a.ID || got.FileKey != a.FileKey || got.Public {
		t.Errorf("FindMediaByFileKey = %+v, want record %d, not public", got, a.ID)
	}
	_, err = s.FindMediaByFileKey(ctx, 2, a.FileKey)
	wantCode(t, err, apperr.NotFound, "FindMediaByFileKey from another site")
	_, err = s.FindMediaByFileKey(ctx, 1, media.NewFileKey())
	wantCode(t, err, apperr.NotFound, "FindMediaByFileKey of an unknown key")
	_, err = s.FindMediaByFileKey(ctx, 1, "")
	wantCode(t, err, apperr.NotFound, "FindMediaByFileKey of an empty key")

	// A FileKey given by the caller is kept, and must be unique.
	given := mediaFile(2, "a1/a1/a1a10000000000000000000000000004.pdf")
	given.FileKey = "0123456789abcdef0123456789abcdef"
	given = createMedia(t, s, given)
	if got, err := s.FindMediaByFileKey(ctx, 2, "0123456789abcdef0123456789abcdef"); err != nil || got.ID != given.ID {
		t.Errorf("FindMediaByFileKey of a given key = %+v, %v", got, err)
	}
	dup := mediaFile(2, "a1/a1/a1a10000000000000000000000000005.pdf")
	dup.FileKey = a.FileKey
	wantCode(t, s.CreateMedia(ctx, &dup, nil), apperr.Conflict, "CreateMedia with a taken FileKey")
}

// publicOf reads whether id is public through every finder, and fails
// when they disagree.
func publicOf(t *testing.T, s MediaAccessStore, siteID int64, it media.Item) bool {
	t.Helper()
	byID, err := s.FindMedia(ctx, siteID, it.ID)
	must(t, err, "FindMedia")
	byKey, err := s.FindMediaByFileKey(ctx, siteID, it.FileKey)
	must(t, err, "FindMediaByFileKey")
	byBlob, err := s.FindMediaByKey(ctx, it.BlobKey)
	must(t, err, "FindMediaByKey")
	list, err := s.FindMediaByIDs(ctx, siteID, []int64{it.ID})
	must(t, err, "FindMediaByIDs")
	if len(list) != 1 {
		t.Fatalf("FindMediaByIDs(%d) found %d records", it.ID, len(list))
	}
	all, err := s.FindMediaList(ctx, siteID, 0, 0)
	must(t, err, "FindMediaList")
	i := slices.IndexFunc(all, func(x media.Item) bool { return x.ID == it.ID })
	if i < 0 {
		t.Fatalf("FindMediaList misses %d", it.ID)
	}
	if byKey.Public != byID.Public || byBlob.Public != byID.Public || list[0].Public != byID.Public || all[i].Public != byID.Public {
		t.Fatalf("finders disagree on Public of %d: id %v, file key %v, blob key %v, ids %v, list %v",
			it.ID, byID.Public, byKey.Public, byBlob.Public, list[0].Public, all[i].Public)
	}
	return byID.Public
}

func testMediaPublic(t *testing.T, s MediaAccessStore) {
	site := newSite(t, s, "tep")
	other := newSite(t, s, "tep-khac")
	file := func(n string) media.Item {
		return createMedia(t, s, mediaFile(site.ID, "b2/b2/b2b2"+n+".pdf"))
	}
	docFile, consFile, shared, orphan, detached, foreign := file("0000000000000000000000000001"), file("0000000000000000000000000002"),
		file("0000000000000000000000000003"), file("0000000000000000000000000004"), file("0000000000000000000000000005"),
		file("0000000000000000000000000006")
	want := func(what string, it media.Item, public bool) {
		t.Helper()
		if got := publicOf(t, s, site.ID, it); got != public {
			t.Errorf("%s: Public = %v, want %v", what, got, public)
		}
	}

	// A document: a draft hides its files, publishing shows them,
	// withdrawing hides them again; a file it no longer lists is hidden.
	d := document.Document{SiteID: site.ID, Type: "Quyết định", Number: "7/QĐ-UBND", Issuer: "UBND huyện Gia Viễn",
		Abstract: "Về việc công bố thủ tục hành chính", IssuedOn: day("2025-02-03"), Status: document.StatusDraft,
		FileIDs: []int64{docFile.ID, shared.ID, detached.ID, docFile.ID}}
	must(t, s.CreateDocument(ctx, &d, nil), "CreateDocument")
	want("a draft document's file", docFile, false)
	d.Status, d.PublishedAt = document.StatusPublished, time.Date(2025, 2, 4, 0, 0, 0, 0, time.UTC)
	must(t, s.UpdateDocument(ctx, &d, nil), "publish")
	want("a published document's file", docFile, true)
	want("a published document's file (listed twice)", shared, true)
	want("a published document's file (second)", detached, true)
	d.FileIDs = []int64{docFile.ID, shared.ID}
	must(t, s.UpdateDocument(ctx, &d, nil), "detach")
	want("a file detached from a published document", detached, false)
	d.Status = document.StatusWithdrawn
	must(t, s.UpdateDocument(ctx, &d, nil), "withdraw")
	want("a withdrawn document's file", docFile, false)
	want("a withdrawn document's file (shared)", shared, false)

	// A consultation: the same, through its own store.
	c := consultation.Consultation{SiteID: site.ID, Title: "Dự thảo quy chế", Summary: "Tóm tắt", Files: []int64{consFile.ID},
		OpensAt: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), ClosesAt: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC),
		Status: consultation.StatusDraft, CreatedAt: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)}
	must(t, s.CreateConsultation(ctx, &c, nil), "CreateConsultation")
	want("a draft consultation's file", consFile, false)
	c.Status, c.PublishedAt = consultation.StatusPublished, time.Date(2025, 2, 2, 0, 0, 0, 0, time.UTC)
	c.Files = append(c.Files, shared.ID)
	must(t, s.UpdateConsultation(ctx, &c, nil), "publish consultation")
	want("a published consultation's file", consFile, true)
	want("a file of a withdrawn document and a published consultation", shared, true)
	c.Status = consultation.StatusWithdrawn
	must(t, s.UpdateConsultation(ctx, &c, nil), "withdraw consultation")
	want("a withdrawn consultation's file", consFile, false)
	want("a file of a withdrawn document and a withdrawn consultation", shared, false)
	// Published at creation.
	c2 := c
	c2.ID, c2.Status, c2.Files = 0, consultation.StatusPublished, []int64{shared.ID}
	must(t, s.CreateConsultation(ctx, &c2, nil), "CreateConsultation published")
	want("a file of a consultation created published", shared, true)

	want("an upload never attached", orphan, false)

	// A published owner of another site does not make a file public.
	od := document.Document{SiteID: other.ID, Type: "Quyết định", Number: "8/QĐ-UBND", Issuer: "UBND xã",
		Abstract: "Văn bản của trang khác", IssuedOn: day("2025-02-03"), Status: document.StatusPublished,
		PublishedAt: time.Date(2025, 2, 4, 0, 0, 0, 0, time.UTC), FileIDs: []int64{foreign.ID}}
	must(t, s.CreateDocument(ctx, &od, nil), "CreateDocument on another site")
	want("a file listed by another site's published document", foreign, false)
}

func testMediaByIDs(t *testing.T, s MediaAccessStore) {
	var ids []int64
	for _, k := range []string{"c3/c3/c3c30000000000000000000000000001.pdf", "c3/c3/c3c30000000000000000000000000002.pdf", "c3/c3/c3c30000000000000000000000000003.pdf"} {
		ids = append(ids, createMedia(t, s, mediaFile(1, k)).ID)
	}
	img := createMedia(t, s, mediaImage(1, "c3/c3/c3c30000000000000000000000000004"))
	otherSite := createMedia(t, s, mediaFile(2, "c3/c3/c3c30000000000000000000000000005.pdf"))
	got, err := s.FindMediaByIDs(ctx, 1, []int64{ids[2], otherSite.ID, ids[0], img.ID, ids[0], otherSite.ID + 1000})
	must(t, err, "FindMediaByIDs")
	var gotIDs []int64
	for _, it := range got {
		gotIDs = append(gotIDs, it.ID)
	}
	slices.Sort(gotIDs)
	if want := []int64{ids[0], ids[2], img.ID}; !slices.Equal(gotIDs, want) {
		t.Errorf("FindMediaByIDs = %v, want %v", gotIDs, want)
	}
	if got, err := s.FindMediaByIDs(ctx, 1, nil); err != nil || len(got) != 0 {
		t.Errorf("FindMediaByIDs of nothing = %v, %v", got, err)
	}
	// A whole page of documents' files in one call.
	many := make([]int64, 0, 2100)
	for i := range 2100 {
		many = append(many, int64(i+1))
	}
	got, err = s.FindMediaByIDs(ctx, 1, many)
	must(t, err, "FindMediaByIDs of 2100 ids")
	if len(got) != 4 {
		t.Errorf("FindMediaByIDs of 2100 ids found %d records, want 4", len(got))
	}
}

// WantMigratedMediaAccess checks records that existed before migration
// 0018 (attachment access): each got its own FileKey, by which it is
// found, and Public is as want says (by record ID) from the files lists of
// the documents and consultations already stored.
func WantMigratedMediaAccess(t *testing.T, s media.RecordStore, siteID int64, want map[int64]bool) {
	t.Helper()
	var ids []int64
	for id := range want {
		ids = append(ids, id)
	}
	items, err := s.FindMediaByIDs(ctx, siteID, ids)
	must(t, err, "FindMediaByIDs")
	if len(items) != len(want) {
		t.Fatalf("found %d of %d migrated records", len(items), len(want))
	}
	keys := map[string]bool{}
	for _, it := range items {
		if !media.IsFileKey(it.FileKey) || keys[it.FileKey] {
			t.Errorf("record %d: FileKey %q (seen before: %v)", it.ID, it.FileKey, keys[it.FileKey])
		}
		keys[it.FileKey] = true
		if it.Public != want[it.ID] {
			t.Errorf("record %d (%s): Public = %v, want %v", it.ID, it.FileName, it.Public, want[it.ID])
		}
		got, err := s.FindMediaByFileKey(ctx, siteID, it.FileKey)
		if err != nil || got.ID != it.ID {
			t.Errorf("FindMediaByFileKey(%q) = %d, %v; want record %d", it.FileKey, got.ID, err, it.ID)
		}
	}
}
