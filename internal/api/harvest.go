package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// Paging limits of the list endpoints.
const (
	defaultPerPage = 20
	maxPerPage     = 100
	maxPage        = 100000
)

// List is the shape of every list response.
type List[T any] struct {
	Items   []T `json:"items"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
	Total   int `json:"total"`
}

// listParams are the paging and harvesting parameters of a list.
type listParams struct {
	Page, PerPage int
	UpdatedSince  time.Time
}

func (p listParams) offset() int { return (p.Page - 1) * p.PerPage }

// parseList reads page, per_page and updated_since, refusing other
// parameters than those listed in extra, so a typo is not silently ignored.
func parseList(v url.Values, extra ...string) (listParams, error) {
	known := map[string]bool{"page": true, "per_page": true, "updated_since": true}
	for _, k := range extra {
		known[k] = true
	}
	for k := range v {
		if !known[k] {
			return listParams{}, apperr.Errorf(apperr.Invalid, "Tham số %s không được hỗ trợ.", k)
		}
	}
	var p listParams
	var err error
	if p.Page, err = intParam(v.Get("page"), 1, 1, maxPage, "page"); err != nil {
		return p, err
	}
	if p.PerPage, err = intParam(v.Get("per_page"), defaultPerPage, 1, maxPerPage, "per_page"); err != nil {
		return p, err
	}
	if raw := v.Get("updated_since"); raw != "" {
		t, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			return p, apperr.New(apperr.Invalid, "Tham số updated_since phải là thời điểm theo RFC 3339, ví dụ 2024-01-31T08:00:00+07:00.")
		}
		p.UpdatedSince = t
	}
	return p, nil
}

// pageOf cuts one page out of a list held in memory.
func pageOf[T any](all []T, p listParams) List[T] {
	out := List[T]{Items: []T{}, Page: p.Page, PerPage: p.PerPage, Total: len(all)}
	if off := p.offset(); off < len(all) {
		out.Items = append(out.Items, all[off:min(off+p.PerPage, len(all))]...)
	}
	return out
}

// writeTagged writes v as JSON with a strong ETag, answering a matching
// If-None-Match with 304 Not Modified and no body.
func writeTagged(w http.ResponseWriter, r *http.Request, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b := buf.Bytes()
	sum := sha256.Sum256(b)
	tag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Origin")
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatch(inm, tag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
	return nil
}

func etagMatch(inm, tag string) bool {
	for part := range strings.SplitSeq(inm, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == tag || part == "*" {
			return true
		}
	}
	return false
}

// origin is the scheme and host of the API's absolute URLs: the site's
// own host, else the server's canonical origin (content.Directory.Origin),
// never the request's Host header.
func (s *Server) origin(r *http.Request, site *content.Site) string {
	return s.sites.Origin(site, httpx.Scheme(r))
}

// registerHarvest adds the read-only endpoints for sites, categories,
// articles and pages, and the OpenAPI document. New returns an error-free
// Server, so a broken document fails here, at start-up, loudly.
func (s *Server) registerHarvest(mux *http.ServeMux) {
	if specErr != nil {
		panic("api: the OpenAPI document does not build: " + specErr.Error())
	}
	for pattern, h := range map[string]func(http.ResponseWriter, *http.Request) error{
		"GET /api/v1/openapi.json":    s.openapi,
		"GET /api/v1/sites":           s.sitesList,
		"GET /api/v1/sites/{id}":      s.siteOne,
		"GET /api/v1/categories":      s.categories,
		"GET /api/v1/categories/{id}": s.category,
		"GET /api/v1/articles":        s.articles,
		"GET /api/v1/articles/{id}":   s.article,
		"GET /api/v1/pages":           s.pages,
		"GET /api/v1/pages/{slug}":    s.page,
	} {
		mux.Handle(pattern, cors(s.adapt.Handle(h)))
	}
}
