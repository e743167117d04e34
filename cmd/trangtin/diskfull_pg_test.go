package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	osuser "os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/config"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestFullDiskPostgres: the PostgreSQL database lives in a tablespace on
// a small tmpfs, filled to the brim. Saving a new article fails with the
// Vietnamese "out of space" message and the form as typed, reads go on,
// and once space is freed the same save succeeds; the indexes check clean.
// It needs the PostgreSQL server on this machine (the tablespace is a
// folder of it), as scripts/test starts it.
func TestFullDiskPostgres(t *testing.T) {
	dsn := testenv.Postgres(t)
	dir := smallDisk(t, 32<<20)
	pg, err := osuser.Lookup("postgres")
	if err != nil {
		testenv.Require(t, "the postgres user of a local PostgreSQL server", err)
	}
	uid, _ := strconv.Atoi(pg.Uid)
	gid, _ := strconv.Atoi(pg.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	// The server must reach it through the test's temporary folder.
	if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	rand.Read(b[:])
	name := "trangtin_full_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE TABLESPACE " + name + " LOCATION '" + dir + "'"); err != nil {
		testenv.Require(t, "a PostgreSQL server on this machine, for a tablespace on the small disk", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP TABLESPACE " + name); err != nil {
			t.Errorf("drop tablespace: %v", err)
		}
	})
	if _, err := admin.Exec("CREATE DATABASE " + name + " TABLESPACE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database: %v", err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name

	app := startApp(t, config.Config{DataDir: t.TempDir(), DB: u.String()})
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	cat := testenv.Must(app.db.FindCategoryBySlug(ctx, site.ID, "tin-tuc-su-kien")).Get(t)
	const pw = "Mat-khau-du-dai-2025"
	if _, err := app.users.CreateUser(ctx, "phongvien@giavien.gov.vn", "Phóng Viên", pw, user.RoleReporter, site.ID); err != nil {
		t.Fatal(err)
	}
	editor := staffClient(t, app.URL, "phongvien@giavien.gov.vn", pw)

	release := fill(t, dir)
	const title = "Thông báo lịch tiếp công dân tháng 12"
	paragraph := "Ủy ban nhân dân huyện thông báo lịch tiếp công dân định kỳ."
	form := url.Values{"title": {title}, "category": {strconv.FormatInt(cat.ID, 10)},
		"body": {"<p>" + paragraph + "</p>" + strings.Repeat("<p>Nội dung chi tiết số "+hex.EncodeToString(b[:])+".</p>", 4000)}, "author": {"Phóng Viên"}, "unit": {"Văn phòng"}}
	st, page := postForm(t, editor, app.URL+"/quan-tri/bai-viet/moi", form)
	if st != http.StatusServiceUnavailable || !strings.Contains(page, apperr.MsgStorageFull) ||
		!strings.Contains(page, `value="`+title+`"`) || !strings.Contains(page, paragraph) {
		t.Errorf("article save on a full disk: %d, message %v, title kept %v, body kept %v", st,
			strings.Contains(page, apperr.MsgStorageFull), strings.Contains(page, `value="`+title+`"`), strings.Contains(page, paragraph))
	}
	// Reads go on: pages, search (its rate limit counts in memory), the
	// JSON API.
	for _, path := range []string{seedURL, "/van-ban", "/tim-kiem?q=bao+tro+xa+hoi", "/api/v1/articles?per_page=5", "/api/v1/search?q=bao+tro"} {
		if res, body := get(t, app.URL+path); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s on a full disk: %d %.200s", path, res.StatusCode, body)
		}
	}

	release()
	if st, _ := postForm(t, editor, app.URL+"/quan-tri/bai-viet/moi", form); st != http.StatusSeeOther {
		t.Errorf("article save after freeing space: %d", st)
	}
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE EXTENSION IF NOT EXISTS amcheck"); err != nil {
		t.Fatalf("amcheck (PostgreSQL's contrib): %v", err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(bt_index_check(c.oid, true)) FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
		JOIN pg_namespace s ON s.oid = c.relnamespace
		WHERE a.amname = 'btree' AND s.nspname = 'public'`).Scan(&n); err != nil || n == 0 {
		t.Errorf("bt_index_check over %d indexes: %v", n, err)
	}
}
