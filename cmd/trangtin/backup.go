package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/backup"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/store/postgres"
	"trangtin/internal/store/sqlite"
)

const backupUsage = `usage:
  trangtin backup [--data DIR|--db URL] --to FILE
  trangtin backup verify FILE [--db postgres://… (an empty database, to check a PostgreSQL backup's audit log)]
  trangtin restore FILE --data DIR [--db URL]
`

// backupCmd: trangtin backup [--data DIR|--db URL] --to FILE, or
// trangtin backup verify FILE.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "verify" {
		return backupVerifyCmd(ctx, args[1:], stdout, stderr)
	}
	var to string
	cfg, _, err := parse("backup", args, stderr, false, func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "the archive to write (.tar.gz); it must not exist")
	})
	if err != nil {
		return err
	}
	if to == "" {
		return errors.New("thiếu --to FILE: tên tệp sao lưu cần ghi (ví dụ --to /var/backups/trangtin-2026-12-07.tar.gz)\n" + backupUsage)
	}
	start := time.Now()
	m, err := makeBackup(ctx, cfg, to)
	if err != nil {
		return err
	}
	var size int64
	for _, f := range m.Files {
		size += f.Size
	}
	fmt.Fprintf(stdout, "Đã sao lưu cơ sở dữ liệu (%s, phiên bản lược đồ %d), %d trang và %d tệp (%.1f MiB) vào %s trong %s.\n",
		m.Store, m.SchemaVersion, len(m.Sites), len(m.Files)-1, float64(size)/(1<<20), to, time.Since(start).Round(time.Millisecond))
	return nil
}

// makeBackup writes the archive to: a snapshot of the database cfg names,
// taken while other processes go on reading and writing, then every file
// of the data folder's media/. The snapshot comes first, so every file a
// row of it names was written before it (uploads are stored before their
// row, and never deleted once a row names them); files uploaded after the
// snapshot come along unnamed, harmless.
func makeBackup(ctx context.Context, cfg config.Config, to string) (backup.Manifest, error) {
	driver, dsn := cfg.Database()
	m := backup.Manifest{Store: driver, Created: time.Now().UTC()}
	if err := folderExists(cfg.DataDir); err != nil {
		return m, fmt.Errorf("--data %s: %w", cfg.DataDir, err)
	}
	w, err := backup.Create(to)
	if err != nil {
		return m, err
	}
	defer w.Abort()
	// Named after the archive, so that the scheduler knows the remains of
	// one of its own backups that was killed (removeLeftovers).
	tmp, err := os.MkdirTemp(filepath.Dir(to), ".trangtin-backup-"+filepath.Base(to)+"-")
	if err != nil {
		return m, err
	}
	defer os.RemoveAll(tmp)
	var sites []content.Site
	switch driver {
	case "sqlite":
		if _, err := os.Stat(dsn); err != nil {
			return m, fmt.Errorf("không có cơ sở dữ liệu để sao lưu: %w", err)
		}
		db, err := sqlite.Open(ctx, dsn)
		if err != nil {
			return m, err
		}
		snap := filepath.Join(tmp, "trangtin.db")
		err = db.Backup(ctx, snap)
		if err == nil {
			sites, m.SchemaVersion, err = siteList(ctx, db)
		}
		db.Close()
		if err != nil {
			return m, err
		}
		if err := w.AddFile(backup.SQLiteName, snap); err != nil {
			return m, err
		}
	case "postgres":
		pgDump, err := backup.FindTool("pg_dump")
		if err != nil {
			return m, err
		}
		db, err := postgres.Open(ctx, dsn)
		if err != nil {
			return m, err
		}
		sites, m.SchemaVersion, err = siteList(ctx, db)
		db.Close()
		if err != nil {
			return m, err
		}
		dump := filepath.Join(tmp, "trangtin.pgdump")
		if err := runTool(ctx, pgDump, "--format=custom", "--no-owner", "--no-privileges", "--file="+dump, "--dbname="+dsn); err != nil {
			return m, err
		}
		if err := w.AddFile(backup.PostgresName, dump); err != nil {
			return m, err
		}
	}
	if err := w.AddTree("media", filepath.Join(cfg.DataDir, "media")); err != nil {
		return m, fmt.Errorf("sao lưu tệp tải lên: %w", err)
	}
	for _, s := range sites {
		m.Sites = append(m.Sites, backup.Site{Key: s.Key, Name: s.Name, Host: s.Host})
	}
	if err := w.Commit(m); err != nil {
		return m, err
	}
	return backup.Read(to, nil)
}

func siteList(ctx context.Context, db interface {
	FindSites(context.Context) ([]content.Site, error)
	SchemaVersion(context.Context) (int, error)
}) ([]content.Site, int, error) {
	sites, err := db.FindSites(ctx)
	if err != nil {
		return nil, 0, err
	}
	v, err := db.SchemaVersion(ctx)
	return sites, v, err
}

// runTool runs a PostgreSQL client program, its error output in the error.
func runTool(ctx context.Context, prog string, args ...string) error {
	var errb bytes.Buffer
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if len(msg) > 4000 {
			msg = msg[:4000] + "…"
		}
		return fmt.Errorf("%s thất bại: %w: %s", filepath.Base(prog), err, msg)
	}
	return nil
}

// parseFileCmd reads the flags of the command name and its one archive
// FILE, written before or after them ("FILE --flags…" or "--flags… FILE":
// the flag package stops at the first word that is not a flag).
func parseFileCmd(name string, args []string, stderr io.Writer) (config.Config, string, error) {
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	cfg, fs, err := parse(name, args, stderr, false, nil)
	if err != nil {
		return cfg, "", err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if file == "" || fs.NArg() > 0 {
		return cfg, "", errors.New("cần đúng một tệp sao lưu\n" + backupUsage)
	}
	return cfg, file, nil
}

// backupVerifyCmd: trangtin backup verify FILE.
func backupVerifyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, file, err := parseFileCmd("backup verify", args, stderr)
	if err != nil {
		return err
	}
	m, err := backup.Read(file, nil)
	if err != nil {
		fmt.Fprintf(stdout, "Tệp sao lưu KHÔNG dùng được: %v\n", err)
		return err
	}
	fmt.Fprintf(stdout, "Mã băm khớp: %d tệp, cơ sở dữ liệu %s (phiên bản lược đồ %d), tạo lúc %s, %d trang.\n",
		len(m.Files), m.Store, m.SchemaVersion, m.Created.Format(time.RFC3339), len(m.Sites))
	tmp, err := os.MkdirTemp("", "trangtin-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var target config.Config
	switch m.Store {
	case "sqlite":
		target = config.Config{DataDir: tmp}
		if err := extractDB(file, m, filepath.Join(tmp, "trangtin.db")); err != nil {
			return err
		}
	case "postgres":
		dump := filepath.Join(tmp, "trangtin.pgdump")
		if err := extractDB(file, m, dump); err != nil {
			return err
		}
		pgRestore, err := backup.FindTool("pg_restore")
		if err != nil {
			return err
		}
		if err := runTool(ctx, pgRestore, "--list", "--file="+os.DevNull, dump); err != nil {
			fmt.Fprintf(stdout, "Bản kết xuất PostgreSQL KHÔNG đọc được: %v\n", err)
			return err
		}
		driver, _ := cfg.Database()
		if cfg.DB == "" || driver != "postgres" {
			fmt.Fprintln(stdout, "Bản kết xuất PostgreSQL đọc được. Nhật ký chưa được kiểm tra: thêm --db postgres://… (một cơ sở dữ liệu trống để nạp thử) để kiểm tra.")
			return nil
		}
		if err := restorePostgres(ctx, dump, cfg.DB); err != nil {
			return err
		}
		target = config.Config{DataDir: tmp, DB: cfg.DB}
	}
	return checkRestored(ctx, target, stdout)
}

// checkRestored opens a restored database and walks its audit chain.
func checkRestored(ctx context.Context, cfg config.Config, stdout io.Writer) error {
	db, err := openStore(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stdout, "Cơ sở dữ liệu KHÔNG mở được: %v\n", err)
		return err
	}
	defer db.Close()
	n, problem, err := audit.Verify(ctx, db)
	if err != nil {
		return err
	}
	if problem != nil {
		fmt.Fprintf(stdout, "Cơ sở dữ liệu mở được nhưng nhật ký KHÔNG toàn vẹn: %s.\n", problem.Error())
		return fmt.Errorf("audit log tampered at entry %d", problem.ID)
	}
	fmt.Fprintf(stdout, "Cơ sở dữ liệu mở được, nhật ký toàn vẹn: %d mục, chuỗi băm khớp.\n", n)
	return nil
}

// extractDB writes the database entry of the (already verified) archive
// to dst, and checks it again as it goes.
func extractDB(file string, m backup.Manifest, dst string) error {
	want := backup.SQLiteName
	if m.Store == "postgres" {
		want = backup.PostgresName
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = backup.Read(file, func(name string, r io.Reader) error {
		if name != want {
			return nil
		}
		_, err := io.Copy(f, r)
		return err
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// restorePostgres loads a pg_dump custom-format file into the database
// dsn, which must be empty, in one transaction.
func restorePostgres(ctx context.Context, dump, dsn string) error {
	n, err := postgres.UserTables(ctx, dsn)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("cơ sở dữ liệu đích không trống (%d bảng): chỉ khôi phục vào một cơ sở dữ liệu trống (CREATE DATABASE …), để không trộn lẫn hay ghi đè dữ liệu đang có", n)
	}
	pgRestore, err := backup.FindTool("pg_restore")
	if err != nil {
		return err
	}
	return runTool(ctx, pgRestore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname="+dsn, dump)
}

// restoreCmd: trangtin restore FILE --data DIR [--db URL], into an empty
// target only.
func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && isHelp(args[0]) {
		return &helpShown{backupUsage}
	}
	cfg, file, err := parseFileCmd("restore", args, stderr)
	if err != nil {
		return err
	}
	driver, dsn := cfg.Database()
	// The target first: nothing is read from a big archive to be refused.
	if err := emptyTarget(ctx, cfg); err != nil {
		return err
	}
	m, err := backup.Read(file, nil)
	if err != nil {
		return err
	}
	if m.Store != driver {
		return fmt.Errorf("tệp sao lưu chứa cơ sở dữ liệu %s, còn đích là %s: khôi phục vào cùng loại cơ sở dữ liệu (chuyển dữ liệu giữa SQLite và PostgreSQL chưa được hỗ trợ)", m.Store, driver)
	}
	if err := ensureDataDir(cfg.DataDir); err != nil {
		return err
	}
	if err := restoreInto(ctx, file, m, cfg, dsn); err != nil {
		// The target was empty: leave it so again.
		cleanTarget(cfg)
		return err
	}
	fmt.Fprintf(stdout, "Đã khôi phục %d tệp từ %s (tạo lúc %s, %d trang).\n", len(m.Files), file, m.Created.Format(time.RFC3339), len(m.Sites))
	return checkRestored(ctx, cfg, stdout)
}

func restoreInto(ctx context.Context, file string, m backup.Manifest, cfg config.Config, dsn string) error {
	mediaDir := filepath.Join(cfg.DataDir, "media")
	if err := os.MkdirAll(mediaDir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(mediaDir)
	if err != nil {
		return err
	}
	defer root.Close()
	dbFile := dsn + ".restoring"
	if m.Store == "postgres" {
		dbFile = filepath.Join(cfg.DataDir, ".restoring.pgdump")
	}
	defer os.Remove(dbFile)
	_, err = backup.Read(file, func(name string, r io.Reader) error {
		if name == backup.SQLiteName || name == backup.PostgresName {
			return writeFile(dbFile, r, func(name string, flag int, perm os.FileMode) (*os.File, error) {
				return os.OpenFile(name, flag, perm)
			})
		}
		rel := filepath.FromSlash(strings.TrimPrefix(name, backup.MediaPrefix))
		if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
			return err
		}
		return writeFile(rel, r, root.OpenFile)
	})
	if err != nil {
		return err
	}
	if m.Store == "postgres" {
		return restorePostgres(ctx, dbFile, cfg.DB)
	}
	return os.Rename(dbFile, dsn)
}

func writeFile(name string, r io.Reader, open func(string, int, os.FileMode) (*os.File, error)) error {
	f, err := open(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// emptyTarget refuses a restore into anything but an empty place: the
// data folder missing or empty, no SQLite file, or a PostgreSQL database
// without tables.
func emptyTarget(ctx context.Context, cfg config.Config) error {
	entries, err := os.ReadDir(cfg.DataDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := folderExists(filepath.Dir(filepath.Clean(cfg.DataDir))); err != nil {
			return fmt.Errorf("--data %s: %w", cfg.DataDir, err)
		}
	case err != nil:
		return fmt.Errorf("--data %s: %w", cfg.DataDir, err)
	case len(entries) > 0:
		return fmt.Errorf("thư mục dữ liệu %s không trống (có %s…): chỉ khôi phục vào một thư mục trống hoặc chưa có, để không ghi đè dữ liệu đang có", cfg.DataDir, entries[0].Name())
	}
	driver, dsn := cfg.Database()
	switch driver {
	case "postgres":
		n, err := postgres.UserTables(ctx, dsn)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("cơ sở dữ liệu đích không trống (%d bảng): chỉ khôi phục vào một cơ sở dữ liệu trống (CREATE DATABASE …), để không trộn lẫn hay ghi đè dữ liệu đang có", n)
		}
	default:
		if _, err := os.Lstat(dsn); err == nil {
			return fmt.Errorf("đã có tệp cơ sở dữ liệu %s: chỉ khôi phục vào nơi chưa có dữ liệu, để không ghi đè dữ liệu đang có", dsn)
		}
		if err := folderExists(filepath.Dir(dsn)); err != nil && cfg.DB != "" {
			return fmt.Errorf("--db %s: %w", cfg.DB, err)
		}
	}
	return nil
}

// cleanTarget undoes a failed restore into a target emptyTarget accepted.
func cleanTarget(cfg config.Config) {
	if entries, err := os.ReadDir(cfg.DataDir); err == nil {
		for _, e := range entries {
			os.RemoveAll(filepath.Join(cfg.DataDir, e.Name()))
		}
	}
	if driver, dsn := cfg.Database(); driver == "sqlite" {
		for _, suffix := range []string{"", "-wal", "-shm", ".restoring"} {
			os.Remove(dsn + suffix)
		}
	}
}
