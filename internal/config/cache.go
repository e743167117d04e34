package config

import (
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// maxCacheMB bounds --cache-mb: 64 GiB.
const maxCacheMB = 64 << 10

func (c *Config) setCacheMB(v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > maxCacheMB {
		return fmt.Errorf("--cache-mb %q: want the page cache's size in MiB, 1 to %d (default %d)", v, maxCacheMB, Defaults.CacheMB)
	}
	c.CacheMB = n
	return nil
}

// cacheFlags registers --cache-mb and its environment twin.
func (c *Config) cacheFlags(fs *flag.FlagSet) {
	fs.Func("cache-mb", fmt.Sprintf("page cache size in MiB; the process's soft memory limit follows from it unless GOMEMLIMIT is set (TRANGTIN_CACHE_MB; default %d)", Defaults.CacheMB), c.flagSet("cache-mb", c.setCacheMB))
	c.fromEnv("cache-mb", "TRANGTIN_CACHE_MB", c.setCacheMB)
}

// CacheBytes is the page cache's budget in bytes.
func (c *Config) CacheBytes() int { return c.CacheMB << 20 }

// PublicOrigin is the scheme and host of --site-url ("https://giavien.gov.vn"),
// "" when it is not set: the origin of the absolute links of a site without
// a host of its own (README, "Addresses").
func (c *Config) PublicOrigin() string {
	if c.SiteURL == "" {
		return ""
	}
	u, err := url.Parse(c.SiteURL)
	if err != nil || u.Host == "" {
		return "" // Validate reports it
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}
