package main

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// hostTransport sends every request with Host set to host, as a browser on
// that site's name would.
type hostTransport struct{ host string }

func (h hostTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = h.host
	return http.DefaultTransport.RoundTrip(r)
}

// TestAttachmentAccess is the done-when of issue 9, item 3: an attachment
// is served to visitors only while a published document or consultation
// of the site lists it, at an address by a random key; old /tep/<id>/…
// addresses of public files redirect there; staff of the site download any
// attachment at /quan-tri/tep/<key>, staff of another site none.
func TestAttachmentAccess(t *testing.T) { eachStore(t, testAttachmentAccess) }

func testAttachmentAccess(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	other := content.Site{Key: "xa-gia-hoa", Name: "Trang thông tin điện tử xã Gia Hòa", Host: "giahoa.example.vn"}
	if err := app.svc.SaveSite(ctx, &other, nil); err != nil {
		t.Fatal(err)
	}
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	pdf := "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
	upload := func(name string) media.Item {
		t.Helper()
		it, err := lib.UploadFile(ctx, site.ID, 0, name, strings.NewReader(pdf), nil)
		if err != nil {
			t.Fatal(err)
		}
		return it
	}

	// Documents: a draft, a withdrawn one and a published one.
	docActor := document.Actor{Name: "test"}
	newDoc := func(number string, file media.Item) document.Document {
		t.Helper()
		d, err := app.docs.Create(ctx, docActor, site.ID, document.Input{Type: "Quyết định", Number: number, Issuer: "UBND huyện Gia Viễn",
			Abstract: "Về việc ban hành kế hoạch " + number, IssuedOn: "2025-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		if d, err = app.docs.SetFiles(ctx, docActor, site.ID, d.ID, 0, []int64{file.ID}, "attach", file.ID); err != nil {
			t.Fatal(err)
		}
		return d
	}
	draftDocFile, withdrawnDocFile, publishedDocFile := upload("Dự thảo quyết định.pdf"), upload("Quyết định đã gỡ.pdf"), upload("Quyết định 15.pdf")
	newDoc("14/QĐ-UBND", draftDocFile)
	withdrawn := newDoc("16/QĐ-UBND", withdrawnDocFile)
	if _, err := app.docs.Publish(ctx, docActor, site.ID, withdrawn.ID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := app.docs.Withdraw(ctx, docActor, site.ID, withdrawn.ID, 0, "Ban hành nhầm"); err != nil {
		t.Fatal(err)
	}
	published := newDoc("15/QĐ-UBND", publishedDocFile)
	if published, err = app.docs.Publish(ctx, docActor, site.ID, published.ID, 0); err != nil {
		t.Fatal(err)
	}

	// Consultations: a draft, an open one, a closed one (still published)
	// and a withdrawn one.
	consActor := consultation.Actor{User: user.User{ID: 1, Email: "test"}, Can: func(user.Action) bool { return true }}
	now := time.Now()
	newCons := func(title string, file media.Item, opens, closes time.Time, status consultation.Status) consultation.Consultation {
		t.Helper()
		c, err := app.consultations.Create(ctx, site.ID, consultation.Draft{Title: title, Summary: "Tóm tắt " + title, OpensAt: opens, ClosesAt: closes}, consActor)
		if err != nil {
			t.Fatal(err)
		}
		if c, err = app.consultations.AttachFile(ctx, site.ID, c.ID, 0, file.ID, consActor); err != nil {
			t.Fatal(err)
		}
		for _, st := range map[consultation.Status][]consultation.Status{
			consultation.StatusDraft:     nil,
			consultation.StatusPublished: {consultation.StatusPublished},
			consultation.StatusWithdrawn: {consultation.StatusPublished, consultation.StatusWithdrawn},
		}[status] {
			if c, err = app.consultations.SetStatus(ctx, site.ID, c.ID, 0, st, consActor); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	draftConsFile, openConsFile, closedConsFile, withdrawnConsFile := upload("Dự thảo chưa đăng.pdf"), upload("Dự thảo đang lấy ý kiến.pdf"),
		upload("Dự thảo đã hết hạn.pdf"), upload("Dự thảo đã gỡ.pdf")
	newCons("Dự thảo đang soạn", draftConsFile, now.Add(-time.Hour), now.Add(240*time.Hour), consultation.StatusDraft)
	open := newCons("Dự thảo đang lấy ý kiến", openConsFile, now.Add(-time.Hour), now.Add(240*time.Hour), consultation.StatusPublished)
	closed := newCons("Dự thảo đã hết hạn", closedConsFile, now.Add(-480*time.Hour), now.Add(-240*time.Hour), consultation.StatusPublished)
	newCons("Dự thảo đã gỡ", withdrawnConsFile, now.Add(-time.Hour), now.Add(240*time.Hour), consultation.StatusWithdrawn)

	orphan := upload("Tệp tải lên chưa gắn.pdf")

	hidden := map[string]media.Item{"a draft consultation's": draftConsFile, "a draft document's": draftDocFile,
		"a withdrawn document's": withdrawnDocFile, "a withdrawn consultation's": withdrawnConsFile, "an orphan upload": orphan}
	public := map[string]media.Item{"a published document's": publishedDocFile, "an open consultation's": openConsFile,
		"a closed consultation's": closedConsFile}
	const notFoundText = "Không tìm thấy ảnh hoặc tệp bạn yêu cầu"
	idURL := func(it media.Item, name string) string {
		return app.URL + "/tep/" + strconv.FormatInt(it.ID, 10) + "/" + name
	}

	// Visitors: nothing of a file not public, under any address; no
	// redirect gives its name away.
	for what, it := range hidden {
		for _, u := range []string{app.URL + it.URL(), app.URL + "/tep/" + it.FileKey + "/ten-khac.pdf",
			idURL(it, url.PathEscape(it.FileName)), idURL(it, "bat-ky.pdf")} {
			res, body := get(t, u)
			if res.StatusCode != http.StatusNotFound || res.Header.Get("Location") != "" || !strings.Contains(body, notFoundText) ||
				strings.Contains(body, "%PDF") || strings.Contains(body, it.FileName) || res.Header.Get("Content-Disposition") != "" {
				t.Errorf("%s file, %s: %d → %q, want the Vietnamese 404 page", what, u, res.StatusCode, res.Header.Get("Location"))
			}
		}
	}
	// … and everything of a public one, at a random key; its old address
	// redirects there.
	for what, it := range public {
		if !media.IsFileKey(it.FileKey) || strings.Contains(it.URL(), "/"+strconv.FormatInt(it.ID, 10)+"/") {
			t.Fatalf("%s file: address %q is not by a random key", what, it.URL())
		}
		res, body := get(t, app.URL+it.URL())
		if res.StatusCode != http.StatusOK || body != pdf || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s file: %d %q", what, res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		for _, name := range []string{url.PathEscape(it.FileName), "ten-cu.pdf"} {
			res, _ = get(t, idURL(it, name))
			if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != it.URL() {
				t.Errorf("%s file, old address: %d → %q, want 301 → %q", what, res.StatusCode, res.Header.Get("Location"), it.URL())
			}
		}
		// Another site's host does not serve it.
		req, _ := http.NewRequest("GET", app.URL+it.URL(), nil)
		req.Host = other.Host
		res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s file on another site's host: %d, want 404", what, res.StatusCode)
		}
	}

	// The pages and the API link the public files by their keys.
	for page, it := range map[string]media.Item{published.Path(): publishedDocFile,
		"/gop-y-du-thao/" + strconv.FormatInt(open.ID, 10): openConsFile, "/gop-y-du-thao/" + strconv.FormatInt(closed.ID, 10): closedConsFile} {
		if res, body := get(t, app.URL+page); res.StatusCode != 200 || !strings.Contains(body, `href="`+it.URL()+`"`) || strings.Contains(body, `href="/tep/`+strconv.FormatInt(it.ID, 10)+`/`) {
			t.Errorf("%s: %d, does not link %s by its key", page, res.StatusCode, it.URL())
		}
	}
	var doc struct {
		Files []struct{ URL string } `json:"files"`
	}
	if st := getJSON(t, app.URL+"/api/v1/documents/"+jsonID(published.ID), &doc); st != 200 || len(doc.Files) != 1 || doc.Files[0].URL != app.URL+publishedDocFile.URL() {
		t.Errorf("API document files: %d %+v, want %s", st, doc.Files, publishedDocFile.URL())
	}
	var list struct {
		Items []struct {
			ID    int64
			Files []struct{ URL string } `json:"files"`
		} `json:"items"`
	}
	if st := getJSON(t, app.URL+"/api/v1/consultations", &list); st != 200 {
		t.Fatalf("API consultations: %d", st)
	}
	linked := map[string]bool{}
	for _, c := range list.Items {
		for _, f := range c.Files {
			linked[f.URL] = true
		}
	}
	if !linked[openConsFile.URL()] || !linked[closedConsFile.URL()] {
		t.Errorf("API consultations link %v, want %s and %s", linked, openConsFile.URL(), closedConsFile.URL())
	}
	for what, it := range hidden {
		if linked[it.URL()] {
			t.Errorf("API consultations link %s file", what)
		}
	}

	// Staff of the site download every file, public or not, at the staff
	// address the admin pages link; staff of another site, and visitors,
	// do not.
	users := user.NewService(app.db, app.db, app.db, nil)
	if _, err := users.CreateUser(ctx, "bientap@giavien.gov.vn", "Biên tập viên", "Mat-khau-du-dai-2025", user.RoleEditor, site.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := users.CreateUser(ctx, "bientap@giahoa.gov.vn", "Biên tập viên xã", "Mat-khau-du-dai-2025", user.RoleEditor, other.ID); err != nil {
		t.Fatal(err)
	}
	editor := staffClient(t, app.URL, "bientap@giavien.gov.vn", "Mat-khau-du-dai-2025")
	jar, _ := cookiejar.New(nil)
	foreign := &http.Client{Jar: jar, Transport: hostTransport{other.Host}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if st, _ := postForm(t, foreign, app.URL+"/quan-tri/dang-nhap", url.Values{"email": {"bientap@giahoa.gov.vn"}, "password": {"Mat-khau-du-dai-2025"}}); st != http.StatusSeeOther {
		t.Fatalf("sign in on the commune's site: %d", st)
	}
	all := map[string]media.Item{}
	for k, v := range hidden {
		all[k] = v
	}
	for k, v := range public {
		all[k] = v
	}
	for what, it := range all {
		staffURL := app.URL + "/quan-tri/tep/" + it.FileKey
		if st, body := getWith(t, editor, staffURL); st != http.StatusOK || body != pdf {
			t.Errorf("%s file, the site's editor: %d", what, st)
		}
		if st, body := getWith(t, foreign, staffURL); st != http.StatusNotFound || strings.Contains(body, "%PDF") {
			t.Errorf("%s file, another site's editor: %d, want 404", what, st)
		}
		if res, body := get(t, staffURL); res.StatusCode != http.StatusSeeOther || strings.Contains(body, "%PDF") {
			t.Errorf("%s file, staff address without signing in: %d, want 303 to the sign-in page", what, res.StatusCode)
		}
	}
	if st, page := getWith(t, editor, app.URL+"/quan-tri/van-ban/"+strconv.FormatInt(published.ID, 10)); st != 200 || !strings.Contains(page, `href="/quan-tri/tep/`+publishedDocFile.FileKey+`"`) {
		t.Errorf("the document's admin page does not link the staff address: %d", st)
	}

	// Withdrawing the published document hides its file at once, under
	// both addresses.
	if _, err := app.docs.Withdraw(ctx, docActor, site.ID, published.ID, 0, "Hết hiệu lực"); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{app.URL + publishedDocFile.URL(), idURL(publishedDocFile, "x.pdf")} {
		if res, _ := get(t, u); res.StatusCode != http.StatusNotFound || res.Header.Get("Location") != "" {
			t.Errorf("after withdrawal, %s: %d → %q, want 404", u, res.StatusCode, res.Header.Get("Location"))
		}
	}
}
