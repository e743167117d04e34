package wordpress

import (
	"html"
	"regexp"
	"strings"
)

// A post's content as WordPress keeps it: block-editor markup (HTML with
// <!-- wp:… --> comments around each block) or classic-editor text, where
// blank lines are paragraphs (wpautop) and a picture with its caption is a
// [caption] shortcode. prepareBody turns both into plain HTML for the
// content sanitiser, with every address of the old site's uploads given to
// rewrite.

var (
	blockComment = regexp.MustCompile(`<!--\s*/?wp:[^>]*?-->`)
	captionCode  = regexp.MustCompile(`(?s)\[caption([^\]]*)\](.*?)\[/caption\]`)
	captionImage = regexp.MustCompile(`(?s)^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$`)
	otherCode    = regexp.MustCompile(`\[/?(gallery|embed|video|audio|playlist|wp_caption)\b[^\]]*\]`)
	blankLine    = regexp.MustCompile(`\n\s*\n`)
	blockTag     = regexp.MustCompile(`(?i)<(p|div|h[1-6]|ul|ol|table|blockquote|figure|pre)\b`)
)

// isBlocks reports whether s is block-editor markup.
func isBlocks(s string) bool { return strings.Contains(s, "<!-- wp:") }

// prepareBody returns the HTML of a post's content with block comments
// gone, captions as <figure>, classic paragraphs as <p>, and the shortcodes
// it cannot show listed in dropped.
func prepareBody(s string) (out string, dropped []string) {
	blocks := isBlocks(s)
	if blocks {
		s = blockComment.ReplaceAllString(s, "")
	}
	s = captionCode.ReplaceAllStringFunc(s, func(m string) string {
		inner := captionCode.FindStringSubmatch(m)[2]
		parts := captionImage.FindStringSubmatch(inner)
		if parts == nil {
			return inner
		}
		return "<figure>" + parts[1] + "<figcaption>" + strings.TrimSpace(parts[2]) + "</figcaption></figure>"
	})
	for _, m := range otherCode.FindAllStringSubmatch(s, -1) {
		dropped = append(dropped, m[1])
	}
	s = otherCode.ReplaceAllString(s, "")
	if !blocks {
		s = autop(s) // leaves paragraphs that are already blocks alone
	}
	return s, dropped
}

// autop is the heart of WordPress's wpautop: blank lines separate
// paragraphs, a single line break inside one is a <br>. Block-level
// elements (a <figure> made from a caption) stay outside paragraphs.
func autop(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, para := range blankLine.Split(s, -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		if blockTag.MatchString(para) && strings.HasPrefix(para, "<") {
			b.WriteString(para + "\n")
			continue
		}
		b.WriteString("<p>" + strings.ReplaceAll(para, "\n", "<br>\n") + "</p>\n")
	}
	return b.String()
}

var (
	onePara    = regexp.MustCompile(`(?s)^<p\b([^>]*)>(.*)</p>\s*$`)
	rightAlign = regexp.MustCompile(`(?i)has-text-align-right|text-align:\s*right|align="right"`)
	tags       = regexp.MustCompile(`<[^>]*>`)
)

// cutByline takes the byline off the end of a body: a last paragraph that
// is right-aligned and short (how Vietnamese portals sign an article,
// "Phương Trang – Đài TT Hoằng Hóa"). It returns the body without it and
// the author and unit ("" when there is none).
func cutByline(body string) (rest, author, unit string) {
	i := strings.LastIndex(body, "<p")
	for i >= 0 && (i+2 >= len(body) || (body[i+2] != '>' && body[i+2] != ' ')) {
		i = strings.LastIndex(body[:i], "<p")
	}
	if i < 0 {
		return body, "", ""
	}
	m := onePara.FindStringSubmatch(body[i:])
	if m == nil {
		return body, "", ""
	}
	attrs, inner := m[1], m[2]
	text := strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(inner, ""))), " ")
	if !rightAlign.MatchString(attrs) || text == "" || len([]rune(text)) > 150 {
		return body, "", ""
	}
	author, unit = text, ""
	for _, sep := range []string{" – ", " - ", " — "} {
		if a, u, ok := strings.Cut(text, sep); ok {
			author, unit = strings.TrimSpace(a), strings.TrimSpace(u)
			break
		}
	}
	return strings.TrimRight(body[:i], " \n\t"), author, unit
}

// plainText is s without tags and entities, its spaces collapsed.
func plainText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(s, " "))), " ")
}
