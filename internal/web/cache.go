package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// entry is one rendered page, kept with the stamp of the site's versions
// it was built from (see deps). Only its gzip copy is kept: nearly every
// client accepts gzip and gets those bytes as they are; the rare one that
// does not gets them decompressed on the fly (serveIdentity).
type entry struct {
	version int64
	gz      []byte   // the page, gzip-compressed, exactly sized
	etag    []string // header value, identity encoding
	etagGz  []string // header value, gzip encoding
	length  []string // identity length
	lengthG []string
	ctype   []string // Content-Type
	vary    []string
	// article is the ID of the article the page shows (0: not an article
	// page): each request served the page counts a view of it.
	article int64
	// deps and route let Server.early answer the page before routing:
	// route is the pattern it was served under ("" when early may not
	// answer it), deps the areas whose versions make its stamp.
	deps  deps
	route string
}

// entryOverhead is what an entry holds besides its gzip bytes and key:
// the struct, its header values and the cache map's slot, rounded up.
const entryOverhead = 384

// size is what e under key counts against the cache's budget.
func (e *entry) size(key string) int { return len(key) + cap(e.gz) + entryOverhead }

// gzipWriters are reused: a new gzip.Writer allocates over a megabyte,
// most of the cost of a cache miss.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// gzipBuffers are the buffers pages are compressed into before their
// bytes are copied out at their exact size: a bytes.Buffer grows by
// doubling, so keeping its slice would hold up to twice the page.
var gzipBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func newEntry(body []byte, version int64) *entry {
	buf := gzipBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(buf)
	zw.Write(body)
	zw.Close()
	gzipWriters.Put(zw)
	gz := make([]byte, buf.Len())
	copy(gz, buf.Bytes())
	if buf.Cap() <= 1<<20 {
		gzipBuffers.Put(buf)
	}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	return &entry{
		version: version,
		gz:      gz,
		etag:    []string{`"` + tag + `"`},
		etagGz:  []string{`"` + tag + `-gz"`},
		length:  []string{strconv.Itoa(len(body))},
		lengthG: []string{strconv.Itoa(len(gz))},
		ctype:   hdrHTML,
		vary:    hdrVary,
	}
}

// gunzip is a reusable decompressor of an entry's bytes.
type gunzip struct {
	src bytes.Reader
	zr  gzip.Reader
	buf [16 << 10]byte
}

var gunzips = sync.Pool{New: func() any { return new(gunzip) }}

// serveIdentity writes the page decompressed, for a client that does not
// accept gzip.
func (e *entry) serveIdentity(w io.Writer) {
	g := gunzips.Get().(*gunzip)
	defer gunzips.Put(g)
	g.src.Reset(e.gz)
	if err := g.zr.Reset(&g.src); err != nil {
		return // cannot happen: newEntry wrote these bytes
	}
	for {
		n, err := g.zr.Read(g.buf[:])
		if n > 0 {
			if _, werr := w.Write(g.buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Header values shared by every cached response; assigning these slices
// directly into the header map avoids allocating on the hot path.
var (
	hdrHTML     = []string{"text/html; charset=utf-8"}
	hdrNoCache  = []string{"no-cache"}
	hdrVary     = []string{"Accept-Encoding, Cookie"}
	hdrVaryEnc  = []string{"Accept-Encoding"}
	hdrGzip     = []string{"gzip"}
	hdrNoSniff  = []string{"nosniff"}
	hdrCSP      = []string{httpx.ContentSecurityPolicy}
	hdrReferrer = []string{"strict-origin-when-cross-origin"}
)

// serve writes the entry, answering If-None-Match with 304.
func (e *entry) serve(w http.ResponseWriter, r *http.Request, status int) {
	h := w.Header()
	h["Content-Type"] = e.ctype
	h["Cache-Control"] = hdrNoCache
	h["Vary"] = e.vary
	etag, length := e.etag, e.length
	gz := httpx.AcceptsGzip(r)
	if gz {
		etag, length = e.etagGz, e.lengthG
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
	switch {
	case r.Method == http.MethodHead:
	case gz:
		w.Write(e.gz)
	default:
		e.serveIdentity(w)
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

// pageCache holds rendered pages by key. An entry is valid while its
// stamp equals the sum of the site's current versions of the areas the
// page shows (deps), so a public change makes every page of its area stale
// at once, with no scan. Memory is bounded by entry count and total bytes;
// keys are made only of the site, the display preferences, the scheme and
// the page's path with its canonical query, never of a value a client can
// vary at will.
type pageCache struct {
	mu         sync.RWMutex
	m          map[string]*entry
	bytes      int
	maxEntries int
	maxBytes   int
	// gen counts the times the cache was emptied (newDay): a page
	// rendered before is not kept after, so no page rendered on one day
	// is served the next (the top bar shows today's date).
	gen uint64
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

// getBytes is get for a key built in a byte slice, without converting it
// to a string (a map index with string(b) does not allocate).
func (c *pageCache) getBytes(key []byte, version int64) *entry {
	c.mu.RLock()
	e := c.m[string(key)]
	c.mu.RUnlock()
	if e == nil || e.version != version {
		return nil
	}
	return e
}

// peekBytes returns the entry of key whatever its version.
func (c *pageCache) peekBytes(key []byte) *entry {
	c.mu.RLock()
	e := c.m[string(key)]
	c.mu.RUnlock()
	return e
}

// put keeps e under key, unless the cache was emptied since gen (the
// generation read before the page was rendered).
func (c *pageCache) put(key string, e *entry, gen uint64) {
	size := e.size(key)
	if size > c.maxBytes/8 {
		return // never let one page push out most of the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return // rendered before the day changed
	}
	if old := c.m[key]; old != nil {
		c.bytes -= old.size(key)
		delete(c.m, key) // not counted twice should the loop below pick it
	}
	// Evict arbitrary entries (map order is random) until there is room.
	for k, old := range c.m {
		if len(c.m) < c.maxEntries && c.bytes+size <= c.maxBytes {
			break
		}
		c.bytes -= old.size(k)
		delete(c.m, k)
	}
	c.m[key] = e
	c.bytes += size
}

// generation is the cache's generation, to pass to put.
func (c *pageCache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// clear empties the cache and starts a new generation.
func (c *pageCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = make(map[string]*entry)
	c.bytes = 0
	c.gen++
}

func (c *pageCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// stats returns the entry count and the bytes the cache counts against
// its budget.
func (c *pageCache) stats() (entries, bytes int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m), c.bytes
}

// deps are the content areas a cached page shows besides its layout (the
// site, its categories, static pages and settings, which every page
// shows). Its stamp is the sum of those versions of the site: as each
// counter only grows, the stamp changes exactly when one of them does, so
// an article published leaves the documents register, the work schedule
// and the static pages cached.
type deps uint8

const (
	depArticles deps = 1 << iota
	depDocuments
	depSchedule
	// depPages: the page quotes articles' bodies (the feeds), so every
	// edit of a published body makes it stale. An article page depends on
	// its own article's body through its mark instead (pageStamp).
	depPages
)

func (d deps) stamp(s *content.Site) int64 {
	v := s.Versions.Site + s.Versions.Successor // the archive banner names the successor
	if d&depArticles != 0 {
		v += s.Versions.Articles
	}
	if d&depDocuments != 0 {
		v += s.Versions.Documents
	}
	if d&depSchedule != 0 {
		v += s.Versions.Schedule
	}
	if d&depQuestions != 0 {
		v += s.Versions.Questions
	}
	if d&depPages != 0 {
		v += s.Versions.Pages
	}
	return v
}

// rendered is what one render of a cacheable address gives every request
// that waited for it.
type rendered struct {
	e        *entry // the page, kept in the cache
	redirect string // where the address moved (301), not cached
	status   int    // with body: an answer not to cache (a list with bad filters)
	body     []byte
}

// renderTimeout bounds a render shared by several requests: it runs on
// the first request's context without its cancellation, so that one
// visitor leaving does not fail the others.
const renderTimeout = 30 * time.Second

var errRenderFailed = errors.New("web: render panicked")

// flight collapses concurrent misses of one page into one render: the
// first request renders, the others wait for its result.
type flight struct {
	mu    sync.Mutex
	calls map[flightKey]*flightCall
	// joined, when set (tests), is called under the lock each time a
	// request starts waiting for a render under way, with the number of
	// requests waiting for it.
	joined func(key string, waiting int)
}

type flightKey struct {
	key   string
	stamp int64
	gen   uint64 // the cache's generation: a request of a new day does not wait for a render of the last
}

type flightCall struct {
	done    chan struct{}
	res     rendered
	err     error
	waiting int
}

func (f *flight) do(k flightKey, fn func() (rendered, error)) (rendered, error) {
	f.mu.Lock()
	if c := f.calls[k]; c != nil {
		c.waiting++
		if f.joined != nil {
			f.joined(k.key, c.waiting)
		}
		f.mu.Unlock()
		<-c.done
		return c.res, c.err
	}
	if f.calls == nil {
		f.calls = map[flightKey]*flightCall{}
	}
	c := &flightCall{done: make(chan struct{})}
	f.calls[k] = c
	f.mu.Unlock()
	finished := false
	defer func() {
		if !finished {
			c.err = errRenderFailed // fn panicked: the waiters get an error, the panic goes on
		}
		f.mu.Lock()
		delete(f.calls, k)
		f.mu.Unlock()
		close(c.done)
	}()
	c.res, c.err = fn()
	finished = true
	return c.res, c.err
}

// hit answers from the cache when it holds key at stamp.
func (s *Server) hit(w http.ResponseWriter, r *http.Request, key string, stamp int64) bool {
	e := s.cache.get(key, stamp)
	if e != nil {
		s.hits.Add(1)
		e.serve(w, r, http.StatusOK)
	}
	return e != nil
}

// miss renders key once for every request that misses it meanwhile (the
// first renders, the others wait for its result) and keeps the page.
func (s *Server) miss(w http.ResponseWriter, r *http.Request, key string, stamp int64, query string,
	render func(r *http.Request) (rendered, error)) error {
	gen := s.cache.generation()
	res, err := s.flight.do(flightKey{key, stamp, gen}, func() (rendered, error) {
		if e := s.cache.get(key, stamp); e != nil {
			return rendered{e: e}, nil // rendered by a flight that just ended
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), renderTimeout)
		defer cancel()
		rr := r.WithContext(ctx)
		u := *r.URL
		u.RawQuery = strings.TrimPrefix(query, "?")
		rr.URL = &u
		s.renders.Add(1)
		if s.onRender != nil {
			s.onRender(key)
		}
		res, err := render(rr)
		if err == nil && res.e != nil {
			s.cache.put(key, res.e, gen)
		}
		return res, err
	})
	if err == nil && res.e != nil && res.e.article != 0 {
		s.countView(r, res.e.article)
	}
	return answer(w, r, res, err)
}

// answer writes what a render gave.
func answer(w http.ResponseWriter, r *http.Request, res rendered, err error) error {
	switch {
	case err != nil:
		return err
	case res.redirect != "":
		http.Redirect(w, r, res.redirect, http.StatusMovedPermanently)
	case res.e != nil:
		res.e.serve(w, r, http.StatusOK)
	default:
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(res.status)
		w.Write(res.body)
	}
	return nil
}

// CacheStats describes the page cache.
type CacheStats struct {
	Entries int   // pages held
	Bytes   int   // their bytes (gzip copies, keys and overhead), counted against the budget
	Renders int64 // pages rendered for the cache since start (misses, one per flight)
	Hits    int64 // requests answered from the cache since start
}

// CacheStats returns the page cache's figures.
func (s *Server) CacheStats() CacheStats {
	n, b := s.cache.stats()
	return CacheStats{Entries: n, Bytes: b, Renders: s.renders.Load(), Hits: s.hits.Load()}
}
