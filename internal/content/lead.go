package content

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// LeadImage is the src of the first photo in a sanitised body: the
// article's featured photo for link previews, feeds and the API. It is ""
// when the body has no photo (inline data: images are skipped).
func LeadImage(body string) string {
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "img" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "src" && len(v) > 0 && !bytes.HasPrefix(v, []byte("data:")) {
					return string(v)
				}
			}
		}
	}
}
