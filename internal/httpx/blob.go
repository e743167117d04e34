package httpx

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ServeBlob writes a stored file whose headers (Content-Type, ETag,
// Cache-Control …) are set: through http.ServeContent (conditional and
// range requests) when rc can seek, otherwise whole, answering
// If-None-Match itself. size is the stored length (0: unknown).
func ServeBlob(w http.ResponseWriter, r *http.Request, rc io.Reader, modTime time.Time, size int64) {
	if rs, ok := rc.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", modTime, rs)
		return
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, w.Header().Get("ETag")) {
		h := w.Header()
		h.Del("Content-Type")
		h.Del("Content-Disposition")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if size > 0 {
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.Copy(w, rc)
	}
}

// etagMatches applies the weak comparison of If-None-Match.
func etagMatches(header, tag string) bool {
	if tag == "" {
		return false
	}
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == "*" || part == tag {
			return true
		}
	}
	return false
}
