package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/testenv"
)

// The stores used here are small fakes: package media cannot import
// media/localfs or a database store in its own tests (they import media).
// The admin package's tests run the same checks on localfs and SQLite.

// dirBlobs is a BlobStore on a folder, laid out as localfs lays it out
// (value at <dir>/<key>, content type in <dir>/.meta/<key>), so "nothing
// stored" can be checked on disk. failPut makes the n-th Put (1-based) fail.
type dirBlobs struct {
	dir     string
	mu      sync.Mutex
	puts    int
	failPut int
}

func (b *dirBlobs) Put(ctx context.Context, key string, data []byte, contentType string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	b.mu.Lock()
	b.puts++
	fail := b.puts == b.failPut
	b.mu.Unlock()
	if fail {
		return errors.New("disk full")
	}
	for name, v := range map[string][]byte{key: data, ".meta/" + key: []byte(contentType)} {
		p := filepath.Join(b.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, v, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (b *dirBlobs) Get(ctx context.Context, key string) (io.ReadCloser, Meta, error) {
	if err := CheckKey(key); err != nil {
		return nil, Meta{}, err
	}
	f, err := os.Open(filepath.Join(b.dir, filepath.FromSlash(key)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Meta{}, apperr.Wrap(apperr.NotFound, "Không tìm thấy tệp.", err)
	}
	if err != nil {
		return nil, Meta{}, err
	}
	ct, _ := os.ReadFile(filepath.Join(b.dir, ".meta", filepath.FromSlash(key)))
	fi, _ := f.Stat()
	return f, Meta{ContentType: string(ct), Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

func (b *dirBlobs) Delete(ctx context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(b.dir, filepath.FromSlash(key))); err != nil {
		return apperr.Wrap(apperr.NotFound, "Không tìm thấy tệp.", err)
	}
	os.Remove(filepath.Join(b.dir, ".meta", filepath.FromSlash(key)))
	return nil
}

// files lists the regular files under the folder, metadata included.
func (b *dirBlobs) files(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(b.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel := testenv.Must(filepath.Rel(b.dir, p)).Get(t)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// memRecords is a RecordStore in memory; failCreate makes CreateMedia fail;
// public lists the IDs a public owner holds.
type memRecords struct {
	mu         sync.Mutex
	items      []Item
	failCreate bool
	public     map[int64]bool
}

// find returns the record x with Public filled in; m.mu is held.
func (m *memRecords) find(x Item) Item {
	x.Public = m.public[x.ID]
	return x
}

func (m *memRecords) setPublic(id int64, public bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.public == nil {
		m.public = map[int64]bool{}
	}
	m.public[id] = public
}

func (m *memRecords) CreateMedia(ctx context.Context, it *Item, _ *audit.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failCreate {
		return errors.New("database is gone")
	}
	for _, x := range m.items {
		if x.BlobKey == it.BlobKey {
			return apperr.New(apperr.Conflict, "trùng")
		}
	}
	it.ID = int64(len(m.items) + 1)
	if it.FileKey == "" {
		it.FileKey = NewFileKey()
	}
	m.items = append(m.items, *it)
	return nil
}

func (m *memRecords) FindMediaByIDs(ctx context.Context, siteID int64, ids []int64) ([]Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Item
	for _, x := range m.items {
		if x.SiteID == siteID && slices.Contains(ids, x.ID) {
			out = append(out, m.find(x))
		}
	}
	return out, nil
}

func (m *memRecords) FindMediaByFileKey(ctx context.Context, siteID int64, key string) (Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.items {
		if x.FileKey == key && x.SiteID == siteID {
			return m.find(x), nil
		}
	}
	return Item{}, apperr.New(apperr.NotFound, "Không tìm thấy.")
}

func (m *memRecords) FindMedia(ctx context.Context, siteID, id int64) (Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.items {
		if x.ID == id && x.SiteID == siteID {
			return m.find(x), nil
		}
	}
	return Item{}, apperr.New(apperr.NotFound, "Không tìm thấy.")
}

func (m *memRecords) FindMediaByKey(ctx context.Context, key string) (Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.items {
		if x.BlobKey == key {
			return m.find(x), nil
		}
	}
	return Item{}, apperr.New(apperr.NotFound, "Không tìm thấy.")
}

func (m *memRecords) FindMediaList(ctx context.Context, siteID int64, limit, offset int) ([]Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Item
	for _, x := range slices.Backward(m.items) {
		if x.SiteID == siteID {
			out = append(out, m.find(x))
		}
	}
	out = out[min(offset, len(out)):]
	return out[:min(limit, len(out))], nil
}

func (m *memRecords) UpdateMediaAlt(ctx context.Context, siteID, id int64, alt string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, x := range m.items {
		if x.ID == id && x.SiteID == siteID {
			m.items[i].Alt = alt
			return nil
		}
	}
	return apperr.New(apperr.NotFound, "Không tìm thấy.")
}

type libFixture struct {
	lib     *Library
	blobs   *dirBlobs
	records *memRecords
}

func newLib(t *testing.T) libFixture {
	t.Helper()
	f := libFixture{blobs: &dirBlobs{dir: t.TempDir()}, records: &memRecords{}}
	f.lib = NewLibrary(f.records, f.blobs, Limits{})
	return f
}

// wantNothingStored checks that the blob folder is empty and no record exists.
func (f libFixture) wantNothingStored(t *testing.T) {
	t.Helper()
	if files := f.blobs.files(t); len(files) != 0 {
		t.Errorf("blobs left behind: %v", files)
	}
	list, err := f.lib.List(context.Background(), 1, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Errorf("records left behind: %+v", list)
	}
}

func TestUploadImageStoresVariantsWithoutExif(t *testing.T) {
	ctx := context.Background()
	f := newLib(t)
	jpg := withExif(encodeJPEG(t, gradient(1200, 800), 90), 6)
	if !bytes.Contains(jpg, gpsLat) {
		t.Fatal("fixture lacks GPS data")
	}
	it, err := f.lib.UploadImage(ctx, 1, 42, bytes.NewReader(jpg), "  Lễ   khánh thành\ttrường học  ", nil)
	if err != nil {
		t.Fatal(err)
	}
	if it.ID == 0 || it.SiteID != 1 || it.CreatedBy != 42 || it.Kind != KindImage || it.CreatedAt.IsZero() {
		t.Errorf("record = %+v", it)
	}
	if it.Alt != "Lễ khánh thành trường học" || it.NeedsAlt() {
		t.Errorf("Alt = %q, NeedsAlt = %v", it.Alt, it.NeedsAlt())
	}
	if it.Width != 800 || it.Height != 1200 || it.ContentType != "image/jpeg" {
		t.Errorf("got %s %d×%d, want image/jpeg 800×1200 (turned upright)", it.ContentType, it.Width, it.Height)
	}
	if len(it.Variants) != 2 || it.Variants[0].Width != 480 || it.Variants[1].Width != 800 {
		t.Fatalf("variants = %+v, want 480 and 800 wide", it.Variants)
	}
	var total int64
	for _, v := range it.Variants {
		if want := it.BlobKey + fmt.Sprintf("-%d.jpg", v.Width); v.Key != want {
			t.Errorf("variant key %q, want %q", v.Key, want)
		}
		rc, meta, err := f.blobs.Get(ctx, v.Key)
		if err != nil {
			t.Fatalf("variant %s not stored: %v", v.Key, err)
		}
		data := testenv.Must(io.ReadAll(rc)).Get(t)
		rc.Close()
		total += int64(len(data))
		if meta.ContentType != "image/jpeg" {
			t.Errorf("variant %s stored as %q", v.Key, meta.ContentType)
		}
		for _, secret := range [][]byte{[]byte("Exif"), []byte("MM\x00\x2a"), []byte("SECRETPHONE"), gpsLat, gpsLon} {
			if bytes.Contains(data, secret) {
				t.Errorf("stored variant %s still contains %q", v.Key, secret)
			}
		}
		m, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("stored variant %s: %v", v.Key, err)
		}
		if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
			t.Errorf("variant %s is %v, record says %d×%d", v.Key, b, v.Width, v.Height)
		}
	}
	if it.Size != total {
		t.Errorf("Size = %d, stored %d bytes", it.Size, total)
	}
	if n := len(f.blobs.files(t)); n != 4 { // two variants, two metadata files
		t.Errorf("%d files stored, want 4", n)
	}

	got, err := f.records.FindMediaByKey(ctx, it.BlobKey)
	if err != nil || got.ID != it.ID {
		t.Fatalf("record not found by key: %v", err)
	}
	if want := "/anh/" + it.Variants[1].Key; it.URL() != want {
		t.Errorf("URL = %q, want %q", it.URL(), want)
	}
	wantSrcset := "/anh/" + it.Variants[0].Key + " 480w, /anh/" + it.Variants[1].Key + " 800w"
	if it.Srcset() != wantSrcset {
		t.Errorf("Srcset = %q, want %q", it.Srcset(), wantSrcset)
	}

	// Served by key, with the record; the base key or a made-up variant is not.
	for _, v := range it.Variants {
		rec, rc, _, err := f.lib.OpenImage(ctx, v.Key)
		if err != nil {
			t.Fatalf("OpenImage %s: %v", v.Key, err)
		}
		rc.Close()
		if rec.ID != it.ID {
			t.Errorf("OpenImage %s gave record %d", v.Key, rec.ID)
		}
	}
	for _, k := range []string{it.BlobKey, it.BlobKey + "-1600.jpg", it.BlobKey + "-480.png", "../etc/passwd", "", "ab/cd/nope-480.jpg"} {
		if _, _, _, err := f.lib.OpenImage(ctx, k); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("OpenImage(%q) = %v, want NotFound", k, err)
		}
	}
}

func TestUploadImageWithoutAltNeedsAlt(t *testing.T) {
	ctx := context.Background()
	f := newLib(t)
	it, err := f.lib.UploadImage(ctx, 1, 1, bytes.NewReader(encodePNG(t, gradient(64, 48))), " \n ", nil)
	if err != nil {
		t.Fatal(err)
	}
	if it.Alt != "" || !it.NeedsAlt() {
		t.Fatalf("Alt = %q, NeedsAlt = %v; want an image that needs alt text", it.Alt, it.NeedsAlt())
	}
	if err := f.lib.SetAlt(ctx, 2, it.ID, "x"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("SetAlt on another site = %v, want NotFound", err)
	}
	if err := f.lib.SetAlt(ctx, 1, it.ID, strings.Repeat("ả", MaxAltRunes+1)); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("SetAlt too long = %v, want Invalid", err)
	}
	if err := f.lib.SetAlt(ctx, 1, it.ID, "Cánh đồng lúa\u200b xã Gia Hoà"); err != nil {
		t.Fatal(err)
	}
	got := testenv.Must(f.lib.Find(ctx, 1, it.ID)).Get(t)
	if got.Alt != "Cánh đồng lúa xã Gia Hoà" || got.NeedsAlt() {
		t.Errorf("after SetAlt: %q, NeedsAlt %v", got.Alt, got.NeedsAlt())
	}
	if (Item{Kind: KindFile}).NeedsAlt() {
		t.Error("an attachment needs alt text")
	}
}

// TestRefusedUploadsStoreNothing: the three uploads of the issue's "Done
// when" each get a Vietnamese message, and leave no blob and no record.
func TestRefusedUploadsStoreNothing(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>")
	svg := []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><circle r="50"/></svg>`)
	tests := []struct {
		name     string
		data     []byte
		code     apperr.Code
		contains string
	}{
		{"20000×20000 PNG", pngHeaderOnly(20000, 20000), apperr.TooLarge, "20.000×20.000"},
		{"HTML named anh.jpg", html, apperr.Invalid, msgNotImage},
		{"SVG with script", svg, apperr.Invalid, msgSVG},
		{"too many bytes", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, DefaultMaxImageBytes)...), apperr.TooLarge, "20 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLib(t)
			it, err := f.lib.UploadImage(context.Background(), 1, 1, bytes.NewReader(tt.data), "Ảnh", nil)
			if it.ID != 0 {
				t.Fatalf("accepted as %+v", it)
			}
			msg := wantCode(t, err, tt.code)
			if !strings.Contains(msg, tt.contains) {
				t.Errorf("message %q does not contain %q", msg, tt.contains)
			}
			if !strings.ContainsAny(msg, "ảẢạấầẩẫậắằẳẵặẻẽẹếềểễệỉĩịỏọốồổỗộớờởỡợủũụứừửữựỳỷỹỵđơưáàãéèíìóòõúùýâêô") {
				t.Errorf("message %q is not Vietnamese", msg)
			}
			f.wantNothingStored(t)
			if entries := testenv.Must(os.ReadDir(f.blobs.dir)).Get(t); len(entries) != 0 {
				t.Errorf("blob folder not empty: %v", entries)
			}
		})
	}
	t.Run("HTML named .pdf as an attachment", func(t *testing.T) {
		f := newLib(t)
		_, err := f.lib.UploadFile(context.Background(), 1, 1, "van-ban.pdf", bytes.NewReader(html), nil)
		if msg := wantCode(t, err, apperr.Invalid); msg != msgAttachmentType {
			t.Errorf("message %q", msg)
		}
		f.wantNothingStored(t)
	})
}

// TestFailedRecordDeletesBlobs: no half-written upload when the database
// or the blob store fails part-way.
func TestFailedRecordDeletesBlobs(t *testing.T) {
	ctx := context.Background()
	big := encodeJPEG(t, gradient(1000, 600), 90) // two variants
	pdf := []byte("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n")

	f := newLib(t)
	f.records.failCreate = true
	_, err := f.lib.UploadImage(ctx, 1, 1, bytes.NewReader(big), "Ảnh", nil)
	if msg := wantCode(t, err, apperr.Internal); msg != msgStoreFailed {
		t.Errorf("message %q", msg)
	}
	f.wantNothingStored(t)
	_, err = f.lib.UploadFile(ctx, 1, 1, "a.pdf", bytes.NewReader(pdf), nil)
	wantCode(t, err, apperr.Internal)
	f.wantNothingStored(t)

	f = newLib(t)
	f.blobs.failPut = 2 // the second variant
	_, err = f.lib.UploadImage(ctx, 1, 1, bytes.NewReader(big), "Ảnh", nil)
	if msg := wantCode(t, err, apperr.Internal); msg != msgStoreFailed || strings.Contains(msg, "disk") {
		t.Errorf("message %q", msg)
	}
	f.wantNothingStored(t)

	// A cancelled request still cleans up.
	f = newLib(t)
	f.records.failCreate = true
	cctx, cancel := context.WithCancel(ctx)
	f.lib.process = func(r io.Reader, lim Limits) (*Image, error) {
		defer cancel()
		return ProcessImage(r, lim)
	}
	if _, err := f.lib.UploadImage(cctx, 1, 1, bytes.NewReader(big), "", nil); err == nil {
		t.Fatal("upload succeeded")
	}
	f.wantNothingStored(t)
}

func TestUploadFile(t *testing.T) {
	ctx := context.Background()
	f := newLib(t)
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	it, err := f.lib.UploadFile(ctx, 1, 9, `C:\Users\ke toan\Quyết định số 12/QĐ-UBND.pdf`, bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatal(err)
	}
	if it.Kind != KindFile || it.ContentType != "application/pdf" || it.Size != int64(len(pdf)) || it.CreatedBy != 9 {
		t.Errorf("record = %+v", it)
	}
	if it.FileName != "QĐ-UBND.pdf" {
		t.Errorf("FileName = %q", it.FileName)
	}
	if !strings.HasSuffix(it.BlobKey, ".pdf") || CheckKey(it.BlobKey) != nil || it.Variants != nil || it.NeedsAlt() {
		t.Errorf("BlobKey %q, variants %v", it.BlobKey, it.Variants)
	}
	if !IsFileKey(it.FileKey) || it.Public {
		t.Errorf("FileKey %q, Public %v: want a fresh key, not public", it.FileKey, it.Public)
	}
	if want := "/tep/" + it.FileKey + "/Q%C4%90-UBND.pdf"; it.URL() != want {
		t.Errorf("URL = %q, want %q", it.URL(), want)
	}
	if it.Srcset() != "" {
		t.Errorf("an attachment has a srcset %q", it.Srcset())
	}
	rec, rc, meta, err := f.lib.OpenFile(ctx, 1, it.FileKey)
	if err != nil {
		t.Fatal(err)
	}
	got := testenv.Must(io.ReadAll(rc)).Get(t)
	rc.Close()
	if !bytes.Equal(got, pdf) || rec.ID != it.ID || meta.ContentType != "application/pdf" {
		t.Errorf("stored %q as %q", got, meta.ContentType)
	}
	if _, _, _, err := f.lib.OpenFile(ctx, 2, it.FileKey); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("OpenFile from another site = %v, want NotFound", err)
	}
	// An attachment is never served as a photo, nor a photo as a download.
	if _, _, _, err := f.lib.OpenImage(ctx, it.BlobKey); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("OpenImage of an attachment = %v, want NotFound", err)
	}
	img, err := f.lib.UploadImage(ctx, 1, 9, bytes.NewReader(encodeJPEG(t, gradient(32, 32), 90)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := f.lib.OpenFile(ctx, 1, img.FileKey); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("OpenFile of a photo = %v, want NotFound", err)
	}
	list := testenv.Must(f.lib.List(ctx, 1, 0, 0)).Get(t)
	if len(list) != 2 || list[0].ID != img.ID || list[1].ID != it.ID {
		t.Errorf("List = %+v, want the photo then the attachment", list)
	}
}

// TestAtMostTwoImagesDecodeAtOnce holds the decoder and checks that a
// third upload waits for a slot, and gives up when its request ends.
func TestAtMostTwoImagesDecodeAtOnce(t *testing.T) {
	f := newLib(t)
	var inside, peak atomic.Int32
	entered := make(chan struct{}, 16)
	release := make(chan struct{})
	f.lib.process = func(r io.Reader, lim Limits) (*Image, error) {
		n := inside.Add(1)
		defer inside.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		entered <- struct{}{}
		<-release
		return ProcessImage(r, lim)
	}
	jpg := encodeJPEG(t, gradient(40, 30), 90)

	const uploads = 5
	var wg sync.WaitGroup
	errs := make([]error, uploads)
	for i := range uploads {
		wg.Go(func() { _, errs[i] = f.lib.UploadImage(context.Background(), 1, 1, bytes.NewReader(jpg), "", nil) })
	}
	for range 2 {
		select {
		case <-entered:
		case <-time.After(5 * time.Second):
			t.Fatal("two uploads did not start decoding")
		}
	}
	select {
	case <-entered:
		t.Fatal("a third upload decoded while two were decoding")
	case <-time.After(100 * time.Millisecond):
	}
	// A request that ends while waiting gives up with a Vietnamese message.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := f.lib.UploadImage(ctx, 1, 1, bytes.NewReader(jpg), "", nil)
	if msg := wantCode(t, err, apperr.Unavailable); msg != msgImageBusy {
		t.Errorf("message %q", msg)
	}

	close(release)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("upload %d: %v", i, err)
		}
	}
	if p := peak.Load(); p != 2 {
		t.Errorf("at most %d decoded at once, want 2", p)
	}
	list := testenv.Must(f.lib.List(context.Background(), 1, 0, 0)).Get(t)
	if len(list) != uploads {
		t.Errorf("%d records, want %d", len(list), uploads)
	}
}

func TestCleanAlt(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "",
		"  Hội nghị\n\ttổng kết  ":       "Hội nghị tổng kết",
		"Thoa\u0309":                     "Thoả", // NFC
		"a\x00b\u202Ec":                  "abc",
		strings.Repeat("ư", MaxAltRunes): strings.Repeat("ư", MaxAltRunes),
	} {
		got, err := CleanAlt(in)
		if err != nil || got != want {
			t.Errorf("CleanAlt(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := CleanAlt(strings.Repeat("ư", MaxAltRunes+1))
	if msg := wantCode(t, err, apperr.Invalid); msg != msgAltTooLong {
		t.Errorf("message %q", msg)
	}
	f := newLib(t)
	_, err = f.lib.UploadImage(context.Background(), 1, 1, bytes.NewReader(encodePNG(t, gradient(8, 8))), strings.Repeat("x", MaxAltRunes+1), nil)
	wantCode(t, err, apperr.Invalid)
	f.wantNothingStored(t)
}

func TestFileURL(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	for _, tc := range []struct {
		name string
		want string
	}{
		{"bao-cao.pdf", "/tep/" + key + "/bao-cao.pdf"},
		{"Báo cáo năm 2025 (bản cuối).docx", "/tep/" + key + "/B%C3%A1o%20c%C3%A1o%20n%C4%83m%202025%20%28b%E1%BA%A3n%20cu%E1%BB%91i%29.docx"},
		{"a&b#c?.xlsx", "/tep/" + key + "/a&b%23c%3F.xlsx"},
	} {
		if got := FileURL(key, tc.name); got != tc.want {
			t.Errorf("FileURL(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFileKey(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		k := NewFileKey()
		if !IsFileKey(k) || seen[k] {
			t.Fatalf("NewFileKey = %q (seen before: %v)", k, seen[k])
		}
		seen[k] = true
	}
	for _, s := range []string{"", "12", "9223372036854775807", "0123456789ABCDEF0123456789abcdef", "0123456789abcdef0123456789abcde",
		"0123456789abcdef0123456789abcdef0", "0123456789abcdeg0123456789abcdef", "../3456789abcdef0123456789abcdef"} {
		if IsFileKey(s) {
			t.Errorf("IsFileKey(%q) = true", s)
		}
	}
}

// TestPublicFiles: visitors get an attachment only while it is Public, by
// its key; its old sequential id finds it only then too; staff open it
// whatever its state; Files reads a list's attachments at once.
func TestPublicFiles(t *testing.T) {
	ctx := context.Background()
	f := newLib(t)
	pdf := []byte("%PDF-1.7\n%%EOF\n")
	it, err := f.lib.UploadFile(ctx, 1, 9, "du-thao.pdf", bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatal(err)
	}
	img, err := f.lib.UploadImage(ctx, 1, 9, bytes.NewReader(encodeJPEG(t, gradient(32, 32), 90)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	hidden := func(what string) {
		t.Helper()
		if _, _, _, err := f.lib.OpenPublicFile(ctx, 1, it.FileKey); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s: OpenPublicFile = %v, want NotFound", what, err)
		}
		if _, err := f.lib.PublicFileByID(ctx, 1, it.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%s: PublicFileByID = %v, want NotFound", what, err)
		}
		_, rc, _, err := f.lib.OpenFile(ctx, 1, it.FileKey)
		if err != nil {
			t.Fatalf("%s: staff OpenFile = %v", what, err)
		}
		rc.Close()
	}
	hidden("never attached")
	f.records.setPublic(it.ID, true)
	rec, rc, _, err := f.lib.OpenPublicFile(ctx, 1, it.FileKey)
	if err != nil || !rec.Public {
		t.Fatalf("public: OpenPublicFile = %+v, %v", rec, err)
	}
	rc.Close()
	if got, err := f.lib.PublicFileByID(ctx, 1, it.ID); err != nil || got.FileKey != it.FileKey {
		t.Errorf("public: PublicFileByID = %+v, %v", got, err)
	}
	if _, _, _, err := f.lib.OpenPublicFile(ctx, 2, it.FileKey); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another site: OpenPublicFile = %v, want NotFound", err)
	}
	f.records.setPublic(img.ID, true)
	if _, err := f.lib.PublicFileByID(ctx, 1, img.ID); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a photo: PublicFileByID = %v, want NotFound", err)
	}
	f.records.setPublic(it.ID, false)
	hidden("withdrawn")

	files, err := f.lib.Files(ctx, 1, []int64{img.ID, it.ID, 999})
	if err != nil || len(files) != 1 || files[it.ID].FileKey != it.FileKey {
		t.Errorf("Files = %+v, %v; want only the attachment", files, err)
	}
	if files, err := f.lib.Files(ctx, 2, []int64{it.ID}); err != nil || len(files) != 0 {
		t.Errorf("Files of another site = %+v, %v", files, err)
	}
}
