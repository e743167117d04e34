package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"trangtin/internal/config"
)

// Scheduled backups (--backup-dir, --backup-every, --backup-keep): the
// server writes the archive `trangtin backup` writes into the folder,
// named by its UTC time, and keeps the newest few. The schedule follows
// the folder, not the process: after a restart the next backup is due
// --backup-every after the newest archive there, at once when there is
// none.

const (
	archivePrefix = "trangtin-"
	archiveSuffix = ".tar.gz"
	archiveTime   = "20060102T150405Z"
	// backupRetry is the longest wait after a failed backup (shorter when
	// --backup-every is).
	backupRetry = 10 * time.Minute
)

// backupScheduler runs the scheduled backups and remembers how the last
// ones went, for /healthz and the metrics.
type backupScheduler struct {
	dir   string
	every time.Duration
	keep  int
	make  func(ctx context.Context, to string) error
	now   func() time.Time
	log   *slog.Logger

	mu       sync.Mutex
	lastOK   time.Time // zero: none known
	lastFile string
	lastFail time.Time
	lastErr  error
}

// newBackupScheduler checks cfg's backup folder; nil when backups are off.
func newBackupScheduler(cfg config.Config, log *slog.Logger) (*backupScheduler, error) {
	if cfg.BackupDir == "" {
		return nil, nil
	}
	dir, err := filepath.Abs(cfg.BackupDir)
	if err != nil {
		return nil, fmt.Errorf("--backup-dir %s: %w", cfg.BackupDir, err)
	}
	if err := folderExists(dir); err != nil {
		return nil, fmt.Errorf("--backup-dir: %w", err)
	}
	media, err := filepath.Abs(filepath.Join(cfg.DataDir, "media"))
	if err != nil {
		return nil, err
	}
	if dir == media || strings.HasPrefix(dir, media+string(filepath.Separator)) {
		return nil, fmt.Errorf("--backup-dir %s nằm trong thư mục tệp tải lên (%s), nên mỗi bản sao lưu sẽ chứa các bản trước: hãy chọn thư mục khác", cfg.BackupDir, media)
	}
	b := &backupScheduler{dir: dir, every: cfg.BackupEvery, keep: cfg.BackupKeep, now: time.Now, log: log,
		make: func(ctx context.Context, to string) error {
			_, err := makeBackup(ctx, cfg, to)
			return err
		}}
	if b.every <= 0 {
		b.every = config.Defaults.BackupEvery
	}
	if b.keep <= 0 {
		b.keep = config.Defaults.BackupKeep
	}
	return b, nil
}

// archives lists the scheduled archives in the folder, oldest first.
func (b *backupScheduler) archives() ([]string, map[string]time.Time, error) {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	times := map[string]time.Time{}
	for _, e := range entries {
		name := e.Name()
		stamp, ok := strings.CutPrefix(name, archivePrefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if stamp, ok = strings.CutSuffix(stamp, archiveSuffix); !ok {
			continue
		}
		t, err := time.Parse(archiveTime, stamp)
		if err != nil {
			continue
		}
		names = append(names, name)
		times[name] = t
	}
	slices.SortFunc(names, func(x, y string) int { return times[x].Compare(times[y]) })
	return names, times, nil
}

// Run makes a backup whenever one is due, until ctx ends. A backup under
// way when ctx ends is abandoned (its temporary file removed).
func (b *backupScheduler) Run(ctx context.Context) {
	b.removeLeftovers()
	b.resume()
	for {
		timer := time.NewTimer(b.wait())
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		}
		b.runOnce(ctx)
	}
}

// resume takes the newest archive of the folder as the last good backup,
// so that a restart does not move the schedule.
func (b *backupScheduler) resume() {
	names, times, err := b.archives()
	if err != nil {
		b.log.Warn("scheduled backups: read the folder", "dir", b.dir, "err", err)
		return
	}
	if len(names) > 0 {
		newest := names[len(names)-1]
		b.mu.Lock()
		b.lastOK, b.lastFile = times[newest], filepath.Join(b.dir, newest)
		b.mu.Unlock()
	}
}

// wait is the time until the next backup is due: --backup-every after the
// last good one (at once when there is none), sooner after a failure.
func (b *backupScheduler) wait() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if b.lastErr != nil && b.lastFail.After(b.lastOK) {
		return max(0, b.lastFail.Add(min(b.every, backupRetry)).Sub(now))
	}
	if b.lastOK.IsZero() {
		return 0
	}
	return max(0, b.lastOK.Add(b.every).Sub(now))
}

// removeLeftovers removes what a scheduled backup killed with its process
// left in the folder: the archive being written (backup.Create's ".tmp-"
// file) and the database snapshot beside it (makeBackup's folder), each
// as large as the site. Only the remains of scheduled archives are
// touched, and only at the start, when this process writes none.
func (b *backupScheduler) removeLeftovers() {
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		b.log.Warn("scheduled backups: list the folder", "dir", b.dir, "err", err)
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".tmp-"+archivePrefix) && !strings.HasPrefix(name, ".trangtin-backup-"+archivePrefix) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(b.dir, name)); err != nil {
			b.log.Warn("scheduled backups: remove the remains of an interrupted backup", "path", filepath.Join(b.dir, name), "err", err)
			continue
		}
		b.log.Info("scheduled backups: removed the remains of an interrupted backup", "path", filepath.Join(b.dir, name))
	}
}

// runOnce makes one backup and then removes the archives beyond keep.
func (b *backupScheduler) runOnce(ctx context.Context) {
	start := b.now().UTC()
	file := filepath.Join(b.dir, archivePrefix+start.Format(archiveTime)+archiveSuffix)
	err := b.make(ctx, file)
	if err != nil && ctx.Err() != nil {
		return // stopped: neither a success nor a failure
	}
	b.mu.Lock()
	if err != nil {
		b.lastFail, b.lastErr = b.now(), err
	} else {
		b.lastOK, b.lastFile = start, file
	}
	b.mu.Unlock()
	if err != nil {
		b.log.Error("scheduled backup failed", "file", file, "err", err)
		return
	}
	b.log.Info("scheduled backup written", "file", file, "took", b.now().Sub(start).Round(time.Millisecond).String())
	if err := b.prune(); err != nil {
		b.log.Warn("scheduled backups: remove old archives", "dir", b.dir, "err", err)
	}
}

// prune removes the oldest archives beyond keep; other files of the
// folder are left alone.
func (b *backupScheduler) prune() error {
	names, _, err := b.archives()
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range names[:max(0, len(names)-b.keep)] {
		if err := os.Remove(filepath.Join(b.dir, name)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// LastOK is when the last good backup was made; ok false: none known.
func (b *backupScheduler) LastOK() (time.Time, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.lastOK, !b.lastOK.IsZero()
}

// Health is the lines of /healthz?chi-tiet about backups; an error when
// the last attempt failed, or when no good backup is younger than twice
// --backup-every (one missed: the process was down, or the backups hang).
func (b *backupScheduler) Health(started time.Time) ([]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var lines []string
	if b.lastOK.IsZero() {
		lines = append(lines, "backup last success: none yet")
	} else {
		lines = append(lines, fmt.Sprintf("backup last success: %s %s", b.lastOK.UTC().Format(time.RFC3339), b.lastFile))
	}
	if b.lastErr != nil {
		lines = append(lines, fmt.Sprintf("backup last failure: %s %v", b.lastFail.UTC().Format(time.RFC3339), b.lastErr))
	}
	now := b.now()
	switch {
	case b.lastErr != nil && b.lastFail.After(b.lastOK):
		return lines, fmt.Errorf("backup failing: the last scheduled backup failed at %s", b.lastFail.UTC().Format(time.RFC3339))
	case !b.lastOK.IsZero() && now.Sub(b.lastOK) > 2*b.every:
		return lines, fmt.Errorf("backup late: the last good backup is from %s", b.lastOK.UTC().Format(time.RFC3339))
	case b.lastOK.IsZero() && now.Sub(started) > 2*b.every:
		return lines, errors.New("backup late: no good backup since the start")
	}
	return lines, nil
}
