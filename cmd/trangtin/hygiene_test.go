package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/httpx"
)

// TestCrossOriginRefusalIsTheSitesPage: a cross-origin POST used to get
// the standard library's English text/plain "cross-origin request
// detected"; it gets the site's Vietnamese 403 page, the public one or the
// editors' area's.
func TestCrossOriginRefusalIsTheSitesPage(t *testing.T) {
	app := startApp(t, config.Config{})
	for _, tc := range []struct {
		path, header, value, want string
	}{
		{"/hoi-dap/dat-cau-hoi", "Sec-Fetch-Site", "cross-site", "huyện gia viễn"},
		{"/hoi-dap/dat-cau-hoi", "Origin", "https://ke-gian.example", "huyện gia viễn"},
		{"/quan-tri/dang-nhap", "Sec-Fetch-Site", "cross-site", "Không có quyền truy cập"},
	} {
		req, err := http.NewRequest("POST", app.URL+tc.path, strings.NewReader("name=An"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(tc.header, tc.value)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s with %s: %s: %d, want 403", tc.path, tc.header, tc.value, res.StatusCode)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s: Content-Type %q, want the HTML error page", tc.path, ct)
		}
		for _, want := range []string{httpx.CrossOriginMessage, tc.want, `lang="vi"`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("%s: page lacks %q:\n%.600s", tc.path, want, body)
			}
		}
	}
}
