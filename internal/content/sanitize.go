package content

import (
	"html"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// policy is the allow-list for article and page bodies: text structure,
// links, images and tables; no scripts, styles, event handlers or frames.
var policy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowElements("figure", "figcaption")
	// The editor's blocks: a gallery of photos (figures in a figure) and a
	// video link, which the site's script turns into a player only after
	// a click. No other class, and still no frame.
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(gallery|video)$`)).OnElements("figure")
	p.AllowAttrs("srcset", "sizes", "loading").OnElements("img")
	// An uploaded video: <video controls preload="none" poster=…> with one
	// <source type="video/mp4">, both addresses of this site's media
	// library (localMedia rewrites the tags and drops any other).
	p.AllowElements("video", "source")
	p.AllowAttrs("controls", "preload", "poster", "aria-label").OnElements("video")
	p.AllowAttrs("src", "type").OnElements("source")
	p.RequireNoReferrerOnLinks(true)
	return p
}()

// SanitizeHTML returns s with everything outside the allow-list removed,
// remote images included: only photos of this site's media library stay.
func SanitizeHTML(s string) string {
	out, _ := SanitizeHTMLCount(s)
	return out
}

// TextToHTML turns plain text into paragraphs: blank lines separate
// paragraphs, and single line breaks inside a paragraph (hard wrapping in
// the source) become spaces.
func TextToHTML(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var b strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.Join(strings.Fields(para), " ")
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(para))
		b.WriteString("</p>\n")
	}
	return b.String()
}
