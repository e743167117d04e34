package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
)

// corpusURLs returns the url of every line of the shared corpus.
func corpusURLs(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct{ URL string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		urls = append(urls, rec.URL)
	}
	return urls
}

var summaryRE = regexp.MustCompile(`Đã nhập (\d+) bài mới, cập nhật (\d+) bài, bỏ qua (\d+) dòng lỗi\.`)

// runImport runs `trangtin import jsonl` and returns the three counts of
// its summary, its stderr and its error.
func runImport(t *testing.T, cfg config.Config, file string) (imported, updated, rejected int, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	args := []string{"import", "jsonl", "--data", cfg.DataDir, "--site", "giavien"}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	err = run(context.Background(), nil, append(args, file), &out, &errb)
	m := summaryRE.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no summary in output %q (stderr %q, err %v)", out.String(), errb.String(), err)
	}
	imported = testenv.Must(strconv.Atoi(m[1])).Get(t)
	updated = testenv.Must(strconv.Atoi(m[2])).Get(t)
	rejected = testenv.Must(strconv.Atoi(m[3])).Get(t)
	return imported, updated, rejected, errb.String(), err
}

// withDemo creates the demo site in cfg's database, as the first start of
// `trangtin serve` does.
func withDemo(t *testing.T, cfg config.Config) config.Config {
	t.Helper()
	startApp(t, cfg)
	return cfg
}

func countArticles(t *testing.T, cfg config.Config) (int, content.Store, func()) {
	t.Helper()
	db, err := openStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	site, err := db.FindSiteByKey(context.Background(), "giavien")
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.CountArticles(context.Background(), content.ArticleFilter{SiteID: site.ID})
	if err != nil {
		t.Fatal(err)
	}
	return n, db, func() { db.Close() }
}

func TestImportCorpusIsIdempotent(t *testing.T) { eachStore(t, testImportCorpusIsIdempotent) }

func testImportCorpusIsIdempotent(t *testing.T, cfg config.Config) {
	corpus := testenv.Path(t, "corpus/articles.jsonl")
	urls := corpusURLs(t, corpus)
	if len(urls) != 172 {
		t.Fatalf("corpus has %d lines, want 172", len(urls))
	}
	dir := withDemo(t, cfg)
	before, _, done := countArticles(t, dir)
	done()

	imported, updated, rejected, stderr, err := runImport(t, dir, corpus)
	if err != nil || rejected != 0 {
		t.Fatalf("first import: err %v, rejected %d, stderr:\n%s", err, rejected, stderr)
	}
	// The demo site already holds a few corpus articles; those are updated.
	if imported+updated != 172 {
		t.Errorf("first import: %d new + %d updated, want 172 in all", imported, updated)
	}
	after, db, done := countArticles(t, dir)
	if after != before+imported {
		t.Errorf("article count %d → %d, want +%d", before, after, imported)
	}
	site := testenv.Must(db.FindSiteByKey(context.Background(), "giavien")).Get(t)
	for _, u := range urls {
		a, err := db.FindArticleBySourceURL(context.Background(), site.ID, u)
		if err != nil {
			t.Errorf("article %s not imported: %v", u, err)
			continue
		}
		if a.Status != content.StatusPublished || a.Body == "" || a.Slug == "" {
			t.Errorf("article %s imported incompletely: %+v", u, a)
		}
	}
	done()

	imported, updated, rejected, stderr, err = runImport(t, dir, corpus)
	if err != nil || imported != 0 || updated != 172 || rejected != 0 {
		t.Errorf("second import: %d new, %d updated, %d rejected, err %v, stderr %s; want 0, 172, 0", imported, updated, rejected, err, stderr)
	}
	again, _, done := countArticles(t, dir)
	done()
	if again != after {
		t.Errorf("second import changed the article count from %d to %d", after, again)
	}
}

func TestImportReportsBadLinesAndGoesOn(t *testing.T) {
	corpus := testenv.Path(t, "corpus/articles.jsonl")
	raw, err := os.ReadFile(corpus)
	if err != nil {
		t.Fatal(err)
	}
	good := strings.Split(strings.TrimSpace(string(raw)), "\n")[100:103]
	lines := []string{
		good[0],
		`{"url": "https://example.vn/a", "title": "Thiếu ngoặc"`, // 2: broken JSON
		good[1],
		`{"url": "https://example.vn/b", "title": "", "body": "Nội dung"}`,                                    // 4: no title
		`{"url": "khong-phai-url", "title": "Tiêu đề", "body": "Nội dung", "date": "10/03/2023"}`,             // 5: bad url and date
		`{"url": "https://example.vn/c", "title": "` + strings.Repeat("Dài ", 200) + `", "body": "Nội dung"}`, // 6: title too long
		good[2],
	}
	file := filepath.Join(t.TempDir(), "mixed.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := withDemo(t, config.Config{DataDir: t.TempDir()})
	imported, updated, rejected, stderr, err := runImport(t, dir, file)
	if err == nil {
		t.Error("import with bad lines exited successfully; want a non-zero exit")
	}
	if imported+updated != 3 || rejected != 4 {
		t.Errorf("got %d new, %d updated, %d rejected; want 3 good lines in and 4 rejected", imported, updated, rejected)
	}
	for _, want := range []string{"dòng 2: dòng không phải JSON hợp lệ", "dòng 4: thiếu tiêu đề", "dòng 5: thiếu hoặc sai trường url", `ngày "10/03/2023" không đúng dạng yyyy-mm-dd`, "dòng 6: ", "Tiêu đề không được dài quá"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, bad := range []string{"dòng 1:", "dòng 3:", "dòng 7:"} {
		if strings.Contains(stderr, bad) {
			t.Errorf("stderr reports a good line (%s):\n%s", bad, stderr)
		}
	}
}

// TestImportWhileServing: an import by another process reaches the running
// server's page cache within its refresh interval.
func TestImportWhileServing(t *testing.T) { eachStore(t, testImportWhileServing) }

func testImportWhileServing(t *testing.T, dir config.Config) {
	app := startApp(t, dir)
	_, home := get(t, app.URL+"/")
	const title = "Bài viết nhập khi máy chủ đang chạy"
	if strings.Contains(home, title) {
		t.Fatal("title present before the import")
	}
	file := filepath.Join(t.TempDir(), "one.jsonl")
	line := `{"url": "https://example.vn/moi", "title": "` + title + `", "date": "` + time.Now().Format(time.DateOnly) + `", "body": "Nội dung."}`
	os.WriteFile(file, []byte(line+"\n"), 0o644)
	if n, _, _, stderr, err := runImport(t, dir, file); err != nil || n != 1 {
		t.Fatalf("import: %d new, err %v, %s", n, err, stderr)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, home = get(t, app.URL+"/"); strings.Contains(home, title) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the home page still does not show the imported article after 10 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
