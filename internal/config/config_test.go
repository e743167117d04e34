package config

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func parse(t *testing.T, server bool, args ...string) Config {
	t.Helper()
	var c Config
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c.Flags(fs, server)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEnvironmentThenFlags(t *testing.T) {
	t.Setenv("TRANGTIN_ADDR", "127.0.0.1:9999")
	t.Setenv("TRANGTIN_DATA", "/srv/tt")
	c := parse(t, true)
	if c.Addr != "127.0.0.1:9999" || c.DataDir != "/srv/tt" {
		t.Errorf("environment not used: %+v", c)
	}
	c = parse(t, true, "--addr", "127.0.0.1:7000")
	if c.Addr != "127.0.0.1:7000" {
		t.Errorf("flag did not override the environment: %q", c.Addr)
	}
}

func TestDatabase(t *testing.T) {
	for _, tc := range []struct{ db, data, driver, dsn string }{
		{"", "d", "sqlite", filepath.Join("d", "trangtin.db")},
		{"sqlite:///tmp/x.db", "d", "sqlite", "/tmp/x.db"},
		{"postgres://u@h/db", "d", "postgres", "postgres://u@h/db"},
	} {
		c := Config{DB: tc.db, DataDir: tc.data}
		if d, s := c.Database(); d != tc.driver || s != tc.dsn {
			t.Errorf("Database(%q) = %q %q, want %q %q", tc.db, d, s, tc.driver, tc.dsn)
		}
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	c := Config{Addr: "nocolon", DB: "mysql://x", Media: "/srv/anh", LogLevel: "loud"}
	err := c.Validate()
	if err == nil {
		t.Fatal("Validate accepted a bad config")
	}
	for _, want := range []string{"--addr", "--db", "--media", "--log-level"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	good := Defaults
	if err := good.Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

func TestKeepDrafts(t *testing.T) {
	if c := parse(t, true); c.KeepDrafts != 90*24*time.Hour {
		t.Errorf("default %v", c.KeepDrafts)
	}
	if c := parse(t, true, "--keep-drafts", "0"); c.KeepDrafts != 0 {
		t.Errorf("--keep-drafts 0: %v", c.KeepDrafts)
	}
	t.Setenv("TRANGTIN_KEEP_DRAFTS", "nhiều")
	c := parse(t, true)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "TRANGTIN_KEEP_DRAFTS") {
		t.Errorf("bad environment value: %v", err)
	}
	// The flag overrides the environment, a bad value included.
	c = parse(t, true, "--keep-drafts", "30")
	if err := c.Validate(); err != nil || c.KeepDrafts != 30*24*time.Hour {
		t.Errorf("--keep-drafts 30 over a bad TRANGTIN_KEEP_DRAFTS: %v, %v", c.KeepDrafts, err)
	}
}

// TestNoDemoEnvironmentIsABoolean: TRANGTIN_NO_DEMO=false used to disable
// the demo (any non-empty value did).
func TestNoDemoEnvironmentIsABoolean(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want bool
	}{
		{"false", false}, {"0", false}, {"no", false}, {"FALSE", false}, {"off", false}, {"", false},
		{"true", true}, {"1", true}, {"yes", true}, {"True", true}, {" on ", true},
	} {
		t.Setenv("TRANGTIN_NO_DEMO", tc.env)
		c := parse(t, true)
		if err := c.Validate(); err != nil {
			t.Errorf("TRANGTIN_NO_DEMO=%q: %v", tc.env, err)
		}
		if c.NoDemo != tc.want {
			t.Errorf("TRANGTIN_NO_DEMO=%q: NoDemo %v, want %v", tc.env, c.NoDemo, tc.want)
		}
	}
	t.Setenv("TRANGTIN_NO_DEMO", "có")
	c := parse(t, true)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "TRANGTIN_NO_DEMO") {
		t.Errorf("TRANGTIN_NO_DEMO=có accepted: %v", err)
	}
	// The flag wins, both ways.
	if c := parse(t, true, "--no-demo"); !c.NoDemo || c.Validate() != nil {
		t.Errorf("--no-demo over a bad environment: %v %v", c.NoDemo, c.Validate())
	}
	t.Setenv("TRANGTIN_NO_DEMO", "true")
	if c := parse(t, true, "--no-demo=false"); c.NoDemo {
		t.Error("--no-demo=false did not override TRANGTIN_NO_DEMO=true")
	}
}

func TestStartTLSEnvironmentIsABoolean(t *testing.T) {
	t.Setenv("TRANGTIN_SMTP_STARTTLS", "no")
	c := parse(t, true, "--smtp-addr", "mail.giavien.gov.vn:25", "--smtp-from", "thongbao@giavien.gov.vn")
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.MailStartTLS() {
		t.Error("TRANGTIN_SMTP_STARTTLS=no still requires STARTTLS")
	}
	t.Setenv("TRANGTIN_SMTP_STARTTLS", "hmm")
	c = parse(t, true, "--smtp-addr", "mail.giavien.gov.vn:25", "--smtp-from", "thongbao@giavien.gov.vn")
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "TRANGTIN_SMTP_STARTTLS") {
		t.Errorf("bad TRANGTIN_SMTP_STARTTLS: %v", err)
	}
}

func TestShutdownTimeout(t *testing.T) {
	if c := parse(t, true); c.ShutdownTimeout != 15*time.Second {
		t.Errorf("default %v", c.ShutdownTimeout)
	}
	if c := parse(t, true, "--shutdown-timeout", "2s"); c.ShutdownTimeout != 2*time.Second {
		t.Errorf("--shutdown-timeout 2s: %v", c.ShutdownTimeout)
	}
	t.Setenv("TRANGTIN_SHUTDOWN_TIMEOUT", "mười giây")
	c := parse(t, true)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "TRANGTIN_SHUTDOWN_TIMEOUT") {
		t.Errorf("bad environment value: %v", err)
	}
	t.Setenv("TRANGTIN_SHUTDOWN_TIMEOUT", "1h")
	c = parse(t, true)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "10m") {
		t.Errorf("an hour: %v", err)
	}
}

func TestMaxVideo(t *testing.T) {
	if c := parse(t, true); c.MaxVideoBytes != 0 {
		t.Errorf("default %d, want 0 (the media package's default)", c.MaxVideoBytes)
	}
	if c := parse(t, true, "--max-video-mb", "100"); c.MaxVideoBytes != 100<<20 {
		t.Errorf("--max-video-mb 100: %d", c.MaxVideoBytes)
	}
	t.Setenv("TRANGTIN_MAX_VIDEO_MB", "0")
	c := parse(t, true)
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "TRANGTIN_MAX_VIDEO_MB") {
		t.Errorf("TRANGTIN_MAX_VIDEO_MB=0: %v", err)
	}
}
