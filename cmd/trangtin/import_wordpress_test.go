package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
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
	"trangtin/internal/importer/wordpress"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

func wxrFile(t *testing.T) string { return testenv.Path(t, "wordpress/xaanbinh.wordpress.xml") }

// runWordpress runs `trangtin import wordpress` on file into the demo site
// with the export's uploads, the report beside it in a temporary folder.
func runWordpress(t *testing.T, cfg config.Config, file string, extra ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	args := []string{"import", "wordpress", "--data", cfg.DataDir, "--site", "giavien",
		"--uploads", testenv.Path(t, "wordpress/uploads"), "--report", filepath.Join(t.TempDir(), "bao-cao.csv"), "--role", "bientap=editor"}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	args = append(append(args, extra...), file)
	err := run(context.Background(), nil, args, &out, &errb)
	return out.String() + errb.String(), err
}

// wxrItems reads the items of the export, with the test's own reader.
func wxrItems(t *testing.T, file string) []*wordpress.Item {
	t.Helper()
	f := testenv.Must(os.Open(file)).Get(t)
	defer f.Close()
	r := wordpress.NewReader(bufio.NewReader(f))
	var items []*wordpress.Item
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return items
		}
		if err != nil {
			t.Fatal(err)
		}
		if it, ok := rec.(*wordpress.Item); ok {
			items = append(items, it)
		}
	}
}

// TestImportWordpress: the real export of a commune's WordPress site comes
// in whole: every published post and page with its category and date,
// every old permalink and ?p= address answering 301 to a page that
// answers 200, drafts, pending, scheduled and private posts not public,
// pictures and captions in place, the authors listed for their one-time
// passwords; a second run changes nothing.
func TestImportWordpress(t *testing.T) { eachStore(t, testImportWordpress) }

func testImportWordpress(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	out, err := runWordpress(t, cfg, wxrFile(t))
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, want := range []string{"bài viết: 173 nhập mới", "trang: 3 nhập mới", "ảnh: 5 nhập mới", "tài khoản: 4 nhập mới",
		"bientap\tbientap@xa.example.vn\tNguyễn Thị Biên Tập", "congtacvien\tcongtacvien@xa.example.vn", "Cấp mật khẩu mới"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	published := 0
	for _, it := range wxrItems(t, wxrFile(t)) {
		switch {
		case it.Type == "post" && it.Status == "publish":
			published++
			checkPublishedPost(t, app, site, it)
		case it.Type == "post":
			checkHiddenPost(t, app, site, it)
		case it.Type == "page" && it.Status == "publish":
			checkOldAddress(t, app, "/?page_id="+strconv.FormatInt(it.ID, 10), it.Title)
		}
	}
	if published != 151 {
		t.Errorf("%d published posts in the export, want 151", published)
	}
	checkOldAddress(t, app, "/lien-he/", "Liên hệ")
	checkOldAddress(t, app, "/category/tin-tuc-su-kien/kinh-te/", "Kinh tế")
	checkOldAddress(t, app, "/feed/", "<rss")
	checkPicturesAndAuthors(t, app, site)

	again, err := runWordpress(t, cfg, wxrFile(t))
	if err != nil || !strings.Contains(again, "bài viết: 0 nhập mới, 173 cập nhật") || !strings.Contains(again, "ảnh: 0 nhập mới, 5 cập nhật") {
		t.Errorf("second run: %v\n%s", err, again)
	}
}

// checkOldAddress: GET old answers 301 to an address that answers 200
// with want in its page.
func checkOldAddress(t *testing.T, app *testApp, old, want string) string {
	t.Helper()
	rec := serveDirect(t, app, "xaanbinh.example.vn", old)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusMovedPermanently || loc == "" {
		t.Errorf("GET %s: %d, want 301", old, rec.Code)
		return ""
	}
	u := testenv.Must(url.Parse(loc)).Get(t)
	page := serveDirect(t, app, "xaanbinh.example.vn", u.RequestURI())
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), want) {
		t.Errorf("GET %s → %s: %d, want 200 with %q", old, loc, page.Code, want)
	}
	return u.Path
}

func checkPublishedPost(t *testing.T, app *testApp, site content.Site, it *wordpress.Item) {
	t.Helper()
	title := html.EscapeString(it.Title)
	link := testenv.Must(url.Parse(it.Link)).Get(t)
	to := checkOldAddress(t, app, link.RequestURI(), title)
	if to2 := checkOldAddress(t, app, "/?p="+strconv.FormatInt(it.ID, 10), title); to2 != to {
		t.Errorf("post %d: ?p= leads to %s, its permalink to %s", it.ID, to2, to)
	}
	a := testenv.Must(app.db.FindArticleBySourceURL(context.Background(), site.ID, it.GUID)).Get(t)
	when := testenv.Must(time.Parse(time.DateTime, it.PostDateGMT)).Get(t)
	if a.Status != content.StatusPublished || !a.PublishedAt.Equal(when) || content.ArticlePath(a.Slug) != to {
		t.Errorf("post %d: %s at %s (%s), want published at %s", it.ID, a.Status, a.PublishedAt, a.Slug, when)
	}
	cat := testenv.Must(app.db.FindCategoryByID(context.Background(), site.ID, a.CategoryID)).Get(t)
	for _, term := range it.Terms {
		if term.Domain == "category" {
			if cat.Name != term.Name {
				t.Errorf("post %d in %q, want %q", it.ID, cat.Name, term.Name)
			}
			break
		}
	}
}

// checkHiddenPost: a draft, pending, scheduled or private post is in the
// newsroom with its status and is not public, by its slug or its ?p=.
func checkHiddenPost(t *testing.T, app *testApp, site content.Site, it *wordpress.Item) {
	t.Helper()
	a := testenv.Must(app.db.FindArticleBySourceURL(context.Background(), site.ID, it.GUID)).Get(t)
	want := map[string]content.Status{"draft": content.StatusDraft, "pending": content.StatusSubmitted,
		"future": content.StatusScheduled, "private": content.StatusDraft}[it.Status]
	if a.Status != want {
		t.Errorf("%s post %d: %s, want %s", it.Status, it.ID, a.Status, want)
	}
	if rec := serveDirect(t, app, "xaanbinh.example.vn", content.ArticlePath(a.Slug)); rec.Code != http.StatusNotFound {
		t.Errorf("%s post %d at %s: %d, want 404", it.Status, it.ID, content.ArticlePath(a.Slug), rec.Code)
	}
	rec := serveDirect(t, app, "xaanbinh.example.vn", "/?p="+strconv.FormatInt(it.ID, 10))
	if loc := rec.Header().Get("Location"); loc != "" {
		rec = serveDirect(t, app, "xaanbinh.example.vn", testenv.Must(url.Parse(loc)).Get(t).RequestURI())
	}
	if rec.Code == http.StatusOK && strings.Contains(rec.Body.String(), a.Title) {
		t.Errorf("%s post %d is public through ?p=", it.Status, it.ID)
	}
	if it.Status == "future" {
		when := testenv.Must(time.Parse(time.DateTime, it.PostDateGMT)).Get(t)
		due := testenv.Must(app.db.FindDueArticles(context.Background(), when, 100)).Get(t)
		found := false
		for _, d := range due {
			found = found || d.ID == a.ID
		}
		if !a.PublishedAt.Equal(when) || !found {
			t.Errorf("scheduled post %d: due at %s, want %s and due then", it.ID, a.PublishedAt, when)
		}
		// Once published, its dated permalink (not in the export yet) leads to it.
		dated := "/" + strings.ReplaceAll(it.PostDate[:10], "-", "/") + "/" + it.Name + "/"
		e, err := app.db.FindRedirect(context.Background(), site.ID, []string{strings.TrimSuffix(dated, "/")})
		if err != nil || e.To != content.ArticlePath(a.Slug) {
			t.Errorf("scheduled post %d: %s leads to %q (%v), want %s", it.ID, dated, e.To, err, content.ArticlePath(a.Slug))
		}
	}
}

// checkPicturesAndAuthors: a post with a picture has it from the media
// library with its caption, as its featured photo too; the old picture
// addresses (a size WordPress made included) lead to it; the authors are
// accounts of the site that no password opens.
func checkPicturesAndAuthors(t *testing.T, app *testApp, site content.Site) {
	t.Helper()
	ctx := context.Background()
	a := testenv.Must(app.db.FindArticleBySourceURL(ctx, site.ID, "https://xaanbinh.example.vn/?p=439")).Get(t)
	img := regexp.MustCompile(`<figure[^>]*><img src="(/anh/[^"]+)"[^>]*alt="Quang cảnh hoạt động số 4"[^>]*/?><figcaption[^>]*>Ảnh: Phóng viên xã \(4\)</figcaption></figure>`).FindStringSubmatch(a.Body)
	if img == nil || a.Photo.Src == "" || a.Photo.Alt != "Quang cảnh hoạt động số 4" {
		t.Fatalf("post 439: photo %+v, body %s", a.Photo, a.Body)
	}
	if a.Keywords != "năm 2027, xã 4" {
		t.Errorf("post 439: key words %q, want its tags", a.Keywords)
	}
	if strings.Contains(a.Body, "wp:") || strings.Contains(a.Body, "xaanbinh.example.vn") {
		t.Errorf("post 439 keeps the old markup: %s", a.Body)
	}
	if rec := serveDirect(t, app, "xaanbinh.example.vn", img[1]); rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/png" {
		t.Errorf("GET %s: %d %s", img[1], rec.Code, rec.Header().Get("Content-Type"))
	}
	// Every attachment (386 to 390) answers at its file's address, its
	// attachment page and ?attachment_id=, and a size WordPress made of it,
	// with a 301 to the picture, which is there.
	olds := []string{"/wp-content/uploads/2024/04/anh-hoat-dong-4-300x119.png"}
	for n := 1; n <= 5; n++ {
		olds = append(olds, fmt.Sprintf("/wp-content/uploads/2024/%02d/anh-hoat-dong-%d.png", n, n),
			fmt.Sprintf("/anh-hoat-dong-so-%d/", n), fmt.Sprintf("/?attachment_id=%d", 385+n))
	}
	for _, old := range olds {
		rec := serveDirect(t, app, "xaanbinh.example.vn", old)
		loc := rec.Header().Get("Location")
		if rec.Code != http.StatusMovedPermanently || !strings.Contains(loc, "/anh/") {
			t.Errorf("GET %s: %d to %q, want 301 to the picture", old, rec.Code, loc)
			continue
		}
		u := testenv.Must(url.Parse(loc)).Get(t)
		if rec := serveDirect(t, app, "xaanbinh.example.vn", u.RequestURI()); rec.Code != http.StatusOK {
			t.Errorf("GET %s → %s: %d, want 200", old, loc, rec.Code)
		}
	}
	for login, role := range map[string]user.Role{"bientap": user.RoleApprover, "phongvien1": user.RoleReporter, "congtacvien": user.RoleReporter} {
		u := testenv.Must(app.db.FindUserByEmail(ctx, login+"@xa.example.vn")).Get(t)
		ms := testenv.Must(app.db.FindMemberships(ctx, u.ID)).Get(t)
		if u.PasswordHash != user.NoPassword || len(ms) != 1 || ms[0].SiteID != site.ID || ms[0].Role != role {
			t.Errorf("%s: hash %q, memberships %+v; want no password and %s on the site", login, u.PasswordHash, ms, role)
		}
	}
}

// TestImportWordpressResumes: an import stopped at the 60th item (an
// injected failure, after the item's transaction, as a kill between two
// records) and run again ends in the same database as one clean run,
// compared table by table (random picture keys and times masked).
func TestImportWordpressResumes(t *testing.T) { eachStore(t, testImportWordpressResumes) }

func testImportWordpressResumes(t *testing.T, clean config.Config) {
	withDemo(t, clean)
	if out, err := runWordpress(t, clean, wxrFile(t)); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	resumed := config.Config{DataDir: t.TempDir()}
	if clean.DB != "" {
		resumed.DB = freshPostgres(t)
	}
	withDemo(t, resumed)
	wordpressFailAfter = 60
	out, err := runWordpress(t, resumed, wxrFile(t))
	wordpressFailAfter = 0
	if err == nil || !strings.Contains(err.Error(), "chạy lại lệnh để nhập tiếp") {
		t.Fatalf("stopped run: %v\n%s", err, out)
	}
	if out, err := runWordpress(t, resumed, wxrFile(t)); err != nil {
		t.Fatalf("resumed run: %v\n%s", err, out)
	}
	compareDatabases(t, clean, resumed, importDump, "a clean run", "a resumed one")
}

// TestImportWordpressBadFiles: a truncated export, a file that is not XML
// and an item with bytes that are not UTF-8 stop the import with a
// Vietnamese message naming where, and nothing is written.
func TestImportWordpressBadFiles(t *testing.T) {
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	before := dumpTables(t, cfg, importDump)
	data := testenv.Must(os.ReadFile(wxrFile(t))).Get(t)
	dir := t.TempDir()
	bad := bytes.Replace(data, []byte("Trung tâm Bảo trợ xã hội tỉnh: Kỷ niệm"), []byte("Trung t\xe2m B\xe1o trợ xã hội tỉnh: Kỷ niệm"), 1)
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"cut.xml":      {data[:len(data)*2/3], "tệp kết thúc giữa chừng (bị cắt cụt?)"},
		"notes.xml":    {[]byte("Danh sách bài viết của xã\n"), "không phải tệp XML xuất từ WordPress"},
		"badutf8.xml":  {bad, "mục thứ 9 (dòng 640), dòng 641: có byte không phải UTF-8"},
		"rss-only.xml": {[]byte(`<?xml version="1.0"?><rss><channel><item><title>x</title></item></channel></rss>`), "thiếu <wp:wxr_version>"},
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, c.data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := runWordpress(t, cfg, path)
		var fe *wordpress.Error
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "không có gì được ghi") {
			t.Errorf("%s: %v, want a message with %q\n%s", name, err, c.want, out)
		}
	}
	compareDumps(t, before, dumpTables(t, cfg, importDump), "before", "the broken files")
}

// TestImportWordpressDryRun: --dry-run writes nothing and says what it
// would do.
func TestImportWordpressDryRun(t *testing.T) {
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	before := dumpTables(t, cfg, importDump)
	out, err := runWordpress(t, cfg, wxrFile(t), "--dry-run")
	if err != nil || !strings.Contains(out, "Chạy thử (--dry-run)") || !strings.Contains(out, "bài viết: 0 nhập mới, 0 cập nhật, 0 bỏ qua, 5 cảnh báo, 173 sẽ nhập") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	compareDumps(t, before, dumpTables(t, cfg, importDump), "before", "--dry-run")
}

// TestImportWordpressClassic: a WXR 1.1 export of a classic-editor site:
// paragraphs made from blank lines, a [caption] picture whose size
// variant is found from its original file, a date without post_date_gmt
// read in Vietnam's time, a TCVN3 post converted; a missing picture and a picture of another site
// are warned about, naming the post that needs them.
func TestImportWordpressClassic(t *testing.T) {
	cfg := config.Config{DataDir: t.TempDir()}
	app := startApp(t, cfg)
	uploads := filepath.Join(t.TempDir(), "uploads")
	if err := os.MkdirAll(filepath.Join(uploads, "2012", "05"), 0o755); err != nil {
		t.Fatal(err)
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewRGBA(image.Rect(0, 0, 400, 300)), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(uploads, "2012", "05", "dinh.jpg"), jpg.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), nil, []string{"import", "wordpress", "--data", cfg.DataDir, "--site", "giavien", "--uploads", uploads,
		"--report", filepath.Join(t.TempDir(), "r.csv"), testenv.Path(t, "../internal/importer/wordpress/testdata/wxr11.xml")}, &out, &errb)
	if err != nil {
		t.Fatalf("import: %v\n%s%s", err, out.String(), errb.String())
	}
	for _, want := range []string{"thiếu tệp ảnh 2012/06/lich.jpg trong thư mục --uploads (cần cho «Thông báo lịch tiếp dân»)",
		"ảnh ở trang khác bị bỏ: https://cdn.example.com/banner.png (cần cho «Thông báo lịch tiếp dân»)", "TCVN3 → Unicode: 2", "cảnh báo ảnh wordpress:attachment:16: không nhập được ảnh ../../../etc/tep-la.png: không đọc được tệp trong thư mục --uploads"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	ctx := context.Background()
	site := testenv.Must(app.db.FindSiteByKey(ctx, "giavien")).Get(t)
	a := testenv.Must(app.db.FindArticleBySourceURL(ctx, site.ID, "http://xacu.example.vn/?p=12")).Get(t)
	fig := regexp.MustCompile(`<figure><img src="/anh/[^"]+-\d+\.jpg" alt="Đình làng" width="300" height="200"[^>]*/?><figcaption>Đình làng ngày hội</figcaption></figure>`)
	if !fig.MatchString(a.Body) || !strings.Contains(a.Body, "<p>Sáng nay, xã tổ chức lễ hội.</p>") || !strings.Contains(a.Body, "Đông đảo nhân dân tham dự.<br>") || a.Photo.Alt != "Đình làng" {
		t.Errorf("article 12: photo %+v body\n%s", a.Photo, a.Body)
	}
	b := testenv.Must(app.db.FindArticleBySourceURL(ctx, site.ID, "http://xacu.example.vn/?p=14")).Get(t)
	if want := time.Date(2012, 6, 1, 2, 0, 0, 0, time.UTC); !b.PublishedAt.Equal(want) || strings.Contains(b.Body, "<img") {
		t.Errorf("article 14 at %s, want %s; body %s", b.PublishedAt, want, b.Body)
	}
	c := testenv.Must(app.db.FindArticleBySourceURL(ctx, site.ID, "http://xacu.example.vn/?p=15")).Get(t)
	if c.Title != "Thông báo kết quả tuyển dụng" || !strings.Contains(c.Body, "Uỷ ban nhân dân xã thông báo kết quả tuyển dụng công chức.") {
		t.Errorf("a TCVN3 post: %q\n%s", c.Title, c.Body)
	}
	checkOldAddress(t, app, "/2012/05/le-hoi-dinh-lang/", "Lễ hội đình làng")
	checkOldAddress(t, app, "/tag/le-hoi/", "lễ hội")
}

// writeLargeExport writes an export of n posts of about 2 KB each.
func writeLargeExport(t *testing.T, path string, n int) {
	t.Helper()
	head := strings.SplitN(string(testenv.Must(os.ReadFile(testenv.Path(t, "../internal/importer/wordpress/testdata/wxr11.xml"))).Get(t)), "<item>", 2)[0]
	f := testenv.Must(os.Create(path)).Get(t)
	w := bufio.NewWriter(f)
	w.WriteString(head)
	body := strings.Repeat("<p>Nội dung bài viết về hoạt động của xã, có dấu tiếng Việt đầy đủ.</p>\n", 28)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(w, `<item><title>Bài số %d</title><link>http://xacu.example.vn/2020/01/bai-so-%d/</link><dc:creator>admin</dc:creator>
<guid isPermaLink="false">http://xacu.example.vn/?p=%d</guid><content:encoded><![CDATA[%s]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date>2020-01-01 08:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 01:00:00</wp:post_date_gmt>
<wp:post_name>bai-so-%d</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>
<wp:post_type>post</wp:post_type><category domain="category" nicename="tin-tuc"><![CDATA[Tin tức]]></category></item>
`, i, i, i+100, body, i+100, i)
	}
	w.WriteString("</channel>\n</rss>\n")
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		t.Fatal(err)
	}
}

// TestImportWordpressLarge: 20,000 posts (a 66 MB file) are imported by
// the real binary, as a process of its own, in bounded memory: its peak
// resident size, printed, stays under the size of the file (a reader
// holding the file whole could not) and near that of an import of 2,000.
func TestImportWordpressLarge(t *testing.T) {
	testenv.Long(t, "20,000 posts imported")
	_, err := os.Stat("/proc/self/status")
	testenv.Require(t, "/proc/PID/status (Linux) to read a process's peak memory", err)
	bin := buildBinary(t)
	small, _ := wordpressPeak(t, bin, 2000)
	large, size := wordpressPeak(t, bin, 20000)
	if large > size || large > small+small/2 {
		t.Errorf("peak resident memory %d bytes for 20,000 posts (a file of %d), %d for 2,000", large, size, small)
	}
}

// vmHWM is the peak resident memory of process pid, 0 when unknown.
func vmHWM(pid int) int64 {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// wordpressPeak imports an export of n posts with the binary bin and
// returns its peak resident memory and the size of the file.
func wordpressPeak(t *testing.T, bin string, n int) (rss, size int64) {
	t.Helper()
	cfg := withDemo(t, config.Config{DataDir: t.TempDir()})
	path := filepath.Join(t.TempDir(), "large.xml")
	writeLargeExport(t, path, n)
	size = testenv.Must(os.Stat(path)).Get(t).Size()
	start := time.Now()
	cmd := exec.Command(bin, "import", "wordpress", "--data", cfg.DataDir, "--site", "giavien", "--report", filepath.Join(t.TempDir(), "r.csv"), path)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The high-water mark of the process's own memory (rusage's would
	// count the test's, shared until exec), read until it exits.
	done := make(chan error)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var err error
	for waiting := true; waiting; {
		if hwm := vmHWM(cmd.Process.Pid); hwm > rss {
			rss = hwm
		}
		select {
		case err = <-done:
			waiting = false
		case <-tick.C:
		}
	}
	if err != nil || !strings.Contains(out.String(), fmt.Sprintf("bài viết: %d nhập mới", n)) {
		t.Fatalf("import: %v\n%.2000s", err, out.String())
	}
	t.Logf("%d posts (%.1f MB) imported in %s, peak resident memory %.1f MB", n, float64(size)/(1<<20), time.Since(start).Round(time.Millisecond), float64(rss)/(1<<20))
	return rss, size
}

// TestImportWordpressKilled: `trangtin import wordpress` run as a process
// of its own is killed with SIGKILL once it reports its first thousand
// posts (wherever it then is, a transaction open or not); running the
// command again ends in the same database as one clean run, table by table.
func TestImportWordpressKilled(t *testing.T) {
	testenv.Long(t, "two imports of 3,000 posts and a killed one")
	bin := buildBinary(t)
	path := filepath.Join(t.TempDir(), "posts.xml")
	writeLargeExport(t, path, 3000)
	clean := withDemo(t, config.Config{DataDir: t.TempDir()})
	if out, err := runWordpress(t, clean, path); err != nil {
		t.Fatalf("clean run: %v\n%.2000s", err, out)
	}
	killed := withDemo(t, config.Config{DataDir: t.TempDir()})
	cmd := exec.Command(bin, "import", "wordpress", "--data", killed.DataDir, "--site", "giavien", "--role", "bientap=editor",
		"--report", filepath.Join(t.TempDir(), "r.csv"), path)
	stderr := testenv.Must(cmd.StderrPipe()).Get(t)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() && !strings.Contains(sc.Text(), " 1000/3000 ") {
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, stderr)
	if err := cmd.Wait(); err == nil || cmd.ProcessState.ExitCode() != -1 {
		t.Fatalf("the import ended by itself (%v) before it was killed", err)
	}
	db := testenv.Must(sql.Open("sqlite", "file:"+filepath.Join(killed.DataDir, "trangtin.db"))).Get(t)
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles WHERE source_url LIKE 'http://xacu.example.vn/%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	db.Close()
	t.Logf("killed after %d of 3000 posts", n)
	if n < 1000 || n >= 3000 {
		t.Fatalf("%d posts written when killed, want between 1000 and 3000", n)
	}
	if out, err := runWordpress(t, killed, path); err != nil {
		t.Fatalf("run after the kill: %v\n%.2000s", err, out)
	}
	compareDatabases(t, clean, killed, importDump, "a clean run", "a killed one and a second run")
}
