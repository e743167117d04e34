package admin

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"trangtin/internal/content"
)

// TestArticleListPastNumberedPages: the article list's first
// listNumberedPages pages go by number; past them "Trang sau" goes on by
// cursor to the last article, each once, and "Trang trước" comes back by
// cursor; a cursor the server did not make is a 400 with a Vietnamese
// message, not a 500.
func TestArticleListPastNumberedPages(t *testing.T) {
	f := newNewsFixture(t)
	const n = listNumberedPages*listPerPage + listPerPage + 3
	for i := range n {
		f.article(f.reporter, content.StatusDraft, fmt.Sprintf("Bài cuộn số %d", i))
	}
	cr := f.signedIn(&f.reporter)
	rowRe := regexp.MustCompile(`Bài cuộn số (\d+)<`)
	nextRe := regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	prevRe := regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)
	rows := func(body string) []string {
		var out []string
		for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	seen := map[string]bool{}
	var pages []string
	path := pathArticles + "/?tac-gia=cua-toi"
	for path != "" && len(pages) < 20 {
		res := cr.get(path)
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.status)
		}
		pages = append(pages, path)
		for _, r := range rows(res.body) {
			if seen[r] {
				t.Errorf("article %s on two pages", r)
			}
			seen[r] = true
		}
		path = ""
		if m := nextRe.FindStringSubmatch(res.body); m != nil {
			path = html.UnescapeString(m[1])
		}
	}
	if len(seen) != n {
		t.Errorf("paged through %d of the %d articles", len(seen), n)
	}
	if len(pages) != listNumberedPages+2 || !strings.Contains(pages[listNumberedPages], "sau=") || !strings.Contains(pages[listNumberedPages], "tac-gia=cua-toi") {
		t.Fatalf("pages read: %v", pages)
	}
	last := cr.get(pages[len(pages)-1])
	m := prevRe.FindStringSubmatch(last.body)
	if m == nil || !strings.Contains(m[1], "truoc=") {
		t.Fatalf("the last page's «Trang trước»: %v", m)
	}
	back, forth := cr.get(html.UnescapeString(m[1])), cr.get(pages[len(pages)-2])
	if strings.Join(rows(back.body), " ") != strings.Join(rows(forth.body), " ") {
		t.Errorf("the page before the last by cursor lists %v, by «Trang sau» %v", rows(back.body), rows(forth.body))
	}
	if res := cr.get(pathArticles + "/?sau=khong-hop-le"); res.status != http.StatusBadRequest || !strings.Contains(res.body, "Đường dẫn phân trang không hợp lệ") {
		t.Errorf("a bad cursor: %d", res.status)
	}
}
