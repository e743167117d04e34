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
	c := Config{Addr: "nocolon", DB: "mysql://x", LogLevel: "loud"}
	err := c.Validate()
	if err == nil {
		t.Fatal("Validate accepted a bad config")
	}
	for _, want := range []string{"--addr", "--db", "--log-level"} {
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
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "keep-drafts") {
		t.Errorf("bad environment value: %v", err)
	}
}
