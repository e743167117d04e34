package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/importer/nukeviet"
	"trangtin/internal/importer/nvfixture"
	"trangtin/internal/question"
	"trangtin/internal/redirect"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// nvSite is a NukeViet site in a throwaway MariaDB: the fixture, the DSN
// of its database and its uploads folder.
type nvSite struct {
	fx      *nvfixture.Fixture
	dsn     string
	uploads string
	server  testenv.MariaDB
}

func loadNukeviet(t testing.TB, m testenv.MariaDB, name string, articles int) nvSite {
	t.Helper()
	ctx := context.Background()
	admin := testenv.Must(sql.Open("mysql", m.DSN(""))).Get(t)
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4"); err != nil {
		t.Fatal(err)
	}
	corpus := testenv.Must(nvfixture.ReadCorpus(testenv.Path(t, "corpus/articles.jsonl"))).Get(t)
	fx := nvfixture.Build(corpus, nvfixture.Options{Articles: articles, Now: time.Now()})
	db := testenv.Must(sql.Open("mysql", m.DSN(name))).Get(t)
	defer db.Close()
	if err := fx.Load(ctx, db, testenv.Path(t, "nukeviet/schema.sql")); err != nil {
		t.Fatal(err)
	}
	up := t.TempDir()
	if err := fx.WriteUploads(up); err != nil {
		t.Fatal(err)
	}
	return nvSite{fx: fx, dsn: m.DSN(name), uploads: up, server: m}
}

// runNukeviet runs `trangtin import nukeviet` on cfg's database and returns
// its output and error; the CSV report goes to dir/report.csv.
func runNukeviet(t *testing.T, cfg config.Config, nv nvSite, extra ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	args := []string{"import", "nukeviet", "--data", cfg.DataDir, "--site", "giavien", "--dsn", nv.dsn,
		"--uploads", nv.uploads, "--report", filepath.Join(cfg.DataDir, "report.csv")}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	err := run(context.Background(), nil, append(args, extra...), &out, &errb)
	return out.String() + errb.String(), err
}

func TestImportNukeviet(t *testing.T) {
	testenv.Long(t, "it loads 1,000 NukeViet articles into MariaDB and imports them")
	m := testenv.StartMariaDB(t)
	nv := loadNukeviet(t, m, "nukeviet", 1000)
	eachStore(t, func(t *testing.T, cfg config.Config) { testImportNukeviet(t, withDemo(t, cfg), nv) })
}

func testImportNukeviet(t *testing.T, cfg config.Config, nv nvSite) {
	out, err := runNukeviet(t, cfg, nv)
	// Nothing skipped: the hidden static page is a draft article.
	if err != nil {
		t.Fatalf("import: %v; output:\n%s", err, out)
	}
	for _, want := range []string{"thiếu tệp uploads/news/", "TCVN3 → Unicode (bản ghi): ", "VNI → Unicode (bản ghi): "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	db := testenv.Must(openStore(context.Background(), cfg)).Get(t)
	defer db.Close()
	checkNukevietImport(t, db, nv.fx)
	csv := testenv.Must(os.ReadFile(filepath.Join(cfg.DataDir, "report.csv"))).Get(t)
	if !bytes.HasPrefix(csv, []byte("loai,nguon,ket_qua,dich,ly_do\n")) || !bytes.Contains(csv, []byte("nv4_vi_news_rows#1,imported,/tin-tuc/")) ||
		!bytes.Contains(csv, []byte(`nv4_vi_page#4,warning,,"trang đang ẩn trên trang cũ: nhập thành bài viết nháp`)) {
		t.Errorf("CSV report:\n%.600s", csv)
	}
	before := dumpImport(t, db)
	checkOldAddresses(t, cfg, nv.fx)

	// A NukeViet editor signs in with the old password; the hash becomes argon2id.
	users := user.NewService(db, db, db, nil)
	ed := nv.fx.Users[1]
	u, err := users.Authenticate(context.Background(), ed.Email, ed.Password, "")
	if err != nil {
		t.Fatalf("%s signs in with the NukeViet password: %v", ed.Email, err)
	}
	if got := testenv.Must(db.FindUserByID(context.Background(), u.ID)).Get(t).PasswordHash; !strings.HasPrefix(got, "$argon2id$") {
		t.Errorf("hash after sign-in: %q, want argon2id", got)
	}

	// A second run updates, never duplicates.
	out, err = runNukeviet(t, cfg, nv)
	if err != nil || !strings.Contains(out, "bài viết: 0 nhập mới, 1000 cập nhật") {
		t.Fatalf("second import: err %v; output:\n%s", err, out)
	}
	if after := dumpImport(t, db); after != before {
		t.Errorf("second run changed the database:\n%s", diffLines(before, after))
	}
	checkNukevietImport(t, db, nv.fx)
}

// numberedOf reports whether slug is alias with a number, as an article
// gets when another holds its address (vi.NumberedSlug).
func numberedOf(slug, alias string) bool {
	for n := 2; n < 10; n++ {
		if slug == vi.NumberedSlug(alias, n) {
			return true
		}
	}
	return false
}

var emptyParagraph = regexp.MustCompile(`<p>(\s|\x{00A0}|&nbsp;)*</p>`)

var tagRE = regexp.MustCompile(`<[^>]*>`)

func plainText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(s, " "))), " ")
}

// checkNukevietImport compares every imported record with the fixture.
func checkNukevietImport(t *testing.T, db store, fx *nvfixture.Fixture) {
	t.Helper()
	ctx := context.Background()
	site := testenv.Must(db.FindSiteByKey(ctx, "giavien")).Get(t)
	cats := map[string]content.Category{}
	byID := map[int64]content.Category{}
	for _, c := range testenv.Must(db.FindCategories(ctx, site.ID)).Get(t) {
		cats[c.Slug], byID[c.ID] = c, c
	}
	catSlug := map[int]string{}
	for _, c := range fx.Categories {
		catSlug[c.ID] = c.Alias
		got, ok := cats[c.Alias]
		switch {
		case !ok:
			t.Errorf("category %s not imported", c.Alias)
		case got.Name != c.Title || got.Hidden != c.Hidden || got.Position != c.Weight:
			t.Errorf("category %s: %+v, want %+v", c.Alias, got, c)
		case c.ParentID != 0 && byID[got.ParentID].Slug != catSlug[c.ParentID]:
			t.Errorf("category %s: parent %d, want %s", c.Alias, got.ParentID, catSlug[c.ParentID])
		}
	}
	featured := map[int]bool{}
	for _, b := range fx.Blocks {
		for _, id := range b.ArticleIDs {
			featured[id] = true
		}
	}
	owners := map[int]int64{}
	for _, u := range fx.Users {
		if got, err := db.FindUserByEmail(ctx, u.Email); err == nil {
			owners[u.ID] = got.ID
		}
	}
	bad := 0
	for _, a := range fx.Articles {
		got, err := db.FindArticleBySourceURL(ctx, site.ID, fmt.Sprintf("nukeviet:nv4_vi_news_rows#%d", a.ID))
		if err != nil {
			t.Errorf("article %d not imported: %v", a.ID, err)
			continue
		}
		problems := compareArticle(got, a, byID[got.CategoryID].Slug == catSlug[a.CatID], featured[a.ID], fx.Now)
		if got.OwnerID == 0 || got.OwnerID != owners[a.AdminID] {
			problems = append(problems, fmt.Sprintf("owner %d, want the account of NukeViet user %d", got.OwnerID, a.AdminID))
		}
		if len(problems) > 0 {
			if bad++; bad <= 10 {
				t.Errorf("article %d (%s): %s", a.ID, a.Legacy, strings.Join(problems, "; "))
			}
		}
	}
	pages := map[string]content.Page{}
	for _, p := range testenv.Must(db.FindPages(ctx, site.ID)).Get(t) {
		pages[p.Slug] = p
	}
	for _, p := range fx.Pages {
		got, ok := pages[p.Alias]
		switch {
		case p.Status != 1 && ok:
			t.Errorf("hidden page %s imported as a static page", p.Alias)
		case p.Status != 1:
			// A draft article, not public, its old address leading nowhere.
			a, err := db.FindArticleBySourceURL(ctx, site.ID, fmt.Sprintf("nukeviet:nv4_vi_page#%d", p.ID))
			if err != nil {
				t.Errorf("hidden page %s not imported: %v", p.Alias, err)
			} else if a.Status != content.StatusDraft || a.Title != p.Title || plainText(a.Body) != plainText(p.Body) || a.Slug != p.Alias {
				t.Errorf("hidden page %s: %s %q %q %q, want a draft", p.Alias, a.Status, a.Title, a.Slug, a.Body)
			}
			key := testenv.Must(redirect.Key("/page/" + p.Alias + ".html")).Get(t)
			if e, err := db.FindRedirect(ctx, site.ID, []string{key}); err == nil {
				t.Errorf("hidden page %s: its old address leads to %s", p.Alias, e.To)
			}
		case !ok:
			t.Errorf("page %s not imported", p.Alias)
		case got.Title != p.Title || plainText(got.Body) != plainText(p.Body) || strings.Contains(got.Body, "mso-") || strings.Contains(got.Body, "<font"):
			t.Errorf("page %s: %q %q", p.Alias, got.Title, got.Body)
		}
	}
	checkLaws(t, db, site.ID, fx)
	for _, f := range fx.FAQs {
		got, err := db.FindQuestionByCode(ctx, site.ID, nukeviet.CodeHash(fmt.Sprintf("nv4_vi_faq#%d", f.ID)))
		want := question.StatusPublished
		if f.Status != 1 {
			want = question.StatusAnswered
		}
		if err != nil {
			t.Errorf("faq %d not imported: %v", f.ID, err)
		} else if got.Subject != f.Title || got.Body != plainText(f.Question) || got.Answer != plainText(f.Answer) || got.Field != f.CategoryTitle || got.Status != want {
			t.Errorf("faq %d: %q %q %q %q %s", f.ID, got.Subject, got.Body, got.Answer, got.Field, got.Status)
		}
	}
	for _, u := range fx.Users {
		got, err := db.FindUserByEmail(ctx, u.Email)
		if u.Lev == 0 && u.Username == "congdan" {
			if err == nil {
				t.Errorf("member %s imported", u.Email)
			}
			continue
		}
		if err != nil {
			t.Errorf("user %s not imported: %v", u.Email, err)
			continue
		}
		if got.Name != u.Name() {
			t.Errorf("user %s: name %q, want %q", u.Email, got.Name, u.Name())
		}
	}
}

func compareArticle(got content.Article, a nvfixture.Article, catOK, featured bool, now time.Time) []string {
	var p []string
	check := func(ok bool, format string, args ...any) {
		if !ok {
			p = append(p, fmt.Sprintf(format, args...))
		}
	}
	check(got.Title == a.Title, "title %q, want %q", got.Title, a.Title)
	check(got.Slug == a.Alias || numberedOf(got.Slug, a.Alias), "slug %q, want %q (numbered when taken)", got.Slug, a.Alias)
	check(got.Summary == a.Hometext, "summary %q, want %q", got.Summary, a.Hometext)
	check(got.Author == a.Author, "author %q, want %q", got.Author, a.Author)
	check(got.Unit == a.Source, "unit %q, want %q", got.Unit, a.Source)
	check(catOK, "category %d", got.CategoryID)
	check(got.Featured == featured, "featured %v", got.Featured)
	check(got.PublishedAt.Unix() == a.Publ.Unix(), "published %v, want %v", got.PublishedAt, a.Publ)
	want := content.StatusPublished
	switch {
	case a.Status == 4:
		want = content.StatusDraft
	case !a.Exp.IsZero() && !a.Exp.After(now):
		want = content.StatusWithdrawn
	case a.Publ.After(now):
		want = content.StatusScheduled
	}
	check(got.Status == want, "status %s, want %s", got.Status, want)
	check(plainText(got.Body) == strings.Join(a.Paragraphs, " "), "body text %.80q…", plainText(got.Body))
	for _, w := range []string{"mso-", "<o:p", "<font", "MsoNormal", "/uploads/"} {
		check(!strings.Contains(got.Body, w), "body has %q", w)
	}
	check((a.BodyImage != "") == strings.Contains(got.Body, `<img`), "body image: %.200q", got.Body)
	check(!emptyParagraph.MatchString(got.Body), "body has an empty paragraph: %.300q", got.Body)
	hasPhoto := a.Image != "" && !a.ImageMissing
	check((got.Photo.ID != 0) == hasPhoto, "photo %+v, want one: %v", got.Photo, hasPhoto)
	check(!hasPhoto || (got.Photo.Alt == a.ImageAlt && strings.HasPrefix(got.Photo.Src, "/anh/")), "photo %+v", got.Photo)
	return p
}

// dumpImport is what an import wrote, as text to compare between runs:
// every article, category, page, media record and account of the site,
// without the times of writing.
func dumpImport(t *testing.T, db store) string {
	t.Helper()
	ctx := context.Background()
	site := testenv.Must(db.FindSiteByKey(ctx, "giavien")).Get(t)
	var b strings.Builder
	for _, c := range testenv.Must(db.FindCategories(ctx, site.ID)).Get(t) {
		fmt.Fprintf(&b, "category %+v\n", c)
	}
	arts := testenv.Must(db.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Limit: 100000})).Get(t)
	for _, a := range arts {
		a.CreatedAt, a.UpdatedAt, a.Version = time.Time{}, time.Time{}, 0
		fmt.Fprintf(&b, "article %+v\n", a)
	}
	for _, p := range testenv.Must(db.FindPages(ctx, site.ID)).Get(t) {
		p.UpdatedAt = time.Time{}
		fmt.Fprintf(&b, "page %+v\n", p)
	}
	for _, it := range testenv.Must(db.FindMediaList(ctx, site.ID, 100000, 0)).Get(t) {
		it.CreatedAt, it.FileKey = time.Time{}, "" // the file key is random
		fmt.Fprintf(&b, "media %+v\n", it)
	}
	for _, u := range testenv.Must(db.FindUsers(ctx, user.UserFilter{SiteID: site.ID, Limit: 1000})).Get(t) {
		fmt.Fprintf(&b, "user %s %s %v\n", u.Email, u.Name, u.Disabled)
	}
	return b.String()
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)) && len(out) < 10; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, fmt.Sprintf("- %.300s\n+ %.300s", x, y))
		}
	}
	return strings.Join(out, "\n")
}

// Bad input ends with a message naming what is wrong, and writes nothing
// (a bad row: nothing of that row).
func TestImportNukevietBadInput(t *testing.T) {
	m := testenv.StartMariaDB(t)
	nv := loadNukeviet(t, m, "nukeviet", 60)
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	db := testenv.Must(openStore(context.Background(), cfg)).Get(t)
	defer db.Close()
	before := dumpImport(t, db)
	addr := m.Addr
	cases := []struct{ dsn, prefix, says string }{
		{"root@tcp(127.0.0.1:1)/nukeviet", "nv4", "không kết nối được cơ sở dữ liệu NukeViet root@127.0.0.1:1/nukeviet"},
		{"root:sai-mat-khau@tcp(" + addr + ")/nukeviet", "nv4", "Access denied"},
		{"root@tcp(" + addr + ")/khongco", "nv4", "Unknown database 'khongco'"},
		{"root@tcp(" + addr + ")/", "nv4", "--dsn thiếu tên cơ sở dữ liệu"},
		{"day-khong-phai-dsn", "nv4", "--dsn không đúng dạng"},
		{nv.dsn, "nv5", "không có bảng nv5_users, nv5_authors, nv5_vi_news_cat, nv5_vi_news_rows, nv5_vi_news_detail của NukeViet; cơ sở dữ liệu này có: --prefix nv4 --lang vi"},
		{nv.dsn, "nv4; DROP", "--prefix \"nv4; DROP\" không hợp lệ"},
	}
	for _, c := range cases {
		bad := nv
		bad.dsn = c.dsn
		out, err := runNukeviet(t, cfg, bad, "--prefix", c.prefix)
		if err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("--dsn %s --prefix %s: err %v, want one saying %q; output:\n%s", c.dsn, c.prefix, err, c.says, out)
		}
	}
	// An archived site takes no import.
	var sout, serr bytes.Buffer
	if err := run(context.Background(), nil, []string{"site", "archive", "giavien", "--data", cfg.DataDir}, &sout, &serr); err != nil {
		t.Fatalf("site archive: %v\n%s%s", err, sout.String(), serr.String())
	}
	if out, err := runNukeviet(t, cfg, nv); err == nil || !strings.Contains(err.Error(), `trang "giavien" đã lưu trữ`) {
		t.Errorf("import into an archived site: %v\n%s", err, out)
	}
	if err := run(context.Background(), nil, []string{"site", "reopen", "giavien", "--data", cfg.DataDir}, &sout, &serr); err != nil {
		t.Fatalf("site reopen: %v\n%s%s", err, sout.String(), serr.String())
	}
	if after := dumpImport(t, db); after != before {
		t.Errorf("a refused import wrote:\n%s", diffLines(before, after))
	}

	// A row whose title is not UTF-8 (a table in another charset) is
	// skipped with its id and column; the others are imported.
	nvdb := testenv.Must(sql.Open("mysql", nv.dsn)).Get(t)
	defer nvdb.Close()
	for _, q := range []string{
		"ALTER TABLE nv4_vi_news_rows MODIFY title VARBINARY(250) NOT NULL DEFAULT ''",
		"UPDATE nv4_vi_news_rows SET title = X'48E1BB9969206E6768FF' WHERE id = 3",
	} {
		if _, err := nvdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runNukeviet(t, cfg, nv)
	if err == nil || !strings.Contains(out, "bỏ qua bài viết nv4_vi_news_rows#3: không phải UTF-8 hợp lệ: title (byte 0xFF ở vị trí 9)") {
		t.Errorf("invalid UTF-8: err %v; output:\n%s", err, out)
	}
	site := testenv.Must(db.FindSiteByKey(context.Background(), "giavien")).Get(t)
	if _, err := db.FindArticleBySourceURL(context.Background(), site.ID, "nukeviet:nv4_vi_news_rows#3"); err == nil {
		t.Error("the row with invalid UTF-8 was imported")
	}
	if _, err := db.FindArticleBySourceURL(context.Background(), site.ID, "nukeviet:nv4_vi_news_rows#4"); err != nil {
		t.Errorf("the next row was not imported: %v", err)
	}
}

// --dry-run reads everything, reports what would happen and writes nothing.
func TestImportNukevietDryRun(t *testing.T) {
	m := testenv.StartMariaDB(t)
	nv := loadNukeviet(t, m, "nukeviet", 60)
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	db := testenv.Must(openStore(context.Background(), cfg)).Get(t)
	defer db.Close()
	before, filesBefore := dumpImport(t, db), mediaFiles(t, cfg.DataDir)
	out, err := runNukeviet(t, cfg, nv, "--dry-run")
	if !strings.Contains(out, "Chạy thử (--dry-run): không ghi gì") || !strings.Contains(out, "bài viết: 0 nhập mới, 0 cập nhật, 0 bỏ qua") || !strings.Contains(out, "60 sẽ nhập") {
		t.Errorf("dry run: err %v; output:\n%s", err, out)
	}
	if after := dumpImport(t, db); after != before {
		t.Errorf("--dry-run wrote:\n%s", diffLines(before, after))
	}
	if files := mediaFiles(t, cfg.DataDir); files != filesBefore {
		t.Errorf("--dry-run stored files: %s", files)
	}
}

// mediaFiles lists the files under dir/media.
func mediaFiles(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(dir, "media"), func(p string, d os.DirEntry, err error) error {
		if os.IsNotExist(err) {
			return filepath.SkipAll
		}
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

// Killing the import half-way (SIGKILL) and running it again ends in the
// same database as one clean run, compared table by table.
func TestImportNukevietResumesAfterKill(t *testing.T) {
	testenv.Long(t, "it builds the binary and imports 1,000 articles three times")
	m := testenv.StartMariaDB(t)
	nv := loadNukeviet(t, m, "nukeviet", 1000)
	bin := buildBinary(t)

	killed := withDemo(t, config.Config{DataDir: t.TempDir()})
	cmd := exec.Command(bin, "import", "nukeviet", "--data", killed.DataDir, "--site", "giavien", "--dsn", nv.dsn,
		"--uploads", nv.uploads, "--report", filepath.Join(killed.DataDir, "report.csv"))
	stderr := testenv.Must(cmd.StderrPipe()).Get(t)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Articles are written 500 to a transaction, and the progress line
	// comes after each: the kill lands after the first batch, while the
	// second is on its way.
	sc := bufio.NewScanner(stderr)
	reached := false
	for sc.Scan() {
		var pct float64
		if _, err := fmt.Sscanf(strings.TrimSpace(sc.Text()), "%f%%", &pct); err == nil && pct >= 40 && pct < 100 {
			reached = true
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !reached {
		t.Fatal("the import ended without a progress line between 40% and 100%")
	}
	db := testenv.Must(openStore(context.Background(), killed)).Get(t)
	half := testenv.Must(db.CountArticles(context.Background(), content.ArticleFilter{SiteID: testenv.Must(db.FindSiteByKey(context.Background(), "giavien")).Get(t).ID})).Get(t)
	db.Close()
	if half < 400 || half >= 1000+50 {
		t.Fatalf("after the kill the site has %d articles; want the import cut half-way", half)
	}
	if out, err := runNukeviet(t, killed, nv); err != nil {
		t.Fatalf("the run after the kill: %v\n%s", err, out)
	}

	clean := withDemo(t, config.Config{DataDir: t.TempDir()})
	if out, err := runNukeviet(t, clean, nv); err != nil {
		t.Fatalf("the clean run: %v\n%s", err, out)
	}
	// The site's version counts its writes (it tells caches to let go):
	// the second run writes again what it finds unchanged of the
	// categories and documents.
	o := importDump
	o.masked = map[string]bool{"sites.version": true}
	compareDatabases(t, clean, killed, o, "one clean run", "a killed run finished")
}

// checkOldAddresses asks the running portal for the old site's addresses:
// each answers 301 to an address that answers 200 (410 for an article that
// expired on the old site).
func checkOldAddresses(t *testing.T, cfg config.Config, fx *nvfixture.Fixture) {
	t.Helper()
	app := startApp(t, cfg)
	defer app.Stop()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	cat := map[int]string{}
	for _, c := range fx.Categories {
		cat[c.ID] = c.Alias
	}
	type addr struct {
		old  string
		code int // of the new address
	}
	var addrs []addr
	for _, a := range fx.Articles {
		if a.ID%7 != 1 || a.Status == 4 || a.Status == 2 {
			continue
		}
		code := http.StatusOK
		if !a.Exp.IsZero() && !a.Exp.After(fx.Now) {
			code = http.StatusGone
		}
		op := fmt.Sprintf("%s/%s-%d", cat[a.CatID], a.Alias, a.ID)
		addrs = append(addrs, addr{"/index.php?language=vi&nv=news&op=" + url.QueryEscape(op), code},
			addr{"/news/" + op + ".html", code}, addr{"/vi/news/" + op + ".html?utm_source=zalo", code})
	}
	for _, c := range fx.Categories {
		addrs = append(addrs, addr{"/news/" + c.Alias + "/", http.StatusOK}, addr{"/index.php?language=vi&nv=news&op=" + c.Alias, http.StatusOK},
			addr{"/news/rss/" + c.Alias + "/", http.StatusOK})
	}
	addrs = append(addrs, addr{"/news/", http.StatusOK}, addr{"/index.php?language=vi&nv=news&op=rss", http.StatusOK},
		addr{"/index.php?language=vi&nv=page&op=gioi-thieu-chung", http.StatusOK}, addr{"/page/lien-he.html", http.StatusOK},
		addr{"/laws/detail/van-ban-3/", http.StatusOK}, addr{"/index.php?language=vi&nv=faq&op=dat-dai", http.StatusOK}, addr{"/index.php?language=vi&nv=laws&op=detail/van-ban-7", http.StatusOK})
	// The files brought in answer at their old addresses too: pictures
	// (featured and in bodies) of published articles, attachments of
	// published documents.
	for i, n := 0, 0; i < len(fx.Articles) && n < 40; i++ {
		if a := fx.Articles[i]; a.Status == 1 {
			if a.Image != "" && !a.ImageMissing {
				addrs, n = append(addrs, addr{"/uploads/news/" + a.Image, http.StatusOK}), n+1
			}
			if a.BodyImage != "" {
				addrs, n = append(addrs, addr{"/uploads/news/" + a.BodyImage, http.StatusOK}), n+1
			}
		}
	}
	for _, l := range fx.Laws {
		for _, f := range l.Files {
			if l.Status == 1 {
				addrs = append(addrs, addr{"/uploads/laws/" + f, http.StatusOK})
			}
		}
	}
	for _, a := range addrs {
		resp, err := noFollow.Get(app.URL + a.old)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusMovedPermanently || loc == "" {
			t.Errorf("%s: %d %q, want 301", a.old, resp.StatusCode, loc)
			continue
		}
		target, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		resp, err = noFollow.Get(app.URL + target.RequestURI())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != a.code {
			t.Errorf("%s → %s: %d, want %d", a.old, loc, resp.StatusCode, a.code)
		}
	}
}

// checkLaws compares the documents with the laws module's rows.
func checkLaws(t *testing.T, db store, siteID int64, fx *nvfixture.Fixture) {
	t.Helper()
	ctx := context.Background()
	byNumber := map[string]document.Document{}
	for _, d := range testenv.Must(db.FindDocuments(ctx, document.Filter{SiteID: siteID, Limit: 1000})).Get(t) {
		if _, twice := byNumber[d.Number]; twice {
			t.Errorf("two documents numbered %s", d.Number)
		}
		byNumber[d.Number] = d
	}
	docs := map[int]document.Document{}
	for _, l := range fx.Laws {
		d, ok := byNumber[l.Code]
		if !ok {
			t.Errorf("law %d (%s) not imported", l.ID, l.Code)
			continue
		}
		docs[l.ID] = d
	}
	for _, l := range fx.Laws {
		d, ok := docs[l.ID]
		if !ok {
			continue
		}
		areas := append([]string(nil), l.Areas...)
		sort.Strings(areas)
		status := document.StatusPublished
		if l.Status != 1 {
			status = document.StatusDraft
		}
		var replacedBy int64
		if l.ReplacedBy != 0 {
			replacedBy = docs[l.ReplacedBy].ID
		}
		exp := ""
		if !l.Exp.IsZero() {
			exp = l.Exp.Format(time.DateOnly)
		}
		want := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|files %d|replaced by %d", l.Type, l.Code, l.Issuer, l.Signer, strings.Join(areas, ", "), l.Title,
			l.Publ.Format(time.DateOnly), l.StartValid.Format(time.DateOnly), exp, status, len(l.Files), replacedBy)
		got := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|files %d|replaced by %d", d.Type, d.Number, d.Issuer, d.Signer, d.Field, d.Abstract,
			document.DateString(d.IssuedOn), document.DateString(d.EffectiveOn), document.DateString(d.ExpiresOn), d.Status, len(d.FileIDs), d.ReplacedByID)
		if got != want {
			t.Errorf("law %d:\n got %s\nwant %s", l.ID, got, want)
		}
	}
}
