package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestScheduledBackup: with --backup-dir the server writes a verified
// archive at once (the folder has none), shows it in /healthz?chi-tiet and
// its age in the metrics. The remains of a scheduled backup killed with
// its process (the archive half written, the database snapshot) are
// removed at the start; other files of the folder are left alone.
func TestScheduledBackup(t *testing.T) {
	dir := t.TempDir()
	killed := filepath.Join(dir, ".trangtin-backup-trangtin-20261201T000000Z.tar.gz-123456")
	if err := os.Mkdir(killed, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{
		filepath.Join(killed, "trangtin.db"):                               "ảnh chụp cơ sở dữ liệu dở dang",
		filepath.Join(dir, ".tmp-trangtin-20261201T000000Z.tar.gz-654321"): "lưu trữ dở dang",
		filepath.Join(dir, "ghi-chu.txt"):                                  "tệp của người vận hành",
	} {
		if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	srv := startServe(t, "--backup-dir", dir, "--backup-every", "1h", "--backup-keep", "3", "--metrics-addr", "127.0.0.1:0")
	var body string
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(body, "backup last success: 2") {
		var res *http.Response
		res, body = get(t, srv.URL+"/healthz?chi-tiet")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("/healthz: %d\n%s", res.StatusCode, body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no scheduled backup within 60 s:\n%s", body)
		}
		time.Sleep(20 * time.Millisecond) // polling /healthz for the backup
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// ReadDir sorts by name: the operator's file, then the archive.
	if len(entries) != 2 || entries[0].Name() != "ghi-chu.txt" || !strings.HasPrefix(entries[1].Name(), "trangtin-") || !strings.HasSuffix(entries[1].Name(), ".tar.gz") {
		t.Fatalf("the backup folder holds %v, want the operator's file and one archive", entries)
	}
	file := filepath.Join(dir, entries[1].Name())
	if !strings.Contains(body, file) {
		t.Errorf("/healthz?chi-tiet does not name %s:\n%s", file, body)
	}
	var out, errb strings.Builder
	if err := run(context.Background(), nil, []string{"backup", "verify", file}, &out, &errb); err != nil {
		t.Fatalf("backup verify of the scheduled archive: %v\n%s", err, out.String())
	}
	if _, ok := scrape(t, srv.MetricsURL)["trangtin_backup_age_seconds"]; !ok {
		t.Error("no trangtin_backup_age_seconds in /metrics")
	}
}

// TestBackupDirRefused: a missing backup folder, or one inside the
// uploads (each archive would hold the ones before), stops the start.
func TestBackupDirRefused(t *testing.T) {
	data := t.TempDir()
	for dir, want := range map[string]string{
		filepath.Join(t.TempDir(), "khong-co"): "không tồn tại",
		filepath.Join(data, "media"):           "thư mục tệp tải lên",
	} {
		if strings.HasSuffix(dir, "media") {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		var out, errb strings.Builder
		err := run(context.Background(), nil, []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--backup-dir", dir}, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("--backup-dir %s: %v, want a refusal saying %q", dir, err, want)
		}
	}
}

// TestBackupSchedule: when backups are due, which archives are kept, and
// what /healthz says, on a clock of the test's.
func TestBackupSchedule(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 12, 7, 2, 30, 0, 0, time.UTC)
	var failWith error
	b := &backupScheduler{dir: dir, every: 6 * time.Hour, keep: 2, now: func() time.Time { return now }, log: newLogger(io.Discard, "error"),
		make: func(ctx context.Context, to string) error {
			if failWith != nil {
				return failWith
			}
			return os.WriteFile(to, []byte("archive"), 0o600)
		}}
	started := now
	for _, other := range []string{"ghi-chu.txt", "trangtin-khong-phai-gio.tar.gz", "trangtin-20200101T000000Z.tar.gz.part"} {
		if err := os.WriteFile(filepath.Join(dir, other), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if w := b.wait(); w != 0 {
		t.Errorf("no archive yet: next backup in %s, want at once", w)
	}
	if lines, err := b.Health(started); err != nil || !slices.Contains(lines, "backup last success: none yet") {
		t.Errorf("before the first backup: %v, %v", lines, err)
	}
	for range 4 {
		b.runOnce(context.Background())
		if w := b.wait(); w != 6*time.Hour {
			t.Errorf("after a backup: next in %s, want 6h", w)
		}
		now = now.Add(6 * time.Hour)
	}
	names := func() []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, e := range entries {
			n = append(n, e.Name())
		}
		return n
	}
	want := []string{"ghi-chu.txt", "trangtin-20200101T000000Z.tar.gz.part", "trangtin-20261207T143000Z.tar.gz", "trangtin-20261207T203000Z.tar.gz", "trangtin-khong-phai-gio.tar.gz"}
	if got := names(); !slices.Equal(got, want) {
		t.Errorf("after 4 backups keeping 2: %v, want %v", got, want)
	}

	// A restart picks the schedule up from the folder.
	b2 := &backupScheduler{dir: dir, every: 6 * time.Hour, keep: 2, now: func() time.Time { return now }, log: b.log}
	b2.resume()
	if last, ok := b2.LastOK(); !ok || !last.Equal(time.Date(2026, 12, 7, 20, 30, 0, 0, time.UTC)) {
		t.Errorf("after a restart: last good backup %v %v, want the newest archive's time", last, ok)
	}
	now = now.Add(-2 * time.Hour) // 4 h after the newest archive
	if w := b2.wait(); w != 2*time.Hour {
		t.Errorf("after a restart: next backup in %s, want 2h", w)
	}
	now = now.Add(2 * time.Hour)

	// A failure: /healthz fails and names it; the next try comes sooner.
	failWith = errors.New("đĩa đầy")
	b.runOnce(context.Background())
	lines, err := b.Health(started)
	if err == nil || !strings.Contains(err.Error(), "backup failing") || !strings.Contains(strings.Join(lines, "\n"), "backup last failure: 2026-12-08T02:30:00Z đĩa đầy") {
		t.Errorf("after a failure: %v, %v", lines, err)
	}
	if w := b.wait(); w != backupRetry {
		t.Errorf("after a failure: next try in %s, want %s", w, backupRetry)
	}
	failWith = nil
	b.runOnce(context.Background())
	if _, err := b.Health(started); err != nil {
		t.Errorf("after a good backup following a failure: %v", err)
	}
	// No good backup for more than twice the interval (the backups hang,
	// or the server was down): late.
	now = now.Add(13 * time.Hour)
	if _, err := b.Health(started); err == nil || !strings.Contains(err.Error(), "backup late") {
		t.Errorf("13 h after the last backup with --backup-every 6h: %v, want late", err)
	}
	// A backup stopped by the shutdown is neither a success nor a failure.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	failWith = context.Canceled
	b.runOnce(ctx)
	if _, err := b.Health(started); err == nil || strings.Contains(err.Error(), "failing") {
		t.Errorf("a backup stopped by the shutdown: %v, want still late, not failing", err)
	}
}
