package main

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// postVideo sends the library's video form with client c.
func postVideo(t *testing.T, c *http.Client, base string, video, poster []byte, alt string) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, data := range map[string][]byte{"video.mp4": video, "poster.jpg": poster} {
		field, _, _ := strings.Cut(name, ".")
		fw, err := mw.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.WriteField("alt", alt)
	mw.WriteField("caption", "Video: Minh Anh")
	mw.Close()
	res, err := c.Post(base+"/quan-tri/thu-vien/video", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestVideoUploadLimit: --max-video-mb bounds the library's video form; a
// video over it is refused with the limit named, the description kept and
// nothing stored; one within it is stored and served by ranges through
// the whole program.
func TestVideoUploadLimit(t *testing.T) {
	app := startApp(t, config.Config{MaxVideoBytes: 1 << 20})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	users := user.NewService(app.db, app.db, app.db, nil)
	if _, err := users.CreateUser(ctx, "video.gioihan@giavien.gov.vn", "Cán bộ", "Mat-khau-du-dai-2025", user.RoleEditor, site.ID); err != nil {
		t.Fatal(err)
	}
	c := staffClient(t, app.URL, "video.gioihan@giavien.gov.vn", "Mat-khau-du-dai-2025")
	mp4, err := os.ReadFile("../../internal/media/testdata/tiny.mp4")
	if err != nil {
		t.Fatal(err)
	}
	poster := nrPhotoWithGPS(t, 640, 360)
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	count := func() int {
		items, _, err := lib.Search(ctx, media.Filter{SiteID: site.ID, Kind: media.KindVideo})
		if err != nil {
			t.Fatal(err)
		}
		return len(items)
	}

	big := append(append([]byte{}, mp4...), make([]byte, 1<<20)...)
	res := postVideo(t, c, app.URL, big, poster, "Mô tả đã gõ")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "Video quá lớn: dung lượng tối đa là 1 MB") ||
		!strings.Contains(string(body), `value="Mô tả đã gõ"`) {
		t.Errorf("a video over the limit: status %d\n%s", res.StatusCode, abbrevBody(string(body)))
	}
	if n := count(); n != 0 {
		t.Fatalf("%d videos stored after a refusal", n)
	}

	res = postVideo(t, c, app.URL, mp4, poster, "Lễ hội")
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "?da-tai-video") {
		t.Fatalf("a video within the limit: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	items, _, err := lib.Search(ctx, media.Filter{SiteID: site.ID, Kind: media.KindVideo})
	if err != nil || len(items) != 1 {
		t.Fatalf("stored videos: %d, %v", len(items), err)
	}
	req, _ := http.NewRequest(http.MethodGet, app.URL+items[0].URL(), nil)
	req.Header.Set("Range", "bytes=10-19")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusPartialContent || !bytes.Equal(got, mp4[10:20]) || res.Header.Get("Content-Type") != "video/mp4" {
		t.Errorf("a range of the video: status %d, %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(got))
	}
}
