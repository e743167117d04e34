package admin

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"trangtin/internal/httpx"
)

// staticPrefix is where the area's assets are served, under hashed names.
const staticPrefix = "/quan-tri/static/"

// asset is one static file held in memory.
type asset struct {
	name        string // logical name, e.g. "admin.css"
	url         string // hashed URL, e.g. "/quan-tri/static/admin.3f2a9c1b7e.css"
	contentType string
	body        []byte
	gzip        []byte // nil when compression does not pay
	etag        string
}

// views is the parsed templates and the asset table of the area, built
// once at start-up from the files of package adminui, the same way package
// ui does it for the public site.
type views struct {
	pages  map[string]*template.Template // page name → layout + page
	assets map[string]*asset             // logical name → asset
	byURL  map[string]*asset             // hashed URL → asset
}

// loadViews parses every template and hashes every asset of fsys, failing
// on the first problem so a broken template stops the start, not a page.
func loadViews(fsys fs.FS, funcs template.FuncMap) (*views, error) {
	v := &views{pages: map[string]*template.Template{}, assets: map[string]*asset{}, byURL: map[string]*asset{}}
	if err := v.loadAssets(fsys); err != nil {
		return nil, err
	}
	all := template.FuncMap{"asset": v.assetURL}
	for k, f := range funcs {
		all[k] = f
	}
	layouts, err := fs.Glob(fsys, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(fsys, "templates/[^_]*.html")
	if err != nil {
		return nil, err
	}
	if len(layouts) == 0 || len(pages) == 0 {
		return nil, fmt.Errorf("admin: no templates found")
	}
	base, err := template.New("").Funcs(all).ParseFS(fsys, layouts...)
	if err != nil {
		return nil, fmt.Errorf("admin: parse layouts: %w", err)
	}
	for _, p := range pages {
		t, err := template.Must(base.Clone()).ParseFS(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("admin: parse %s: %w", p, err)
		}
		name := strings.TrimSuffix(path.Base(p), ".html")
		if v.pages[name] = t.Lookup(path.Base(p)); v.pages[name] == nil {
			return nil, fmt.Errorf("admin: template %s defines nothing under its own name", p)
		}
	}
	return v, nil
}

func (v *views) loadAssets(fsys fs.FS) error {
	return fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:5])
		ext := path.Ext(name)
		a := &asset{
			name:        name,
			url:         staticPrefix + strings.TrimSuffix(name, ext) + "." + hash + ext,
			contentType: mime.TypeByExtension(ext),
			body:        body,
			etag:        `"` + hash + `"`,
		}
		if a.contentType == "" {
			a.contentType = http.DetectContentType(body)
		}
		if strings.HasPrefix(a.contentType, "text/") || strings.Contains(a.contentType, "svg") || strings.Contains(a.contentType, "javascript") {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			if buf.Len() < len(body)*9/10 {
				a.gzip = buf.Bytes()
			}
		}
		v.assets[name] = a
		v.byURL[a.url] = a
		return nil
	})
}

// assetURL returns the hashed URL of a static file; it panics on an unknown
// name, so a typo fails the template test rather than a page in use.
func (v *views) assetURL(name string) string {
	a, ok := v.assets[name]
	if !ok {
		panic(fmt.Sprintf("admin: unknown asset %q", name))
	}
	return a.url
}

func (v *views) page(name string) (*template.Template, bool) {
	t, ok := v.pages[name]
	return t, ok
}

var startTime = time.Now()

// serveAsset serves /quan-tri/static/… by hashed URL, cached for a year; an
// unknown or outdated hash is a 404, so a stale URL never gets wrong bytes.
func (v *views) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := v.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	h.Set("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if a.gzip != nil && httpx.AcceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = a.gzip
	}
	http.ServeContent(w, r, "", startTime, bytes.NewReader(body))
}
