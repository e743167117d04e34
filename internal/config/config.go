// Package config holds the one typed configuration of a trangtin process,
// read from command-line flags with TRANGTIN_* environment variables as
// defaults. It is passed explicitly; there is no package-level config.
package config

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is everything a subcommand may need.
type Config struct {
	Addr     string // listen address, e.g. 127.0.0.1:8080
	DataDir  string // folder for the SQLite database and uploads
	DB       string // sqlite://PATH or postgres://…; empty means sqlite in DataDir
	Media    string // s3://BUCKET?endpoint=…; empty means the folder media/ in DataDir
	ThemeDir string // optional folder overriding embedded templates and assets
	LogLevel string // debug, info, warn, error
	NoDemo   bool   // do not create the demo site on an empty database
	// Holidays are public holidays beyond the fixed ones, for answer
	// deadlines: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, comma-separated.
	Holidays string

	// KeepDrafts is how long revisions saved before approval are kept;
	// published texts are kept for good. 0 keeps everything.
	KeepDrafts time.Duration

	ShutdownTimeout time.Duration

	// MaxVideoBytes bounds an uploaded MP4 video; 0 means the default
	// (media.DefaultMaxVideoBytes, 35 MiB). A larger value also needs a
	// larger client_max_body_size in the reverse proxy.
	MaxVideoBytes int64

	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed: IPs or CIDR prefixes, comma-separated.
	// Empty: those headers are ignored. See TrustedPrefixes.
	TrustedProxies string
	// Optional e-mail copy of the newsroom's notices; off when SMTPAddr
	// is empty. The password comes only from TRANGTIN_SMTP_PASSWORD.
	SMTPAddr     string
	SMTPFrom     string
	SMTPUser     string
	SMTPPassword string
	SMTPStartTLS string // "true", "false", or "" (true unless the server is local)
	SiteURL      string // base of links in e-mail, and origin of a site without a host; empty: each site's host
	// CacheMB is the page cache's budget in MiB; the soft memory limit
	// follows from it (cmd/trangtin).
	CacheMB int
	// MailPoll and MailRetry tune the outbox (tests); 0: 5 s and 30 s.
	MailPoll, MailRetry time.Duration
	// MetricsAddr is the Prometheus listener; empty: none. NoAccessLog
	// turns the per-request log line off; LogFile sends the log to a file
	// that SIGHUP reopens (observe.go).
	MetricsAddr string
	NoAccessLog bool
	LogFile     string
	// BackupDir, when set, makes the server write a backup archive there
	// every BackupEvery and keep the BackupKeep newest (observe.go).
	BackupDir   string
	BackupEvery time.Duration
	BackupKeep  int
	// MaxRequests is how many requests are handled at once before the
	// next wait or are shed with 503; 0: 32 per CPU (observe.go).
	MaxRequests int

	// envErrs are bad environment values by flag name, reported by
	// Validate unless the flag itself was given.
	envErrs map[string]error
}

func (c *Config) setKeepDrafts(v string) error {
	days, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || days < 0 || days > 36500 {
		return fmt.Errorf("%q: want a number of days (0 keeps every revision)", v)
	}
	c.KeepDrafts = time.Duration(days) * 24 * time.Hour
	return nil
}

func (c *Config) setMaxVideo(v string) error {
	mb, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || mb < 1 || mb > 4096 {
		return fmt.Errorf("%q: want a size in MiB from 1 to 4096", v)
	}
	c.MaxVideoBytes = int64(mb) << 20
	return nil
}

// ParseBool reads a yes/no setting: what strconv.ParseBool accepts
// (1, t, true, 0, f, false in any case) plus yes/no, y/n and on/off;
// empty is false.
func ParseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "t", "true", "y", "yes", "on":
		return true, nil
	case "", "0", "f", "false", "n", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%q: want true or false (also 1/0, yes/no, on/off)", v)
}

// fromEnv applies the environment variable name through set, keeping its
// error for Validate under the flag's name. A flag given on the command
// line later clears it (see flagSet).
func (c *Config) fromEnv(flagName, name string, set func(string) error) {
	v, ok := os.LookupEnv(name)
	if !ok {
		return
	}
	if err := set(v); err != nil {
		if c.envErrs == nil {
			c.envErrs = map[string]error{}
		}
		c.envErrs[flagName] = fmt.Errorf("%s %w", name, err)
	}
}

// flagSet wraps a flag's setter so that giving the flag overrides a bad
// environment value as it overrides a good one.
func (c *Config) flagSet(flagName string, set func(string) error) func(string) error {
	return func(v string) error {
		if err := set(v); err != nil {
			return err
		}
		delete(c.envErrs, flagName)
		return nil
	}
}

func (c *Config) setNoDemo(v string) error {
	b, err := ParseBool(v)
	if err == nil {
		c.NoDemo = b
	}
	return err
}

// Defaults are used when neither a flag nor the environment says otherwise.
var Defaults = Config{
	Addr:            "127.0.0.1:8080",
	DataDir:         "./data",
	LogLevel:        "info",
	KeepDrafts:      90 * 24 * time.Hour,
	CacheMB:         128,
	ShutdownTimeout: 15 * time.Second,
	BackupEvery:     24 * time.Hour,
	BackupKeep:      14,
}

// Flags registers the options shared by subcommands that touch data on fs:
// --data and --db, with their environment defaults. serve adds more.
func (c *Config) Flags(fs *flag.FlagSet, server bool) {
	*c = Defaults
	env := func(name, def string) string {
		if v, ok := os.LookupEnv(name); ok {
			return v
		}
		return def
	}
	fs.StringVar(&c.DataDir, "data", env("TRANGTIN_DATA", c.DataDir), "folder for the embedded database and files (TRANGTIN_DATA)")
	fs.StringVar(&c.DB, "db", env("TRANGTIN_DB", ""), "database: sqlite://PATH or postgres://USER@HOST/DB (TRANGTIN_DB); default: SQLite in --data")
	fs.StringVar(&c.Media, "media", env("TRANGTIN_MEDIA", ""), "where uploads are kept: s3://BUCKET?endpoint=HOST:PORT, credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (TRANGTIN_MEDIA); default: the folder media/ in --data")
	fs.StringVar(&c.LogLevel, "log-level", env("TRANGTIN_LOG_LEVEL", c.LogLevel), "debug, info, warn or error (TRANGTIN_LOG_LEVEL)")
	if server {
		fs.StringVar(&c.Addr, "addr", env("TRANGTIN_ADDR", c.Addr), "address to listen on (TRANGTIN_ADDR)")
		fs.StringVar(&c.ThemeDir, "theme", env("TRANGTIN_THEME", ""), "folder whose templates/ and static/ override the built-in ones (TRANGTIN_THEME)")
		fs.Func("keep-drafts", "keep revisions saved before approval this many days, 0 for ever (TRANGTIN_KEEP_DRAFTS; default 90)", c.flagSet("keep-drafts", c.setKeepDrafts))
		c.fromEnv("keep-drafts", "TRANGTIN_KEEP_DRAFTS", c.setKeepDrafts)
		fs.Func("max-video-mb", "largest MP4 video an editor may upload, in MiB (TRANGTIN_MAX_VIDEO_MB; default 35; the reverse proxy's body limit must leave room for it and a 20 MB poster)", c.flagSet("max-video-mb", c.setMaxVideo))
		c.fromEnv("max-video-mb", "TRANGTIN_MAX_VIDEO_MB", c.setMaxVideo)
		fs.StringVar(&c.Holidays, "holidays", env("TRANGTIN_HOLIDAYS", ""), "public holidays beyond 1/1, 30/4, 1/5 and 2/9, e.g. Tết: 2026-02-16..2026-02-20,2026-04-27 (TRANGTIN_HOLIDAYS)")
		fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("TRANGTIN_TRUSTED_PROXIES", ""), "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: IPs or CIDR prefixes, e.g. 127.0.0.1,10.0.0.0/8 (TRANGTIN_TRUSTED_PROXIES); default none")
		c.mailFlags(fs, env)
		c.cacheFlags(fs)
		c.observeFlags(fs, env)
		fs.BoolFunc("no-demo", "do not create the demo site in an empty database (TRANGTIN_NO_DEMO=true|false)", c.flagSet("no-demo", c.setNoDemo))
		c.fromEnv("no-demo", "TRANGTIN_NO_DEMO", c.setNoDemo)
	}
}

// Validate reports every problem at once.
func (c *Config) Validate() error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(c.envErrs)) {
		errs = append(errs, c.envErrs[name])
	}
	if c.Addr != "" {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			errs = append(errs, fmt.Errorf("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", c.Addr))
		}
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "sqlite://") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		errs = append(errs, fmt.Errorf("--db %q: want sqlite://PATH or postgres://…", c.DB))
	}
	if c.Media != "" && !strings.HasPrefix(c.Media, "s3://") {
		errs = append(errs, fmt.Errorf("--media %q: want s3://BUCKET?endpoint=HOST:PORT, or nothing for the folder media/ in --data", c.Media))
	}
	if c.DB == "" && c.DataDir == "" {
		errs = append(errs, errors.New("--data is empty: give a folder for the database"))
	}
	errs = append(errs, c.validateMail()...)
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel))
	}
	if _, err := c.TrustedPrefixes(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Database returns the driver ("sqlite" or "postgres") and its address: a
// file path for SQLite, the URL for PostgreSQL.
func (c *Config) Database() (driver, dsn string) {
	switch {
	case strings.HasPrefix(c.DB, "sqlite://"):
		return "sqlite", strings.TrimPrefix(c.DB, "sqlite://")
	case c.DB != "":
		return "postgres", c.DB
	default:
		return "sqlite", filepath.Join(c.DataDir, "trangtin.db")
	}
}

// TrustedPrefixes parses TrustedProxies: IP addresses and CIDR prefixes
// ("127.0.0.1, 10.0.0.0/8, ::1"), empty items skipped. IPv4-mapped IPv6
// forms become IPv4 ones, as the server compares unmapped addresses.
func (c *Config) TrustedPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	var bad []string
	for _, item := range strings.Split(c.TrustedProxies, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		var p netip.Prefix
		var err error
		if strings.Contains(item, "/") {
			p, err = netip.ParsePrefix(item)
		} else {
			var a netip.Addr
			if a, err = netip.ParseAddr(item); err == nil && a.Zone() == "" {
				p = netip.PrefixFrom(a, a.BitLen())
			}
		}
		if a := p.Addr(); err == nil && a.Is4In6() {
			if p.Bits() >= 96 {
				p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
			} else {
				p = netip.Prefix{}
			}
		}
		if err != nil || !p.IsValid() {
			bad = append(bad, strconv.Quote(item))
			continue
		}
		out = append(out, p.Masked())
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("--trusted-proxies: %s: want IP addresses or CIDR prefixes, comma-separated, e.g. 127.0.0.1,10.0.0.0/8", strings.Join(bad, ", "))
	}
	return out, nil
}
