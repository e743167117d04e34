package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
)

// libraryTemplateSamples are the library's pages for TestEveryTemplateRenders.
func libraryTemplateSamples(l Layout) map[string]any {
	row := LibraryRow{ID: 3, URL: "/quan-tri/thu-vien/3", Thumb: "/anh/ab/cd/abcd-480.jpg", Name: "le-hoi.jpg", Alt: "Lễ hội", Caption: "Ảnh: Kim Thoả",
		Kind: "Ảnh", Size: "1,2 MB", Uploader: "Kim Thoả", NeedsAlt: false,
		Uses: []LibraryUse{{Label: "Bài viết", Title: "Khai mạc", URL: "/quan-tri/bai-viet/1", Public: true}, {Label: "Trang", Title: "Giới thiệu", URL: "/trang/gioi-thieu"}}}
	return map[string]any{
		"library": LibraryPage{Layout: l, Query: "lễ", Uploader: "Thoả", From: "01/12/2026", To: "05/12/2026", Filtered: true, Total: 2,
			Kinds: []Option{{Value: "", Label: "Tất cả", Selected: true}}, Rows: []LibraryRow{row, {ID: 4, Kind: "Tệp", Name: "qd.pdf", NeedsAlt: true}},
			Pager: Pager{Page: 2, Pages: 3, PrevURL: "/x?trang=1", NextURL: "/x?trang=3"}, Notice: "n", Problems: []string{"a.exe: không nhận"}, Error: "e",
			CanUpload: true, MaxFiles: 10, MaxSize: "20 MB"},
		"library-item": LibraryItemPage{Layout: l, Form: Form{Order: []string{"alt", "caption"}, Errors: map[string]string{"caption": "c"}, Alert: "a"},
			Row: row, Image: true, Src: "/anh/ab/cd/abcd-960.jpg", Srcset: "/anh/ab/cd/abcd-480.jpg 480w", Width: 960, Height: 640,
			Alt: "Lễ hội", Caption: "Ảnh: Kim Thoả", CanEdit: true, CanDelete: true, InUse: true, SaveURL: "/quan-tri/thu-vien/3", DeleteURL: "/quan-tri/thu-vien/3/xoa", Notice: "n"},
	}
}

// libraryFixture is the newsroom with a media library on disk.
type libraryFixture struct {
	*newsFixture
	lib     *media.Library
	blobDir string
	blobs   *localfs.Store
}

func newLibraryFixture(t *testing.T) *libraryFixture {
	t.Helper()
	f := newNewsFixture(t)
	dir := t.TempDir()
	blobs, err := localfs.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	lib := media.NewLibrary(f.db, blobs, media.Limits{})
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news, Media: lib})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	return &libraryFixture{newsFixture: f, lib: lib, blobDir: dir, blobs: blobs}
}

// uploadMany posts the library's multi-file form as a browser without
// JavaScript does.
func (c *client) uploadMany(names []string, data [][]byte, fields url.Values, header ...string) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for i, n := range names {
		fw, err := mw.CreateFormFile("files", n)
		if err != nil {
			c.t.Fatal(err)
		}
		fw.Write(data[i])
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, pathLibrary, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLibrary drives /quan-tri/thu-vien without JavaScript: several files
// in one form, the list searched, where each is used, the description and
// caption edited by the uploader (not by another reporter), and deletion:
// refused to a reporter, refused with a Vietnamese message while a
// published article shows the photo, done (blobs too) once it does not.
func TestLibrary(t *testing.T) {
	f := newLibraryFixture(t)
	ctx := context.Background()
	c := f.signedIn(&f.reporter)

	if res := c.get(pathLibrary); res.status != http.StatusOK || !strings.Contains(res.body, `enctype="multipart/form-data"`) || !strings.Contains(res.body, `multiple`) {
		t.Fatalf("library: %d\n%s", res.status, excerpt(res.body))
	}
	res := c.uploadMany([]string{"cho-que.jpg", "le-hoi.jpg", "dong-lua.jpg"},
		[][]byte{photoWithExif(t, 800, 600), photoWithExif(t, 640, 480), photoWithExif(t, 900, 600)},
		url.Values{"caption": {"Ảnh: Kim Thoả"}})
	if res.status != http.StatusSeeOther || res.location() != pathLibrary+"?da-tai=3" {
		t.Fatalf("upload of three photos: %d %q\n%s", res.status, res.location(), excerpt(res.body))
	}
	items, total, err := f.lib.Search(ctx, media.Filter{SiteID: f.siteA.ID})
	if err != nil || total != 3 {
		t.Fatalf("after the upload the library holds %d records: %v", total, err)
	}
	for _, it := range items {
		if it.Kind != media.KindImage || it.Caption != "Ảnh: Kim Thoả" || !strings.HasSuffix(it.FileName, ".jpg") || it.CreatedBy != f.reporter.ID {
			t.Errorf("stored %+v", it)
		}
	}
	page := c.get(pathLibrary + "?da-tai=3")
	if !strings.Contains(page.body, "Đã tải lên 3 tệp.") || strings.Count(page.body, `class="library-item"`) != 3 || !strings.Contains(page.body, "Chưa dùng ở đâu.") {
		t.Errorf("the list after the upload:\n%s", excerpt(page.body))
	}

	// Search by name, and the pickers' JSON.
	page = c.get(pathLibrary + "?q=le-hoi")
	if strings.Count(page.body, `class="library-item"`) != 1 || !strings.Contains(page.body, "le-hoi.jpg") {
		t.Errorf("search by name:\n%s", excerpt(page.body))
	}
	if page := c.get(pathLibrary + "?tu=32/13/2026"); page.status != http.StatusOK || !strings.Contains(page.body, "Ngày «từ ngày» không hợp lệ") {
		t.Errorf("a bad date: %d\n%s", page.status, excerpt(page.body))
	}
	js := c.get(pathLibrary + "?dang=json&q=dong")
	var picked []LibraryJSON
	if err := json.Unmarshal([]byte(js.body), &picked); err != nil || len(picked) != 1 || !strings.HasPrefix(picked[0].URL, "/anh/") || picked[0].Caption != "Ảnh: Kim Thoả" {
		t.Fatalf("JSON: %v %s", err, js.body)
	}

	// Too many files at once, and nothing at all.
	names, data := make([]string, maxLibraryFiles+1), make([][]byte, maxLibraryFiles+1)
	for i := range names {
		names[i], data[i] = "a"+strconv.Itoa(i)+".jpg", []byte("x")
	}
	if res := c.uploadMany(names, data, nil); res.status != http.StatusBadRequest && res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "tối đa 10 tệp") {
		t.Errorf("eleven files: %d\n%s", res.status, excerpt(res.body))
	}
	// A refused file among good ones: the good one is stored, the other named.
	res = c.uploadMany([]string{"ghi-chu.txt", "cau.jpg"}, [][]byte{[]byte("ghi chú"), photoWithExif(t, 500, 400)}, nil)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "ghi-chu.txt: ") || !strings.Contains(res.body, "Đã tải lên 1 tệp.") {
		t.Errorf("a refused file: %d\n%s", res.status, excerpt(res.body))
	}

	// The uploader describes a photo; another reporter may not.
	photo := items[0]
	res = c.post(libraryItemURL(photo.ID), url.Values{"alt": {"Cánh đồng lúa chín vàng"}, "caption": {"Ảnh: Thu Hà"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("save details: %d\n%s", res.status, excerpt(res.body))
	}
	if it, err := f.lib.Find(ctx, f.siteA.ID, photo.ID); err != nil || it.Alt != "Cánh đồng lúa chín vàng" || it.Caption != "Ảnh: Thu Hà" {
		t.Errorf("after the save: %+v %v", it, err)
	}
	res = c.post(libraryItemURL(photo.ID), url.Values{"alt": {"x"}, "caption": {strings.Repeat("ả", 501)}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Chú thích ảnh quá dài") || !strings.Contains(res.body, strings.Repeat("ả", 501)) {
		t.Errorf("a caption too long: %d\n%s", res.status, excerpt(res.body))
	}
	c2 := f.signedIn(&f.reporter2)
	if res := c2.post(libraryItemURL(photo.ID), url.Values{"alt": {"x"}}); res.status != http.StatusForbidden {
		t.Errorf("another reporter edits: %d", res.status)
	}
	if res := c.post(libraryItemURL(photo.ID)+"/xoa", nil); res.status != http.StatusForbidden {
		t.Errorf("a reporter deletes: %d", res.status)
	}
	// Another site's reporter does not see it.
	if res := f.client("b.test").get(libraryItemURL(photo.ID)); res.status == http.StatusOK {
		t.Errorf("site B sees site A's record")
	}

	// A published article shows the photo: its use is listed, and the
	// editor cannot delete it.
	a := content.Article{SiteID: f.siteA.ID, CategoryID: f.cat.ID, Title: "Mùa gặt trên cánh đồng Gia Vân", Body: "<p>Nội dung.</p>",
		Status: content.StatusPublished, PublishedAt: time.Now().Add(-time.Hour), OwnerID: f.reporter.ID,
		Photo: content.Photo{ID: photo.ID, Src: photo.URL(), Srcset: photo.Srcset(), Alt: "Cánh đồng"}}
	if err := f.content.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	ed := f.signedIn(&f.editor)
	item := ed.get(libraryItemURL(photo.ID))
	if !strings.Contains(item.body, "Mùa gặt trên cánh đồng Gia Vân") || !strings.Contains(item.body, "không thể xóa") {
		t.Errorf("the record's page does not name its use:\n%s", excerpt(item.body))
	}
	before := countFiles(t, f.blobDir)
	res = ed.post(libraryItemURL(photo.ID)+"/xoa", nil)
	if res.status != http.StatusConflict || !strings.Contains(res.body, "Không thể xóa vì tệp đang được dùng trong nội dung đã đăng") {
		t.Errorf("deleting a published photo: %d\n%s", res.status, excerpt(res.body))
	}
	if _, err := f.lib.Find(ctx, f.siteA.ID, photo.ID); err != nil || countFiles(t, f.blobDir) != before {
		t.Fatalf("the refused deletion removed something: %v", err)
	}
	// An unused photo goes, blobs and all.
	unused := items[1]
	res = ed.post(libraryItemURL(unused.ID)+"/xoa", nil)
	if res.status != http.StatusSeeOther {
		t.Fatalf("delete: %d\n%s", res.status, excerpt(res.body))
	}
	if _, err := f.lib.Find(ctx, f.siteA.ID, unused.ID); err == nil {
		t.Error("the record is still there")
	}
	if n := countFiles(t, f.blobDir); n >= before {
		t.Errorf("%d files left of %d: nothing deleted", n, before)
	}
	for _, v := range unused.Variants {
		if rc, _, err := f.blobs.Get(ctx, v.Key); err == nil {
			rc.Close()
			t.Errorf("variant %s is still stored", v.Key)
		}
	}
	for _, v := range photo.Variants {
		rc, _, err := f.blobs.Get(ctx, v.Key)
		if err != nil {
			t.Errorf("variant %s of the kept photo: %v", v.Key, err)
			continue
		}
		rc.Close()
	}
}
