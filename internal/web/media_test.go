package web

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/consultation"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
	"trangtin/internal/media/localfs"
	"trangtin/internal/store/sqlite"
	"trangtin/internal/testenv"
)

// streamBlobs hides the Seek of the blobs it returns, to exercise the
// path for blob stores that only stream.
type streamBlobs struct{ media.BlobStore }

func (s streamBlobs) Get(ctx context.Context, key string) (io.ReadCloser, media.Meta, error) {
	rc, m, err := s.BlobStore.Get(ctx, key)
	if err != nil {
		return nil, m, err
	}
	return struct {
		io.Reader
		io.Closer
	}{rc, rc}, m, nil
}

type mediaFixture struct {
	lib    *media.Library
	h      http.Handler
	blobs  *localfs.Store
	img    media.Item
	file   media.Item // listed by a published consultation of site 1
	hidden media.Item // listed by a draft consultation of site 1
	orphan media.Item // never attached
	pdf    []byte
}

func newMediaFixture(t *testing.T, streaming bool) *mediaFixture {
	t.Helper()
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
	var blobs media.BlobStore = fs
	if streaming {
		blobs = streamBlobs{fs}
	}
	f := &mediaFixture{lib: media.NewLibrary(db, blobs, media.Limits{}), blobs: fs}

	m := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	m.Set(0, 0, color.White)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, m, nil); err != nil {
		t.Fatal(err)
	}
	if f.img, err = f.lib.UploadImage(ctx, 1, 5, &jpg, "Ảnh thử", nil); err != nil {
		t.Fatal(err)
	}
	f.pdf = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	if f.file, err = f.lib.UploadFile(ctx, 1, 5, "Kế hoạch số 7.pdf", bytes.NewReader(f.pdf), nil); err != nil {
		t.Fatal(err)
	}
	if f.hidden, err = f.lib.UploadFile(ctx, 1, 5, "Dự thảo chưa đăng.pdf", bytes.NewReader(f.pdf), nil); err != nil {
		t.Fatal(err)
	}
	if f.orphan, err = f.lib.UploadFile(ctx, 1, 5, "Tệp lẻ.pdf", bytes.NewReader(f.pdf), nil); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []consultation.Consultation{
		{SiteID: 1, Title: "Dự thảo đã đăng", Summary: "x", Files: []int64{f.file.ID}, OpensAt: at, ClosesAt: at.Add(time.Hour),
			Status: consultation.StatusPublished, CreatedAt: at, UpdatedAt: at, PublishedAt: at},
		{SiteID: 1, Title: "Dự thảo đang soạn", Summary: "x", Files: []int64{f.hidden.ID}, OpensAt: at, ClosesAt: at.Add(time.Hour),
			Status: consultation.StatusDraft, CreatedAt: at, UpdatedAt: at},
	} {
		if err := db.CreateConsultation(ctx, &c, nil); err != nil {
			t.Fatal(err)
		}
	}

	siteID := func(r *http.Request) (int64, error) {
		switch r.Host {
		case "a.test":
			return 1, nil
		case "b.test":
			return 2, nil
		}
		return 0, apperr.New(apperr.NotFound, "Không có trang này.")
	}
	a := httpx.Adapter{Log: slog.New(slog.DiscardHandler), Render: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, msg)
	}}
	mux := http.NewServeMux()
	mux.Handle("GET /anh/{key...}", ImageHandler(f.lib, a))
	mux.Handle(FilePattern, FileHandler(f.lib, siteID, a))
	f.h = mux
	return f
}

func (f *mediaFixture) get(host, target string, header ...string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func stored(t *testing.T, blobs media.BlobStore, key string) []byte {
	t.Helper()
	rc, _, err := blobs.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b := testenv.Must(io.ReadAll(rc)).Get(t)
	return b
}

func TestImageHandler(t *testing.T) {
	for _, streaming := range []bool{false, true} {
		t.Run(fmt.Sprintf("streaming=%v", streaming), func(t *testing.T) {
			f := newMediaFixture(t, streaming)
			for _, v := range f.img.Variants {
				// Photos are public on any host: their keys are unguessable.
				for _, host := range []string{"a.test", "b.test"} {
					res := f.get(host, media.ImageURL(v.Key))
					got := body(t, res)
					if res.StatusCode != http.StatusOK {
						t.Fatalf("%s on %s: %d %s", v.Key, host, res.StatusCode, got)
					}
					for k, want := range map[string]string{
						"Content-Type":           "image/jpeg",
						"Cache-Control":          "public, max-age=31536000, immutable",
						"X-Content-Type-Options": "nosniff",
						"ETag":                   `"` + v.Key + `"`,
					} {
						if res.Header.Get(k) != want {
							t.Errorf("%s: %s = %q, want %q", v.Key, k, res.Header.Get(k), want)
						}
					}
					if !bytes.Equal(got, stored(t, f.blobs, v.Key)) {
						t.Errorf("%s: body differs from the stored blob", v.Key)
					}
				}
				res := f.get("a.test", media.ImageURL(v.Key), "If-None-Match", `"`+v.Key+`"`)
				if res.StatusCode != http.StatusNotModified || len(body(t, res)) != 0 {
					t.Errorf("%s with If-None-Match: %d, want 304 without body", v.Key, res.StatusCode)
				}
			}
		})
	}
}

func TestImageHandlerNotFound(t *testing.T) {
	f := newMediaFixture(t, false)
	largest := f.img.Variants[len(f.img.Variants)-1].Key
	for _, target := range []string{
		"/anh/ab/cd/abcdef0123456789abcdef0123456789-480.jpg", // well formed, unknown
		"/anh/" + f.img.BlobKey,                               // the base key is no blob
		"/anh/" + f.img.BlobKey + "-1600.jpg",                 // a width never made
		"/anh/" + strings.TrimSuffix(largest, ".jpg") + ".png",
		"/anh/" + f.file.BlobKey, // an attachment is never served inline
		"/anh/.meta/" + largest,  // nor the blob store's metadata
		"/anh/AB/CD/x-480.jpg",
		"/anh/x",
		"/anh/",
	} {
		res := f.get("a.test", target)
		got := body(t, res)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d %s, want 404", target, res.StatusCode, got)
			continue
		}
		if res.Header.Get("Cache-Control") != "" || !strings.Contains(string(got), "Không tìm thấy") {
			t.Errorf("%s: 404 with Cache-Control %q and body %q", target, res.Header.Get("Cache-Control"), got)
		}
	}
}

func TestFileHandler(t *testing.T) {
	for _, streaming := range []bool{false, true} {
		t.Run(fmt.Sprintf("streaming=%v", streaming), func(t *testing.T) {
			f := newMediaFixture(t, streaming)
			u := f.file.URL()
			if want := "/tep/" + f.file.FileKey + "/K%E1%BA%BF%20ho%E1%BA%A1ch%20s%E1%BB%91%207.pdf"; u != want || !media.IsFileKey(f.file.FileKey) {
				t.Fatalf("URL = %q, want %q", u, want)
			}
			res := f.get("a.test", u)
			got := body(t, res)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", res.StatusCode, got)
			}
			for k, want := range map[string]string{
				"Content-Type":           "application/pdf",
				"Content-Disposition":    media.ContentDisposition("Kế hoạch số 7.pdf"),
				"X-Content-Type-Options": "nosniff",
				"ETag":                   `"` + f.file.BlobKey + `"`,
				"Cache-Control":          "public, no-cache",
			} {
				if res.Header.Get(k) != want {
					t.Errorf("%s = %q, want %q", k, res.Header.Get(k), want)
				}
			}
			if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=utf-8''") {
				t.Errorf("Content-Disposition = %q", cd)
			}
			if !bytes.Equal(got, f.pdf) {
				t.Errorf("body = %q, want the PDF as uploaded", got)
			}
			res = f.get("a.test", u, "If-None-Match", `"`+f.file.BlobKey+`"`)
			if res.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
			}
			// Revalidation asks whether the file is still public.
			res = f.get("a.test", f.hidden.URL(), "If-None-Match", `"`+f.hidden.BlobKey+`"`)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("If-None-Match on a file not public: %d, want 404", res.StatusCode)
			}
		})
	}
}

func TestFileHandlerRefuses(t *testing.T) {
	f := newMediaFixture(t, false)
	id := fmt.Sprint(f.file.ID)
	for _, tc := range []struct{ host, target string }{
		{"a.test", f.hidden.URL()},                              // a draft consultation's file
		{"a.test", "/tep/" + f.hidden.FileKey + "/ten-sai.pdf"}, // … under another name: no redirect
		{"a.test", fmt.Sprintf("/tep/%d/x.pdf", f.hidden.ID)},   // … by its old id
		{"a.test", f.orphan.URL()},                              // an upload never attached
		{"a.test", fmt.Sprintf("/tep/%d/x.pdf", f.orphan.ID)},
		{"b.test", f.file.URL()}, // another site's attachment
		{"b.test", "/tep/" + id + "/x.pdf"},
		{"c.test", f.file.URL()},                         // no site at all
		{"a.test", "/tep/" + f.img.FileKey + "/anh.jpg"}, // a photo is not a download
		{"a.test", fmt.Sprintf("/tep/%d/anh.jpg", f.img.ID)},
		{"a.test", "/tep/" + media.NewFileKey() + "/x.pdf"},
		{"a.test", "/tep/" + strings.ToUpper(f.file.FileKey) + "/x.pdf"},
		{"a.test", "/tep/" + f.file.BlobKey + "/x.pdf"},
		{"a.test", "/tep/999/x.pdf"},
		{"a.test", "/tep/0/x.pdf"},
		{"a.test", "/tep/-1/x.pdf"},
		{"a.test", "/tep/abc/x.pdf"},
		{"a.test", "/tep/" + id + "0/x.pdf"},
		{"a.test", "/tep/99999999999999999999999/x.pdf"},
	} {
		res := f.get(tc.host, tc.target)
		got := body(t, res)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s%s: %d %s, want 404", tc.host, tc.target, res.StatusCode, got)
		}
		if loc := res.Header.Get("Location"); loc != "" || bytes.Contains(got, []byte("Dự thảo chưa đăng")) || bytes.Contains(got, []byte("%PDF")) {
			t.Errorf("%s%s: gives away %q / %q", tc.host, tc.target, loc, got)
		}
		if cd := res.Header.Get("Content-Disposition"); cd != "" {
			t.Errorf("%s%s: Content-Disposition %q on a refusal", tc.host, tc.target, cd)
		}
	}
	// A public file: a wrong or outdated name, or an address of before the
	// keys (/tep/<id>/…), leads to the right address.
	for _, old := range []string{"/tep/" + f.file.FileKey + "/ten-cu.pdf", "/tep/" + id + "/ten-cu.pdf", "/tep/" + id + "/K%E1%BA%BF%20ho%E1%BA%A1ch%20s%E1%BB%91%207.pdf"} {
		res := f.get("a.test", old)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != f.file.URL() {
			t.Errorf("%s: %d → %q, want 301 → %q", old, res.StatusCode, res.Header.Get("Location"), f.file.URL())
		}
	}
}

func TestMediaHandlersWithoutLibrary(t *testing.T) {
	a := httpx.Adapter{Log: slog.New(slog.DiscardHandler), Render: func(w http.ResponseWriter, r *http.Request, status int, msg string) {
		w.WriteHeader(status)
	}}
	mux := http.NewServeMux()
	mux.Handle("GET /anh/{key...}", ImageHandler(nil, a))
	mux.Handle(FilePattern, FileHandler(nil, func(*http.Request) (int64, error) { return 1, nil }, a))
	for _, target := range []string{"/anh/ab/cd/x-480.jpg", "/tep/1/x.pdf", "/tep/0123456789abcdef0123456789abcdef/x.pdf"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s without a library: %d, want 404", target, rec.Code)
		}
	}
}
