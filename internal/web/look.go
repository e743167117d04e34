package web

import (
	"net/http"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// A site's modules and look on the public pages (see content.Modules and
// content.Identity): a switched-off module answers 404 and leaves the
// menus, the sitemaps and the Tiếp cận thông tin list; a site's identity
// adds a hashed stylesheet of custom properties, its logo, banner image
// and favicon to the one layout every site shares.

// SiteLook is what the layout shows of a site's identity; nil in Layout
// for a site with the default look.
type SiteLook struct {
	ThemeURL string // "/giao-dien/<hash>.css"; "" when the colours are the default
	Logo     string // the logo's address; "" for the national emblem
	Banner   content.IdentityImage
	Favicon  string
}

const themePrefix = "/giao-dien/"

// msgModuleOff is the 404 of a switched-off module.
const msgModuleOff = "Trang thông tin này không sử dụng chức năng bạn yêu cầu."

// ModuleGate answers 404 for the addresses of a module the request's site
// has switched off: with the site's error page, or with apiErrors for
// /api/ addresses. Wrap the routes of the public site and the API in it.
func (s *Server) ModuleGate(apiErrors httpx.Adapter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site, _ := s.sites.Resolve(r.Host)
		if site == nil {
			next.ServeHTTP(w, r)
			return
		}
		if s.sites.Modules(site.ID).PathOn(r.URL.Path) {
			if !s.early(w, r, site) {
				next.ServeHTTP(w, r)
			}
			return
		}
		a := s.adapt
		if strings.HasPrefix(r.URL.Path, "/api/") {
			a = apiErrors
		}
		a.Error(w, r, apperr.New(apperr.NotFound, msgModuleOff))
	})
}

// moduleOn reports whether site has module m switched on.
func (s *Server) moduleOn(siteID int64, m content.Module) bool { return s.sites.Modules(siteID).On(m) }

// sectionsOn are the human sitemap's sections the site serves.
func (s *Server) sectionsOn(siteID int64) []Section {
	mods := s.sites.Modules(siteID)
	var out []Section
	for _, sec := range Sections {
		if mods.PathOn(sec.URL) {
			out = append(out, sec)
		}
	}
	return out
}

// dropOffModules removes the menu items (and sub-items) leading to a
// switched-off module.
func (s *Server) dropOffModules(siteID int64, items []MenuItem) []MenuItem {
	mods := s.sites.Modules(siteID)
	if len(mods.Off) == 0 {
		return items
	}
	out := items[:0]
	for _, m := range items {
		if m.URL != "" && !mods.PathOn(m.URL) {
			continue
		}
		m.Children = s.dropOffModules(siteID, m.Children)
		if m.URL == "" && len(m.Children) == 0 {
			continue
		}
		out = append(out, m)
	}
	return out
}

// look is the layout's part of site's identity; nil for the default look.
func (s *Server) look(siteID int64) *SiteLook {
	id := s.sites.Identity(siteID)
	_, hash := s.sites.Stylesheet(siteID)
	if hash == "" && !id.Logo.Set() && !id.Favicon.Set() {
		return nil
	}
	l := &SiteLook{Banner: id.Banner}
	if hash != "" {
		l.ThemeURL = themePrefix + hash + ".css"
	}
	if id.Logo.Set() {
		l.Logo = or(id.Logo.Small, id.Logo.Src)
	}
	if id.Favicon.Set() {
		l.Favicon = or(id.Favicon.Small, id.Favicon.Src)
	}
	return l
}

// logo is the address of the site's logo for JSON-LD: its own, else the
// national emblem.
func (s *Server) logo(siteID int64) string {
	if id := s.sites.Identity(siteID); id.Logo.Set() {
		return or(id.Logo.Small, id.Logo.Src)
	}
	return s.ui.AssetURL("emblem.svg")
}

// registerLook adds the theme stylesheets and the favicon.
func (s *Server) registerLook(mux *http.ServeMux) {
	mux.HandleFunc("GET "+themePrefix+"{file}", s.themeCSS)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		to := s.ui.AssetURL("emblem.svg")
		if site, err := s.siteFor(r); err == nil {
			if l := s.look(site.ID); l != nil && l.Favicon != "" {
				to = l.Favicon
			}
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.Redirect(w, r, to, http.StatusFound)
	})
}

// themeCSS serves a site's theme stylesheet under the hash of its
// content, cached for a year; any other hash is a 404, so a page never
// gets another version's colours.
func (s *Server) themeCSS(w http.ResponseWriter, r *http.Request) {
	site, err := s.siteFor(r)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	css, hash := s.sites.Stylesheet(site.ID)
	if hash == "" || r.PathValue("file") != hash+".css" {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/css; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+hash+`"`)
	if r.Header.Get("If-None-Match") == `"`+hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write([]byte(css))
}
