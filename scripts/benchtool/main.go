// Command benchtool supports scripts/bench; it uses the standard library
// only.
//
//	benchtool ceiling FILE ADDR [GZFILE]  serve FILE from memory: the ceiling
//	benchtool corpus N IN OUT             write N articles made from IN's lines
//	benchtool warm BASEURL N              fetch home, categories and N articles
//	benchtool soak BASEURL METRICSURL RATE DURATION ARTICLEID
//	                                      mixed traffic at a fixed rate (soak.go)
//	benchtool sites N OUT.csv HOSTS       a province of N sites for site add --from-csv
//	benchtool firstvisits BASEURL HOSTS K first visits of every site's pages (province.go)
//	benchtool until BASEURL HOST PATH TEXT  wait until a page shows TEXT
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

const usage = `usage:
  benchtool ceiling FILE ADDR [GZFILE]
  benchtool corpus N IN OUT
  benchtool warm BASEURL N
  benchtool soak BASEURL METRICSURL RATE DURATION ARTICLEID
  benchtool sites N OUT.csv HOSTS
  benchtool firstvisits BASEURL HOSTS K
  benchtool until BASEURL HOST PATH TEXT
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch cmd, args := args[0], args[1:]; {
	case cmd == "ceiling" && len(args) >= 2 && len(args) <= 5:
		opt := func(i int) string {
			if i < len(args) {
				return args[i]
			}
			return ""
		}
		return ceiling(args[0], args[1], opt(2), opt(3), opt(4))
	case cmd == "corpus" && len(args) == 3:
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 1 {
			return fmt.Errorf("corpus: N must be a positive number, not %q", args[0])
		}
		return corpus(n, args[1], args[2])
	case cmd == "warm" && len(args) == 2:
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 0 {
			return fmt.Errorf("warm: N must be a number, not %q", args[1])
		}
		return warm(strings.TrimSuffix(args[0], "/"), n)
	case cmd == "soak" && len(args) == 5:
		rate, err := strconv.Atoi(args[2])
		if err != nil || rate < 1 {
			return fmt.Errorf("soak: RATE must be a positive number, not %q", args[2])
		}
		d, err := time.ParseDuration(args[3])
		if err != nil || d < 20*time.Second {
			return fmt.Errorf("soak: DURATION must be at least 20s, not %q", args[3])
		}
		return soak(strings.TrimSuffix(args[0], "/"), args[1], rate, d, args[4])
	case cmd == "sites" && len(args) == 3:
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 1 || n > 9999 {
			return fmt.Errorf("sites: N must be between 1 and 9999, not %q", args[0])
		}
		return sitesCSV(n, args[1], args[2])
	case cmd == "firstvisits" && len(args) == 3:
		k, err := strconv.Atoi(args[2])
		if err != nil || k < 0 {
			return fmt.Errorf("firstvisits: K must be a number, not %q", args[2])
		}
		return firstVisits(strings.TrimSuffix(args[0], "/"), args[1], k)
	case cmd == "until" && len(args) == 4:
		return until(strings.TrimSuffix(args[0], "/"), args[1], args[2], args[3], 30*time.Second)
	default:
		return errors.New(usage)
	}
}

// ceiling serves file's bytes from memory on addr for every GET, with the
// content type of an HTML page and an explicit Content-Length, as our page
// cache sends them: the most a plain net/http server can do on this
// machine, and so the ceiling for a cached page. When gzFile is given, a
// request accepting gzip gets gzFile's bytes with Content-Encoding: gzip.
// ceiling serves file (and gzFile to clients that accept gzip) from memory
// with as little work as net/http allows. hdrFile and gzHdrFile, when
// given, are response headers as `curl -D` prints them: the ceiling then
// sends the same header lines as trangtin (Date and Content-Length are
// written by net/http), so it serves the very same bytes.
func ceiling(file, addr, gzFile, hdrFile, gzHdrFile string) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var gz []byte
	if gzFile != "" {
		if gz, err = os.ReadFile(gzFile); err != nil {
			return err
		}
	}
	plainHdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	gzHdr := http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Encoding": {"gzip"}}
	for _, f := range []struct {
		name string
		dst  *http.Header
	}{{hdrFile, &plainHdr}, {gzHdrFile, &gzHdr}} {
		if f.name == "" {
			continue
		}
		h, err := readHeaders(f.name)
		if err != nil {
			return err
		}
		*f.dst = h
	}
	plainHdr["Content-Length"] = []string{strconv.Itoa(len(body))}
	gzHdr["Content-Length"] = []string{strconv.Itoa(len(gz))}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		src, b := plainHdr, body
		if gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			src, b = gzHdr, gz
		}
		for k, v := range src {
			hdr[k] = v
		}
		w.Write(b)
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("ceiling: %d bytes (gzip %d) at http://%s/\n", len(body), len(gz), ln.Addr())
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	return srv.Serve(ln)
}

// readHeaders parses `curl -D` output, leaving out the status line and the
// headers net/http writes itself.
func readHeaders(name string) (http.Header, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(strings.TrimRight(line, "\r"), ":")
		if !ok || strings.HasPrefix(k, "HTTP/") {
			continue
		}
		k = http.CanonicalHeaderKey(strings.TrimSpace(k))
		if k == "Date" || k == "Content-Length" {
			continue
		}
		h[k] = append(h[k], strings.TrimSpace(v))
	}
	return h, nil
}

// article is one line of the import format, fields in the order of
// testdata/corpus/articles.jsonl; what corpus does not change is kept raw.
type article struct {
	URL      string          `json:"url"`
	Site     json.RawMessage `json:"site,omitempty"`
	Title    string          `json:"title"`
	Date     json.RawMessage `json:"date,omitempty"`
	Author   json.RawMessage `json:"author,omitempty"`
	Category json.RawMessage `json:"category,omitempty"`
	Body     json.RawMessage `json:"body"`
}

// corpus writes n articles to out by going round in's lines again and
// again. Every article gets a new unique url (a query parameter "ban=K"
// added to the original) and a title ending in " (bản K)", K counting the
// rounds from 1, so importing out creates n new articles with n distinct
// slugs. The other fields are copied as they are.
func corpus(n int, in, out string) error {
	src, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var recs []article
	for i, line := range bytes.Split(src, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var a article
		if err := json.Unmarshal(line, &a); err != nil {
			return fmt.Errorf("%s:%d: %w", in, i+1, err)
		}
		if a.URL == "" || a.Title == "" {
			return fmt.Errorf("%s:%d: no url or title", in, i+1)
		}
		if j := strings.IndexByte(a.URL, '#'); j >= 0 {
			a.URL = a.URL[:j]
		}
		recs = append(recs, a)
	}
	if len(recs) == 0 {
		return fmt.Errorf("%s: no articles", in)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w) // one object a line
	enc.SetEscapeHTML(false)
	for i := range n {
		round := strconv.Itoa(i/len(recs) + 1)
		a := recs[i%len(recs)]
		sep := "?"
		if strings.Contains(a.URL, "?") {
			sep = "&"
		}
		a.URL += sep + "ban=" + round
		a.Title += " (bản " + round + ")"
		if err := enc.Encode(a); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var (
	categoryHref = regexp.MustCompile(`href="(/chuyen-muc/[^"?#]+)"`)
	articleHref  = regexp.MustCompile(`href="(/tin-tuc/[^"?#/]+)"`)
)

// warm fills a server's page cache as visitors would: the home page, page 1
// of every category reachable from it, then the listing pages of every
// category in turn until n distinct articles are known, then those n
// articles. Every page must answer 200.
func warm(base string, n int) error {
	w := &warmer{client: &http.Client{Timeout: 30 * time.Second}, base: base, n: n,
		seenCat: map[string]bool{}, seenArt: map[string]bool{}}
	listings, err := w.crawl()
	if err != nil {
		return err
	}
	if err := w.fetchArticles(4); err != nil {
		return err
	}
	fmt.Printf("warm: %d pages (%d categories, %d listing pages in all, %d articles), %.1f MB\n",
		w.fetched, len(w.cats), listings, len(w.articles), float64(w.bytesRead)/1e6)
	return nil
}

// warmer is the state of one warm run.
type warmer struct {
	client *http.Client
	base   string
	n      int // articles wanted

	mu                 sync.Mutex
	fetched, bytesRead int

	cats     []string // category paths, in the order found
	seenCat  map[string]bool
	articles []string // article paths, at most n
	seenArt  map[string]bool
}

// count adds one page of k bytes to the totals.
func (w *warmer) count(k int) {
	w.mu.Lock()
	w.fetched++
	w.bytesRead += k
	w.mu.Unlock()
}

// get fetches a page that must answer 200 and returns its body.
func (w *warmer) get(path string) (string, error) {
	res, err := w.client.Get(w.base + path)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return "", err
	}
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", path, res.Status)
	}
	w.count(len(b))
	return string(b), nil
}

// addLinks notes the categories and, up to n, the articles page links to.
func (w *warmer) addLinks(page string) {
	for _, m := range categoryHref.FindAllStringSubmatch(page, -1) {
		if !w.seenCat[m[1]] {
			w.seenCat[m[1]] = true
			w.cats = append(w.cats, m[1])
		}
	}
	for _, m := range articleHref.FindAllStringSubmatch(page, -1) {
		if !w.seenArt[m[1]] && len(w.articles) < w.n {
			w.seenArt[m[1]] = true
			w.articles = append(w.articles, m[1])
		}
	}
}

// crawl fetches the home page, page 1 of every category reachable, then
// further listing pages until n articles are known; it returns the number
// of listing pages fetched.
func (w *warmer) crawl() (listings int, err error) {
	home, err := w.get("/")
	if err != nil {
		return 0, err
	}
	w.addLinks(home)
	first := map[string]string{}       // page 1 of each category
	for i := 0; i < len(w.cats); i++ { // cats grows with sub-categories
		page, err := w.get(w.cats[i])
		if err != nil {
			return 0, err
		}
		first[w.cats[i]] = page
		w.addLinks(page)
	}
	listings = len(w.cats)
	for _, c := range w.cats {
		last := lastPage(first[c])
		for p := 2; p <= last && len(w.articles) < w.n; p++ {
			page, err := w.get(c + "?trang=" + strconv.Itoa(p))
			if err != nil {
				return 0, err
			}
			listings++
			w.addLinks(page)
		}
	}
	return listings, nil
}

// fetchArticles fetches the articles found, workers at a time, and
// returns the first error.
func (w *warmer) fetchArticles(workers int) error {
	var firstErr error
	work := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for path := range work {
				res, err := w.client.Get(w.base + path)
				if err == nil {
					var k int64
					k, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err == nil && res.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: %s", path, res.Status)
					}
					w.count(int(k))
				}
				if err != nil {
					w.mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					w.mu.Unlock()
				}
			}
		})
	}
	for _, a := range w.articles {
		work <- a
	}
	close(work)
	wg.Wait()
	return firstErr
}

var pageLink = regexp.MustCompile(`\?trang=(\d+)"`)

// lastPage is the highest page number a listing links to, at least 1.
func lastPage(page string) int {
	last := 1
	for _, m := range pageLink.FindAllStringSubmatch(page, -1) {
		if k, err := strconv.Atoi(m[1]); err == nil && k > last {
			last = k
		}
	}
	return last
}
