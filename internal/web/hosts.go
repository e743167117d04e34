package web

import (
	"errors"
	"net"
	"net/http"

	"trangtin/internal/content"
	"trangtin/internal/httpx"
	"trangtin/internal/redirect"
)

// unknownHostPage is the whole answer to a host no site owns: fixed bytes,
// no site, no layout, nothing kept.
const unknownHostPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Không tìm thấy trang thông tin</title></head>
<body><h1>Không tìm thấy trang thông tin</h1><p>Không có trang thông tin điện tử nào ở địa chỉ này. Vui lòng kiểm tra lại địa chỉ.</p></body></html>
`

// HostRules is what Hosts needs besides the sites: the permanent redirect
// table of old addresses (nil: none).
type HostRules struct {
	Sites     *content.Directory
	Redirects redirect.Finder
	Log       func(error) // a failed redirect lookup; the request goes on
}

// Hosts picks the site of a request by its Host header before any route
// runs:
//   - a host no site owns, when no site is marked default, gets a plain
//     404 from a fixed page and nothing else is done for it;
//   - the home page with a query (WordPress's /?p=12), when the redirect
//     table has it, answers 301 to its new address on the new site's host
//     (an address no route answers is looked up by the site's own 404
//     handler, so a page the portal serves never pays for the lookup);
//   - an alias host answers with a 301 to the site's primary host (same
//     path and query, the request's port kept);
//   - a site merged into another serves only redirects: its old addresses
//     from the table, anything else to the home page of the site it was
//     merged into.
//
// /healthz answers on any host (a load balancer asks by address).
func Hosts(h HostRules, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site, alias := h.Sites.Resolve(r.Host)
		switch {
		case r.URL.Path == "/healthz":
			next.ServeHTTP(w, r)
			return
		case site == nil:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusNotFound)
			if r.Method != http.MethodHead {
				w.Write([]byte(unknownHostPage))
			}
			return
		}
		merged := site.State == content.StateMerged
		if (alias || merged || r.URL.Path == "/" && r.URL.RawQuery != "") && h.moved(w, r, site) {
			return
		}
		switch {
		case alias:
			movedTo(w, r, site, r.URL.RequestURI())
		case merged && h.Sites.ByID(site.MergedIntoID) != nil:
			movedTo(w, r, h.Sites.ByID(site.MergedIntoID), "/")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// moved answers 301 when the redirect table has r's address on site, and
// reports whether it did; only GET and HEAD are looked up.
func (h HostRules) moved(w http.ResponseWriter, r *http.Request, site *content.Site) bool {
	if h.Redirects == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	e, err := h.Redirects.FindRedirect(r.Context(), site.ID, redirect.Candidates(r.URL))
	if to := h.Sites.ByID(e.ToSiteID); err == nil && to != nil {
		movedTo(w, r, to, e.To)
		return true
	}
	if err != nil && !errors.Is(err, redirect.ErrNotFound) && h.Log != nil {
		h.Log(err)
	}
	return false
}

// movedTo answers 301 to uri on site's primary host with the request's
// scheme and port; a site without a host of its own (the fallback site)
// gets a relative address.
func movedTo(w http.ResponseWriter, r *http.Request, site *content.Site, uri string) {
	target := uri
	if site.Host != "" {
		target = httpx.Scheme(r) + "://" + site.Host + uri
		if _, port, err := net.SplitHostPort(r.Host); err == nil {
			target = httpx.Scheme(r) + "://" + net.JoinHostPort(site.Host, port) + uri
		}
	}
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusMovedPermanently)
}
