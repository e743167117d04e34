package admin

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/testenv"
)

// TestFeaturedPhotoCaption: the featured photo's caption is typed in the
// editor, stored with the photo (spaces tidied), shown again in the
// editor and under the photo on the public page (the preview); one too
// long is refused with a Vietnamese message, what was typed kept, and
// the article left as it was.
func TestFeaturedPhotoCaption(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	blobs := testenv.Must(localfs.New(t.TempDir())).Get(t)
	t.Cleanup(func() { blobs.Close() })
	lib := media.NewLibrary(f.db, blobs, media.Limits{})
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news, Media: lib})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	photo, err := lib.UploadImage(ctx, f.siteA.ID, f.reporter.ID, bytes.NewReader(photoWithExif(t, 1200, 800)), "Đoàn rước kiệu qua cổng tam quan", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(&f.reporter)
	form := draftForm(f.cat.ID, "Lễ hội chùa Bái Đính", "<p>Nội dung.</p>")
	form.Set("photo", strconv.FormatInt(photo.ID, 10))
	form.Set("photo_caption", "  Ảnh:   Kim Thoả ")
	res := c.post(pathNewArticle, form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.status, excerpt(res.body))
	}
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(strings.SplitN(res.location(), "?", 2)[0], pathArticles+"/"), 10, 64)).Get(t)
	if a := f.find(id); a.Photo.ID != photo.ID || a.Photo.Caption != "Ảnh: Kim Thoả" {
		t.Fatalf("stored photo %+v", a.Photo)
	}
	if page := c.get(articleURL(id)); !strings.Contains(page.body, `name="photo_caption" type="text" value="Ảnh: Kim Thoả"`) {
		t.Errorf("the editor does not show the caption:\n%s", excerpt(page.body))
	}
	prev := f.signedIn(&f.editor).get(articleURL(id) + "/xem-truoc")
	if !strings.Contains(prev.body, `<figcaption>Ảnh: Kim Thoả</figcaption>`) {
		t.Errorf("the public page shows no caption:\n%s", excerpt(prev.body))
	}

	before := f.find(id)
	long := strings.Repeat("ảnh ", 126) // 504 characters
	form.Set("photo_caption", long)
	form.Set("version", strconv.FormatInt(before.Version, 10))
	res = c.post(articleURL(id), form)
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Chú thích ảnh quá dài: tối đa 500 ký tự.") ||
		!strings.Contains(res.body, `value="`+strings.TrimSpace(long)) && !strings.Contains(res.body, `value="`+long) {
		t.Errorf("a caption too long: %d\n%s", res.status, excerpt(res.body))
	}
	if after := f.find(id); after.Photo != before.Photo || after.Version != before.Version {
		t.Errorf("a refused caption changed the article: %+v", after.Photo)
	}
}
