package web

import (
	"net/http"
	"regexp"
	"time"
	"trangtin/internal/httpx"
)

// A flash cookie carries the result of a POST to the one GET page it
// redirects to (POST-redirect-GET), so that a refresh never sends the form
// again. It is short-lived, HttpOnly, SameSite=Strict and limited to that
// page's path; the page clears it once read, so the result is shown once.
const (
	flashQuestion = "tt_da_gui" // the tracking code of a question just sent
	flashComment  = "tt_gop_y"  // a comment was just received
	flashLife     = 10 * time.Minute
	questionSent  = "/hoi-dap/da-gui"
)

// sentFlash is the question-sent cookie's value: the short tracking code,
// the answer deadline (YYYYMMDD, Vietnam time) and whether the code went
// to the sender's e-mail (1 or 0); anything else in the cookie is ignored.
var sentFlash = regexp.MustCompile(`^(HD-[0-9]{4}-[0-9]{5,9})\.([0-9]{8})\.([01])$`)

func setFlash(w http.ResponseWriter, r *http.Request, name, path, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: int(flashLife / time.Second),
		HttpOnly: true, Secure: httpx.IsHTTPS(r), SameSite: http.SameSiteStrictMode})
}

// takeFlash returns the flash cookie's value and clears it; "" when there
// is none.
func takeFlash(w http.ResponseWriter, r *http.Request, name, path string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, Secure: httpx.IsHTTPS(r), SameSite: http.SameSiteStrictMode})
	return c.Value
}
