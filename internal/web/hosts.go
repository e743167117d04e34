package web

import (
	"net"
	"net/http"

	"trangtin/internal/content"
	"trangtin/internal/httpx"
)

// unknownHostPage is the whole answer to a host no site owns: fixed bytes,
// no site, no layout, nothing kept.
const unknownHostPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Không tìm thấy trang thông tin</title></head>
<body><h1>Không tìm thấy trang thông tin</h1><p>Không có trang thông tin điện tử nào ở địa chỉ này. Vui lòng kiểm tra lại địa chỉ.</p></body></html>
`

// Hosts picks the site of a request by its Host header before any route
// runs: an alias host answers with a 301 to the site's primary host (same
// path and query, the request's port kept); a host no site owns, when no
// site is marked default, gets a plain 404 from a fixed page and nothing
// else is done for it. /healthz answers on any host (a load balancer asks
// by address).
func Hosts(sites *content.Directory, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site, alias := sites.Resolve(r.Host)
		switch {
		case alias:
			target := httpx.Scheme(r) + "://" + site.Host
			if _, port, err := net.SplitHostPort(r.Host); err == nil {
				target = httpx.Scheme(r) + "://" + net.JoinHostPort(site.Host, port)
			}
			w.Header().Set("Location", target+r.URL.RequestURI())
			w.WriteHeader(http.StatusMovedPermanently)
		case site == nil && r.URL.Path != "/healthz":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusNotFound)
			if r.Method != http.MethodHead {
				w.Write([]byte(unknownHostPage))
			}
		default:
			next.ServeHTTP(w, r)
		}
	})
}
