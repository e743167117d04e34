package main

import (
	"regexp"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/demo"
)

// TestDemoHomeHasPhotos: the demo as `trangtin serve` creates it shows
// photos from its media library on the home page (the lead story's with
// its description), names itself with capitals in <title>, og:site_name
// and Tiếp cận thông tin, links Liên hệ in its menu, and gives its
// documents PDF files.
func TestDemoHomeHasPhotos(t *testing.T) {
	app := startApp(t, config.Config{})
	res, home := get(t, app.URL+"/")
	if res.StatusCode != 200 {
		t.Fatalf("GET /: %d", res.StatusCode)
	}
	imgs := regexp.MustCompile(`<img[^>]+src="/anh/[^"]+"[^>]*>`).FindAllString(home, -1)
	if len(imgs) < 3 {
		t.Errorf("the home page shows %d photos, want the lead story's and thumbnails", len(imgs))
	}
	if !strings.Contains(strings.Join(imgs, "\n"), `alt="`+demo.SeedPhoto.Alt+`"`) {
		t.Errorf("the lead story's photo is not on the home page:\n%s", strings.Join(imgs, "\n"))
	}
	for _, want := range []string{"<title>", `property="og:site_name" content="` + demo.Site.Name + `"`, `href="/lien-he"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	if title := regexp.MustCompile(`<title>([^<]*)</title>`).FindStringSubmatch(home); title == nil || !strings.Contains(title[1], demo.Site.Name) {
		t.Errorf("<title> %q lacks %q", title, demo.Site.Name)
	}
	_, access := get(t, app.URL+"/tiep-can-thong-tin")
	if !strings.Contains(access, demo.Site.Name) || strings.Contains(access, "huyện gia viễn") {
		t.Error("Tiếp cận thông tin does not name the site with capitals")
	}

	_, list := get(t, app.URL+"/van-ban")
	doc := regexp.MustCompile(`href="(/van-ban/\d+-[^"]+)"`).FindStringSubmatch(list)
	if doc == nil {
		t.Fatal("no document in /van-ban")
	}
	_, page := get(t, app.URL+doc[1])
	file := regexp.MustCompile(`href="(/tep/[^"]+\.pdf)"`).FindStringSubmatch(page)
	if file == nil {
		t.Fatalf("document %s has no PDF file", doc[1])
	}
	res, pdf := get(t, app.URL+file[1])
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") {
		t.Errorf("GET %s: %d %s", file[1], res.StatusCode, res.Header.Get("Content-Type"))
	}
}
