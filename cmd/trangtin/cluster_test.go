package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/guard"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// clusterPassword is the password of the test's approver.
const clusterPassword = "Mật-khẩu-cụm-máy-2026"

// startLoadBalancer serves, with Debian's nginx on loopback ports, one
// address per backend (each proxies to that backend only, to speak to
// one node through the proxy) and one that spreads requests over all of
// them, as a load balancer does. It returns the per-node addresses and
// the balanced one.
func startLoadBalancer(t *testing.T, backends []string) (nodes []string, balanced string) {
	t.Helper()
	nginx := testenv.Command(t, "nginx", "nginx")
	dir := t.TempDir()
	var servers, upstream strings.Builder
	ports := make([]int, len(backends)+1)
	for i := range ports {
		ports[i] = freeLoopbackPort(t)
	}
	for i, b := range backends {
		host := strings.TrimPrefix(b, "http://")
		fmt.Fprintf(&upstream, "        server %s max_fails=0;\n", host)
		fmt.Fprintf(&servers, "    server { listen 127.0.0.1:%d; location / { proxy_pass http://%s; } }\n", ports[i], host)
		nodes = append(nodes, "http://127.0.0.1:"+strconv.Itoa(ports[i]))
	}
	balanced = "http://127.0.0.1:" + strconv.Itoa(ports[len(backends)])
	conf := strings.NewReplacer("DIR", dir, "UPSTREAM", upstream.String(), "SERVERS", servers.String(),
		"LB", strconv.Itoa(ports[len(backends)])).Replace(`daemon off;
master_process off;
pid DIR/nginx.pid;
error_log DIR/error.log;
events {}
http {
    access_log off;
    client_body_temp_path DIR/body;
    proxy_temp_path DIR/proxy;
    fastcgi_temp_path DIR/fastcgi;
    uwsgi_temp_path DIR/uwsgi;
    scgi_temp_path DIR/scgi;
    client_max_body_size 20m;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_next_upstream error timeout;
    upstream nodes {
UPSTREAM    }
    server { listen 127.0.0.1:LB; location / { proxy_pass http://nodes; } }
SERVERS}
`)
	runNginx(t, nginx, dir, conf, ports)
	return nodes, balanced
}

// clusterClient is a browser: cookies kept (for 127.0.0.1, whatever the
// port, so a session made through one node goes to the others), redirects
// not followed.
func clusterClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func clusterDo(t *testing.T, c *http.Client, method, u string, form url.Values) (int, string) {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := testenv.Must(http.NewRequest(method, u, body)).Get(t)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	return res.StatusCode, string(b)
}

// waitServed waits until every address in urls answers 200 for path with
// want in the page, each polled as fast as it answers, and returns how
// long each took from since. It fails t after within.
func waitServed(t *testing.T, urls []string, path, want string, since time.Time, within time.Duration) []time.Duration {
	t.Helper()
	took := make([]time.Duration, len(urls))
	errs := make(chan error, len(urls))
	c := &http.Client{Timeout: 5 * time.Second}
	for i, u := range urls {
		go func() {
			for time.Since(since) < within {
				res, err := c.Get(u + path)
				if err == nil {
					body, err := io.ReadAll(res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode == http.StatusOK && strings.Contains(string(body), want) {
						took[i] = time.Since(since)
						errs <- nil
						return
					}
				}
			}
			errs <- fmt.Errorf("%s%s does not show %q within %s", u, path, want, within)
		}()
	}
	for range urls {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	return took
}

// TestClusterOfNodes is issue 16's proof of several nodes on one
// PostgreSQL: three `trangtin serve` processes behind nginx. An article
// published through node 1 is served by nodes 2 and 3 within 200 ms
// (LISTEN/NOTIFY; the median of three publications is held to the bound,
// every figure printed); exactly one node runs the scheduler, and when it
// is killed another publishes a scheduled article within 5 s of its time;
// a sign-in made on node 1 is valid on node 3.
func TestClusterOfNodes(t *testing.T) {
	testenv.Long(t, "three server processes, nginx and PostgreSQL")
	dsn := freshPostgres(t)
	s3 := testenv.StartS3(t)
	mediaURL := makeBucket(t, s3, "trangtin-media")
	t.Setenv("AWS_ACCESS_KEY_ID", s3.AccessKey) // the nodes' credentials, from the environment only
	t.Setenv("AWS_SECRET_ACCESS_KEY", s3.SecretKey)
	bin := buildBinary(t)
	start := func() *serverProcess {
		return startProcess(t, bin, "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--db", dsn, "--media", mediaURL,
			"--trusted-proxies", "127.0.0.1", "--access-log=false", "--log-level", "warn")
	}
	// The first node creates the demo and migrates; the others join it.
	procs := []*serverProcess{start()}
	procs = append(procs, start(), start())
	nodes, balanced := startLoadBalancer(t, []string{procs[0].URL, procs[1].URL, procs[2].URL})

	ctx := context.Background()
	db, err := openStore(ctx, config.Config{DB: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	site := testenv.Must(db.FindSiteByKey(ctx, demo.SiteKey)).Get(t)
	cats := testenv.Must(db.FindCategories(ctx, site.ID)).Get(t)
	if len(cats) == 0 {
		t.Fatal("the demo site has no category")
	}
	const email = "bbt@giavien.gov.vn"
	if _, err := user.NewService(db, db, db, nil).CreateUser(ctx, email, "Ban biên tập", clusterPassword, user.RoleApprover, site.ID); err != nil {
		t.Fatal(err)
	}
	svc := content.NewService(db)
	article := func(title string, st content.Status, at time.Time) content.Article {
		a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: title, Summary: "Tóm tắt: " + title,
			Body: content.TextToHTML("Nội dung " + title), Status: st, PublishedAt: at}
		if err := svc.SaveArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}

	// Signing in on node 1 works on node 3 (and on 2): the session is in
	// the database, not in a node's memory.
	browser := clusterClient(t)
	if code, body := clusterDo(t, browser, "POST", nodes[0]+"/quan-tri/dang-nhap", url.Values{"email": {email}, "password": {clusterPassword}}); code != http.StatusSeeOther {
		t.Fatalf("sign-in on node 1: %d\n%s", code, body)
	}
	for _, i := range []int{2, 1} {
		if code, body := clusterDo(t, browser, "GET", nodes[i]+"/quan-tri/bai-viet", nil); code != http.StatusOK || !strings.Contains(body, "Ban biên tập") {
			t.Errorf("the editors' area on node %d after signing in on node 1: %d", i+1, code)
		}
	}

	// A picture uploaded through node 2 is served by node 3, from the
	// shared bucket (each node has a data folder of its own).
	picture := upload(t, browser, nodes[1])
	for i, u := range nodes {
		res, err := http.Get(u + picture)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/") {
			t.Errorf("the picture uploaded through node 2, on node %d: %d %s", i+1, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}

	// Published through node 1, on the home page of nodes 2 and 3 (a page
	// each node caches until it learns that the site changed).
	var figures []time.Duration
	for n := range 3 {
		a := article(fmt.Sprintf("Thông báo lịch tiếp công dân số %d", n+1), content.StatusApproval, time.Time{})
		for _, u := range nodes { // each node has the home page without it in its cache
			for range 2 {
				if code, body := clusterDo(t, http.DefaultClient, "GET", u+"/", nil); code != http.StatusOK || strings.Contains(body, a.Title) {
					t.Fatalf("%s/ before publication: %d, shows it: %t", u, code, strings.Contains(body, a.Title))
				}
			}
		}
		if code, body := clusterDo(t, browser, "POST", nodes[0]+"/quan-tri/bai-viet/"+strconv.FormatInt(a.ID, 10)+"/dang", url.Values{}); code != http.StatusSeeOther {
			t.Fatalf("publish through node 1: %d\n%s", code, body)
		}
		published := time.Now()
		took := waitServed(t, nodes[1:], "/", a.Title, published, 10*time.Second)
		t.Logf("publication %d through node 1: served by node 2 after %s, by node 3 after %s", n+1, took[0], took[1])
		figures = append(figures, took...)
	}
	slices.Sort(figures)
	median := figures[len(figures)/2]
	t.Logf("from the publication's answer on node 1 to the home page of nodes 2 and 3 showing it: median %s, worst %s of %d", median, figures[len(figures)-1], len(figures))
	if median > 200*time.Millisecond {
		t.Errorf("a publication reaches the other nodes in %s (median), over the 200 ms bound", median)
	}

	// Exactly one node runs the scheduler.
	leader := -1
	for i, u := range nodes {
		code, body := clusterDo(t, http.DefaultClient, "GET", u+"/healthz?chi-tiet", nil)
		if code != http.StatusOK {
			t.Fatalf("node %d /healthz: %d\n%s", i+1, code, body)
		}
		switch {
		case strings.Contains(body, "runs the singletons (scheduler, mail): true"):
			if leader >= 0 {
				t.Fatalf("nodes %d and %d both run the scheduler", leader+1, i+1)
			}
			leader = i
		case !strings.Contains(body, "runs the singletons (scheduler, mail): false"):
			t.Fatalf("node %d /healthz says nothing of the singletons:\n%s", i+1, body)
		}
	}
	if leader < 0 {
		t.Fatal("no node runs the scheduler")
	}
	// Killing it: another takes over and publishes a scheduled article
	// within 5 s of its time.
	due := time.Now().Add(2 * time.Second)
	sched := article("Lịch cắt điện khu vực thị trấn Me", content.StatusScheduled, due)
	procs[leader].signal(t, syscall.SIGKILL)
	if code := procs[leader].wait(t, 30*time.Second); code != -1 {
		t.Fatalf("node %d: exit status %d, want death by SIGKILL", leader+1, code)
	}
	var alive []string
	for i, u := range nodes {
		if i != leader {
			alive = append(alive, u)
		}
	}
	took := waitServed(t, append(alive, balanced), content.ArticlePath(sched.Slug), sched.Title, due, 30*time.Second)
	t.Logf("node %d (the scheduler's) killed: the article scheduled for %s served by the other nodes %s and %s after its time, through the balancer %s",
		leader+1, due.Format("15:04:05.000"), took[0], took[1], took[2])
	if worst := max(took[0], took[1]); worst > 5*time.Second {
		t.Errorf("the scheduled article was published %s after its time with its node killed, over the 5 s bound", worst)
	}

	// The storage goes down: an upload gets a clear message in Vietnamese,
	// and the work on articles goes on (an article is saved and published;
	// pictures already uploaded stay in the articles that show them).
	s3.Stop()
	up := alive[0]
	code, body := uploadPicture(t, browser, up)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "Kho lưu trữ ảnh và tệp đang không truy cập được") {
		t.Errorf("an upload with the storage down: %d %s, want 503 with the message", code, body)
	}
	late := article("Thông báo nghỉ Tết Nguyên đán", content.StatusApproval, time.Time{})
	if code, body := clusterDo(t, browser, "POST", up+"/quan-tri/bai-viet/"+strconv.FormatInt(late.ID, 10)+"/dang", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("publishing with the storage down: %d\n%s", code, body)
	}
	waitServed(t, alive, content.ArticlePath(late.Slug), late.Title, time.Now(), 10*time.Second)
}

// makeBucket creates a bucket on srv and returns its --media URL.
func makeBucket(t *testing.T, srv *testenv.S3, name string) string {
	t.Helper()
	c, err := minio.New(srv.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(srv.AccessKey, srv.SecretKey, ""), BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", name, err)
	}
	return "s3://" + name + "?endpoint=http://" + srv.Endpoint
}

// upload sends a picture to the media library through node and returns
// its address; a refusal fails t.
func upload(t *testing.T, c *http.Client, node string) string {
	t.Helper()
	code, body := uploadPicture(t, c, node)
	var got struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(body), &got); code != http.StatusOK || err != nil || got.URL == "" {
		t.Fatalf("upload through %s: %d %s", node, code, body)
	}
	return got.URL
}

func uploadPicture(t *testing.T, c *http.Client, node string) (int, string) {
	t.Helper()
	body, ctype := mxMultipart(t, "ban-do-xa.png", mxPNG(t))
	req := testenv.Must(http.NewRequest("POST", node+"/quan-tri/anh", bytes.NewReader(body))).Get(t)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return res.StatusCode, string(testenv.Must(io.ReadAll(res.Body)).Get(t))
}

// TestSearchAllowanceSharedByNodes: with several nodes on PostgreSQL, an
// address's search allowance is one for all of them (counted in the
// database), not one per node; on SQLite, one node, it stays in memory,
// with no write per search.
func TestSearchAllowanceSharedByNodes(t *testing.T) {
	dsn := freshPostgres(t)
	one := startApp(t, config.Config{DataDir: t.TempDir(), DB: dsn})
	two := startApp(t, config.Config{DataDir: t.TempDir(), DB: dsn})
	limit := one.guard.Rule(guard.FormSearch).Limit
	for i := range limit {
		if res, _ := get(t, one.URL+"/tim-kiem?q="+url.QueryEscape(fmt.Sprintf("lịch tiếp dân %d", i))); res.StatusCode != http.StatusOK {
			t.Fatalf("search %d on node 1: %d", i+1, res.StatusCode)
		}
	}
	res, page := get(t, two.URL+"/tim-kiem?q="+url.QueryEscape("lịch tiếp dân"))
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "Bạn đã tìm kiếm quá nhiều lần") {
		t.Errorf("search %d, on node 2: %d, want 429 with the message (the allowance is the address's, on every node)", limit+1, res.StatusCode)
	}
	if lite := startApp(t, config.Config{DataDir: t.TempDir()}); !lite.guard.Rule(guard.FormSearch).Memory {
		t.Error("on SQLite the search allowance left memory")
	}
}
