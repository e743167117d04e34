package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestFlashIsReadOnce: the value set on the redirect is read by the next
// request and cleared by it, with the cookie's attributes kept.
func TestFlashIsReadOnce(t *testing.T) {
	w := httptest.NewRecorder()
	setFlash(w, httptest.NewRequest("POST", "/hoi-dap/dat-cau-hoi", nil), flashQuestion, questionSent, "HD-AAAAA-BBBBB-CCCCC-DDDDD")
	set := w.Result().Cookies()
	if len(set) != 1 || set[0].MaxAge != 600 || !set[0].HttpOnly || set[0].SameSite != http.SameSiteStrictMode || set[0].Path != questionSent || set[0].Secure {
		t.Fatalf("set %+v", set)
	}
	r := httptest.NewRequest("GET", questionSent, nil)
	r.AddCookie(set[0])
	w = httptest.NewRecorder()
	if got := takeFlash(w, r, flashQuestion, questionSent); got != "HD-AAAAA-BBBBB-CCCCC-DDDDD" {
		t.Fatalf("took %q", got)
	}
	cleared := w.Result().Cookies()
	if len(cleared) != 1 || cleared[0].MaxAge >= 0 || cleared[0].Value != "" || cleared[0].Path != questionSent {
		t.Fatalf("not cleared: %+v", cleared)
	}
	w = httptest.NewRecorder()
	if got := takeFlash(w, httptest.NewRequest("GET", questionSent, nil), flashQuestion, questionSent); got != "" || len(w.Result().Cookies()) != 0 {
		t.Fatalf("without a cookie: %q %v", got, w.Result().Cookies())
	}
	if sentFlash.MatchString("HD-AAAAA-BBBBB-CCCCC-DDDD7") || sentFlash.MatchString("HD-2026-00001.2026121.1") || !sentFlash.MatchString("HD-2026-00001.20261218.1") {
		t.Fatal("tracking code shape")
	}
}
