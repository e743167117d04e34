package main

import (
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/demo"
)

// TestDemoProvince is item 11 of the province platform issue: the first
// start opens the Gia Viễn reference site on localhost and creates a
// small province around it on *.localhost hosts, with an archived site
// that names its successor.
func TestDemoProvince(t *testing.T) {
	app := startApp(t, config.Config{})
	port := app.URL[strings.LastIndex(app.URL, ":")+1:]
	for _, c := range []struct{ host, path, want string }{
		{"localhost:8080", seedArticlePath, demo.Seed.Title},
		{"ninhbinh.localhost:8080", "/", "Cổng thông tin điện tử tỉnh Ninh Bình"},
		{"ninhbinh.localhost:8080", "/tin-tu-co-so", "Ra mắt Trang thông tin điện tử xã Gia Phong"},
		{"ninhbinh.localhost:8080", "/tim-kiem?q=bao+tro+xa+hoi&pham-vi=toan-tinh", seedArticlePath},
		{"giaphong.localhost:8080", "/", "Trang thông tin điện tử xã Gia Phong"},
		{"giavan.localhost:8080", "/", "Trang thông tin điện tử xã Gia Vân"},
		{"hoalu.localhost:8080", "/", `kết thúc hoạt động từ ngày 01/07/2025; thông tin mới tại <a href="//ninhbinh.localhost:PORT/">Cổng thông tin điện tử tỉnh Ninh Bình</a>`},
	} {
		rec := serveDirect(t, app, c.host, c.path)
		// Links to another *.localhost site carry the port the server listens on.
		want := strings.ReplaceAll(c.want, "PORT", port)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s on %s: %d, lacks %q", c.path, c.host, rec.Code, want)
		}
	}
}
