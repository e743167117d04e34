package importer

import (
	"bytes"
	"strings"

	nethtml "golang.org/x/net/html"
)

// The addresses in a body brought from another portal: its pictures (and
// links to its files) are rewritten to where they are now.

// Rewriter gives the new address of an old one: ok false when the address
// is not the old site's upload, found false when it is one that could not
// be brought in (missing file …). srcset is the new picture's srcset
// ("" for a file).
type Rewriter func(old string, width int) (newURL, srcset string, ok, found bool)

// RewriteLinks rewrites every <img> and <a> address of body that rewrite
// knows; the images it could not bring in and those of other sites are
// returned (they are then dropped by the sanitiser, which keeps only the
// site's own photos).
func RewriteLinks(body string, rewrite Rewriter) (string, []string) {
	z := nethtml.NewTokenizer(strings.NewReader(body))
	var b bytes.Buffer
	var lost []string
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		t := z.Token()
		if (tt == nethtml.StartTagToken || tt == nethtml.SelfClosingTagToken) && (t.Data == "img" || t.Data == "a") {
			lost = append(lost, rewriteTag(&t, rewrite)...)
			b.WriteString(t.String())
			continue
		}
		b.WriteString(t.String())
	}
	return b.String(), lost
}

func rewriteTag(t *nethtml.Token, rewrite Rewriter) []string {
	attr := "href"
	if t.Data == "img" {
		attr = "src"
	}
	width := 0
	for _, a := range t.Attr {
		if a.Key == "width" {
			width = atoiPrefix(a.Val)
		}
	}
	var lost []string
	out := t.Attr[:0]
	newSrcset := ""
	for _, a := range t.Attr {
		switch {
		case a.Key == attr:
			u, srcset, ok, found := rewrite(a.Val, width)
			switch {
			case ok && found:
				a.Val, newSrcset = u, srcset
			case t.Data == "img":
				lost = append(lost, a.Val)
			}
		case t.Data == "img" && (a.Key == "srcset" || a.Key == "sizes"):
			continue // WordPress's sizes: replaced by the new picture's
		}
		out = append(out, a)
	}
	if newSrcset != "" && t.Data == "img" {
		out = append(out, nethtml.Attribute{Key: "srcset", Val: newSrcset})
	}
	t.Attr = out
	return lost
}

func atoiPrefix(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}
