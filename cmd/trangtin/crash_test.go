package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"trangtin/internal/admin"
	"trangtin/internal/config"
	"trangtin/internal/testenv"
)

// TestCrash is the crash proof of issue 15: writers (citizens' questions,
// ratings, failed sign-ins, which append to the hash-chained audit log,
// an approver publishing new articles with "Đăng bắt buộc", and photo
// uploads) run against a server process that is killed with SIGKILL at
// random moments. After each kill, before the restart: every question
// answered with a 2xx (303) is stored once, the ratings stored are at
// least those acknowledged, every acknowledged publication is published,
// the search index agrees with the articles, the database passes its
// integrity checks and the audit chain verifies. A last start then finds
// acknowledged articles by search and serves every acknowledged photo.
func TestCrash(t *testing.T) {
	testenv.Long(t, "20 kills of a server process on each store")
	bin := buildBinary(t)
	eachStore(t, func(t *testing.T, cfg config.Config) { testCrash(t, bin, cfg) })
}

func testCrash(t *testing.T, bin string, cfg config.Config) {
	const kills = 20
	seed := uint64(time.Now().UnixNano())
	t.Logf("random seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 15))
	args := []string{"--addr", "127.0.0.1:0", "--data", cfg.DataDir, "--trusted-proxies", "127.0.0.1", "--access-log=false", "--log-level", "warn"}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	var (
		mu           sync.Mutex
		acked        []string // subjects of the questions acknowledged
		ratingsAcked int
		ratingsSent  int
		audits       int
		published    []string // titles of the articles whose publication was acknowledged
		uploads      []string // addresses of the photos whose upload was acknowledged
	)
	var articleID, categoryID string
	var staff *http.Client // the approver, signed in once: sessions outlive the process
	photo := testPNG(t, 40, 30)
	next := 0 // a number for each write: its subject, its client address
	for kill := range kills {
		p := startProcess(t, bin, args...)
		if articleID == "" {
			_, page := get(t, p.URL+seedURL)
			m := regexp.MustCompile(`name="ma" value="(\d+)"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no rating form on the seed article")
			}
			articleID = m[1]
			staff, categoryID = crashStaff(t, p.URL, cfg)
		}
		client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
		post := func(path string, n int, form url.Values) (int, error) {
			req, err := http.NewRequest("POST", p.URL+path, strings.NewReader(form.Encode()))
			if err != nil {
				return 0, err
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("User-Agent", "Mozilla/5.0 (crash test)")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
			res, err := client.Do(req)
			if err != nil {
				return 0, err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode, nil
		}
		number := func() int {
			mu.Lock()
			defer mu.Unlock()
			next++
			return next
		}
		// staffPost sends an editors' form as the approver and returns the
		// status and the Location of a redirect.
		staffPost := func(path string, form url.Values) (int, string, error) {
			res, err := staff.PostForm(p.URL+path, form)
			if err != nil {
				return 0, "", err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode, res.Header.Get("Location"), nil
		}
		// Each writer's first acknowledged write, so that every kill lands
		// among writes of every kind.
		const writers = 5
		var firstAcks sync.WaitGroup
		firstAcks.Add(writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				var ackOnce sync.Once
				defer ackOnce.Do(firstAcks.Done)
				for {
					n := number()
					var err error
					var status int
					switch w {
					case 0:
						subject := fmt.Sprintf("Câu hỏi số %d về thủ tục", n)
						status, err = post("/hoi-dap/dat-cau-hoi", n, url.Values{"name": {"Nguyễn Văn Dân"}, "phone": {"0912 345 678"},
							"field": {"Xây dựng - Giao thông"}, "subject": {subject}, "body": {"Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ cần những gì?"}})
						if err == nil && status == http.StatusSeeOther {
							mu.Lock()
							acked = append(acked, subject)
							mu.Unlock()
						}
					case 1:
						mu.Lock()
						ratingsSent++
						mu.Unlock()
						status, err = post("/danh-gia", n, url.Values{"loai": {"article"}, "ma": {articleID}, "diem": {"5"}})
						if err == nil && status == http.StatusSeeOther {
							mu.Lock()
							ratingsAcked++
							mu.Unlock()
						}
					case 2:
						status, err = post("/quan-tri/dang-nhap", n, url.Values{"email": {fmt.Sprintf("khach-%d@example.vn", n)}, "password": {"sai-mat-khau"}})
						if err == nil && status == http.StatusUnprocessableEntity {
							mu.Lock()
							audits++
							mu.Unlock()
						}
					case 3:
						// Publishing: a new article, then "Đăng bắt buộc" (an
						// approver publishes their own article with a reason).
						title := fmt.Sprintf("Tin khẩn số %d về phòng chống bão", n)
						form := url.Values{"title": {title}, "category": {categoryID}, "author": {"Người Duyệt"}, "unit": {"Văn phòng"},
							"summary": {"Tóm tắt tin khẩn."}, "body": {fmt.Sprintf("<p>Nội dung tin khẩn số %d: nhân dân chủ động phòng chống bão.</p>", n)}}
						var loc string
						status, loc, err = staffPost("/quan-tri/bai-viet/moi", form)
						if err != nil || status != http.StatusSeeOther {
							break
						}
						id := crashArticleID.FindStringSubmatch(loc)
						if id == nil {
							t.Errorf("a new article sent the editor to %q", loc)
							return
						}
						form.Set("force_reason", "Tin khẩn cần đăng ngay trong lúc có bão.")
						status, _, err = staffPost("/quan-tri/bai-viet/"+id[1]+"/dang-bat-buoc", form)
						if err == nil && status == http.StatusSeeOther {
							mu.Lock()
							published = append(published, title)
							mu.Unlock()
						}
					case 4:
						var addr string
						status, addr, err = crashUpload(staff, p.URL, photo, fmt.Sprintf("Ảnh hiện trường số %d", n))
						if err == nil && status == http.StatusOK {
							mu.Lock()
							uploads = append(uploads, addr)
							mu.Unlock()
						}
					}
					if err != nil {
						return // the server is gone
					}
					if want := []int{http.StatusSeeOther, http.StatusSeeOther, http.StatusUnprocessableEntity, http.StatusSeeOther, http.StatusOK}[w]; status != want {
						t.Errorf("writer %d: status %d, want %d", w, status, want)
						return
					}
					ackOnce.Do(firstAcks.Done)
				}
			})
		}
		acksIn := make(chan struct{})
		go func() { firstAcks.Wait(); close(acksIn) }()
		select {
		case <-acksIn:
		case <-time.After(60 * time.Second):
			t.Fatalf("kill %d: the writers got no answer in 60 s:\n%s", kill, p.Stderr())
		}
		if t.Failed() {
			return
		}
		// The random moment: up to a second into the writes (a failed
		// sign-in takes a few tenths: the password hash is slow on purpose).
		time.Sleep(time.Duration(rng.Int64N(int64(time.Second))))
		p.signal(t, syscall.SIGKILL)
		if code := p.wait(t, 60*time.Second); code != -1 {
			t.Fatalf("kill %d: exit status %d, want death by SIGKILL", kill, code)
		}
		wg.Wait()
		client.CloseIdleConnections()
		if t.Failed() {
			return
		}
		mu.Lock()
		checkAfterCrash(t, cfg, kill, acked, ratingsAcked, ratingsSent, articleID)
		checkPublishedAfterCrash(t, cfg, kill, published)
		mu.Unlock()
		if t.Failed() {
			return
		}
	}
	// A last start: every acknowledged article and photo is served.
	p := startProcess(t, bin, args...)
	// Search, on a sample (checkPublishedAfterCrash compared every entry),
	// each from its own address: the search limit is per address.
	for i := 0; i < len(published); i += max(1, len(published)/40) {
		title := published[i]
		res, body := get(t, p.URL+"/tim-kiem?q="+url.QueryEscape(`"`+title+`"`), "X-Forwarded-For", fmt.Sprintf("10.251.%d.%d", i>>8&255, i&255))
		if res.StatusCode != http.StatusOK || !strings.Contains(body, title) {
			t.Errorf("the acknowledged article %q is not found by search after the kills (%d)", title, res.StatusCode)
			break
		}
	}
	for _, addr := range uploads {
		res, body := get(t, p.URL+addr)
		if res.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("the acknowledged photo %s answers %d after the kills", addr, res.StatusCode)
		}
	}
	t.Logf("%d kills: %d questions, %d of %d ratings, %d published articles and %d photos acknowledged, %d failed sign-ins audited, all kept",
		kills, len(acked), ratingsAcked, ratingsSent, len(published), len(uploads), audits)
}

var crashArticleID = regexp.MustCompile(`/quan-tri/bai-viet/(\d+)`)

// crashStaff creates an approver of the demo site (the server is running)
// and signs them in; it returns their client and the id of the category
// the publishing writer uses.
func crashStaff(t *testing.T, base string, cfg config.Config) (*http.Client, string) {
	t.Helper()
	const email, pw = "duyet@giavien.gov.vn", "Mat-khau-du-dai-2025"
	args := []string{"user", "add", "--data", cfg.DataDir, "--site", "giavien", "--role", "approver", "--email", email, "--name", "Người Duyệt"}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	var out, errb strings.Builder
	if err := run(context.Background(), strings.NewReader(pw+"\n"), args, &out, &errb); err != nil {
		t.Fatalf("user add: %v\n%s", err, errb.String())
	}
	var cat int64
	db := openRaw(t, cfg)
	defer db.Close()
	if err := db.QueryRow(`SELECT c.id FROM categories c JOIN sites s ON s.id = c.site_id
		WHERE s.key = 'giavien' AND c.slug = 'tin-tuc-su-kien'`).Scan(&cat); err != nil {
		t.Fatal(err)
	}
	return staffClient(t, base, email, pw), strconv.FormatInt(cat, 10)
}

// crashUpload uploads a photo as the editor's script does and returns the
// status and the photo's public address.
func crashUpload(c *http.Client, base string, photo []byte, alt string) (int, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("alt", alt)
	fw, err := mw.CreateFormFile("file", "hien-truong.png")
	if err != nil {
		return 0, "", err
	}
	fw.Write(photo)
	mw.Close()
	req, err := http.NewRequest("POST", base+admin.PathImageUpload, &body)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var got struct {
		URL string `json:"url"`
	}
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
			return 0, "", err // cut off mid-answer: not acknowledged
		}
	}
	return res.StatusCode, got.URL, nil
}

// checkPublishedAfterCrash: every article whose publication was
// acknowledged is published, and the search index agrees with the
// articles.
func checkPublishedAfterCrash(t *testing.T, cfg config.Config, kill int, published []string) {
	t.Helper()
	db := openRaw(t, cfg)
	defer db.Close()
	for _, title := range published {
		var status string
		if err := db.QueryRow("SELECT status FROM articles WHERE title = $1", title).Scan(&status); err != nil || status != "published" {
			t.Errorf("kill %d: the acknowledged article %q is %q (%v)", kill, title, status, err)
		}
	}
	// Every article has its search entry (drafts too, not public), public
	// exactly when the article is published, under its current title; no
	// entry outlives its article.
	var wrong, orphans int
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_docs d
		WHERE d.kind = 'article' AND d.ref_id = a.id AND d.title = a.title
		AND (d.public_from IS NOT NULL) = (a.status = 'published'))`).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM search_docs d WHERE d.kind = 'article' AND NOT EXISTS
		(SELECT 1 FROM articles a WHERE a.id = d.ref_id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 || orphans != 0 {
		t.Errorf("kill %d: %d articles lack a matching search entry, %d entries have no article", kill, wrong, orphans)
	}
}

// checkAfterCrash checks the database of a killed server.
func checkAfterCrash(t *testing.T, cfg config.Config, kill int, acked []string, ratingsAcked, ratingsSent int, articleID string) {
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
	defer db.Close()
	ctx := context.Background()
	if driver == "sqlite" {
		var res string
		if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
			t.Errorf("kill %d: integrity_check %q, %v", kill, res, err)
		}
		rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
		if err != nil {
			t.Fatal(err)
		}
		if rows.Next() {
			t.Errorf("kill %d: foreign_key_check finds a dangling row", kill)
		}
		rows.Close()
	} else {
		// amcheck: every B-tree index agrees with itself and its table.
		if _, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS amcheck"); err != nil {
			t.Fatalf("amcheck (PostgreSQL's contrib): %v", err)
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(bt_index_check(c.oid, true)) FROM pg_index i
			JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
			JOIN pg_namespace s ON s.oid = c.relnamespace
			WHERE a.amname = 'btree' AND s.nspname = 'public'`).Scan(&n); err != nil || n == 0 {
			t.Errorf("kill %d: bt_index_check over %d indexes: %v", kill, n, err)
		}
	}
	stored := map[string]int{}
	rows, err := db.QueryContext(ctx, "SELECT subject FROM questions")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		stored[s]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	for _, s := range acked {
		if stored[s] != 1 {
			t.Errorf("kill %d: the acknowledged question %q is stored %d times", kill, s, stored[s])
		}
	}
	var ratings int
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(SUM(c1+c2+c3+c4+c5), 0) FROM rating_counts WHERE kind = 'article' AND item_id = "+articleID).Scan(&ratings); err != nil {
		t.Fatal(err)
	}
	if ratings < ratingsAcked || ratings > ratingsSent {
		t.Errorf("kill %d: %d ratings stored; %d were acknowledged, %d sent", kill, ratings, ratingsAcked, ratingsSent)
	}
	args := []string{"audit", "verify", "--data", cfg.DataDir}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	var out, errb strings.Builder
	if err := run(ctx, nil, args, &out, &errb); err != nil {
		t.Errorf("kill %d: audit verify: %v\n%s%s", kill, err, out.String(), errb.String())
	}
}
