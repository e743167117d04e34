package config

import (
	"flag"
	"strings"
	"testing"
)

func TestMailOffByDefault(t *testing.T) {
	c := parse(t, true)
	if c.MailEnabled() {
		t.Fatal("e-mail is on without --smtp-addr")
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestMailPasswordOnlyFromEnvironment(t *testing.T) {
	t.Setenv("TRANGTIN_SMTP_PASSWORD", "bi-mat")
	c := parse(t, true, "--smtp-addr", "mail.giavien.gov.vn:587", "--smtp-from", "thongbao@giavien.gov.vn", "--smtp-user", "thongbao")
	if c.SMTPPassword != "bi-mat" || !c.MailEnabled() {
		t.Fatalf("%+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	var x Config
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	x.Flags(fs, true)
	if fs.Lookup("smtp-password") != nil {
		t.Fatal("a password flag would show in ps")
	}
}

func TestMailStartTLSDefault(t *testing.T) {
	for _, tc := range []struct {
		addr, set string
		want      bool
	}{
		{"mail.giavien.gov.vn:587", "", true},
		{"203.0.113.5:25", "", true},
		{"localhost:25", "", false},
		{"127.0.0.1:25", "", false},
		{"[::1]:25", "", false},
		{"127.0.0.1:25", "true", true},
		{"mail.giavien.gov.vn:25", "false", false},
	} {
		c := Config{SMTPAddr: tc.addr, SMTPStartTLS: tc.set}
		if got := c.MailStartTLS(); got != tc.want {
			t.Errorf("%s %q: %v, want %v", tc.addr, tc.set, got, tc.want)
		}
	}
}

func TestMailValidateListsEveryProblem(t *testing.T) {
	c := parse(t, true, "--smtp-addr", "mail.giavien.gov.vn", "--smtp-from", "không phải địa chỉ", "--smtp-user", "u",
		"--smtp-starttls", "có", "--site-url", "giavien.gov.vn")
	err := c.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"--smtp-addr", "--smtp-from", "TRANGTIN_SMTP_PASSWORD", "--smtp-starttls", "--site-url"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q not reported: %v", want, err)
		}
	}
}
