package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/apperr"
	"trangtin/internal/media"
)

// RunMedia runs the conformance suite of media.RecordStore against fresh,
// empty, migrated stores made by open: records round-trip (variants
// included; times in UTC truncated to the microsecond; no variants come
// back as nil), each site sees only its own, a blob key is unique, and a
// missing record is apperr.NotFound.
func RunMedia(t *testing.T, open func(t *testing.T) media.RecordStore) {
	t.Run("RoundTrip", func(t *testing.T) { testMediaRoundTrip(t, open(t)) })
	t.Run("Sites", func(t *testing.T) { testMediaSites(t, open(t)) })
	t.Run("List", func(t *testing.T) { testMediaList(t, open(t)) })
	t.Run("Alt", func(t *testing.T) { testMediaAlt(t, open(t)) })
	t.Run("Refusals", func(t *testing.T) { testMediaRefusals(t, open(t)) })
	t.Run("Concurrent", func(t *testing.T) { testMediaConcurrent(t, open(t)) })
	t.Run("Video", func(t *testing.T) { testMediaVideo(t, open(t)) })
}

// testMediaVideo: a video record (kind 'video', accepted since migration
// 0049) keeps its poster variants and is found by its base key.
func testMediaVideo(t *testing.T, s media.RecordStore) {
	v := mediaImage(1, "ee/ee/eeee0000000000000000000000000001")
	v.Kind, v.ContentType, v.FileName, v.Caption = media.KindVideo, media.VideoContentType, "Lễ hội.mp4", "Video: Minh Anh"
	v = createMedia(t, s, v)
	got, err := s.FindMediaByKey(ctx, v.BlobKey)
	must(t, err, "FindMediaByKey of a video")
	if got.ID != v.ID || got.Kind != media.KindVideo || len(got.Variants) != 3 || got.Caption != v.Caption || got.FileName != v.FileName {
		t.Errorf("video read back as %+v", got)
	}
	if got.URL() != "/video/"+v.BlobKey+".mp4" || got.PosterURL() != "/anh/"+v.BlobKey+"-1600.jpg" {
		t.Errorf("addresses %q %q", got.URL(), got.PosterURL())
	}
}

func mediaImage(siteID int64, base string) media.Item {
	return media.Item{
		SiteID: siteID, Kind: media.KindImage, BlobKey: base, ContentType: "image/jpeg",
		Size: 123456, Width: 1600, Height: 1067,
		Variants: []media.StoredVariant{
			{Width: 480, Height: 320, Key: base + "-480.jpg"},
			{Width: 960, Height: 640, Key: base + "-960.jpg"},
			{Width: 1600, Height: 1067, Key: base + "-1600.jpg"},
		},
		Alt: "Đồng chí Chủ tịch UBND huyện phát biểu tại hội nghị", CreatedBy: 7,
		CreatedAt: time.Date(2025, 3, 10, 15, 4, 5, 123456789, ict),
	}
}

func mediaFile(siteID int64, key string) media.Item {
	return media.Item{
		SiteID: siteID, Kind: media.KindFile, BlobKey: key, FileName: "Quyết định số 12 về kế hoạch năm 2025.pdf",
		ContentType: "application/pdf", Size: 98765, CreatedBy: 3,
		CreatedAt: time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC),
	}
}

func createMedia(t *testing.T, s media.RecordStore, it media.Item) media.Item {
	t.Helper()
	must(t, s.CreateMedia(ctx, &it, nil), "CreateMedia "+it.BlobKey)
	if it.ID == 0 {
		t.Fatalf("CreateMedia %s did not set ID", it.BlobKey)
	}
	return it
}

func testMediaRoundTrip(t *testing.T, s media.RecordStore) {
	img := mediaImage(1, "ab/cd/abcd0000000000000000000000000001")
	fine := img.CreatedAt
	img = createMedia(t, s, img)
	wantTime(t, "CreatedAt after CreateMedia", img.CreatedAt, fine)
	file := createMedia(t, s, mediaFile(1, "ab/cd/abcd0000000000000000000000000002.pdf"))
	if file.ID == img.ID {
		t.Fatalf("two records share ID %d", img.ID)
	}

	for _, want := range []media.Item{img, file} {
		got, err := s.FindMedia(ctx, 1, want.ID)
		must(t, err, "FindMedia")
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FindMedia %s mismatch (-want +got):\n%s", want.Kind, diff)
		}
		got, err = s.FindMediaByKey(ctx, want.BlobKey)
		must(t, err, "FindMediaByKey")
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("FindMediaByKey %s mismatch (-want +got):\n%s", want.Kind, diff)
		}
	}
	if file.Variants != nil {
		t.Errorf("an attachment's variants came back as %#v, want nil", file.Variants)
	}

	// A zero CreatedAt is filled in by the store.
	before := time.Now().Add(-time.Second)
	z := mediaFile(1, "ab/cd/abcd0000000000000000000000000003.docx")
	z.CreatedAt = time.Time{}
	z.Variants = []media.StoredVariant{}
	z = createMedia(t, s, z)
	got, err := s.FindMedia(ctx, 1, z.ID)
	must(t, err, "FindMedia zero time")
	if got.CreatedAt.Before(before) || got.CreatedAt.Location() != time.UTC || !got.CreatedAt.Equal(z.CreatedAt) {
		t.Errorf("CreatedAt = %v (item says %v), want now in UTC", got.CreatedAt, z.CreatedAt)
	}
	if got.Variants != nil {
		t.Errorf("empty variants came back as %#v, want nil", got.Variants)
	}
}

func testMediaSites(t *testing.T, s media.RecordStore) {
	a := createMedia(t, s, mediaImage(1, "aa/aa/aaaa0000000000000000000000000001"))
	b := createMedia(t, s, mediaFile(2, "bb/bb/bbbb0000000000000000000000000001.pdf"))
	_, err := s.FindMedia(ctx, 2, a.ID)
	wantCode(t, err, apperr.NotFound, "FindMedia of another site")
	_, err = s.FindMedia(ctx, 1, b.ID)
	wantCode(t, err, apperr.NotFound, "FindMedia of another site")
	_, err = s.FindMedia(ctx, 1, b.ID+a.ID+100)
	wantCode(t, err, apperr.NotFound, "FindMedia of an unknown id")
	_, err = s.FindMediaByKey(ctx, "aa/aa/aaaa0000000000000000000000000001-480.jpg")
	wantCode(t, err, apperr.NotFound, "FindMediaByKey of a variant key")
	_, err = s.FindMediaByKey(ctx, "")
	wantCode(t, err, apperr.NotFound, "FindMediaByKey of an empty key")
	// FindMediaByKey is not limited to a site.
	got, err := s.FindMediaByKey(ctx, b.BlobKey)
	must(t, err, "FindMediaByKey")
	if got.ID != b.ID || got.SiteID != 2 {
		t.Errorf("FindMediaByKey = %d on site %d, want %d on site 2", got.ID, got.SiteID, b.ID)
	}
}

func testMediaList(t *testing.T, s media.RecordStore) {
	list, err := s.FindMediaList(ctx, 1, 10, 0)
	must(t, err, "FindMediaList empty")
	if len(list) != 0 {
		t.Fatalf("empty store lists %d items", len(list))
	}
	var ids []int64
	for i := range 5 {
		it := mediaFile(1, fmt.Sprintf("cc/cc/cccc%028d.pdf", i))
		ids = append(ids, createMedia(t, s, it).ID)
		createMedia(t, s, mediaFile(2, fmt.Sprintf("dd/dd/dddd%028d.pdf", i)))
	}
	idsOf := func(items []media.Item) []int64 {
		var out []int64
		for _, it := range items {
			if it.SiteID != 1 {
				t.Errorf("site 1's list holds item %d of site %d", it.ID, it.SiteID)
			}
			out = append(out, it.ID)
		}
		return out
	}
	for _, tc := range []struct {
		limit, offset int
		want          []int64
	}{
		{10, 0, []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
		{2, 0, []int64{ids[4], ids[3]}},
		{2, 2, []int64{ids[2], ids[1]}},
		{2, 4, []int64{ids[0]}},
		{2, 5, nil},
	} {
		list, err := s.FindMediaList(ctx, 1, tc.limit, tc.offset)
		must(t, err, "FindMediaList")
		if diff := cmp.Diff(tc.want, idsOf(list)); diff != "" {
			t.Errorf("FindMediaList(limit %d, offset %d) ids (-want +got):\n%s", tc.limit, tc.offset, diff)
		}
	}
	list, err = s.FindMediaList(ctx, 3, 10, 0)
	must(t, err, "FindMediaList other site")
	if len(list) != 0 {
		t.Errorf("site 3 lists %d items, want none", len(list))
	}
}

func testMediaAlt(t *testing.T, s media.RecordStore) {
	img := mediaImage(1, "ee/ee/eeee0000000000000000000000000001")
	img.Alt = ""
	img = createMedia(t, s, img)
	if !img.NeedsAlt() {
		t.Fatal("an image without alt text does not need one")
	}
	const alt = "Nông dân xã Gia Hoà thu hoạch lúa vụ xuân"
	must(t, s.UpdateMediaAlt(ctx, 1, img.ID, alt), "UpdateMediaAlt")
	got, err := s.FindMedia(ctx, 1, img.ID)
	must(t, err, "FindMedia")
	if got.Alt != alt || got.NeedsAlt() {
		t.Errorf("Alt = %q (needs alt %v), want %q", got.Alt, got.NeedsAlt(), alt)
	}
	img.Alt = alt
	if diff := cmp.Diff(img, got); diff != "" {
		t.Errorf("UpdateMediaAlt changed more than alt (-want +got):\n%s", diff)
	}
	wantCode(t, s.UpdateMediaAlt(ctx, 2, img.ID, "x"), apperr.NotFound, "UpdateMediaAlt on another site")
	wantCode(t, s.UpdateMediaAlt(ctx, 1, img.ID+100, "x"), apperr.NotFound, "UpdateMediaAlt of an unknown id")
	got, _ = s.FindMedia(ctx, 1, img.ID)
	if got.Alt != alt {
		t.Errorf("a refused update changed alt to %q", got.Alt)
	}
}

func testMediaRefusals(t *testing.T, s media.RecordStore) {
	first := createMedia(t, s, mediaImage(1, "ff/ff/ffff0000000000000000000000000001"))
	dup := mediaFile(2, first.BlobKey)
	wantCode(t, s.CreateMedia(ctx, &dup, nil), apperr.Conflict, "CreateMedia with a taken blob key")
	bad := mediaFile(1, "ff/ff/ffff0000000000000000000000000002.pdf")
	bad.Kind = "sound"
	wantCode(t, s.CreateMedia(ctx, &bad, nil), apperr.Invalid, "CreateMedia of an unknown kind")
	list, err := s.FindMediaList(ctx, 0, 0, 0)
	must(t, err, "FindMediaList without limit")
	if len(list) != 0 {
		t.Errorf("site 0 lists %d items", len(list))
	}
	all, err := s.FindMediaList(ctx, 1, 0, 0)
	must(t, err, "FindMediaList without limit")
	if len(all) != 1 || all[0].ID != first.ID {
		t.Errorf("after refusals site 1 lists %d items, want only %d", len(all), first.ID)
	}
}

func testMediaConcurrent(t *testing.T, s media.RecordStore) {
	const n = 24
	var wg sync.WaitGroup
	items := make([]media.Item, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			items[i] = mediaImage(1, fmt.Sprintf("99/99/9999%028d", i))
			errs[i] = s.CreateMedia(ctx, &items[i], nil)
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for i, err := range errs {
		must(t, err, fmt.Sprintf("concurrent CreateMedia %d", i))
		if seen[items[i].ID] {
			t.Errorf("ID %d given twice", items[i].ID)
		}
		seen[items[i].ID] = true
	}
	list, err := s.FindMediaList(ctx, 1, n+10, 0)
	must(t, err, "FindMediaList")
	if len(list) != n {
		t.Errorf("listed %d of %d items", len(list), n)
	}
}
