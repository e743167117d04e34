package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/media"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

// postAsk sends the question form as a browser does when a file is
// chosen: multipart, with the file under "attachment".
func postAsk(t *testing.T, c *http.Client, base string, form url.Values, fileName string, file []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	fw, err := mw.CreateFormFile("attachment", fileName)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(file); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	res, err := c.Post(base+"/hoi-dap/dat-cau-hoi", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// TestQuestionAttachment is issue 13 item 6's attachment: a citizen's
// question carries one photo or PDF, checked as the media library checks
// uploads and stored privately. A file of another kind, or too large, is
// refused with a Vietnamese message next to the field and the question as
// typed; nothing is stored. A photo is kept without its GPS data, never
// served to visitors, and shown to the staff on the question's page.
func TestQuestionAttachment(t *testing.T) { eachStore(t, testQuestionAttachment) }

func testQuestionAttachment(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	stored := func() int {
		items, err := lib.List(ctx, site.ID, 500, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(items)
	}
	before := stored()
	const subject = "Hỏi về hồ sơ kèm ảnh giấy tờ"
	form := askForm(subject)

	// Refused: a web page named as a photo, and a PDF over the limit.
	for _, bad := range []struct {
		name string
		data []byte
		want string
	}{
		{"giay-to.jpg", []byte("<html><script>alert(1)</script></html>"), "Tệp đính kèm chỉ nhận một ảnh (JPEG, PNG, GIF, WebP) hoặc một tệp PDF."},
		{"ho-so.pdf", append([]byte("%PDF-1.7\n"), make([]byte, media.DefaultMaxPrivateBytes)...), "Tệp đính kèm quá lớn: dung lượng tối đa là 5 MB."},
	} {
		status, body := postAsk(t, citizen(t), app.URL, form, bad.name, bad.data)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, bad.want) || !strings.Contains(body, `value="`+subject+`"`) ||
			!strings.Contains(body, `id="attachment-loi"`) || codeRE.FindString(body) != "" {
			t.Errorf("%s: status %d, message or typed subject missing:\n%s", bad.name, status, abbrevBody(body))
		}
	}
	if n := stored(); n != before {
		t.Fatalf("refused attachments left %d media records", n-before)
	}
	qs, _, err := app.db.FindQuestions(ctx, question.Filter{SiteID: site.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Subject == subject {
			t.Fatal("a question with a refused attachment was stored")
		}
	}

	// A photo with its GPS position.
	photo := nrPhotoWithGPS(t, 800, 600)
	if !bytes.Contains(photo, []byte("Exif\x00\x00")) {
		t.Fatal("the fixture has no Exif segment")
	}
	status, body := postAsk(t, citizen(t), app.URL, form, "ảnh giấy tờ.jpg", photo)
	code := codeRE.FindString(body)
	if status != http.StatusOK || code == "" {
		t.Fatalf("a question with a photo: status %d:\n%s", status, abbrevBody(body))
	}
	q, err := app.questions.Track(ctx, site.ID, code, "0912 345 678")
	if err != nil {
		t.Fatal(err)
	}
	if q.AttachmentID == 0 {
		t.Fatal("the question has no attachment")
	}
	it, err := lib.Find(ctx, site.ID, q.AttachmentID)
	if err != nil {
		t.Fatal(err)
	}
	if it.Kind != media.KindFile || it.ContentType != "image/jpeg" || it.Public || it.FileName != "ảnh giấy tờ.jpg" {
		t.Errorf("attachment stored as %+v", it)
	}
	if status, _ := getWith(t, citizen(t), app.URL+it.URL()); status != http.StatusNotFound {
		t.Errorf("visitors get the attachment at %s: status %d", it.URL(), status)
	}

	// The staff: a link on the question's page, the photo without GPS.
	users := user.NewService(app.db, app.db, app.db, nil)
	if _, err := users.CreateUser(ctx, "bientap.tep@giavien.gov.vn", "Cán bộ", "Mat-khau-du-dai-2025", user.RoleEditor, site.ID); err != nil {
		t.Fatal(err)
	}
	staff := staffClient(t, app.URL, "bientap.tep@giavien.gov.vn", "Mat-khau-du-dai-2025")
	link := fmt.Sprintf("/quan-tri/hoi-dap/%d/tep-dinh-kem", q.ID)
	if status, page := getWith(t, staff, app.URL+fmt.Sprintf("/quan-tri/hoi-dap/%d", q.ID)); status != http.StatusOK ||
		!strings.Contains(page, `href="`+link+`"`) || !strings.Contains(page, "ảnh giấy tờ.jpg") {
		t.Errorf("the question's page (status %d) shows no link to the attachment", status)
	}
	res, err := staff.Get(app.URL + link)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" || !bytes.HasPrefix(got, []byte{0xFF, 0xD8}) ||
		bytes.Contains(got, []byte("Exif\x00\x00")) {
		t.Errorf("staff download: status %d, %s, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(got))
	}
	// Without a session: sent to the sign-in page, nothing of the file.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if res, err := noFollow.Get(app.URL + link); err != nil {
		t.Fatal(err)
	} else {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusOK || bytes.Contains(b, []byte{0xFF, 0xD8, 0xFF}) || !strings.Contains(res.Header.Get("Location"), "dang-nhap") {
			t.Errorf("a visitor without a session: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func abbrevBody(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	return s[:min(len(s), 1500)]
}
