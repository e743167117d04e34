package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/demo"
	"trangtin/internal/document"
	"trangtin/internal/media"
	"trangtin/internal/question"
	"trangtin/internal/user"
)

// TestRightColumnBlocks: on both stores, the demo site's content pages
// (home, article, category, static page) show the default right column
// (documents, this week's schedule, questions, links, the visit counter,
// which then leaves the footer), the search page does not; a document or
// a question published, or a block moved or added, shows at once on pages
// already cached; another site's column is its own; the home page leads
// with a featured article's photo (srcset, width and height) above a row
// of thumbnails loaded lazily.
func TestRightColumnBlocks(t *testing.T) { eachStore(t, testRightColumnBlocks) }

func testRightColumnBlocks(t *testing.T, cfg config.Config) {
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, demo.SiteKey)
	if err != nil {
		t.Fatal(err)
	}
	page := func(path string, want ...string) string {
		t.Helper()
		res, body := get(t, app.URL+path)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s: page lacks %q", path, w)
			}
		}
		return body
	}
	column := func(body string) string {
		i := strings.Index(body, `<aside class="side-column"`)
		if i < 0 {
			return ""
		}
		return body[i : i+strings.Index(body[i:], "</aside>")]
	}
	cats, err := app.db.FindCategories(ctx, site.ID)
	if err != nil || len(cats) == 0 {
		t.Fatal(cats, err)
	}
	articles, err := app.svc.PublicArticles(ctx, site.ID, nil, 0, 1, 0)
	if err != nil || len(articles) == 0 {
		t.Fatal(articles, err)
	}
	articlePath := content.ArticlePath(articles[0].Slug)
	paths := []string{"/", articlePath, content.CategoryPath(cats[0].Slug), content.AboutPath}
	for _, p := range paths {
		body := page(p, `<div class="wrap page-body has-column">`)
		col := column(body)
		for _, id := range []string{"cot-van-ban-moi", "cot-lich-cong-tac", "cot-hoi-dap", "cot-lien-ket", "cot-luot-truy-cap"} {
			if !strings.Contains(col, `id="`+id+`"`) {
				t.Errorf("GET %s: the right column lacks the block %s", p, id)
			}
		}
		if strings.Count(body, `data-visits="/luot-truy-cap"`) != 1 || strings.Contains(body, `class="visits-title"`) {
			t.Errorf("GET %s: the visit counter is not shown once, in the column", p)
		}
	}
	if body := page("/tim-kiem?q=gia+vi%E1%BB%85n"); strings.Contains(body, `class="side-column"`) {
		t.Error("the search page shows the right column")
	}

	// A document published shows at once in the column of a cached page.
	page(articlePath)
	actor := document.Actor{Name: "test"}
	d, err := app.docs.Create(ctx, actor, site.ID, document.Input{Type: "Quyết định", Number: "77/QĐ-UBND", Issuer: "UBND huyện Gia Viễn",
		Abstract: "Về việc công nhận làng văn hóa năm 2026", IssuedOn: time.Now().Format("2006-01-02")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.docs.Publish(ctx, actor, site.ID, d.ID, 0); err != nil {
		t.Fatal(err)
	}
	if col := column(page(articlePath)); !strings.Contains(col, "77/QĐ-UBND") || !strings.Contains(col, `href="`+d.Path()+`"`) {
		t.Error("a document just published is not in the column of the cached article page")
	}
	// So does a question answered and published.
	page("/")
	q, _, err := app.questions.Submit(ctx, site.ID, question.Input{Name: "Nguyễn Văn Hòa", Phone: "0912 111 333", Field: question.Fields[0],
		Subject: "Thời hạn cấp đổi căn cước cho người cao tuổi", Body: "Xin hỏi người trên 60 tuổi có phải đổi căn cước không ạ?"})
	if err != nil {
		t.Fatal(err)
	}
	qa := question.Actor{User: user.User{ID: 1}, Can: func(user.Action) bool { return true }}
	for _, a := range []question.Action{{Kind: "accept"}, {Kind: "answer", Answer: "Không phải đổi.", AnsweredBy: "Công an huyện"}, {Kind: "publish"}} {
		if q, err = app.questions.Apply(ctx, site.ID, q.ID, a, qa); err != nil {
			t.Fatalf("question %s: %v", a.Kind, err)
		}
	}
	if col := column(page("/")); !strings.Contains(col, "Thời hạn cấp đổi căn cước cho người cao tuổi") {
		t.Error("a question just published is not in the column of the cached home page")
	}

	// The site administrator's order and an image banner show at once.
	f := app.furniture
	blocks, _, err := f.HomeBlocks(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	var schedID int64
	for _, b := range blocks {
		if b.Kind == content.BlockSchedule {
			schedID = b.ID
		}
	}
	if err := f.MoveHomeBlock(ctx, site.ID, schedID, -1, nil); err != nil {
		t.Fatal(err)
	}
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	img, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(testPNG(t, 600, 200)), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	banner := content.HomeBlock{Kind: content.BlockImage, Column: content.ColumnSide, URL: "https://dichvucong.gov.vn", Alt: "Dịch vụ công trực tuyến",
		Image: content.Photo{ID: img.ID, Src: img.URL(), Srcset: img.Srcset(), Width: img.Width, Height: img.Height}}
	if err := f.SaveHomeBlock(ctx, site.ID, &banner, nil, nil); err != nil {
		t.Fatal(err)
	}
	col := column(page(articlePath))
	order := regexp.MustCompile(`id="cot-(lich-cong-tac|van-ban-moi)"`).FindAllStringSubmatch(col, -1)
	if len(order) != 2 || order[0][1] != "lich-cong-tac" {
		t.Errorf("after moving the schedule up, the column's order is %v", order)
	}
	if !regexp.MustCompile(`<p class="image-banner"><a href="https://dichvucong.gov.vn" rel="noopener"><img src="` + regexp.QuoteMeta(img.URL()) +
		`" srcset="[^"]+" sizes="[^"]+" alt="Dịch vụ công trực tuyến \(trang bên ngoài\)" width="\d+" height="\d+" loading="lazy"></a></p>`).MatchString(col) {
		t.Errorf("the image banner is not in the column as expected:\n%s", col)
	}
	// Another site's column is its own.
	other, err := app.db.FindSiteByKey(ctx, "ninhbinh")
	if err != nil {
		t.Fatal(err)
	}
	rec := serveDirect(t, app, other.Host, "/")
	if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, `<aside class="side-column"`) ||
		strings.Contains(body, "Dịch vụ công trực tuyến (trang bên ngoài)") || strings.Contains(body, "77/QĐ-UBND") {
		t.Errorf("another site shows this site's blocks, or no column (%d)", rec.Code)
	}

	// The lead story: a featured article with its photo, then thumbnails.
	photo, err := lib.UploadImage(ctx, site.ID, 0, bytes.NewReader(testPNG(t, 1600, 1000)), "Lãnh đạo huyện trao quà cho các gia đình chính sách", nil)
	if err != nil {
		t.Fatal(err)
	}
	lead := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Title: "Huyện Gia Viễn thăm, tặng quà gia đình chính sách", Body: "<p>Nội dung.</p>",
		Summary: "Sáng nay, lãnh đạo huyện đã đến thăm và tặng quà.", Status: content.StatusPublished, Featured: true, PublishedAt: time.Now().Add(-time.Minute),
		Photo: content.Photo{ID: photo.ID, Src: photo.URL(), Srcset: photo.Srcset(), Width: photo.Width, Height: photo.Height, Alt: photo.Alt}}
	if err := app.svc.SaveArticle(ctx, &lead); err != nil {
		t.Fatal(err)
	}
	home := page("/", `<article class="lead-story">`, `<ul class="lead-row">`)
	story := home[strings.Index(home, `<article class="lead-story">`):]
	story = story[:strings.Index(story, "</article>")]
	if !regexp.MustCompile(`<img src="[^"]+" srcset="[^"]*/anh/[^"]* \d+w[^"]*" sizes="[^"]+" alt="Lãnh đạo huyện trao quà cho các gia đình chính sách" width="\d+" height="\d+" fetchpriority="high">`).MatchString(story) ||
		!strings.Contains(story, "Huyện Gia Viễn thăm, tặng quà gia đình chính sách") || !strings.Contains(story, "Sáng nay, lãnh đạo huyện") {
		t.Errorf("the lead story lacks its photo, title or summary:\n%s", story)
	}
}
