package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"trangtin/internal/httpx"
)

// entry is one rendered page, kept with the site version it was built from.
type entry struct {
	version int64
	body    []byte
	gz      []byte
	etag    []string // header value, identity encoding
	etagGz  []string // header value, gzip encoding
	length  []string
	lengthG []string
}

// gzipWriters are reused: a new gzip.Writer allocates over a megabyte,
// most of the cost of a cache miss.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

func newEntry(body []byte, version int64) *entry {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(body)
	zw.Close()
	gzipWriters.Put(zw)
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	return &entry{
		version: version,
		body:    body,
		gz:      buf.Bytes(),
		etag:    []string{`"` + tag + `"`},
		etagGz:  []string{`"` + tag + `-gz"`},
		length:  []string{strconv.Itoa(len(body))},
		lengthG: []string{strconv.Itoa(buf.Len())},
	}
}

// Header values shared by every cached response; assigning these slices
// directly into the header map avoids allocating on the hot path.
var (
	hdrHTML     = []string{"text/html; charset=utf-8"}
	hdrNoCache  = []string{"no-cache"}
	hdrVary     = []string{"Accept-Encoding, Cookie"}
	hdrGzip     = []string{"gzip"}
	hdrNoSniff  = []string{"nosniff"}
	hdrCSP      = []string{httpx.ContentSecurityPolicy}
	hdrReferrer = []string{"strict-origin-when-cross-origin"}
)

// serve writes the entry, answering If-None-Match with 304.
func (e *entry) serve(w http.ResponseWriter, r *http.Request, status int) {
	h := w.Header()
	h["Content-Type"] = hdrHTML
	h["Cache-Control"] = hdrNoCache
	h["Vary"] = hdrVary
	body, etag, length := e.body, e.etag, e.length
	gz := httpx.AcceptsGzip(r)
	if gz {
		body, etag, length = e.gz, e.etagGz, e.lengthG
	}
	h["Etag"] = etag
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if gz {
		h["Content-Encoding"] = hdrGzip
	}
	h["Content-Length"] = length
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// etagMatch reports whether an If-None-Match value lists tag (or is *).
func etagMatch(inm, tag string) bool {
	for part := range strings.SplitSeq(inm, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == tag || part == "*" {
			return true
		}
	}
	return false
}

// pageCache holds rendered pages by key. An entry is valid while its site
// version equals the site's current version, so an edit makes every page of
// the site stale at once, with no scan. Memory is bounded by entry count
// and total bytes.
type pageCache struct {
	mu         sync.RWMutex
	m          map[string]*entry
	bytes      int
	maxEntries int
	maxBytes   int
}

func newPageCache(maxEntries, maxBytes int) *pageCache {
	return &pageCache{m: make(map[string]*entry), maxEntries: maxEntries, maxBytes: maxBytes}
}

func (c *pageCache) get(key string, version int64) *entry {
	c.mu.RLock()
	e := c.m[key]
	c.mu.RUnlock()
	if e == nil || e.version != version {
		return nil
	}
	return e
}

func (c *pageCache) put(key string, e *entry) {
	size := len(key) + len(e.body) + len(e.gz)
	if size > c.maxBytes/8 {
		return // never let one page push out most of the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[key]; old != nil {
		c.bytes -= len(key) + len(old.body) + len(old.gz)
	}
	// Evict arbitrary entries (map order is random) until there is room.
	for k, old := range c.m {
		if len(c.m) < c.maxEntries && c.bytes+size <= c.maxBytes {
			break
		}
		c.bytes -= len(k) + len(old.body) + len(old.gz)
		delete(c.m, k)
	}
	c.m[key] = e
	c.bytes += size
}

func (c *pageCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
