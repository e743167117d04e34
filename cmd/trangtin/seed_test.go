package main

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"trangtin/internal/config"
	"trangtin/internal/demo"
	"trangtin/internal/testenv"
)

// seedURL is the reference article's address on the demo site.
const seedURL = "/tin-tuc/hoi-nghi-thuc-hien-chinh-sach-bao-tro-xa-hoi-tren-dia-ban-huyen"

// textNodes returns the page's visible text nodes in document order, with
// runs of white space collapsed.
func textNodes(t *testing.T, page string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "head") {
			return
		}
		if n.Type == html.TextNode {
			if s := strings.Join(strings.Fields(n.Data), " "); s != "" {
				out = append(out, s)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// TestSeedArticlePage serves the demo site as `trangtin serve` does and
// finds on the reference article's page, in order, every line of the seed:
// site name (with the capitals the seed's lacks), banner, title, date, each
// paragraph word for word, byline and the "Bài viết khác" list.
func TestSeedArticlePage(t *testing.T) { eachStore(t, testSeedArticlePage) }

func testSeedArticlePage(t *testing.T, cfg config.Config) {
	raw, err := os.ReadFile(testenv.Path(t, "seed/000_abd536ef7ea5b757.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			want = append(want, line)
		}
	}
	if len(want) != 9 || want[len(want)-1] != "Bài viết khác" {
		t.Fatalf("seed has an unexpected shape: %q", want)
	}

	app := startApp(t, cfg)
	res, page := get(t, app.URL+seedURL)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", seedURL, res.StatusCode)
	}
	nodes := textNodes(t, page)
	// The reference page writes the site's name "… huyện gia viễn"; the
	// demo gives the place name its capitals, the words otherwise the same.
	if !strings.EqualFold(want[0], demo.Site.Name) || demo.Site.Name == want[0] {
		t.Errorf("demo site name %q is not the seed's %q with the place name capitalised", demo.Site.Name, want[0])
	}
	want[0] = demo.Site.Name
	at := 0
	for _, w := range want {
		found := false
		for ; at < len(nodes); at++ {
			if nodes[at] == w {
				found = true
				at++
				break
			}
		}
		if !found {
			t.Fatalf("after the previous seed line, the page has no text node equal to %q\npage text:\n%s", w, strings.Join(nodes, "\n"))
		}
	}
	// "Bài viết khác" must head a list of other articles, not this one.
	doc := testenv.Must(html.Parse(strings.NewReader(page))).Get(t)
	others := findByID(doc, "bai-viet-khac")
	if others == nil {
		t.Fatal("no element with id bai-viet-khac")
	}
	var links []string
	for n := others.NextSibling; n != nil; n = n.NextSibling {
		collectLinks(n, &links)
	}
	if len(links) == 0 {
		t.Fatal(`"Bài viết khác" lists no articles`)
	}
	for _, l := range links {
		if l == seedURL {
			t.Errorf(`"Bài viết khác" links the article itself`)
		}
		if !strings.HasPrefix(l, "/tin-tuc/") {
			t.Errorf(`"Bài viết khác" link %q is not an article`, l)
		}
	}
	if demo.Seed.Title != want[2] {
		t.Errorf("demo title %q differs from the seed %q", demo.Seed.Title, want[2])
	}
}

func findByID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				return n
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findByID(c, id); f != nil {
			return f
		}
	}
	return nil
}

func collectLinks(n *html.Node, out *[]string) {
	if n.Type == html.ElementNode && n.Data == "a" {
		for _, a := range n.Attr {
			if a.Key == "href" {
				*out = append(*out, a.Val)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collectLinks(c, out)
	}
}
