package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// TestShutdownWaitsForTheMailBeingSent: the server is stopped while a
// notice e-mail is being handed to the SMTP server. Serve must not return
// (and so the database must not close) before the send has ended and been
// recorded; after the restart nothing is left to send again.
func TestShutdownWaitsForTheMailBeingSent(t *testing.T) {
	smtp := newSMTPServer(t)
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	smtp.mu.Lock()
	smtp.hold = func() {
		once.Do(func() { close(held) })
		<-release
	}
	smtp.mu.Unlock()
	var releaseOnce sync.Once
	releaseAll := func() { releaseOnce.Do(func() { close(release) }) }
	t.Cleanup(releaseAll)

	cfg := config.Config{DataDir: t.TempDir(), LogLevel: "warn", ShutdownTimeout: 5 * time.Second,
		SMTPAddr: smtp.addr, SMTPFrom: "thongbao@giavien.gov.vn", MailPoll: 20 * time.Millisecond, MailRetry: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := newApp(ctx, cfg, newLogger(testWriter{t}, "warn"), nil)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			a.Close()
		}
	}()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()

	site, err := a.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := a.db.FindCategoryBySlug(ctx, site.ID, "tin-tuc-su-kien")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.users.CreateUser(ctx, "bientap@giavien.gov.vn", "Biên Tập", "Mat-khau-du-dai-2025", user.RoleEditor, site.ID); err != nil {
		t.Fatal(err)
	}
	rep, err := a.users.CreateUser(ctx, "phongvien@giavien.gov.vn", "Phóng Viên", "Mat-khau-du-dai-2025", user.RoleReporter, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	reporter := newsroom.Actor{UserID: rep.ID, Name: rep.Name, Memberships: []user.Membership{{UserID: rep.ID, SiteID: site.ID, Role: user.RoleReporter}}}
	art, err := a.newsroom.Create(ctx, reporter, site.ID, newsroom.Draft{CategoryID: cat.ID, Title: "Hội nghị tổng kết", Body: "<p>Nội dung.</p>", Author: "A", Unit: "B"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.newsroom.Submit(ctx, reporter, site.ID, art.ID); err != nil {
		t.Fatal(err)
	}

	select {
	case <-held: // the SMTP server has the message and has not yet answered
	case <-time.After(30 * time.Second):
		t.Fatal("the notice e-mail was not sent within 30 s")
	}
	cancel()
	// Serve must still be waiting for the send. Its HTTP side ends at once
	// (no request is open), so a Serve that does not wait returns well
	// within this time.
	select {
	case err := <-done:
		t.Errorf("Serve returned (%v) while a notice e-mail was still being sent", err)
		done <- err
	case <-time.After(500 * time.Millisecond):
	}
	releaseAll()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return within 30 s of the send ending")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	closed = true

	// After the restart: nothing waits to be sent (the message is recorded
	// as sent), and the SMTP server got it once.
	db, err := openStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	left, err := db.ClaimMail(context.Background(), time.Now().Add(24*time.Hour), time.Minute, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("%d e-mail(s) still to send after the restart, though sent before the stop: it would go out again", len(left))
	}
	smtp.mu.Lock()
	n := len(smtp.got)
	smtp.mu.Unlock()
	if n != 1 {
		t.Errorf("the SMTP server got %d messages, want 1", n)
	}
}

// TestTakenPortLosesNoPassword: a first start whose address is taken fails
// with a message naming it, and its first administrator's one-time
// password is not lost: either it was printed, or no administrator was
// created and the next start creates and prints one.
func TestTakenPortLosesNoPassword(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	err = run(context.Background(), nil, []string{"serve", "--addr", taken.Addr().String(), "--data", dir, "--log-level", "warn"}, &out, &errb)
	if err == nil {
		t.Fatal("serve on a taken address succeeded")
	}
	if !strings.Contains(err.Error(), taken.Addr().String()) || !strings.Contains(err.Error(), "--addr") {
		t.Errorf("the error %q does not name the address and --addr", err)
	}
	printed := strings.Contains(out.String(), "mật khẩu dùng một lần")

	a, err := newApp(context.Background(), config.Config{DataDir: dir, LogLevel: "warn"}, newLogger(io.Discard, "warn"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if created := a.firstAdmin[0] != ""; !printed && !created {
		t.Errorf("the failed start created the first administrator without printing its password (stdout %q)", out.String())
	}
}

// TestMissingFolderIsRefused: a --db sqlite:// path or a --data folder
// whose folder is missing (a typo) is refused with a message naming it,
// and nothing is created; the data folder itself (./data by default) is
// still created on a first start.
func TestMissingFolderIsRefused(t *testing.T) {
	root := t.TempDir()
	missing := filepath.Join(root, "typo", "dir")
	for _, args := range [][]string{
		{"migrate", "--db", "sqlite://" + filepath.Join(missing, "x.db")},
		{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite://" + filepath.Join(missing, "x.db")},
		{"migrate", "--data", filepath.Join(missing, "data")},
		{"serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(missing, "data")},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), nil, args, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "không tồn tại") {
			t.Errorf("%v: %v, want a refusal naming %s", args, err, missing)
		}
		if _, err := os.Stat(filepath.Join(root, "typo")); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%v created %s (%v)", args, filepath.Join(root, "typo"), err)
		}
	}
	// The data folder itself is made when its parent exists.
	var out, errb bytes.Buffer
	if err := run(context.Background(), nil, []string{"migrate", "--data", filepath.Join(root, "data")}, &out, &errb); err != nil {
		t.Fatalf("migrate into a new data folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "data", "trangtin.db")); err != nil {
		t.Errorf("no database in the new data folder: %v", err)
	}
	// The default, ./data, on a fresh clone.
	t.Chdir(t.TempDir())
	if err := run(context.Background(), nil, []string{"migrate"}, &out, &errb); err != nil {
		t.Fatalf("migrate with the default data folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join("data", "trangtin.db")); err != nil {
		t.Errorf("no ./data/trangtin.db: %v", err)
	}
}
