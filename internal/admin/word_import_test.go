package admin

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/testenv"
)

// newWordFixture is the newsroom with a media library.
func newWordFixture(t *testing.T) *newsFixture {
	t.Helper()
	f := newNewsFixture(t)
	blobs, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	f.srv.media = media.NewLibrary(f.db, blobs, media.Limits{})
	return f
}

func wordFixture(t *testing.T) []byte {
	t.Helper()
	return testenv.Must(os.ReadFile(testenv.Path(t, "docx/bai-viet.docx"))).Get(t)
}

var altPageURL = regexp.MustCompile(`^/quan-tri/bai-viet/(\d+)/mo-ta-anh\?`)

// importWord uploads the fixture as c and returns the new article's ID.
func importWord(t *testing.T, f *newsFixture, c *client) int64 {
	t.Helper()
	res := c.upload(pathWordImport, "bai-viet.docx", wordFixture(t), url.Values{"category": {strconv.FormatInt(f.cat.ID, 10)}})
	m := altPageURL.FindStringSubmatch(res.location())
	if res.status != http.StatusSeeOther || m == nil {
		t.Fatalf("import: %d → %q\n%s", res.status, res.location(), res.body)
	}
	return testenv.Must(strconv.ParseInt(m[1], 10, 64)).Get(t)
}

func TestWordImportMakesADraft(t *testing.T) {
	f := newWordFixture(t)
	c := f.signedIn(&f.reporter)
	if res := c.get(pathWordImport); res.status != http.StatusOK || !strings.Contains(res.body, `type="file"`) {
		t.Fatalf("GET form: %d\n%s", res.status, res.body)
	}
	id := importWord(t, f, c)
	a := f.find(id)
	if a.Status != content.StatusDraft || a.OwnerID != f.reporter.ID || a.CategoryID != f.cat.ID {
		t.Errorf("article %+v", a)
	}
	if a.Title != "Xã Gia Hưng ra quân làm đường giao thông nông thôn" {
		t.Errorf("title %q", a.Title)
	}
	for _, want := range []string{"<h2>Kết quả sau một tháng</h2>", "<strong>UBND xã Gia Hưng</strong>", "<em>làm đường giao thông nông thôn</em>",
		"<ul>", "<ol>", "<table>", `<td rowspan="2">Thôn Tập Ninh</td>`, "Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc",
		`alt="Nhân dân thôn Tập Ninh ra quân làm đường"`} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, a.Body)
		}
	}
	imgs := bodyImages(a.Body)
	if len(imgs) != 2 {
		t.Fatalf("%d pictures in the body, want 2", len(imgs))
	}
	for _, im := range imgs {
		if !strings.HasPrefix(im.Src, media.ImagePathPrefix) || im.Srcset == "" || im.Width == 0 {
			t.Errorf("picture not from the library: %+v", im)
		}
	}
	items := testenv.Must(f.db.FindMediaList(context.Background(), f.siteA.ID, 10, 0)).Get(t)
	if len(items) != 2 {
		t.Fatalf("%d library items, want 2", len(items))
	}
	needs := 0
	for _, it := range items {
		if it.CreatedBy != f.reporter.ID {
			t.Errorf("item %d uploaded by %d", it.ID, it.CreatedBy)
		}
		if it.NeedsAlt() {
			needs++
		}
	}
	if needs != 1 {
		t.Errorf("%d library items without alt, want 1", needs)
	}
	uploads := 0
	for _, e := range f.auditEntries() {
		if e.Action == "media.upload" && strings.Contains(e.Detail["name"], "bai-viet.docx") {
			uploads++
		}
	}
	if uploads != 2 {
		t.Errorf("%d media.upload audit entries, want 2", uploads)
	}

	// The draft opens on its pictures' descriptions.
	res := c.get(altURL(id) + "?nhap=1&tcvn3=1&vni=1")
	if res.status != http.StatusOK {
		t.Fatalf("alt page: %d", res.status)
	}
	for _, want := range []string{`name="alt-0"`, `value="Nhân dân thôn Tập Ninh ra quân làm đường"`, `name="alt-1"`,
		"Hãy nhập mô tả cho 1 ảnh chưa có mô tả", "phông TCVN3", "phông VNI"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("alt page lacks %q", want)
		}
	}
}

func TestWordImportSubmitNeedsEveryAlt(t *testing.T) {
	f := newWordFixture(t)
	c := f.signedIn(&f.reporter)
	id := importWord(t, f, c)

	// Submitting with a picture undescribed is refused, on this page …
	form := url.Values{"alt-0": {"Nhân dân thôn Tập Ninh ra quân làm đường"}, "alt-1": {"  "}, "gui": {"1"}}
	res := c.post(altURL(id), withVersion(t, c, id, form))
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Chưa gửi biên tập được: còn 1 ảnh chưa có mô tả") ||
		!strings.Contains(res.body, `id="alt-1-loi"`) {
		t.Fatalf("submit without alt: %d\n%s", res.status, res.body)
	}
	// … and from the editor, by the workflow's own check.
	a := f.find(id)
	res = c.post(articleURL(id)+"/gui-bien-tap", url.Values{"version": {version(a)}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Ảnh chưa có mô tả") {
		t.Errorf("editor submit without alt: %d", res.status)
	}
	if got := f.find(id).Status; got != content.StatusDraft {
		t.Fatalf("status %s after refused submissions", got)
	}

	form.Set("alt-1", "Con đường bê tông mới qua cánh đồng")
	res = c.post(altURL(id), withVersion(t, c, id, form))
	if res.status != http.StatusSeeOther || res.location() != articleURL(id)+"?xong=gui" {
		t.Fatalf("submit with alts: %d → %q\n%s", res.status, res.location(), res.body)
	}
	a = f.find(id)
	if a.Status != content.StatusSubmitted {
		t.Errorf("status %s, want submitted", a.Status)
	}
	if !strings.Contains(a.Body, `alt="Con đường bê tông mới qua cánh đồng"`) || !strings.Contains(a.Body, "<table>") {
		t.Errorf("body after alts:\n%s", a.Body)
	}
	for _, it := range testenv.Must(f.db.FindMediaList(context.Background(), f.siteA.ID, 10, 0)).Get(t) {
		if it.NeedsAlt() {
			t.Errorf("library item %d still without alt", it.ID)
		}
	}
}

// withVersion adds the version the alt page carries now.
func withVersion(t *testing.T, c *client, id int64, form url.Values) url.Values {
	t.Helper()
	res := c.get(altURL(id))
	v := url.Values{}
	for k, vs := range form {
		v[k] = vs
	}
	v.Set("version", hiddenValue(t, res.body, "version"))
	return v
}

func TestWordImportRefusesWhatIsNotDocx(t *testing.T) {
	f := newWordFixture(t)
	c := f.signedIn(&f.reporter)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"thong-bao.pdf", []byte("%PDF-1.4\n%%EOF\n"), "Tệp này không phải tệp Word (.docx)"},
		{"bao-cao.docx", []byte("%PDF-1.4\n%%EOF\n"), "Tệp này không phải tệp Word (.docx)"},
		{"cu.doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "tệp Word cũ (.doc)"},
		{"", nil, msgNoWordFile},
	} {
		res := c.upload(pathWordImport, tc.name, tc.data, url.Values{"category": {strconv.FormatInt(f.sub.ID, 10)}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, tc.want) {
			t.Errorf("%s: %d, want 422 with %q\n%s", tc.name, res.status, tc.want, res.body)
		}
		if !strings.Contains(res.body, `<option value="`+strconv.FormatInt(f.sub.ID, 10)+`" selected>`) {
			t.Errorf("%s: the chosen category is not kept", tc.name)
		}
	}
	arts := testenv.Must(f.db.FindArticles(context.Background(), content.ArticleFilter{SiteID: f.siteA.ID})).Get(t)
	if len(arts) != 0 {
		t.Errorf("%d articles made from refused files", len(arts))
	}

	// A body past the limit is refused before it is read.
	body, ct := multipartBody(t, "to.docx", []byte("x"), nil)
	req := httptest.NewRequest(http.MethodPost, pathWordImport, bytes.NewReader(body.Bytes()))
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.ContentLength = MaxWordBytes + 2*uploadEnvelope
	res := c.do(req)
	if res.status != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "Tệp Word quá lớn: dung lượng tối đa là 40 MB") {
		t.Errorf("too large: %d\n%s", res.status, res.body)
	}
}

func TestWordImportOnlyForWriters(t *testing.T) {
	f := newWordFixture(t)
	c := f.signedIn(&f.outsider) // an approver of site B, on site A
	res := c.upload(pathWordImport, "bai-viet.docx", wordFixture(t), nil)
	if res.status != http.StatusForbidden {
		t.Errorf("outsider import: %d", res.status)
	}
	id := importWord(t, f, f.signedIn(&f.reporter))
	if res := f.signedIn(&f.reporter2).get(altURL(id)); res.status != http.StatusForbidden {
		t.Errorf("another reporter's alt page: %d", res.status)
	}
}

func wordTemplateSamples(l Layout) map[string]any {
	form := Form{Order: []string{"file", "alt-0"}, Errors: map[string]string{"file": "Tệp này không phải tệp Word (.docx).", "alt-0": msgAltMissing}, Alert: "Có lỗi"}
	return map[string]any{
		"word-import": WordImportPage{Layout: l, Form: form, Categories: []Option{{Value: "1", Label: "Tin tức", Selected: true}}, MaxSize: "40 MB", MaxImages: 50},
		"word-alt": WordAltPage{Layout: l, Form: form, Title: "Bài", EditURL: "/quan-tri/bai-viet/1", ActionURL: "/quan-tri/bai-viet/1/mo-ta-anh", Version: "2",
			Imported: true, Notes: []string{"n"}, Missing: 1, Notice: "Đã lưu.",
			Images: []WordAltImage{{Field: "alt-0", Number: 1, Src: "/anh/ab/cd/x-320.jpg", Srcset: "/anh/ab/cd/x-320.jpg 320w", Width: 320, Height: 240}}},
	}
}
