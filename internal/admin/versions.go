package admin

import (
	"net/http"
	"strconv"
)

// formVersion is the edit version a posted form was rendered at
// (phien-ban): 0 when the form has no such field (a caller with no page,
// which acts on the version just read), -1 when it is unreadable, which
// no stored record has, so the save is refused as stale.
func formVersion(r *http.Request) int64 {
	vs, ok := r.PostForm["phien-ban"]
	if !ok || len(vs) == 0 {
		return 0
	}
	v, err := strconv.ParseInt(vs[0], 10, 64)
	if err != nil || v < 1 {
		return -1
	}
	return v
}
