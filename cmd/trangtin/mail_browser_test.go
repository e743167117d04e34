package main

import (
	"context"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/user"
)

// TestBrowserInboxMailSwitch: the inbox with the e-mail switch has no
// WCAG 2.1 A/AA violation, and the switch works in a real browser.
func TestBrowserInboxMailSwitch(t *testing.T) {
	srv := newSMTPServer(t)
	app := startApp(t, config.Config{DataDir: t.TempDir(), SMTPAddr: srv.addr, SMTPFrom: "thongbao@giavien.gov.vn", MailPoll: 50 * time.Millisecond})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	const pw = "Mat-khau-du-dai-2025"
	ed, err := app.users.CreateUser(ctx, "bientap@giavien.gov.vn", "Trần Văn Biên", pw, user.RoleEditor, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	nrSignIn(t, b, app.URL, ed.Email, pw)
	p := b.Visit(app.URL + "/quan-tri/hop-thu/")
	p.AssertNoAxeViolations()
	nrSubmit(t, p, `form.mail-choice button[type=submit]`)
	nrExpectNotice(t, p, "Đã tắt gửi thông báo qua thư điện tử.")
	p.Screenshot("hop-thu-tat-thu")
	p.AssertNoAxeViolations()
	if out, err := app.db.MailOptedOut(ctx, ed.ID); err != nil || !out {
		t.Fatalf("not turned off: %v %v", out, err)
	}
	nrSubmit(t, p, `form.mail-choice button[type=submit]`)
	nrExpectNotice(t, p, "Đã bật gửi thông báo qua thư điện tử.")
	if out, err := app.db.MailOptedOut(ctx, ed.ID); err != nil || out {
		t.Fatalf("not turned on: %v %v", out, err)
	}
}
