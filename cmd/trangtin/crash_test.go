package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/testenv"
)

// TestCrash is the crash proof of issue 15: writers (citizens' questions,
// ratings, failed sign-ins, which append to the hash-chained audit log)
// run against a server process that is killed with SIGKILL at random
// moments. After each kill, before the restart: every question answered
// with a 2xx (303) is stored once, the ratings stored are at least those
// acknowledged, the database passes its integrity checks and the audit
// chain verifies.
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
	)
	var articleID string
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
		// Each writer's first acknowledged write, so that every kill lands
		// among writes of all three kinds.
		var firstAcks sync.WaitGroup
		firstAcks.Add(3)
		var wg sync.WaitGroup
		for w := range 3 {
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
					}
					if err != nil {
						return // the server is gone
					}
					if want := []int{http.StatusSeeOther, http.StatusSeeOther, http.StatusUnprocessableEntity}[w]; status != want {
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
		mu.Unlock()
		if t.Failed() {
			return
		}
	}
	t.Logf("%d kills: %d questions and %d of %d ratings acknowledged, %d failed sign-ins audited, all kept", kills, len(acked), ratingsAcked, ratingsSent, audits)
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
