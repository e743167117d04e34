package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

// oldSites are the saved pages of testdata/crawl served by a throwaway
// nginx: a NukeViet site, a Liferay "Cổng TTĐT" and a site of bad pages.
type oldSites struct {
	nukeviet, liferay, hong string // their addresses, http://127.0.0.1:PORT/
	dir                     string // the served copy
	accessLog               string
}

// startOldSites copies testdata/crawl into a temporary folder, its
// http://OLDSITE addresses made the served ones, and serves it with
// Debian's nginx on three free loopback ports (no daemon, no master
// process: one process of this test's, stopped when the test ends).
func startOldSites(t *testing.T) oldSites {
	t.Helper()
	nginx := testenv.Command(t, "nginx", "nginx")
	dir := t.TempDir()
	var ports [3]int
	for i := range ports {
		ports[i] = freeLoopbackPort(t)
	}
	names := []string{"nukeviet", "liferay", "hong"}
	s := oldSites{dir: dir, accessLog: filepath.Join(dir, "access.log")}
	for i, name := range names {
		addr := "http://127.0.0.1:" + strconv.Itoa(ports[i])
		src := filepath.Join(testenv.Root(t), "testdata", "crawl", name)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if ext := filepath.Ext(p); ext == ".html" || ext == ".xml" || ext == ".txt" {
				data = bytes.ReplaceAll(data, []byte("http://OLDSITE"), []byte(addr))
			}
			out := filepath.Join(dir, "www", name, rel)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			return os.WriteFile(out, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
		switch name {
		case "nukeviet":
			s.nukeviet = addr + "/"
		case "liferay":
			s.liferay = addr + "/web/guest/trang-chu"
		case "hong":
			s.hong = addr + "/"
		}
	}
	conf := strings.NewReplacer("DIR", dir, "P0", strconv.Itoa(ports[0]), "P1", strconv.Itoa(ports[1]), "P2", strconv.Itoa(ports[2])).Replace(`daemon off;
master_process off;
pid DIR/nginx.pid;
error_log DIR/error.log;
events {}
http {
    log_format crawl '$request_method $request_uri "$http_user_agent"';
    access_log DIR/access.log crawl;
    client_body_temp_path DIR/body;
    proxy_temp_path DIR/proxy;
    fastcgi_temp_path DIR/fastcgi;
    uwsgi_temp_path DIR/uwsgi;
    scgi_temp_path DIR/scgi;
    types { text/html html; text/xml xml; text/plain txt; image/jpeg jpg; application/pdf pdf; }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:P0;
        root DIR/www/nukeviet;
        index index.html index.xml;
        location / { try_files $uri $uri.html $uri/ =404; }
    }
    server {
        listen 127.0.0.1:P1;
        root DIR/www/liferay;
        location /web/ { try_files $uri.$arg__101_INSTANCE_tintuc_cur.html $uri.html $uri =404; }
        location /documents/ { default_type image/jpeg; }
    }
    server {
        listen 127.0.0.1:P2;
        root DIR/www/hong;
        index index.html;
        location = /news/tin/du-lieu-3.html { types {} default_type application/json; }
    }
}
`)
	runNginx(t, nginx, dir, conf, ports[:])
	return s
}

// runNginx starts Debian's nginx with conf (written as DIR/nginx.conf) for
// the rest of the test, and waits until it listens on every port.
func runNginx(t *testing.T, nginx, dir, conf string, ports []int) {
	t.Helper()
	write(t, filepath.Join(dir, "nginx.conf"), conf)
	cmd := exec.Command(nginx, "-p", dir+"/", "-e", filepath.Join(dir, "error.log"), "-c", filepath.Join(dir, "nginx.conf"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for _, p := range ports {
		for {
			c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p), time.Second)
			if err == nil {
				c.Close()
				break
			}
			select {
			case err := <-exited:
				log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
				t.Fatalf("nginx ended: %v\n%s\n%s", err, stderr.String(), log)
			case <-time.After(20 * time.Millisecond): // the next try of a port nginx is opening
			}
			if time.Now().After(deadline) {
				t.Fatalf("nginx did not listen on %d within 20 s", p)
			}
		}
	}
}

func freeLoopbackPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// runCrawl runs `trangtin import crawl` from the old site at from into
// the demo site, 100 requests a second.
func runCrawl(t *testing.T, cfg config.Config, from, profile string, extra ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	args := []string{"import", "crawl", "--data", cfg.DataDir, "--site", "giavien", "--from", from, "--profile", profile,
		"--rate", "100", "--report", filepath.Join(t.TempDir(), "bao-cao.csv")}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	err := run(context.Background(), nil, append(args, extra...), &out, &errb)
	return out.String() + errb.String(), err
}

// savedArticle is what the test reads itself from a saved article page.
type savedArticle struct {
	path, title string
	date        time.Time
	pictures    int
}

var (
	savedTitle = regexp.MustCompile(`<h1 class="title[^"]*" itemprop="headline">([^<]*)</h1>|<h3 class="header-title"><span>([^<]*)</span>`)
	savedDate  = regexp.MustCompile(`(\d{2}/\d{2}/\d{4}) -? ?(\d{2}:\d{2})`)
	savedImg   = regexp.MustCompile(`<img [^>]*src="/(uploads|documents)/`)
)

// savedArticles lists the article pages of a saved site, under prefix.
func savedArticles(t *testing.T, site, prefix string) []savedArticle {
	t.Helper()
	root := filepath.Join(testenv.Root(t), "testdata", "crawl", site)
	var out []savedArticle
	err := filepath.WalkDir(filepath.Join(root, prefix), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasSuffix(p, "index.html") || strings.Contains(p, "page-") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := savedTitle.FindSubmatch(data)
		dm := savedDate.FindSubmatch(data)
		if m == nil || dm == nil {
			return fmt.Errorf("%s: no title or date", p)
		}
		rel, _ := filepath.Rel(root, p)
		path := "/" + filepath.ToSlash(rel)
		if site == "liferay" {
			path = strings.TrimSuffix(path, ".html")
		}
		date := testenv.Must(time.ParseInLocation("02/01/2006 15:04", string(dm[1])+" "+string(dm[2]), vi.Zone)).Get(t)
		title := html.UnescapeString(string(m[1]) + string(m[2]))
		if strings.HasSuffix(path, "-103.html") { // the page typed with .VnTime
			title = vi.FromTCVN3(title)
			if !strings.HasPrefix(title, "Chủ tịch huyện Đông Giang đối thoại") {
				t.Errorf("the TCVN3 page's title converts to %q", title)
			}
		}
		out = append(out, savedArticle{path: path, title: title, date: date, pictures: len(savedImg.FindAll(data, -1))})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportCrawl: `import crawl` on the saved NukeViet and Liferay sites
// imports every article page with its date, body and pictures (one typed
// in TCVN3 converted), never asks for what robots.txt disallows, names
// trangtin in every request, and each old address (articles, pictures,
// categories) answers 301 to a page that answers 200; a second run
// changes nothing.
func TestImportCrawl(t *testing.T) { eachStore(t, testImportCrawl) }

func testImportCrawl(t *testing.T, cfg config.Config) {
	sites := startOldSites(t)
	app := startApp(t, cfg)
	out, err := runCrawl(t, cfg, sites.nukeviet, "nukeviet", "--contact", "https://giavien.gov.vn/lien-he")
	if err != nil {
		t.Fatalf("import nukeviet pages: %v\n%s", err, out)
	}
	for _, want := range []string{"bài viết: 14 nhập mới, 0 cập nhật, 0 bỏ qua", "ảnh: 7 nhập mới", "TCVN3 → Unicode: 1",
		"chuyên mục: 1 nhập mới", "ke-hoach-so-12.pdf giữ địa chỉ cũ", "su-ra-doi-va-tom-tat-qua-trinh-phat-tien-114.html: robots.txt"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	lout, err := runCrawl(t, cfg, sites.liferay, "liferay")
	if err != nil {
		t.Fatalf("import liferay pages: %v\n%s", err, lout)
	}
	for _, want := range []string{"bài viết: 10 nhập mới, 0 cập nhật, 0 bỏ qua", "ảnh: 4 nhập mới"} {
		if !strings.Contains(lout, want) {
			t.Errorf("output lacks %q:\n%s", want, lout)
		}
	}
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	n := 0
	for _, s := range []struct{ name, prefix, base string }{{"nukeviet", "news", sites.nukeviet}, {"liferay", "web/guest/tin-tuc/-", sites.liferay}} {
		for _, a := range savedArticles(t, s.name, s.prefix) {
			if strings.Contains(a.path, "/noi-bo/") {
				if rec := serveDirect(t, app, "xaanbinh.example.vn", a.path); rec.Code != http.StatusNotFound {
					t.Errorf("GET %s (disallowed by robots.txt): %d, want 404", a.path, rec.Code)
				}
				continue
			}
			n++
			newPath := checkOldAddress(t, app, a.path, html.EscapeString(a.title))
			slug := strings.TrimPrefix(newPath, content.ArticlePath(""))
			art, err := app.db.FindArticleBySlug(ctx, site.ID, slug)
			if err != nil {
				t.Errorf("%s: %v", a.path, err)
				continue
			}
			if art.Title != a.title || !art.PublishedAt.Equal(a.date) || art.Status != content.StatusPublished {
				t.Errorf("%s: %q %v %s, want %q %v published", a.path, art.Title, art.PublishedAt, art.Status, a.title, a.date)
			}
			if got := strings.Count(art.Body, ` src="/anh/`); got != a.pictures || len(art.Body) < 300 || art.Summary == "" {
				t.Errorf("%s: %d pictures (want %d), body of %d bytes, lead %q", a.path, got, a.pictures, len(art.Body), art.Summary)
			}
			if strings.Contains(art.Body, "fb-like") || strings.Contains(art.Body, "Facebook") || strings.Contains(art.Body, "<script") {
				t.Errorf("%s: the old site's furniture is in the body:\n%s", a.path, art.Body)
			}
		}
	}
	if n != 24 {
		t.Errorf("%d saved articles, want 24", n)
	}
	checkOldAddress(t, app, "/uploads/news/2026_12/anh-0.jpg", "")
	checkOldAddress(t, app, "/documents/20182/0/anh-1.jpg/5f1c2e0a-0001-4b6e-9a51-8d6a7e3f2c11?t=17331", "")
	checkOldAddress(t, app, "/news/kinh-te/", "Kinh tế")
	checkOldAddress(t, app, "/web/guest/tin-tuc/-/asset_publisher/tintuc/category/tin-kinh-te", "Tin kinh tế")
	log := string(testenv.Must(os.ReadFile(sites.accessLog)).Get(t))
	if strings.Contains(log, "/news/noi-bo/") {
		t.Errorf("a page robots.txt disallows was asked for:\n%s", log)
	}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if !strings.HasSuffix(line, `"trangtin-import/1.0 (trangtin portal importer; +https://giavien.gov.vn/lien-he)"`) &&
			!strings.HasSuffix(line, `"trangtin-import/1.0 (trangtin portal importer)"`) {
			t.Errorf("a request without trangtin's User-Agent: %s", line)
		}
	}

	before := dumpTables(t, cfg, importDump)
	again, err := runCrawl(t, cfg, sites.nukeviet, "nukeviet")
	if err != nil || !strings.Contains(again, "bài viết: 0 nhập mới, 0 cập nhật, 0 bỏ qua, 2 cảnh báo, 14 không đổi") {
		t.Errorf("second run: %v\n%s", err, again)
	}
	after := dumpTables(t, cfg, importDump)
	for name, rows := range before {
		if fmt.Sprint(rows) != fmt.Sprint(after[name]) {
			t.Errorf("the second run changed table %s", name)
		}
	}
}

// TestImportCrawlResumes: a crawl stopped after its fifth article (an
// injected failure after the article's transaction, as a kill between two
// records) and run again ends in the same database as one clean run,
// compared table by table.
func TestImportCrawlResumes(t *testing.T) { eachStore(t, testImportCrawlResumes) }

func testImportCrawlResumes(t *testing.T, clean config.Config) {
	sites := startOldSites(t)
	withDemo(t, clean)
	if out, err := runCrawl(t, clean, sites.nukeviet, "nukeviet"); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	resumed := config.Config{DataDir: t.TempDir()}
	if clean.DB != "" {
		resumed.DB = freshPostgres(t)
	}
	withDemo(t, resumed)
	crawlFailAfter = 5
	out, err := runCrawl(t, resumed, sites.nukeviet, "nukeviet")
	crawlFailAfter = 0
	if err == nil || !strings.Contains(err.Error(), "chạy lại lệnh để nhập tiếp") || !strings.Contains(out, "bài viết: 5 nhập mới") {
		t.Fatalf("stopped run: %v\n%s", err, out)
	}
	if out, err := runCrawl(t, resumed, sites.nukeviet, "nukeviet"); err != nil || !strings.Contains(out, "bài viết: 9 nhập mới, 0 cập nhật, 0 bỏ qua, 2 cảnh báo, 5 không đổi") {
		t.Fatalf("resumed run: %v\n%s", err, out)
	}
	a, b := dumpTables(t, clean, importDump), dumpTables(t, resumed, importDump)
	if len(a) < 10 {
		t.Fatalf("only %d tables", len(a))
	}
	for name, rows := range a {
		if fmt.Sprint(rows) == fmt.Sprint(b[name]) {
			continue
		}
		t.Errorf("table %s differs: %d rows after a clean run, %d after a resumed one", name, len(rows), len(b[name]))
		for i := range min(len(rows), len(b[name])) {
			if rows[i] != b[name][i] {
				t.Errorf("first difference:\nclean:   %s\nresumed: %s", rows[i], b[name][i])
				break
			}
		}
	}
}

// TestImportCrawlDryRun: --dry-run reads the old site and says what it
// would do, writing nothing.
func TestImportCrawlDryRun(t *testing.T) {
	sites := startOldSites(t)
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	before := dumpTables(t, cfg, importDump)
	out, err := runCrawl(t, cfg, sites.liferay, "liferay", "--dry-run")
	if err != nil || !strings.Contains(out, "Chạy thử (--dry-run)") || !strings.Contains(out, "bài viết: 0 nhập mới, 0 cập nhật, 0 bỏ qua, 0 cảnh báo, 10 sẽ nhập") ||
		!strings.Contains(out, "ảnh sẽ tải: 4") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	after := dumpTables(t, cfg, importDump)
	for name, rows := range before {
		if fmt.Sprint(rows) != fmt.Sprint(after[name]) {
			t.Errorf("--dry-run changed table %s", name)
		}
	}
}

// TestImportCrawlBadInput: an old site that does not answer, pages that
// are not HTML, lack the profile's title or are gone, a picture missing,
// a bad profile file and a --from that is no address each end with a
// Vietnamese message naming what is wrong, and a non-zero exit when a page
// was skipped; the good pages are imported all the same.
func TestImportCrawlBadInput(t *testing.T) {
	sites := startOldSites(t)
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	before := dumpTables(t, cfg, importDump)
	closed := "http://127.0.0.1:" + strconv.Itoa(freeLoopbackPort(t)) + "/"
	out, err := runCrawl(t, cfg, closed, "nukeviet")
	if err == nil || !strings.Contains(err.Error(), "không đọc được trang cũ 127.0.0.1") || !strings.Contains(err.Error(), "không kết nối được") {
		t.Errorf("unreachable site: %v\n%s", err, out)
	}
	dir := t.TempDir()
	for _, c := range []struct{ file, want string }{
		{`{"name": "x", "title": "h1[", "body": "#noi-dung", "article": "^/tin/"}`, `trường "title": bộ chọn CSS "h1[" không hợp lệ`},
		{`{"name": "x", "title": "h1", "article": "^/tin/"}`, `thiếu trường "body"`},
		{`{"name": "x", "title": "h1", "body": "div", "article": "^/tin/("}`, `trường "article": biểu thức chính quy không hợp lệ`},
		{`{"name": "x", "title": "h1", "body": "div", "article": "^/tin/", "tieu_de": "h2"}`, `unknown field "tieu_de"`},
		{"{\n\"name\": \"x\",\n\"title\": h1\n}", "dòng 3: không phải JSON hợp lệ"},
		{`{"name": "x", "title": "h1", "body": "div", "article": "^/tin/", "feeds": "/rss"}`, `trường "feeds" phải là []string`},
	} {
		p := filepath.Join(dir, "ho-so.json")
		write(t, p, c.file)
		if out, err := runCrawl(t, cfg, sites.hong, p); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("profile %s: %v, want %q\n%s", c.file, err, c.want, out)
		}
	}
	if _, err := runCrawl(t, cfg, sites.hong, filepath.Join(dir, "khong-co.json")); err == nil || !strings.Contains(err.Error(), "không phải hồ sơ có sẵn (nukeviet, liferay)") {
		t.Errorf("missing profile: %v", err)
	}
	if _, err := runCrawl(t, cfg, "xaanbinh.example.vn", "nukeviet"); err == nil || !strings.Contains(err.Error(), "cần địa chỉ đầy đủ của trang cũ") {
		t.Errorf("--from without a scheme: %v", err)
	}
	after := dumpTables(t, cfg, importDump)
	for name, rows := range before {
		if fmt.Sprint(rows) != fmt.Sprint(after[name]) {
			t.Errorf("a refused run changed table %s", name)
		}
	}

	out, err = runCrawl(t, cfg, sites.hong, "nukeviet")
	if err == nil || !strings.Contains(err.Error(), "3 mục bị bỏ qua") {
		t.Errorf("bad pages: %v\n%s", err, out)
	}
	for _, want := range []string{"bài viết: 2 nhập mới, 0 cập nhật, 3 bỏ qua, 1 cảnh báo",
		"du-lieu-3.html: không đọc được trang: không phải trang HTML (application/json)",
		`khong-tieu-de-4.html: trang không có tiêu đề theo hồ sơ nukeviet (bộ chọn ".news_column h1.title, [itemprop=headline]" không khớp)`,
		"da-xoa-5.html: không tải được trang: trang cũ trả 404 Not Found",
		"thieu-anh-2.html: thiếu ảnh http://", "mat-anh.jpg: trang cũ trả 404 Not Found (cần cho «"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestImportCrawlKilled: `trangtin import crawl` run as a process of its
// own is killed with SIGKILL while it fetches the fifth article's picture
// (the article not yet written); running the command again ends in the
// same database as one clean run, table by table.
func TestImportCrawlKilled(t *testing.T) {
	bin := buildBinary(t)
	sites := startOldSites(t)
	clean := withDemo(t, config.Config{DataDir: t.TempDir()})
	if out, err := runCrawl(t, clean, sites.nukeviet, "nukeviet"); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	killed := withDemo(t, config.Config{DataDir: t.TempDir()})
	cmd := exec.Command(bin, "import", "crawl", "--data", killed.DataDir, "--site", "giavien", "--from", sites.nukeviet,
		"--rate", "20", "--report", filepath.Join(t.TempDir(), "r.csv"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	logStart := len(testenv.Must(os.ReadFile(sites.accessLog)).Get(t)) // the clean run's requests
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Wait for the request of the picture in the access log (a request
	// every 50 ms: looked for every 5 ms).
	deadline := time.After(60 * time.Second)
	for !strings.Contains(string(testenv.Must(os.ReadFile(sites.accessLog)).Get(t)[logStart:]), "/uploads/news/2026_12/anh-4.jpg") {
		select {
		case err := <-exited:
			t.Fatalf("the import ended by itself (%v) before it was killed:\n%s", err, out.String())
		case <-deadline:
			t.Fatal("the picture was not asked for within a minute")
		case <-time.After(5 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil || cmd.ProcessState.ExitCode() != -1 {
		t.Fatalf("the import ended by itself (%v) before it was killed", err)
	}
	db := testenv.Must(sql.Open("sqlite", "file:"+filepath.Join(killed.DataDir, "trangtin.db"))).Get(t)
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles WHERE source_url LIKE 'http://127.0.0.1:%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n < 1 || n >= 14 {
		t.Fatalf("%d articles written when killed, want between 1 and 13", n)
	}
	if out, err := runCrawl(t, killed, sites.nukeviet, "nukeviet"); err != nil || !strings.Contains(out, fmt.Sprintf("%d không đổi", n)) {
		t.Fatalf("run after the kill (%d articles written before): %v\n%s", n, err, out)
	}
	a, b := dumpTables(t, clean, importDump), dumpTables(t, killed, importDump)
	for name, rows := range a {
		if fmt.Sprint(rows) != fmt.Sprint(b[name]) {
			t.Errorf("table %s differs: %d rows after a clean run, %d after a killed one and a second run", name, len(rows), len(b[name]))
		}
	}
}

// TestImportCrawlUpdates: a page changed on the old site since the last
// run updates its article, the others stay as they were; an article the
// editors withdrew here stays withdrawn when its page changes.
func TestImportCrawlUpdates(t *testing.T) {
	sites := startOldSites(t)
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	if out, err := runCrawl(t, cfg, sites.nukeviet, "nukeviet"); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	edit := func(glob, old, new string) {
		t.Helper()
		files := testenv.Must(filepath.Glob(filepath.Join(sites.dir, "www", "nukeviet", "news", "kinh-te", glob))).Get(t)
		if len(files) != 1 {
			t.Fatalf("%s: %v", glob, files)
		}
		data := string(testenv.Must(os.ReadFile(files[0])).Get(t))
		if !strings.Contains(data, old) {
			t.Fatalf("%s lacks %q", files[0], old)
		}
		write(t, files[0], strings.Replace(data, old, new, 1))
	}
	edit("*-100.html", "Tham dự buổi trao quà có", "Tham dự buổi trao quà (bài đã sửa) có")
	edit("*-101.html", "Theo đó, UBND xã đã", "Theo đó (bài đã sửa), UBND xã đã")
	db := testenv.Must(sql.Open("sqlite", "file:"+filepath.Join(cfg.DataDir, "trangtin.db"))).Get(t)
	defer db.Close()
	if _, err := db.Exec(`UPDATE articles SET status = 'withdrawn', withdrawn_reason = 'Gỡ theo yêu cầu' WHERE source_url LIKE '%-101.html'`); err != nil {
		t.Fatal(err)
	}
	out, err := runCrawl(t, cfg, sites.nukeviet, "nukeviet")
	if err != nil || !strings.Contains(out, "bài viết: 0 nhập mới, 2 cập nhật, 0 bỏ qua, 2 cảnh báo, 12 không đổi") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	for suffix, want := range map[string]string{"-100.html": "published", "-101.html": "withdrawn"} {
		var body, status string
		if err := db.QueryRow(`SELECT body, status FROM articles WHERE source_url LIKE ?`, "%"+suffix).Scan(&body, &status); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, "(bài đã sửa)") || status != want {
			t.Errorf("article of %s: %s, body without the change: %v", suffix, status, !strings.Contains(body, "(bài đã sửa)"))
		}
	}
}
