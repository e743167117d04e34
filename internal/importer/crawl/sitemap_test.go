package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"trangtin/internal/importer"
)

func gzipped(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	if _, err := z.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGzippedSitemaps: robots.txt names a sitemap index whose parts are
// gzipped (sitemap-1.xml.gz, served as application/gzip), and the
// profile's /sitemap.xml.gz is gzipped too: every article they list is
// found. A part that decompresses past the limit (a gzip bomb) or is
// not gzip at all is reported by its address and the others are read.
func TestGzippedSitemaps(t *testing.T) {
	base := &url.URL{Scheme: "http", Host: "cu.example.vn", Path: "/"}
	urlset := func(paths ...string) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for _, p := range paths {
			b.WriteString("<url><loc>http://cu.example.vn" + p + "</loc></url>")
		}
		return b.String() + "</urlset>"
	}
	files := map[string]string{
		"/robots.txt": "User-agent: *\nSitemap: http://cu.example.vn/sitemap_index.xml\n",
		"/sitemap_index.xml": `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
			<sitemap><loc>http://cu.example.vn/sitemap-1.xml.gz</loc></sitemap>
			<sitemap><loc>http://cu.example.vn/bom.xml.gz</loc></sitemap>
			<sitemap><loc>http://cu.example.vn/hong.xml.gz</loc></sitemap></sitemapindex>`,
		"/sitemap-1.xml.gz": gzipped(t, urlset("/news/tin-tuc/le-hoi-1.html", "/news/tin-tuc/cho-phien-2.html")),
		"/sitemap.xml.gz":   gzipped(t, urlset("/news/van-hoa/dinh-lang-3.html")),
		// 1 MiB of the same byte: a few KB compressed, past the 64 KB limit.
		"/bom.xml.gz":  gzipped(t, urlset("/news/tin-tuc/bom-4.html")+strings.Repeat(" ", 1<<20)),
		"/hong.xml.gz": "\x1f\x8b\x08\x00 không phải gzip",
	}
	tr := roundTrip(func(r *http.Request) (*http.Response, error) {
		body, ok := files[r.URL.Path]
		if !ok {
			return answer(r, 404, nil, ""), nil
		}
		return answer(r, 200, http.Header{"Content-Type": {"application/gzip"}}, body), nil
	})
	prof, err := LoadProfile("nukeviet")
	if err != nil {
		t.Fatal(err)
	}
	prof.Sitemaps = []string{"/sitemap.xml.gz"}
	lim := Limits{PageBytes: 64 << 10}.withDefaults()
	rep := importer.New(nil)
	im := &Importer{rep: rep, prof: prof, base: base, lim: lim}
	im.f = NewFetcher(base, NewLimiter(0, nil), nil, lim, UserAgent(""), tr)
	if err := im.readRobots(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := &discovery{im: im, arts: &found{seen: map[string]bool{}}, visited: map[string]bool{}, budget: im.lim.Lists}
	d.sitemaps(context.Background())
	var got []string
	for _, u := range d.arts.urls {
		got = append(got, u.Path)
	}
	// robots.txt's index and the profile's sitemap first, then the index's parts.
	want := []string{"/news/van-hoa/dinh-lang-3.html", "/news/tin-tuc/le-hoi-1.html", "/news/tin-tuc/cho-phien-2.html"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("articles found %v, want %v", got, want)
	}
	warned := map[string]string{}
	for _, p := range rep.Problems() {
		warned[p.Source] = p.Reason
	}
	if w := warned["http://cu.example.vn/bom.xml.gz"]; !strings.Contains(w, "giải nén ra lớn quá giới hạn 64 KB") {
		t.Errorf("the gzip bomb: %q", w)
	}
	if w := warned["http://cu.example.vn/hong.xml.gz"]; !strings.Contains(w, "tệp gzip hỏng") {
		t.Errorf("the broken gzip file: %q", w)
	}
	if len(warned) != 2 {
		t.Errorf("warnings %v, want the bomb and the broken file only", warned)
	}
}
