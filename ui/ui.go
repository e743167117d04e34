// Package ui holds the public site's templates and static assets, embedded
// in the binary. Assets are served under content-hashed URLs so browsers
// may cache them for a year; a folder on disk can override any embedded
// file for a site's own theme.
package ui

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"trangtin/internal/httpx"
)

//go:embed all:templates all:static
var embedded embed.FS

// Asset is one static file held in memory.
type Asset struct {
	Name        string // logical name, e.g. "site.css"
	URL         string // hashed URL, e.g. "/static/site.3f2a9c1b.css"
	ContentType string
	Body        []byte
	Gzip        []byte // nil when compression does not pay
	ETag        string
}

// UI is the parsed templates and the asset table.
type UI struct {
	pages  map[string]*page  // page name → layout + page
	assets map[string]*Asset // logical name → asset
	byURL  map[string]*Asset // hashed URL → asset
	prefix string            // URL path of the assets, e.g. "/static/"
}

// Load parses every template and hashes every asset of the public site,
// from the embedded files overlaid with overrideDir when it is not empty.
// funcs are the template functions pages may use; "asset" is added here.
func Load(overrideDir string, funcs template.FuncMap) (*UI, error) {
	var fsys fs.FS = embedded
	if overrideDir != "" {
		if st, err := os.Stat(overrideDir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("theme folder %s: not a folder", overrideDir)
		}
		fsys = overlay{top: os.DirFS(overrideDir), base: embedded}
	}
	return LoadFS(fsys, "/static/", funcs)
}

// LoadFS does the same for any tree of templates/ (pages, and layouts
// named _*.html) and static/ files, serving the assets under prefix: the
// editors' area loads its own files this way.
func LoadFS(fsys fs.FS, prefix string, funcs template.FuncMap) (*UI, error) {
	u := &UI{pages: map[string]*page{}, assets: map[string]*Asset{}, byURL: map[string]*Asset{}, prefix: prefix}
	if err := u.loadAssets(fsys); err != nil {
		return nil, err
	}
	all := template.FuncMap{"asset": u.AssetURL}
	for k, v := range funcs {
		all[k] = v
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
		return nil, fmt.Errorf("ui: no templates found")
	}
	base, err := template.New("").Funcs(all).ParseFS(fsys, layouts...)
	if err != nil {
		return nil, fmt.Errorf("parse layouts: %w", err)
	}
	for _, p := range pages {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		pg := &page{base: base, file: path.Base(p), src: string(src)}
		// Parsed here so that a broken page stops the start, then dropped:
		// each page holds a copy of every layout (half a megabyte), and
		// most pages of a site are seldom or never shown.
		if _, err := pg.parse(); err != nil {
			return nil, fmt.Errorf("parse %s: %w", p, err)
		}
		u.pages[strings.TrimSuffix(pg.file, ".html")] = pg
	}
	return u, nil
}

func (u *UI) loadAssets(fsys fs.FS) error {
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
		a := &Asset{
			Name:        name,
			URL:         u.prefix + strings.TrimSuffix(name, ext) + "." + hash + ext,
			ContentType: mime.TypeByExtension(ext),
			Body:        body,
			ETag:        `"` + hash + `"`,
		}
		if a.ContentType == "" {
			a.ContentType = http.DetectContentType(body)
		}
		if compressible(a.ContentType) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			if buf.Len() < len(body)*9/10 {
				a.Gzip = buf.Bytes()
			}
		}
		u.assets[name] = a
		u.byURL[a.URL] = a
		return nil
	})
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "json") || strings.Contains(ct, "svg")
}

// AssetURL returns the hashed URL of a static file; it panics on an unknown
// name so a typo fails when templates are first executed in tests.
func (u *UI) AssetURL(name string) string {
	a, ok := u.assets[name]
	if !ok {
		panic(fmt.Sprintf("ui: unknown asset %q", name))
	}
	return a.URL
}

// Asset returns the asset with a logical name.
func (u *UI) Asset(name string) (*Asset, bool) {
	a, ok := u.assets[name]
	return a, ok
}

// page is a page template, parsed again on its first use.
type page struct {
	base *template.Template // the layouts, never executed
	file string             // e.g. "article.html"
	src  string
	once sync.Once
	t    *template.Template
}

// parse clones the layouts and parses the page over them.
func (p *page) parse() (*template.Template, error) {
	t, err := template.Must(p.base.Clone()).New(p.file).Parse(p.src)
	if err != nil {
		return nil, err
	}
	if t = t.Lookup(p.file); t == nil {
		return nil, fmt.Errorf("template %s defines nothing under its own name", p.file)
	}
	return t, nil
}

// Page returns the template for a page, parsing it on its first use.
func (u *UI) Page(name string) (*template.Template, bool) {
	p, ok := u.pages[name]
	if !ok {
		return nil, false
	}
	p.once.Do(func() {
		t, err := p.parse()
		if err != nil { // the same text and functions parsed at Load
			panic(fmt.Sprintf("ui: page %s: %v", p.file, err))
		}
		p.t = t
	})
	return p.t, true
}

// PageNames lists the parsed page templates.
func (u *UI) PageNames() []string {
	var names []string
	for n := range u.pages {
		names = append(names, n)
	}
	return names
}

var startTime = time.Now()

// ServeAsset serves /static/… by hashed URL, cached for a year; an unknown
// or outdated hash is a 404 so a stale URL never gets the wrong bytes.
func (u *UI) ServeAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := u.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Type", a.ContentType)
	h.Set("ETag", a.ETag)
	h.Set("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == a.ETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.Body
	if a.Gzip != nil && httpx.AcceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = a.Gzip
	}
	http.ServeContent(w, r, "", startTime, bytes.NewReader(body))
}

// SharedAssets are the files of static/ that the editors' area serves
// too, from the same source: the date fields' calendar helper.
var SharedAssets = []string{"lich.js", "lich.css"}

// Shared holds only the SharedAssets of the embedded static/, for an
// area that loads its own files with LoadFS: Overlay(own, Shared()).
func Shared() fs.FS {
	names := map[string]bool{}
	for _, n := range SharedAssets {
		names["static/"+n] = true
	}
	return only{fsys: embedded, names: names}
}

// Overlay is top over base: a file in top hides the one of the same name
// in base, and a folder lists the files of both.
func Overlay(top, base fs.FS) fs.FS { return overlay{top: top, base: base} }

// only lets through its names and the folders that lead to them.
type only struct {
	fsys  fs.FS
	names map[string]bool
}

func (o only) Open(name string) (fs.File, error) {
	if name != "." && name != "static" && !o.names[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.fsys.Open(name)
}

func (o only) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." && name != "static" {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := fs.ReadDir(o.fsys, name)
	if err != nil {
		return nil, err
	}
	var out []fs.DirEntry
	for _, e := range entries {
		if p := path.Join(name, e.Name()); p == "static" || o.names[p] {
			out = append(out, e)
		}
	}
	return out, nil
}

// overlay reads from top first, then base.
type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if f, err := o.top.Open(name); err == nil {
		return f, nil
	}
	return o.base.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, f := range []fs.FS{o.top, o.base} {
		entries, err := fs.ReadDir(f, name)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if out == nil {
		return fs.ReadDir(o.base, name)
	}
	return out, nil
}
