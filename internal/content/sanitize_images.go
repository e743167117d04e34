package content

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"

	"trangtin/internal/vi"
)

// LocalImagePrefix is where the site's own media library serves photos
// (media.ImagePathPrefix; package content may not import media).
const LocalImagePrefix = "/anh/"

// localImageURL reports whether u is a photo of this site's media library:
// a path under /anh/, never another host ("//x/anh/…", "https://…").
func localImageURL(u string) bool {
	u = strings.TrimSpace(u)
	return strings.HasPrefix(u, LocalImagePrefix) && !strings.Contains(u, "..") && !strings.ContainsAny(u, "\\")
}

// localImage reports whether every address of an <img> (src and each
// srcset candidate) is a photo of this site.
func localImage(attrs []html.Attribute) bool {
	hasSrc := false
	for _, a := range attrs {
		switch a.Key {
		case "src":
			if !localImageURL(a.Val) {
				return false
			}
			hasSrc = true
		case "srcset":
			for _, cand := range strings.Split(a.Val, ",") {
				if f := strings.Fields(cand); len(f) > 0 && !localImageURL(f[0]) {
					return false
				}
			}
		}
	}
	return hasSrc
}

// LocalVideoPrefix is where the site's own media library serves videos
// (media.VideoPathPrefix): /video/<base key>.mp4.
const LocalVideoPrefix = "/video/"

// localVideoURL reports whether u is a video of this site's media library.
func localVideoURL(u string) bool {
	u = strings.TrimSpace(u)
	return strings.HasPrefix(u, LocalVideoPrefix) && strings.HasSuffix(u, ".mp4") && !strings.Contains(u, "..") &&
		!strings.ContainsAny(u, "\\?#")
}

// tagAttrs reads the attributes of the tag z is on.
func tagAttrs(z *html.Tokenizer) []html.Attribute {
	var attrs []html.Attribute
	for more := true; more; {
		var k, v []byte
		k, v, more = z.TagAttr()
		attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
	}
	return attrs
}

func attrOf(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// dropRemoteImages keeps only the site's own media: it removes every
// <img> that is not a photo of this site's media library (tracking pixels
// and images hot-linked from other sites in pasted HTML), every <video>
// whose poster is not one of its photos (with its content), and every
// <source> that is not one of its MP4 videos inside a <video>. The video
// tags kept are rewritten to their only allowed form: <video controls
// preload="none" poster=… [aria-label=…]> and <source src=…
// type="video/mp4"> (no autoplay, no preloading of the file). s must
// already be sanitised (well-formed by the allow-list), so the other
// tokens are copied as they are. It returns the result and how many
// images it removed.
func dropRemoteImages(s string) (string, int) {
	if !strings.Contains(s, "<img") && !strings.Contains(s, "<video") && !strings.Contains(s, "<source") {
		return s, 0
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b bytes.Buffer
	removed, inVideo, skip := 0, 0, 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		name, _ := z.TagName()
		if skip > 0 { // inside a <video> being dropped
			switch {
			case tt == html.StartTagToken && string(name) == "video":
				skip++
			case tt == html.EndTagToken && string(name) == "video":
				skip--
			}
			continue
		}
		switch {
		case (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && string(name) == "img":
			if !localImage(tagAttrs(z)) {
				removed++
				continue
			}
		case tt == html.StartTagToken && string(name) == "video":
			attrs := tagAttrs(z)
			poster := strings.TrimSpace(attrOf(attrs, "poster"))
			if !localImageURL(poster) || inVideo > 0 {
				skip = 1
				continue
			}
			inVideo++
			b.WriteString(`<video controls preload="none" poster="` + html.EscapeString(poster) + `"`)
			if l := attrOf(attrs, "aria-label"); l != "" {
				b.WriteString(` aria-label="` + html.EscapeString(l) + `"`)
			}
			b.WriteString(">")
			continue
		case tt == html.EndTagToken && string(name) == "video":
			inVideo = max(0, inVideo-1)
		case (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && string(name) == "source":
			src := strings.TrimSpace(attrOf(tagAttrs(z), "src"))
			if inVideo > 0 && localVideoURL(src) {
				b.WriteString(`<source src="` + html.EscapeString(src) + `" type="video/mp4">`)
			}
			continue
		case tt == html.EndTagToken && string(name) == "source":
			continue
		}
		b.Write(raw)
	}
	return b.String(), removed
}

// SanitizeHTMLCount is SanitizeHTML that also reports how many remote
// images it removed, so the editor can tell the user to upload them.
// Control characters (vi.DropControls) are dropped before, and again after
// for those written as character references (&#27;).
func SanitizeHTMLCount(s string) (string, int) {
	return dropRemoteImages(vi.DropControls(policy.Sanitize(vi.DropControls(s))))
}
