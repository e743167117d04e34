package httpx

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func prefixes(ss ...string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

func TestRealClient(t *testing.T) {
	proxies := prefixes("127.0.0.1/32", "10.0.0.0/8", "::1/128", "fd00::/8")
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     []string // one X-Forwarded-For line each
		proto   []string
		want    string // RemoteAddr seen by the handler
		https   bool
	}{
		{name: "no trusted proxies: headers ignored", trusted: nil, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9"}, proto: []string{"https"}, want: "127.0.0.1:5000"},
		{name: "untrusted peer: headers ignored", trusted: proxies, peer: "198.51.100.7:5000",
			xff: []string{"203.0.113.9"}, proto: []string{"https"}, want: "198.51.100.7:5000"},
		{name: "trusted peer, one hop", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9"}, proto: []string{"https"}, want: "203.0.113.9:0", https: true},
		{name: "proto http", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9"}, proto: []string{"http"}, want: "203.0.113.9:0"},
		{name: "proto upper case", trusted: proxies, peer: "127.0.0.1:5000",
			proto: []string{"HTTPS"}, want: "127.0.0.1:5000", https: true},
		{name: "proto garbage", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9"}, proto: []string{"javascript"}, want: "203.0.113.9:0"},
		{name: "spoofed leftmost entries are skipped", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"1.2.3.4, 10.9.9.9, 203.0.113.9"}, want: "203.0.113.9:0"},
		{name: "several trusted hops", trusted: proxies, peer: "10.0.0.2:5000",
			xff: []string{"6.6.6.6, 203.0.113.9, 10.0.0.5, 127.0.0.1"}, want: "203.0.113.9:0"},
		{name: "hops over several header lines", trusted: proxies, peer: "10.0.0.2:5000",
			xff: []string{"6.6.6.6, 203.0.113.9", "10.0.0.5"}, want: "203.0.113.9:0"},
		{name: "all hops trusted: the leftmost", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"10.0.0.7, 10.0.0.5"}, want: "10.0.0.7:0"},
		{name: "IPv6 peer and client", trusted: proxies, peer: "[::1]:5000",
			xff: []string{"2001:db8::1, fd00::2"}, want: "[2001:db8::1]:0"},
		{name: "bracketed IPv6 with port", trusted: proxies, peer: "[::1]:5000",
			xff: []string{"[2001:db8::1]:4711"}, want: "[2001:db8::1]:4711"},
		{name: "IPv4 with port", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9:4711"}, want: "203.0.113.9:4711"},
		{name: "IPv4-mapped peer is trusted", trusted: proxies, peer: "[::ffff:127.0.0.1]:5000",
			xff: []string{"::ffff:203.0.113.9"}, want: "203.0.113.9:0"},
		{name: "garbage rightmost: peer kept", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9, <script>"}, proto: []string{"https"}, want: "127.0.0.1:5000", https: true},
		{name: "garbage behind a trusted hop: that hop", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9, unknown, 10.0.0.5"}, want: "10.0.0.5:0"},
		{name: "garbage left of the client does not matter", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"bogus, , 203.0.113.9"}, want: "203.0.113.9:0"},
		{name: "empty header", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{""}, want: "127.0.0.1:5000"},
		{name: "half brackets", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"[203.0.113.9]"}, want: "127.0.0.1:5000"},
		{name: "zone dropped", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"fe80::1%eth0"}, want: "[fe80::1]:0"},
		{name: "proto list lined up with hops", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9, 10.0.0.5"}, proto: []string{"https, http"}, want: "203.0.113.9:0", https: true},
		{name: "proto list not lined up: ignored", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"203.0.113.9"}, proto: []string{"https, http"}, want: "203.0.113.9:0"},
		{name: "proto list, client picks the spoofed hop's value in vain", trusted: proxies, peer: "127.0.0.1:5000",
			xff: []string{"1.1.1.1, 203.0.113.9"}, proto: []string{"https, http"}, want: "203.0.113.9:0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var gotAddr string
			var gotHTTPS bool
			var gotXFF []string
			h := RealClient(tc.trusted)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotAddr, gotHTTPS, gotXFF = r.RemoteAddr, IsHTTPS(r), r.Header.Values("X-Forwarded-For")
			}))
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			for _, v := range tc.proto {
				r.Header.Add("X-Forwarded-Proto", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if gotAddr != tc.want || gotHTTPS != tc.https {
				t.Errorf("RemoteAddr %q https %v, want %q %v", gotAddr, gotHTTPS, tc.want, tc.https)
			}
			if _, _, err := net.SplitHostPort(gotAddr); err != nil {
				t.Errorf("RemoteAddr %q: %v", gotAddr, err)
			}
			if len(gotXFF) != len(tc.xff) {
				t.Errorf("X-Forwarded-For changed: %q", gotXFF)
			}
			if r.RemoteAddr != tc.peer {
				t.Errorf("the caller's request was modified: %q", r.RemoteAddr)
			}
		})
	}
}

func TestIsHTTPS(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if IsHTTPS(r) || Scheme(r) != "http" {
		t.Error("plain request reported as https")
	}
	r.TLS = &tls.ConnectionState{}
	if !IsHTTPS(r) || Scheme(r) != "https" {
		t.Error("TLS request not reported as https")
	}
}

// TestRealClientHSTS: a request a trusted proxy received over HTTPS gets
// Strict-Transport-Security, as one received over TLS directly does.
func TestRealClientHSTS(t *testing.T) {
	h := Chain(http.NotFoundHandler(), RealClient(prefixes("127.0.0.1/32")), SecurityHeaders)
	for _, tc := range []struct {
		peer, proto string
		want        bool
	}{
		{"127.0.0.1:1", "https", true},
		{"127.0.0.1:1", "http", false},
		{"192.0.2.1:1", "https", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		r.Header.Set("X-Forwarded-Proto", tc.proto)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if got := w.Header().Get("Strict-Transport-Security") != ""; got != tc.want {
			t.Errorf("peer %s proto %s: HSTS %v, want %v", tc.peer, tc.proto, got, tc.want)
		}
	}
}
