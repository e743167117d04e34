package admin

import (
	"net/http"
	"net/url"
	"strconv"
)

// formVersion is the edit version a posted form was rendered at
// (phien-ban). Every admin form that changes a versioned record carries
// it, so a form without it (a page rendered before the field existed, a
// hand-made request) or with an unreadable one is -1, which no stored
// record has: the change is refused as stale, and the page shown again
// with what was typed and the version now stored, so that saving again
// is one click and nothing typed is lost. (A 400 would tell the user no
// more and would drop the text.) The services' version 0, "the version
// just read", is for callers with no page (the command line, tests).
func formVersion(r *http.Request) int64 { return versionOf(r.PostForm) }

// versionOf is formVersion of the posted values v.
func versionOf(v url.Values) int64 {
	vs, ok := v["phien-ban"]
	if !ok || len(vs) == 0 {
		return -1
	}
	n, err := strconv.ParseInt(vs[0], 10, 64)
	if err != nil || n < 1 {
		return -1
	}
	return n
}
