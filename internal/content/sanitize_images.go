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

// dropRemoteImages removes every <img> that is not a photo of this site's
// media library: tracking pixels and images hot-linked from other sites
// in pasted HTML. s must already be sanitised (well-formed by the
// allow-list), so the other tokens are copied as they are. It returns the
// result and how many images it removed.
func dropRemoteImages(s string) (string, int) {
	if !strings.Contains(s, "<img") {
		return s, 0
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b bytes.Buffer
	removed := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			if name, _ := z.TagName(); string(name) == "img" {
				var attrs []html.Attribute
				for more := true; more; {
					var k, v []byte
					k, v, more = z.TagAttr()
					attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
				}
				if !localImage(attrs) {
					removed++
					continue
				}
			}
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
