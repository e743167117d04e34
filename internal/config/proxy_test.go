package config

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	if c := parse(t, true); c.TrustedProxies != "" {
		t.Errorf("default %q, want none", c.TrustedProxies)
	}
	t.Setenv("TRANGTIN_TRUSTED_PROXIES", "10.0.0.1")
	if c := parse(t, true); c.TrustedProxies != "10.0.0.1" {
		t.Errorf("environment not used: %q", c.TrustedProxies)
	}
	c := parse(t, true, "--trusted-proxies", " 127.0.0.1, 10.1.2.3/8,,::1 , 2001:db8::/32, ::ffff:192.0.2.0/120 ")
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	got, err := c.TrustedPrefixes()
	if err != nil {
		t.Fatal(err)
	}
	var want []netip.Prefix
	for _, s := range []string{"127.0.0.1/32", "10.0.0.0/8", "::1/128", "2001:db8::/32", "192.0.2.0/24"} {
		want = append(want, netip.MustParsePrefix(s))
	}
	if !slices.Equal(got, want) {
		t.Errorf("TrustedPrefixes = %v, want %v", got, want)
	}

	c = parse(t, true, "--trusted-proxies", "127.0.0.1,localhost,10.0.0.0/33,fe80::1%eth0,::ffff:0:0/64")
	err = c.Validate()
	if err == nil {
		t.Fatal("Validate accepted bad proxies")
	}
	for _, bad := range []string{`"localhost"`, `"10.0.0.0/33"`, `"fe80::1%eth0"`, `"::ffff:0:0/64"`, "--trusted-proxies"} {
		if !strings.Contains(err.Error(), bad) {
			t.Errorf("error %q does not name %s", err, bad)
		}
	}
	if strings.Contains(err.Error(), `"127.0.0.1"`) {
		t.Errorf("error %q names a good entry", err)
	}
}
