package web

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/store/sqlite"
)

// TestVideoHandlerRanges: a stored video is served whole, and by ranges
// (206 with the asked bytes) so that a player can seek; a poster or an
// unknown key is not a video.
func TestVideoHandlerRanges(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fs, err := localfs.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fs.Close() })
	lib := media.NewLibrary(db, fs, media.Limits{})
	mp4, err := os.ReadFile("../media/testdata/tiny.mp4")
	if err != nil {
		t.Fatal(err)
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewRGBA(image.Rect(0, 0, 320, 180)), nil); err != nil {
		t.Fatal(err)
	}
	it, err := lib.UploadVideo(ctx, media.VideoUpload{SiteID: 1, UserID: 1, Name: "v.mp4", Video: bytes.NewReader(mp4),
		Poster: &jpg, Alt: "Lễ hội"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := httpx.Adapter{Log: slog.New(slog.DiscardHandler), Render: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		w.WriteHeader(status)
		io.WriteString(w, msg)
	}}
	mux := http.NewServeMux()
	mux.Handle(VideoPattern, VideoHandler(lib, a))
	get := func(target, rng string) *http.Response {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		if rng != "" {
			req.Header.Set("Range", rng)
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		return rec.Result()
	}
	res := get(it.URL(), "")
	if got := body(t, res); res.StatusCode != http.StatusOK || !bytes.Equal(got, mp4) || res.Header.Get("Content-Type") != "video/mp4" ||
		res.Header.Get("Accept-Ranges") != "bytes" || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") ||
		res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("whole video: %d, %d bytes, %v", res.StatusCode, len(got), res.Header)
	}
	res = get(it.URL(), "bytes=100-199")
	if got := body(t, res); res.StatusCode != http.StatusPartialContent || !bytes.Equal(got, mp4[100:200]) ||
		res.Header.Get("Content-Range") != "bytes 100-199/"+strconv.Itoa(len(mp4)) {
		t.Errorf("range: %d, %d bytes, Content-Range %q", res.StatusCode, len(got), res.Header.Get("Content-Range"))
	}
	res = get(it.URL(), "bytes=-16")
	if got := body(t, res); res.StatusCode != http.StatusPartialContent || !bytes.Equal(got, mp4[len(mp4)-16:]) {
		t.Errorf("suffix range: %d, %d bytes", res.StatusCode, len(got))
	}
	for _, target := range []string{"/video/" + it.BlobKey, it.PosterURL(), "/video/ab/cd/khong-co.mp4", "/video/ab/cd/.x.mp4"} {
		if res := get(strings.Replace(target, "/anh/", "/video/", 1), ""); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", target, res.StatusCode)
		}
	}
}
