package admin

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/testenv"
)

// TestFeaturedPhoto picks a photo of the library in the editor, checks it
// is stored with the article and shown with srcset and its description
// on the public page (the preview renders the public template), that a
// photo without a description blocks the submission, and that a photo of
// another site or an attachment cannot be picked.
func TestFeaturedPhoto(t *testing.T) {
	f := newNewsFixture(t)
	ctx := context.Background()
	blobs, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	lib := media.NewLibrary(f.db, blobs, media.Limits{})
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news, Media: lib})
	if err != nil {
		t.Fatal(err)
	}
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	photo, err := lib.UploadImage(ctx, f.siteA.ID, f.reporter.ID, bytes.NewReader(photoWithExif(t, 1200, 800)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	other, err := lib.UploadImage(ctx, f.siteB.ID, f.outsider.ID, bytes.NewReader(photoWithExif(t, 600, 400)), "Ảnh xã khác", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := f.signedIn(&f.reporter)
	page := c.get(pathNewArticle)
	if !strings.Contains(page.body, `name="photo" value="`+strconv.FormatInt(photo.ID, 10)+`"`) || strings.Contains(page.body, `value="`+strconv.FormatInt(other.ID, 10)+`"`) {
		t.Fatalf("the editor does not offer exactly the site's photos:\n%s", excerpt(page.body))
	}

	form := draftForm(f.cat.ID, "Lễ hội chùa Bái Đính", "<p>Nội dung.</p>")
	form.Set("photo", strconv.FormatInt(photo.ID, 10))
	res := c.post(pathNewArticle, form)
	if res.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.status, excerpt(res.body))
	}
	id := testenv.Must(strconv.ParseInt(strings.TrimPrefix(strings.SplitN(res.location(), "?", 2)[0], pathArticles+"/"), 10, 64)).Get(t)
	a := f.find(id)
	if a.Photo.ID != photo.ID || a.Photo.Src != photo.URL() || a.Photo.Srcset == "" || !strings.HasPrefix(a.Photo.Src, "/anh/") {
		t.Fatalf("stored photo %+v", a.Photo)
	}
	// No description yet: submitting is refused, naming the featured photo.
	res = c.post(articleURL(id)+"/gui-bien-tap", url.Values{})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Ảnh đại diện") {
		t.Errorf("submit without alt: %d\n%s", res.status, excerpt(res.body))
	}
	if f.find(id).Status != content.StatusDraft {
		t.Fatal("submitted anyway")
	}
	// Described in the library, saved again: the snapshot follows, and it is shown.
	if err := lib.SetAlt(ctx, f.siteA.ID, photo.ID, "Đoàn rước kiệu qua cổng tam quan"); err != nil {
		t.Fatal(err)
	}
	form.Set("version", strconv.FormatInt(f.find(id).Version, 10))
	if res := c.post(articleURL(id)+"/gui-bien-tap", form); res.status != http.StatusSeeOther {
		t.Fatalf("submit with alt: %d\n%s", res.status, excerpt(res.body))
	}
	a = f.find(id)
	if a.Photo.Alt != "Đoàn rước kiệu qua cổng tam quan" || a.Status != content.StatusSubmitted {
		t.Errorf("after submit %+v %s", a.Photo, a.Status)
	}
	prev := f.signedIn(&f.editor).get(articleURL(id) + "/xem-truoc")
	for _, want := range []string{`<figure class="article-photo">`, `src="` + photo.URL() + `"`, `srcset="`, `alt="Đoàn rước kiệu qua cổng tam quan"`} {
		if !strings.Contains(prev.body, want) {
			t.Errorf("public page lacks %s\n%s", want, prev.body)
		}
	}
	// Another site's photo, an unknown id, garbage: refused, nothing saved.
	before := f.find(id).UpdatedAt
	for _, bad := range []string{strconv.FormatInt(other.ID, 10), "999999", "x"} {
		ed := f.signedIn(&f.editor)
		form.Set("photo", bad)
		form.Set("version", strconv.FormatInt(f.find(id).Version, 10))
		res := ed.post(articleURL(id), form)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Ảnh đại diện không có trong thư viện") {
			t.Errorf("photo %q: %d\n%s", bad, res.status, excerpt(res.body))
		}
	}
	if !f.find(id).UpdatedAt.Equal(before) {
		t.Error("a refused photo changed the article")
	}
}
