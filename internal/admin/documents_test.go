package admin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/testenv"
)

// docFixture is the area with the documents register and a media library.
type docFixture struct {
	*newsFixture
	docs *document.Service
}

func newDocFixture(t *testing.T) *docFixture {
	t.Helper()
	f := &docFixture{newsFixture: newNewsFixture(t)}
	f.docs = document.NewService(f.db, nil)
	blobs, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	srv, err := New(Options{Users: f.users, Sites: f.sites, Audit: f.db, Policy: f.policyFor, Content: f.content, Newsroom: f.news,
		Documents: f.docs, Media: media.NewLibrary(f.db, blobs, media.Limits{})})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	f.h = http.NewCrossOriginProtection().Handler(srv.Handler())
	return f
}

func docForm(number string) url.Values {
	return url.Values{"type": {"Quyết định"}, "number": {number}, "issuer": {"UBND huyện Gia Viễn"}, "signer": {"Đinh Văn Hùng"},
		"field": {"Đất đai"}, "abstract": {"Về việc phê duyệt kế hoạch sử dụng đất năm 2024"}, "issued_on": {"2024-01-05"}}
}

func (f *docFixture) count(t *testing.T) int {
	t.Helper()
	n, err := f.db.CountDocuments(context.Background(), document.Filter{SiteID: f.siteA.ID})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *docFixture) documentActions(t *testing.T) []string {
	var out []string
	for _, e := range f.auditEntries() {
		if strings.HasPrefix(e.Action, "document.") {
			out = append(out, e.Action+" "+e.Object+" "+e.Actor)
		}
	}
	return out
}

// created posts the form as c and returns the new document's ID.
func createdDocument(t *testing.T, c *client, form url.Values) int64 {
	t.Helper()
	res := c.post(pathNewDocument, form)
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathDocuments+"/") {
		t.Fatalf("create: %d → %q\n%s", res.status, res.location(), excerpt(res.body))
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(res.location(), pathDocuments+"/"), "?da-luu"), 10, 64)
	if err != nil {
		t.Fatalf("location %q: %v", res.location(), err)
	}
	return id
}

func TestDocumentWorkflowAndAudit(t *testing.T) {
	f := newDocFixture(t)
	editor, approver := f.signedIn(&f.editor), f.signedIn(&f.approver)
	id := createdDocument(t, editor, docForm("123/qđ-UBND"))
	d, err := f.db.FindDocumentByID(context.Background(), f.siteA.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != document.StatusDraft || d.Number != "123/qđ-UBND" {
		t.Fatalf("created: %+v", d)
	}
	base := adminDocumentURL(id)
	// The editor sees the form but not the publishing actions, and cannot publish.
	if res := editor.get(base); res.status != 200 || strings.Contains(res.body, "Công bố văn bản</button>") {
		t.Fatalf("editor's form: %d, publish button shown: %v", res.status, strings.Contains(res.body, "Công bố văn bản</button>"))
	}
	if res := editor.post(base+"/cong-bo", nil); res.status != http.StatusForbidden {
		t.Fatalf("editor publishing: %d, want 403", res.status)
	}
	// The editor corrects it.
	form := docForm("123/QĐ-UBND")
	res := editor.get(base)
	form.Set("phien-ban", hiddenValue(t, res.body, "phien-ban"))
	if res := editor.post(base, form); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.status, excerpt(res.body))
	}
	// A stale form is refused and keeps what was typed.
	stale := docForm("124/QĐ-UBND")
	stale.Set("phien-ban", "1")
	res = editor.post(base, stale)
	if res.status != http.StatusConflict || !strings.Contains(res.body, `value="124/QĐ-UBND"`) || !strings.Contains(res.body, "vừa được người khác thay đổi") {
		t.Fatalf("stale save: %d\n%s", res.status, excerpt(res.body))
	}
	// The conflict page carries the version now stored: saving it again
	// overwrites, once.
	if v := hiddenValue(t, res.body, "phien-ban"); v != "2" {
		t.Fatalf("conflict page carries version %q, want 2", v)
	}
	stale.Set("phien-ban", "2")
	if res := editor.post(base, stale); res.status != http.StatusSeeOther {
		t.Fatalf("save after the conflict: %d\n%s", res.status, excerpt(res.body))
	}
	if res := editor.post(base, stale); res.status != http.StatusConflict {
		t.Fatalf("the same version saved twice: %d", res.status)
	}
	// The approver publishes, then withdraws with a reason.
	if res := approver.postFrom(base, base+"/cong-bo", nil); res.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", res.status, excerpt(res.body))
	}
	if res := approver.postFrom(base, base+"/go-bo", url.Values{"reason": {""}}); res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Vui lòng nêu lý do gỡ văn bản.") {
		t.Fatalf("withdraw without reason: %d\n%s", res.status, excerpt(res.body))
	}
	if res := approver.postFrom(base, base+"/go-bo", url.Values{"reason": {"Ban hành nhầm"}}); res.status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d\n%s", res.status, excerpt(res.body))
	}
	d = testenv.Must(f.db.FindDocumentByID(context.Background(), f.siteA.ID, id)).Get(t)
	if d.Status != document.StatusWithdrawn || d.WithdrawnReason != "Ban hành nhầm" {
		t.Fatalf("after withdrawal: %+v", d)
	}
	// Withdrawn: kept, not editable.
	if res := editor.post(base, form); res.status == http.StatusSeeOther {
		t.Fatal("a withdrawn document was edited")
	}
	obj := "document:" + strconv.FormatInt(id, 10)
	want := []string{
		"document.create " + obj + " " + f.editor.Email,
		"document.save " + obj + " " + f.editor.Email,
		"document.save " + obj + " " + f.editor.Email, // again, after the conflict
		"document.publish " + obj + " " + f.approver.Email,
		"document.withdraw " + obj + " " + f.approver.Email,
	}
	if got := f.documentActions(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func hiddenValue(t *testing.T, body, name string) string {
	t.Helper()
	marker := `name="` + name + `" value="`
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("no hidden %s in the page", name)
	}
	rest := body[i+len(marker):]
	return rest[:strings.IndexByte(rest, '"')]
}

func TestDocumentFormErrorsKeepInput(t *testing.T) {
	f := newDocFixture(t)
	c := f.signedIn(&f.editor)
	for _, tc := range []struct {
		name, field, value, msg string
	}{
		{"number without slash", "number", "123 QĐ UBND", "Số ký hiệu chưa đúng dạng"},
		{"no number", "number", "", "Vui lòng nhập số ký hiệu"},
		{"dates out of order", "effective_on", "2023-12-31", "Ngày có hiệu lực không được trước ngày ban hành."},
		{"bad date", "issued_on", "31/02/2024", "Ngày ban hành không hợp lệ"},
		{"unknown type", "type", "Thư mời tiệc", "Hình thức văn bản không hợp lệ."},
		{"no abstract", "abstract", "  ", "Vui lòng nhập trích yếu."},
	} {
		form := docForm("77/QĐ-UBND")
		form.Set("signer", "Người Ký Đặc Biệt")
		form.Set(tc.field, tc.value)
		res := c.post(pathNewDocument, form)
		if res.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, res.status)
			continue
		}
		if !strings.Contains(res.body, tc.msg) {
			t.Errorf("%s: message %q missing\n%s", tc.name, tc.msg, excerpt(res.body))
		}
		if !strings.Contains(res.body, `value="Người Ký Đặc Biệt"`) || !strings.Contains(res.body, `aria-invalid="true"`) {
			t.Errorf("%s: the form does not keep what was typed or mark the field", tc.name)
		}
	}
	if n := f.count(t); n != 0 {
		t.Errorf("%d documents stored from invalid forms", n)
	}
	if got := f.documentActions(t); len(got) != 0 {
		t.Errorf("audit entries from invalid forms: %v", got)
	}
	// A filter the list cannot run is a Vietnamese 400, not a 500.
	for _, q := range []string{"?nam=abc", "?trang-thai=xoa", "?loai=Thư", "?trang=0"} {
		if res := c.get(pathDocuments + q); res.status != http.StatusBadRequest || !strings.Contains(res.body, "không hợp lệ") {
			t.Errorf("list %s: %d", q, res.status)
		}
	}
}

func TestDocumentPermissions(t *testing.T) {
	f := newDocFixture(t)
	id := createdDocument(t, f.signedIn(&f.editor), docForm("5/QĐ-UBND"))
	base := adminDocumentURL(id)
	// Anonymous: sent to sign in, for every page and action.
	anon := f.signedIn(nil)
	for _, p := range []string{pathDocuments, pathNewDocument, base} {
		if res := anon.get(p); !isSignIn(res) {
			t.Errorf("anonymous GET %s: %d → %q", p, res.status, res.location())
		}
	}
	if res := anon.post(base+"/cong-bo", nil); !isSignIn(res) {
		t.Errorf("anonymous publish: %d", res.status)
	}
	// A reporter has no access to the register.
	rep := f.signedIn(&f.reporter)
	if res := rep.get(pathDocuments); res.status != http.StatusForbidden {
		t.Errorf("reporter list: %d, want 403", res.status)
	}
	if res := rep.post(pathNewDocument, docForm("6/QĐ-UBND")); res.status != http.StatusForbidden {
		t.Errorf("reporter create: %d, want 403", res.status)
	}
	if res := rep.post(base+"/cong-bo", nil); res.status != http.StatusForbidden {
		t.Errorf("reporter publish: %d, want 403", res.status)
	}
	// An approver of another site cannot see site A's draft from site B,
	// nor reach it on site A.
	out := f.client("b.test")
	out.mustLogin(f.outsider.Email, pathHome)
	if res := out.get(base); res.status != http.StatusNotFound {
		t.Errorf("other site's approver, own host: %d, want 404", res.status)
	}
	if res := out.post(base+"/cong-bo", nil); res.status != http.StatusNotFound {
		t.Errorf("other site's approver publishing: %d, want 404", res.status)
	}
	outA := f.client("a.test")
	outA.mustLogin(f.outsider.Email, pathHome)
	if res := outA.get(base); res.status != http.StatusForbidden {
		t.Errorf("other site's approver on site A: %d, want 403", res.status)
	}
	d := testenv.Must(f.db.FindDocumentByID(context.Background(), f.siteA.ID, id)).Get(t)
	if d.Status != document.StatusDraft {
		t.Errorf("status changed to %s", d.Status)
	}
	// The site's navigation lists the register only for those who may use it.
	if res := f.signedIn(&f.editor).get(pathHome); !strings.Contains(res.body, `href="/quan-tri/van-ban"`) {
		t.Error("the editor's navigation has no Văn bản")
	}
	if res := rep.get(pathHome); strings.Contains(res.body, `href="/quan-tri/van-ban"`) {
		t.Error("the reporter's navigation has Văn bản")
	}
}

func TestDocumentSupersedeAndAttach(t *testing.T) {
	f := newDocFixture(t)
	approver := f.signedIn(&f.approver)
	old := createdDocument(t, approver, docForm("10/QĐ-UBND"))
	form := docForm("20/QĐ-UBND")
	form.Set("issued_on", "2024-06-01")
	newer := createdDocument(t, approver, form)
	for _, id := range []int64{old, newer} {
		if res := approver.postFrom(adminDocumentURL(id), adminDocumentURL(id)+"/cong-bo", nil); res.status != http.StatusSeeOther {
			t.Fatalf("publish %d: %d", id, res.status)
		}
	}
	// The older cannot replace the newer.
	if res := approver.postFrom(adminDocumentURL(newer), adminDocumentURL(newer)+"/thay-the", url.Values{"replaced_by": {strconv.FormatInt(old, 10)}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("older replacing newer: %d, want 422", res.status)
	}
	if res := approver.postFrom(adminDocumentURL(old), adminDocumentURL(old)+"/thay-the", url.Values{"replaced_by": {"abc"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("bad replacement id: %d, want 422", res.status)
	}
	if res := approver.postFrom(adminDocumentURL(old), adminDocumentURL(old)+"/thay-the", url.Values{"replaced_by": {strconv.FormatInt(newer, 10)}}); res.status != http.StatusSeeOther {
		t.Fatalf("supersede: %d\n%s", res.status, excerpt(res.body))
	}
	d := testenv.Must(f.db.FindDocumentByID(context.Background(), f.siteA.ID, old)).Get(t)
	if d.ReplacedByID != newer || d.ValidityOn(f.docs.Today()) != document.ValidityReplaced {
		t.Fatalf("after supersede: %+v", d)
	}
	// Attach a PDF, refuse an executable, detach.
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	// The upload form carries the document's edit version, as its other forms.
	at := func() url.Values {
		return url.Values{"phien-ban": {hiddenValue(t, approver.get(adminDocumentURL(old)).body, "phien-ban")}}
	}
	if res := approver.upload(adminDocumentURL(old)+"/tep", "quyet-dinh.pdf", pdf, at()); res.status != http.StatusSeeOther {
		t.Fatalf("attach: %d\n%s", res.status, excerpt(res.body))
	}
	if res := approver.upload(adminDocumentURL(old)+"/tep", "virus.exe", []byte("MZ\x90\x00"), at()); res.status != http.StatusUnprocessableEntity {
		t.Errorf("attach an .exe: %d, want 422", res.status)
	}
	d = testenv.Must(f.db.FindDocumentByID(context.Background(), f.siteA.ID, old)).Get(t)
	if len(d.FileIDs) != 1 {
		t.Fatalf("files after attaching: %v", d.FileIDs)
	}
	if res := approver.get(adminDocumentURL(old)); !strings.Contains(res.body, "quyet-dinh.pdf") {
		t.Error("the form does not list the attachment")
	}
	if res := approver.postFrom(adminDocumentURL(old), adminDocumentURL(old)+"/tep/"+strconv.FormatInt(d.FileIDs[0], 10)+"/bo", nil); res.status != http.StatusSeeOther {
		t.Fatalf("detach: %d", res.status)
	}
	if d = testenv.Must(f.db.FindDocumentByID(context.Background(), f.siteA.ID, old)).Get(t); len(d.FileIDs) != 0 {
		t.Errorf("files after detaching: %v", d.FileIDs)
	}
	acts := strings.Join(f.documentActions(t), "\n")
	for _, a := range []string{"document.supersede", "document.attach", "document.detach"} {
		if !strings.Contains(acts, a) {
			t.Errorf("audit has no %s:\n%s", a, acts)
		}
	}
}
