package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// TestBrowserVideo drives uploaded videos in headless Chromium on a desktop
// (1366×768) and a phone (390×844): a reporter sends a file that is not an
// MP4 to the library's video form and reads why, the description typed
// kept and nothing stored; then uploads an MP4 (internal/media/testdata)
// with its poster, finds it under the «Video» filter, inserts it into an
// article with the editor's Video tool. Published, the article plays it:
// a <video> with its poster whose metadata loads (readyState, duration)
// from /video/…, which answers a Range request with 206. A «Video» block
// in the right-hand column plays it too. axe-core finds no violation on
// the library, the editor, the article and the home page.
func TestBrowserVideo(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	const email, password = "phongvien.video@giavien.gov.vn", "Phong-vien-Video-2026"
	users := user.NewService(app.db, app.db, app.db, nil)
	if _, err := users.CreateUser(ctx, email, "Trần Minh Anh", password, user.RoleReporter, site.ID); err != nil {
		t.Fatal(err)
	}
	mp4, err := os.ReadFile("../../internal/media/testdata/tiny.mp4")
	if err != nil {
		t.Fatal(err)
	}
	for _, screen := range []struct {
		name   string
		w, h   int
		mobile bool
	}{{"may-tinh", 1366, 768, false}, {"dien-thoai", 390, 844, true}} {
		t.Run(screen.name, func(t *testing.T) {
			b := browsertest.New(t)
			p := nrSignIn(t, b, app.URL, email, password)
			if screen.mobile {
				p.SetMobileViewport(screen.w, screen.h)
			} else {
				p.SetViewport(screen.w, screen.h)
			}
			videoFlow(t, app, b, site, screen.name, mp4)
		})
	}
}

// videoForm fills the library's video form with files and texts.
func videoForm(t *testing.T, p *browsertest.Page, video []byte, videoName string, poster []byte, alt, caption string) {
	t.Helper()
	p.Eval(fmt.Sprintf(`(() => {
		const file = (id, data, name, type) => {
			const dt = new DataTransfer();
			dt.items.add(new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], name, {type}));
			document.getElementById(id).files = dt.files;
		};
		file('video-file', %q, %q, 'video/mp4');
		file('video-poster', %q, 'anh-bia.jpg', 'image/jpeg');
		document.getElementById('video-alt').value = %s;
		document.getElementById('video-caption').value = %s;
		return true; })()`, base64.StdEncoding.EncodeToString(video), videoName, base64.StdEncoding.EncodeToString(poster),
		nrJS(t, alt), nrJS(t, caption)), nil)
}

func videoFlow(t *testing.T, app *testApp, b *browsertest.Browser, site content.Site, screen string, mp4 []byte) {
	ctx := context.Background()
	shot := func(p *browsertest.Page, name string) { p.Screenshot(screen + "-video-" + name) }
	lib := media.NewLibrary(app.db, app.blobs, media.Limits{})
	alt := "Lễ hội Trường Yên " + screen
	poster := nrPhotoWithGPS(t, 960, 540)

	// 1. A file that is not an MP4: the reason, the description kept,
	// nothing stored.
	p := b.Visit(app.URL + "/quan-tri/thu-vien")
	if p.Status != http.StatusOK {
		t.Fatalf("library: status %d", p.Status)
	}
	videoForm(t, p, []byte("Đây không phải video, chỉ là chữ."), "le-hoi.mp4", poster, alt, "Video: Minh Anh")
	p = p.ClickAndWait(`#tai-video button[type=submit]`)
	var refused struct {
		Alert string `json:"alert"`
		Alt   string `json:"alt"`
	}
	p.Eval(`({alert: (document.querySelector('#video-loi') || {}).innerText || '', alt: document.getElementById('video-alt').value})`, &refused)
	if !strings.Contains(refused.Alert, "Chỉ chấp nhận video định dạng MP4") || refused.Alt != alt || p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a text file as video: status %d, %+v", p.Status, refused)
	}
	shot(p, "01-tu-choi")
	p.AssertNoAxeViolations()
	if got, _, err := lib.Search(ctx, media.Filter{SiteID: site.ID, Kind: media.KindVideo, Query: alt}); err != nil || len(got) != 0 {
		t.Fatalf("after a refused upload the library holds %d videos (%v)", len(got), err)
	}

	// 2. The MP4 and its poster.
	videoForm(t, p, mp4, "le-hoi-"+screen+".mp4", poster, alt, "Video: Minh Anh")
	p = p.ClickAndWait(`#tai-video button[type=submit]`)
	nrExpectNotice(t, p, "Đã tải video lên")
	var preview bool
	p.Eval(`!!document.querySelector('.library-preview video[poster^="/anh/"] source[src^="/video/"][type="video/mp4"]')`, &preview)
	if !preview {
		t.Fatal("the video's page in the library shows no player")
	}
	shot(p, "02-da-tai")
	p.AssertNoAxeViolations()
	vids, _, err := lib.Search(ctx, media.Filter{SiteID: site.ID, Kind: media.KindVideo, Query: alt})
	if err != nil || len(vids) != 1 {
		t.Fatalf("stored videos: %d, %v", len(vids), err)
	}
	v := vids[0]
	if v.Alt != alt || v.Caption != "Video: Minh Anh" || v.Size < int64(len(mp4)) || len(v.Variants) == 0 {
		t.Errorf("stored %+v", v)
	}
	p = b.Visit(app.URL + "/quan-tri/thu-vien?loai=video&q=" + screen)
	var rows []string
	p.Eval(`[...document.querySelectorAll('.library-item .article-item-meta .meta-item:first-child')].map(e => e.textContent.trim())`, &rows)
	if len(rows) != 1 || !strings.HasPrefix(rows[0], "Video,") {
		t.Errorf("the «Video» filter lists %q", rows)
	}

	// 3. The editor's Video tool inserts it.
	p = b.Visit(app.URL + "/quan-tri/bai-viet/moi")
	var category string
	p.Eval(`[...document.getElementById('category').options].find(o => o.value !== '').value`, &category)
	title := "Video lễ hội Trường Yên " + screen
	nrFill(t, p, map[string]string{"title": title, "category": category, "author": "Minh Anh"})
	p.Eval(`(() => { const a = document.querySelector('.editor-area'); a.focus(); document.execCommand('insertText', false, 'Mời bạn đọc xem video.'); return true; })()`, nil)
	p.Click(`.editor-toolbar button[aria-label="Chèn video của thư viện, hoặc video YouTube hoặc VTV"]`)
	p.Wait(fmt.Sprintf(`!!document.querySelector('.editor-video select option[value="%d"]')`, v.ID), nil)
	shot(p, "03-chon-video")
	p.AssertNoAxeViolations()
	p.Eval(fmt.Sprintf(`(() => { document.querySelector('.editor-video select').value = '%d';
		[...document.querySelectorAll('.editor-video button')].find(b => b.textContent === 'Chèn video').click(); return true; })()`, v.ID), nil)
	var area string
	p.Eval(`document.querySelector('.editor-area').innerHTML`, &area)
	if !strings.Contains(area, `<source src="`+v.URL()+`" type="video/mp4">`) || !strings.Contains(area, `poster="`+v.PosterURL()+`"`) {
		t.Fatalf("the editor holds: %s", area)
	}
	p = p.ClickAndWait(".action-bar button.button")
	nrExpectNotice(t, p, "")

	// 4. Published (here straight through the store), the article plays it.
	list, err := app.db.FindArticles(ctx, content.ArticleFilter{SiteID: site.ID, Text: "Trường Yên", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var a content.Article
	for _, x := range list {
		if x.Title == title {
			if a, err = app.db.FindArticleByID(ctx, site.ID, x.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if a.ID == 0 || !strings.Contains(a.Body, `<video controls preload="none" poster="`+v.PosterURL()+`"`) {
		t.Fatalf("saved article %d with body %s", a.ID, a.Body)
	}
	a.Status, a.PublishedAt = content.StatusPublished, time.Now().Add(-time.Minute)
	if err := app.svc.SaveArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	p = b.Visit(app.URL + content.ArticlePath(a.Slug))
	videoPlays(t, p, ".article-body video", v)
	shot(p, "04-bai-viet")
	p.AssertNoAxeViolations()
	if uses, err := lib.Uses(ctx, site.ID, []int64{v.ID}); err != nil || len(uses[v.ID]) != 1 || !uses[v.ID][0].Public {
		t.Errorf("the video's uses: %+v (%v)", uses[v.ID], err)
	}

	// 5. A «Video» block in the right-hand column.
	blk := content.HomeBlock{Kind: content.BlockVideo, Column: content.ColumnSide, Title: "Video " + screen, Alt: v.Alt, Video: v.URL(),
		Image: content.Photo{ID: v.ID, Src: v.PosterURL(), Srcset: v.Srcset(), Width: v.Width, Height: v.Height, Caption: v.Caption}}
	if err := app.furniture.SaveHomeBlock(ctx, site.ID, &blk, nil, nil); err != nil {
		t.Fatal(err)
	}
	p = b.Visit(app.URL + "/")
	videoPlays(t, p, `.block-video video[poster="`+v.PosterURL()+`"]`, v) // the other screen's block stands there too
	shot(p, "05-trang-chu")
	p.AssertNoAxeViolations()
}

// videoPlays checks that the page shows v as a player that does not load
// the file before it is asked to, then loads its metadata, and that its
// address answers a Range request with 206.
func videoPlays(t *testing.T, p *browsertest.Page, sel string, v media.Item) {
	t.Helper()
	var before struct {
		Preload string  `json:"preload"`
		Poster  string  `json:"poster"`
		Src     string  `json:"src"`
		Ready   int     `json:"ready"`
		Caption string  `json:"caption"`
		Width   float64 `json:"width"`
	}
	p.Eval(fmt.Sprintf(`(() => { const v = document.querySelector(%q); if (!v) return {};
		const cap = v.closest('figure') && v.closest('figure').querySelector('figcaption');
		return {preload: v.getAttribute('preload'), poster: v.getAttribute('poster'), src: v.querySelector('source').getAttribute('src'),
			ready: v.readyState, caption: cap ? cap.textContent.trim() : '', width: v.getBoundingClientRect().width}; })()`, sel), &before)
	if before.Preload != "none" || before.Poster != v.PosterURL() || before.Src != v.URL() || before.Caption != v.Caption || before.Width <= 0 {
		t.Fatalf("%s: %+v", sel, before)
	}
	// Loading is asked for (as a click on play would) and its events
	// awaited: loadedmetadata, or error.
	var meta struct {
		Ready    int     `json:"ready"`
		Duration float64 `json:"duration"`
		Error    int     `json:"error"`
	}
	p.Eval(fmt.Sprintf(`new Promise(resolve => { const v = document.querySelector(%q);
		const done = () => resolve({ready: v.readyState, duration: v.duration, error: v.error ? v.error.code : 0});
		v.addEventListener('loadedmetadata', done, {once: true});
		v.addEventListener('error', done, {once: true});
		v.querySelector('source').addEventListener('error', done, {once: true});
		v.preload = 'metadata'; v.load(); })`, sel), &meta)
	if meta.Error != 0 || meta.Ready < 1 || meta.Duration < 0.5 || meta.Duration > 2 {
		t.Fatalf("%s does not play: %+v", sel, meta)
	}
	var status int
	p.Eval(fmt.Sprintf(`fetch(%q, {headers: {Range: 'bytes=0-99'}}).then(r => r.status)`, v.URL()), &status)
	if status != http.StatusPartialContent {
		t.Errorf("a Range request for %s: status %d, want 206", v.URL(), status)
	}
}
