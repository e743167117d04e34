package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/media"
)

// TestBackupRoundTrip is the done-when of issue 15, item 1: `trangtin
// backup`, taken while a writer keeps appending to the database, then
// `trangtin restore` into a fresh folder (and database) gives every table
// as it was at the snapshot and every uploaded file, and the restored
// server answers the same bytes for the same pages.
func TestBackupRoundTrip(t *testing.T) { eachStore(t, testBackupRoundTrip) }

func testBackupRoundTrip(t *testing.T, cfg config.Config) {
	ctx := context.Background()
	cfg.SiteURL = "https://giavien.example.vn" // the same origin for both servers
	app := startApp(t, cfg)
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	photo, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(testPNG(t, 900, 600)), "Ảnh hội nghị", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.UploadFile(ctx, site.ID, 0, "quyet-dinh.pdf", strings.NewReader("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"), nil); err != nil {
		t.Fatal(err)
	}

	// A writer appends audit entries (a hash chain, so a torn snapshot
	// would not verify) until the backup is over.
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := app.db.AppendAudit(ctx, &audit.Entry{Action: "login.ok", Actor: fmt.Sprintf("writer-%d@localhost", i), IP: "127.0.0.1"}); err != nil {
				writeErr = err
				return
			}
			committed.Add(1)
		}
	})
	// Wait for the writer to be under way, not for a time.
	for committed.Load() < 20 && writeErr == nil {
		if err := app.db.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	}
	before := committed.Load()
	file := filepath.Join(t.TempDir(), "trangtin.tar.gz")
	args := []string{"backup", "--data", cfg.DataDir, "--to", file}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	var out, errb strings.Builder
	if err := run(ctx, nil, args, &out, &errb); err != nil {
		t.Fatalf("backup: %v\n%s%s", err, out.String(), errb.String())
	}
	after := committed.Load()
	close(stop)
	wg.Wait()
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	t.Logf("backup: %s (writer: %d entries before, %d after)", out.String(), before, after)

	restored := config.Config{DataDir: filepath.Join(t.TempDir(), "data"), SiteURL: cfg.SiteURL}
	args = []string{"restore", file, "--data", restored.DataDir}
	if cfg.DB != "" {
		restored.DB = freshPostgres(t)
		args = append(args, "--db", restored.DB)
	}
	out.Reset()
	if err := run(ctx, nil, args, &out, &errb); err != nil {
		t.Fatalf("restore: %v\n%s%s", err, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "nhật ký toàn vẹn") {
		t.Errorf("restore output %q does not report the audit chain", out.String())
	}

	// Every table as at the snapshot: the audit log holds a prefix of the
	// source's (at least what was committed before the backup began, at
	// most what was committed when it ended), every other table all of it.
	src, dst := openRaw(t, cfg), openRaw(t, restored)
	var last int64
	if err := dst.QueryRow("SELECT COALESCE(max(id), 0) FROM audit_log WHERE actor LIKE 'writer-%'").Scan(&last); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := dst.QueryRow("SELECT count(*) FROM audit_log WHERE actor LIKE 'writer-%'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n < before || n > after {
		t.Errorf("the snapshot holds %d of the writer's entries; %d were committed before the backup began and %d when it ended", n, before, after)
	}
	tables := tableNames(t, dst, cfg.DB != "")
	if !slices.Contains(tables, "articles") || !slices.Contains(tables, "audit_log") {
		t.Fatalf("tables %v", tables)
	}
	// The audit head moved on with the writer: at the snapshot it named
	// the last entry the snapshot holds.
	var headCount, total int64
	var headHash, lastHash string
	if err := dst.QueryRow("SELECT count, hash FROM audit_head").Scan(&headCount, &headHash); err != nil {
		t.Fatal(err)
	}
	if err := dst.QueryRow("SELECT count(*) FROM audit_log").Scan(&total); err != nil {
		t.Fatal(err)
	}
	if err := src.QueryRow(fmt.Sprintf("SELECT hash FROM audit_log WHERE id = (SELECT max(id) FROM audit_log WHERE id <= %d)", last)).Scan(&lastHash); err != nil {
		t.Fatal(err)
	}
	if headCount != total || headHash != lastHash {
		t.Errorf("restored audit head (%d, %s), want (%d, %s)", headCount, headHash, total, lastHash)
	}
	for _, table := range tables {
		where := ""
		if table == "audit_head" {
			continue
		}
		if table == "audit_log" {
			where = fmt.Sprintf(" WHERE id <= %d", last)
		}
		want, got := tableRows(t, src, table, where), tableRows(t, dst, table, where)
		if !slices.Equal(want, got) {
			t.Errorf("table %s: %d rows restored, %d at the snapshot, or different", table, len(got), len(want))
		}
	}
	// Every uploaded file, and its content type.
	wantFiles, gotFiles := tree(t, filepath.Join(cfg.DataDir, "media")), tree(t, filepath.Join(restored.DataDir, "media"))
	if len(wantFiles) < 4 {
		t.Errorf("only %d media files in the source", len(wantFiles))
	}
	for name, data := range wantFiles {
		if gotFiles[name] != data {
			t.Errorf("media file %s not restored the same", name)
		}
	}
	if len(gotFiles) != len(wantFiles) {
		t.Errorf("%d media files restored, %d in the source", len(gotFiles), len(wantFiles))
	}

	// The restored server answers the same bytes.
	copyApp := startApp(t, restored)
	for _, path := range []string{"/", "/tin-tuc/hoi-nghi-thuc-hien-chinh-sach-bao-tro-xa-hoi-tren-dia-ban-huyen", "/rss", "/sitemap.xml", "/van-ban", photo.URL()} {
		res1, want := get(t, app.URL+path)
		res2, got := get(t, copyApp.URL+path)
		if res1.StatusCode != 200 || res2.StatusCode != 200 {
			t.Errorf("GET %s: %d on the original, %d on the restored copy", path, res1.StatusCode, res2.StatusCode)
		}
		if want != got {
			t.Errorf("GET %s: the restored copy answers different bytes (%d, %d long)", path, len(got), len(want))
		}
	}
}

// TestBackupVerifyFlippedByte: `trangtin backup verify` accepts a fresh
// archive and refuses it with any one byte flipped, wherever it is.
func TestBackupVerifyFlippedByte(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	app := startApp(t, config.Config{DataDir: dir})
	app.Stop()
	file := filepath.Join(t.TempDir(), "a.tar.gz")
	var out, errb strings.Builder
	if err := run(ctx, nil, []string{"backup", "--data", dir, "--to", file}, &out, &errb); err != nil {
		t.Fatalf("backup: %v\n%s", err, errb.String())
	}
	out.Reset()
	if err := run(ctx, nil, []string{"backup", "verify", file}, &out, &errb); err != nil {
		t.Fatalf("verify of an untouched archive: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Mã băm khớp") || !strings.Contains(out.String(), "nhật ký toàn vẹn") {
		t.Errorf("verify output %q", out.String())
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Every byte of the gzip header and trailer, and bytes spread over
	// the rest.
	var positions []int
	for i := range min(len(orig), 32) {
		positions = append(positions, i, len(orig)-1-i)
	}
	for i := 32; i < len(orig)-32; i += max(1, len(orig)/60) {
		positions = append(positions, i)
	}
	bad := filepath.Join(t.TempDir(), "bad.tar.gz")
	for _, pos := range positions {
		data := slices.Clone(orig)
		data[pos] ^= 0x10
		if err := os.WriteFile(bad, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		err := run(ctx, nil, []string{"backup", "verify", bad}, &out, &errb)
		if err == nil {
			t.Errorf("byte %d of %d flipped: verify passed:\n%s", pos, len(orig), out.String())
		} else if !strings.Contains(out.String(), "KHÔNG") {
			t.Errorf("byte %d flipped: output %q does not say the archive is unusable", pos, out.String())
		}
	}
}

// TestRestoreRefusesNonEmptyTarget: restore goes into an empty place only,
// and leaves a refused target as it was.
func TestRestoreRefusesNonEmptyTarget(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	app := startApp(t, config.Config{DataDir: dir})
	app.Stop()
	file := filepath.Join(t.TempDir(), "a.tar.gz")
	var out, errb strings.Builder
	if err := run(ctx, nil, []string{"backup", "--data", dir, "--to", file}, &out, &errb); err != nil {
		t.Fatalf("backup: %v\n%s", err, errb.String())
	}
	if err := run(ctx, nil, []string{"backup", "--data", dir, "--to", file}, &out, &errb); err == nil || !strings.Contains(err.Error(), "đã có") {
		t.Errorf("a second backup onto the same file: %v, want a refusal", err)
	}

	// The live data folder itself.
	if err := run(ctx, nil, []string{"restore", file, "--data", dir}, &out, &errb); err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Errorf("restore onto the live folder: %v, want a refusal", err)
	}
	// A folder with one unrelated file.
	other := t.TempDir()
	note := filepath.Join(other, "ghi-chu.txt")
	if err := os.WriteFile(note, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, nil, []string{"restore", file, "--data", other}, &out, &errb); err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Errorf("restore into a folder with a file: %v, want a refusal", err)
	}
	if entries, err := os.ReadDir(other); err != nil || len(entries) != 1 {
		t.Errorf("the refused folder now holds %v (%v)", entries, err)
	}
	// An existing database file named by --db.
	dbFile := filepath.Join(t.TempDir(), "other.db")
	if err := os.WriteFile(dbFile, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, nil, []string{"restore", file, "--data", filepath.Join(t.TempDir(), "d"), "--db", "sqlite://" + dbFile}, &out, &errb); err == nil || !strings.Contains(err.Error(), "đã có tệp cơ sở dữ liệu") {
		t.Errorf("restore onto an existing database file: %v, want a refusal", err)
	}
	// A folder whose parent is missing is named, not created.
	if err := run(ctx, nil, []string{"restore", file, "--data", filepath.Join(t.TempDir(), "a", "b")}, &out, &errb); err == nil || !strings.Contains(err.Error(), "không tồn tại") {
		t.Errorf("restore under a missing folder: %v, want a refusal", err)
	}
}

// TestRestoreRefusesNonEmptyPostgres: a PostgreSQL target with tables is
// refused before anything is written.
func TestRestoreRefusesNonEmptyPostgres(t *testing.T) {
	ctx := context.Background()
	cfg := config.Config{DataDir: t.TempDir(), DB: freshPostgres(t)}
	app := startApp(t, cfg)
	app.Stop()
	file := filepath.Join(t.TempDir(), "a.tar.gz")
	var out, errb strings.Builder
	if err := run(ctx, nil, []string{"backup", "--data", cfg.DataDir, "--db", cfg.DB, "--to", file}, &out, &errb); err != nil {
		t.Fatalf("backup: %v\n%s", err, errb.String())
	}
	target := t.TempDir()
	err := run(ctx, nil, []string{"restore", file, "--data", target, "--db", cfg.DB}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "cơ sở dữ liệu đích không trống") {
		t.Errorf("restore onto the live database: %v, want a refusal", err)
	}
	if entries, err := os.ReadDir(target); err != nil || len(entries) != 0 {
		t.Errorf("the refused data folder now holds %v (%v)", entries, err)
	}
	// The other store is refused, saying so.
	err = run(ctx, nil, []string{"restore", file, "--data", filepath.Join(t.TempDir(), "d")}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "cùng loại cơ sở dữ liệu") {
		t.Errorf("restore of a PostgreSQL backup into SQLite: %v, want a refusal", err)
	}
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// openRaw opens the database of cfg with database/sql, for comparisons.
func openRaw(t *testing.T, cfg config.Config) *sql.DB {
	t.Helper()
	driver, dsn := cfg.Database()
	name := "pgx"
	if driver == "sqlite" {
		name, dsn = "sqlite", "file:"+dsn
	}
	db, err := sql.Open(name, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func tableNames(t *testing.T, db *sql.DB, pg bool) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	if pg {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
	}
	return queryStrings(t, db, q)
}

// tableRows is every row of table, printed, sorted.
func tableRows(t *testing.T, db *sql.DB, table, where string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT * FROM "` + table + `"` + where)
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%q", fmt.Sprint(vals...)))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// tree reads every file under dir, by slash-separated relative name.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackupVerifyPostgres: verify reads a PostgreSQL archive's dump with
// pg_restore, and with --db of an empty database loads it there and walks
// its audit chain.
func TestBackupVerifyPostgres(t *testing.T) {
	ctx := context.Background()
	cfg := config.Config{DataDir: t.TempDir(), DB: freshPostgres(t)}
	app := startApp(t, cfg)
	for range 5 {
		if err := app.db.AppendAudit(ctx, &audit.Entry{Action: "login.ok", Actor: "admin@localhost", IP: "127.0.0.1"}); err != nil {
			t.Fatal(err)
		}
	}
	entries, _, err := app.db.AuditHead(ctx) // the demo's own and the 5
	if err != nil {
		t.Fatal(err)
	}
	app.Stop()
	file := filepath.Join(t.TempDir(), "a.tar.gz")
	var out, errb strings.Builder
	if err := run(ctx, nil, []string{"backup", "--data", cfg.DataDir, "--db", cfg.DB, "--to", file}, &out, &errb); err != nil {
		t.Fatalf("backup: %v\n%s", err, errb.String())
	}
	out.Reset()
	if err := run(ctx, nil, []string{"backup", "verify", file}, &out, &errb); err != nil || !strings.Contains(out.String(), "Nhật ký chưa được kiểm tra") {
		t.Errorf("verify without --db: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, nil, []string{"backup", "verify", file, "--db", freshPostgres(t)}, &out, &errb); err != nil || !strings.Contains(out.String(), fmt.Sprintf("nhật ký toàn vẹn: %d mục", entries)) {
		t.Errorf("verify with --db: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, nil, []string{"backup", "verify", file, "--db", cfg.DB}, &out, &errb); err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Errorf("verify into a database with tables: %v, want a refusal", err)
	}
}
