package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
)

// Cache lifetimes of uploads. A photo variant's key is random and its bytes
// never change, so it is cached for a year without revalidation; an
// attachment's address is by id, and it may be withdrawn, so only for an hour.
const (
	imageCacheControl = "public, max-age=31536000, immutable"
	fileCacheControl  = "public, max-age=3600"
)

const msgNoMedia = "Không tìm thấy ảnh hoặc tệp bạn yêu cầu. Đường dẫn có thể đã thay đổi hoặc không còn tồn tại."

// ImageHandler serves the photo variants of lib; mount it on
// "GET /anh/{key...}". Each answer carries the stored content type,
// Cache-Control immutable for a year, X-Content-Type-Options nosniff and the
// key as ETag. Only keys of recorded photo variants are served: an unknown
// key, a photo's base key or an attachment's key is 404. Errors go through a.
func ImageHandler(lib *media.Library, a httpx.Adapter) http.Handler {
	return a.Handle(func(w http.ResponseWriter, r *http.Request) error {
		if lib == nil {
			return apperr.New(apperr.NotFound, msgNoMedia)
		}
		key := r.PathValue("key")
		it, rc, meta, err := lib.OpenImage(r.Context(), key)
		if err != nil {
			return err
		}
		defer rc.Close()
		ct := meta.ContentType
		if ct == "" || ct == "application/octet-stream" {
			ct = it.ContentType
		}
		h := w.Header()
		h.Set("Content-Type", ct)
		h.Set("Cache-Control", imageCacheControl)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", etag(key))
		serveBlob(w, r, rc, meta)
		return nil
	})
}

// FileHandler serves the attachments of lib; mount it on
// "GET /tep/{id}/{name}". siteID names the site of the request (by its
// host): an attachment of another site, or a photo's id, is 404. The
// answer carries the recorded content type, Content-Disposition attachment
// with the safe file name, X-Content-Type-Options nosniff and the blob key
// as ETag. An address whose name differs from the recorded one is
// redirected (301) to the right one. Errors go through a.
func FileHandler(lib *media.Library, siteID func(r *http.Request) (int64, error), a httpx.Adapter) http.Handler {
	return a.Handle(func(w http.ResponseWriter, r *http.Request) error {
		if lib == nil {
			return apperr.New(apperr.NotFound, msgNoMedia)
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			return apperr.New(apperr.NotFound, msgNoMedia)
		}
		sid, err := siteID(r)
		if err != nil {
			return err
		}
		it, rc, meta, err := lib.OpenFile(r.Context(), sid, id)
		if err != nil {
			return err
		}
		defer rc.Close()
		if r.PathValue("name") != it.FileName {
			http.Redirect(w, r, it.URL(), http.StatusMovedPermanently)
			return nil
		}
		h := w.Header()
		h.Set("Content-Type", it.ContentType)
		h.Set("Content-Disposition", media.ContentDisposition(it.FileName))
		h.Set("Cache-Control", fileCacheControl)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", etag(it.BlobKey))
		serveBlob(w, r, rc, meta)
		return nil
	})
}

// etag quotes a blob key (whose characters, [a-z0-9/._-], are all allowed
// in an entity tag) as a strong validator.
func etag(key string) string { return `"` + key + `"` }

// serveBlob writes a blob whose headers are set: through http.ServeContent
// (conditional and range requests) when it can seek, otherwise whole,
// answering If-None-Match itself.
func serveBlob(w http.ResponseWriter, r *http.Request, rc io.ReadCloser, meta media.Meta) {
	if rs, ok := rc.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", meta.ModTime, rs)
		return
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, w.Header().Get("ETag")) {
		h := w.Header()
		h.Del("Content-Type")
		h.Del("Content-Disposition")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if meta.Size > 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(meta.Size, 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, rc)
	}
}

// etagMatches applies the weak comparison of If-None-Match.
func etagMatches(header, tag string) bool {
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == "*" || part == tag {
			return true
		}
	}
	return false
}
