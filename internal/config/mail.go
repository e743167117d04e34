package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strings"
)

func (c *Config) mailFlags(fs *flag.FlagSet, env func(name, def string) string) {
	fs.StringVar(&c.SMTPAddr, "smtp-addr", env("TRANGTIN_SMTP_ADDR", ""), "SMTP server HOST:PORT for e-mail copies of inbox notices; empty: no e-mail (TRANGTIN_SMTP_ADDR); password only in TRANGTIN_SMTP_PASSWORD")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("TRANGTIN_SMTP_FROM", ""), "sender address of notice e-mail (TRANGTIN_SMTP_FROM)")
	fs.StringVar(&c.SMTPUser, "smtp-user", env("TRANGTIN_SMTP_USER", ""), "SMTP user name; empty: no authentication (TRANGTIN_SMTP_USER)")
	fs.StringVar(&c.SMTPStartTLS, "smtp-starttls", env("TRANGTIN_SMTP_STARTTLS", ""), "true or false: require STARTTLS (TRANGTIN_SMTP_STARTTLS; default true unless the server is localhost)")
	fs.StringVar(&c.SiteURL, "site-url", env("TRANGTIN_SITE_URL", ""), "public base URL, e.g. https://giavien.gov.vn: links in e-mail, and the absolute links (canonical, feeds, sitemap, API) of a site without a host of its own (TRANGTIN_SITE_URL; default: the site's host, else the listen address)")
	c.SMTPPassword = os.Getenv("TRANGTIN_SMTP_PASSWORD")
}

// MailEnabled reports whether notices are also sent by e-mail.
func (c *Config) MailEnabled() bool { return c.SMTPAddr != "" }

// MailStartTLS reports whether STARTTLS is required: as set, else true
// unless the SMTP server is on this machine.
func (c *Config) MailStartTLS() bool {
	if b, err := ParseBool(c.SMTPStartTLS); err == nil && strings.TrimSpace(c.SMTPStartTLS) != "" {
		return b
	}
	host, _, _ := net.SplitHostPort(c.SMTPAddr)
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

func (c *Config) validateMail() []error {
	var errs []error
	if c.SMTPStartTLS != "" {
		if _, err := ParseBool(c.SMTPStartTLS); err != nil {
			errs = append(errs, fmt.Errorf("--smtp-starttls (TRANGTIN_SMTP_STARTTLS) %w", err))
		}
	}
	if c.SiteURL != "" {
		if u, err := url.Parse(c.SiteURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("--site-url %q: want an address such as https://giavien.gov.vn", c.SiteURL))
		}
	}
	if c.SMTPAddr == "" {
		return errs
	}
	if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
		errs = append(errs, fmt.Errorf("--smtp-addr %q: want HOST:PORT, e.g. mail.giavien.gov.vn:587", c.SMTPAddr))
	}
	if a, err := mail.ParseAddress(c.SMTPFrom); err != nil || strings.ContainsAny(c.SMTPFrom, "\r\n") || a.Address == "" {
		errs = append(errs, fmt.Errorf("--smtp-from %q: want the sender's address, e.g. thongbao@giavien.gov.vn", c.SMTPFrom))
	}
	if c.SMTPUser != "" && c.SMTPPassword == "" {
		errs = append(errs, errors.New("--smtp-user is set but TRANGTIN_SMTP_PASSWORD is empty"))
	}
	return errs
}
