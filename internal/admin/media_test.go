package admin

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// mediaFixture is the area with a media library on SQLite and a blob
// folder, behind http.CrossOriginProtection as the program wires it.
type mediaFixture struct {
	*fixture
	blobDir string
	blobs   *localfs.Store
}

func newMediaFixture(t *testing.T) *mediaFixture {
	t.Helper()
	f := newFixture(t)
	dir := t.TempDir()
	blobs, err := localfs.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	f.srv.media = media.NewLibrary(f.db, blobs, media.Limits{})
	f.h = http.NewCrossOriginProtection().Handler(f.srv.Handler())
	return &mediaFixture{fixture: f, blobDir: dir, blobs: blobs}
}

// wantNothingStored checks that the blob folder is empty and that no site
// has a media record.
func (f *mediaFixture) wantNothingStored(t *testing.T) {
	t.Helper()
	entries, err := os.ReadDir(f.blobDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("blob folder not empty: %v", entries)
	}
	for _, site := range []int64{f.siteA.ID, f.siteB.ID} {
		list, err := f.db.FindMediaList(context.Background(), site, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Errorf("site %d has %d media records", site, len(list))
		}
	}
}

// multipartBody builds an upload form: fields, then the file part when
// fileName is not empty.
func multipartBody(t *testing.T, fileName string, data []byte, fields url.Values) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

// upload posts a multipart form as the browser's script would (same
// origin); header pairs override.
func (c *client) upload(path, fileName string, data []byte, fields url.Values, header ...string) response {
	c.t.Helper()
	body, ct := multipartBody(c.t, fileName, data, fields)
	req := httptest.NewRequest(http.MethodPost, path, body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

// errorMessage decodes {"error":{"message":…}}.
func errorMessage(t *testing.T, res response) string {
	t.Helper()
	if ct := res.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q, want JSON", ct)
	}
	var e struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(res.body), &e); err != nil || e.Error.Message == "" {
		t.Fatalf("not an error answer: %v %q", err, res.body)
	}
	return e.Error.Message
}

// gpsMarker stands for the location a phone writes into EXIF.
const gpsMarker = "GPSLatitude 21.0245N GPSLongitude 105.8412E"

// photoWithExif is a JPEG of w×h with an APP1 Exif segment (TIFF header,
// camera make and a location) right after the start marker.
func photoWithExif(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	payload := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00SECRETPHONE " + gpsMarker)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	jpg := buf.Bytes()
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// pngBomb is a PNG whose header claims w×h pixels, with almost no data.
func pngBomb(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

const reporterEmail = "pv@giavien.gov.vn"

func (f *mediaFixture) signedInReporter(t *testing.T) (*client, user.User) {
	t.Helper()
	u := f.addUser(reporterEmail, "Nguyễn Thị Kim Thoả", user.RoleReporter, f.siteA.ID)
	c := f.client("a.test")
	c.mustLogin(reporterEmail, pathHome)
	return c, u
}

func TestUploadImageEndpoint(t *testing.T) {
	f := newMediaFixture(t)
	c, u := f.signedInReporter(t)
	jpg := photoWithExif(t, 1000, 600)
	if !bytes.Contains(jpg, []byte(gpsMarker)) {
		t.Fatal("fixture lacks its location")
	}
	res := c.upload(PathImageUpload, "IMG_2025.jpg", jpg, url.Values{"alt": {"Lễ khánh thành cầu Gia Viễn"}})
	if res.status != http.StatusOK {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(res.body), &got); err != nil {
		t.Fatalf("answer %q: %v", res.body, err)
	}
	for _, k := range []string{"id", "url", "srcset", "width", "height", "alt"} {
		if _, ok := got[k]; !ok {
			t.Errorf("answer lacks %q: %s", k, res.body)
		}
	}
	var img UploadedImage
	json.Unmarshal([]byte(res.body), &img)
	if img.ID == 0 || img.Width != 1000 || img.Height != 600 || img.Alt != "Lễ khánh thành cầu Gia Viễn" {
		t.Errorf("answer = %+v", img)
	}
	if !strings.HasPrefix(img.URL, "/anh/") || !strings.HasSuffix(img.URL, "-1000.jpg") {
		t.Errorf("url = %q", img.URL)
	}
	if !strings.Contains(img.Srcset, " 480w, /anh/") || !strings.HasSuffix(img.Srcset, img.URL+" 1000w") {
		t.Errorf("srcset = %q", img.Srcset)
	}

	it, err := f.db.FindMedia(context.Background(), f.siteA.ID, img.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it.CreatedBy != u.ID || it.Kind != media.KindImage || len(it.Variants) != 3 {
		t.Errorf("record = %+v", it)
	}
	for _, v := range it.Variants {
		rc, _, err := f.blobs.Get(context.Background(), v.Key)
		if err != nil {
			t.Fatal(err)
		}
		data := testenv.Must(io.ReadAll(rc)).Get(t)
		rc.Close()
		for _, secret := range []string{"Exif", "SECRETPHONE", gpsMarker, "MM\x00\x2a"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("stored variant %s still contains %q", v.Key, secret)
			}
		}
	}

	es := f.auditEntries()
	last := es[len(es)-1]
	if last.Action != "media.upload" || last.Object != "media:"+strconv.FormatInt(img.ID, 10) ||
		last.ActorID != u.ID || last.SiteID != f.siteA.ID || last.Detail["kind"] != "image" || last.Detail["name"] != "IMG_2025.jpg" {
		t.Errorf("audit entry = %+v", last)
	}

	// Alternative text may come later; the answer says it is missing.
	res = c.upload(PathImageUpload, "b.png", []byte{}, nil)
	if res.status != http.StatusBadRequest {
		t.Errorf("empty file: %d %s", res.status, res.body)
	}
	res = c.upload(PathImageUpload, "c.jpg", photoWithExif(t, 40, 30), nil)
	if res.status != http.StatusOK || !strings.Contains(res.body, `"alt":""`) {
		t.Errorf("upload without alt: %d %s", res.status, res.body)
	}
}

func TestUploadFileEndpoint(t *testing.T) {
	f := newMediaFixture(t)
	c, u := f.signedInReporter(t)
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	res := c.upload(PathFileUpload, "Kế hoạch số 7.pdf", pdf, nil)
	if res.status != http.StatusOK {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	var got map[string]any
	json.Unmarshal([]byte(res.body), &got)
	for _, k := range []string{"id", "url", "name", "size"} {
		if _, ok := got[k]; !ok {
			t.Errorf("answer lacks %q: %s", k, res.body)
		}
	}
	var file UploadedFile
	json.Unmarshal([]byte(res.body), &file)
	it, err := f.db.FindMedia(context.Background(), f.siteA.ID, file.ID)
	if err != nil || it.Kind != media.KindFile || it.CreatedBy != u.ID {
		t.Fatalf("record = %+v, %v", it, err)
	}
	// Not public yet: the answer gives the staff address.
	if file.Name != "Kế hoạch số 7.pdf" || file.Size != int64(len(pdf)) || file.URL != "/quan-tri/tep/"+it.FileKey || !media.IsFileKey(it.FileKey) {
		t.Errorf("answer = %+v", file)
	}
	es := f.auditEntries()
	if last := es[len(es)-1]; last.Action != "media.upload" || last.Detail["kind"] != "file" {
		t.Errorf("audit entry = %+v", last)
	}

	res = c.upload(PathFileUpload, "virus.exe", []byte("MZ\x90\x00"), nil)
	if res.status != http.StatusBadRequest || !strings.Contains(errorMessage(t, res), "PDF") {
		t.Errorf("exe: %d %s", res.status, res.body)
	}
}

// TestUploadRefusalsStoreNothing: the three uploads of the issue's "Done
// when", and malformed requests, get a Vietnamese JSON error and leave no
// blob and no record.
func TestUploadRefusalsStoreNothing(t *testing.T) {
	f := newMediaFixture(t)
	c, _ := f.signedInReporter(t)
	html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`)
	for _, tc := range []struct {
		name, fileName string
		data           []byte
		status         int
		contains       string
	}{
		{"20000×20000 PNG", "bom.png", pngBomb(20000, 20000), http.StatusRequestEntityTooLarge, "20.000×20.000"},
		{"HTML named .jpg", "anh.jpg", html, http.StatusBadRequest, "không phải ảnh"},
		{"SVG with script", "logo.svg", svg, http.StatusBadRequest, "SVG"},
		{"no file", "", nil, http.StatusBadRequest, "Vui lòng chọn một tệp ảnh"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.upload(PathImageUpload, tc.fileName, tc.data, url.Values{"alt": {"Ảnh"}})
			if res.status != tc.status {
				t.Fatalf("%d %s, want %d", res.status, res.body, tc.status)
			}
			if msg := errorMessage(t, res); !strings.Contains(msg, tc.contains) {
				t.Errorf("message %q does not contain %q", msg, tc.contains)
			}
			f.wantNothingStored(t)
		})
	}
	t.Run("not multipart", func(t *testing.T) {
		res := c.post(PathImageUpload, url.Values{"alt": {"x"}})
		if res.status != http.StatusBadRequest || !strings.Contains(errorMessage(t, res), "không hợp lệ") {
			t.Errorf("%d %s", res.status, res.body)
		}
		f.wantNothingStored(t)
	})
	t.Run("HTML as attachment", func(t *testing.T) {
		res := c.upload(PathFileUpload, "cong-van.pdf", html, nil)
		if res.status != http.StatusBadRequest || !strings.Contains(errorMessage(t, res), "Chỉ chấp nhận") {
			t.Errorf("%d %s", res.status, res.body)
		}
		f.wantNothingStored(t)
	})
}

func TestUploadBodyLimit(t *testing.T) {
	f := newMediaFixture(t)
	c, _ := f.signedInReporter(t)
	big := make([]byte, 40<<20)
	copy(big, photoWithExif(t, 8, 8))
	for _, knownLength := range []bool{true, false} {
		body, ct := multipartBody(t, "to.jpg", big, nil)
		cr := &countingReader{r: body}
		req := httptest.NewRequest(http.MethodPost, PathImageUpload, cr)
		req.ContentLength = int64(body.Len())
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if !knownLength {
			req.ContentLength = -1 // chunked: the cap is met while reading
		}
		res := c.do(req)
		if res.status != http.StatusRequestEntityTooLarge {
			t.Fatalf("known length %v: %d %s", knownLength, res.status, res.body)
		}
		if msg := errorMessage(t, res); !strings.Contains(msg, "20 MB") {
			t.Errorf("message %q", msg)
		}
		if cr.n > MaxImageUploadBody+64<<10 {
			t.Errorf("known length %v: read %d bytes of the body, past the %d cap", knownLength, cr.n, MaxImageUploadBody)
		}
	}
	f.wantNothingStored(t)

	for _, tc := range []struct {
		method, path string
		want         int64
	}{
		{"POST", PathImageUpload, 25 << 20},
		{"POST", PathFileUpload, media.DefaultMaxAttachmentBytes + 1<<20},
		{"GET", PathImageUpload, 0},
		{"POST", pathLogin, 0},
		{"POST", PathImageUpload + "/x", 0},
	} {
		if got := f.srv.UploadBodyLimit(httptest.NewRequest(tc.method, tc.path, nil)); got != tc.want {
			t.Errorf("UploadBodyLimit(%s %s) = %d, want %d", tc.method, tc.path, got, tc.want)
		}
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestUploadPermissions: anonymous visitors are sent to sign in, users
// without media.upload on the host's site are refused, cross-site posts
// are refused before anything else; none stores anything.
func TestUploadPermissions(t *testing.T) {
	f := newMediaFixture(t)
	f.addUser(reporterEmail, "Phóng Viên A", user.RoleReporter, f.siteA.ID)
	f.addUser("qt@giavien.gov.vn", "Quản Trị A", user.RoleSiteAdmin, f.siteA.ID)
	jpg := photoWithExif(t, 40, 30)

	for _, path := range []string{PathImageUpload, PathFileUpload} {
		anon := f.client("a.test")
		res := anon.upload(path, "a.jpg", jpg, nil)
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location(), pathLogin) {
			t.Errorf("anonymous %s: %d → %q, want 303 to sign-in", path, res.status, res.location())
		}

		admin := f.client("a.test")
		admin.mustLogin("qt@giavien.gov.vn", pathHome)
		if res := admin.upload(path, "a.jpg", jpg, nil); res.status != http.StatusForbidden {
			t.Errorf("site-admin %s: %d, want 403", path, res.status)
		}

		// A reporter of site A on site B's host.
		other := f.client("b.test")
		other.mustLogin(reporterEmail, pathHome)
		if res := other.upload(path, "a.jpg", jpg, nil); res.status != http.StatusForbidden {
			t.Errorf("reporter of A on B %s: %d, want 403", path, res.status)
		}

		rep := f.client("a.test")
		rep.mustLogin(reporterEmail, pathHome)
		for _, h := range [][]string{
			{"Sec-Fetch-Site", "cross-site"},
			{"Sec-Fetch-Site", "", "Origin", "https://evil.example"},
		} {
			if res := rep.upload(path, "a.jpg", jpg, nil, h...); res.status != http.StatusForbidden {
				t.Errorf("cross-site %s %v: %d %s, want 403", path, h, res.status, res.body)
			}
		}
	}
	f.wantNothingStored(t)
	for _, e := range f.auditEntries() {
		if e.Action == "media.upload" {
			t.Errorf("refused upload audited: %+v", e)
		}
	}
}

func TestUploadWithoutLibrary(t *testing.T) {
	f := newFixture(t)
	f.addUser(reporterEmail, "Phóng Viên", user.RoleReporter, f.siteA.ID)
	c := f.client("a.test")
	c.mustLogin(reporterEmail, pathHome)
	for _, path := range []string{PathImageUpload, PathFileUpload} {
		res := c.upload(path, "a.jpg", photoWithExif(t, 8, 8), nil)
		if res.status != http.StatusServiceUnavailable || errorMessage(t, res) != msgMediaOff {
			t.Errorf("%s without library: %d %s", path, res.status, res.body)
		}
	}
}

// TestUploadOutlastsServerTimeouts: a photo arriving slower than the
// server's read and write timeouts allow for pages is still received.
func TestUploadOutlastsServerTimeouts(t *testing.T) {
	f := newMediaFixture(t)
	c, _ := f.signedInReporter(t)
	srv := httptest.NewUnstartedServer(f.h)
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Config.WriteTimeout = 300 * time.Millisecond
	srv.Start()
	defer srv.Close()

	body, ct := multipartBody(t, "cham.jpg", photoWithExif(t, 64, 48), url.Values{"alt": {"Ảnh gửi chậm"}})
	data := body.Bytes()
	pr, pw := io.Pipe()
	go func() {
		const parts = 6
		step := len(data)/parts + 1
		for i := 0; i < len(data); i += step {
			time.Sleep(150 * time.Millisecond) // 0.9 s in all
			if _, err := pw.Write(data[i:min(i+step, len(data))]); err != nil {
				return
			}
		}
		pw.Close()
	}()
	req, err := http.NewRequest(http.MethodPost, srv.URL+PathImageUpload, pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = "a.test"
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("slow upload cut off: %v", err)
	}
	defer res.Body.Close()
	got := testenv.Must(io.ReadAll(res.Body)).Get(t)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(got), `"alt":"Ảnh gửi chậm"`) {
		t.Fatalf("slow upload: %d %s", res.StatusCode, got)
	}
}

// TestStaffDownload: /quan-tri/tep/{key} serves any attachment of the site,
// public or not, to those who manage documents or consultations there and
// to its uploader; other staff of the site, staff of another site and
// visitors do not get it.
func TestStaffDownload(t *testing.T) {
	f := newMediaFixture(t)
	c, _ := f.signedInReporter(t)
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	res := c.upload(PathFileUpload, "Dự thảo quy chế.pdf", pdf, nil)
	var file UploadedFile
	if err := json.Unmarshal([]byte(res.body), &file); err != nil || res.status != http.StatusOK {
		t.Fatalf("upload: %d %s", res.status, res.body)
	}
	it, err := f.db.FindMedia(context.Background(), f.siteA.ID, file.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it.Public {
		t.Fatal("a fresh upload is public")
	}
	u := FileDownloadURL(it.FileKey)
	served := func(who string, c *client) {
		t.Helper()
		res := c.get(u)
		if res.status != http.StatusOK || res.body != string(pdf) {
			t.Fatalf("%s: %d %.200q, want the file", who, res.status, res.body)
		}
		if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "utf-8''D%E1%BB%B1%20th%E1%BA%A3o") {
			t.Errorf("%s: Content-Disposition %q", who, cd)
		}
		if res.header.Get("Content-Type") != "application/pdf" || res.header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(res.header.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: headers %v", who, res.header)
		}
	}
	refused := func(who string, c *client, status int) {
		t.Helper()
		res := c.get(u)
		if res.status != status || strings.Contains(res.body, "%PDF") {
			t.Errorf("%s: %d, want %d without the file", who, res.status, status)
		}
		if status == http.StatusNotFound && !strings.Contains(res.body, "Không tìm thấy tệp đính kèm") {
			t.Errorf("%s: not the Vietnamese not-found page: %.300s", who, res.body)
		}
	}
	served("the uploader", c)

	f.addUser("bt@giavien.gov.vn", "Biên tập viên", user.RoleEditor, f.siteA.ID)
	editor := f.client("a.test")
	editor.mustLogin("bt@giavien.gov.vn", pathHome)
	served("an editor of the site", editor)

	f.addUser("pv2@giavien.gov.vn", "Phóng viên khác", user.RoleReporter, f.siteA.ID)
	other := f.client("a.test")
	other.mustLogin("pv2@giavien.gov.vn", pathHome)
	refused("another reporter", other, http.StatusNotFound)

	f.addUser("qt@giavien.gov.vn", "Quản trị trang", user.RoleSiteAdmin, f.siteA.ID)
	admin := f.client("a.test")
	admin.mustLogin("qt@giavien.gov.vn", pathHome)
	refused("a site administrator", admin, http.StatusForbidden)

	f.addUser("bt@hoalu.gov.vn", "Biên tập Hoa Lư", user.RoleEditor, f.siteB.ID)
	foreign := f.client("b.test")
	foreign.mustLogin("bt@hoalu.gov.vn", pathHome)
	refused("an editor of another site", foreign, http.StatusNotFound)

	if res := f.client("a.test").get(u); res.status != http.StatusSeeOther || strings.Contains(res.body, "%PDF") {
		t.Errorf("a visitor: %d, want 303 to the sign-in page", res.status)
	}
	for _, bad := range []string{FileDownloadURL("0123456789abcdef0123456789abcdef"), FileDownloadURL(strconv.FormatInt(it.ID, 10)), FileDownloadURL("x.pdf")} {
		if res := editor.get(bad); res.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, res.status)
		}
	}
}
