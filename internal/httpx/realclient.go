package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// forwardedProtoKey holds the scheme a trusted proxy reported.
type forwardedProtoKey struct{}

// RealClient is the first middleware behind a reverse proxy. When the
// immediate peer (r.RemoteAddr) is one of the trusted proxies, it takes the
// visitor's address from X-Forwarded-For and the scheme from
// X-Forwarded-Proto:
//
//   - X-Forwarded-For is read from the right, skipping trusted hops; the
//     first untrusted address is the client (everything left of it was
//     written by the client and may be forged). When every hop is trusted,
//     the leftmost is the client. An entry that is not an address stops the
//     walk at the last trusted hop seen.
//   - X-Forwarded-Proto counts only when it is "http" or "https"; a list
//     (one value per hop) counts when it lines up with X-Forwarded-For.
//
// r.RemoteAddr is rewritten to the client's address (HOST:PORT, so
// net.SplitHostPort keeps working), which every per-address consumer
// (rate limits, visit counts, the audit trail) then sees; the scheme is
// kept for IsHTTPS. Requests from any other peer pass unchanged, their
// headers ignored: with no trusted proxy, nothing a client sends can change
// its address or scheme.
//
// The RFC 7239 Forwarded header is not read: a proxy that writes one of
// the two headers usually passes the other through from the client
// untouched, so reading both would let a client forge its address.
func RealClient(trusted []netip.Prefix) func(http.Handler) http.Handler {
	trusted = append([]netip.Prefix(nil), trusted...)
	return func(next http.Handler) http.Handler {
		if len(trusted) == 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			peer, ok := parseHop(r.RemoteAddr)
			if !ok || !isTrusted(trusted, peer.Addr()) {
				next.ServeHTTP(w, r)
				return
			}
			addr, hop, hops := clientFrom(trusted, r.Header.Values("X-Forwarded-For"))
			proto := protoFrom(r.Header.Values("X-Forwarded-Proto"), hop, hops)
			if !addr.IsValid() && proto == "" {
				next.ServeHTTP(w, r)
				return
			}
			ctx := r.Context()
			if proto != "" {
				ctx = context.WithValue(ctx, forwardedProtoKey{}, proto)
			}
			r2 := r.WithContext(ctx) // a shallow copy: the caller's r is unchanged
			if addr.IsValid() {
				r2.RemoteAddr = addr.String()
			}
			next.ServeHTTP(w, r2)
		})
	}
}

// IsHTTPS reports whether the visitor reached the site over HTTPS: the
// connection is TLS, or a trusted proxy said so (see RealClient).
func IsHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	p, _ := r.Context().Value(forwardedProtoKey{}).(string)
	return p == "https"
}

// Scheme is "https" when IsHTTPS, else "http".
func Scheme(r *http.Request) string {
	if IsHTTPS(r) {
		return "https"
	}
	return "http"
}

func isTrusted(trusted []netip.Prefix, a netip.Addr) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientFrom walks the X-Forwarded-For entries from the right. It returns
// the client's address with port 0 (or the port the proxy wrote) and the
// index of its entry counted from the right (0 is the last), or an invalid
// address when the header gives none; and the number of entries.
func clientFrom(trusted []netip.Prefix, values []string) (netip.AddrPort, int, int) {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	var found netip.AddrPort
	at := -1
	for i := len(hops) - 1; i >= 0; i-- {
		ap, ok := parseHop(hops[i])
		if !ok {
			break
		}
		found, at = ap, len(hops)-1-i
		if !isTrusted(trusted, ap.Addr()) {
			break
		}
	}
	return found, at, len(hops)
}

// protoFrom picks the scheme: a single value, or, for a list as long as
// X-Forwarded-For's, the value at the client's hop (counted from the right).
func protoFrom(values []string, hop, hops int) string {
	var protos []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			protos = append(protos, strings.ToLower(strings.TrimSpace(p)))
		}
	}
	var p string
	switch {
	case len(protos) == 1:
		p = protos[0]
	case len(protos) > 1 && len(protos) == hops && hop >= 0:
		p = protos[len(protos)-1-hop]
	}
	if p == "http" || p == "https" {
		return p
	}
	return ""
}

// parseHop reads "ADDR", "ADDR:PORT", "[V6]" or "[V6]:PORT". Zones are
// dropped and IPv4-mapped IPv6 addresses unmapped, so 127.0.0.1 matches
// however the listener reports it.
func parseHop(s string) (netip.AddrPort, bool) {
	if s == "" || len(s) > 64 {
		return netip.AddrPort{}, false
	}
	var port uint16
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		host, p, err := net.SplitHostPort(s)
		if err != nil {
			return netip.AddrPort{}, false
		}
		if a, err = netip.ParseAddr(host); err != nil {
			return netip.AddrPort{}, false
		}
		ap, err := netip.ParseAddrPort(net.JoinHostPort("0.0.0.0", p))
		if err != nil {
			return netip.AddrPort{}, false
		}
		port = ap.Port()
	} else if strings.HasPrefix(s, "[") != strings.HasSuffix(s, "]") || strings.HasPrefix(s, "[") && !a.Is6() {
		return netip.AddrPort{}, false
	}
	return netip.AddrPortFrom(a.WithZone("").Unmap(), port), true
}
