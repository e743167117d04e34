package search

import (
	"strings"

	"golang.org/x/net/html"
)

// blockTags end a line of text when they close.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "tr": true, "td": true, "th": true, "blockquote": true, "figcaption": true,
}

// PlainText returns the text of an HTML fragment, with blocks separated by
// spaces and runs of white space collapsed.
func PlainText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip++
			}
			if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style":
				skip = max(0, skip-1)
			}
			if blockTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}
