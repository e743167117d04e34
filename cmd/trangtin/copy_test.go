package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/consultation"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/newsroom"
	"trangtin/internal/rating"
	"trangtin/internal/redirect"
	"trangtin/internal/store/postgres"
	"trangtin/internal/testenv"
)

// copySiteURL is the origin both servers of a comparison answer for.
const copySiteURL = "https://giavien.example.vn"

// buildCopySource makes, in a fresh SQLite data folder, the demo site plus
// content of every kind: an article with revisions, a page, a document
// with an attachment, a photo, a question, a consultation with a comment,
// ratings, a user with a membership, redirects, audit entries and site
// settings. It returns the folder's config, the server stopped.
func buildCopySource(t *testing.T) config.Config {
	t.Helper()
	ctx := context.Background()
	cfg := config.Config{DataDir: t.TempDir(), SiteURL: copySiteURL}
	app := startApp(t, cfg)
	db := app.db
	site := testenv.Must(db.FindSiteByKey(ctx, "giavien")).Get(t)
	lib := media.NewLibrary(db, app.blobs, media.Limits{})
	photo := testenv.Must(lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(testPNG(t, 640, 400)), "Ảnh hội nghị chuyển đổi số", nil)).Get(t)
	file := testenv.Must(lib.UploadFile(ctx, site.ID, 0, "Kế hoạch chuyển đổi số.pdf", strings.NewReader("%PDF-1.7\n%%EOF\n"), nil)).Get(t)
	cats := testenv.Must(db.FindCategories(ctx, site.ID)).Get(t)
	base := time.Date(2026, 3, 2, 8, 30, 0, 123456000, time.UTC)
	// A category under a parent created after it: the rows' order is not
	// the foreign keys' order.
	child := content.Category{SiteID: site.ID, Name: "Chuyển đổi số", Slug: "chuyen-doi-so", Position: 9}
	must(t, db.CreateCategory(ctx, &child, nil))
	parent := content.Category{SiteID: site.ID, Name: "Khoa học công nghệ", Slug: "khoa-hoc-cong-nghe", Position: 10}
	must(t, db.CreateCategory(ctx, &parent, nil))
	child.ParentID = parent.ID
	must(t, content.NewService(db).SaveCategory(ctx, &child, nil))
	a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: "Hội nghị chuyển đổi số xã Gia Viễn năm 2026", Slug: "hoi-nghi-chuyen-doi-so-2026",
		Summary: "Tóm tắt hội nghị chuyển đổi số", Body: "<p>Nội dung hội nghị chuyển đổi số.</p>", Author: "Phóng viên", Unit: "Trung tâm VHTT",
		Status: content.StatusPublished, PublishedAt: base, Featured: true}
	must(t, db.ApplyChange(ctx, &newsroom.Change{Article: &a, Revision: &newsroom.Revision{Stage: a.Status,
		Draft: newsroom.Draft{CategoryID: a.CategoryID, Title: a.Title, Body: a.Body, Author: a.Author}}}))
	a.Body = "<p>Nội dung hội nghị chuyển đổi số, bản sửa.</p>"
	must(t, db.ApplyChange(ctx, &newsroom.Change{Article: &a, Revision: &newsroom.Revision{Stage: a.Status,
		Draft: newsroom.Draft{CategoryID: a.CategoryID, Title: a.Title, Body: a.Body, Author: a.Author}}}))
	draft := content.Article{SiteID: site.ID, CategoryID: child.ID, Title: "Bản nháp chưa đăng", Slug: "ban-nhap", Status: content.StatusDraft}
	must(t, db.CreateArticle(ctx, &draft))
	p := content.Page{SiteID: site.ID, Title: "Sơ đồ tổ chức", Slug: "so-do-to-chuc", Body: "<p>Sơ đồ</p>", InMenu: true}
	must(t, db.CreatePage(ctx, &p, nil))
	d := document.Document{SiteID: site.ID, Type: "Quyết định", Number: "77/QĐ-UBND", Issuer: "UBND xã Gia Viễn", Abstract: "Kế hoạch chuyển đổi số",
		IssuedOn: mustDay(t, "2026-03-01"), Status: document.StatusPublished, PublishedAt: base, FileIDs: []int64{file.ID}}
	must(t, db.CreateDocument(ctx, &d, nil))
	c := consultation.Consultation{SiteID: site.ID, Title: "Dự thảo quy chế chuyển đổi số", Summary: "Tóm tắt", Status: consultation.StatusPublished,
		OpensAt: base, ClosesAt: base.Add(240 * time.Hour), CreatedAt: base, UpdatedAt: base, PublishedAt: base}
	must(t, db.CreateConsultation(ctx, &c, nil))
	cm := consultation.Comment{SiteID: site.ID, ConsultationID: c.ID, Name: "An", Body: "Góp ý", Status: consultation.CommentApproved, CreatedAt: base, UpdatedAt: base}
	must(t, db.CreateComment(ctx, &cm))
	for i, score := range []int{5, 4, 5} {
		must(t, db.AddRating(ctx, site.ID, rating.Article, a.ID, score, base.Add(time.Duration(i)*time.Minute)))
	}
	must(t, db.PutRedirects(ctx, []redirect.Entry{{SiteID: site.ID, From: "/index.php?nv=news&op=123", ToSiteID: site.ID, To: "/tin-tuc/" + a.Slug, Source: "nukeviet:news:123"}}))
	must(t, db.AppendAudit(ctx, &audit.Entry{Action: "login.ok", Actor: "admin@localhost", IP: "127.0.0.1", Object: "photo " + photo.URL()}))
	app.Stop()
	var out, errb strings.Builder
	if err := run(ctx, strings.NewReader("mat-khau-rat-dai-2026\n"), []string{"user", "add", "--data", cfg.DataDir, "--site", "giavien", "--role", "reporter",
		"--email", "phongvien@giavien.gov.vn", "--name", "Kim Thoả"}, &out, &errb); err != nil {
		t.Fatalf("user add: %v\n%s", err, errb.String())
	}
	// The index rebuilt as a copy rebuilds it, so the search tables
	// compare too.
	if err := run(ctx, nil, []string{"reindex", "--data", cfg.DataDir}, &out, &errb); err != nil {
		t.Fatalf("reindex: %v\n%s", err, errb.String())
	}
	return cfg
}

// copyRun runs trangtin copy and returns its output.
func copyRun(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb strings.Builder
	err := run(context.Background(), nil, append([]string{"copy"}, args...), &out, &errb)
	return out.String() + errb.String(), err
}

// TestCopyRoundTrip is the done-when of `trangtin copy` (issue 15, item
// 1): a site with content of every kind copied SQLite → PostgreSQL →
// SQLite comes back the same, table by table and row by row; the server
// on the PostgreSQL copy (the same data folder: files are not copied)
// answers the same bytes as the original, its search finds the same
// articles and its audit chain verifies.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	orig := buildCopySource(t)
	pg := freshPostgres(t)
	out, err := copyRun(t, "--data", orig.DataDir, "--to", pg)
	if err != nil {
		t.Fatalf("copy to PostgreSQL: %v\n%s", err, out)
	}
	if !strings.Contains(out, "chuỗi băm khớp") || !strings.Contains(out, "articles") || !strings.Contains(out, "Tệp tải lên không được chép") {
		t.Errorf("copy report %q", out)
	}
	t.Logf("SQLite → PostgreSQL:\n%s", out)
	back := config.Config{DataDir: t.TempDir()}
	must(t, os.CopyFS(filepath.Join(back.DataDir, "media"), os.DirFS(filepath.Join(orig.DataDir, "media"))))
	out, err = copyRun(t, "--from", pg, "--to", "sqlite://"+filepath.Join(back.DataDir, "trangtin.db"))
	if err != nil {
		t.Fatalf("copy back to SQLite: %v\n%s", err, out)
	}
	compareCopies(t, orig, back)

	// The PostgreSQL copy, served from the same data folder.
	if out, err := copyRun(t, "--from", pg, "--to", pg); err == nil {
		t.Fatalf("copy onto itself accepted: %s", out)
	}
	var vout, verr strings.Builder
	if err := run(ctx, nil, []string{"audit", "verify", "--db", pg}, &vout, &verr); err != nil || !strings.Contains(vout.String(), "chuỗi băm khớp") {
		t.Errorf("audit verify on the PostgreSQL copy: %v %q", err, vout.String())
	}
	app := startApp(t, orig)
	copyApp := startApp(t, config.Config{DataDir: orig.DataDir, DB: pg, SiteURL: copySiteURL})
	search := "/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"
	for _, path := range []string{"/", seedArticlePath, "/tin-tuc/hoi-nghi-chuyen-doi-so-2026", search, "/van-ban"} {
		res1, want := get(t, app.URL+path)
		res2, got := get(t, copyApp.URL+path)
		if res1.StatusCode != 200 || res2.StatusCode != 200 {
			t.Errorf("GET %s: %d on the original, %d on the copy", path, res1.StatusCode, res2.StatusCode)
		}
		if want != got {
			t.Errorf("GET %s: the copy answers different bytes (%d, %d long)", path, len(got), len(want))
		}
		if path == search && !strings.Contains(got, "/tin-tuc/hoi-nghi-chuyen-doi-so-2026") {
			t.Errorf("the copy's search does not find the article")
		}
	}
	// New rows on the copy take new IDs: the counters were carried.
	site := testenv.Must(copyApp.db.FindSiteByKey(ctx, "giavien")).Get(t)
	cats := testenv.Must(copyApp.db.FindCategories(ctx, site.ID)).Get(t)
	n := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: "Bài mới trên bản sao", Slug: "bai-moi-tren-ban-sao", Status: content.StatusDraft}
	must(t, copyApp.db.CreateArticle(ctx, &n))
	must(t, copyApp.db.AppendAudit(ctx, &audit.Entry{Action: "login.ok", Actor: "admin@localhost", IP: "127.0.0.1"}))
	p := content.Page{SiteID: site.ID, Title: "Trang mới", Slug: "trang-moi"}
	must(t, copyApp.db.CreatePage(ctx, &p, nil))
}

// TestCopyRefusesBadInput: a target that holds data, the same database
// twice, an address that does not answer or is not one, and a source at
// another schema version are each refused with a message saying what to
// do, and the target is left as it was.
func TestCopyRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	src := withDemo(t, config.Config{DataDir: t.TempDir()})
	srcURL := "sqlite://" + filepath.Join(src.DataDir, "trangtin.db")
	full := withDemo(t, config.Config{DataDir: t.TempDir(), DB: freshPostgres(t)})
	fullSQLite := withDemo(t, config.Config{DataDir: t.TempDir()})
	fullSQLiteURL := "sqlite://" + filepath.Join(fullSQLite.DataDir, "trangtin.db")
	emptyPG := freshPostgres(t)
	missing := filepath.Join(t.TempDir(), "trangtin.db")

	// A source one migration behind.
	old := config.Config{DataDir: t.TempDir()}
	must(t, os.CopyFS(old.DataDir, os.DirFS(src.DataDir)))
	oldDB := openRaw(t, old)
	if _, err := oldDB.Exec(`DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	must(t, oldDB.Close())
	oldURL := "sqlite://" + filepath.Join(old.DataDir, "trangtin.db")

	exact := dumpOptions{skip: regexp.MustCompile(`search`)} // every row as it is, the search engine's own tables left out
	beforeFull, beforeSQLite := dumpTables(t, full, exact), dumpTables(t, fullSQLite, exact)
	for _, c := range []struct {
		name     string
		args     []string
		want     string
		noSQLite bool // the SQLite target file must not appear
	}{
		{"non-empty PostgreSQL", []string{"--from", srcURL, "--to", full.DB}, "không trống (bảng ", false},
		{"non-empty SQLite", []string{"--from", full.DB, "--to", fullSQLiteURL}, "không trống (bảng ", false},
		{"same file", []string{"--from", srcURL, "--to", "sqlite://" + src.DataDir + "/./trangtin.db"}, "cùng chỉ tới một cơ sở dữ liệu", false},
		{"same PostgreSQL", []string{"--from", full.DB, "--to", full.DB + "&application_name=x"}, "cùng chỉ tới một cơ sở dữ liệu", false},
		{"unreachable source", []string{"--from", "postgres://postgres@127.0.0.1:1/trangtin?connect_timeout=5", "--to", "sqlite://" + missing}, "không kết nối được", true},
		{"unreachable target", []string{"--from", srcURL, "--to", "postgres://postgres@127.0.0.1:1/trangtin?connect_timeout=5"}, "không kết nối được", false},
		{"unknown scheme", []string{"--from", "mysql://root@localhost/trangtin", "--to", "sqlite://" + missing}, "cần sqlite://ĐƯỜNG-DẪN hoặc postgres://…", true},
		{"missing source file", []string{"--from", "sqlite://" + filepath.Join(t.TempDir(), "khong-co.db"), "--to", "sqlite://" + missing}, "không có tệp cơ sở dữ liệu", true},
		{"no target", []string{"--from", srcURL}, "thiếu --to", true},
		{"target folder missing", []string{"--from", srcURL, "--to", "sqlite://" + filepath.Join(t.TempDir(), "khong-co", "trangtin.db")}, "không tồn tại", true},
		{"older source to SQLite", []string{"--from", oldURL, "--to", "sqlite://" + missing}, "hãy chạy trangtin một lần trên nguồn", true},
		{"older source to PostgreSQL", []string{"--from", oldURL, "--to", emptyPG}, "hãy chạy trangtin một lần trên nguồn", true},
	} {
		out, err := copyRun(t, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v (%s), want an error with %q", c.name, err, out, c.want)
		}
		if _, err := os.Stat(missing); c.noSQLite && !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: the target file %s was created", c.name, missing)
		}
	}
	if n := testenv.Must(postgres.UserTables(ctx, emptyPG)).Get(t); n != 0 {
		t.Errorf("the empty PostgreSQL target has %d tables after a refused copy", n)
	}
	afterFull, afterSQLite := dumpTables(t, full, exact), dumpTables(t, fullSQLite, exact)
	if fmt.Sprint(beforeFull) != fmt.Sprint(afterFull) || fmt.Sprint(beforeSQLite) != fmt.Sprint(afterSQLite) {
		t.Error("a refused copy changed a non-empty target")
	}
}

// TestCopyFailureLeavesTargetEmpty: a copy that fails half-way (here an
// error injected after the first batch of articles) leaves the target
// without a row (a SQLite file it created is removed), and the same copy
// run again then succeeds.
func TestCopyFailureLeavesTargetEmpty(t *testing.T) {
	ctx := context.Background()
	src := buildCopySource(t)
	srcURL := "sqlite://" + filepath.Join(src.DataDir, "trangtin.db")
	pg := freshPostgres(t)
	injected := errors.New("injected failure")
	failAtArticles := func(table string, done, total int64) error {
		if table == "articles" {
			return injected
		}
		return nil
	}
	if _, err := copyDatabases(ctx, srcURL, pg, failAtArticles); !errors.Is(err, injected) || !strings.Contains(err.Error(), "đích vẫn trống") {
		t.Fatalf("copy with a failure: %v", err)
	}
	db := openRaw(t, config.Config{DB: pg})
	for _, table := range tableNames(t, db, true) {
		q := `SELECT count(*) FROM "` + table + `"`
		if table == "audit_head" {
			q += " WHERE count <> 0"
		}
		if table == "schema_migrations" {
			continue
		}
		var n int
		must(t, db.QueryRow(q).Scan(&n))
		if n != 0 {
			t.Errorf("table %s holds %d rows after a failed copy", table, n)
		}
	}
	if _, err := copyDatabases(ctx, srcURL, pg, nil); err != nil {
		t.Fatalf("the copy run again: %v", err)
	}

	// PostgreSQL → SQLite: the file the copy created is gone.
	target := filepath.Join(t.TempDir(), "trangtin.db")
	if _, err := copyDatabases(ctx, pg, "sqlite://"+target, failAtArticles); !errors.Is(err, injected) {
		t.Fatalf("copy with a failure: %v", err)
	}
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the SQLite target is left after a failed copy: %v", err)
	}
	rep, err := copyDatabases(ctx, pg, "sqlite://"+target, nil)
	if err != nil {
		t.Fatalf("the copy run again: %v", err)
	}
	var rows int64
	for _, tb := range rep.tables {
		rows += tb.Rows
	}
	if rows == 0 || rep.audited == 0 {
		t.Errorf("report %+v", rep)
	}
}

// compareCopies compares every table of two SQLite databases row by row,
// every column included (audit times and hashes too). Two things are not
// data and not copied: when each migration was applied (the copy's were
// applied when it was made; their versions and names must match) and the
// full-text index's internal segments, which depend on the order of its
// writes (its documents, search_docs, compare; and searches must agree).
func compareCopies(t *testing.T, a, b config.Config) {
	t.Helper()
	ra, rb := openRaw(t, a), openRaw(t, b)
	tables := tableNames(t, ra, false)
	if !slices.Equal(tables, tableNames(t, rb, false)) {
		t.Fatalf("the two databases have different tables: %v, %v", tables, tableNames(t, rb, false))
	}
	compared := 0
	for _, table := range tables {
		var x, y []string
		switch {
		case table == "schema_migrations":
			q := "SELECT version || ' ' || name FROM schema_migrations ORDER BY version"
			x, y = queryStrings(t, ra, q), queryStrings(t, rb, q)
		case strings.HasPrefix(table, "search_fts_"):
			continue
		default:
			x, y = tableRows(t, ra, table, ""), tableRows(t, rb, table, "")
		}
		if !slices.Equal(x, y) {
			t.Errorf("table %s differs after the round trip (%d rows, %d rows)", table, len(x), len(y))
		}
		if len(x) > 0 {
			compared++
		}
	}
	if compared < 20 {
		t.Errorf("only %d tables with rows compared", compared)
	}
}

// TestCopyBatchesBoundedByBytes: rows of a megabyte each are written a few
// at a time, not 500 to a statement, so a copy's memory stays bounded
// whatever the rows hold.
func TestCopyBatchesBoundedByBytes(t *testing.T) {
	ctx := context.Background()
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	db := testenv.Must(openStore(ctx, cfg)).Get(t)
	site := testenv.Must(db.FindSiteByKey(ctx, "giavien")).Get(t)
	cats := testenv.Must(db.FindCategories(ctx, site.ID)).Get(t)
	body := "<p>" + strings.Repeat("Nội dung rất dài. ", 1<<20/len("Nội dung rất dài. ")) + "</p>"
	for i := range 10 {
		a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: fmt.Sprintf("Bài dài %d", i), Slug: fmt.Sprintf("bai-dai-%d", i),
			Body: body, Status: content.StatusDraft}
		must(t, db.CreateArticle(ctx, &a))
	}
	must(t, db.Close())
	var steps []int64
	var last int64
	rep, err := copyDatabases(ctx, "sqlite://"+filepath.Join(cfg.DataDir, "trangtin.db"), "sqlite://"+filepath.Join(t.TempDir(), "trangtin.db"),
		func(table string, done, total int64) error {
			if table == "articles" {
				steps = append(steps, done-last)
				last = done
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.tables) == 0 || last < 10 {
		t.Fatalf("%d articles copied: %+v", last, rep)
	}
	// The demo's articles and 10 MiB of long ones: 500 rows a statement
	// would take them in one; 8 MiB a statement takes two.
	if len(steps) < 2 {
		t.Errorf("%d articles, ten of a megabyte each, written in one statement (batches: %v)", last, steps)
	}
}

// TestCopyHelp: `trangtin copy -h` says what the command does with files
// and lists its flags, on stdout; a bad flag is an error.
func TestCopyHelp(t *testing.T) {
	for _, args := range [][]string{{"copy", "-h"}, {"help", "copy"}, {"copy", "--to", "x", "--help"}} {
		var out, errb strings.Builder
		if err := run(context.Background(), nil, args, &out, &errb); err != nil || errb.Len() != 0 {
			t.Errorf("%q: %v, stderr %q", args, err, errb.String())
		}
		for _, want := range []string{"Tệp tải lên (ảnh, tệp đính kèm) không được chép", "-from", "-to"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%q: stdout lacks %q:\n%s", args, want, out.String())
			}
		}
	}
	if out, err := copyRun(t, "--bogus"); err == nil {
		t.Errorf("--bogus accepted: %s", out)
	}
	if out, err := copyRun(t, "--to", "sqlite:///tmp/x.db", "thua"); err == nil || !strings.Contains(err.Error(), "thừa đối số") {
		t.Errorf("a stray argument: %v %s", err, out)
	}
}

// TestCopyKilled: `trangtin copy` killed with SIGKILL half-way, its
// transaction on the target holding the tables before article_revisions
// (it waits for the source's article_revisions, which the test holds
// locked), leaves the target without a row, on PostgreSQL and on SQLite;
// the same command run again then copies everything.
func TestCopyKilled(t *testing.T) {
	ctx := context.Background()
	bin := buildBinary(t)
	src := freshPostgres(t)
	if _, err := copyDatabases(ctx, "sqlite://"+filepath.Join(buildCopySource(t).DataDir, "trangtin.db"), src, nil); err != nil {
		t.Fatal(err)
	}
	srcDB := openRaw(t, config.Config{DB: src})
	for _, target := range []string{freshPostgres(t), "sqlite://" + filepath.Join(t.TempDir(), "trangtin.db")} {
		lock := testenv.Must(srcDB.BeginTx(ctx, nil)).Get(t)
		if _, err := lock.Exec(`LOCK TABLE article_revisions IN ACCESS EXCLUSIVE MODE`); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "copy", "--from", src, "--to", target)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		must(t, cmd.Start())
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Wait for the copy to wait for the lock: every table before
		// article_revisions is then written in its transaction.
		for waiting := 0; waiting == 0; {
			select {
			case err := <-exited:
				t.Fatalf("the copy ended before it reached article_revisions: %v\n%s", err, out.String())
			default:
			}
			must(t, srcDB.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
				AND wait_event_type = 'Lock' AND query LIKE '%article_revisions%'`).Scan(&waiting))
		}
		must(t, cmd.Process.Signal(syscall.SIGKILL))
		if err := <-exited; err == nil || !strings.Contains(err.Error(), "killed") {
			t.Fatalf("the copy was not killed: %v\n%s", err, out.String())
		}
		must(t, lock.Rollback())
		db := openRaw(t, config.Config{DB: target})
		for _, table := range tableNames(t, db, !strings.HasPrefix(target, "sqlite://")) {
			if table == "schema_migrations" || strings.HasPrefix(table, "search_") {
				continue
			}
			q := `SELECT count(*) FROM "` + table + `"`
			if table == "audit_head" {
				q += " WHERE count <> 0"
			}
			var n int
			must(t, db.QueryRow(q).Scan(&n))
			if n != 0 {
				t.Errorf("%s: table %s holds %d rows after the copy was killed", target, table, n)
			}
		}
		must(t, db.Close())
		res, err := exec.Command(bin, "copy", "--from", src, "--to", target).CombinedOutput()
		if err != nil || !strings.Contains(string(res), "chuỗi băm khớp") {
			t.Errorf("the copy run again into %s: %v\n%s", target, err, res)
		}
	}
}
