package web

import (
	"mime"
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/httpx"
	"trangtin/internal/media"
)

// Cache lifetimes of uploads. A photo variant's key is random and its bytes
// never change, so it is cached for a year without revalidation. An
// attachment is public only while its document or consultation is, so
// caches must ask again each time (a 304 when nothing changed): a
// withdrawn file stops being served at once.
const (
	imageCacheControl = "public, max-age=31536000, immutable"
	fileCacheControl  = "public, no-cache"
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
		httpx.ServeBlob(w, r, rc, meta.ModTime, meta.Size)
		return nil
	})
}

// VideoPattern is the route of VideoHandler (media.VideoURL).
const VideoPattern = "GET /video/{key...}"

// VideoHandler serves the uploaded videos of lib; mount it on
// VideoPattern. Like a photo variant, a video's key is random and its
// bytes never change: the stored type, Cache-Control immutable for a
// year, X-Content-Type-Options nosniff, the key as ETag. Players seek with
// Range requests, answered 206 with the asked bytes: the blob stores open
// a reader that seeks (a file; an S3 object, read by ranged GETs), which
// http.ServeContent reads from. Only keys of recorded videos are served.
func VideoHandler(lib *media.Library, a httpx.Adapter) http.Handler {
	return a.Handle(func(w http.ResponseWriter, r *http.Request) error {
		if lib == nil {
			return apperr.New(apperr.NotFound, msgNoMedia)
		}
		key := r.PathValue("key")
		_, rc, meta, err := lib.OpenVideo(r.Context(), key)
		if err != nil {
			return err
		}
		defer rc.Close()
		h := w.Header()
		h.Set("Content-Type", media.VideoContentType)
		h.Set("Cache-Control", imageCacheControl)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", etag(key))
		httpx.ServeBlob(w, r, rc, meta.ModTime, meta.Size)
		return nil
	})
}

// The inline preview of a PDF attachment: its address with ?xem=1, which
// the list of documents shows in a frame of the page. Only for a PDF (the
// type media.CheckAttachment read from its bytes), the answer is inline
// instead of a download, and may be framed by a page of the same origin
// (frame-ancestors 'self'); it runs nothing of its own (default-src
// 'none'). The pages keep their policy, which frames only 'self'.
const (
	pdfType      = "application/pdf"
	previewParam = "xem"
	previewCSP   = "default-src 'none'; frame-ancestors 'self'"
)

// FilePattern is the route of FileHandler.
const FilePattern = "GET /tep/{ref}/{name}"

// FileHandler serves to visitors the attachments of lib that are public
// (media.Item.Public: a published document or consultation of the site of
// the request lists them); mount it on FilePattern. ref is the
// attachment's random FileKey (media.FileURL): the answer carries the
// recorded content type, Content-Disposition attachment with the safe
// file name, X-Content-Type-Options nosniff, the blob key as ETag and
// Cache-Control no-cache; a name other than the recorded one is
// redirected (301) to the right address. ref may also be the sequential id
// of the addresses used before keys (/tep/<id>/<name>), redirected (301)
// to the key's address. Anything not public (a draft's or a withdrawn
// document's file, an upload never attached, another site's, a photo) is
// the same 404 as an unknown address, redirected nowhere. A PDF asked for
// with ?xem=1 is the inline preview (previewCSP). Errors go through a.
func FileHandler(lib *media.Library, siteID func(r *http.Request) (int64, error), a httpx.Adapter) http.Handler {
	return a.Handle(func(w http.ResponseWriter, r *http.Request) error {
		notFound := apperr.New(apperr.NotFound, msgNoMedia)
		if lib == nil {
			return notFound
		}
		ref := r.PathValue("ref")
		if !media.IsFileKey(ref) {
			id, err := strconv.ParseInt(ref, 10, 64)
			if err != nil || id <= 0 {
				return notFound
			}
			sid, err := siteID(r)
			if err != nil {
				return err
			}
			it, err := lib.PublicFileByID(r.Context(), sid, id)
			if apperr.Is(err, apperr.NotFound) {
				return notFound
			}
			if err != nil {
				return err
			}
			http.Redirect(w, r, it.URL(), http.StatusMovedPermanently)
			return nil
		}
		sid, err := siteID(r)
		if err != nil {
			return err
		}
		it, rc, meta, err := lib.OpenPublicFile(r.Context(), sid, ref)
		if apperr.Is(err, apperr.NotFound) {
			return notFound
		}
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
		if it.ContentType == pdfType && r.URL.Query().Get(previewParam) != "" {
			cd := mime.FormatMediaType("inline", map[string]string{"filename": it.FileName})
			if cd == "" {
				cd = "inline"
			}
			h.Set("Content-Disposition", cd)
			h.Set("Content-Security-Policy", previewCSP)
		} else {
			h.Set("Content-Disposition", media.ContentDisposition(it.FileName))
		}
		h.Set("Cache-Control", fileCacheControl)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", etag(it.BlobKey))
		httpx.ServeBlob(w, r, rc, meta.ModTime, meta.Size)
		return nil
	})
}

// etag quotes a blob key (whose characters, [a-z0-9/._-], are all allowed
// in an entity tag) as a strong validator.
func etag(key string) string { return `"` + key + `"` }
